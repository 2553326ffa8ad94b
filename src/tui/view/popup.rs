//! A bordered window centred over the main view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use super::wrap::wrap_line;

/// Returns a centred rectangle of at most `width` × `height` cells inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    rect
}

/// Clears a centred window sized for `lines` and draws them in it. A line wider than the
/// screen wraps, and the window grows by the extra rows.
pub fn draw_lines(frame: &mut Frame, theme: Theme, title: &str, lines: Vec<Line<'static>>) {
    let area = frame.area();
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let width = u16::try_from(widest + 4)
        .unwrap_or(u16::MAX)
        .max(30)
        .min(area.width);
    // The border takes one cell on each side.
    let inner_width = usize::from(width.saturating_sub(2));
    let rows: Vec<Line<'static>> = lines
        .iter()
        .flat_map(|line| wrap_line(line, inner_width))
        .collect();
    let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(format!(" {title} "));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(rows).block(block), rect);
}
