//! The `t` overlay: failures grouped by cause, with counts.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::popup;
use crate::tui::state::AppState;
use crate::tui::state::triage::TriageGroup;

pub fn draw(state: &AppState, frame: &mut Frame, groups: &[TriageGroup], cursor: usize) {
    let theme = state.theme;
    let mut lines: Vec<Line<'static>> = groups
        .iter()
        .enumerate()
        .map(|(position, group)| {
            let line = Line::from(vec![
                Span::styled(format!("{:>5} ", group.rows.len()), theme.error()),
                Span::raw(group.label()),
            ]);
            if position == cursor {
                line.style(theme.cursor())
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("No failures.", theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑↓ choose · Enter show these customers · Esc close",
        theme.dim(),
    ));
    popup::draw_lines(frame, theme, "Error triage", lines);
}
