//! The lower side panel: responses and errors, newest last. A long entry wraps onto
//! further rows, so a failure's reason and fix are never cut off.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::state::log::LogEntry;
use crate::tui::state::{AppState, Focus};

use super::wrap::wrap_line;

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
    let inner = block.inner(area);
    let height = usize::from(inner.height);
    let end = log.entries.len().saturating_sub(log.back);
    // Entries are wrapped from the newest back until the panel is full, so a long log
    // costs only the rows on screen.
    let mut rows: Vec<Line> = Vec::new();
    for entry in log.entries[..end].iter().rev() {
        if rows.len() >= height {
            break;
        }
        let wrapped = wrap_line(&entry_line(state, entry), usize::from(inner.width));
        rows.extend(wrapped.into_iter().rev());
    }
    rows.truncate(height);
    rows.reverse();
    frame.render_widget(Paragraph::new(rows).block(block), area);
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
