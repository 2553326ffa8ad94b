//! Shared set-up for the network tests: a reward config pointing at a stand-in and
//! payloads built directly, without the CSV loader.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use datanuum_sync::batch::{BatchItem, BatchOptions};
use datanuum_sync::client::RetryPolicy;
use datanuum_sync::config::{AuthPlacement, DateOrder, NameSource, OnDuplicate, RewardConfig};
use datanuum_sync::payload::{Payload, Prepared};
use datanuum_sync::secret::Secret;
use serde_json::{Map, Value};

pub const TOKEN: &str = "tok-abcdef-12345";

/// Returns a config as the test cases assume it: SA numbers, register R00, 5 s timeout, 3 retries.
pub fn config(base_url: &url::Url) -> RewardConfig {
    RewardConfig {
        id: 7,
        code: "TEST".into(),
        name: "Test tenant".into(),
        base_url: base_url.clone(),
        token: Secret::new(TOKEN),
        default_register: Some("R00".into()),
        branch_codes: BTreeMap::new(),
        default_country: "SA".into(),
        name_source: NameSource::Name2,
        date_order: DateOrder::DayFirst,
        auth_placement: AuthPlacement::Headers,
        on_duplicate: OnDuplicate::Update,
        concurrency: 4,
        max_requests_per_second: None,
        timeout: Duration::from_secs(5),
        max_retries: 3,
        columns: BTreeMap::new(),
        production: false,
    }
}

/// Builds a payload with the given profile keys in order, taking phone and email from them.
pub fn payload(pairs: &[(&str, &str)], branch: Option<&str>) -> Payload {
    let mut profile = Map::new();
    for (key, value) in pairs {
        profile.insert((*key).to_string(), Value::String((*value).to_string()));
    }
    let text = |key: &str| profile.get(key).and_then(Value::as_str).map(str::to_string);
    Payload {
        phone: text("phone"),
        email: text("email"),
        branch_code: branch.map(str::to_string),
        profile,
    }
}

/// Builds customer number `n`: code C{n:05}, phone 9665{n:08}, an email and names.
pub fn customer(n: usize) -> (String, Payload) {
    let phone = format!("9665{n:08}");
    let email = format!("test{n}@example.com");
    let payload = payload(
        &[
            ("phone", &phone),
            ("email", &email),
            ("first", "Test"),
            ("last", &format!("Customer {n}")),
        ],
        Some("R01"),
    );
    (format!("C{n:05}"), payload)
}

pub fn item(index: usize, code: &str, payload: Payload) -> BatchItem {
    BatchItem {
        index,
        prepared: Prepared {
            code: code.to_string(),
            line: index as u32 + 2,
            findings: Vec::new(),
            payload: Ok(payload),
        },
    }
}

pub fn invalid_item(index: usize, code: &str, reason: &str) -> BatchItem {
    BatchItem {
        index,
        prepared: Prepared {
            code: code.to_string(),
            line: index as u32 + 2,
            findings: Vec::new(),
            payload: Err(reason.to_string()),
        },
    }
}

/// Retry waits short enough for tests that make hundreds of retries.
pub fn quick_retries() -> BatchOptions {
    BatchOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(1),
        },
        ..BatchOptions::default()
    }
}

pub fn shared(config: RewardConfig) -> Arc<RewardConfig> {
    Arc::new(config)
}
