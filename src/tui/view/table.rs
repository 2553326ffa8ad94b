//! The customer table.
//!
//! Every cell is cut to its column's width in display cells before it is handed to ratatui, so a
//! wide CJK character or emoji never spills into the next column and every border stays in
//! the same terminal column on every row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Text;
use ratatui::widgets::{Block, Borders, Cell, Row as TableRow, Table, TableState};

use crate::customer::Field;
use crate::tui::state::table::Row;
use crate::tui::state::{AppState, Focus};
use crate::tui::text_width::fit;

const MARK: u16 = 1;
const STATUS: u16 = 7;
const PHONE: u16 = 12;
const SPACING: u16 = 1;

/// Rows measured for the code column; codes further down a large file are cut if longer.
const CODE_SAMPLE: usize = 10_000;

/// Column widths in cells: mark, code, name, phone, email, status.
fn widths(state: &AppState, inner: u16) -> [u16; 6] {
    let longest_code = state
        .list
        .view()
        .iter()
        .take(CODE_SAMPLE)
        .filter_map(|&index| state.list.rows.get(index))
        .map(|row| row.customer.code(&state.list.columns).chars().count())
        .max()
        .unwrap_or(4);
    let code = u16::try_from(longest_code).unwrap_or(u16::MAX).clamp(4, 10);
    let fixed = MARK + code + PHONE + STATUS + 5 * SPACING;
    let flexible = inner.saturating_sub(fixed);
    let name = flexible * 3 / 5;
    let email = flexible - name;
    [MARK, code, name, PHONE, email, STATUS]
}

pub fn draw(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = state.theme;
    let list = &state.list;
    let focused = state.focus == Focus::Table;
    let title = format!(" Customers {}/{} ", list.view().len(), list.rows.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(title);
    let inner = block.inner(area);
    let widths = widths(state, inner.width);
    let header = TableRow::new(
        [" ", "code", "name", "phone", "email", "status"]
            .iter()
            .zip(widths)
            .map(|(label, width)| Cell::from(fit(label, usize::from(width)))),
    )
    .style(theme.title());
    let height = usize::from(inner.height.saturating_sub(1));
    let rows = list
        .view()
        .iter()
        .skip(list.offset())
        .take(height)
        .filter_map(|&index| list.rows.get(index).map(|row| (index, row)))
        .map(|(index, row)| table_row(state, index, row, &widths));
    let table = Table::new(rows, widths.map(Constraint::Length))
        .header(header)
        .column_spacing(SPACING)
        .block(block)
        .row_highlight_style(theme.cursor());
    let mut table_state = TableState::default().with_selected(
        list.cursor()
            .checked_sub(list.offset())
            .filter(|_| !list.view().is_empty()),
    );
    frame.render_stateful_widget(table, area, &mut table_state);
}

fn table_row(state: &AppState, index: usize, row: &Row, widths: &[u16; 6]) -> TableRow<'static> {
    let columns = &state.list.columns;
    let mark = if state.list.selected.contains(&index) {
        "✓"
    } else {
        " "
    };
    let phone = match &row.prepared.payload {
        Ok(payload) => payload.phone.clone().unwrap_or_default(),
        Err(_) => row.customer.field(columns, Field::Mobile).to_string(),
    };
    let cells = [
        mark.to_string(),
        row.customer.code(columns).to_string(),
        row.display_name(columns),
        phone,
        row.customer.field(columns, Field::Email).to_string(),
        row.status.label().to_string(),
    ];
    let cells = cells
        .iter()
        .zip(widths)
        .map(|(text, width)| Cell::from(Text::raw(fit(text, usize::from(*width)))));
    TableRow::new(cells).style(state.theme.status(row.status))
}
