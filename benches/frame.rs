//! Time to draw one frame of the screen at 160x48 with 10k and 1M generated customers
//! loaded and checked, into ratatui's `TestBackend`: `cargo bench --bench frame`
//! (`FRAME_BENCH_ROWS=1000000` for one size). A frame should cost the same at any size.

mod common;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use datanuum_sync::config::ConfigSet;
use datanuum_sync::load::LoadOptions;
use datanuum_sync::tui::state::LoadState;
use datanuum_sync::tui::{App, AppInit, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Loads `rows` generated customers into a screen and waits until every row is checked.
fn loaded_app(runtime: &tokio::runtime::Runtime, rows: usize) -> App {
    let data_dir = std::env::temp_dir().join(format!("datanuum-frame-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let config = common::config(url::Url::parse("http://127.0.0.1:9").expect("url"), 16);
    let init = AppInit {
        configs: ConfigSet {
            path: "bench.toml".into(),
            configs: vec![config.clone()],
            unavailable: Vec::new(),
        },
        config: Some(config),
        csv: Some(common::data_file(rows)),
        load_options: LoadOptions::default(),
        data_dir,
    };
    let mut app = App::new(init, Theme { color: true });
    runtime.block_on(async {
        app.start();
        loop {
            let counts = app.state.list.counts();
            let loaded = matches!(app.state.file.load, LoadState::Loaded);
            if loaded && counts.checked == counts.loaded {
                break;
            }
            assert!(
                app.next_message(Duration::from_secs(60)).await,
                "loading stalled"
            );
        }
    });
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn frame(c: &mut Criterion) {
    let sizes: Vec<usize> = match std::env::var("FRAME_BENCH_ROWS") {
        Ok(list) => list
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect(),
        Err(_) => vec![10_000, 1_000_000],
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group("frame");
    group.sample_size(50);
    for rows in sizes {
        let mut app = loaded_app(&runtime, rows);
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        app.draw(&mut terminal).expect("draw");
        // The same screen again: what a tick of the batch gauge costs.
        group.bench_function(BenchmarkId::new("redraw", rows), |b| {
            b.iter(|| app.draw(&mut terminal).expect("draw"));
        });
        // One row down, then draw: the preview's payload is built for the new row.
        group.bench_function(BenchmarkId::new("cursor_down", rows), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Down);
                app.draw(&mut terminal).expect("draw");
            });
        });
        // A page down, so every table row on screen changes.
        group.bench_function(BenchmarkId::new("page_down", rows), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::PageDown);
                app.draw(&mut terminal).expect("draw");
            });
        });
    }
    group.finish();
}

criterion_group!(benches, frame);

fn main() {
    if !common::is_bench_run() {
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
