//! Shared helpers for the tests over the files in `tests/fixtures/cases`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use datanuum_sync::config::{AuthPlacement, DateOrder, NameSource, OnDuplicate, RewardConfig};
use datanuum_sync::customer::{Finding, Severity};
use datanuum_sync::load::{CustomerFile, LoadOptions, load_file};
use datanuum_sync::payload::{Prepared, prepare};
use datanuum_sync::secret::Secret;

/// Path of a case file.
pub fn case_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

/// The reward config the case expectations assume: SA numbers, names from name2, day-first
/// dates, default register R00 and no branch code table.
pub fn case_config() -> RewardConfig {
    RewardConfig {
        id: 1,
        code: "CASES".into(),
        name: "Cases".into(),
        base_url: url::Url::parse("http://127.0.0.1:9").expect("static URL"),
        token: Secret::new("test-token-0000".to_string()),
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
        max_retries: 3,
        columns: BTreeMap::new(),
        production: false,
    }
}

/// Loads a case file with default options, failing the test on a load error.
pub fn load_case(name: &str) -> CustomerFile {
    match load_file(&case_path(name), &LoadOptions::default()) {
        Ok(file) => file,
        Err(error) => panic!("{name}: {error}"),
    }
}

/// Loads a case file and prepares every customer with [`case_config`].
pub fn prepare_case(name: &str) -> (CustomerFile, Vec<Prepared>) {
    let file = load_case(name);
    let config = case_config();
    let prepared = file
        .customers
        .iter()
        .map(|customer| prepare(&config, &file.columns, customer))
        .collect();
    (file, prepared)
}

/// One expected payload row: code, first, last, gender, birthdate, phone, email,
/// nationality, branch code; `""` means the key is left out.
pub type Row = [&'static str; 9];

/// Checks the full JSON object and branch code of every sendable customer.
pub fn assert_payloads(prepared: &[Prepared], expected: &[Row]) {
    let sendable: Vec<&Prepared> = prepared.iter().filter(|p| p.payload.is_ok()).collect();
    let codes: Vec<&str> = sendable.iter().map(|p| p.code.as_str()).collect();
    let expected_codes: Vec<&str> = expected.iter().map(|row| row[0]).collect();
    assert_eq!(codes, expected_codes, "sendable customers");
    for (prepared, row) in sendable.iter().zip(expected) {
        let Ok(payload) = &prepared.payload else {
            unreachable!("filtered to sendable");
        };
        let mut object = serde_json::Map::new();
        let keys = [
            "phone",
            "email",
            "first",
            "last",
            "gender",
            "birthdate",
            "nationality",
        ];
        let values = [row[5], row[6], row[1], row[2], row[3], row[4], row[7]];
        for (key, value) in keys.into_iter().zip(values) {
            if !value.is_empty() {
                object.insert(key.into(), serde_json::Value::String(value.into()));
            }
        }
        assert_eq!(
            serde_json::Value::Object(payload.profile.clone()),
            serde_json::Value::Object(object),
            "payload of {}",
            row[0]
        );
        let key_order: Vec<&String> = payload.profile.keys().collect();
        let expected_order: Vec<&str> = keys
            .into_iter()
            .filter(|key| payload.profile.contains_key(*key))
            .collect();
        assert_eq!(key_order, expected_order, "key order of {}", row[0]);
        assert_eq!(
            payload.branch_code.as_deref(),
            Some(row[8]),
            "branch of {}",
            row[0]
        );
        let phone = (!row[5].is_empty()).then_some(row[5]);
        assert_eq!(payload.phone.as_deref(), phone, "phone key of {}", row[0]);
    }
}

/// Every finding of a loaded and prepared file: load findings, then payload findings.
pub fn all_findings(file: &CustomerFile, prepared: &[Prepared]) -> Vec<Finding> {
    let mut findings = file.findings.clone();
    findings.extend(prepared.iter().flat_map(|p| p.findings.iter().cloned()));
    findings
}

/// Compact form of a finding for comparison: line, customer, field and severity.
pub fn summary(finding: &Finding) -> (u32, Option<&str>, Option<&str>, Severity) {
    (
        finding.line,
        finding.customer.as_deref(),
        finding.field.as_deref(),
        finding.severity,
    )
}

/// An expected finding: line, customer code, header, severity and words of the message.
pub type ExpectedFinding<'a> = (u32, Option<&'a str>, Option<&'a str>, Severity, &'a str);

/// Asserts that the findings are exactly `expected` (line, customer, field, severity), in
/// order, and that each message contains its expected words.
pub fn assert_findings(findings: &[Finding], expected: &[ExpectedFinding<'_>]) {
    let got: Vec<_> = findings.iter().map(summary).collect();
    let want: Vec<_> = expected
        .iter()
        .map(|(line, code, field, severity, _)| (*line, *code, *field, *severity))
        .collect();
    assert_eq!(got, want, "findings: {findings:#?}");
    for (finding, (.., words)) in findings.iter().zip(expected) {
        assert!(
            finding.message.contains(words),
            "message {:?} lacks {words:?}",
            finding.message
        );
    }
}
