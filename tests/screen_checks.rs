//! Rows reach the table before their payloads are checked; the counts follow the checks.

mod screen_support;

use std::sync::Arc;

use datanuum_sync::customer::{Columns, Customer, Field};
use datanuum_sync::outcome::{OutcomeKind, Status};
use datanuum_sync::tui::message::{LoadMessage, Message};
use datanuum_sync::tui::state::summary::Summary;
use screen_support::*;

fn load_two_rows(app: &mut datanuum_sync::tui::App) {
    let mut columns = Columns::new(vec!["code".into(), "mobile".into()]);
    columns.set(Field::Code, 0);
    columns.set(Field::Mobile, 1);
    app.handle_message(Message::Load(LoadMessage::Header {
        columns: Arc::new(columns),
        encoding: "UTF-8",
    }));
    app.handle_message(Message::Load(LoadMessage::Rows {
        customers: vec![
            Customer::new(2, &["C1", "0550001201"]),
            Customer::new(3, &["C2", "call me"]),
        ],
        findings: Vec::new(),
        bytes_read: 40,
        total_bytes: 40,
    }));
    app.handle_message(Message::Load(LoadMessage::Done));
}

fn checked(config_code: &str) -> Message {
    Message::Checked {
        config_code: config_code.into(),
        start: 0,
        summaries: vec![
            Summary::checked(Some(966_550_001_201), true, false),
            Summary::checked(None, false, true),
        ],
    }
}

#[tokio::test]
async fn rows_show_before_their_checks_and_counts_follow() {
    let mut app = app(false);
    load_two_rows(&mut app);
    let mut terminal = terminal(160, 12);
    let screen = render(&mut app, &mut terminal);
    assert!(screen.contains("checking 0%"), "{screen}");
    assert!(screen.contains("invalid 0  warnings 0"), "{screen}");
    // Until its check, a row shows its phone as written.
    assert!(screen.contains("call me"), "{screen}");

    app.handle_message(checked("ACME"));
    let screen = render(&mut app, &mut terminal);
    assert!(!screen.contains("checking"), "{screen}");
    assert!(screen.contains("invalid 1  warnings 1"), "{screen}");
    assert!(screen.contains("966550001201"), "{screen}");
    let statuses: Vec<Status> = app.state.list.rows.iter().map(|row| row.status).collect();
    assert_eq!(
        statuses,
        [Status::Pending, Status::Done(OutcomeKind::Invalid)]
    );
}

#[tokio::test]
async fn checks_made_for_another_config_are_dropped() {
    let mut app = app(false);
    load_two_rows(&mut app);
    app.handle_message(checked("OTHER"));
    let counts = app.state.list.counts();
    assert_eq!((counts.checked, counts.invalid), (0, 0));
}
