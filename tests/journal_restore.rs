//! Restoring customer states from the journal, including after a crash.

mod net_support;

use std::io::Write;
use std::time::Duration;

use datanuum_sync::batch::{self, BatchEvent, BatchOptions};
use datanuum_sync::journal::{self, Journal, JournalLine};
use datanuum_sync::mock::{self, MockOptions, Scenario};
use datanuum_sync::outcome::{OutcomeKind, Status};
use datanuum_sync::request::Action;
use net_support::{config, customer, item, shared};
use serde_json::json;

fn line(customer: &str, attempt: u32, outcome: &str) -> JournalLine {
    JournalLine {
        time: "2026-12-04T20:00:00Z".into(),
        config: "TEST".into(),
        customer: customer.into(),
        action: Action::Create,
        attempt,
        method: "POST".into(),
        url: "http://127.0.0.1:1/accounts".into(),
        body: Some(json!({"phone": "966500000001"})),
        http_status: None,
        datanuum_code: None,
        message: String::new(),
        account_id: None,
        duration_ms: None,
        outcome: outcome.into(),
        body_sha256: None,
    }
}

fn finished(customer: &str, attempt: u32, kind: OutcomeKind, status: u16) -> JournalLine {
    let success = kind.is_success();
    JournalLine {
        http_status: Some(status),
        datanuum_code: (!success).then_some(9999),
        message: if success {
            "ok".into()
        } else {
            "rejected".into()
        },
        duration_ms: Some(12),
        body_sha256: success.then(|| "ab".repeat(32)),
        account_id: success.then(|| "acc-1".to_string()),
        ..line(customer, attempt, kind.as_str())
    }
}

#[test]
fn restore_gives_last_status_per_customer() {
    let data = tempfile::tempdir().unwrap();
    let (journal, _) = Journal::open(data.path(), "TEST").unwrap();
    journal
        .append_blocking(&line("A", 1, journal::STARTED))
        .unwrap();
    journal
        .append_blocking(&finished("A", 1, OutcomeKind::Created, 201))
        .unwrap();
    journal
        .append_blocking(&line("B", 1, journal::STARTED))
        .unwrap();
    journal
        .append_blocking(&finished("B", 1, OutcomeKind::Failed, 400))
        .unwrap();
    journal
        .append_blocking(&line("C", 1, journal::STARTED))
        .unwrap();
    journal
        .append_blocking(&line("D", 1, journal::STARTED))
        .unwrap();
    journal
        .append_blocking(&finished("D", 1, OutcomeKind::Created, 201))
        .unwrap();
    journal
        .append_blocking(&line("D", 1, journal::STARTED))
        .unwrap();
    journal
        .append_blocking(&line("E", 1, journal::STARTED))
        .unwrap();
    journal
        .append_blocking(&line("E", 1, journal::RETRY))
        .unwrap();
    drop(journal);

    let (_, restored) = Journal::open(data.path(), "TEST").unwrap();

    assert_eq!(restored.torn_lines, 0);
    assert_eq!(restored.bad_lines, 0);
    assert_eq!(restored.status("A"), Status::Done(OutcomeKind::Created));
    assert_eq!(restored.status("B"), Status::Done(OutcomeKind::Failed));
    assert_eq!(restored.status("C"), Status::Unknown);
    assert_eq!(restored.status("D"), Status::Unknown);
    assert_eq!(restored.status("E"), Status::Unknown);
    assert_eq!(restored.status("never-sent"), Status::Pending);
    let failed = restored.customers["B"].last_outcome.clone().unwrap();
    assert_eq!(failed.http_status, Some(400));
    assert_eq!(failed.datanuum_code, Some(9999));
    assert_eq!(failed.message, "rejected");
    let unknown = &restored.customers["D"];
    assert_eq!(
        unknown.last_outcome.as_ref().map(|o| o.outcome),
        Some(OutcomeKind::Created)
    );
    assert_eq!(unknown.success_hash, Some("ab".repeat(32)));
    assert_eq!(
        unknown.success_profile,
        Some(json!({"phone": "966500000001"}))
    );
    let hashes = restored.success_hashes();
    assert_eq!(hashes.len(), 2);
    assert!(!hashes.contains_key("B"));
}

#[test]
fn torn_last_line_is_ignored() {
    let data = tempfile::tempdir().unwrap();
    let (journal, _) = Journal::open(data.path(), "TEST").unwrap();
    journal
        .append_blocking(&finished("A", 1, OutcomeKind::Created, 201))
        .unwrap();
    journal
        .append_blocking(&finished("B", 1, OutcomeKind::Failed, 500))
        .unwrap();
    let path = journal.path().to_path_buf();
    drop(journal);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(br#"{"time":"2026-12-04T20:00:01Z","config":"TEST","customer":"B","act"#)
        .unwrap();
    drop(file);

    let (journal, restored) = Journal::open(data.path(), "TEST").unwrap();

    assert_eq!(restored.torn_lines, 1);
    assert_eq!(restored.bad_lines, 0);
    assert_eq!(restored.status("A"), Status::Done(OutcomeKind::Created));
    assert_eq!(restored.status("B"), Status::Done(OutcomeKind::Failed));

    journal
        .append_blocking(&finished("B", 2, OutcomeKind::Updated, 200))
        .unwrap();
    drop(journal);
    let (_, again) = Journal::open(data.path(), "TEST").unwrap();
    assert_eq!(again.torn_lines, 0);
    assert_eq!(again.bad_lines, 1);
    assert_eq!(again.status("B"), Status::Done(OutcomeKind::Updated));
}

#[test]
fn config_code_is_a_safe_file_name() {
    let data = tempfile::tempdir().unwrap();
    let (journal, _) = Journal::open(data.path(), "../acme/prod").unwrap();
    assert_eq!(
        journal.path().parent().unwrap(),
        data.path().join("journal")
    );
    assert_eq!(journal.config_code(), "../acme/prod");
}

#[test]
fn similar_config_codes_get_own_files() {
    let data = tempfile::tempdir().unwrap();
    let (slash, _) = Journal::open(data.path(), "a/b").unwrap();
    let (underscore, _) = Journal::open(data.path(), "a_b").unwrap();
    assert_ne!(slash.path(), underscore.path());
    assert!(underscore.path().ends_with("journal/a_b.jsonl"));
}

/// A request in flight has its `started` line on disk, so a crash at that moment leaves the
/// customer unknown rather than pending.
#[tokio::test]
async fn request_in_flight_is_journaled_as_started() {
    let scenario = Scenario::from_json(
        r#"{"server": {"method": "POST", "path": "/accounts"},
            "behaviour": {"*": [{"action": "hang", "hold_seconds": 30}]}}"#,
    )
    .unwrap();
    let server = mock::start(MockOptions {
        scenario: Some(scenario),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let config = shared(config(server.url()));
    let data = tempfile::tempdir().unwrap();
    let (journal, _) = Journal::open(data.path(), &config.code).unwrap();
    let path = journal.path().to_path_buf();
    let (code, payload) = customer(1);

    let (control, mut events) = batch::start(
        config,
        vec![item(0, &code, payload)],
        Some(journal),
        BatchOptions::default(),
    );
    while let Some(event) = events.recv().await {
        if matches!(event, BatchEvent::Started { .. }) {
            break;
        }
    }
    while server.requests().is_empty() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let restored = journal::restore(&path).unwrap();
    control.cancel();

    assert_eq!(restored.status(&code), Status::Unknown);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(net_support::TOKEN));
    assert!(text.contains("\"outcome\":\"started\""));
}
