//! The two lines at the top: which config and file, and the counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::customer::Severity;
use crate::tui::state::{AppState, LoadState};

pub fn draw(state: &AppState, frame: &mut Frame, area: Rect) {
    let lines = vec![config_line(state), counts_line(state)];
    frame.render_widget(Paragraph::new(lines), area);
}

fn config_line(state: &AppState) -> Line<'static> {
    let theme = state.theme;
    let mut spans = vec![Span::raw(" ")];
    match &state.config {
        None => spans.push(Span::styled(
            "no reward config (c chooses one)",
            theme.warning(),
        )),
        Some(config) => {
            let name = format!("{} · {} · {}", config.code, config.name, config.host());
            if config.production {
                spans.push(Span::styled(" PRODUCTION ", theme.production()));
                spans.push(Span::raw(" "));
                spans.push(Span::styled(name, theme.production()));
            } else {
                spans.push(Span::styled(name, theme.title()));
            }
        }
    }
    spans.extend(file_spans(state));
    Line::from(spans)
}

fn file_spans(state: &AppState) -> Vec<Span<'static>> {
    let theme = state.theme;
    let file = &state.file;
    let name = file
        .path
        .as_ref()
        .and_then(|path| path.file_name())
        .map_or_else(
            || "no CSV file".to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
    let mut spans = vec![Span::raw(" │ "), Span::styled(name, theme.title())];
    if let Some(encoding) = file.encoding
        && !encoding.eq_ignore_ascii_case("utf-8")
    {
        spans.push(Span::styled(
            format!(" ({encoding}, not UTF-8)"),
            theme.warning(),
        ));
    }
    match &file.load {
        LoadState::Loading {
            bytes_read,
            total_bytes,
        } => {
            let percent = (*bytes_read * 100).checked_div(*total_bytes).unwrap_or(0);
            spans.push(Span::styled(
                format!(" loading {percent}%"),
                theme.warning(),
            ));
        }
        // The reason can be longer than the bar, so the log keeps it in full.
        LoadState::Failed(_) => {
            spans.push(Span::styled(" not loaded: see log", theme.error()));
        }
        LoadState::NoFile | LoadState::Loaded => {}
    }
    let counts = state.list.counts();
    if counts.checked < counts.loaded {
        let percent = counts.checked * 100 / counts.loaded;
        spans.push(Span::styled(
            format!(" checking {percent}%"),
            theme.warning(),
        ));
    }
    spans
}

fn counts_line(state: &AppState) -> Line<'static> {
    let theme = state.theme;
    let counts = state.list.counts();
    let mut text = format!(" loaded {}", counts.loaded);
    let findings = &state.file.findings;
    let bad_rows = findings
        .iter()
        .filter(|finding| finding.severity == Severity::BadRow)
        .count();
    if bad_rows > 0 {
        text.push_str(&format!("  bad rows {bad_rows}"));
    }
    // Loader warnings about the file as a whole (encoding guess, duplicate header or code)
    // are not bad rows: every row they concern was loaded.
    let file_warnings = findings.len() - bad_rows;
    if file_warnings > 0 {
        text.push_str(&format!("  file warnings {file_warnings}"));
    }
    text.push_str(&format!(
        "  invalid {}  warnings {}  created {}  updated {}",
        counts.invalid, counts.warnings, counts.created, counts.updated
    ));
    if counts.skipped > 0 {
        text.push_str(&format!("  skipped {}", counts.skipped));
    }
    let failed_style = if counts.failed > 0 {
        theme.error()
    } else {
        Style::new()
    };
    let mut spans = vec![
        Span::raw(text),
        Span::styled(format!("  failed {}", counts.failed), failed_style),
    ];
    if counts.unknown > 0 {
        let unknown = format!("  unknown {}", counts.unknown);
        spans.push(Span::styled(unknown, theme.warning()));
    }
    spans.push(Span::raw(format!("  pending {}", counts.pending)));
    Line::from(spans)
}
