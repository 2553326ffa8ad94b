//! Customer search for the table's `/` box: a folded copy of the searchable fields of every
//! row, and a matcher that is fast enough to run on every keystroke over a million rows.
//!
//! # Matching rule
//!
//! The query and every field are folded first (see [`fold`]: Arabic spelling variants,
//! harakat, tatweel, invisible marks, digits and Latin case). The folded query is split on
//! whitespace into terms, and a row matches when every term matches one of its fields:
//! code, name1, name2, first name, last name, mobile or email.
//!
//! 1. **Substring tier.** A term matches a field when it occurs in it as a contiguous run.
//!    When at least one row matches this way, only such rows are returned, so `سالم` finds
//!    the rows that contain that word and nothing that merely shares its letters.
//! 2. **Fuzzy tier.** Only when no row matches as a substring, each term is matched against
//!    each field on its own with `nucleo-matcher`'s fuzzy matcher (characters in order, gaps
//!    allowed), which forgives a dropped letter such as `mohamd`.
//!
//! Ranking in the substring tier depends first on where the term sits. A whole field ranks
//! above the start of a field, then the start of a word, then the inside of a word. At
//! equal placement the field order above decides, code first and email last. The scores of
//! several terms add up. In the fuzzy tier the score is nucleo's. Ties keep row order.
//! An empty query returns every row in order.
//!
//! Latin names written for Arabic ones (`ahmed` for `أحمد`) are found through the file's
//! own Latin column (usually `name2`); there is no transliteration.
//!
//! # Speed
//!
//! The folded fields of all rows sit in one byte buffer, each field after a marker byte that
//! names it. A query scans that buffer with `memchr`'s substring search, split over the
//! available cores, and scores only the rows it lands in. [`Searcher`] keeps the previous
//! result so that a query extending the previous one searches only the previous hits.

mod fold;
mod fuzzy;
mod highlight;
mod scan;
mod score;

use std::sync::atomic::AtomicBool;

use crate::customer::{Columns, Customer, Field};

pub use fold::{fold, fold_char, fold_with_map, query_terms};
pub use highlight::FieldHighlight;

/// The fields a search looks at, in marker order: the marker byte of `SEARCH_FIELDS[i]` is
/// `i + 1`.
pub const SEARCH_FIELDS: [Field; 7] = [
    Field::Code,
    Field::Name1,
    Field::Name2,
    Field::First,
    Field::Last,
    Field::Mobile,
    Field::Email,
];

/// Marker byte of the mobile field, also used for a row's second mobile value.
const MOBILE_MARKER: u8 = 6;

/// Rows folded before the buffer is sized for the rest of a large batch.
const SAMPLE_ROWS: usize = 1024;

/// Marker bytes are below this value; folded text never contains such bytes.
const MARKER_END: u8 = 0x08;

/// One matching row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the row in the customer list the index was built from.
    pub index: usize,
    /// Match quality; higher is better. Comparable only within one result.
    pub score: u32,
}

/// Kind of match that produced the rows of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The query was empty: every row, in order.
    All,
    /// Every term occurs in a field as written (after folding).
    Substring,
    /// No row matched as a substring; the terms matched with gaps.
    Fuzzy,
}

/// The hits of one query, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub kind: MatchKind,
}

/// The folded searchable fields of every row of one file.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    columns: Columns,
    /// Per row: for each non-empty field, a marker byte then the folded text.
    text: Vec<u8>,
    /// `starts[i]..starts[i + 1]` is row `i` in `text`; one more entry than rows.
    starts: Vec<usize>,
}

impl SearchIndex {
    /// Creates an empty index for a file with these columns; rows come with [`extend`].
    ///
    /// [`extend`]: SearchIndex::extend
    pub fn new(columns: &Columns) -> Self {
        SearchIndex {
            columns: columns.clone(),
            text: Vec::new(),
            starts: vec![0],
        }
    }

    /// Builds the index for all `customers`.
    pub fn build(columns: &Columns, customers: &[Customer]) -> Self {
        let mut index = SearchIndex::new(columns);
        index.extend(customers);
        index
    }

    /// Appends rows, e.g. as a large file streams in. Row indices continue from [`len`].
    ///
    /// [`len`]: SearchIndex::len
    pub fn extend(&mut self, customers: &[Customer]) {
        self.extend_with_mobiles(customers, |_, _| {});
    }

    /// Appends rows like [`extend`], with a second mobile value per row (e.g. the number
    /// as normalised for sending), so a query written either way finds the row. The value
    /// is matched like the mobile cell; `mobile(i, out)` writes the one of `customers[i]`
    /// to the empty `out`.
    ///
    /// [`extend`]: SearchIndex::extend
    pub fn extend_with_mobiles(
        &mut self,
        customers: &[Customer],
        mut mobile: impl FnMut(usize, &mut String),
    ) {
        let mut folded = String::new();
        let mut second = String::new();
        self.starts.reserve(customers.len());
        let text_start = self.text.len();
        for (done, customer) in customers.iter().enumerate() {
            if done == SAMPLE_ROWS {
                self.reserve_like_sample(text_start, done, customers.len() - done);
            }
            let row_start = self.text.len();
            for (marker, field) in (1u8..).zip(SEARCH_FIELDS) {
                folded.clear();
                fold::fold_into(customer.field(&self.columns, field), &mut folded);
                if folded.is_empty() {
                    continue;
                }
                // A first or last name already contained in name1 or name2 adds nothing to
                // matching, and leaving it out keeps the index smaller.
                let row = self.text.get(row_start..).unwrap_or_default();
                let is_part = matches!(field, Field::First | Field::Last);
                if is_part && memchr::memmem::find(row, folded.as_bytes()).is_some() {
                    continue;
                }
                self.text.push(marker);
                self.text.extend_from_slice(folded.as_bytes());
            }
            second.clear();
            mobile(done, &mut second);
            folded.clear();
            fold::fold_into(&second, &mut folded);
            let row = self.text.get(row_start..).unwrap_or_default();
            if !folded.is_empty() && memchr::memmem::find(row, folded.as_bytes()).is_none() {
                self.text.push(MOBILE_MARKER);
                self.text.extend_from_slice(folded.as_bytes());
            }
            self.starts.push(self.text.len());
        }
    }

    /// Reserves room for `remaining` rows at the average size of the `sampled` rows
    /// folded since `text_start`. Growing a large buffer by doubling would briefly hold
    /// both the old and the new copy, and leave up to half of the last one unused.
    fn reserve_like_sample(&mut self, text_start: usize, sampled: usize, remaining: usize) {
        let sample_bytes = self.text.len().saturating_sub(text_start);
        let per_row = sample_bytes.div_ceil(sampled.max(1));
        // An eighth more than the sample's average absorbs longer rows further down.
        let estimate = per_row.saturating_mul(remaining).saturating_mul(9) / 8;
        self.text.reserve(estimate);
    }

    /// Number of rows indexed.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// True when no row is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the heap memory the index uses in bytes (capacity, not just length).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * std::mem::size_of::<usize>()
    }

    /// Releases spare capacity once the whole file is loaded.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
    }

    /// Returns the rows matching `query`, best first; every row in order for an empty query.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.run(query, None, &AtomicBool::new(false))
            .map(|result| result.hits)
            .unwrap_or_default()
    }

    /// Matches `query` against all rows, or only the rows in `within` (ascending indices;
    /// others are ignored). Returns `None` when `cancel` was set before the search finished,
    /// so a screen can drop a search that a newer keystroke made stale.
    pub fn run(
        &self,
        query: &str,
        within: Option<&[usize]>,
        cancel: &AtomicBool,
    ) -> Option<SearchResult> {
        let terms = query_terms(query);
        scan::run(self, &terms, within, cancel)
    }

    /// Character positions to highlight in each displayed field of `customer` for `query`.
    /// Positions count characters of the trimmed field value as [`Customer::field`]
    /// returns it. Marks dropped by folding that sit inside or right after a matched letter
    /// are included, so a letter and its harakat light up together.
    pub fn highlights(&self, customer: &Customer, query: &str) -> Vec<FieldHighlight> {
        highlight::highlights(&self.columns, customer, &query_terms(query))
    }

    /// The columns the index was built for.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    fn row(&self, index: usize) -> &[u8] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => self.text.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Like [`SearchIndex::highlights`], without an index: only the columns are needed, so a
/// screen can draw highlights while the index is being extended elsewhere.
pub fn highlights(columns: &Columns, customer: &Customer, query: &str) -> Vec<FieldHighlight> {
    highlight::highlights(columns, customer, &query_terms(query))
}

/// Runs successive queries from a search box, reusing the previous result when the new
/// query can only match a subset of it (each old term is contained in some new term).
#[derive(Debug, Default)]
pub struct Searcher {
    last: Option<Previous>,
}

#[derive(Debug)]
struct Previous {
    terms: Vec<String>,
    rows: usize,
    result: SearchResult,
}

impl Searcher {
    /// Creates a searcher with no history.
    pub fn new() -> Self {
        Searcher::default()
    }

    /// Forgets the previous result, e.g. after the index was rebuilt for another file.
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// Runs `query` over `index`; `None` when cancelled. Rows added to the index since the
    /// previous query are searched too.
    pub fn search(
        &mut self,
        index: &SearchIndex,
        query: &str,
        cancel: &AtomicBool,
    ) -> Option<&SearchResult> {
        let terms = query_terms(query);
        let narrowed = self.narrowed(index, &terms, cancel);
        let result = match narrowed {
            Some(Some(result)) => result,
            Some(None) => return None,
            None => scan::run(index, &terms, None, cancel)?,
        };
        let previous = self.last.insert(Previous {
            terms,
            rows: index.len(),
            result,
        });
        Some(&previous.result)
    }

    /// Runs the query over the previous hits only, when that gives the same result as a
    /// full search. The outer `None` means a full search is needed.
    fn narrowed(
        &self,
        index: &SearchIndex,
        terms: &[String],
        cancel: &AtomicBool,
    ) -> Option<Option<SearchResult>> {
        let last = self.last.as_ref()?;
        if last.terms.is_empty() || last.rows > index.len() {
            return None;
        }
        let kind = last.result.kind;
        let covered = last.terms.iter().all(|old| {
            terms.iter().any(|new| match kind {
                MatchKind::Fuzzy => fuzzy::is_subsequence(old, new),
                _ => new.contains(old.as_str()),
            })
        });
        if !covered {
            return None;
        }
        let fresh = index.len() - last.rows;
        // Scoring a listed row costs more than meeting it in a scan of the buffer.
        if (last.result.hits.len() + fresh) * 4 > index.len() {
            return None;
        }
        let mut rows: Vec<usize> = last.result.hits.iter().map(|hit| hit.index).collect();
        rows.sort_unstable();
        rows.extend(last.rows..index.len());
        let result = scan::run(index, terms, Some(&rows), cancel);
        match result {
            // Rows outside the old substring hits may still match fuzzily.
            Some(result) if kind == MatchKind::Substring && result.kind == MatchKind::Fuzzy => None,
            other => Some(other),
        }
    }
}
