//! Colours and emphasis, with a colourless variant for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::outcome::{OutcomeKind, Status};
use crate::tui::state::log::LogKind;

/// Styles that mark meaning: colours, or emphasis only under `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Returns the colour theme unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Theme { color: !no_color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Style of a status cell and of a row with that status.
    pub fn status(self, status: Status) -> Style {
        match status {
            Status::Done(OutcomeKind::Created | OutcomeKind::Updated) => self.fg(Color::Green),
            Status::Done(OutcomeKind::Skipped) => self.fg(Color::Cyan),
            Status::Done(OutcomeKind::Failed) => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Status::Done(OutcomeKind::Invalid) => self.fg(Color::Magenta),
            Status::Queued | Status::Sending => self.fg(Color::Yellow),
            Status::Unknown => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Status::Pending => Style::new(),
        }
    }

    pub fn log(self, kind: LogKind) -> Style {
        match kind {
            LogKind::Success => self.fg(Color::Green),
            LogKind::Failure => self.fg(Color::Red),
            LogKind::Warning => self.fg(Color::Yellow),
            LogKind::Info => self.fg(Color::Gray),
        }
    }

    /// Style of a production config's name: a warning colour, bold either way.
    pub fn production(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            style.fg(Color::White).bg(Color::Red)
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// Style of the highlighted row.
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// Style of the characters a search matched.
    pub fn matched(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
