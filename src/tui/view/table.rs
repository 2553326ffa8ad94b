//! The customer table.
//!
//! Every cell is cut to its column's width in display cells before it is handed to
//! ratatui. A wide CJK character or emoji therefore never spills into the next column, and
//! every border stays in the same terminal column on every row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Row as TableRow, Table, TableState};

use crate::customer::Field;
use crate::tui::engine::{self, FieldHighlight};
use crate::tui::state::table::Row;
use crate::tui::state::{AppState, Focus};
use crate::tui::text_width::{fit, fit_marked};

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
    let phone = row.phone_cell(columns);
    let (name, name_field) = row.display_name(columns);
    // The phone cell shows the normalised number, so positions in the raw cell do not apply.
    let cells: [(String, Option<Field>); 6] = [
        (mark.to_string(), None),
        (row.customer.code(columns).to_string(), Some(Field::Code)),
        (name, name_field),
        (phone, None),
        (
            row.customer.field(columns, Field::Email).to_string(),
            Some(Field::Email),
        ),
        (row.status.label().to_string(), None),
    ];
    let highlights = search_highlights(state, row);
    let cells = cells.iter().zip(widths).map(|((text, field), width)| {
        let width = usize::from(*width);
        let marked = field.and_then(|field| {
            highlights
                .iter()
                .find(|highlight| highlight.field == field)
                .map(|highlight| &highlight.chars)
        });
        match marked {
            Some(chars) => Cell::from(marked_line(state, text, width, chars)),
            None => Cell::from(Text::raw(fit(text, width))),
        }
    });
    TableRow::new(cells).style(state.theme.status(row.status))
}

/// Matched characters of a row for the current search; empty without a search.
fn search_highlights(state: &AppState, row: &Row) -> Vec<FieldHighlight> {
    let query = state.search.query();
    if query.is_empty() {
        Vec::new()
    } else {
        engine::highlights(&state.list.columns, &row.customer, query)
    }
}

fn marked_line(state: &AppState, text: &str, width: usize, chars: &[u32]) -> Line<'static> {
    let is_marked = |position: usize| {
        u32::try_from(position).is_ok_and(|position| chars.binary_search(&position).is_ok())
    };
    let spans: Vec<Span<'static>> = fit_marked(text, width, is_marked)
        .into_iter()
        .map(|(run, marked)| {
            if marked {
                Span::styled(run, state.theme.matched())
            } else {
                Span::raw(run)
            }
        })
        .collect();
    Line::from(spans)
}
