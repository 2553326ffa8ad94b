//! The screen's only door into the engine.
//!
//! Every engine call the screen makes goes through this file, so the rest of `tui` depends
//! on one small surface: preparing payloads, previewing requests, searching, running a
//! batch, reading the journal, fetching a profile and exporting results.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use tokio::sync::mpsc::UnboundedReceiver;

use crate::config::RewardConfig;
use crate::customer::{Columns, Customer};
use crate::journal::Journal;
use crate::outcome::{Outcome, OutcomeKind, Status};
use crate::payload::Prepared;

pub use crate::batch::{BatchControl, BatchEvent, BatchItem, BatchOptions, BatchSummary};
pub use crate::client::{AttemptRecord, Step};
pub use crate::journal::{Restored, RestoredCustomer};
pub use crate::normalize::phone::SearchForm;
pub use crate::search::{FieldHighlight, SearchIndex, Searcher};

/// Datanuum's error code for "data not found", returned by a fetch of an unknown customer.
const NOT_FOUND: i64 = 1005;

/// Builds the payload for one customer.
pub fn prepare(config: &RewardConfig, columns: &Columns, customer: &Customer) -> Prepared {
    crate::payload::prepare(config, columns, customer)
}

/// Returns the preview of the create request for a prepared customer, token masked, or the
/// reason it cannot be sent.
pub fn preview(config: &RewardConfig, prepared: &Prepared) -> Result<String, String> {
    match &prepared.payload {
        Ok(payload) => {
            let spec = crate::request::create(config, payload);
            Ok(crate::request::preview_text_with(
                &spec,
                &config.token,
                config.auth_placement,
            ))
        }
        Err(reason) => Err(reason.clone()),
    }
}

/// Starts a batch that journals to `data_dir`; its events arrive on the returned receiver.
///
/// Customers whose profile matches their last successful send are skipped unless `force`
/// is set. The second
/// value is a warning when the journal could not be opened, in which case the batch runs
/// without one.
pub fn start_batch(
    config: Arc<RewardConfig>,
    items: Vec<BatchItem>,
    data_dir: &Path,
    force: bool,
) -> (BatchControl, UnboundedReceiver<BatchEvent>, Option<String>) {
    let (journal, restored, warning) = match Journal::open(data_dir, &config.code) {
        Ok((journal, restored)) => (Some(journal), restored, None),
        Err(error) => (
            None,
            Restored::default(),
            Some(format!("journal not written: {error}")),
        ),
    };
    // A forced send leaves the skip list empty, so unchanged customers are sent again.
    let skip_unchanged = if force {
        Default::default()
    } else {
        restored.success_hashes()
    };
    let options = BatchOptions {
        skip_unchanged,
        ..BatchOptions::default()
    };
    let (control, events) = crate::batch::start(config, items, journal, options);
    (control, events, warning)
}

/// Reads the journal of `config_code` and returns what earlier runs recorded.
pub fn restore(data_dir: &Path, config_code: &str) -> Result<Restored, String> {
    Journal::open(data_dir, config_code)
        .map(|(_, restored)| restored)
        .map_err(|error| error.to_string())
}

/// The search index, extended by the load task while the screen searches it.
pub type SharedIndex = Arc<RwLock<SearchIndex>>;

/// The searcher that narrows a query extending the previous one; one search at a time.
pub type SharedSearcher = Arc<Mutex<Searcher>>;

/// Returns the rows matching `query`, best first, or `None` when `cancel` was set because
/// a newer query made this one stale. A search that finds the searcher or the index busy
/// waits for them.
pub fn search(
    searcher: &Mutex<Searcher>,
    index: &RwLock<SearchIndex>,
    query: &str,
    cancel: &AtomicBool,
) -> Option<Vec<usize>> {
    let mut searcher = searcher.lock().unwrap_or_else(PoisonError::into_inner);
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let index = index.read().unwrap_or_else(PoisonError::into_inner);
    let result = searcher.search(&index, query, cancel)?;
    Some(result.hits.iter().map(|hit| hit.index).collect())
}

/// Returns the characters of each displayed field of `customer` that `query` matched.
pub fn highlights(columns: &Columns, customer: &Customer, query: &str) -> Vec<FieldHighlight> {
    crate::search::highlights(columns, customer, query)
}

/// Fetches the profile Datanuum stores now, or `Ok(None)` for "not found" (error 1005).
pub async fn fetch_profile(
    config: Arc<RewardConfig>,
    prepared: Prepared,
) -> Result<Option<serde_json::Value>, String> {
    let payload = prepared.payload?;
    let client = crate::client::Client::new(config).map_err(|error| error.to_string())?;
    let result = client.fetch(&payload).await;
    if result.datanuum_code == Some(NOT_FOUND) {
        return Ok(None);
    }
    match result.body {
        Some(body) => Ok(Some(body)),
        None => {
            let status = result.http_status.map_or_else(
                || "no response".to_string(),
                |status| format!("HTTP {status}"),
            );
            Err(format!("{status}: {}", result.message))
        }
    }
}

/// The rows handed to an export: the loaded customers and their last outcomes.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub config_code: String,
    pub columns: Arc<Columns>,
    pub customers: Vec<Customer>,
    /// Per customer: the last outcome and the time it was recorded.
    pub outcomes: Vec<Option<(Outcome, String)>>,
}

/// Writes the results export and the failed rows in the file's own layout, into
/// `data_dir/exports`, and returns the written paths.
pub fn export(data_dir: &Path, request: ExportRequest) -> Result<Vec<PathBuf>, String> {
    let dir = data_dir.join("exports");
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
    let results_path = dir.join(format!("{}-results-{stamp}.csv", request.config_code));
    let failed_path = dir.join(format!("{}-failed-rows-{stamp}.csv", request.config_code));
    let rows: Vec<crate::export::ResultRow<'_>> = request
        .outcomes
        .iter()
        .flatten()
        .map(|(outcome, time)| crate::export::ResultRow { outcome, time })
        .collect();
    crate::export::export_results(&rows, &results_path).map_err(|error| error.to_string())?;
    let failed: Vec<&Customer> = request
        .customers
        .iter()
        .zip(&request.outcomes)
        .filter(|(_, outcome)| {
            outcome
                .as_ref()
                .is_some_and(|(outcome, _)| outcome.outcome == OutcomeKind::Failed)
        })
        .map(|(customer, _)| customer)
        .collect();
    crate::export::export_failed_rows(&request.columns, &failed, &failed_path)
        .map_err(|error| error.to_string())?;
    Ok(vec![results_path, failed_path])
}

/// Returns true when a status counts as sent for the status filter.
pub fn is_sent(status: Status) -> bool {
    matches!(status, Status::Done(kind) if kind.is_success())
}

/// Returns true when a status counts as failed for the status filter and resend. A
/// customer whose outcome is unknown after a crash counts as failed, because resending
/// it is safe: a repeated create becomes an update.
pub fn is_failed(status: Status) -> bool {
    matches!(status, Status::Done(OutcomeKind::Failed) | Status::Unknown)
}
