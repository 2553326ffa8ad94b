//! Customer results: the outcome of a send, and the status shown in the table.

use serde::{Deserialize, Serialize};

/// The final result of sending one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Created,
    Updated,
    Skipped,
    Failed,
    /// Not sent because the data has neither a valid phone nor a valid email.
    Invalid,
}

impl OutcomeKind {
    /// The lower-case name used on screen, in the journal and in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Created => "created",
            OutcomeKind::Updated => "updated",
            OutcomeKind::Skipped => "skipped",
            OutcomeKind::Failed => "failed",
            OutcomeKind::Invalid => "invalid",
        }
    }

    /// True for created, updated and skipped.
    pub fn is_success(self) -> bool {
        matches!(
            self,
            OutcomeKind::Created | OutcomeKind::Updated | OutcomeKind::Skipped
        )
    }
}

/// The recorded result of sending one customer, as printed by `send --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub customer: String,
    pub outcome: OutcomeKind,
    /// HTTP status of the last response, `None` when no response arrived.
    pub http_status: Option<u16>,
    /// Datanuum error code from the response body, e.g. 1004.
    pub datanuum_code: Option<i64>,
    pub message: String,
    pub account_id: Option<String>,
    /// Requests made for this customer, retries and the update after a 1004 included.
    pub attempts: u32,
}

impl Outcome {
    /// Builds the `failed` outcome of a customer that a stopped or cancelled batch never sent.
    pub fn not_sent(customer: String, reason: &str) -> Outcome {
        Outcome {
            customer,
            outcome: OutcomeKind::Failed,
            http_status: None,
            datanuum_code: None,
            message: format!("not sent: {reason}"),
            account_id: None,
            attempts: 0,
        }
    }
}

/// A customer's state in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    /// Never sent, or returned to the queue by a cancelled batch.
    #[default]
    Pending,
    /// Waiting in a running batch.
    Queued,
    /// A request is in flight.
    Sending,
    /// A request started in an earlier run but no outcome was recorded (crash or kill).
    Unknown,
    Done(OutcomeKind),
}

impl Status {
    /// The label shown in the status column.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Queued => "queued",
            Status::Sending => "sending",
            Status::Unknown => "unknown",
            Status::Done(kind) => kind.as_str(),
        }
    }
}
