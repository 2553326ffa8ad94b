//! The batch runner: sends many customers at once and reports progress as events.
//!
//! [`start`] spawns a coordinator on the current tokio runtime that hands customers to at
//! most `concurrency` sending tasks, spaces request starts by `max_requests_per_second`, and
//! reports every step on a channel. The caller steers the batch through a [`BatchControl`]:
//! pause (no new customer starts, those in flight finish), resume and cancel (customers not
//! yet started come back as [`BatchEvent::Cancelled`]). Each attempt is journaled before its
//! event is sent, so the screen never shows what the journal does not hold.

mod coordinator;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

use crate::client::{AttemptRecord, RetryPolicy};
use crate::config::RewardConfig;
use crate::journal::Journal;
use crate::outcome::{Outcome, OutcomeKind};
use crate::payload::Prepared;

/// Message of a customer skipped because its profile matches the last successful send.
pub const UNCHANGED_MESSAGE: &str = "unchanged since last send";

/// Message of a customer left out by a dry run.
pub const DRY_RUN_MESSAGE: &str = "dry run: not sent";

/// One customer to send.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    /// The caller's row index, echoed in every event about this customer.
    pub index: usize,
    pub prepared: Prepared,
}

/// Settings of one batch: forced resends, dry run, the skip list and retry waits.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Send customers even when their profile has not changed since the last success.
    pub force: bool,
    /// Decide every outcome without sending anything.
    pub dry_run: bool,
    /// Customer code to the profile hash of its last successful send, from
    /// [`crate::journal::Restored::success_hashes`].
    pub skip_unchanged: HashMap<String, String>,
    /// Waits between attempts.
    pub retry: RetryPolicy,
}

/// Progress of a batch, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchEvent {
    /// The first request for a customer is about to start.
    Started { index: usize, code: String },
    /// A request finished (any outcome, retries included).
    Attempt {
        index: usize,
        code: String,
        record: AttemptRecord,
    },
    /// A customer's outcome.
    Finished { index: usize, outcome: Outcome },
    /// A customer that was never started because the batch was cancelled or stopped; it
    /// goes back to pending.
    Cancelled { index: usize, code: String },
    /// The batch was paused (`true`) or resumed (`false`).
    Paused(bool),
    /// The batch stops early: the credentials were rejected or the journal failed.
    Stopped { reason: String },
    /// The last event of a batch.
    Done(BatchSummary),
}

/// Counts of a finished batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchSummary {
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
    pub failed: usize,
    pub invalid: usize,
    pub cancelled: usize,
    pub elapsed: Duration,
}

impl BatchSummary {
    fn count(&mut self, kind: OutcomeKind) {
        match kind {
            OutcomeKind::Created => self.created += 1,
            OutcomeKind::Updated => self.updated += 1,
            OutcomeKind::Skipped => self.skipped += 1,
            OutcomeKind::Failed => self.failed += 1,
            OutcomeKind::Invalid => self.invalid += 1,
        }
    }
}

/// Steers a running batch. Clones steer the same batch.
#[derive(Debug, Clone)]
pub struct BatchControl {
    paused: Arc<watch::Sender<bool>>,
    cancel: CancellationToken,
    events: mpsc::UnboundedSender<BatchEvent>,
}

impl BatchControl {
    /// Stops starting new customers. Customers already in flight finish, including their
    /// retries and the update that follows a 1004.
    pub fn pause(&self) {
        self.set_paused(true);
    }

    /// Starts customers again after [`BatchControl::pause`].
    pub fn resume(&self) {
        self.set_paused(false);
    }

    /// Cancels the batch: customers not yet started are reported as cancelled, and failed
    /// requests in flight are not retried.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// True while the batch is paused.
    pub fn is_paused(&self) -> bool {
        *self.paused.borrow()
    }

    /// True once the batch was cancelled or stopped.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    fn set_paused(&self, paused: bool) {
        let changed = self.paused.send_if_modified(|state| {
            let changed = *state != paused;
            *state = paused;
            changed
        });
        if changed {
            let _ = self.events.send(BatchEvent::Paused(paused));
        }
    }
}

/// Starts sending `items` on the current tokio runtime and returns the control handle and
/// the event stream, which ends with [`BatchEvent::Done`].
pub fn start(
    config: Arc<RewardConfig>,
    items: Vec<BatchItem>,
    journal: Option<Journal>,
    options: BatchOptions,
) -> (BatchControl, mpsc::UnboundedReceiver<BatchEvent>) {
    let (events, receiver) = mpsc::unbounded_channel();
    let (paused, _) = watch::channel(false);
    let control = BatchControl {
        paused: Arc::new(paused),
        cancel: CancellationToken::new(),
        events: events.clone(),
    };
    let batch = coordinator::Batch::new(config, journal, options, events, control.cancel.clone());
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(batch.run(items, Arc::clone(&control.paused)));
        }
        Err(_) => batch.abandon(items, "no async runtime to send from; this is a bug".into()),
    }
    (control, receiver)
}

/// Sends `items` and returns one outcome per item, in item order, for headless use.
///
/// Customers left unsent by a stopped batch come back as `failed` with the reason and no
/// attempts. Nothing about them is journaled, so they stay pending for the next run.
pub async fn run(
    config: Arc<RewardConfig>,
    items: Vec<BatchItem>,
    journal: Option<Journal>,
    options: BatchOptions,
) -> Vec<Outcome> {
    let (_control, mut events) = start(config, items, journal, options);
    let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
    let mut unsent: Vec<(usize, String)> = Vec::new();
    let mut reason = String::from("batch cancelled");
    while let Some(event) = events.recv().await {
        match event {
            BatchEvent::Finished { index, outcome } => outcomes.push((index, outcome)),
            BatchEvent::Cancelled { index, code } => unsent.push((index, code)),
            BatchEvent::Stopped { reason: why } => reason = why,
            BatchEvent::Done(_) => break,
            BatchEvent::Started { .. } | BatchEvent::Attempt { .. } | BatchEvent::Paused(_) => {}
        }
    }
    for (index, code) in unsent {
        let outcome = Outcome::not_sent(code, &reason);
        outcomes.push((index, outcome));
    }
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}
