//! Breaking styled lines into rows of a given width, so long log entries and popup
//! messages are shown whole instead of cut at the panel's edge.
//!
//! Rows break between grapheme clusters, measured in display cells like the table cells,
//! so a wide character is never split across two rows.

use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use crate::tui::text_width::display_width;

/// Splits `line` into rows of at most `width` cells, keeping each span's style. A zero
/// width returns the line unchanged.
pub fn wrap_line(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    if width == 0 {
        return vec![line.clone()];
    }
    let mut rows = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in &line.spans {
        let mut piece = String::new();
        for grapheme in span.content.graphemes(true) {
            let cells = display_width(grapheme);
            if used + cells > width && used > 0 {
                if !piece.is_empty() {
                    row.push(Span::styled(std::mem::take(&mut piece), span.style));
                }
                rows.push(Line::from(std::mem::take(&mut row)).style(line.style));
                used = 0;
            }
            piece.push_str(grapheme);
            used += cells;
        }
        if !piece.is_empty() {
            row.push(Span::styled(piece, span.style));
        }
    }
    rows.push(Line::from(row).style(line.style));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect()
    }

    #[test]
    fn long_line_breaks_into_rows() {
        let line = Line::from(vec![Span::raw("abc"), Span::raw("defgh")]);
        let rows: Vec<String> = wrap_line(&line, 3).iter().map(text).collect();
        assert_eq!(rows, ["abc", "def", "gh"]);
    }

    #[test]
    fn wide_character_moves_to_next_row() {
        let line = Line::raw("ab漢c");
        let rows: Vec<String> = wrap_line(&line, 3).iter().map(text).collect();
        assert_eq!(rows, ["ab", "漢c"]);
    }

    #[test]
    fn short_line_stays_one_row() {
        assert_eq!(wrap_line(&Line::raw("ok"), 10).len(), 1);
    }
}
