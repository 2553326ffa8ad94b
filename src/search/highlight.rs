//! Highlights: the characters of the displayed fields that a query matched.

use nucleo_matcher::Matcher;

use super::SEARCH_FIELDS;
use super::fold::fold_with_map;
use super::fuzzy::{Needle, match_field_indices, matcher};
use crate::customer::{Columns, Customer, Field};

/// Matched characters of one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldHighlight {
    pub field: Field,
    /// Ascending character positions in the trimmed field value.
    pub chars: Vec<u32>,
}

/// One field of a row, folded, with the map back to the original characters.
struct Folded {
    field: Field,
    text: String,
    map: Vec<u32>,
    marks: Vec<bool>,
}

/// Highlights for `terms` (already folded) in every searchable field of `customer`.
pub(super) fn highlights(
    columns: &Columns,
    customer: &Customer,
    terms: &[String],
) -> Vec<FieldHighlight> {
    let mut fields: Vec<Folded> = SEARCH_FIELDS
        .iter()
        .map(|&field| {
            let (text, map) = fold_with_map(customer.field(columns, field));
            let count = map.last().map_or(0, |&n| n as usize);
            Folded {
                field,
                text,
                map,
                marks: vec![false; count],
            }
        })
        .collect();
    let mut found_matcher: Option<Matcher> = None;
    for term in terms {
        let as_substring = fields.iter().any(|f| f.text.contains(term.as_str()));
        if as_substring {
            fields.iter_mut().for_each(|f| mark_substrings(f, term));
        } else {
            let found = found_matcher.get_or_insert_with(matcher);
            fields.iter_mut().for_each(|f| mark_fuzzy(f, term, found));
        }
    }
    fields
        .into_iter()
        .filter_map(|f| {
            let chars: Vec<u32> = (0u32..)
                .zip(&f.marks)
                .filter_map(|(i, &marked)| marked.then_some(i))
                .collect();
            (!chars.is_empty()).then_some(FieldHighlight {
                field: f.field,
                chars,
            })
        })
        .collect()
}

/// Marks every occurrence of `term` in the field.
fn mark_substrings(field: &mut Folded, term: &str) {
    let term_chars = term.chars().count();
    let starts: Vec<usize> = field
        .text
        .match_indices(term)
        .map(|(byte, _)| field.text.get(..byte).map_or(0, |s| s.chars().count()))
        .collect();
    for start in starts {
        mark_folded_range(field, start, start + term_chars);
    }
}

/// Marks the characters of `term`'s best fuzzy match in the field.
fn mark_fuzzy(field: &mut Folded, term: &str, matcher: &mut Matcher) {
    let needle = Needle::new(term);
    let mut chars = Vec::new();
    let mut indices = Vec::new();
    let bytes = field.text.as_bytes();
    if match_field_indices(matcher, &mut chars, bytes, &needle, &mut indices).is_none() {
        return;
    }
    for index in indices {
        let index = index as usize;
        mark_folded_range(field, index, index + 1);
    }
}

/// Marks the original characters behind folded characters `start..end`, including the
/// dropped marks that follow the last one.
fn mark_folded_range(field: &mut Folded, start: usize, end: usize) {
    let (Some(&from), Some(&to)) = (field.map.get(start), field.map.get(end)) else {
        return;
    };
    for mark in field.marks.iter_mut().take(to as usize).skip(from as usize) {
        *mark = true;
    }
}
