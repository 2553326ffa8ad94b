//! Background work started by the controller. Each task gets clones of what it needs and a
//! message sender, runs off the UI thread, and reports back with a [`Message`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::app::App;
use super::engine::{self, ExportRequest, SearchIndex, SharedIndex, SharedSearcher};
use super::message::{LoadMessage, Message, MessageSender};
use super::state::LoadState;
use super::state::overlay::{Compare, FetchState, Overlay};
use super::state::table::Summary;
use crate::config::RewardConfig;
use crate::customer::{Columns, Customer};
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
        let index = SharedIndex::default();
        self.live_index = Some(Arc::clone(&index));
        self.searcher_reset();
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let mut load = LoadTask {
                sender: &sender,
                config: &config,
                index: &index,
                columns: None,
            };
            let result = load::load_streaming(&path, &options, &mut |event| load.forward(event));
            if let Ok(mut index) = index.write() {
                index.shrink_to_fit();
            }
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

    /// Rebuilds every payload summary, and the index's normalised phones, after the
    /// config changed.
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
        let index = self.live_index.clone();
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let summaries = summarize(&config, &columns, &customers);
            if let Some(index) = index {
                let mut fresh = SearchIndex::new(&columns);
                fresh.extend_with_mobiles(&customers, |row| phone_text(&summaries, row));
                fresh.shrink_to_fit();
                if let Ok(mut index) = index.write() {
                    *index = fresh;
                }
            }
            let _ = sender.send(Message::Reprepared {
                config_code: config.code.clone(),
                summaries: summaries.into_iter().map(|(summary, _)| summary).collect(),
            });
        });
    }

    /// Forgets the searcher's previous result, after the index was replaced.
    pub(super) fn searcher_reset(&mut self) {
        self.searcher = SharedSearcher::default();
    }

    /// Runs the current query in the background; its result carries the query so a
    /// result for an older query can be dropped.
    pub(super) fn run_search(&mut self) {
        let query = self.state.search.query().to_string();
        if query.is_empty() {
            self.state.list.search_hits = None;
            self.state.list.refresh_view();
            return;
        }
        let Some(index) = self.live_index.clone() else {
            return;
        };
        let searcher = Arc::clone(&self.searcher);
        // A newer keystroke makes the running search stale; tell it to stop early.
        self.search_cancel.store(true, Ordering::Relaxed);
        let cancel = Arc::new(AtomicBool::new(false));
        self.search_cancel = Arc::clone(&cancel);
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(hits) = engine::search(&searcher, &index, &query, &cancel) {
                let _ = sender.send(Message::SearchResults { query, hits });
            }
        });
    }

    pub(super) fn start_fetch(&mut self) {
        let Some(config) = self.state.config.clone() else {
            self.state.notice = Some("Choose a reward config first with c".into());
            return;
        };
        let list = &self.state.list;
        let Some(row) = list.highlighted().and_then(|index| list.rows.get(index)) else {
            return;
        };
        let prepared = engine::prepare(&config, &list.columns, &row.customer);
        let Ok(payload) = &prepared.payload else {
            self.state.notice = Some("This customer has no valid phone or email to look up".into());
            return;
        };
        let code = prepared.code.clone();
        self.state.overlay = Overlay::Compare(Compare {
            code: code.clone(),
            payload: payload.profile.clone(),
            fetched: FetchState::Loading,
        });
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
                let history = row.history.as_deref()?;
                let time = history.outcome_time.clone().unwrap_or_default();
                history.outcome.clone().map(|outcome| (outcome, time))
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

/// The load task's side of the load: it summarises each chunk of rows, adds them to the
/// search index and sends them to the controller.
struct LoadTask<'a> {
    sender: &'a MessageSender,
    config: &'a RewardConfig,
    index: &'a SharedIndex,
    columns: Option<Arc<Columns>>,
}

impl LoadTask<'_> {
    fn forward(&mut self, event: LoadEvent) {
        let message = match event {
            LoadEvent::Header {
                columns, encoding, ..
            } => {
                if let Ok(mut index) = self.index.write() {
                    *index = SearchIndex::new(&columns);
                }
                self.columns = Some(Arc::clone(&columns));
                LoadMessage::Header { columns, encoding }
            }
            LoadEvent::Rows {
                customers,
                findings,
                bytes_read,
                total_bytes,
            } => {
                let Some(columns) = self.columns.as_ref() else {
                    return;
                };
                let summaries = summarize(self.config, columns, &customers);
                // The lock waits for a running search. The rows reach the screen after
                // the index has them, so a search never returns a row the table lacks.
                if let Ok(mut index) = self.index.write() {
                    index.extend_with_mobiles(&customers, |row| phone_text(&summaries, row));
                }
                let rows = customers
                    .into_iter()
                    .zip(summaries)
                    .map(|(customer, (summary, _))| (customer, summary))
                    .collect();
                LoadMessage::Rows {
                    rows,
                    findings,
                    bytes_read,
                    total_bytes,
                }
            }
        };
        let _ = self.sender.send(Message::Load(message));
    }
}

/// Summarises each customer's payload, with its normalised phone as text for the index.
fn summarize(
    config: &RewardConfig,
    columns: &Columns,
    customers: &[Customer],
) -> Vec<(Summary, String)> {
    customers
        .iter()
        .map(|customer| {
            let summary = Summary::of(&engine::prepare(config, columns, customer));
            let phone = summary
                .phone
                .map(|phone| phone.to_string())
                .unwrap_or_default();
            (summary, phone)
        })
        .collect()
}

fn phone_text(summaries: &[(Summary, String)], row: usize) -> &str {
    summaries.get(row).map_or("", |(_, phone)| phone.as_str())
}
