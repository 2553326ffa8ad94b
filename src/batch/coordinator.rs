//! The task that hands customers to senders and counts their outcomes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::{
    BatchEvent, BatchItem, BatchOptions, BatchSummary, DRY_RUN_MESSAGE, UNCHANGED_MESSAGE,
};
use crate::client::{AttemptRecord, Client, RateLimiter, SendContext};
use crate::config::RewardConfig;
use crate::journal::{Journal, JournalLine};
use crate::outcome::{Outcome, OutcomeKind};
use crate::payload::Payload;
use crate::request;

/// State shared by the coordinator and its sending tasks.
pub(super) struct Batch {
    config: Arc<RewardConfig>,
    journal: Option<Journal>,
    options: BatchOptions,
    events: mpsc::UnboundedSender<BatchEvent>,
    cancel: CancellationToken,
    limiter: Option<RateLimiter>,
    stopped: AtomicBool,
}

impl Batch {
    pub(super) fn new(
        config: Arc<RewardConfig>,
        journal: Option<Journal>,
        options: BatchOptions,
        events: mpsc::UnboundedSender<BatchEvent>,
        cancel: CancellationToken,
    ) -> Batch {
        let limiter = config.max_requests_per_second.and_then(RateLimiter::new);
        Batch {
            config,
            journal,
            options,
            events,
            cancel,
            limiter,
            stopped: AtomicBool::new(false),
        }
    }

    /// Sends every item, then reports [`BatchEvent::Done`].
    /// Holding `pause` keeps the pause state alive even when every control handle is gone.
    pub(super) async fn run(self, items: Vec<BatchItem>, pause: Arc<watch::Sender<bool>>) {
        let mut paused = pause.subscribe();
        let begun = Instant::now();
        let batch = Arc::new(self);
        let mut summary = BatchSummary::default();
        let client = match Client::new(Arc::clone(&batch.config)) {
            Ok(client) => client.with_retry_policy(batch.options.retry),
            Err(error) => {
                batch.stop(error.to_string());
                batch.cancel_all(items, &mut summary);
                batch.finish(summary, begun);
                return;
            }
        };
        let permits = Arc::new(Semaphore::new(batch.config.concurrency.max(1)));
        let mut senders = JoinSet::new();
        let mut items = items.into_iter();

        while let Some(item) = items.next() {
            if let Some(outcome) = batch.settle_without_request(&item) {
                if batch.journals_quietly(&outcome) {
                    // The line is awaited on its own task so that many such lines share one disk sync.
                    senders.spawn(Arc::clone(&batch).journal_then_report(item.index, outcome));
                } else {
                    summary.count(outcome.outcome);
                    batch.emit(BatchEvent::Finished {
                        index: item.index,
                        outcome,
                    });
                }
                continue;
            }
            let permit = tokio::select! {
                biased;
                () = batch.cancel.cancelled() => None,
                permit = next_permit(&permits, &mut paused) => permit,
            };
            let Some(permit) = permit else {
                batch.cancel_all(std::iter::once(item).chain(items), &mut summary);
                break;
            };
            senders.spawn(Arc::clone(&batch).send_one(client.clone(), item, permit));
            while let Some(kind) = senders.try_join_next() {
                count_joined(&mut summary, kind);
            }
        }
        while let Some(kind) = senders.join_next().await {
            count_joined(&mut summary, kind);
        }
        batch.finish(summary, begun);
    }

    /// Reports every item as cancelled without sending anything, then ends the batch.
    pub(super) fn abandon(self, items: Vec<BatchItem>, reason: String) {
        let begun = Instant::now();
        let mut summary = BatchSummary::default();
        self.stop(reason);
        self.cancel_all(items, &mut summary);
        self.finish(summary, begun);
    }

    /// Returns the outcome of an item that needs no request: invalid, unchanged or dry run.
    fn settle_without_request(&self, item: &BatchItem) -> Option<Outcome> {
        let code = &item.prepared.code;
        let payload = match &item.prepared.payload {
            Ok(payload) => payload,
            Err(reason) => return Some(quiet_outcome(code, OutcomeKind::Invalid, reason)),
        };
        if !self.options.force && self.unchanged(code, payload) {
            let mut outcome = quiet_outcome(code, OutcomeKind::Skipped, UNCHANGED_MESSAGE);
            outcome.account_id = self
                .journal
                .as_ref()
                .and_then(|journal| journal.success_account_id(code))
                .map(str::to_string);
            return Some(outcome);
        }
        if self.options.dry_run {
            return Some(quiet_outcome(code, OutcomeKind::Skipped, DRY_RUN_MESSAGE));
        }
        None
    }

    /// True for an outcome decided without a request that the journal records, which is an
    /// invalid customer. A skip is not journaled because the customer's earlier success
    /// stays its last recorded state. A dry run writes nothing.
    fn journals_quietly(&self, outcome: &Outcome) -> bool {
        self.journal.is_some() && !self.options.dry_run && outcome.outcome == OutcomeKind::Invalid
    }

    /// Journals an outcome decided without a request, then reports it.
    async fn journal_then_report(self: Arc<Self>, index: usize, outcome: Outcome) -> OutcomeKind {
        if let Some(journal) = &self.journal {
            let line = JournalLine::without_request(journal.config_code(), &outcome);
            if let Err(error) = journal.append(&line).await {
                self.stop(error.to_string());
            }
        }
        let kind = outcome.outcome;
        self.emit(BatchEvent::Finished { index, outcome });
        kind
    }

    fn unchanged(&self, code: &str, payload: &Payload) -> bool {
        self.options
            .skip_unchanged
            .get(code)
            .is_some_and(|hash| *hash == request::profile_hash(payload))
    }

    /// Sends one customer while holding a concurrency permit.
    async fn send_one(
        self: Arc<Self>,
        client: Client,
        item: BatchItem,
        _permit: OwnedSemaphorePermit,
    ) -> OutcomeKind {
        let index = item.index;
        let code = item.prepared.code;
        let Ok(payload) = item.prepared.payload else {
            return OutcomeKind::Invalid;
        };
        self.emit(BatchEvent::Started {
            index,
            code: code.clone(),
        });
        let on_attempt = |record: &AttemptRecord| {
            self.emit(BatchEvent::Attempt {
                index,
                code: code.clone(),
                record: record.clone(),
            });
        };
        let context = SendContext {
            journal: self.journal.as_ref(),
            limiter: self.limiter.as_ref(),
            cancel: Some(&self.cancel),
            on_attempt: &on_attempt,
        };
        let result = client.send(&code, &payload, &context).await;
        let kind = result.outcome.outcome;
        self.emit(BatchEvent::Finished {
            index,
            outcome: result.outcome,
        });
        if let Some(reason) = result.stop {
            self.stop(reason);
        }
        kind
    }

    /// Reports every remaining item as cancelled.
    fn cancel_all(&self, items: impl IntoIterator<Item = BatchItem>, summary: &mut BatchSummary) {
        for item in items {
            summary.cancelled += 1;
            self.emit(BatchEvent::Cancelled {
                index: item.index,
                code: item.prepared.code,
            });
        }
    }

    /// Stops the batch once, with the first reason given.
    fn stop(&self, reason: String) {
        if self.stopped.swap(true, Ordering::SeqCst) {
            return;
        }
        tracing::warn!(%reason, "batch stopped");
        self.cancel.cancel();
        self.emit(BatchEvent::Stopped { reason });
    }

    fn finish(&self, mut summary: BatchSummary, begun: Instant) {
        summary.elapsed = begun.elapsed();
        tracing::info!(?summary, "batch done");
        self.emit(BatchEvent::Done(summary));
    }

    fn emit(&self, event: BatchEvent) {
        // The receiver is gone only when the caller lost interest; the batch still finishes
        // and journals every request it starts.
        let _ = self.events.send(event);
    }
}

/// Waits until the batch is not paused and a sending slot is free.
async fn next_permit(
    permits: &Arc<Semaphore>,
    paused: &mut watch::Receiver<bool>,
) -> Option<OwnedSemaphorePermit> {
    loop {
        paused.wait_for(|paused| !*paused).await.ok()?;
        let permit = Arc::clone(permits).acquire_owned().await.ok()?;
        if !*paused.borrow() {
            return Some(permit);
        }
    }
}

fn count_joined(summary: &mut BatchSummary, joined: Result<OutcomeKind, tokio::task::JoinError>) {
    match joined {
        Ok(kind) => summary.count(kind),
        Err(error) => {
            tracing::error!(%error, "sending task ended abnormally");
            summary.failed += 1;
        }
    }
}

fn quiet_outcome(code: &str, kind: OutcomeKind, message: &str) -> Outcome {
    Outcome {
        customer: code.to_string(),
        outcome: kind,
        http_status: None,
        datanuum_code: None,
        message: message.to_string(),
        account_id: None,
        attempts: 0,
    }
}
