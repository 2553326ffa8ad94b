//! Questions before sending or quitting, and notices the operator dismisses.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::popup;
use crate::tui::state::AppState;
use crate::tui::state::overlay::Confirm;
use crate::tui::text_width::counted;

pub fn draw(state: &AppState, frame: &mut Frame, confirm: &Confirm) {
    let theme = state.theme;
    let target = state.config.as_ref().map_or_else(String::new, |config| {
        format!("{} ({})", config.code, config.host())
    });
    let lines = match confirm {
        Confirm::Send {
            rows,
            resend,
            force,
            ..
        } => {
            let verb = if *resend { "Resend" } else { "Send" };
            let forced = if *force { ", unchanged ones too" } else { "" };
            vec![
                Line::raw(format!(
                    "{verb} {} to {target}{forced}?",
                    counted(rows.len(), "customer")
                )),
                Line::raw(""),
                Line::styled("y send · n cancel", theme.dim()),
            ]
        }
        Confirm::SendProduction { rows, typed, .. } => vec![
            Line::from(vec![
                Span::styled(" PRODUCTION ", theme.production()),
                Span::raw(format!(" {target}")),
            ]),
            Line::raw(format!(
                "Type {} and Enter to send {}.",
                rows.len(),
                counted(rows.len(), "customer")
            )),
            Line::from(vec![
                Span::styled("> ", theme.key()),
                Span::raw(typed.value().to_string()),
            ]),
            Line::styled("Esc cancel", theme.dim()),
        ],
        Confirm::Quit => vec![
            Line::raw("A batch is running. Cancel it and quit?"),
            Line::raw(""),
            Line::styled("y quit · n stay", theme.dim()),
        ],
    };
    popup::draw_lines(frame, theme, "Confirm", lines);
}

pub fn draw_notice(state: &AppState, frame: &mut Frame, title: &str, lines: &[String]) {
    let mut text: Vec<Line<'static>> = lines.iter().map(|line| Line::raw(line.clone())).collect();
    text.push(Line::raw(""));
    text.push(Line::styled("Any key closes this.", state.theme.dim()));
    popup::draw_lines(frame, state.theme, title, text);
}
