//! The accumulated response and error log shown in the lower side panel.

use crate::outcome::{Outcome, OutcomeKind};
use crate::tui::engine::{AttemptRecord, Step};

/// The colour class of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Success,
    Failure,
    /// An attempt that will be retried, or a note about the batch.
    Info,
    Warning,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// Local wall-clock time, `HH:MM:SS`.
    pub time: String,
    pub code: String,
    pub action: String,
    pub status: String,
    pub message: String,
    pub kind: LogKind,
}

impl LogEntry {
    /// Creates the entry for a finished customer.
    pub fn finished(time: String, outcome: &Outcome) -> LogEntry {
        let kind = match outcome.outcome {
            kind if kind.is_success() => LogKind::Success,
            OutcomeKind::Invalid => LogKind::Warning,
            _ => LogKind::Failure,
        };
        let status = match (outcome.http_status, outcome.datanuum_code) {
            (Some(http), Some(code)) => format!("{http}/{code}"),
            (Some(http), None) => http.to_string(),
            (None, Some(code)) => code.to_string(),
            (None, None) => "-".to_string(),
        };
        LogEntry {
            time,
            code: outcome.customer.clone(),
            action: outcome.outcome.as_str().to_string(),
            status,
            message: outcome.message.clone(),
            kind,
        }
    }

    /// Creates the entry for one request: retries and the switch to an update are notes,
    /// the final attempt is coloured by its outcome.
    pub fn attempt(time: String, code: &str, record: &AttemptRecord) -> LogEntry {
        let kind = match record.step {
            Step::Final(outcome) if outcome.is_success() => LogKind::Success,
            Step::Final(_) => LogKind::Failure,
            Step::Retry | Step::Duplicate => LogKind::Info,
        };
        let status = match (record.http_status, record.datanuum_code) {
            (Some(http), Some(code)) => format!("{http}/{code}"),
            (Some(http), None) => http.to_string(),
            (None, Some(code)) => code.to_string(),
            (None, None) => "-".to_string(),
        };
        LogEntry {
            time,
            code: code.to_string(),
            action: format!(
                "{} #{} {}",
                record.action.as_str(),
                record.attempt,
                record.step.as_str()
            ),
            status,
            message: record.message.clone(),
            kind,
        }
    }

    /// Creates a note that concerns the whole batch or screen rather than one customer.
    pub fn note(time: String, message: impl Into<String>, kind: LogKind) -> LogEntry {
        LogEntry {
            time,
            code: String::new(),
            action: String::new(),
            status: String::new(),
            message: message.into(),
            kind,
        }
    }
}

/// The log lines and how far the operator scrolled back.
#[derive(Debug, Clone, Default)]
pub struct LogState {
    pub entries: Vec<LogEntry>,
    /// Lines scrolled back from the newest; 0 follows new lines.
    pub back: usize,
}

impl LogState {
    /// Appends a line; a view scrolled back keeps showing the same lines.
    pub fn push(&mut self, entry: LogEntry) {
        if self.back > 0 {
            self.back += 1;
        }
        self.entries.push(entry);
    }

    /// Scrolls back (positive) or forward (negative) by `lines`.
    pub fn scroll(&mut self, lines: isize) {
        let max = self.entries.len().saturating_sub(1);
        self.back = self.back.saturating_add_signed(lines).min(max);
    }
}

/// Returns the local time of day as `HH:MM:SS`.
pub fn now_hms() -> String {
    let now = jiff::Zoned::now();
    now.strftime("%H:%M:%S").to_string()
}
