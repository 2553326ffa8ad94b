//! Shared set-up for the screen tests: configs, apps loaded from fixtures through the real
//! loader, scripted keys, and a text picture of a TestBackend buffer.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use datanuum_sync::config::{ConfigSet, RewardConfig};
use datanuum_sync::load::LoadOptions;
use datanuum_sync::secret::Secret;
use datanuum_sync::tui::{App, AppInit, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

pub const TOKEN: &str = "tok-test-abcdef-12345";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

pub fn config(code: &str, production: bool) -> RewardConfig {
    RewardConfig {
        id: 7,
        code: code.to_string(),
        name: format!("{code} loyalty"),
        base_url: url::Url::parse("http://127.0.0.1:8080").expect("url"),
        token: Secret::new(TOKEN),
        default_register: Some("R00".into()),
        branch_codes: BTreeMap::new(),
        default_country: "SA".into(),
        name_source: Default::default(),
        date_order: Default::default(),
        auth_placement: Default::default(),
        on_duplicate: Default::default(),
        concurrency: 2,
        max_requests_per_second: None,
        timeout: Duration::from_secs(5),
        max_retries: 3,
        columns: BTreeMap::new(),
        production,
    }
}

pub fn app(production: bool) -> App {
    app_for(None, production)
}

pub fn app_for(csv: Option<PathBuf>, production: bool) -> App {
    let config = config(if production { "LIVE" } else { "ACME" }, production);
    app_with(csv, config, &fresh_data_dir())
}

/// Returns a new empty data directory, so no test sees another test's journal.
pub fn fresh_data_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "datanuum-sync-screen-{}-{number}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("data dir");
    dir
}

pub fn app_with(csv: Option<PathBuf>, config: RewardConfig, data_dir: &Path) -> App {
    let init = AppInit {
        configs: ConfigSet {
            path: PathBuf::from("reward-configs.toml"),
            configs: vec![config.clone()],
            unavailable: Vec::new(),
        },
        config: Some(config),
        csv,
        load_options: LoadOptions::default(),
        data_dir: data_dir.to_path_buf(),
    };
    App::new(init, Theme { color: true })
}

/// Creates an app on a fixture and waits until the file is loaded, searchable and every
/// row checked.
pub async fn loaded(name: &str, production: bool) -> App {
    let app = app_for(Some(fixture(name)), production);
    wait_loaded(app, name).await
}

/// Like [`loaded`], with a given config and data directory.
pub async fn loaded_with(name: &str, config: RewardConfig, data_dir: &Path) -> App {
    let app = app_with(Some(fixture(name)), config, data_dir);
    wait_loaded(app, name).await
}

async fn wait_loaded(mut app: App, name: &str) -> App {
    app.start();
    let unchecked = |app: &App| {
        let counts = app.state.list.counts();
        counts.checked < counts.loaded
    };
    while app.state.search.index.is_none() || unchecked(&app) {
        let arrived = app.next_message(Duration::from_secs(10)).await;
        assert!(
            arrived,
            "{name}: loading stalled in {:?}",
            app.state.file.load
        );
    }
    app
}

/// Returns the customer codes of the rows in the view, in display order.
pub fn view_codes(app: &App) -> Vec<String> {
    let list = &app.state.list;
    list.view()
        .iter()
        .map(|&index| list.rows[index].code(&list.columns).to_string())
        .collect()
}

/// Applies messages until none arrives for a short while, e.g. after a search keystroke.
pub async fn settle(app: &mut App) {
    while app.next_message(Duration::from_millis(300)).await {}
}

pub fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("terminal")
}

pub fn render(app: &mut App, terminal: &mut Terminal<TestBackend>) -> String {
    app.draw(terminal).expect("draw");
    picture(terminal.backend().buffer())
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Draws the buffer as text, one line per row, wide characters counted once, with times
/// of day replaced so snapshots do not change between runs.
pub fn picture(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += u16::try_from(symbol.width().max(1)).expect("width");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    mask_times(&out)
}

fn mask_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let window: String = chars[i..(i + 8).min(chars.len())].iter().collect();
        let looks_like_time = window.len() == 8
            && window.chars().enumerate().all(|(n, c)| {
                if n == 2 || n == 5 {
                    c == ':'
                } else {
                    c.is_ascii_digit()
                }
            });
        if looks_like_time {
            out.push_str("hh:mm:ss");
            i += 8;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Returns the x positions of box-drawing verticals on row `y`.
pub fn borders_on_row(buffer: &Buffer, y: u16) -> Vec<u16> {
    (0..buffer.area.width)
        .filter(|&x| buffer[(x, y)].symbol() == "│")
        .collect()
}
