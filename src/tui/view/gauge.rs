//! The batch progress line: counts, rate, ETA and pause state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Gauge;

use crate::tui::state::AppState;
use crate::tui::state::batch::BatchState;

pub fn draw(state: &AppState, frame: &mut Frame, area: Rect) {
    let Some(batch) = &state.batch else {
        return;
    };
    let style = if state.theme.color {
        Style::new().fg(Color::Green).bg(Color::Black)
    } else {
        Style::new()
    };
    let gauge = Gauge::default()
        .gauge_style(style)
        .ratio(batch.ratio())
        .label(label(state, batch));
    frame.render_widget(gauge, area);
}

fn label(state: &AppState, batch: &BatchState) -> String {
    let rate = batch.rate(state.now);
    let eta = batch
        .eta(state.now)
        .map_or_else(|| "--:--".to_string(), |eta| minutes_seconds(eta.as_secs()));
    let mut text = format!(
        "sent {} · failed {} · remaining {} · {rate:.1}/s · ETA {eta}",
        batch.sent,
        batch.failed,
        batch.remaining()
    );
    if batch.invalid > 0 {
        text.push_str(&format!(" · invalid {}", batch.invalid));
    }
    if batch.paused {
        text.push_str(" · PAUSED (p resumes)");
    }
    if let Some(reason) = &batch.stopping {
        text.push_str(&format!(" · stopping: {reason}"));
    }
    text
}

fn minutes_seconds(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
