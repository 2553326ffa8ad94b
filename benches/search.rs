//! One search keystroke over 100k and 1M generated customers.

mod common;

use std::hint::black_box;
use std::sync::atomic::AtomicBool;

use criterion::{BenchmarkId, Criterion, criterion_group};
use datanuum_sync::search::{SearchIndex, Searcher};

/// Queries: the last row's code (forces a full scan for a single hit), an Arabic first
/// name, a common Latin word, one letter, a typo that only the fuzzy tier finds.
const QUERIES: [(&str, &str); 5] = [
    ("code_last_row", ""),
    ("arabic_name", "محمد"),
    ("latin_word", "khalil"),
    ("one_letter", "a"),
    ("fuzzy_typo", "mohmmd"),
];

fn search(c: &mut Criterion) {
    let sizes: Vec<usize> = match std::env::var("SEARCH_BENCH_ROWS") {
        Ok(list) => list
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect(),
        Err(_) => vec![100_000, 1_000_000],
    };
    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    for rows in sizes {
        let (columns, customers) = common::read_customers(rows);
        let index = SearchIndex::build(&columns, &customers);
        let last_code = format!("C{:08}", rows - 1);
        for (name, query) in QUERIES {
            let query = if query.is_empty() {
                last_code.as_str()
            } else {
                query
            };
            group.bench_with_input(BenchmarkId::new(name, rows), &query, |b, query| {
                b.iter(|| black_box(index.search(query)).len());
            });
        }
        // Typing the last code one key at a time with narrowing, per keystroke.
        group.bench_with_input(
            BenchmarkId::new("typing_code", rows),
            &last_code,
            |b, code| {
                let cancel = AtomicBool::new(false);
                b.iter(|| {
                    let mut searcher = Searcher::new();
                    for end in 1..=code.len() {
                        black_box(
                            searcher
                                .search(&index, &code[..end], &cancel)
                                .map(|r| r.hits.len()),
                        );
                    }
                });
            },
        );
        group.bench_function(BenchmarkId::new("build_index", rows), |b| {
            b.iter(|| black_box(SearchIndex::build(&columns, &customers)).len());
        });
    }
    group.finish();
}

criterion_group!(benches, search);
fn main() {
    if !common::is_bench_run() {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
