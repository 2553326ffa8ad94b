//! Cutting text to a number of terminal cells.
//!
//! Table cells hold Arabic, CJK, kana and emoji. Their width on screen is their display
//! width (a CJK character takes two cells), not their `char` count, so cells are measured
//! per grapheme cluster with `unicode-width` and cut only between clusters. A wide
//! character that does not fit is never half drawn: the cut ends with `…` and spaces pad
//! the rest, so the next column starts where it should. Text stays in logical order and no
//! direction marks are added.
//!
//! [`counted`] also lives here: it shapes the short counts that these cells and messages show.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The ellipsis that marks a cut, one cell wide.
const ELLIPSIS: &str = "…";

/// Returns the display width of `text` in terminal cells.
pub fn display_width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

/// Returns `text` cut and padded to exactly `width` cells.
///
/// Control characters (tabs, line breaks) become spaces so a cell stays on one line.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = cut(text, width);
    let used = display_width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// Returns `text` cut to at most `width` cells, ending with `…` when something was cut.
pub fn cut(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return clean(text);
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let cells = grapheme_width(grapheme);
        if used + cells > room {
            break;
        }
        used += cells;
        push_clean(&mut out, grapheme);
    }
    out.push_str(ELLIPSIS);
    out
}

/// Returns `text` fitted to `width` cells like [`fit`], split into runs. A run is flagged
/// when it contains a character whose position in `text` `marked` accepts. The ellipsis
/// and the padding are never flagged.
pub fn fit_marked(text: &str, width: usize, marked: impl Fn(usize) -> bool) -> Vec<(String, bool)> {
    let fitted = cut(text, width);
    let cut_short = fitted != clean(text);
    // `cut` gives nothing at width 0, not even the zero-width clusters the loop below
    // would keep.
    if cut_short && width == 0 {
        return Vec::new();
    }
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut used = 0;
    let mut position = 0;
    let room = if cut_short {
        width.saturating_sub(1)
    } else {
        width
    };
    for grapheme in text.graphemes(true) {
        let cells = grapheme_width(grapheme);
        if used + cells > room {
            break;
        }
        used += cells;
        let count = grapheme.chars().count();
        let flag = (position..position + count).any(&marked);
        position += count;
        let mut piece = String::new();
        push_clean(&mut piece, grapheme);
        match runs.last_mut() {
            Some((run, last_flag)) if *last_flag == flag => run.push_str(&piece),
            _ => runs.push((piece, flag)),
        }
    }
    let mut tail = String::new();
    if cut_short && width > 0 {
        tail.push_str(ELLIPSIS);
        used += 1;
    }
    tail.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    if !tail.is_empty() {
        runs.push((tail, false));
    }
    runs
}

/// Returns `count` and `noun`, with an `s` unless the count is one: `1 customer`.
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.chars().any(char::is_control) {
        return 1;
    }
    grapheme.width()
}

fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true) {
        push_clean(&mut out, grapheme);
    }
    out
}

fn push_clean(out: &mut String, grapheme: &str) {
    if grapheme.chars().any(char::is_control) {
        out.push(' ');
    } else {
        out.push_str(grapheme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_cells() {
        assert_eq!(display_width("王小明"), 6);
        assert_eq!(display_width("佐藤花子"), 8);
        assert_eq!(display_width("Noura 🌟"), 8);
    }

    #[test]
    fn fit_pads_short_text() {
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn fit_never_splits_a_wide_character() {
        let cell = fit("佐藤花子", 6);
        assert_eq!(display_width(&cell), 6);
        assert_eq!(cell, "佐藤… ");
    }

    #[test]
    fn fit_keeps_arabic_in_logical_order() {
        let name = "عبد الرحمن محمد عبد الله الهاشمي";
        let cell = fit(name, 10);
        assert_eq!(display_width(&cell), 10);
        assert!(cell.starts_with("عبد الرحم"));
        assert!(!cell.chars().any(|c| ('\u{200e}'..='\u{200f}').contains(&c)));
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let name = "مُحَمَّد";
        assert_eq!(display_width(name), 4);
        assert_eq!(fit(name, 4), name);
    }

    #[test]
    fn lam_alef_counts_two_cells() {
        // Terminals draw lam and alef in a cell each, though `unicode-width` 0.2 gives the
        // pair as a whole string a width of 1; measuring per grapheme matches the terminal.
        assert_eq!(display_width("الاسم"), 5);
        assert_eq!(fit("لا", 2), "لا");
    }

    #[test]
    fn fit_marked_flags_matched_characters() {
        let runs = fit_marked("Sara Ahmed", 12, |position| (5..10).contains(&position));
        assert_eq!(
            runs,
            [
                ("Sara ".to_string(), false),
                ("Ahmed".to_string(), true),
                ("  ".to_string(), false),
            ]
        );
    }

    #[test]
    fn fit_marked_matches_fit() {
        let name = "佐藤花子 VIP";
        let runs = fit_marked(name, 6, |position| position == 1);
        let joined: String = runs.iter().map(|(run, _)| run.as_str()).collect();
        assert_eq!(joined, fit(name, 6));
        assert_eq!(runs[1], ("藤".to_string(), true));
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(fit("a\nb", 3), "a b");
    }

    #[test]
    fn zero_width_gives_empty() {
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn zero_width_drops_a_leading_combining_mark() {
        assert!(fit_marked("\u{1e023}a", 0, |_| true).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn fit_always_fills_the_width(text in "\\PC{0,40}", width in 0usize..30) {
            let cell = fit(&text, width);
            proptest::prop_assert_eq!(display_width(&cell), width);
            let runs = fit_marked(&text, width, |position| position % 2 == 0);
            let joined: String = runs.iter().map(|(run, _)| run.as_str()).collect();
            proptest::prop_assert_eq!(joined, cell);
        }
    }
}
