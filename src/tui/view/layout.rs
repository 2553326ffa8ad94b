//! The position of each panel for a given terminal size.
//!
//! The controller uses the same areas as the views, to scroll the table by the number of
//! visible lines and to turn a mouse click into a row.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::state::{AppState, Focus};

/// Narrowest terminal that shows the table and the side panel side by side. Below it the
/// focused panel takes the whole main area and `Tab` switches between them.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// The areas of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub top: Rect,
    pub gauge: Option<Rect>,
    pub search: Rect,
    pub table: Option<Rect>,
    pub preview: Option<Rect>,
    pub log: Option<Rect>,
    pub status: Rect,
}

impl Areas {
    pub fn new(area: Rect, state: &AppState) -> Areas {
        let gauge_height = u16::from(state.batch_running());
        let [top, gauge, search, main, status] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(gauge_height),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let gauge = (gauge_height > 0).then_some(gauge);
        let mut areas = Areas {
            top,
            gauge,
            search,
            table: None,
            preview: None,
            log: None,
            status,
        };
        if area.width >= SIDE_BY_SIDE_WIDTH {
            let [table, side] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(main);
            let [preview, log] =
                Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)])
                    .areas(side);
            areas.table = Some(table);
            areas.preview = Some(preview);
            areas.log = Some(log);
        } else {
            match state.focus {
                Focus::Table => areas.table = Some(main),
                Focus::Preview => areas.preview = Some(main),
                Focus::Log => areas.log = Some(main),
            }
        }
        areas
    }

    /// Number of customer lines the table shows (inside the border, below the header).
    pub fn table_body_height(&self) -> usize {
        self.table
            .map_or(0, |table| usize::from(table.height.saturating_sub(3)))
    }

    /// Returns the view position under a mouse click at `column`, `row`, if it hits a line
    /// of the table body, counting from the first visible line.
    pub fn table_line_at(&self, column: u16, row: u16) -> Option<usize> {
        let table = self.table?;
        let body_top = table.y + 2;
        let body_bottom = table.y + table.height.saturating_sub(1);
        let inside_x = column > table.x && column < table.x + table.width.saturating_sub(1);
        (inside_x && row >= body_top && row < body_bottom).then(|| usize::from(row - body_top))
    }
}
