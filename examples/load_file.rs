//! Loads a customer CSV and prints counts and timings, for measuring the loader:
//! `cargo run --release --example load_file -- FILE [--prepare]`.

use std::path::PathBuf;
use std::time::Instant;

use datanuum_sync::load::{LoadOptions, load_file};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: load_file FILE"))?,
    );
    let started = Instant::now();
    let file = load_file(&path, &LoadOptions::default())?;
    let loaded = started.elapsed();
    println!(
        "{} customers, {} findings, encoding {}, loaded in {:.3} s",
        file.customers.len(),
        file.findings.len(),
        file.encoding,
        loaded.as_secs_f64()
    );
    Ok(())
}
