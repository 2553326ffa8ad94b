//! Drawing the screen. Every function here reads the state and never changes it.

mod compare;
mod confirm;
mod gauge;
mod help;
pub mod layout;
mod log;
mod picker;
mod popup;
mod preview;
mod status_line;
mod table;
pub mod theme;
mod top_bar;
mod triage;
mod wrap;

use ratatui::Frame;

use self::layout::Areas;
use super::state::AppState;
use super::state::overlay::Overlay;

/// Draws one frame of the whole screen.
pub fn draw(state: &AppState, frame: &mut Frame) {
    let areas = Areas::new(frame.area(), state);
    top_bar::draw(state, frame, areas.top);
    if let Some(area) = areas.gauge {
        gauge::draw(state, frame, area);
    }
    status_line::draw_search(state, frame, areas.search);
    if let Some(area) = areas.table {
        table::draw(state, frame, area);
    }
    if let Some(area) = areas.preview {
        preview::draw(state, frame, area);
    }
    if let Some(area) = areas.log {
        log::draw(state, frame, area);
    }
    status_line::draw_status(state, frame, areas.status);
    draw_overlay(state, frame);
}

fn draw_overlay(state: &AppState, frame: &mut Frame) {
    match &state.overlay {
        Overlay::None => {}
        Overlay::Help => help::draw(state, frame),
        Overlay::Picker { cursor } => picker::draw(state, frame, *cursor),
        Overlay::Confirm(confirm) => confirm::draw(state, frame, confirm),
        Overlay::Triage { groups, cursor } => triage::draw(state, frame, groups, *cursor),
        Overlay::Compare(compare) => compare::draw(state, frame, compare),
        Overlay::Notice { title, lines } => confirm::draw_notice(state, frame, title, lines),
    }
}
