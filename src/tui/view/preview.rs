//! The upper side panel: the request the highlighted customer would be sent with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::customer::Severity;
use crate::payload::Prepared;
use crate::tui::engine;
use crate::tui::state::table::Row;
use crate::tui::state::{AppState, Focus};

pub fn draw(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = state.theme;
    let list = &state.list;
    let row = list.highlighted().and_then(|index| list.rows.get(index));
    let prepared = state.highlighted_payload();
    let title = match row {
        Some(row) => format!(" Request · {} ", row.code(&list.columns)),
        None => " Request ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(state.focus == Focus::Preview))
        .title(title);
    let lines = match (row, &state.config, prepared) {
        (None, _, _) => vec![Line::styled("No customer highlighted.", theme.dim())],
        (Some(_), None, _) => vec![Line::styled("Choose a reward config with c.", theme.dim())],
        (Some(_), Some(_), None) => Vec::new(),
        (Some(row), Some(config), Some(prepared)) => {
            let mut lines = match engine::preview(config, prepared) {
                Ok(text) => text
                    .lines()
                    .map(|line| Line::raw(line.to_string()))
                    .collect(),
                Err(reason) => vec![Line::styled(format!("Not sent: {reason}"), theme.error())],
            };
            lines.extend(findings(state, &prepared.findings));
            lines.extend(changes(state, row, prepared));
            lines
        }
    };
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(state.preview_scroll).unwrap_or(u16::MAX), 0));
    frame.render_widget(paragraph, area);
}

fn findings(state: &AppState, findings: &[crate::customer::Finding]) -> Vec<Line<'static>> {
    let theme = state.theme;
    let shown: Vec<_> = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Warning)
        .collect();
    if shown.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::raw(""), Line::styled("Warnings", theme.warning())];
    for finding in shown {
        let field = finding.field.as_deref().unwrap_or("row");
        lines.push(Line::from(vec![
            Span::styled(format!("line {} {field}: ", finding.line), theme.warning()),
            Span::raw(finding.message.clone()),
        ]));
    }
    lines
}

/// Lines comparing the payload with the profile of the last successful send.
fn changes(state: &AppState, row: &Row, prepared: &Prepared) -> Vec<Line<'static>> {
    let theme = state.theme;
    let (Some(last), Ok(payload)) = (row.last_sent(), &prepared.payload) else {
        return Vec::new();
    };
    let mut lines = vec![Line::raw("")];
    let mut changed = Vec::new();
    for (key, value) in &payload.profile {
        let before = last.get(key);
        if before != Some(value) {
            let before = before.map_or_else(|| "(none)".to_string(), plain);
            changed.push(format!("{key}: {before} → {}", plain(value)));
        }
    }
    if changed.is_empty() {
        lines.push(Line::styled(
            "Unchanged since the last successful send: a batch skips it.",
            theme.dim(),
        ));
        return lines;
    }
    lines.push(Line::styled(
        "Changed since the last successful send",
        theme.warning(),
    ));
    lines.extend(changed.into_iter().map(Line::raw));
    lines
}

fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
