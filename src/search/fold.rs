//! Folding of text for matching: spelling variants that a reader treats as the same letter
//! become one form, and marks that do not change the word disappear.
//!
//! Folding is used only to compare; the screen and the payload always keep the original text.
//! The rules, applied one character at a time:
//!
//! - Latin letters are lowercased and lose their diacritics (`MOHAMED` matches `Mohamed`,
//!   `elodie` matches `Élodie`).
//! - Alef with hamza above or below, alef with madda and alef wasla (`أ إ آ ٱ`) become `ا`.
//! - Alef maqsura `ى` and the Persian yeh `ی` become `ي`; taa marbuta `ة` becomes `ه`;
//!   the Persian keheh `ک` becomes `ك`.
//! - Harakat (U+064B–U+065F), the superscript alef U+0670 and the tatweel U+0640 are dropped,
//!   so `مُحَمَّد` and `محـــمد` both fold to `محمد`.
//! - Zero-width joiners and spaces, the byte order mark and every bidi control are dropped.
//! - Arabic-Indic and Persian digits become ASCII digits.
//! - Any whitespace becomes one ASCII space; other control characters are dropped.
//!
//! After folding, no character is below U+0020, which lets the index use low bytes as
//! field markers.

/// Returns the folded form of one character: `None` when it is dropped.
///
/// Lowercasing that expands to several characters keeps only the first, so that one
/// original character never yields more than one folded character.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            ' ' => Some(' '),
            _ if c.is_ascii_whitespace() => Some(' '),
            _ if c.is_ascii_control() => None,
            _ => Some(c),
        };
    }
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('\u{0627}'),
        '\u{0649}' | '\u{06CC}' => Some('\u{064A}'),
        '\u{0629}' => Some('\u{0647}'),
        '\u{06A9}' => Some('\u{0643}'),
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
        '\u{0660}'..='\u{0669}' => digit(c, 0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(c, 0x06F0),
        '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{2060}' => None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
        // The rest of the Arabic block has no case and no Latin diacritics.
        '\u{0600}'..='\u{06FF}' => Some(c),
        _ if c.is_whitespace() => Some(' '),
        _ if c.is_control() => None,
        _ => Some(latin_base(c)),
    }
}

/// Lowercases and strips Latin diacritics (`É` → `e`); other scripts pass unchanged.
fn latin_base(c: char) -> char {
    let lower = if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    };
    nucleo_matcher::chars::normalize(lower).to_ascii_lowercase()
}

fn digit(c: char, zero: u32) -> Option<char> {
    char::from_digit(u32::from(c) - zero, 10)
}

/// Appends the folded form of `text` to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // Most cells are ASCII, where folding is a byte map and needs no decoding.
        out.reserve(text.len());
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' => out.push(char::from(byte.to_ascii_lowercase())),
                0x20..=0x7E => out.push(char::from(byte)),
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => out.push(' '),
                _ => {}
            }
        }
        return;
    }
    out.extend(text.chars().filter_map(fold_char));
}

/// Returns the folded form of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Folds `text` and records, for every folded character, the index of the original
/// character it came from. One extra entry at the end is the original character count,
/// so a folded range `a..b` maps to the original range `map[a]..map[b]`.
pub fn fold_with_map(text: &str) -> (String, Vec<u32>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut count = 0u32;
    for c in text.chars() {
        if let Some(f) = fold_char(c) {
            folded.push(f);
            map.push(count);
        }
        count = count.saturating_add(1);
    }
    map.push(count);
    (folded, map)
}

/// Splits a query into folded terms; the query matches when every term matches.
pub fn query_terms(query: &str) -> Vec<String> {
    let folded = fold(query);
    if let Some(number) = written_phone(&folded) {
        return vec![phone_term(&number).to_owned()];
    }
    folded
        .split(' ')
        .filter(|term| !term.is_empty())
        .map(|term| phone_term(term).to_owned())
        .collect()
}

/// Shortest digit run that is read as a phone number rather than a code or a date part.
const MIN_PHONE_TERM: usize = 7;

/// Minimum digits in a query of digits and separators (`055-123`) that is joined into one
/// term rather than split into short parts that match anywhere.
const MIN_JOINED_DIGITS: usize = 4;

/// Returns the digits of a query written like a phone number with separators
/// (`+966 55 123 4501`, `(055) 123-4505`), with a leading `+` kept. Searched as separate
/// terms, its short parts would each match other rows.
fn written_phone(folded: &str) -> Option<String> {
    let phone_like = folded
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | '/'));
    let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
    let has_separator = folded.chars().any(|c| !c.is_ascii_digit() && c != '+');
    if !phone_like || !has_separator || digits.len() < MIN_JOINED_DIGITS {
        return None;
    }
    let plus = if folded.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    Some(format!("{plus}{digits}"))
}

/// Drops the prefix an operator types before a phone number (`+`, `00` or a trunk `0`),
/// so `0575437923` and `+966575437923` find the normalised `966575437923`. The rest is
/// still a substring of a raw local or international cell, so no row is lost.
fn phone_term(term: &str) -> &str {
    let digits = term.strip_prefix('+').unwrap_or(term);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return term;
    }
    // `+966` alone is the start of an international number, found in its digits.
    if digits.len() < MIN_PHONE_TERM {
        return digits;
    }
    digits
        .strip_prefix("00")
        .or_else(|| digits.strip_prefix('0'))
        .unwrap_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_with_separators_become_one_term() {
        assert_eq!(query_terms("+966 55 123 4501"), ["966551234501"]);
        assert_eq!(query_terms("00966-55-123-4501"), ["966551234501"]);
        assert_eq!(query_terms("(055) 123-4505"), ["551234505"]);
        assert_eq!(query_terms("٠٥٥ ١٢٣ ٤٥٠٥"), ["551234505"]);
        assert_eq!(query_terms("055-123"), ["055123"]);
        assert_eq!(query_terms("055 12"), ["05512"]);
        assert_eq!(query_terms("05 1"), ["05", "1"]);
        assert_eq!(query_terms("+966"), ["966"]);
        assert_eq!(query_terms("c001 23"), ["c001", "23"]);
    }

    #[test]
    fn phone_terms_lose_their_prefix() {
        assert_eq!(query_terms("0575437923"), ["575437923"]);
        assert_eq!(query_terms("00966575437923"), ["966575437923"]);
        assert_eq!(query_terms("+966575437923"), ["966575437923"]);
        assert_eq!(query_terms("0501"), ["0501"]);
        assert_eq!(query_terms("C00999999"), ["c00999999"]);
    }

    #[test]
    fn alef_forms_fold_to_bare_alef() {
        assert_eq!(fold("أحمد"), "احمد");
        assert_eq!(fold("إيمان"), "ايمان");
        assert_eq!(fold("آمنة"), "امنه");
        assert_eq!(fold("ٱلله"), "الله");
    }

    #[test]
    fn yaa_and_taa_marbuta_fold() {
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("يحيى"), fold("يحيي"));
        assert_eq!(fold("فاطمة"), fold("فاطمه"));
    }

    #[test]
    fn harakat_tatweel_and_invisibles_are_dropped() {
        assert_eq!(fold("مُحَمَّد"), "محمد");
        assert_eq!(fold("محـــمد"), "محمد");
        assert_eq!(fold("\u{200F}علي\u{200E}\u{200D}"), "علي");
        assert_eq!(fold("\u{2067}Lina\u{2069}"), "lina");
        assert_eq!(fold("\u{FEFF}code"), "code");
    }

    #[test]
    fn digits_and_case_fold() {
        assert_eq!(fold("٠٥٠١٢٣"), "050123");
        assert_eq!(fold("۰۹"), "09");
        assert_eq!(fold("MOHAMED Ali"), "mohamed ali");
        assert_eq!(fold("ÉLODIE Çelik"), "elodie celik");
    }

    #[test]
    fn whitespace_becomes_space_and_controls_vanish() {
        assert_eq!(fold("a\tb\u{00A0}c\u{0001}d"), "a b cd");
        assert!(fold("x\u{0007}\u{001F}y").bytes().all(|b| b >= 0x20));
    }

    #[test]
    fn ascii_path_matches_char_path() {
        let text = "Mohammed\tO'Brien-Smith\u{7}\r\n C0101@X.COM ~";
        let by_char: String = text.chars().filter_map(fold_char).collect();
        assert_eq!(fold(text), by_char);
        assert_eq!(fold(text), "mohammed o'brien-smith   c0101@x.com ~");
    }

    #[test]
    fn map_points_back_to_original_characters() {
        let (folded, map) = fold_with_map("مُحَمَّد");
        assert_eq!(folded, "محمد");
        assert_eq!(map, vec![0, 2, 4, 7, 8]);
    }

    #[test]
    fn query_splits_on_any_whitespace() {
        assert_eq!(query_terms("  Sara\u{00A0} أحمد "), vec!["sara", "احمد"]);
        assert!(query_terms(" \u{200F} ").is_empty());
    }
}
