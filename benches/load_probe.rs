//! Loads a generated file the way the app does and reports the time of each step and the
//! peak memory: `cargo bench --bench load_probe -- [ROWS]` (default 1,000,000). Steps:
//! the csv crate's parse alone (the floor), `load_file`, building the search index, and
//! building (and keeping) every payload.

mod common;

use std::time::Instant;

use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::payload::prepare;
use datanuum_sync::search::SearchIndex;

/// Peak resident memory of this process so far, from `/proc/self/status`, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    if !common::is_bench_run() {
        return;
    }
    let rows: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(1_000_000);
    let path = common::data_file(rows);
    // The floor: the csv crate reading every record into one reused `ByteRecord`, with no
    // decoding, checks or storage.
    let started = Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&path)
        .expect("open");
    let mut record = csv::ByteRecord::new();
    let mut records = 0usize;
    while reader.read_byte_record(&mut record).expect("read") {
        records += 1;
    }
    println!(
        "csv_floor records={records} s={:.3}",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let file = load_file(&path, &LoadOptions::default()).expect("load");
    let loaded = started.elapsed();
    println!(
        "load_file rows={} findings={} s={:.3} peak_mb={:.0}",
        file.customers.len(),
        file.findings.len(),
        loaded.as_secs_f64(),
        peak_mb()
    );
    let started = Instant::now();
    let mut index = SearchIndex::build(&file.columns, &file.customers);
    index.shrink_to_fit();
    println!(
        "search_index s={:.3} index_mb={:.0} peak_mb={:.0}",
        started.elapsed().as_secs_f64(),
        index.heap_bytes() as f64 / 1e6,
        peak_mb()
    );
    let url = url::Url::parse("http://127.0.0.1:9/").expect("url");
    let config = common::config(url, 16);
    let started = Instant::now();
    // Kept, as `send` keeps them, so the peak shows what holding every payload costs.
    let prepared: Vec<_> = file
        .customers
        .iter()
        .map(|customer| prepare(&config, &file.columns, customer))
        .collect();
    let sendable = prepared.iter().filter(|p| p.payload.is_ok()).count();
    println!(
        "prepare sendable={sendable} s={:.3} peak_mb={:.0}",
        started.elapsed().as_secs_f64(),
        peak_mb()
    );
}
