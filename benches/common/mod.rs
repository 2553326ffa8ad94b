//! Shared set-up for the benches: generated customer files and a plain CSV reader.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use datanuum_sync::config::{AuthPlacement, DateOrder, NameSource, OnDuplicate, RewardConfig};
use datanuum_sync::customer::{Columns, Customer};
use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::secret::Secret;

/// True when `cargo bench` started this binary, which passes `--bench`.
///
/// `cargo test --all-targets` runs bench targets too, without that flag. The benches then
/// return at once, so a test run neither generates a million rows nor waits on a server.
pub fn is_bench_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// Path of a generated file with `rows` customers, generating it on first use.
///
/// The generator lives outside the repository; `DATANUUM_GEN` overrides its path.
pub fn data_file(rows: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("customers_{rows}.csv"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let generator = std::env::var("DATANUUM_GEN")
        .unwrap_or_else(|_| "/work/shared/bench/gen_customers.py".to_owned());
    let status = Command::new("python3")
        .arg(&generator)
        .arg(rows.to_string())
        .arg(&path)
        .status()
        .expect("run the customer generator");
    assert!(status.success(), "generator failed for {rows} rows");
    path
}

/// Loads a generated file with the product's loader.
pub fn read_customers(rows: usize) -> (Columns, Vec<Customer>) {
    let file = load_file(&data_file(rows), &LoadOptions::default()).expect("load bench data");
    ((*file.columns).clone(), file.customers)
}

/// A reward config for the benches: Saudi numbers, day-first dates, headers auth.
pub fn config(base_url: url::Url, concurrency: usize) -> RewardConfig {
    RewardConfig {
        id: 1,
        code: "BENCH".into(),
        name: "Bench tenant".into(),
        base_url,
        token: Secret::new("bench-token-0000"),
        default_register: Some("R01".into()),
        branch_codes: BTreeMap::new(),
        default_country: "SA".into(),
        name_source: NameSource::Name2,
        date_order: DateOrder::DayFirst,
        auth_placement: AuthPlacement::Headers,
        on_duplicate: OnDuplicate::Update,
        concurrency,
        max_requests_per_second: None,
        timeout: Duration::from_secs(30),
        max_retries: 3,
        columns: BTreeMap::new(),
        production: false,
    }
}
