//! The `?` overlay, generated from the binding table.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::popup;
use crate::tui::keys::BINDINGS;
use crate::tui::state::AppState;

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
    // On an 80×24 terminal the bindings alone fill the window, so the footer goes first.
    let room = usize::from(frame.area().height.saturating_sub(2));
    if lines.len() + 2 <= room {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Any key closes this help.", theme.dim()));
    }
    popup::draw_lines(frame, theme, "Keys", lines);
}

fn key_line(state: &AppState, width: usize, key: &str, help: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key:<width$}"), state.theme.key()),
        Span::raw(help.to_string()),
    ])
}
