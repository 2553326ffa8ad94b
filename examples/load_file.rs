//! Loads a customer CSV and prints counts and timings, for measuring the loader:
//! `cargo run --release --example load_file -- FILE [--prepare]`.

use std::path::PathBuf;
use std::time::Instant;

use datanuum_sync::config::{AuthPlacement, DateOrder, NameSource, OnDuplicate, RewardConfig};
use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::payload::prepare;
use datanuum_sync::secret::Secret;

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
    if args.next().as_deref() == Some("--prepare") {
        let config = example_config()?;
        let started = Instant::now();
        let sendable = file
            .customers
            .iter()
            .filter(|customer| prepare(&config, &file.columns, customer).payload.is_ok())
            .count();
        println!(
            "{sendable} sendable, prepared in {:.3} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn example_config() -> anyhow::Result<RewardConfig> {
    Ok(RewardConfig {
        id: 1,
        code: "EXAMPLE".into(),
        name: "Example".into(),
        base_url: url::Url::parse("http://127.0.0.1:9")?,
        token: Secret::new("example-token"),
        default_register: Some("R00".into()),
        branch_codes: Default::default(),
        default_country: "SA".into(),
        name_source: NameSource::Name2,
        date_order: DateOrder::DayFirst,
        auth_placement: AuthPlacement::Headers,
        on_duplicate: OnDuplicate::Update,
        concurrency: 1,
        max_requests_per_second: None,
        timeout: std::time::Duration::from_secs(5),
        max_retries: 3,
        columns: Default::default(),
        production: false,
    })
}
