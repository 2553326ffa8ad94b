//! Runs a batch for `send` and reports it: each outcome on stdout as it arrives, progress
//! and the summary on stderr. Ctrl-C or SIGTERM cancels the batch: requests in flight
//! finish, customers not yet started are reported as not sent.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::batch::{self, BatchEvent, BatchItem, BatchOptions, BatchSummary};
use crate::cli::{CliError, output, signal};
use crate::config::RewardConfig;
use crate::journal::Journal;
use crate::outcome::Outcome;

/// Minimum time between two progress lines on stderr.
const PROGRESS_INTERVAL: Duration = Duration::from_secs(1);

/// The counts of a finished batch that decide the exit code.
#[derive(Debug, Default)]
pub struct Report {
    /// Customers that failed, were invalid or were not sent.
    pub unsuccessful: usize,
}

impl Report {
    /// True when every customer was created, updated or skipped.
    pub fn all_succeeded(&self) -> bool {
        self.unsuccessful == 0
    }
}

/// Starts the batch, prints every outcome, and returns once the batch is done.
pub async fn drive(
    config: Arc<RewardConfig>,
    items: Vec<BatchItem>,
    journal: Journal,
    options: BatchOptions,
    json: bool,
) -> Result<Report, CliError> {
    let total = items.len();
    let shutdown = signal::shutdown();
    tokio::pin!(shutdown);
    let (control, mut events) = batch::start(config, items, Some(journal), options);

    let mut report = Report::default();
    let mut progress = Progress::new(total);
    let mut unsent: Vec<String> = Vec::new();
    let mut stop_reason: Option<String> = None;
    let mut cancelling = false;
    loop {
        tokio::select! {
            event = events.recv() => {
                let Some(event) = event else { break };
                match event {
                    BatchEvent::Finished { outcome, .. } => {
                        print_outcome(&outcome, json)?;
                        if !outcome.outcome.is_success() {
                            report.unsuccessful += 1;
                        }
                        progress.finished();
                    }
                    BatchEvent::Cancelled { code, .. } => unsent.push(code),
                    BatchEvent::Stopped { reason } => {
                        tracing::warn!(%reason, "batch stopped");
                        eprintln!("batch stopped: {reason}");
                        stop_reason = Some(reason);
                    }
                    BatchEvent::Done(summary) => {
                        progress.summary(&summary);
                        break;
                    }
                    BatchEvent::Started { .. }
                    | BatchEvent::Attempt { .. }
                    | BatchEvent::Paused(_) => {}
                }
            }
            () = &mut shutdown, if !cancelling => {
                eprintln!("cancelling: requests in flight finish, the rest are not sent");
                tracing::info!("send cancelled by a signal");
                control.cancel();
                cancelling = true;
            }
        }
    }

    let reason = stop_reason.unwrap_or_else(|| "batch cancelled".to_string());
    for code in unsent {
        let outcome = Outcome::not_sent(code, &reason);
        print_outcome(&outcome, json)?;
        report.unsuccessful += 1;
    }
    Ok(report)
}

fn print_outcome(outcome: &Outcome, json: bool) -> Result<(), CliError> {
    if json {
        output::json_line(outcome)
    } else {
        output::line(&describe(outcome))
    }
}

/// Formats an outcome as one line: `C0101: failed (HTTP 400, code 9999, 1 attempt): ...`.
fn describe(outcome: &Outcome) -> String {
    let mut details = Vec::new();
    if let Some(status) = outcome.http_status {
        details.push(format!("HTTP {status}"));
    }
    if let Some(code) = outcome.datanuum_code {
        details.push(format!("code {code}"));
    }
    if let Some(account) = &outcome.account_id {
        details.push(format!("account {account}"));
    }
    let noun = if outcome.attempts == 1 {
        "attempt"
    } else {
        "attempts"
    };
    details.push(format!("{} {noun}", outcome.attempts));
    let mut text = format!(
        "{}: {} ({})",
        outcome.customer,
        outcome.outcome.as_str(),
        details.join(", ")
    );
    // The message of a plain success repeats the outcome, e.g. "created".
    if !outcome.message.is_empty() && outcome.message != outcome.outcome.as_str() {
        text.push_str(": ");
        text.push_str(&outcome.message);
    }
    text
}

/// Progress lines on stderr, at most one per [`PROGRESS_INTERVAL`].
struct Progress {
    total: usize,
    done: usize,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let now = Instant::now();
        Progress {
            total,
            done: 0,
            started: now,
            last_line: now,
        }
    }

    fn finished(&mut self) {
        self.done += 1;
        if self.last_line.elapsed() < PROGRESS_INTERVAL {
            return;
        }
        self.last_line = Instant::now();
        let elapsed = self.started.elapsed().as_secs_f64();
        let rate = self.done as f64 / elapsed.max(0.001);
        let left = self.total.saturating_sub(self.done) as f64 / rate.max(0.001);
        eprintln!(
            "sent {}/{} ({}%), {rate:.1}/s, about {} left",
            self.done,
            self.total,
            self.done * 100 / self.total.max(1),
            format_duration(left)
        );
    }

    fn summary(&self, summary: &BatchSummary) {
        eprintln!(
            "done in {}: {} created, {} updated, {} skipped, {} failed, {} invalid, {} not sent",
            format_duration(summary.elapsed.as_secs_f64()),
            summary.created,
            summary.updated,
            summary.skipped,
            summary.failed,
            summary.invalid,
            summary.cancelled
        );
    }
}

/// Formats seconds as `42 s`, `3 min 20 s` or `2 h 5 min`.
fn format_duration(seconds: f64) -> String {
    let total = seconds.round() as u64;
    match total {
        0..60 => format!("{seconds:.1} s"),
        60..3600 => format!("{} min {} s", total / 60, total % 60),
        _ => format!("{} h {} min", total / 3600, total % 3600 / 60),
    }
}
