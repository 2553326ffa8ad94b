//! The fuzzy tier: each term against each folded field with `nucleo-matcher`.

use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::MARKER_END;

/// Scores rows against fixed terms, reusing the matcher's buffers between rows.
pub(super) struct FuzzyRow {
    matcher: Matcher,
    needles: Vec<Needle>,
    chars: Vec<char>,
}

/// A folded term in both of nucleo's forms. Nucleo 0.3 rejects a Unicode needle against an
/// ASCII haystack without comparing, so an ASCII term is passed as ASCII.
pub(super) struct Needle {
    text: String,
    chars: Vec<char>,
}

impl Needle {
    pub(super) fn new(term: &str) -> Self {
        Needle {
            text: term.to_owned(),
            chars: term.chars().collect(),
        }
    }

    fn utf32(&self) -> Utf32Str<'_> {
        if self.text.is_ascii() {
            Utf32Str::Ascii(self.text.as_bytes())
        } else {
            Utf32Str::Unicode(&self.chars)
        }
    }
}

impl FuzzyRow {
    /// Prepares a matcher for folded `terms`.
    pub(super) fn new(terms: &[String]) -> Self {
        FuzzyRow {
            matcher: matcher(),
            needles: terms.iter().map(|t| Needle::new(t)).collect(),
            chars: Vec::new(),
        }
    }

    /// Sum over terms of the best field score; `None` when a term matches no field.
    pub(super) fn score(&mut self, row: &[u8]) -> Option<u32> {
        let mut total = 0u32;
        for needle in &self.needles {
            let mut best: Option<u16> = None;
            if !in_order(needle.text.as_bytes(), row) {
                return None;
            }
            for field in fields(row) {
                let score = match_field(&mut self.matcher, &mut self.chars, field, needle);
                best = best.max(score);
            }
            total = total.saturating_add(u32::from(best?));
        }
        Some(total)
    }
}

/// Matches one needle in one field, returning nucleo's score and, when `indices` is given,
/// the matched character positions of the field.
pub(super) fn match_field(
    matcher: &mut Matcher,
    chars: &mut Vec<char>,
    field: &[u8],
    needle: &Needle,
) -> Option<u16> {
    if !in_order(needle.text.as_bytes(), field) {
        return None;
    }
    let haystack = utf32(field, chars)?;
    matcher.fuzzy_match(haystack, needle.utf32())
}

/// Like [`match_field`], but also fills `indices` with the matched character positions.
pub(super) fn match_field_indices(
    matcher: &mut Matcher,
    chars: &mut Vec<char>,
    field: &[u8],
    needle: &Needle,
    indices: &mut Vec<u32>,
) -> Option<u16> {
    let haystack = utf32(field, chars)?;
    matcher.fuzzy_indices(haystack, needle.utf32(), indices)
}

/// Creates a matcher for folded text, which has no upper case or Latin diacritics left.
pub(super) fn matcher() -> Matcher {
    let mut config = Config::DEFAULT;
    config.normalize = false;
    config.ignore_case = false;
    Matcher::new(config)
}

/// True when the bytes of `needle` occur in `haystack` in order. Characters in order imply
/// their UTF-8 bytes in order, so this cheaply rules out most fields before nucleo runs.
fn in_order(needle: &[u8], haystack: &[u8]) -> bool {
    let mut rest = haystack;
    for &byte in needle {
        match memchr::memchr(byte, rest) {
            Some(at) => rest = rest.get(at + 1..).unwrap_or_default(),
            None => return false,
        }
    }
    true
}

/// Converts a field to nucleo's haystack: ASCII bytes as they are, other text decoded into
/// `chars`.
fn utf32<'a>(field: &'a [u8], chars: &'a mut Vec<char>) -> Option<Utf32Str<'a>> {
    if field.is_ascii() {
        return Some(Utf32Str::Ascii(field));
    }
    let text = std::str::from_utf8(field).ok()?;
    chars.clear();
    chars.extend(text.chars());
    Some(Utf32Str::Unicode(chars))
}

/// Splits one index row into its folded fields, without their marker bytes.
fn fields(row: &[u8]) -> impl Iterator<Item = &[u8]> {
    row.split(|&b| b < MARKER_END)
        .filter(|field| !field.is_empty())
}

/// True when the characters of `small` appear in `big` in order.
pub(super) fn is_subsequence(small: &str, big: &str) -> bool {
    let mut rest = big.chars();
    small.chars().all(|c| rest.any(|b| b == c))
}
