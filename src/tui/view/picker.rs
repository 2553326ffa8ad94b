//! The `c` overlay: choosing a reward config.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::popup;
use crate::tui::state::AppState;

pub fn draw(state: &AppState, frame: &mut Frame, cursor: usize) {
    let theme = state.theme;
    let mut lines: Vec<Line<'static>> = state
        .configs
        .configs
        .iter()
        .enumerate()
        .map(|(position, config)| {
            let text = format!(
                "{} · {} · {} · {}",
                config.code,
                config.id,
                config.name,
                config.host()
            );
            let mut spans = vec![Span::raw(text)];
            if config.production {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(" PRODUCTION ", theme.production()));
            }
            let line = Line::from(spans);
            if position == cursor {
                line.style(theme.cursor())
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            format!("No reward configs in {}", state.configs.path.display()),
            theme.error(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑↓ choose · Enter use · Esc close",
        theme.dim(),
    ));
    popup::draw_lines(frame, theme, "Reward config", lines);
}
