//! Turning key and mouse events into state changes, split by what has the keyboard: an
//! overlay, the search box, or the main view through the binding table.

use crossterm::event::{Event, KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use tui_input::backend::crossterm::EventHandler;

use super::app::App;
use super::keys::{self, Action};
use super::state::Focus;
use super::state::overlay::{Confirm, Overlay};
use super::state::table::GroupFilter;
use super::view::layout::Areas;

impl App {
    pub(super) fn handle_key(&mut self, key: KeyEvent) {
        self.state.notice = None;
        if !matches!(self.state.overlay, Overlay::None) {
            self.overlay_key(key);
        } else if self.state.search.editing {
            self.search_key(key);
        } else if let Some(action) = keys::action_for(&key) {
            self.apply(action);
        }
    }

    fn search_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => self.state.search.editing = false,
            KeyCode::Esc => self.clear_search(),
            _ => {
                if self
                    .state
                    .search
                    .input
                    .handle_event(&Event::Key(key))
                    .is_some()
                {
                    self.run_search();
                }
            }
        }
    }

    pub(super) fn clear_search(&mut self) {
        self.state.search.editing = false;
        self.state.search.input.reset();
        self.state.list.search_hits = None;
        self.state.list.refresh_view();
    }

    fn overlay_key(&mut self, key: KeyEvent) {
        match std::mem::take(&mut self.state.overlay) {
            Overlay::None | Overlay::Help | Overlay::Notice { .. } | Overlay::Compare(_) => {}
            Overlay::Picker { cursor } => self.picker_key(key, cursor),
            Overlay::Confirm(confirm) => self.confirm_key(key, confirm),
            Overlay::Triage { groups, cursor } => match key.code {
                KeyCode::Enter => {
                    if let Some(group) = groups.get(cursor) {
                        self.state.list.group = Some(GroupFilter {
                            label: group.label(),
                            rows: group.rows.clone(),
                        });
                        self.state.list.refresh_view();
                        self.state.focus = Focus::Table;
                    }
                }
                KeyCode::Esc | KeyCode::Char('q') => {}
                code => {
                    let cursor = step(cursor, code, groups.len());
                    self.state.overlay = Overlay::Triage { groups, cursor };
                }
            },
        }
    }

    fn picker_key(&mut self, key: KeyEvent, cursor: usize) {
        match key.code {
            KeyCode::Enter => self.choose_config(cursor),
            KeyCode::Esc | KeyCode::Char('q') => {
                if self.state.config.is_none() {
                    self.state.notice =
                        Some("No reward config chosen: press c to choose one".into());
                }
            }
            code => {
                let cursor = step(cursor, code, self.state.configs.configs.len());
                self.state.overlay = Overlay::Picker { cursor };
            }
        }
    }

    fn confirm_key(&mut self, key: KeyEvent, confirm: Confirm) {
        match confirm {
            Confirm::Send {
                rows,
                invalid,
                force,
                ..
            } => {
                if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    self.start_batch(rows, invalid, force);
                }
            }
            Confirm::SendProduction {
                rows,
                invalid,
                mut typed,
                force,
            } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter if typed.value().trim() == rows.len().to_string() => {
                    self.start_batch(rows, invalid, force);
                }
                KeyCode::Enter => {
                    self.state.notice =
                        Some(format!("Not sent: type exactly {} to confirm", rows.len()));
                }
                _ => {
                    typed.handle_event(&Event::Key(key));
                    self.state.overlay = Overlay::Confirm(Confirm::SendProduction {
                        rows,
                        invalid,
                        typed,
                        force,
                    });
                }
            },
            Confirm::Quit => {
                if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    if let Some(batch) = &mut self.state.batch {
                        batch.cancel("the screen was closed");
                    }
                    self.quit = true;
                }
            }
        }
    }

    pub(super) fn handle_mouse(&mut self, mouse: MouseEvent) {
        let areas = Areas::new(self.size, &self.state);
        let over = |area: Option<ratatui::layout::Rect>| {
            area.is_some_and(|area| area.contains((mouse.column, mouse.row).into()))
        };
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta = if mouse.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                if over(areas.log) {
                    self.state.log.scroll(-delta);
                } else if over(areas.preview) {
                    self.scroll_preview(delta);
                } else {
                    self.move_cursor(delta);
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(line) = areas.table_line_at(mouse.column, mouse.row) {
                    let position = self.state.list.offset() + line;
                    if position < self.state.list.view().len() {
                        self.state.list.move_to(position);
                        self.state.preview_scroll = 0;
                        self.state.focus = Focus::Table;
                    }
                }
            }
            _ => {}
        }
    }

    /// Moves the table cursor; the preview of the next customer starts at its top.
    fn move_cursor(&mut self, delta: isize) {
        self.state.list.move_by(delta);
        self.state.preview_scroll = 0;
    }

    pub(super) fn scroll_preview(&mut self, delta: isize) {
        self.state.preview_scroll = self.state.preview_scroll.saturating_add_signed(delta);
    }
}

/// Moves a list cursor for an arrow or `j`/`k` key.
fn step(cursor: usize, code: KeyCode, len: usize) -> usize {
    let last = len.saturating_sub(1);
    match code {
        KeyCode::Up | KeyCode::Char('k') => cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => (cursor + 1).min(last),
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => cursor,
    }
}

/// Returns the action's page size for a table body of `height` lines.
pub(super) fn page(height: usize) -> isize {
    isize::try_from(height.max(1)).unwrap_or(1)
}

impl App {
    /// Applies one action from the binding table.
    pub(super) fn apply(&mut self, action: Action) {
        match action {
            Action::Up => self.move_focused(-1),
            Action::Down => self.move_focused(1),
            Action::PageUp => self.move_focused(-self.page_size()),
            Action::PageDown => self.move_focused(self.page_size()),
            Action::Home => self.move_focused(isize::MIN / 2),
            Action::End => self.move_focused(isize::MAX / 2),
            Action::Search => {
                self.state.search.editing = true;
                self.state.focus = Focus::Table;
            }
            Action::ToggleSelect => self.state.list.toggle_highlighted(),
            // Until the search results arrive, the view still shows the rows before it.
            Action::SelectAll if self.state.search.pending => {
                self.state.notice =
                    Some("The search is still running: press a again once it shows results".into());
            }
            Action::SelectAll => self.state.list.select_view(),
            Action::ClearSelection => self.state.list.selected.clear(),
            Action::Send => self.ask_send(false),
            Action::ForceSend => self.ask_send(true),
            Action::CycleFilter => {
                self.state.list.filter = self.state.list.filter.next();
                self.state.list.refresh_view();
            }
            Action::ResendFailed => self.ask_resend(),
            Action::PickConfig => self.open_picker(),
            Action::FocusNext => self.state.focus = self.state.focus.next(),
            Action::Export => self.start_export(),
            Action::Pause => self.toggle_pause(),
            Action::Cancel => self.cancel_or_clear(),
            Action::Fetch => self.start_fetch(),
            Action::Triage => self.open_triage(),
            Action::Help => self.state.overlay = Overlay::Help,
            Action::Quit => self.ask_quit(),
        }
    }

    fn page_size(&self) -> isize {
        page(Areas::new(self.size, &self.state).table_body_height())
    }

    fn move_focused(&mut self, delta: isize) {
        match self.state.focus {
            Focus::Table => self.move_cursor(delta),
            Focus::Preview => self.scroll_preview(delta),
            Focus::Log => self.state.log.scroll(-delta),
        }
    }
}
