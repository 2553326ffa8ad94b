//! Pictures of the main screen: table, preview and log, at small and large sizes.

mod screen_support;

use ratatui::style::Color;
use screen_support::*;

#[tokio::test]
async fn b18_main_screen_160x48() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;

    let mut terminal = terminal(160, 48);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
    assert!(picture.contains("عبد الله بن سالم (VIP)"));
    assert!(picture.contains("••••2345"));
    assert!(!picture.contains(TOKEN));
}

#[tokio::test]
async fn b19_main_screen_80x24() {
    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;

    let mut terminal = terminal(80, 24);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
}

#[tokio::test]
async fn b19_main_screen_160x48() {
    let mut app = loaded("B19_wide_cjk_emoji_names.csv", false).await;

    let mut terminal = terminal(160, 48);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
}

#[tokio::test]
async fn b18_main_screen_80x24() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;

    let mut terminal = terminal(80, 24);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
}

#[tokio::test]
async fn table_borders_line_up_with_wide_names() {
    for name in [
        "B18_rtl_and_mixed_direction.csv",
        "B19_wide_cjk_emoji_names.csv",
    ] {
        for (width, height) in [(80, 24), (100, 30), (160, 48)] {
            let mut app = loaded(name, false).await;
            let mut terminal = terminal(width, height);
            render(&mut app, &mut terminal);
            let buffer = terminal.backend().buffer();
            // Row 3 is the table's top border, row 4 its header; customers follow.
            let header = borders_on_row(buffer, 4);
            assert!(!header.is_empty(), "{name} {width}x{height}: no header row");
            for y in 5..9 {
                assert_eq!(
                    borders_on_row(buffer, y),
                    header,
                    "{name} {width}x{height}: row {y} borders moved"
                );
            }
        }
    }
}

#[tokio::test]
async fn production_config_is_marked_in_red() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", true).await;

    let mut terminal = terminal(120, 30);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("PRODUCTION"));
    let buffer = terminal.backend().buffer();
    let x = picture
        .lines()
        .next()
        .and_then(|line| line.find("PRODUCTION"))
        .expect("label");
    let cell = &buffer[(u16::try_from(x).expect("x"), 0)];
    assert_eq!(cell.bg, Color::Red);
    insta::assert_snapshot!(picture);
}

#[tokio::test]
async fn no_color_production_uses_reverse_video() {
    let mut app = loaded("B18_rtl_and_mixed_direction.csv", true).await;
    app.state.theme = datanuum_sync::tui::Theme { color: false };

    let mut terminal = terminal(120, 30);
    render(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset, "colour drawn under NO_COLOR");
    }
}

#[tokio::test]
async fn b23_load_failure_reason_in_full() {
    // A relative path keeps the wrapped log rows the same on every machine, because
    // cargo runs tests from the package root.
    let path = std::path::PathBuf::from("tests/fixtures/cases/B23_xlsx_saved_as_csv.csv");
    let mut app = app_for(Some(path), false);
    app.start();
    settle(&mut app).await;

    let mut terminal = terminal(160, 48);
    let picture = render(&mut app, &mut terminal);
    insta::assert_snapshot!(picture);
    let top = picture.lines().next().unwrap_or_default();
    assert!(top.contains("not loaded: see log"), "{picture}");
    // The log wraps the reason, so joining its rows gives back the whole advice.
    let joined: String = picture
        .lines()
        .map(|line| line.trim_end_matches('│').trim_end())
        .collect();
    assert!(joined.contains("CSV UTF-8"), "{picture}");
}

#[tokio::test]
async fn compare_popup_wraps_long_failure() {
    use datanuum_sync::tui::state::overlay::{Compare, FetchState, Overlay};

    let mut app = loaded("B18_rtl_and_mixed_direction.csv", false).await;
    let reason = format!("HTTP 502: {} end of reason", "proxy error ".repeat(12));
    app.state.overlay = Overlay::Compare(Compare {
        code: "C1801".into(),
        payload: serde_json::Map::new(),
        fetched: FetchState::Failed(reason),
    });

    let mut terminal = terminal(80, 24);
    let picture = render(&mut app, &mut terminal);
    assert!(picture.contains("end of reason"), "{picture}");
    assert!(picture.contains("any key closes"), "{picture}");
}
