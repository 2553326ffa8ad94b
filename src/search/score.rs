//! Scores of substring matches: where an occurrence sits in its field, and which field.

use memchr::memmem::Finder;

use super::{Hit, MARKER_END, SEARCH_FIELDS};

/// One-term queries: every occurrence in the block is placed as the scan meets it, so each
/// row is read once. A row starts with a marker byte and a term never contains one, so the
/// bytes on either side of an occurrence always belong to its own row or end its field.
pub(super) fn single_term_block(
    text: &[u8],
    finder: &Finder<'_>,
    starts: &[usize],
    first_row: usize,
    hits: &mut Vec<Hit>,
) {
    let (Some(&begin), Some(&end)) = (starts.first(), starts.last()) else {
        return;
    };
    let Some(block) = text.get(begin..end) else {
        return;
    };
    let needle = finder.needle();
    let mut rows = RowPlacer::new(text, starts, first_row, needle.len(), hits);
    if let [byte] = needle {
        each_byte(block, *byte, |at| rows.occurrence(begin + at));
    } else {
        finder
            .find_iter(block)
            .for_each(|at| rows.occurrence(begin + at));
    }
    rows.finish();
}

/// Calls `found` with every position of `byte` in `haystack`, in order.
///
/// A letter occurs several times per row, too often for a search call per occurrence. So
/// the haystack is compared 32 bytes at a time into a bit mask, which the compiler turns
/// into vector compares, and the set bits are walked.
fn each_byte(haystack: &[u8], byte: u8, mut found: impl FnMut(usize)) {
    let mut chunks = haystack.chunks_exact(32);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut mask = chunk
            .iter()
            .enumerate()
            .fold(0u32, |mask, (i, &b)| mask | (u32::from(b == byte) << i));
        while mask != 0 {
            found(base + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        base += 32;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == byte {
            found(base + i);
        }
    }
}

/// Tracks the best placement of the current row while occurrences arrive in order.
struct RowPlacer<'a> {
    text: &'a [u8],
    starts: &'a [usize],
    first_row: usize,
    len: usize,
    hits: &'a mut Vec<Hit>,
    /// Row offset in the block, its end, best placement so far and where.
    current: Option<(usize, usize, u32, usize)>,
}

impl<'a> RowPlacer<'a> {
    fn new(
        text: &'a [u8],
        starts: &'a [usize],
        first_row: usize,
        len: usize,
        hits: &'a mut Vec<Hit>,
    ) -> Self {
        RowPlacer {
            text,
            starts,
            first_row,
            len,
            hits,
            current: None,
        }
    }

    fn occurrence(&mut self, pos: usize) {
        let place = placement(self.text, pos, self.len);
        if let Some((_, row_end, top, at)) = self.current.as_mut()
            && pos < *row_end
        {
            if place > *top {
                (*top, *at) = (place, pos);
            }
            return;
        }
        let from = self.current.map_or(0, |(offset, ..)| offset + 1);
        self.finish();
        let offset = row_of(self.starts, from, pos);
        let row_end = self.starts.get(offset + 1).copied().unwrap_or(usize::MAX);
        self.current = Some((offset, row_end, place, pos));
    }

    fn finish(&mut self) {
        if let Some((offset, _, top, at)) = self.current.take() {
            let hit = placed_hit(self.text, self.starts, self.first_row, offset, top, at);
            self.hits.push(hit);
        }
    }
}

/// Offset of the row holding `pos`, searching from offset `from`: usually the next row,
/// so a few steps are tried before a binary search.
fn row_of(starts: &[usize], from: usize, pos: usize) -> usize {
    for offset in from..from + 4 {
        match starts.get(offset + 1) {
            Some(&next) if next > pos => return offset,
            Some(_) => {}
            None => return offset,
        }
    }
    starts
        .partition_point(|&start| start <= pos)
        .saturating_sub(1)
}

/// Builds the hit for a row whose best occurrence is at `at` with placement `place`.
fn placed_hit(
    text: &[u8],
    starts: &[usize],
    first_row: usize,
    offset: usize,
    place: u32,
    at: usize,
) -> Hit {
    let row_start = starts.get(offset).copied().unwrap_or(0);
    let marker = text
        .get(row_start..at)
        .and_then(|before| before.iter().rev().find(|&&b| b < MARKER_END))
        .copied()
        .unwrap_or(0);
    Hit {
        index: first_row + offset,
        score: place * 10 + field_weight(marker),
    }
}

/// Sum over terms of the best occurrence score; `None` when a term is missing.
pub(super) fn score_row(row: &[u8], finders: &[Finder<'_>]) -> Option<u32> {
    let mut total = 0u32;
    for finder in finders {
        total = total.saturating_add(term_score(row, finder)?);
    }
    Some(total)
}

/// Scores the best occurrence of one term in a row: placement first, then field.
///
/// Placement needs only the bytes around an occurrence. The field is looked up once, for
/// the first occurrence with the best placement. That occurrence is in the earliest field
/// among the best, which is the highest-weighted one.
fn term_score(row: &[u8], finder: &Finder<'_>) -> Option<u32> {
    let len = finder.needle().len();
    let mut best: Option<(u32, usize)> = None;
    for pos in finder.find_iter(row) {
        let place = placement(row, pos, len);
        if best.is_none_or(|(top, _)| place > top) {
            best = Some((place, pos));
            if place == WHOLE_FIELD {
                break;
            }
        }
    }
    let (place, pos) = best?;
    let marker_at = row.get(..pos)?.iter().rposition(|&b| b < MARKER_END)?;
    let marker = row.get(marker_at).copied().unwrap_or(0);
    Some(place * 10 + field_weight(marker))
}

const WHOLE_FIELD: u32 = 3;

/// 3: the whole field, 2: start of the field, 1: start of a word, 0: inside a word.
fn placement(row: &[u8], pos: usize, len: usize) -> u32 {
    let before = pos.checked_sub(1).and_then(|at| row.get(at)).copied();
    let after = row.get(pos + len).copied();
    let starts_field = before.is_none_or(|b| b < MARKER_END);
    let ends_field = after.is_none_or(|b| b < MARKER_END);
    match (starts_field, ends_field) {
        (true, true) => WHOLE_FIELD,
        (true, false) => 2,
        _ if before.is_some_and(is_word_break) => 1,
        _ => 0,
    }
}

/// Earlier fields weigh more: code, name1, name2, first, last, mobile, email.
fn field_weight(marker: u8) -> u32 {
    let count = SEARCH_FIELDS.len() as u32;
    count.saturating_sub(u32::from(marker).saturating_sub(1))
}

fn is_word_break(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte.is_ascii_punctuation()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_byte_finds_every_position() {
        let haystack: Vec<u8> = (0..100u8)
            .map(|i| if i % 7 == 3 { b'a' } else { b'b' })
            .collect();
        let mut found = Vec::new();
        each_byte(&haystack, b'a', |at| found.push(at));
        let expected: Vec<usize> = (0..100).filter(|i| i % 7 == 3).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn placement_reads_field_edges() {
        let row = b"\x01c0101\x02sara ahmed";
        assert_eq!(placement(row, 1, 5), WHOLE_FIELD);
        assert_eq!(placement(row, 7, 4), 2);
        assert_eq!(placement(row, 12, 5), 1);
        assert_eq!(placement(row, 13, 4), 0);
    }
}
