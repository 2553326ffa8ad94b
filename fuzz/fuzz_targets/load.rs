//! Loads arbitrary bytes as a customer file and prepares every loaded customer.
//!
//! The first byte picks the options: no override, a forced delimiter, or a forced encoding,
//! so the override paths are fuzzed too.

#![no_main]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use datanuum_sync::config::{AuthPlacement, DateOrder, NameSource, OnDuplicate, RewardConfig};
use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::payload::prepare;
use datanuum_sync::secret::Secret;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static PATH: PathBuf = std::env::temp_dir().join(format!("datanuum-fuzz-{}.csv", std::process::id()));
    static CONFIG: RefCell<Option<RewardConfig>> = const { RefCell::new(None) };
}

fn config() -> RewardConfig {
    RewardConfig {
        id: 1,
        code: "FUZZ".into(),
        name: "Fuzz".into(),
        base_url: url_base(),
        token: Secret::new("fuzz-token"),
        default_register: Some("R00".into()),
        branch_codes: BTreeMap::new(),
        default_country: "SA".into(),
        name_source: NameSource::Name2,
        date_order: DateOrder::DayFirst,
        auth_placement: AuthPlacement::Headers,
        on_duplicate: OnDuplicate::Update,
        concurrency: 1,
        max_requests_per_second: None,
        timeout: Duration::from_secs(5),
        max_retries: 0,
        columns: BTreeMap::new(),
        production: false,
    }
}

fn url_base() -> url::Url {
    url::Url::parse("http://127.0.0.1:9").unwrap_or_else(|_| unreachable!())
}

fn options(selector: u8) -> LoadOptions {
    let mut options = LoadOptions::default();
    match selector % 8 {
        1 => options.delimiter = Some(b';'),
        2 => options.delimiter = Some(b'\t'),
        3 => options.encoding = Some(encoding_rs::WINDOWS_1256),
        4 => options.encoding = Some(encoding_rs::UTF_16LE),
        5 => options.encoding = Some(encoding_rs::UTF_16BE),
        _ => {}
    }
    options
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    PATH.with(|path| {
        if std::fs::write(path, bytes).is_err() {
            return;
        }
        let Ok(file) = load_file(path, &options(selector)) else {
            return;
        };
        CONFIG.with(|cell| {
            let mut cell = cell.borrow_mut();
            let config = cell.get_or_insert_with(config);
            for customer in &file.customers {
                let prepared = prepare(config, &file.columns, customer);
                assert_eq!(prepared.line, customer.line());
            }
        });
    });
});
