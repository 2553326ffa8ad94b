//! The screen driven by keys and batch events: log lines, colours, filters, overlays.

mod screen_support;

use crossterm::event::KeyCode;
use datanuum_sync::outcome::{Outcome, OutcomeKind, Status};
use datanuum_sync::tui::engine::BatchEvent;
use datanuum_sync::tui::message::Message;
use ratatui::style::Color;
use screen_support::*;

fn outcome(
    code: &str,
    kind: OutcomeKind,
    http: u16,
    datanuum: Option<i64>,
    message: &str,
) -> Outcome {
    Outcome {
        customer: code.into(),
        outcome: kind,
        http_status: Some(http),
        datanuum_code: datanuum,
        message: message.into(),
        account_id: None,
        attempts: 1,
    }
}

fn finish(app: &mut datanuum_sync::tui::App, index: usize, outcome: Outcome) {
    app.handle_message(Message::Batch {
        batch: 1,
        event: BatchEvent::Finished { index, outcome },
    });
}

#[tokio::test]
async fn log_shows_success_and_failure() {
    // C1802's phone already exists and the config fails duplicates, so one customer is
    // created and the other fails with 1004.
    let mut existing = serde_json::Map::new();
    existing.insert("phone".into(), "966500001802".into());
    let server = datanuum_sync::mock::start(datanuum_sync::mock::MockOptions {
        accounts: vec![existing],
        ..Default::default()
    })
    .await
    .expect("stand-in");
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut config = config("ACME", false);
    config.base_url = server.url().clone();
    config.on_duplicate = datanuum_sync::config::OnDuplicate::Fail;
    let mut app = loaded_with("B18_rtl_and_mixed_direction.csv", config, data_dir.path()).await;
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char(' '));
    keys(&mut app, "s");
    keys(&mut app, "y");
    assert!(app.state.batch_running());
    while app.state.batch_running() {
        let arrived = app.next_message(std::time::Duration::from_secs(20)).await;
        assert!(arrived, "batch stalled");
    }

    let mut terminal = terminal(160, 30);
    let picture = render(&mut app, &mut terminal);
    let port = format!(":{}", server.url().port().expect("port"));
    insta::assert_snapshot!(picture.replace(&port, ":PORT"));
    assert!(picture.contains("C1801 created 201"), "{picture}");
    assert!(picture.contains("C1802 failed"), "{picture}");
    assert!(picture.contains("1004"), "{picture}");
    assert_eq!(app.state.list.rows[2].status, Status::Pending);

    let buffer = terminal.backend().buffer();
    let lines: Vec<&str> = picture.lines().collect();
    let failed_row = lines
        .iter()
        .position(|line| line.contains("C1802 عبد"))
        .expect("row");
    let code_x = lines[failed_row].find("C1802").expect("x");
    let cell = &buffer[(
        u16::try_from(code_x).expect("x"),
        u16::try_from(failed_row).expect("y"),
    )];
    assert_eq!(cell.fg, Color::Red, "failed row not red");
}

#[tokio::test]
async fn gauge_shows_counts_and_pause() {
    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;

    keys(&mut app, "as");
    keys(&mut app, "y");
    finish(
        &mut app,
        0,
        outcome("C1901", OutcomeKind::Updated, 200, None, "updated"),
    );
    keys(&mut app, "p");
    let started = app.state.batch.as_ref().expect("batch").started;
    app.state.now = started;
    let mut terminal = terminal(100, 24);
    let picture = render(&mut app, &mut terminal);
    let gauge = picture.lines().nth(2).expect("gauge line");
    assert!(gauge.contains("sent 1 · failed 0 · remaining 3"), "{gauge}");
    assert!(gauge.contains("PAUSED"), "{gauge}");
}

#[tokio::test]
async fn status_filter_cycles_and_combines_with_search() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;

    keys(&mut app, "s");
    finish(
        &mut app,
        0,
        outcome("C1801", OutcomeKind::Failed, 500, None, "server error"),
    );
    keys(&mut app, "f");
    assert_eq!(app.state.list.filter.label(), "failed");
    assert_eq!(app.state.list.view(), &[0]);
    keys(&mut app, "f");
    assert_eq!(app.state.list.view(), &[1, 2]);
    keys(&mut app, "fff");
    assert_eq!(app.state.list.filter.label(), "all");
    assert_eq!(app.state.list.view().len(), 3);
}

#[tokio::test]
async fn search_finds_the_normalised_phone() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    // The file writes 0500001802; the table shows 966500001802.
    keys(&mut app, "/966500001802");
    settle(&mut app).await;
    let codes = view_codes(&app);
    assert_eq!(codes, ["C1802"]);
}

#[tokio::test]
async fn search_finds_arabic_name() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;

    while app.state.search.index.is_none() {
        assert!(
            app.next_message(std::time::Duration::from_secs(5)).await,
            "no index"
        );
    }
    keys(&mut app, "/سالم");
    while app
        .next_message(std::time::Duration::from_millis(300))
        .await
    {}
    let codes = view_codes(&app);
    assert_eq!(codes, ["C1802"]);
    key(&mut app, KeyCode::Enter);
    assert!(!app.state.search.editing);
    assert_eq!(app.state.list.view().len(), 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.state.list.view().len(), 3);
}

#[tokio::test]
async fn selection_marks_and_clear() {
    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;

    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(
        app.state.list.selected.iter().copied().collect::<Vec<_>>(),
        [0, 2]
    );
    let mut terminal = terminal(80, 24);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("│✓ C1901"), "{picture}");
    assert!(picture.contains("│✓ C1903"), "{picture}");
    keys(&mut app, "A");
    assert!(app.state.list.selected.is_empty());
}

#[tokio::test]
async fn production_send_needs_typed_count() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", true).await;

    keys(&mut app, "as");
    keys(&mut app, "y");
    assert!(
        !app.state.batch_running(),
        "y must not confirm a production batch"
    );
    keys(&mut app, "2");
    key(&mut app, KeyCode::Enter);
    assert!(!app.state.batch_running(), "a wrong count must not send");
    keys(&mut app, "as3");
    let mut terminal = terminal(100, 30);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
    key(&mut app, KeyCode::Enter);
    assert!(app.state.batch_running());
}

#[tokio::test]
async fn help_overlay_lists_every_binding() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;

    keys(&mut app, "?");
    let mut terminal = terminal(100, 40);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
    let bindings = datanuum_sync::tui::keys::BINDINGS;
    for (position, binding) in bindings.iter().enumerate() {
        // A joined binding shares one line, and one text, with the binding before it.
        let next = bindings.get(position + 1).and_then(|next| next.joined);
        let help = binding.joined.or(next).unwrap_or(binding.help);
        assert!(picture.contains(help), "help lacks {help}");
        assert!(
            picture.contains(binding.label),
            "help lacks {}",
            binding.label
        );
    }
    keys(&mut app, "x");
    let picture = render(&mut app, &mut terminal);
    assert!(!picture.contains("show this help"));
}

#[tokio::test]
async fn triage_groups_failures_and_filters() {
    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;

    keys(&mut app, "as");
    keys(&mut app, "y");
    for (index, code) in ["C1901", "C1902", "C1903"].iter().enumerate() {
        finish(
            &mut app,
            index,
            outcome(code, OutcomeKind::Failed, 400, Some(9999), "bad value"),
        );
    }
    finish(
        &mut app,
        3,
        outcome("C1904", OutcomeKind::Failed, 503, None, "unavailable"),
    );
    keys(&mut app, "t");
    let mut terminal = terminal(100, 30);
    let picture = render(&mut app, &mut terminal);
    assert!(
        picture.contains("3 HTTP 400 · 9999 · bad value"),
        "{picture}"
    );
    assert!(
        picture.contains("1 HTTP 503 · - · unavailable"),
        "{picture}"
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.list.view(), &[3]);
}

#[tokio::test]
async fn narrow_screen_tabs_to_preview_and_log() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;

    let mut terminal = terminal(80, 24);
    key(&mut app, KeyCode::Tab);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("Request · C1801"), "{picture}");
    assert!(!picture.contains("Customers 3/3"));
    key(&mut app, KeyCode::Tab);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("Log 0"), "{picture}");
}

#[tokio::test]
async fn search_ignores_arabic_spelling_variants() {
    let mut app = loaded("B22_arabic_search_variants.csv", false).await;
    for (query, expected) in [("احمد", "C2201"), ("فاطمه", "C2204"), ("يحيي", "C2208")]
    {
        keys(&mut app, "/");
        keys(&mut app, query);
        settle(&mut app).await;
        key(&mut app, KeyCode::Enter);
        let codes = view_codes(&app);
        assert_eq!(codes, [expected], "query {query}");
        key(&mut app, KeyCode::Esc);
    }
}

#[tokio::test]
async fn loop_runs_scripted_keys_until_quit() {
    use crossterm::event::{Event, KeyEvent, KeyModifiers};
    use futures::StreamExt;

    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    let mut script: Vec<KeyCode> = "/الحسيني".chars().map(KeyCode::Char).collect();
    script.extend([KeyCode::Enter, KeyCode::Char('q')]);
    let events = futures::stream::iter(script).then(|code| async move {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    });
    let mut terminal = terminal(100, 24);
    let run = app.run(&mut terminal, Box::pin(events));
    tokio::time::timeout(std::time::Duration::from_secs(10), run)
        .await
        .expect("loop did not quit")
        .expect("loop failed");
    let picture = picture(terminal.backend().buffer());
    assert!(picture.contains("Customers 1/3"), "{picture}");
    assert!(picture.contains("C1803"), "{picture}");
}

#[tokio::test]
async fn mouse_click_and_scroll_move_cursor() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;
    let mut terminal = terminal(120, 30);
    render(&mut app, &mut terminal);
    let mouse = |kind, row| {
        Event::Mouse(MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 3 is the table's top border, row 4 its header, row 7 the third customer.
    app.handle_event(mouse(MouseEventKind::Down(MouseButton::Left), 7));
    assert_eq!(app.state.list.highlighted(), Some(2));
    app.handle_event(mouse(MouseEventKind::ScrollUp, 7));
    assert_eq!(app.state.list.highlighted(), Some(0));
    app.handle_event(mouse(MouseEventKind::Down(MouseButton::Left), 4));
    assert_eq!(
        app.state.list.highlighted(),
        Some(0),
        "a header click moved the cursor"
    );
}

#[tokio::test]
async fn config_picker_switches_config() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    app.state.configs.configs.push(config("LIVE", true));
    keys(&mut app, "c");
    let mut terminal = terminal(100, 30);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("LIVE · 7 · LIVE loyalty"), "{picture}");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    settle(&mut app).await;
    assert_eq!(
        app.state.config.as_ref().map(|c| c.code.as_str()),
        Some("LIVE")
    );
    let picture = render(&mut app, &mut terminal);
    assert!(
        picture
            .lines()
            .next()
            .is_some_and(|line| line.contains("PRODUCTION"))
    );
    assert_eq!(app.state.list.rows.len(), 3);
}

#[tokio::test]
async fn help_fits_80x24() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    keys(&mut app, "?");
    let mut terminal = terminal(80, 24);
    let picture = render(&mut app, &mut terminal);
    for binding in datanuum_sync::tui::keys::BINDINGS {
        assert!(
            picture.contains(binding.label),
            "help lacks {}",
            binding.label
        );
    }
    assert!(picture.contains("quit (asks first"), "{picture}");
}

#[tokio::test]
async fn bad_rows_are_logged_with_lines() {
    let app = loaded("B06_ragged_rows.csv", false).await;
    let messages: Vec<_> = app
        .state
        .log
        .entries
        .iter()
        .map(|entry| entry.message.clone())
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("line 3:")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("line 5:")),
        "{messages:?}"
    );
    assert_eq!(app.state.list.rows.len(), 3);
}

#[tokio::test]
async fn unloadable_file_shows_reason() {
    let mut app = app_for(Some(fixture("B23_xlsx_saved_as_csv.csv")), false);
    app.start();
    settle(&mut app).await;
    let mut terminal = terminal(120, 24);
    let picture = render(&mut app, &mut terminal);
    let top = picture.lines().next().unwrap_or_default();
    assert!(top.contains("not loaded"), "{picture}");
    assert!(app.state.list.rows.is_empty());
}

#[tokio::test]
async fn windows_1256_file_shows_encoding() {
    let mut app = loaded("B02_windows1256_ansi.csv", false).await;
    let mut terminal = terminal(120, 24);
    let picture = render(&mut app, &mut terminal);
    let top = picture.lines().next().unwrap_or_default().to_lowercase();
    assert!(top.contains("windows-1256, not utf-8"), "{picture}");
    assert!(picture.contains("نورة"), "{picture}");
}

#[tokio::test]
async fn invalid_customers_are_left_out_of_the_count() {
    let mut app = loaded("B17_email_values.csv", false).await;
    keys(&mut app, "as");
    let rows = match &app.state.overlay {
        datanuum_sync::tui::state::overlay::Overlay::Confirm(
            datanuum_sync::tui::state::overlay::Confirm::Send { rows, .. },
        ) => rows.clone(),
        other => panic!("no confirmation: {other:?}"),
    };
    assert_eq!(rows.len(), 8);
    let mut terminal = terminal(120, 30);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("Send 8 customers"), "{picture}");
    assert!(picture.contains("1 invalid customer not sent"), "{picture}");
}

#[tokio::test]
async fn batch_records_invalid_customers() {
    use datanuum_sync::tui::state::log::LogKind;

    let server = datanuum_sync::mock::start(Default::default())
        .await
        .expect("stand-in");
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut config = config("ACME", false);
    config.base_url = server.url().clone();
    let mut app = loaded_with("B17_email_values.csv", config, data_dir.path()).await;
    let invalid_row = app
        .state
        .list
        .rows
        .iter()
        .position(|row| !row.summary.sendable())
        .expect("B17 has an invalid customer");

    keys(&mut app, "as");
    keys(&mut app, "y");
    while app.state.batch_running() {
        let arrived = app.next_message(std::time::Duration::from_secs(20)).await;
        assert!(arrived, "batch stalled");
    }

    let row = &app.state.list.rows[invalid_row];
    assert_eq!(row.status, Status::Done(OutcomeKind::Invalid));
    let recorded = row
        .history
        .as_ref()
        .and_then(|history| history.outcome.as_ref())
        .expect("invalid outcome recorded for the export");
    assert_eq!(recorded.outcome, OutcomeKind::Invalid);
    assert!(!recorded.message.is_empty(), "no reason recorded");
    let logged = app
        .state
        .log
        .entries
        .iter()
        .find(|entry| entry.action == "invalid")
        .expect("invalid customer in the log");
    assert_eq!(logged.kind, LogKind::Warning);
    let done = app.state.log.entries.last().expect("batch done line");
    assert!(done.message.contains("1 invalid"), "{}", done.message);
}

#[tokio::test]
async fn tiny_terminals_draw_without_panic() {
    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;
    for overlay_key in ["", "?", "t", "c", "as"] {
        keys(&mut app, overlay_key);
        for (width, height) in [(1, 1), (10, 3), (20, 5), (40, 10), (79, 23), (99, 30)] {
            let mut terminal = terminal(width, height);
            render(&mut app, &mut terminal);
        }
        key(&mut app, KeyCode::Esc);
    }
}

#[tokio::test]
async fn search_matches_are_underlined() {
    use ratatui::style::Modifier;

    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    keys(&mut app, "/سالم");
    settle(&mut app).await;
    let mut terminal = terminal(120, 24);
    let picture = render(&mut app, &mut terminal);
    let lines: Vec<&str> = picture.lines().collect();
    let y = lines
        .iter()
        .position(|line| line.contains("C1802 عبد"))
        .expect("row");
    let buffer = terminal.backend().buffer();
    let styled: Vec<(String, bool)> = (0..120)
        .map(|x| {
            let cell = &buffer[(x, u16::try_from(y).expect("y"))];
            let underlined = cell.modifier.contains(Modifier::UNDERLINED);
            (cell.symbol().to_string(), underlined)
        })
        .collect();
    let marked: String = styled
        .iter()
        .filter(|(_, u)| *u)
        .map(|(s, _)| s.as_str())
        .collect();
    assert_eq!(marked, "سالم");
}

#[tokio::test]
async fn file_warnings_are_not_counted_as_bad_rows() {
    let mut app = loaded("B07_duplicate_header.csv", false).await;
    let mut terminal = terminal(160, 24);
    let picture = render(&mut app, &mut terminal);
    let counts = picture.lines().nth(1).unwrap_or_default();
    assert!(!counts.contains("bad rows"), "{picture}");
    assert!(counts.contains("file warnings 1"), "{picture}");
}

#[tokio::test]
async fn send_without_config_says_choose_one() {
    use datanuum_sync::config::ConfigSet;
    use datanuum_sync::load::LoadOptions;
    use datanuum_sync::tui::{App, AppInit, Theme};

    let data_dir = tempfile::tempdir().expect("data dir");
    let init = AppInit {
        configs: ConfigSet {
            path: "reward-configs.toml".into(),
            configs: vec![config("ACME", false)],
            unavailable: Vec::new(),
        },
        config: None,
        csv: Some(fixture("B18_rtl_and_mixed_direction.csv")),
        load_options: LoadOptions::default(),
        data_dir: data_dir.path().to_path_buf(),
    };
    let mut app = App::new(init, Theme { color: true });
    app.start();
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "s");

    let mut terminal = terminal(120, 24);
    let picture = render(&mut app, &mut terminal);
    assert!(
        picture.contains("Choose a reward config first with c"),
        "{picture}"
    );
}

#[tokio::test]
async fn resend_without_failures_says_so() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    keys(&mut app, "r");

    let mut terminal = terminal(120, 24);
    let picture = render(&mut app, &mut terminal);
    assert!(
        picture.contains("No failed customers to resend"),
        "{picture}"
    );
}

#[tokio::test]
async fn one_customer_is_singular() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", true).await;
    keys(&mut app, "s");
    let mut terminal = terminal(120, 30);
    let picture = render(&mut app, &mut terminal);
    assert!(
        picture.contains("Type 1 and Enter to send 1 customer."),
        "{picture}"
    );

    keys(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    let started = app
        .state
        .log
        .entries
        .iter()
        .find(|entry| entry.message.starts_with("batch started"))
        .expect("batch started line");
    assert_eq!(started.message, "batch started: 1 customer");
}

#[tokio::test]
async fn file_warnings_logged_without_line() {
    let app = loaded("B02_windows1256_ansi.csv", false).await;
    let encoding = app
        .state
        .log
        .entries
        .iter()
        .find(|entry| entry.message.contains("windows-1256"))
        .expect("encoding warning logged");
    assert!(
        encoding.message.starts_with("file: "),
        "{}",
        encoding.message
    );

    for name in ["B07_duplicate_header.csv", "B02_windows1256_ansi.csv"] {
        let app = loaded(name, false).await;
        for entry in &app.state.log.entries {
            assert!(
                !entry.message.starts_with("line 0"),
                "{name}: {}",
                entry.message
            );
        }
    }
}

#[tokio::test]
async fn search_finds_international_phone_by_local_form() {
    let mut app = loaded("B12_phone_formats_gulf_egypt.csv", false).await;
    // The file writes +971 50 000 1202; an operator in the UAE types 0500001202.
    keys(&mut app, "/0500001202");
    settle(&mut app).await;
    let codes = view_codes(&app);
    assert_eq!(codes, ["C1202"]);
}

#[tokio::test]
async fn search_finds_phones_typed_with_separators() {
    let mut app = loaded("B12_phone_formats_gulf_egypt.csv", false).await;
    let cases = [
        ("+966 55 000 1201", "C1201"),
        ("055-000-1204", "C1204"),
        ("+966 55 000 1206", "C1206"),
        ("00 20 100 000 1207", "C1207"),
    ];
    for (query, expected) in cases {
        keys(&mut app, &format!("/{query}"));
        settle(&mut app).await;
        let codes = view_codes(&app);
        assert_eq!(codes, [expected], "{query}");
        key(&mut app, KeyCode::Esc);
        settle(&mut app).await;
    }
}

#[tokio::test]
async fn select_all_waits_for_a_running_search() {
    let mut app = loaded("B12_phone_formats_gulf_egypt.csv", false).await;
    keys(&mut app, "/C1201");
    key(&mut app, KeyCode::Enter);
    // No message was applied yet, so the search results have not arrived.
    keys(&mut app, "a");
    assert!(app.state.list.selected.is_empty());
    assert!(app.state.notice.is_some());
    settle(&mut app).await;
    keys(&mut app, "a");
    assert_eq!(app.state.list.selected.len(), 1);
}

#[tokio::test]
async fn config_switch_checks_every_row_again() {
    let mut app = loaded("B12_phone_formats_gulf_egypt.csv", false).await;
    let before = app.state.list.counts();
    assert_eq!(before.checked, before.loaded);
    // C1201 writes 0550001201: a Saudi mobile under SA, an Egyptian landline under EG.
    assert_eq!(
        app.state.list.rows[0].summary.phone(),
        Some(966_550_001_201)
    );
    let mut egypt = config("CAIRO", false);
    egypt.default_country = "EG".into();
    app.state.configs.configs.push(egypt);
    keys(&mut app, "c");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    // Straight after the switch no row shows the old config's result.
    assert_eq!(app.state.list.counts().checked, 0);
    settle(&mut app).await;
    let after = app.state.list.counts();
    assert_eq!(after.checked, after.loaded);
    assert_eq!(app.state.list.rows[0].summary.phone(), Some(20_550_001_201));
}
