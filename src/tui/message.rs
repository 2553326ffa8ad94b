//! Messages that background tasks send to the controller.
//!
//! A spawned task (CSV load, search, batch, profile fetch, export, signal watcher) owns a
//! clone of [`MessageSender`] and reports back through it, so it never touches screen state.
//! The controller owns the only receiver and applies each message in one place.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::engine::{BatchEvent, BatchItem, Restored};
use super::state::table::Summary;
use crate::customer::{Columns, Customer, Finding};

/// The sending half handed to background tasks.
pub type MessageSender = UnboundedSender<Message>;

/// Something that happened outside the key handler.
#[derive(Debug)]
pub enum Message {
    /// Progress of the CSV load task.
    Load(LoadMessage),
    /// Results of one search; dropped when `query` is no longer the current query.
    SearchResults { query: String, hits: Vec<usize> },
    /// Summaries of the rows from `start` on, checked in the background after a load;
    /// dropped when `config_code` is no longer the current config.
    Checked {
        config_code: String,
        start: usize,
        summaries: Vec<Summary>,
    },
    /// The search index was rebuilt for a newly chosen config; dropped when
    /// `config_code` is stale.
    Reindexed { config_code: String },
    /// Payloads built for the batch `batch`, off the UI thread.
    BatchPrepared {
        batch: u64,
        items: Vec<BatchItem>,
        force: bool,
    },
    /// The journal of the current config was read.
    Restored {
        config_code: String,
        restored: Result<Restored, String>,
    },
    /// An event from the running batch, tagged with the batch it belongs to.
    Batch { batch: u64, event: BatchEvent },
    /// The profile fetched for the `g` view.
    Fetched {
        code: String,
        result: Result<Option<serde_json::Value>, String>,
    },
    /// The export task finished.
    Exported(Result<Vec<PathBuf>, String>),
    /// SIGTERM or SIGHUP arrived: leave the loop and restore the terminal.
    Terminate,
}

/// Progress of the CSV load task.
#[derive(Debug)]
pub enum LoadMessage {
    Header {
        columns: Arc<Columns>,
        encoding: &'static str,
    },
    Rows {
        customers: Vec<Customer>,
        findings: Vec<Finding>,
        bytes_read: u64,
        total_bytes: u64,
    },
    Done,
    Failed(String),
}
