//! Builds a payload from arbitrary cell values under a fixed header, checking the payload's
//! promises: no empty values, digits-only phones, `yyyy-MM-dd` birth dates.

#![no_main]

use std::collections::BTreeMap;
use std::time::Duration;

use datanuum_sync::config::{AuthPlacement, DateOrder, NameSource, OnDuplicate, RewardConfig};
use datanuum_sync::customer::{Columns, Customer, Field};
use datanuum_sync::payload::prepare;
use datanuum_sync::secret::Secret;
use libfuzzer_sys::fuzz_target;

fn config(name_source: NameSource, date_order: DateOrder) -> RewardConfig {
    RewardConfig {
        id: 1,
        code: "FUZZ".into(),
        name: "Fuzz".into(),
        base_url: url::Url::parse("http://127.0.0.1:9").unwrap_or_else(|_| unreachable!()),
        token: Secret::new("fuzz-token"),
        default_register: Some("R00".into()),
        branch_codes: BTreeMap::new(),
        default_country: "SA".into(),
        name_source,
        date_order,
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cells: Vec<&str> = text.split('\u{1F}').collect();
    let mut columns = Columns::new(Field::ALL.iter().map(|f| f.key().to_string()).collect());
    for (index, field) in Field::ALL.into_iter().enumerate() {
        columns.set(field, index);
    }
    let customer = Customer::new(2, &cells);
    let flags = data.first().copied().unwrap_or_default();
    let name_source = if flags & 1 == 0 { NameSource::Name2 } else { NameSource::Name1 };
    let date_order = if flags & 2 == 0 { DateOrder::DayFirst } else { DateOrder::MonthFirst };
    let prepared = prepare(&config(name_source, date_order), &columns, &customer);
    let Ok(payload) = prepared.payload else {
        return;
    };
    assert!(payload.phone.is_some() || payload.email.is_some());
    for (key, value) in &payload.profile {
        let value = value.as_str().unwrap_or_default();
        assert!(!value.is_empty(), "{key} is empty");
    }
    if let Some(phone) = &payload.phone {
        assert!(phone.bytes().all(|b| b.is_ascii_digit()), "{phone}");
    }
    if let Some(date) = payload.profile.get("birthdate").and_then(|v| v.as_str()) {
        let parsed: Result<jiff::civil::Date, _> = date.parse();
        assert!(parsed.is_ok(), "{date}");
        assert_eq!(date.len(), 10, "{date}");
    }
});
