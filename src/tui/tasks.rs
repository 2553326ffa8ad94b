//! Background work started by the controller. Each task gets clones of what it needs and a
//! message sender, runs off the UI thread, and reports back with a [`Message`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::app::App;
use super::engine::{self, ExportRequest, SearchForm, SearchIndex, SharedIndex, SharedSearcher};
use super::message::{LoadMessage, Message, MessageSender};
use super::state::LoadState;
use super::state::overlay::{Compare, FetchState, Overlay};
use crate::customer::{Columns, Customer, Field};
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
        let mut task = LoadTask {
            sender: self.sender.clone(),
            search_form: SearchForm::new(&config.default_country),
            index,
            columns: None,
        };
        // The loader reads and cleans rows on one thread while a second one indexes them
        // and hands them to the screen, so a large file keeps both cores busy.
        let (steps, arriving) = std::sync::mpsc::channel::<LoadStep>();
        tokio::task::spawn_blocking(move || {
            for step in arriving {
                match step {
                    LoadStep::Event(event) => task.forward(event),
                    LoadStep::End(result) => task.finish(result),
                }
            }
        });
        tokio::task::spawn_blocking(move || {
            let result = load::load_streaming(&path, &options, &mut |event| {
                let _ = steps.send(LoadStep::Event(event));
            });
            let _ = steps.send(LoadStep::End(result.map_err(|error| error.to_string())));
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

    /// Starts over after the config changed: every row unchecked and pending until the
    /// journal and the checks for the new config arrive, and the index rebuilt with the
    /// phones in the new default country's form.
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
        self.state.list.uncheck_all();
        self.check_rows_from(0);
        let index = self.live_index.clone();
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(index) = index {
                let mut fresh = SearchIndex::new(&columns);
                let form = SearchForm::new(&config.default_country);
                fresh.extend_with_mobiles(&customers, search_phone(&form, &columns, &customers));
                fresh.shrink_to_fit();
                if let Ok(mut index) = index.write() {
                    *index = fresh;
                }
            }
            let _ = sender.send(Message::Reindexed {
                config_code: config.code.clone(),
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
        self.state.search.pending = false;
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
        self.state.search.pending = true;
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

/// Message from the loader thread to the indexing thread.
enum LoadStep {
    Event(LoadEvent),
    /// The load ended, with the reason when the file could not be read.
    End(Result<(), String>),
}

/// The indexing thread's side of the load: it adds each chunk of rows to the search
/// index and sends them to the controller.
struct LoadTask {
    sender: MessageSender,
    search_form: SearchForm,
    index: SharedIndex,
    columns: Option<Arc<Columns>>,
}

impl LoadTask {
    /// Finishes the index and reports the end of the load.
    fn finish(&mut self, result: Result<(), String>) {
        if let Ok(mut index) = self.index.write() {
            index.shrink_to_fit();
        }
        let message = match result {
            Ok(()) => LoadMessage::Done,
            Err(reason) => LoadMessage::Failed(reason),
        };
        let _ = self.sender.send(Message::Load(message));
    }

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
                // The lock waits for a running search. The rows reach the screen after
                // the index has them, so a search never returns a row the table lacks.
                if let Ok(mut index) = self.index.write() {
                    let phones = search_phone(&self.search_form, columns, &customers);
                    index.extend_with_mobiles(&customers, phones);
                }
                LoadMessage::Rows {
                    customers,
                    findings,
                    bytes_read,
                    total_bytes,
                }
            }
        };
        let _ = self.sender.send(Message::Load(message));
    }
}

/// Writes a customer's phone in its likely API form, for the search index.
fn search_phone<'a>(
    form: &'a SearchForm,
    columns: &'a Columns,
    customers: &'a [Customer],
) -> impl FnMut(usize, &mut String) + 'a {
    move |row, out| {
        if let Some(customer) = customers.get(row) {
            form.write(customer.field(columns, Field::Mobile), out);
        }
    }
}
