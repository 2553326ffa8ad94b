//! The screen against the built-in Datanuum stand-in: journal restore after a restart,
//! resend of failures, the profile fetch and the exports.

mod screen_support;

use std::path::Path;
use std::time::Duration;

use crossterm::event::KeyCode;
use datanuum_sync::config::OnDuplicate;
use datanuum_sync::mock::{self, MockOptions, MockServer};
use datanuum_sync::outcome::{OutcomeKind, Status};
use datanuum_sync::tui::App;
use datanuum_sync::tui::state::overlay::{Confirm, FetchState, Overlay};
use screen_support::*;

const B18: &str = "B18_rtl_and_mixed_direction.csv";

/// Starts a stand-in that already contains an account for C1802's phone (with `with_c1802`)
/// and one for C1801's phone whose first name is `Sarah` (with `with_c1801`).
async fn stand_in(with_c1802: bool, with_c1801: bool) -> MockServer {
    let mut accounts = Vec::new();
    if with_c1802 {
        let mut existing = serde_json::Map::new();
        existing.insert("phone".into(), "966500001802".into());
        accounts.push(existing);
    }
    if with_c1801 {
        let mut existing = serde_json::Map::new();
        existing.insert("phone".into(), "966500001801".into());
        existing.insert("first".into(), "Sarah".into());
        accounts.push(existing);
    }
    mock::start(MockOptions {
        accounts,
        ..Default::default()
    })
    .await
    .expect("stand-in")
}

async fn app_on(server: &MockServer, data_dir: &Path) -> App {
    let mut config = config("ACME", false);
    config.base_url = server.url().clone();
    config.on_duplicate = OnDuplicate::Fail;
    let mut app = loaded_with(B18, config, data_dir).await;
    // The journal is read in the background; wait for its statuses.
    settle(&mut app).await;
    app
}

async fn send_all(app: &mut App) {
    keys(app, "asy");
    assert!(app.state.batch_running(), "no batch started");
    while app.state.batch_running() {
        let arrived = app.next_message(Duration::from_secs(20)).await;
        assert!(arrived, "batch stalled");
    }
}

fn statuses(app: &App) -> Vec<Status> {
    app.state.list.rows.iter().map(|row| row.status).collect()
}

#[tokio::test]
async fn restart_restores_failures_for_resend() {
    let server = stand_in(true, false).await;
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut first = app_on(&server, data_dir.path()).await;
    send_all(&mut first).await;
    let created = Status::Done(OutcomeKind::Created);
    let failed = Status::Done(OutcomeKind::Failed);
    assert_eq!(statuses(&first), [created, failed, created]);
    drop(first);

    let mut app = app_on(&server, data_dir.path()).await;
    assert_eq!(statuses(&app), [created, failed, created]);

    let mut terminal = terminal(160, 40);
    let picture = render(&mut app, &mut terminal);
    assert!(
        picture.contains("Unchanged since the last successful send"),
        "{picture}"
    );

    keys(&mut app, "t");
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("1 HTTP 400 · 1004"), "{picture}");
    key(&mut app, KeyCode::Esc);

    keys(&mut app, "r");
    assert!(matches!(
        &app.state.overlay,
        Overlay::Confirm(Confirm::Send { rows, resend: true, .. }) if rows == &[1]
    ));
    keys(&mut app, "n");
    assert!(!app.state.batch_running());
}

#[tokio::test]
async fn fetch_marks_changed_fields() {
    let server = stand_in(false, true).await;
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut app = app_on(&server, data_dir.path()).await;

    keys(&mut app, "g");
    settle(&mut app).await;
    let Overlay::Compare(compare) = &app.state.overlay else {
        panic!("no compare view: {:?}", app.state.overlay);
    };
    assert!(
        matches!(compare.fetched, FetchState::Found(_)),
        "{:?}",
        compare.fetched
    );
    let mut terminal = terminal(120, 30);
    let picture = render(&mut app, &mut terminal);
    let first = picture
        .lines()
        .find(|line| line.contains("first"))
        .expect("first line");
    assert!(first.contains('≠'), "{first}");
    assert!(first.contains("Sarah"), "{first}");
    let phone = picture
        .lines()
        .find(|line| line.contains("phone "))
        .expect("phone line");
    assert!(!phone.contains('≠'), "{phone}");
    let port = format!(":{}", server.url().port().unwrap_or_default());
    insta::assert_snapshot!("compare_view", picture.replace(&port, ":PORT"));

    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Down);
    keys(&mut app, "g");
    settle(&mut app).await;
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("Not found (1005)"), "{picture}");
}

#[tokio::test]
async fn export_writes_results_and_failed_rows() {
    let server = stand_in(true, false).await;
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut app = app_on(&server, data_dir.path()).await;
    send_all(&mut app).await;

    keys(&mut app, "e");
    settle(&mut app).await;
    let Overlay::Notice { title, lines } = &app.state.overlay else {
        panic!("no export notice: {:?}", app.state.overlay);
    };
    assert_eq!(title, "Exported", "{lines:?}");
    assert_eq!(lines.len(), 2);
    let results = std::fs::read_to_string(&lines[0]).expect("results file");
    let failed = std::fs::read_to_string(&lines[1]).expect("failed rows file");
    assert!(results.contains("C1801"), "{results}");
    assert!(results.contains("C1802"), "{results}");
    assert!(failed.contains("C1802"), "{failed}");
    assert!(!failed.contains("C1801"), "{failed}");
}

#[tokio::test]
async fn cancel_returns_unsent_customers_to_pending() {
    let server = mock::start(MockOptions {
        latency: Duration::from_millis(300),
        ..Default::default()
    })
    .await
    .expect("stand-in");
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut config = config("ACME", false);
    config.base_url = server.url().clone();
    config.concurrency = 1;
    let mut app = loaded_with("B19_wide_cjk_emoji_names.csv", config, data_dir.path()).await;
    keys(&mut app, "asy");
    assert!(app.state.batch_running());
    keys(&mut app, "x");
    while app.state.batch_running() {
        let arrived = app.next_message(Duration::from_secs(20)).await;
        assert!(arrived, "batch stalled");
    }
    let pending = statuses(&app)
        .into_iter()
        .filter(|status| *status == Status::Pending)
        .count();
    assert!(pending >= 2, "{:?}", statuses(&app));
    let last = app.state.log.entries.last().expect("log line");
    assert!(last.message.contains("not sent"), "{}", last.message);
}

#[tokio::test]
async fn quit_during_batch_asks_first() {
    let server = mock::start(MockOptions {
        latency: Duration::from_millis(300),
        ..Default::default()
    })
    .await
    .expect("stand-in");
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut app = app_on(&server, data_dir.path()).await;
    keys(&mut app, "asy");
    keys(&mut app, "q");
    assert!(matches!(app.state.overlay, Overlay::Confirm(Confirm::Quit)));
    keys(&mut app, "n");
    assert!(!app.should_quit());
    app.handle_event(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::new(
            KeyCode::Char('c'),
            crossterm::event::KeyModifiers::CONTROL,
        ),
    ));
    assert!(matches!(app.state.overlay, Overlay::Confirm(Confirm::Quit)));
    keys(&mut app, "y");
    assert!(app.should_quit());
}

#[tokio::test]
async fn interrupted_send_shows_unknown_and_resends() {
    use datanuum_sync::journal::{self, Journal, JournalLine};
    use datanuum_sync::request::Action;

    let server = stand_in(false, false).await;
    let data_dir = tempfile::tempdir().expect("data dir");
    // A request that started but never recorded an outcome, as after a crash.
    let (writer, _) = Journal::open(data_dir.path(), "ACME").expect("journal");
    let line = JournalLine {
        time: "2026-01-01T00:00:00Z".into(),
        config: "ACME".into(),
        customer: "C1801".into(),
        action: Action::Create,
        attempt: 1,
        method: "POST".into(),
        url: format!("{}accounts", server.url()),
        body: None,
        http_status: None,
        datanuum_code: None,
        message: String::new(),
        account_id: None,
        duration_ms: None,
        outcome: journal::STARTED.into(),
        body_sha256: None,
    };
    writer.append(&line).await.expect("append");
    drop(writer);

    let mut app = app_on(&server, data_dir.path()).await;
    assert_eq!(app.state.list.rows[0].status, Status::Unknown);
    let mut terminal = terminal(120, 24);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("unknown 1"), "{picture}");

    keys(&mut app, "r");
    keys(&mut app, "y");
    while app.state.batch_running() {
        let arrived = app.next_message(Duration::from_secs(20)).await;
        assert!(arrived, "batch stalled");
    }
    assert_eq!(
        app.state.list.rows[0].status,
        Status::Done(OutcomeKind::Created)
    );
}

#[tokio::test]
async fn rejected_token_stops_the_batch() {
    let server = mock::start(MockOptions {
        token: Some("another-token-entirely".into()),
        ..Default::default()
    })
    .await
    .expect("stand-in");
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut app = app_on(&server, data_dir.path()).await;
    send_all(&mut app).await;
    let messages: Vec<&str> = app
        .state
        .log
        .entries
        .iter()
        .map(|entry| entry.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|message| message.starts_with("batch stopped")),
        "{messages:?}"
    );
    assert!(!statuses(&app).contains(&Status::Done(OutcomeKind::Created)));
    let mut terminal = terminal(160, 30);
    let picture = render(&mut app, &mut terminal);
    assert!(!picture.contains(TOKEN), "{picture}");
}

#[tokio::test]
async fn force_send_resends_unchanged_customers() {
    let server = stand_in(false, false).await;
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut first = app_on(&server, data_dir.path()).await;
    send_all(&mut first).await;
    let created = Status::Done(OutcomeKind::Created);
    assert_eq!(statuses(&first), [created, created, created]);
    drop(first);

    let mut app = app_on(&server, data_dir.path()).await;
    send_all(&mut app).await;
    let skipped = Status::Done(OutcomeKind::Skipped);
    assert_eq!(statuses(&app), [skipped, skipped, skipped]);

    keys(&mut app, "aS");
    assert!(matches!(
        &app.state.overlay,
        Overlay::Confirm(Confirm::Send { force: true, .. })
    ));
    keys(&mut app, "y");
    while app.state.batch_running() {
        let arrived = app.next_message(Duration::from_secs(20)).await;
        assert!(arrived, "batch stalled");
    }
    // The accounts exist and this config fails on a duplicate: each customer was sent.
    let after = statuses(&app);
    assert!(after.iter().all(|status| *status != skipped), "{after:?}");
    let counts = app.state.list.counts();
    assert_eq!(counts.skipped, 0);
    assert_eq!(counts.created + counts.updated + counts.failed, 3);
}
