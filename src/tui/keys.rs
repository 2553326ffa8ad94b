//! The one table that maps keys to actions.
//!
//! The key handler, the status line and the `?` help overlay all read [`BINDINGS`], so the
//! keys the screen handles and the keys it documents cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A command of the main view, bound to one or more keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Search,
    ToggleSelect,
    SelectAll,
    ClearSelection,
    Send,
    ForceSend,
    CycleFilter,
    ResendFailed,
    PickConfig,
    FocusNext,
    Export,
    Pause,
    Cancel,
    Fetch,
    Triage,
    Help,
    Quit,
}

/// A key with the modifiers it needs. Shift is ignored for characters, because the
/// character itself is already upper or lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub control: bool,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        control: false,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

/// One row of the binding table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// The keys as the help overlay writes them.
    pub label: &'static str,
    /// Description of the action for the help overlay.
    pub help: &'static str,
    /// Short name on the status line; `None` keeps the binding out of the status line.
    pub status: Option<&'static str>,
    /// When set, the help overlay shows this binding on the previous binding's line, with
    /// this text for both, so the overlay fits a 24-line terminal.
    pub joined: Option<&'static str>,
}

/// Every key of the main view.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        action: Action::Up,
        label: "↑ k",
        help: "move up in the focused list",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        action: Action::Down,
        label: "↓ j",
        help: "move down in the focused list",
        status: None,
        joined: Some("move up or down in the focused list"),
    },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        action: Action::PageUp,
        label: "PgUp",
        help: "move one page up",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[plain(KeyCode::PageDown)],
        action: Action::PageDown,
        label: "PgDn",
        help: "move one page down",
        status: None,
        joined: Some("move one page up or down"),
    },
    Binding {
        keys: &[plain(KeyCode::Home)],
        action: Action::Home,
        label: "Home",
        help: "go to the first line",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[plain(KeyCode::End)],
        action: Action::End,
        label: "End",
        help: "go to the last line",
        status: None,
        joined: Some("go to the first or last line"),
    },
    Binding {
        keys: &[ch('/')],
        action: Action::Search,
        label: "/",
        help: "search customers (Enter keeps the filter, Esc clears it)",
        status: Some("search"),
        joined: None,
    },
    Binding {
        keys: &[ch(' ')],
        action: Action::ToggleSelect,
        label: "Space",
        help: "select or unselect the highlighted customer",
        status: Some("select"),
        joined: None,
    },
    Binding {
        keys: &[ch('a')],
        action: Action::SelectAll,
        label: "a",
        help: "select every customer in the current view",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('A')],
        action: Action::ClearSelection,
        label: "A",
        help: "clear the selection",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('s')],
        action: Action::Send,
        label: "s",
        help: "send the selection, or the highlighted customer",
        status: Some("send"),
        joined: None,
    },
    Binding {
        keys: &[ch('S')],
        action: Action::ForceSend,
        label: "S",
        help: "send as s does, unchanged customers too",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('f')],
        action: Action::CycleFilter,
        label: "f",
        help: "status filter: all, failed, pending, sent, invalid",
        status: Some("filter"),
        joined: None,
    },
    Binding {
        keys: &[ch('r')],
        action: Action::ResendFailed,
        label: "r",
        help: "select every failed customer and offer to resend them",
        status: Some("resend"),
        joined: None,
    },
    Binding {
        keys: &[ch('c')],
        action: Action::PickConfig,
        label: "c",
        help: "choose another reward config",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[plain(KeyCode::Tab)],
        action: Action::FocusNext,
        label: "Tab",
        help: "move focus: table, preview, log",
        status: Some("focus"),
        joined: None,
    },
    Binding {
        keys: &[ch('e')],
        action: Action::Export,
        label: "e",
        help: "export results to CSV",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('p')],
        action: Action::Pause,
        label: "p",
        help: "pause or resume the running batch",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('x'), plain(KeyCode::Esc)],
        action: Action::Cancel,
        label: "x Esc",
        help: "cancel the running batch (Esc also clears the search)",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('g')],
        action: Action::Fetch,
        label: "g",
        help: "fetch the profile Datanuum stores now and compare",
        status: None,
        joined: None,
    },
    Binding {
        keys: &[ch('t')],
        action: Action::Triage,
        label: "t",
        help: "error triage: failures grouped by cause",
        status: Some("triage"),
        joined: None,
    },
    Binding {
        keys: &[ch('?')],
        action: Action::Help,
        label: "?",
        help: "show this help",
        status: Some("help"),
        joined: None,
    },
    Binding {
        keys: &[
            ch('q'),
            Key {
                code: KeyCode::Char('c'),
                control: true,
            },
        ],
        action: Action::Quit,
        label: "q Ctrl-C",
        help: "quit (asks first while a batch runs)",
        status: Some("quit"),
        joined: None,
    },
];

/// Returns the action bound to `event` in the main view.
pub fn action_for(event: &KeyEvent) -> Option<Action> {
    let control = event.modifiers.contains(KeyModifiers::CONTROL);
    BINDINGS
        .iter()
        .find(|binding| {
            binding
                .keys
                .iter()
                .any(|key| key.code == event.code && key.control == control)
        })
        .map(|binding| binding.action)
}

/// Returns the first key label of `action`, for hints such as "p pause".
pub fn first_key(action: Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|binding| binding.action == action)
        .and_then(|binding| binding.label.split(' ').next())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_c_quits_but_c_picks_config() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(action_for(&ctrl_c), Some(Action::Quit));
        assert_eq!(action_for(&c), Some(Action::PickConfig));
    }

    #[test]
    fn shifted_a_clears_selection() {
        let key = KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&key), Some(Action::ClearSelection));
    }

    #[test]
    fn every_action_has_one_binding() {
        let mut actions: Vec<_> = BINDINGS.iter().map(|b| format!("{:?}", b.action)).collect();
        let before = actions.len();
        actions.sort();
        actions.dedup();
        assert_eq!(actions.len(), before);
    }
}
