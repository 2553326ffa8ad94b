//! The `g` overlay: the payload beside the profile Datanuum stores now.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::popup;
use crate::tui::state::AppState;
use crate::tui::state::overlay::{Compare, FetchState};
use crate::tui::text_width::fit;

const KEY_WIDTH: usize = 12;
const VALUE_WIDTH: usize = 28;

pub fn draw(state: &AppState, frame: &mut Frame, compare: &Compare) {
    let theme = state.theme;
    let mut lines = vec![Line::styled(
        format!(
            "  {}{}{}",
            fit("field", KEY_WIDTH),
            fit("will send", VALUE_WIDTH),
            "Datanuum now"
        ),
        theme.title(),
    )];
    let profile = match &compare.fetched {
        FetchState::Loading => {
            lines.push(Line::styled("Fetching…", theme.dim()));
            None
        }
        FetchState::NotFound => {
            lines.push(Line::styled(
                "Not found (1005): a send creates this customer.",
                theme.warning(),
            ));
            None
        }
        FetchState::Failed(reason) => {
            lines.push(Line::styled(
                format!("Fetch failed: {reason}"),
                theme.error(),
            ));
            None
        }
        FetchState::Found(value) => Some(value.get("profile").unwrap_or(value)),
    };
    if let Some(profile) = profile {
        for (key, value) in &compare.payload {
            let now = profile.get(key);
            let changed = now.is_none_or(|now| !same(now, value));
            let mark = if changed { "≠ " } else { "  " };
            let style = if changed {
                theme.warning()
            } else {
                theme.dim()
            };
            lines.push(Line::from(vec![
                Span::styled(mark, style),
                Span::raw(fit(key, KEY_WIDTH)),
                Span::styled(fit(&plain(value), VALUE_WIDTH), style),
                Span::raw(now.map_or_else(|| "(none)".to_string(), plain)),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "≠ changes on send · any key closes",
        theme.dim(),
    ));
    popup::draw_lines(frame, theme, &format!("Profile · {}", compare.code), lines);
}

/// Compares as text, because Datanuum may return a phone as a JSON number.
fn same(now: &Value, sent: &Value) -> bool {
    plain(now) == plain(sent)
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
