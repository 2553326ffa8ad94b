//! The lower side panel: responses and errors, newest last.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::state::log::LogEntry;
use crate::tui::state::{AppState, Focus};

pub fn draw(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = state.theme;
    let log = &state.log;
    let title = if log.back > 0 {
        format!(" Log {} · {} back ", log.entries.len(), log.back)
    } else {
        format!(" Log {} ", log.entries.len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(state.focus == Focus::Log))
        .title(title);
    let height = usize::from(block.inner(area).height);
    let end = log.entries.len().saturating_sub(log.back);
    let start = end.saturating_sub(height);
    let lines: Vec<Line> = log.entries[start..end]
        .iter()
        .map(|entry| entry_line(state, entry))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn entry_line(state: &AppState, entry: &LogEntry) -> Line<'static> {
    let style = state.theme.log(entry.kind);
    let mut spans = vec![Span::styled(entry.time.clone(), state.theme.dim())];
    for part in [&entry.code, &entry.action, &entry.status] {
        if !part.is_empty() {
            spans.push(Span::styled(format!(" {part}"), style));
        }
    }
    if !entry.message.is_empty() {
        spans.push(Span::raw(format!(" {}", entry.message)));
    }
    Line::from(spans)
}
