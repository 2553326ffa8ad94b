//! Shared set-up for the benches: generated customer files and a plain CSV reader.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use datanuum_sync::customer::{Columns, Customer, Field};

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

/// Reads a generated file with the `csv` crate, mapping headers that are field keys.
pub fn read_customers(rows: usize) -> (Columns, Vec<Customer>) {
    let path = data_file(rows);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&path)
        .expect("open bench data");
    let mut records = reader.records();
    let header = records.next().expect("header").expect("header record");
    let headers: Vec<String> = header.iter().map(str::to_owned).collect();
    let mut columns = Columns::new(headers.clone());
    for (index, name) in headers.iter().enumerate() {
        if let Some(field) = Field::from_key(name) {
            columns.set(field, index);
        }
    }
    let customers = records
        .enumerate()
        .filter_map(|(i, record)| {
            let record = record.ok()?;
            Some(Customer::new(
                i as u32 + 2,
                &record.iter().collect::<Vec<_>>(),
            ))
        })
        .collect();
    (columns, customers)
}
