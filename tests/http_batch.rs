//! The batch runner against the stand-in: events, journal, skip unchanged, pause, cancel
//! and the stop on rejected credentials.

mod net_support;

use std::collections::HashMap;
use std::time::Duration;

use datanuum_sync::batch::{self, BatchEvent, BatchOptions, BatchSummary};
use datanuum_sync::config::AuthPlacement;
use datanuum_sync::journal::Journal;
use datanuum_sync::mock::{self, MockOptions};
use datanuum_sync::outcome::{OutcomeKind, Status};
use net_support::{config, customer, invalid_item, item, shared};
use tokio::sync::mpsc::UnboundedReceiver;

async fn collect(mut events: UnboundedReceiver<BatchEvent>) -> (Vec<BatchEvent>, BatchSummary) {
    let mut seen = Vec::new();
    while let Some(event) = events.recv().await {
        if let BatchEvent::Done(summary) = event {
            return (seen, summary);
        }
        seen.push(event);
    }
    panic!("event stream ended without Done");
}

fn items(range: std::ops::Range<usize>) -> Vec<batch::BatchItem> {
    range
        .map(|n| {
            let (code, payload) = customer(n);
            item(n, &code, payload)
        })
        .collect()
}

#[tokio::test]
async fn batch_sends_journals_and_skips_unchanged() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = shared(config(server.url()));
    let (journal, restored) = Journal::open(data.path(), &config.code).unwrap();
    assert!(restored.customers.is_empty());
    let mut work = items(0..20);
    work.push(invalid_item(20, "C-BAD", "no valid phone or email"));

    let (_control, events) = batch::start(
        config.clone(),
        work,
        Some(journal.clone()),
        BatchOptions::default(),
    );
    let (seen, summary) = collect(events).await;

    assert_eq!(summary.created, 20);
    assert_eq!(summary.invalid, 1);
    assert_eq!(summary.failed, 0);
    assert_eq!(server.accounts().len(), 20);
    let started = seen
        .iter()
        .filter(|event| matches!(event, BatchEvent::Started { .. }))
        .count();
    assert_eq!(started, 20);
    let mut finished: HashMap<usize, OutcomeKind> = HashMap::new();
    for event in &seen {
        if let BatchEvent::Finished { index, outcome } = event {
            finished.insert(*index, outcome.outcome);
        }
    }
    assert_eq!(finished.len(), 21);
    assert_eq!(finished[&20], OutcomeKind::Invalid);

    drop(journal);
    let (journal, restored) = Journal::open(data.path(), &config.code).unwrap();
    assert_eq!(restored.torn_lines, 0);
    assert_eq!(restored.customers.len(), 21);
    assert_eq!(
        restored.status("C00003"),
        Status::Done(OutcomeKind::Created)
    );
    assert_eq!(restored.status("C-BAD"), Status::Done(OutcomeKind::Invalid));
    let options = BatchOptions {
        skip_unchanged: restored.success_hashes(),
        ..BatchOptions::default()
    };

    let (_control, events) = batch::start(config.clone(), items(0..20), Some(journal), options);
    let (_, summary) = collect(events).await;

    assert_eq!(summary.skipped, 20);
    assert_eq!(server.requests().len(), 20);
    let (_, restored) = Journal::open(data.path(), &config.code).unwrap();
    let state = &restored.customers["C00003"];
    assert_eq!(state.status, Status::Done(OutcomeKind::Created));
    assert!(state.success_hash.is_some());
    assert_eq!(restored.success_hashes().len(), 20);
}

#[tokio::test]
async fn unchanged_skips_keep_account_ids() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = shared(config(server.url()));
    let (journal, _) = Journal::open(data.path(), &config.code).unwrap();
    let first = batch::run(
        config.clone(),
        items(0..30),
        Some(journal),
        BatchOptions::default(),
    )
    .await;
    let lines_after_send = std::fs::read_to_string(data.path().join("journal/TEST.jsonl"))
        .unwrap()
        .lines()
        .count();

    let (journal, restored) = Journal::open(data.path(), &config.code).unwrap();
    let options = BatchOptions {
        skip_unchanged: restored.success_hashes(),
        ..BatchOptions::default()
    };
    let second = batch::run(config.clone(), items(0..30), Some(journal), options).await;

    for (sent, skipped) in first.iter().zip(&second) {
        assert_eq!(skipped.outcome, OutcomeKind::Skipped);
        assert_eq!(skipped.message, batch::UNCHANGED_MESSAGE);
        assert!(sent.account_id.is_some());
        assert_eq!(skipped.account_id, sent.account_id);
    }
    let lines_after_skip = std::fs::read_to_string(data.path().join("journal/TEST.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines_after_skip, lines_after_send);
    let (_, restored) = Journal::open(data.path(), &config.code).unwrap();
    let state = &restored.customers["C00007"];
    assert_eq!(state.status, Status::Done(OutcomeKind::Created));
    assert_eq!(
        state.last_outcome.as_ref().unwrap().account_id,
        first[7].account_id
    );
}

#[tokio::test]
async fn dry_run_sends_and_journals_nothing() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = shared(config(server.url()));
    let (journal, _) = Journal::open(data.path(), &config.code).unwrap();
    let mut work = items(0..3);
    work.push(invalid_item(3, "C-BAD", "no valid phone or email"));
    let options = BatchOptions {
        dry_run: true,
        ..BatchOptions::default()
    };

    let outcomes = batch::run(config.clone(), work, Some(journal), options).await;

    let kinds: Vec<OutcomeKind> = outcomes.iter().map(|o| o.outcome).collect();
    assert_eq!(
        kinds,
        [
            OutcomeKind::Skipped,
            OutcomeKind::Skipped,
            OutcomeKind::Skipped,
            OutcomeKind::Invalid
        ]
    );
    assert_eq!(outcomes[0].message, batch::DRY_RUN_MESSAGE);
    assert!(server.requests().is_empty());
    let (_, restored) = Journal::open(data.path(), &config.code).unwrap();
    assert!(restored.customers.is_empty());
}

#[tokio::test]
async fn forced_resend_updates() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let config = shared(config(server.url()));
    batch::run(config.clone(), items(0..3), None, BatchOptions::default()).await;

    let options = BatchOptions {
        force: true,
        ..BatchOptions::default()
    };
    let outcomes = batch::run(config, items(0..3), None, options).await;

    let kinds: Vec<OutcomeKind> = outcomes.iter().map(|o| o.outcome).collect();
    assert_eq!(kinds, vec![OutcomeKind::Updated; 3]);
    assert!(outcomes.iter().all(|o| o.attempts == 2));
}

#[tokio::test]
async fn rejected_token_stops_batch() {
    let server = mock::start(MockOptions {
        token: Some("the-right-token-0000".into()),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(server.url());
    config.concurrency = 1;

    let (_control, events) =
        batch::start(shared(config), items(0..5), None, BatchOptions::default());
    let (seen, summary) = collect(events).await;

    assert_eq!(server.requests().len(), 1);
    assert_eq!(summary.failed, 1);
    assert_eq!(summary.cancelled, 4);
    let stops = seen
        .iter()
        .filter(|event| matches!(event, BatchEvent::Stopped { .. }))
        .count();
    assert_eq!(stops, 1);
}

#[tokio::test]
async fn paused_batch_starts_nothing_until_resumed() {
    let server = mock::start(MockOptions {
        latency: Duration::from_millis(200),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(server.url());
    config.concurrency = 1;

    let (control, mut events) =
        batch::start(shared(config), items(0..4), None, BatchOptions::default());
    control.pause();
    assert!(control.is_paused());
    tokio::time::sleep(Duration::from_millis(600)).await;
    let during_pause = server.requests().len();
    control.resume();
    let mut paused_events = Vec::new();
    let mut summary = None;
    while let Some(event) = events.recv().await {
        match event {
            BatchEvent::Paused(state) => paused_events.push(state),
            BatchEvent::Done(done) => {
                summary = Some(done);
                break;
            }
            _ => {}
        }
    }

    // The first customer may have started before the pause took effect.
    assert!(during_pause <= 1, "{during_pause} requests while paused");
    assert_eq!(paused_events, vec![true, false]);
    assert_eq!(summary.unwrap().created, 4);
}

#[tokio::test]
async fn cancel_returns_unsent_items() {
    let server = mock::start(MockOptions {
        latency: Duration::from_millis(300),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(server.url());
    config.concurrency = 1;

    let (control, mut events) =
        batch::start(shared(config), items(0..10), None, BatchOptions::default());
    let mut cancelled = Vec::new();
    let mut finished = 0;
    let mut summary = None;
    while let Some(event) = events.recv().await {
        match event {
            BatchEvent::Started { .. } => control.cancel(),
            BatchEvent::Finished { .. } => finished += 1,
            BatchEvent::Cancelled { index, .. } => cancelled.push(index),
            BatchEvent::Done(done) => {
                summary = Some(done);
                break;
            }
            _ => {}
        }
    }

    let summary = summary.unwrap();
    assert_eq!(finished, 1);
    assert_eq!(cancelled.len(), 9);
    assert_eq!(summary.cancelled, 9);
    assert_eq!(summary.created, 1);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn start_without_runtime_cancels_everything() {
    let url = url::Url::parse("http://127.0.0.1:9/").unwrap();

    let (_control, mut events) = batch::start(
        shared(config(&url)),
        items(0..2),
        None,
        BatchOptions::default(),
    );

    let mut seen = Vec::new();
    while let Ok(event) = events.try_recv() {
        seen.push(event);
    }
    assert!(matches!(seen[0], BatchEvent::Stopped { .. }), "{seen:?}");
    assert!(matches!(seen[1], BatchEvent::Cancelled { index: 0, .. }));
    assert!(matches!(seen[2], BatchEvent::Cancelled { index: 1, .. }));
    let BatchEvent::Done(summary) = &seen[3] else {
        panic!("expected Done: {seen:?}");
    };
    assert_eq!(summary.cancelled, 2);
}

#[tokio::test]
async fn journal_keeps_token_out_with_query_auth() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut config = config(server.url());
    config.auth_placement = AuthPlacement::Query;
    let config = shared(config);
    let (journal, _) = Journal::open(data.path(), &config.code).unwrap();
    let path = journal.path().to_path_buf();

    let outcomes = batch::run(config, items(0..3), Some(journal), BatchOptions::default()).await;

    assert!(outcomes.iter().all(|o| o.outcome == OutcomeKind::Created));
    assert!(server.requests()[0].query_param("oauth_token").is_some());
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.lines().count(), 6);
    assert!(!text.contains(net_support::TOKEN));
    assert!(!text.contains("oauth_"));
}

#[tokio::test]
async fn request_rate_is_limited() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let mut config = config(server.url());
    config.concurrency = 4;
    config.max_requests_per_second = Some(20.0);

    batch::run(shared(config), items(0..6), None, BatchOptions::default()).await;

    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    let span = requests[5].received.duration_since(requests[0].received);
    // Six starts at 20 per second are at least five intervals of 50 ms apart; the margin
    // allows for arrival times differing from start times.
    assert!(
        span >= Duration::from_millis(200),
        "six requests within {span:?}"
    );
}
