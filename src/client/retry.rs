//! Waiting between attempts: exponential back-off with jitter, or what `Retry-After`
//! requests.

use std::time::Duration;

use rand::Rng;

use super::{AttemptRecord, Client, ErrorKind, Reply, SendContext, Step};

/// Waits between attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Wait before the first retry; each further retry doubles it, plus up to 25% jitter.
    pub base_delay: Duration,
    /// Upper bound on the doubled wait.
    pub max_delay: Duration,
    /// Upper bound on a wait requested by `Retry-After`.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    /// Returns the wait before retry number `retry` (1-based): the doubled back-off with
    /// jitter, or the server's `Retry-After` (capped) when that is longer.
    pub fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_delay);
        let jitter = rand::rng().random_range(0.0..0.25);
        let backoff = doubled.mul_f64(1.0 + jitter);
        match retry_after {
            Some(requested) => requested.min(self.max_retry_after).max(backoff),
            None => backoff,
        }
    }
}

impl Client {
    /// Returns the wait before retry number `retry` after `reply`.
    pub(super) fn retry_wait(&self, retry: u32, reply: &Reply) -> Duration {
        let retry_after = match reply {
            Reply::Error { retry_after, .. } => *retry_after,
            Reply::Success { .. } => None,
        };
        self.retry.wait(retry, retry_after)
    }

    /// Sleeps for `wait`; returns false when the batch was cancelled first.
    pub(super) async fn wait_or_cancel(&self, wait: Duration, context: &SendContext<'_>) -> bool {
        match context.cancel {
            Some(cancel) => tokio::select! {
                () = tokio::time::sleep(wait) => true,
                () = cancel.cancelled() => false,
            },
            None => {
                tokio::time::sleep(wait).await;
                true
            }
        }
    }
}

/// Returns an attempt's message with a note on whether it is retried.
pub(super) fn retry_note(record: &AttemptRecord, reply: &Reply, cancelled: bool) -> String {
    let transient = matches!(
        reply,
        Reply::Error {
            kind: ErrorKind::Transient,
            ..
        }
    );
    let message = &record.message;
    let attempts = record.attempt;
    match record.step {
        Step::Retry => format!("{message} (will retry)"),
        _ if !transient => message.clone(),
        _ if cancelled => format!("{message}; not retried because the batch was cancelled"),
        _ if attempts == 1 => format!("{message}; gave up after 1 attempt"),
        _ => format!("{message}; gave up after {attempts} attempts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_without_overlap() {
        let policy = RetryPolicy::default();
        for retry in 1..6 {
            let shorter = policy.wait(retry, None);
            let longer = policy.wait(retry + 1, None);
            assert!(
                longer > shorter,
                "retry {retry}: {shorter:?} then {longer:?}"
            );
        }
    }

    #[test]
    fn backoff_is_capped() {
        let policy = RetryPolicy::default();
        let wait = policy.wait(40, None);
        assert!(wait >= policy.max_delay);
        assert!(wait <= policy.max_delay.mul_f64(1.25));
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let policy = RetryPolicy::default();
        let honoured = policy.wait(1, Some(Duration::from_secs(3)));
        let capped = policy.wait(1, Some(Duration::from_secs(86_400)));
        assert_eq!(honoured, Duration::from_secs(3));
        assert_eq!(capped, policy.max_retry_after);
    }
}
