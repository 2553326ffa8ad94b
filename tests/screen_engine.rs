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

/// Starts a stand-in that already holds an account for C1802's phone (with `with_c1802`)
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
        Overlay::Confirm(Confirm::Send { rows, resend: true }) if rows == &[1]
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
