//! The state changes made by each background message.

use std::path::PathBuf;

use super::app::App;
use super::engine::{BatchEvent, Restored, Step};
use super::message::LoadMessage;
use super::state::LoadState;
use super::state::log::{LogEntry, LogKind, now_hms};
use super::state::overlay::{FetchState, Overlay};
use super::state::table::{History, Row, Summary};
use crate::customer::Finding;
use crate::outcome::{OutcomeKind, Status};

/// Bad rows logged one by one before the log only points to `validate`.
const MAX_LOGGED_FINDINGS: usize = 100;

impl App {
    pub(super) fn on_load(&mut self, message: LoadMessage) {
        match message {
            LoadMessage::Header { columns, encoding } => {
                self.state.list.columns = columns;
                self.state.file.encoding = Some(encoding);
            }
            LoadMessage::Rows {
                customers,
                findings,
                bytes_read,
                total_bytes,
            } => {
                let rows: Vec<Row> = customers
                    .into_iter()
                    .map(|customer| self.restored_row(Row::new(customer, Summary::UNCHECKED)))
                    .collect();
                self.state.list.extend(rows);
                self.log_file_findings(&findings);
                self.state.file.findings.extend(findings);
                self.state.file.load = LoadState::Loading {
                    bytes_read,
                    total_bytes,
                };
            }
            LoadMessage::Done => {
                self.state.file.load = LoadState::Loaded;
                // Payload checks wait for the end of the load, so that loading and
                // indexing have both cores until then.
                self.check_rows_from(0);
                self.state.search.index = self.live_index.clone();
                // Rows that arrived after the last search are searched too.
                self.run_search();
            }
            LoadMessage::Failed(reason) => {
                self.state.log.push(LogEntry::note(
                    now_hms(),
                    format!("CSV not loaded: {reason}"),
                    LogKind::Failure,
                ));
                self.state.file.load = LoadState::Failed(reason);
            }
        }
    }

    /// Logs bad rows and file-level findings, up to [`MAX_LOGGED_FINDINGS`]; the top bar
    /// counts them all.
    fn log_file_findings(&mut self, findings: &[Finding]) {
        let already = self.state.file.findings.len();
        for (offset, finding) in findings.iter().enumerate() {
            let logged = already + offset;
            if logged > MAX_LOGGED_FINDINGS {
                return;
            }
            let message = if logged == MAX_LOGGED_FINDINGS {
                "more bad rows: run `datanuum-sync validate` for the full list".to_string()
            } else if finding.line == 0 {
                format!("file: {}", finding.message)
            } else {
                format!("line {}: {}", finding.line, finding.message)
            };
            self.state
                .log
                .push(LogEntry::note(now_hms(), message, LogKind::Warning));
        }
    }

    /// Applies what the journal recorded for the row's customer: status, last outcome and
    /// last sent profile.
    fn restored_row(&self, mut row: Row) -> Row {
        if self.restored.customers.is_empty() {
            return row;
        }
        let columns = &self.state.list.columns;
        let Some(restored) = self.restored.customers.get(row.code(columns)) else {
            return row;
        };
        if row.summary.sendable() {
            row.status = restored.status;
        }
        row.history = Some(Box::new(History {
            outcome: restored.last_outcome.clone(),
            outcome_time: Some(restored.last_time.clone()),
            last_sent: restored.success_profile.clone(),
        }));
        row
    }

    pub(super) fn on_search_results(&mut self, query: &str, hits: Vec<usize>) {
        if query != self.state.search.query() {
            return;
        }
        self.state.search.pending = false;
        self.state.list.search_hits = Some(hits);
        self.state.list.refresh_view();
    }

    pub(super) fn on_checked(&mut self, config_code: &str, start: usize, summaries: &[Summary]) {
        let current = self
            .state
            .config
            .as_ref()
            .map(|config| config.code.as_str());
        if current == Some(config_code) {
            self.state.list.set_summaries(start, summaries);
            self.check_rows_from(start + summaries.len());
        }
    }

    pub(super) fn on_reindexed(&mut self, config_code: &str) {
        let current = self
            .state
            .config
            .as_ref()
            .map(|config| config.code.as_str());
        if current != Some(config_code) {
            return;
        }
        // The index now contains the phones as this config normalises them.
        self.searcher_reset();
        self.run_search();
    }

    pub(super) fn on_restored(&mut self, config_code: &str, restored: Result<Restored, String>) {
        let current = self
            .state
            .config
            .as_ref()
            .map(|config| config.code.as_str());
        if current != Some(config_code) {
            return;
        }
        match restored {
            Ok(restored) => {
                self.restored = restored;
                let rows = std::mem::take(&mut self.state.list.rows);
                self.state.list.rows = rows.into_iter().map(|row| self.restored_row(row)).collect();
                self.state.list.refresh();
            }
            Err(reason) => self.state.log.push(LogEntry::note(
                now_hms(),
                format!("journal not read: {reason}"),
                LogKind::Warning,
            )),
        }
    }

    pub(super) fn on_batch_event(&mut self, batch: u64, event: BatchEvent) {
        if self
            .state
            .batch
            .as_ref()
            .is_none_or(|running| running.id != batch)
        {
            return;
        }
        match event {
            BatchEvent::Started { index, .. } => self.set_status(index, Status::Sending),
            // The final attempt repeats the `Finished` line. Retries and the switch from
            // create to update get a line of their own.
            BatchEvent::Attempt { code, record, .. } => {
                if !matches!(record.step, Step::Final(_)) {
                    self.state
                        .log
                        .push(LogEntry::attempt(now_hms(), &code, &record));
                }
            }
            BatchEvent::Cancelled { index, .. } => self.set_status(index, Status::Pending),
            BatchEvent::Finished { index, outcome } => {
                self.set_status(index, Status::Done(outcome.outcome));
                if let Some(running) = &mut self.state.batch {
                    match outcome.outcome {
                        OutcomeKind::Failed => running.failed += 1,
                        OutcomeKind::Invalid => running.invalid += 1,
                        _ => running.sent += 1,
                    }
                }
                let time = now_hms();
                self.state.log.push(LogEntry::finished(time, &outcome));
                if let Some(row) = self.state.list.rows.get_mut(index) {
                    let history = row.history_mut();
                    history.outcome = Some(outcome);
                    history.outcome_time = Some(jiff::Timestamp::now().to_string());
                }
            }
            BatchEvent::Paused(paused) => {
                if let Some(running) = &mut self.state.batch {
                    running.paused = paused;
                }
            }
            BatchEvent::Stopped { reason } => {
                self.state.log.push(LogEntry::note(
                    now_hms(),
                    format!("batch stopped: {reason}"),
                    LogKind::Warning,
                ));
                if let Some(running) = &mut self.state.batch {
                    running.stopping = Some(reason);
                }
            }
            BatchEvent::Done(summary) => self.finish_batch(&summary),
        }
    }

    fn finish_batch(&mut self, summary: &super::engine::BatchSummary) {
        for row in &mut self.state.list.rows {
            if matches!(row.status, Status::Queued | Status::Sending) {
                row.status = row.idle_status();
            }
        }
        self.state.list.refresh();
        self.state.batch = None;
        self.state.log.push(LogEntry::note(
            now_hms(),
            format!(
                "batch done: {} created, {} updated, {} skipped, {} failed, {} invalid, {} not sent",
                summary.created,
                summary.updated,
                summary.skipped,
                summary.failed,
                summary.invalid,
                summary.cancelled
            ),
            LogKind::Info,
        ));
    }

    /// Sets the status of a row in the batch. An invalid row only takes a final outcome,
    /// so a cancel returns it to `invalid`, not `pending`. A row can turn out invalid while
    /// queued, when the batch started before its check.
    fn set_status(&mut self, index: usize, status: Status) {
        let Some(row) = self.state.list.rows.get(index) else {
            return;
        };
        let status = match status {
            Status::Done(_) => status,
            Status::Pending => row.idle_status(),
            _ if !row.summary.sendable() => return,
            _ => status,
        };
        self.state.list.set_status(index, status);
    }

    pub(super) fn on_fetched(
        &mut self,
        code: &str,
        result: Result<Option<serde_json::Value>, String>,
    ) {
        let Overlay::Compare(compare) = &mut self.state.overlay else {
            return;
        };
        if compare.code != code {
            return;
        }
        compare.fetched = match result {
            Ok(Some(profile)) => FetchState::Found(profile),
            Ok(None) => FetchState::NotFound,
            Err(reason) => FetchState::Failed(reason),
        };
    }

    pub(super) fn on_exported(&mut self, result: Result<Vec<PathBuf>, String>) {
        self.state.notice = None;
        self.state.overlay = match result {
            Ok(paths) => Overlay::Notice {
                title: "Exported".into(),
                lines: paths
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect(),
            },
            Err(reason) => Overlay::Notice {
                title: "Export failed".into(),
                lines: vec![reason],
            },
        };
    }
}
