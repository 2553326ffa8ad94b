//! Background work started by the controller. Each task gets clones of what it needs and a
//! message sender, runs off the UI thread, and reports back with a [`Message`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::app::App;
use super::engine::{self, ExportRequest, SearchIndex};
use super::message::{LoadMessage, Message, MessageSender};
use super::state::LoadState;
use super::state::overlay::{Compare, FetchState, Overlay};
use crate::load::{self, LoadEvent};

impl App {
    /// Reads the CSV in the background, preparing each row for the current config.
    pub(super) fn start_load(&mut self) {
        let (Some(path), Some(config)) = (self.csv.clone(), self.state.config.clone()) else {
            return;
        };
        self.load_started = true;
        self.state.file.load = LoadState::Loading {
            bytes_read: 0,
            total_bytes: 0,
        };
        let mut options = self.load_options.clone();
        if options.columns.is_empty() {
            options.columns = config.columns.clone();
        }
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let mut columns = None;
            let mut sink =
                |event: LoadEvent| forward_load_event(&sender, &config, &mut columns, event);
            let result = load::load_streaming(&path, &options, &mut sink);
            let message = match result {
                Ok(()) => LoadMessage::Done,
                Err(error) => LoadMessage::Failed(error.to_string()),
            };
            let _ = sender.send(Message::Load(message));
        });
    }

    /// Reads the journal of the current config in the background.
    pub(super) fn start_restore(&mut self) {
        let Some(config) = &self.state.config else {
            return;
        };
        let config_code = config.code.clone();
        let data_dir = self.data_dir.clone();
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let restored = engine::restore(&data_dir, &config_code);
            let _ = sender.send(Message::Restored {
                config_code,
                restored,
            });
        });
    }

    /// Rebuilds every payload after the config changed.
    pub(super) fn start_reprepare(&mut self) {
        let Some(config) = self.state.config.clone() else {
            return;
        };
        let columns = Arc::clone(&self.state.list.columns);
        let customers: Vec<_> = self
            .state
            .list
            .rows
            .iter()
            .map(|row| row.customer.clone())
            .collect();
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let prepared = customers
                .iter()
                .map(|customer| engine::prepare(&config, &columns, customer))
                .collect();
            let _ = sender.send(Message::Reprepared {
                config_code: config.code.clone(),
                prepared,
            });
        });
    }

    /// Builds the search index once the whole file is loaded.
    pub(super) fn start_search_index(&mut self) {
        let columns = Arc::clone(&self.state.list.columns);
        let customers: Vec<_> = self
            .state
            .list
            .rows
            .iter()
            .map(|row| row.customer.clone())
            .collect();
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let index = SearchIndex::build(&columns, &customers);
            let _ = sender.send(Message::SearchIndex(Arc::new(index)));
        });
    }

    /// Runs the current query in the background; its result carries the query so a
    /// result for an older query can be dropped.
    pub(super) fn run_search(&mut self) {
        let query = self.state.search.query().to_string();
        if query.is_empty() {
            self.state.list.search_hits = None;
            self.state.list.refresh();
            return;
        }
        let Some(index) = self.state.search.index.clone() else {
            return;
        };
        // A newer keystroke makes the running search stale; tell it to stop early.
        self.search_cancel.store(true, Ordering::Relaxed);
        let cancel = Arc::new(AtomicBool::new(false));
        self.search_cancel = Arc::clone(&cancel);
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(hits) = engine::search(&index, &query, &cancel) {
                let _ = sender.send(Message::SearchResults { query, hits });
            }
        });
    }

    pub(super) fn start_fetch(&mut self) {
        let Some(config) = self.state.config.clone() else {
            self.state.notice = Some("Choose a reward config with c first".into());
            return;
        };
        let list = &self.state.list;
        let Some(row) = list.highlighted().and_then(|index| list.rows.get(index)) else {
            return;
        };
        let Ok(payload) = &row.prepared.payload else {
            self.state.notice = Some("This customer has no valid phone or email to look up".into());
            return;
        };
        let code = row.prepared.code.clone();
        self.state.overlay = Overlay::Compare(Compare {
            code: code.clone(),
            payload: payload.profile.clone(),
            fetched: FetchState::Loading,
        });
        let prepared = row.prepared.clone();
        let sender = self.sender.clone();
        tokio::spawn(async move {
            let result = engine::fetch_profile(config, prepared).await;
            let _ = sender.send(Message::Fetched { code, result });
        });
    }

    pub(super) fn start_export(&mut self) {
        let list = &self.state.list;
        if list.rows.is_empty() {
            self.state.notice = Some("Nothing to export: no customers loaded".into());
            return;
        }
        let Some(config) = &self.state.config else {
            self.state.notice = Some("Choose a reward config with c first".into());
            return;
        };
        let outcomes = list
            .rows
            .iter()
            .map(|row| {
                let time = row.outcome_time.clone().unwrap_or_default();
                row.outcome.clone().map(|outcome| (outcome, time))
            })
            .collect();
        let request = ExportRequest {
            config_code: config.code.clone(),
            columns: Arc::clone(&list.columns),
            customers: list.rows.iter().map(|row| row.customer.clone()).collect(),
            outcomes,
        };
        let data_dir = self.data_dir.clone();
        let sender = self.sender.clone();
        self.state.notice = Some("Exporting…".into());
        tokio::task::spawn_blocking(move || {
            let result = engine::export(&data_dir, request);
            let _ = sender.send(Message::Exported(result));
        });
    }
}

/// Prepares the rows of one load event and sends them to the controller.
fn forward_load_event(
    sender: &MessageSender,
    config: &crate::config::RewardConfig,
    columns: &mut Option<Arc<crate::customer::Columns>>,
    event: LoadEvent,
) {
    let message = match event {
        LoadEvent::Header {
            columns: header,
            encoding,
            ..
        } => {
            *columns = Some(Arc::clone(&header));
            LoadMessage::Header {
                columns: header,
                encoding,
            }
        }
        LoadEvent::Rows {
            customers,
            findings,
            bytes_read,
            total_bytes,
        } => {
            let Some(columns) = columns.as_ref() else {
                return;
            };
            let rows = customers
                .into_iter()
                .map(|customer| {
                    let prepared = engine::prepare(config, columns, &customer);
                    (customer, prepared)
                })
                .collect();
            LoadMessage::Rows {
                rows,
                findings,
                bytes_read,
                total_bytes,
            }
        }
    };
    let _ = sender.send(Message::Load(message));
}
