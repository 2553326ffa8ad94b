//! Cleaning of raw cell text: invisible format characters, non-ASCII digits, whitespace, and
//! the Arabic spelling fold used when comparing header and country names.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

/// Returns true for the direction and format marks removed from every value.
///
/// ZWJ (U+200D) and ZWNJ (U+200C) are kept because they change how Arabic and Persian names
/// are written.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Removes invisible direction and format marks, borrowing when there are none.
pub fn strip_invisible(value: &str) -> Cow<'_, str> {
    if has_invisible(value.as_bytes()) {
        Cow::Owned(value.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        Cow::Borrowed(value)
    }
}

/// Returns true when the UTF-8 `bytes` contain a mark that [`is_invisible`] accepts.
///
/// Works on bytes because this runs for every row: the marks are U+061C (`D8 9C`), U+200B,
/// U+200E, U+200F and U+202A–U+202E (`E2 80 xx`, skipping ZWNJ and ZWJ at `8C` and `8D`),
/// U+2066–U+2069 (`E2 81 xx`) and U+FEFF (`EF BB BF`). Arabic letters start with `D8`, so
/// U+061C is searched as a pair and the other marks by their rarer lead bytes.
pub fn has_invisible(bytes: &[u8]) -> bool {
    if bytes.is_ascii() {
        return false;
    }
    static ARABIC_LETTER_MARK: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(b"\xD8\x9C"));
    if ARABIC_LETTER_MARK.find(bytes).is_some() {
        return true;
    }
    memchr::memchr2_iter(0xE2, 0xEF, bytes).any(|index| {
        let next = (bytes.get(index + 1), bytes.get(index + 2));
        match bytes[index] {
            0xE2 => matches!(
                next,
                (Some(0x80), Some(0x8B | 0x8E | 0x8F | 0xAA..=0xAE))
                    | (Some(0x81), Some(0xA6..=0xA9))
            ),
            _ => next == (Some(&0xBB), Some(&0xBF)),
        }
    })
}

/// Returns true for the C0 and C1 control characters removed from names (ESC, BEL, DEL…).
///
/// Tab, line feed and the other control characters that count as whitespace are not
/// included: [`collapse_whitespace`] turns them into one space.
pub fn is_removed_control(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

/// Removes the control characters that [`is_removed_control`] accepts, borrowing when
/// there are none.
pub fn strip_control(value: &str) -> Cow<'_, str> {
    if value.chars().any(is_removed_control) {
        Cow::Owned(value.chars().filter(|&c| !is_removed_control(c)).collect())
    } else {
        Cow::Borrowed(value)
    }
}

/// Maximum characters of a cell value quoted in a message, so that a 5,000-digit phone or a
/// misread header row does not fill the screen.
pub const EXCERPT_CHARS: usize = 40;

/// Returns `value` as quoted in a warning or error: cut to [`EXCERPT_CHARS`] characters
/// with `…` appended, and control characters written as escapes (`\u{1b}`) so that they
/// cannot act on the terminal.
pub fn excerpt(value: &str) -> Cow<'_, str> {
    let long = value.chars().nth(EXCERPT_CHARS).is_some();
    if !long && !value.chars().any(char::is_control) {
        return Cow::Borrowed(value);
    }
    let mut out = String::new();
    for c in value.chars().take(EXCERPT_CHARS) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if long {
        out.push('…');
    }
    Cow::Owned(out)
}

/// Returns the ASCII digit for an ASCII, Arabic-Indic (U+0660–0669) or Persian
/// (U+06F0–06F9) digit.
pub fn ascii_digit(c: char) -> Option<char> {
    let value = match c {
        '0'..='9' => return Some(c),
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// Replaces Arabic-Indic and Persian digits with ASCII digits.
pub fn fold_digits(value: &str) -> Cow<'_, str> {
    if value.is_ascii() {
        return Cow::Borrowed(value);
    }
    Cow::Owned(value.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect())
}

/// Trims and joins runs of whitespace inside `value` with one space.
pub fn collapse_whitespace(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folds a name for comparison: lower case, no invisible marks, no spaces, `_` or `-`, and
/// Arabic spelling variants unified (أ/إ/آ → ا, ة → ه, ى → ي, harakat and tatweel removed).
pub fn fold_key(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if is_invisible(c) || c.is_whitespace() || matches!(c, '_' | '-' | '\u{200C}' | '\u{200D}')
        {
            continue;
        }
        match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' => out.push('ي'),
            // Tatweel and the harakat (fathatan to sukun, superscript alef).
            '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{0670}' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_keeps_zwj_and_zwnj() {
        assert_eq!(
            strip_invisible("\u{200F}سارة\u{200D}\u{200C}\u{FEFF}"),
            "سارة\u{200D}\u{200C}"
        );
        assert!(matches!(strip_invisible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn byte_scan_agrees_with_char_test() {
        let marks = [
            '\u{200B}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202E}',
        ];
        let more = ['\u{2066}', '\u{2069}', '\u{FEFF}'];
        for mark in marks.into_iter().chain(more) {
            let text = format!("a{mark}b");
            assert!(has_invisible(text.as_bytes()), "{:X}", u32::from(mark));
        }
        for kept in [
            '\u{200C}', '\u{200D}', '\u{2065}', '\u{202F}', 'ؘ', '─', '\u{FEFE}',
        ] {
            let text = format!("a{kept}b");
            assert!(!has_invisible(text.as_bytes()), "{:X}", u32::from(kept));
        }
    }

    #[test]
    fn byte_scan_matches_char_test_on_nearby_blocks() {
        let blocks = [
            '\u{0600}'..='\u{06FF}',
            '\u{2000}'..='\u{20FF}',
            '\u{FE00}'..='\u{FFFF}',
        ];
        for c in blocks.into_iter().flatten() {
            let text = format!("x{c}y");
            assert_eq!(
                has_invisible(text.as_bytes()),
                is_invisible(c),
                "{:X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn strip_control_removes_esc_bel_and_c1() {
        assert_eq!(strip_control("\u{1b}[2JAli\u{7}\u{9b}\u{7f}"), "[2JAli");
        assert_eq!(strip_control("a\tb\nc"), "a\tb\nc");
        assert!(matches!(strip_control("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn excerpt_cuts_at_char_boundary() {
        let arabic = "س".repeat(100);
        let cut = excerpt(&arabic);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(&"9".repeat(40)), "9".repeat(40));
        assert!(matches!(excerpt("short"), Cow::Borrowed(_)));
    }

    #[test]
    fn excerpt_escapes_control_characters() {
        assert_eq!(excerpt("\u{1b}[2J\u{7}"), "\\u{1b}[2J\\u{7}");
        assert_eq!(excerpt("a\tb"), "a\\tb");
    }

    #[test]
    fn digits_fold_to_ascii() {
        assert_eq!(fold_digits("٠٥٠١۲۳"), "050123");
        assert_eq!(fold_digits("a1"), "a1");
    }

    #[test]
    fn fold_key_unifies_spellings() {
        assert_eq!(fold_key("First Name"), "firstname");
        assert_eq!(fold_key("الإمارات"), fold_key("الامارات"));
        assert_eq!(fold_key("مُحَمَّد"), "محمد");
    }
}
