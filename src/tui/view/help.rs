//! The `?` overlay, generated from the binding table.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::popup;
use crate::tui::keys::BINDINGS;
use crate::tui::state::AppState;

/// Keys that work inside the search box, listed after the main bindings.
const SEARCH_KEYS: &[(&str, &str)] = &[
    ("Enter", "keep the search as a filter"),
    ("Esc", "clear the search"),
];

pub fn draw(state: &AppState, frame: &mut Frame) {
    let theme = state.theme;
    let width = BINDINGS
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines: Vec<Line<'static>> = BINDINGS
        .iter()
        .map(|binding| key_line(state, width, binding.label, binding.help))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("In the search box", theme.title()));
    for (key, help) in SEARCH_KEYS {
        lines.push(key_line(state, width, key, help));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Any key closes this help.", theme.dim()));
    popup::draw_lines(frame, theme, "Keys", lines);
}

fn key_line(state: &AppState, width: usize, key: &str, help: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key:<width$}"), state.theme.key()),
        Span::raw(help.to_string()),
    ])
}
