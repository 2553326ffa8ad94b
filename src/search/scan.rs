//! The search loop: substring tier over the folded buffer, fuzzy tier as the fallback, work
//! split over threads, cancellation between blocks of rows.

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memmem::Finder;

use super::fuzzy::FuzzyRow;
use super::score::{score_row, single_term_block};
use super::{Hit, MatchKind, SearchIndex, SearchResult};

/// Rows between two looks at the cancel flag.
const BLOCK: usize = 8192;
/// Below this many rows one thread is faster than starting others.
const PARALLEL_MIN: usize = 32_768;

/// Runs the terms over all rows or over `within`; `None` when cancelled.
pub(super) fn run(
    index: &SearchIndex,
    terms: &[String],
    within: Option<&[usize]>,
    cancel: &AtomicBool,
) -> Option<SearchResult> {
    let count = within.map_or(index.len(), <[usize]>::len);
    if terms.is_empty() {
        let hits = match within {
            Some(rows) => rows
                .iter()
                .map(|&row| Hit {
                    index: row,
                    score: 0,
                })
                .collect(),
            None => (0..count)
                .map(|row| Hit {
                    index: row,
                    score: 0,
                })
                .collect(),
        };
        return Some(SearchResult {
            hits,
            kind: MatchKind::All,
        });
    }
    let finders: Vec<Finder<'_>> = terms.iter().map(|t| Finder::new(t.as_bytes())).collect();
    let mut parts = split(count, cancel, |range| {
        substring_part(index, &finders, within, range, cancel)
    })?;
    let mut kind = MatchKind::Substring;
    if parts.iter().all(Vec::is_empty) {
        kind = MatchKind::Fuzzy;
        parts = split(count, cancel, |range| {
            fuzzy_part(index, terms, within, range, cancel)
        })?;
    }
    let hits = sort_by_score(parts);
    Some(SearchResult { hits, kind })
}

/// Joins the parts' hits, in row order, and orders them by descending score, keeping row
/// order among equal scores. Scores are small numbers, so a counting sort does this in
/// linear time for a million hits, writing each hit once, straight from its part.
fn sort_by_score(parts: Vec<Vec<Hit>>) -> Vec<Hit> {
    let all = || parts.iter().flatten();
    let total: usize = parts.iter().map(Vec::len).sum();
    let top = all().map(|hit| hit.score).max().unwrap_or(0) as usize;
    if total < 1024 || top > 4096 {
        let mut hits: Vec<Hit> = all().copied().collect();
        hits.sort_by_key(|hit| Reverse(hit.score));
        return hits;
    }
    let mut next = vec![0usize; top + 2];
    for hit in all() {
        next[top - hit.score as usize + 1] += 1;
    }
    for slot in 1..next.len() {
        next[slot] += next[slot - 1];
    }
    let mut sorted = vec![Hit { index: 0, score: 0 }; total];
    for hit in all() {
        let slot = &mut next[top - hit.score as usize];
        sorted[*slot] = *hit;
        *slot += 1;
    }
    sorted
}

/// Runs `part` over `0..count` in one chunk per core; returns each chunk's hits, in order.
fn split<F>(count: usize, cancel: &AtomicBool, part: F) -> Option<Vec<Vec<Hit>>>
where
    F: Fn(Range<usize>) -> Option<Vec<Hit>> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(4);
    if threads < 2 || count < PARALLEL_MIN {
        return part(0..count).map(|hits| vec![hits]);
    }
    let chunk = count.div_ceil(threads);
    let part = &part;
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(threads);
        let mut inline = Vec::new();
        for start in (0..count).step_by(chunk) {
            let range = start..(start + chunk).min(count);
            let spawned = std::thread::Builder::new()
                .name("search".into())
                .spawn_scoped(scope, move || part(range.clone()));
            match spawned {
                Ok(handle) => handles.push(handle),
                // Without a thread the chunk still gets searched, here.
                Err(_) => inline.push(start..(start + chunk).min(count)),
            }
        }
        let in_order = inline.is_empty();
        let mut parts = Vec::with_capacity(threads);
        for range in inline {
            parts.push(part(range)?);
        }
        for handle in handles {
            parts.push(handle.join().ok()??);
        }
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        if !in_order {
            let mut hits: Vec<Hit> = parts.into_iter().flatten().collect();
            hits.sort_by_key(|hit| hit.index);
            parts = vec![hits];
        }
        Some(parts)
    })
}

/// Substring tier over positions `range` of the scope.
fn substring_part(
    index: &SearchIndex,
    finders: &[Finder<'_>],
    within: Option<&[usize]>,
    range: Range<usize>,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    let mut hits = Vec::new();
    if let Some(rows) = within {
        for block in rows.get(range)?.chunks(BLOCK) {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            for &row in block {
                if let Some(score) = score_row(index.row(row), finders) {
                    hits.push(Hit { index: row, score });
                }
            }
        }
        return Some(hits);
    }
    // The longest term is the rarest guess; it drives the scan of the whole buffer.
    let driver = finders.iter().max_by_key(|f| f.needle().len())?;
    let mut first = range.start;
    while first < range.end {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let last = (first + BLOCK).min(range.end);
        scan_block(index, driver, finders, first..last, &mut hits);
        first = last;
    }
    Some(hits)
}

/// Finds the driver term in rows `rows` and scores every row it occurs in.
fn scan_block(
    index: &SearchIndex,
    driver: &Finder<'_>,
    finders: &[Finder<'_>],
    rows: Range<usize>,
    hits: &mut Vec<Hit>,
) {
    let Some(starts) = index.starts.get(rows.start..=rows.end) else {
        return;
    };
    if finders.len() == 1 {
        single_term_block(&index.text, driver, starts, rows.start, hits);
        return;
    }
    let (Some(&begin), Some(&end)) = (starts.first(), starts.last()) else {
        return;
    };
    let mut cursor = begin;
    while let Some(found) = index.text.get(cursor..end).and_then(|t| driver.find(t)) {
        let pos = cursor + found;
        let offset = starts
            .partition_point(|&start| start <= pos)
            .saturating_sub(1);
        let row = rows.start + offset;
        if let Some(score) = score_row(index.row(row), finders) {
            hits.push(Hit { index: row, score });
        }
        match starts.get(offset + 1) {
            Some(&next) if next > cursor => cursor = next,
            _ => break,
        }
    }
}

/// Fuzzy tier over positions `range` of the scope.
fn fuzzy_part(
    index: &SearchIndex,
    terms: &[String],
    within: Option<&[usize]>,
    range: Range<usize>,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    let mut fuzzy = FuzzyRow::new(terms);
    let mut hits = Vec::new();
    let mut position = range.start;
    while position < range.end {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let last = (position + BLOCK).min(range.end);
        for at in position..last {
            let row = match within {
                Some(rows) => *rows.get(at)?,
                None => at,
            };
            if let Some(score) = fuzzy.score(index.row(row)) {
                hits.push(Hit { index: row, score });
            }
        }
        position = last;
    }
    Some(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_sort_is_stable_and_descending() {
        let hits: Vec<Hit> = (0..5000)
            .map(|index| Hit {
                index,
                score: (index * 7 % 13) as u32,
            })
            .collect();
        let mut expected = hits.clone();
        expected.sort_by_key(|hit| Reverse(hit.score));
        let parts = vec![hits[..1200].to_vec(), Vec::new(), hits[1200..].to_vec()];
        assert_eq!(sort_by_score(parts), expected);
    }
}
