//! CSV loading (10k and 100k generated rows) and payload building (10k rows).
//! Loading a million rows is measured by `first_screen.sh` and `load_probe`.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::payload::prepare;

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for rows in [10_000usize, 100_000] {
        let path = common::data_file(rows);
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("load_file", rows), &path, |b, path| {
            b.iter(|| {
                let file = load_file(path, &LoadOptions::default()).expect("load");
                black_box(file.customers.len())
            });
        });
    }
    group.finish();
}

fn payload(c: &mut Criterion) {
    let rows = 10_000usize;
    let (columns, customers) = common::read_customers(rows);
    let url = url::Url::parse("http://127.0.0.1:9/").expect("url");
    let config = common::config(url, 16);
    let mut group = c.benchmark_group("payload");
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_function(BenchmarkId::new("prepare", rows), |b| {
        b.iter(|| {
            customers
                .iter()
                .map(|customer| prepare(&config, &columns, customer))
                .filter(|prepared| prepared.payload.is_ok())
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, load, payload);
fn main() {
    if !common::is_bench_run() {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
