//! The screen's only door into the engine.
//!
//! Every engine call the screen makes goes through this file, so the rest of `tui` depends
//! on one small surface: preparing payloads, previewing requests, searching, running a
//! batch, reading the journal, fetching a profile and exporting results.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::config::RewardConfig;
use crate::customer::{Columns, Customer};
use crate::outcome::{Outcome, OutcomeKind, Status};
use crate::payload::Prepared;

/// Builds the payload for one customer.
pub fn prepare(config: &RewardConfig, columns: &Columns, customer: &Customer) -> Prepared {
    crate::payload::prepare(config, columns, customer)
}

/// Returns the preview of the create request for a prepared customer, token masked, or the
/// reason it cannot be sent.
pub fn preview(config: &RewardConfig, prepared: &Prepared) -> Result<String, String> {
    match &prepared.payload {
        Ok(payload) => Ok(stand_in::preview_text(config, payload)),
        Err(reason) => Err(reason.clone()),
    }
}

/// One customer handed to a batch.
#[derive(Debug, Clone)]
pub struct BatchItem {
    /// Position of the customer in the screen's list.
    pub index: usize,
    pub prepared: Prepared,
}

/// Choices for one batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchOptions {
    /// Send even when the body has not changed since the last success.
    pub force: bool,
    pub dry_run: bool,
}

/// Counts reported when a batch ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub sent: usize,
    pub failed: usize,
    pub unsent: usize,
}

/// One HTTP attempt as the batch reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    pub action: String,
    pub http_status: Option<u16>,
    pub message: String,
}

/// Progress of a running batch.
#[derive(Debug, Clone)]
pub enum BatchEvent {
    Started {
        index: usize,
        code: String,
    },
    Attempt {
        index: usize,
        code: String,
        record: AttemptRecord,
    },
    Finished {
        index: usize,
        outcome: Outcome,
    },
    Paused(bool),
    Stopped {
        reason: String,
    },
    Done(BatchSummary),
}

/// Handle that pauses, resumes or cancels a running batch.
#[derive(Debug, Clone, Default)]
pub struct BatchControl {
    paused: Arc<std::sync::atomic::AtomicBool>,
}

impl BatchControl {
    pub fn pause(&self) {
        self.paused.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn resume(&self) {
        self.paused
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn cancel(&self) {}

    pub fn is_paused(&self) -> bool {
        self.paused.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Starts a batch; its events arrive on the returned receiver.
pub fn start_batch(
    config: Arc<RewardConfig>,
    items: Vec<BatchItem>,
    data_dir: &Path,
    options: BatchOptions,
) -> (BatchControl, UnboundedReceiver<BatchEvent>) {
    let _ = (config, data_dir, options);
    let (sender, receiver) = unbounded_channel();
    let _ = sender.send(BatchEvent::Stopped {
        reason: "sending is not available in this build".to_string(),
    });
    let _ = sender.send(BatchEvent::Done(BatchSummary {
        unsent: items.len(),
        ..BatchSummary::default()
    }));
    (BatchControl::default(), receiver)
}

/// The last known state of customers from earlier runs, keyed by customer code.
#[derive(Debug, Clone, Default)]
pub struct Restored {
    pub statuses: HashMap<String, Status>,
}

/// Reads the journal of `config_code` and returns what earlier runs recorded.
pub fn restore(data_dir: &Path, config_code: &str) -> Result<Restored, String> {
    let _ = (data_dir, config_code);
    Ok(Restored::default())
}

pub use crate::search::SearchIndex;

/// Returns the rows matching `query`, best first, or `None` when `cancel` was set because
/// a newer query made this one stale.
pub fn search(index: &SearchIndex, query: &str, cancel: &AtomicBool) -> Option<Vec<usize>> {
    let result = index.run(query, None, cancel)?;
    Some(result.hits.into_iter().map(|hit| hit.index).collect())
}

/// Fetches the profile Datanuum stores now, or `Ok(None)` for "not found" (error 1005).
pub async fn fetch_profile(
    config: Arc<RewardConfig>,
    prepared: Prepared,
) -> Result<Option<serde_json::Value>, String> {
    let _ = (config, prepared);
    Err("fetching profiles is not available in this build".to_string())
}

/// The rows handed to an export: the loaded customers and their last outcomes.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub csv_path: Option<PathBuf>,
    pub columns: Arc<Columns>,
    pub customers: Vec<Customer>,
    pub outcomes: Vec<Option<Outcome>>,
}

/// Writes the results and failed-rows exports and returns the written paths.
pub fn export(data_dir: &Path, request: ExportRequest) -> Result<Vec<PathBuf>, String> {
    let _ = (data_dir, request);
    Err("exporting is not available in this build".to_string())
}

/// Returns true when a status counts as sent for the status filter.
pub fn is_sent(status: Status) -> bool {
    matches!(status, Status::Done(kind) if kind.is_success())
}

/// Returns true when a status counts as failed for the status filter and resend.
pub fn is_failed(status: Status) -> bool {
    matches!(status, Status::Done(OutcomeKind::Failed) | Status::Unknown)
}

mod stand_in {
    use crate::config::RewardConfig;
    use crate::payload::Payload;

    pub fn preview_text(config: &RewardConfig, payload: &Payload) -> String {
        let body = serde_json::to_string_pretty(&payload.profile).unwrap_or_default();
        let mut text = format!(
            "POST {}/accounts\nContent-Type: application/json\noauth_token: {}\n",
            config.base_url.as_str().trim_end_matches('/'),
            config.token.masked()
        );
        if let Some(branch) = &payload.branch_code {
            text.push_str(&format!("branch_code: {branch}\n"));
        }
        text.push('\n');
        text.push_str(&body);
        text
    }
}
