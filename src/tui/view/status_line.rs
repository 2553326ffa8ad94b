//! The search box line and the key hints at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::keys::{Action, BINDINGS, Binding, first_key};
use crate::tui::state::AppState;

/// Draws the search box, the status filter, a triage filter and the selection count.
pub fn draw_search(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = state.theme;
    let search = &state.search;
    let mut spans = vec![Span::styled(" / ", theme.key())];
    let query = search.input.value();
    if query.is_empty() && !search.editing {
        spans.push(Span::styled("search", theme.dim()));
    } else {
        spans.push(Span::raw(query.to_string()));
    }
    if search.editing {
        let cursor_x = area.x + 3 + u16::try_from(search.input.visual_cursor()).unwrap_or(0);
        frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
    }
    spans.push(Span::raw(format!(
        "   filter: {}",
        state.list.filter.label()
    )));
    if let Some(group) = &state.list.group {
        spans.push(Span::styled(
            format!("   group: {}", group.label),
            theme.warning(),
        ));
    }
    if !state.list.selected.is_empty() {
        spans.push(Span::raw(format!(
            "   selected: {}",
            state.list.selected.len()
        )));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws the notice, if any, else the main keys from the binding table.
pub fn draw_status(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = state.theme;
    if let Some(notice) = &state.notice {
        let line = Line::styled(format!(" {notice}"), theme.warning());
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    if state.search.editing {
        for (key, name) in [("Enter", "keep the filter"), ("Esc", "clear the search")] {
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::raw(format!(" {name}  ")));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if state.batch_running() {
        for (action, name) in [(Action::Pause, "pause"), (Action::Cancel, "cancel")] {
            spans.push(Span::styled(first_key(action), theme.key()));
            spans.push(Span::raw(format!(" {name}  ")));
        }
    }
    // Help and quit go first so a narrow terminal still shows them.
    let first = |binding: &&Binding| !matches!(binding.action, Action::Help | Action::Quit);
    let mut ordered: Vec<&Binding> = BINDINGS.iter().collect();
    ordered.sort_by_key(first);
    for binding in ordered {
        if let Some(name) = binding.status {
            let key = binding.label.split(' ').next().unwrap_or(binding.label);
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::raw(format!(" {name}  ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
