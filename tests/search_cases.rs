//! Search over the Arabic and mixed-direction fixture files: exact result sets, highlights
//! and a property test that no query makes search panic.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use datanuum_sync::customer::{Columns, Customer, Field};
use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::search::{MatchKind, SearchIndex, Searcher};
use proptest::prelude::*;

/// Loads a fixture with the product's loader.
fn load(name: &str) -> (Columns, Vec<Customer>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name);
    let file = load_file(&path, &LoadOptions::default()).unwrap();
    ((*file.columns).clone(), file.customers)
}

fn codes(index: &SearchIndex, columns: &Columns, rows: &[Customer], query: &str) -> Vec<String> {
    index
        .search(query)
        .iter()
        .map(|hit| rows[hit.index].code(columns).to_owned())
        .collect()
}

fn sorted(mut codes: Vec<String>) -> Vec<String> {
    codes.sort();
    codes
}

#[test]
fn b22_arabic_spelling_variants_find_exact_rows() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    assert_eq!(rows.len(), 8);
    let index = SearchIndex::build(&columns, &rows);
    let exact = [
        ("احمد", vec!["C2201"]),
        ("ايمان", vec!["C2202"]),
        ("امنة", vec!["C2203"]),
        ("فاطمه", vec!["C2204"]),
        ("مصطفي", vec!["C2205"]),
        ("يحيي", vec!["C2208"]),
        ("ahmed", vec!["C2201"]),
        ("MOHAMED", vec!["C2206", "C2207"]),
    ];
    for (query, expected) in exact {
        assert_eq!(
            sorted(codes(&index, &columns, &rows, query)),
            expected,
            "query {query}"
        );
    }
}

#[test]
fn b22_muhammad_variants_come_first() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let index = SearchIndex::build(&columns, &rows);
    let found = codes(&index, &columns, &rows, "محمد");
    assert!(found.len() >= 2, "{found:?}");
    assert_eq!(sorted(found[..2].to_vec()), vec!["C2206", "C2207"]);
}

#[test]
fn b22_highlights_cover_harakat() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let index = SearchIndex::build(&columns, &rows);
    let row = &rows[5];
    assert_eq!(row.field(&columns, Field::First), "مُحَمَّد");
    let marks = index.highlights(row, "محمد");
    let first = marks.iter().find(|m| m.field == Field::First).unwrap();
    let all: Vec<u32> = (0..row.field(&columns, Field::First).chars().count() as u32).collect();
    assert_eq!(first.chars, all);
    let name1 = marks.iter().find(|m| m.field == Field::Name1).unwrap();
    assert_eq!(name1.chars, all);
    assert!(marks.iter().all(|m| m.field != Field::Last));
}

#[test]
fn b18_rtl_and_mixed_names_find_exact_rows() {
    let (columns, rows) = load("B18_rtl_and_mixed_direction.csv");
    assert_eq!(rows.len(), 3);
    let index = SearchIndex::build(&columns, &rows);
    assert_eq!(codes(&index, &columns, &rows, "سالم"), vec!["C1802"]);
    assert_eq!(codes(&index, &columns, &rows, "الحسيني"), vec!["C1803"]);
}

#[test]
fn b01_code_finds_its_row_first() {
    let (columns, rows) = load("B01_utf8_bom_quoted_header.csv");
    let index = SearchIndex::build(&columns, &rows);
    assert_eq!(codes(&index, &columns, &rows, "C0101"), vec!["C0101"]);
    let marks = index.highlights(&rows[0], "c0101");
    assert_eq!(marks[0].field, Field::Code);
    assert_eq!(marks[0].chars, vec![0, 1, 2, 3, 4]);
}

#[test]
fn empty_query_lists_every_row_in_order() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let index = SearchIndex::build(&columns, &rows);
    let hits = index.search("  \u{200F} ");
    assert_eq!(
        hits.iter().map(|h| h.index).collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
}

#[test]
fn typo_falls_back_to_fuzzy_and_highlights_letters() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let index = SearchIndex::build(&columns, &rows);
    let result = index.run("mohamd", None, &AtomicBool::new(false)).unwrap();
    assert_eq!(result.kind, MatchKind::Fuzzy);
    let found: Vec<_> = result
        .hits
        .iter()
        .map(|h| rows[h.index].code(&columns))
        .collect();
    assert!(
        found.contains(&"C2206") && found.contains(&"C2207"),
        "{found:?}"
    );
    let marks = index.highlights(&rows[5], "mohamd");
    let name2 = marks.iter().find(|m| m.field == Field::Name2).unwrap();
    assert_eq!(name2.chars.len(), 6);
}

#[test]
fn several_terms_must_all_match() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let index = SearchIndex::build(&columns, &rows);
    assert_eq!(
        codes(&index, &columns, &rows, "mohamed hassan"),
        vec!["C2207"]
    );
    assert_eq!(codes(&index, &columns, &rows, "علي محمد"), vec!["C2206"]);
}

#[test]
fn searcher_narrowing_matches_a_fresh_search() {
    let (columns, mut rows) = load("B22_arabic_search_variants.csv");
    // Filler rows keep the hits a small share of the file, so the searcher narrows.
    for i in 0..100 {
        rows.push(Customer::new(
            20 + i,
            &[format!("F{i:03}"), "bbb".to_owned()],
        ));
    }
    let index = SearchIndex::build(&columns, &rows);
    let cancel = AtomicBool::new(false);
    let mut searcher = Searcher::new();
    for query in [
        "m",
        "mo",
        "moh",
        "moham",
        "mohamd",
        "mohamed",
        "mohamed a",
        "a",
        "",
    ] {
        let narrowed = searcher.search(&index, query, &cancel).unwrap().clone();
        let fresh = index.run(query, None, &cancel).unwrap();
        assert_eq!(narrowed, fresh, "query {query}");
    }
}

#[test]
fn cancelled_search_returns_none() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let index = SearchIndex::build(&columns, &rows);
    assert!(index.run("a", None, &AtomicBool::new(true)).is_none());
}

#[test]
fn rows_added_later_are_searched() {
    let (columns, rows) = load("B22_arabic_search_variants.csv");
    let mut index = SearchIndex::build(&columns, &rows[..4]);
    let cancel = AtomicBool::new(false);
    let mut searcher = Searcher::new();
    let before = searcher.search(&index, "m", &cancel).unwrap().hits.len();
    index.extend(&rows[4..]);
    let after = searcher.search(&index, "mo", &cancel).unwrap().clone();
    assert_eq!(after, index.run("mo", None, &cancel).unwrap());
    assert!(before > 0);
    assert!(!after.hits.is_empty());
}

proptest! {
    #[test]
    fn search_never_panics(query in "\\PC{0,12}", cells in prop::collection::vec("\\PC{0,10}", 0..6)) {
        let mut columns = Columns::new((0..6).map(|i| i.to_string()).collect());
        for (i, field) in [Field::Code, Field::Name1, Field::Name2, Field::First, Field::Mobile, Field::Email].into_iter().enumerate() {
            columns.set(field, i);
        }
        let rows = vec![Customer::new(2, &cells), Customer::new(3, &["x"])];
        let index = SearchIndex::build(&columns, &rows);
        for hit in index.search(&query) {
            prop_assert!(hit.index < rows.len());
            let _ = index.highlights(&rows[hit.index], &query);
        }
    }
}
