//! The window drawn over the main view, if any, and what it holds.

use tui_input::Input;

use super::triage::TriageGroup;

/// The window drawn over the main view.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    #[default]
    None,
    Help,
    /// The reward-config picker with the highlighted position.
    Picker {
        cursor: usize,
    },
    Confirm(Confirm),
    Triage {
        groups: Vec<TriageGroup>,
        cursor: usize,
    },
    Compare(Compare),
    /// A message the operator dismisses with any key, e.g. the written export paths.
    Notice {
        title: String,
        lines: Vec<String>,
    },
}

/// A question the operator answers before something irreversible happens.
#[derive(Debug, Clone)]
pub enum Confirm {
    /// Send these rows? The operator presses `y` or `n`. With `force`, customers
    /// unchanged since their last successful send are sent again. The `invalid` rows
    /// are not counted in the question, but go into the batch so their outcome is
    /// recorded.
    Send {
        rows: Vec<usize>,
        invalid: Vec<usize>,
        resend: bool,
        force: bool,
    },
    /// Send these rows to a production config? The operator types the count of `rows`.
    SendProduction {
        rows: Vec<usize>,
        invalid: Vec<usize>,
        typed: Input,
        force: bool,
    },
    /// Quit while a batch runs?
    Quit,
}

/// The `g` view: the payload beside the profile Datanuum stores now.
#[derive(Debug, Clone)]
pub struct Compare {
    pub code: String,
    pub payload: serde_json::Map<String, serde_json::Value>,
    pub fetched: FetchState,
}

/// Lifecycle of one profile fetch.
#[derive(Debug, Clone)]
pub enum FetchState {
    Loading,
    /// Datanuum returned error 1005: no account has that phone or email.
    NotFound,
    Found(serde_json::Value),
    Failed(String),
}
