//! The `?` overlay, generated from the binding table.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::popup;
use crate::tui::keys::BINDINGS;
use crate::tui::state::AppState;

pub fn draw(state: &AppState, frame: &mut Frame) {
    let theme = state.theme;
    let entries = entries();
    let width = entries
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines: Vec<Line<'static>> = entries
        .iter()
        .map(|(label, help)| key_line(state, width, label, help))
        .collect();
    // On an 80×24 terminal the bindings alone fill the window, so the footer goes first.
    let room = usize::from(frame.area().height.saturating_sub(2));
    if lines.len() + 2 <= room {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Any key closes this help.", theme.dim()));
    }
    popup::draw_lines(frame, theme, "Keys", lines);
}

/// Lists the help lines as (keys, text), merging a joined binding into the line before it.
fn entries() -> Vec<(String, &'static str)> {
    let mut entries: Vec<(String, &'static str)> = Vec::new();
    for binding in BINDINGS {
        match (binding.joined, entries.last_mut()) {
            (Some(help), Some(previous)) => {
                previous.0 = format!("{} {}", previous.0, binding.label);
                previous.1 = help;
            }
            _ => entries.push((binding.label.to_string(), binding.help)),
        }
    }
    entries
}

fn key_line(state: &AppState, width: usize, key: &str, help: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key:<width$}"), state.theme.key()),
        Span::raw(help.to_string()),
    ])
}
