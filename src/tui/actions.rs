//! The main-view actions beyond moving the cursor: sending, resending, choosing a
//! config, pausing, cancelling, triage and quitting.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedReceiver;
use tui_input::Input;

use super::app::App;
use super::engine::{self, BatchEvent, BatchItem, Restored};
use super::message::Message;
use super::state::LoadState;
use super::state::batch::BatchState;
use super::state::log::{LogEntry, LogKind, now_hms};
use super::state::overlay::{Confirm, Overlay};
use super::state::triage::group_failures;
use super::text_width::counted;
use crate::customer::Customer;
use crate::outcome::Status;

impl App {
    pub(super) fn ask_send(&mut self, force: bool) {
        let rows = self.state.list.send_targets();
        self.ask_batch(rows, false, force);
    }

    pub(super) fn ask_resend(&mut self) {
        let failed: Vec<usize> = self
            .state
            .list
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| engine::is_failed(row.status))
            .map(|(index, _)| index)
            .collect();
        if failed.is_empty() {
            self.state.notice = Some("No failed customers to resend".into());
            return;
        }
        self.state.list.selected = failed.iter().copied().collect();
        self.ask_batch(failed, true, false);
    }

    /// Starts a batch at once, or opens a confirmation first: y/n for more than one customer, the typed
    /// count for a production config, and always for a resend.
    /// Invalid customers are not counted, so the count the operator confirms is the
    /// number of customers that will be sent. They still go into the batch, which records
    /// them as `invalid` with their reason.
    /// With `force`, customers unchanged since their last successful send are sent again.
    fn ask_batch(&mut self, rows: Vec<usize>, resend: bool, force: bool) {
        // Without a config no file is loaded, so this check comes before the others.
        let Some(production) = self.state.config.as_ref().map(|config| config.production) else {
            self.state.notice = Some("Choose a reward config first with c".into());
            return;
        };
        if rows.is_empty() {
            self.state.notice = Some("Nothing to send: no customer is highlighted".into());
            return;
        }
        let (rows, invalid): (Vec<usize>, Vec<usize>) = rows.into_iter().partition(|&index| {
            let row = self.state.list.rows.get(index);
            row.is_some_and(|row| row.summary.sendable())
        });
        if rows.is_empty() {
            self.state.notice = Some("Not sent: the customer has no valid phone or email".into());
            return;
        }
        if !invalid.is_empty() {
            self.state.notice = Some(format!(
                "{} not sent: no valid phone or email (recorded as invalid)",
                counted(invalid.len(), "invalid customer")
            ));
        }
        if self.state.batch_running() {
            self.state.notice = Some("A batch is already running".into());
            return;
        }
        self.state.overlay = if production {
            Overlay::Confirm(Confirm::SendProduction {
                rows,
                invalid,
                typed: Input::default(),
                force,
            })
        } else if rows.len() > 1 || resend {
            Overlay::Confirm(Confirm::Send {
                rows,
                invalid,
                resend,
                force,
            })
        } else {
            self.start_batch(rows, invalid, force);
            Overlay::None
        };
    }

    /// Queues `rows`, then builds their payloads off the UI thread; the batch starts
    /// when they arrive (see [`App::on_batch_prepared`]). The `invalid` rows go into the
    /// batch too, which finishes them as `invalid` without a request.
    pub(super) fn start_batch(&mut self, rows: Vec<usize>, invalid: Vec<usize>, force: bool) {
        let Some(config) = self.state.config.clone() else {
            return;
        };
        let mut customers = self.queue(rows);
        if customers.is_empty() {
            self.state.notice = Some("Nothing to send: every chosen customer is invalid".into());
            return;
        }

        let sendable = customers.len();
        customers.extend(self.invalid_customers(invalid));

        self.state.list.selected.clear();
        self.next_batch += 1;
        let id = self.next_batch;
        self.state.batch = Some(BatchState::new(id, None, customers.len()));

        let mut started = format!("batch started: {}", counted(sendable, "customer"));
        let invalid = customers.len() - sendable;
        if invalid > 0 {
            started.push_str(&format!(", {invalid} invalid recorded without sending"));
        }
        self.state
            .log
            .push(LogEntry::note(now_hms(), started, LogKind::Info));

        let columns = Arc::clone(&self.state.list.columns);
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let items = customers
                .into_iter()
                .map(|(index, customer)| BatchItem {
                    index,
                    prepared: engine::prepare(&config, &columns, &customer),
                })
                .collect();
            let _ = sender.send(Message::BatchPrepared {
                batch: id,
                items,
                force,
            });
        });
    }

    /// Starts sending the payloads built for batch `id`.
    pub(super) fn on_batch_prepared(&mut self, id: u64, items: Vec<BatchItem>, force: bool) {
        let (Some(config), Some(batch)) = (self.state.config.clone(), &self.state.batch) else {
            return;
        };
        if batch.id != id {
            return;
        }
        let (control, events, warning) = engine::start_batch(config, items, &self.data_dir, force);
        if let Some(warning) = warning {
            self.state
                .log
                .push(LogEntry::note(now_hms(), warning, LogKind::Warning));
        }
        self.forward_batch_events(id, events);
        if let Some(batch) = &mut self.state.batch {
            batch.attach(control);
        }
    }

    /// Marks the sendable rows among `rows` as queued and returns them with a copy of
    /// their customers, for building the payloads.
    fn queue(&mut self, rows: Vec<usize>) -> Vec<(usize, Customer)> {
        let mut queued = Vec::new();
        for index in rows {
            let Some(row) = self.state.list.rows.get(index) else {
                continue;
            };
            if !row.summary.sendable() {
                continue;
            }
            queued.push((index, row.customer.clone()));
            self.state.list.set_status(index, Status::Queued);
        }
        queued
    }

    /// Returns the invalid rows among `rows` with a copy of their customers. Their status
    /// stays `invalid`, because no request is made for them.
    fn invalid_customers(&self, rows: Vec<usize>) -> Vec<(usize, Customer)> {
        rows.into_iter()
            .filter_map(|index| {
                let row = self.state.list.rows.get(index)?;
                (!row.summary.sendable()).then(|| (index, row.customer.clone()))
            })
            .collect()
    }

    /// Passes the batch's events to the controller, tagged with the batch `id`.
    fn forward_batch_events(&self, id: u64, mut events: UnboundedReceiver<BatchEvent>) {
        let sender = self.sender.clone();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                let message = Message::Batch { batch: id, event };
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
    }

    pub(super) fn open_picker(&mut self) {
        if self.state.batch_running() {
            self.state.notice = Some("Wait for the batch to finish before changing config".into());
            return;
        }
        // Rows still arriving are prepared for the config the load started with.
        if matches!(self.state.file.load, LoadState::Loading { .. }) {
            self.state.notice =
                Some("Wait for the file to finish loading before changing config".into());
            return;
        }
        let current = self.state.config.as_ref().and_then(|config| {
            self.state
                .configs
                .configs
                .iter()
                .position(|candidate| candidate.code == config.code)
        });
        self.state.overlay = Overlay::Picker {
            cursor: current.unwrap_or(0),
        };
    }

    /// Switches to the config at `position` and rebuilds payloads and statuses for it.
    pub(super) fn choose_config(&mut self, position: usize) {
        let Some(config) = self.state.configs.configs.get(position).cloned() else {
            return;
        };
        let unchanged = self
            .state
            .config
            .as_ref()
            .is_some_and(|current| current.code == config.code);
        if unchanged {
            return;
        }
        self.state.config = Some(Arc::new(config));
        self.restored = Restored::default();
        self.start_restore();
        if self.load_started {
            self.start_reprepare();
        } else {
            self.start_load();
        }
    }

    pub(super) fn toggle_pause(&mut self) {
        let Some(batch) = &mut self.state.batch else {
            self.state.notice = Some("No batch is running".into());
            return;
        };
        let paused = !batch.paused;
        batch.set_paused(paused);
    }

    /// Cancels the running batch; without one, clears the search and the triage group.
    pub(super) fn cancel_or_clear(&mut self) {
        if let Some(batch) = &mut self.state.batch {
            batch.cancel("cancelled");
            return;
        }
        self.state.list.group = None;
        self.clear_search();
    }

    pub(super) fn open_triage(&mut self) {
        let groups = group_failures(&self.state.list.rows);
        self.state.overlay = Overlay::Triage { groups, cursor: 0 };
    }

    pub(super) fn ask_quit(&mut self) {
        if self.state.batch_running() {
            self.state.overlay = Overlay::Confirm(Confirm::Quit);
        } else {
            self.quit = true;
        }
    }
}
