//! The record of one request, shared by the journal, the log panel and the batch events.

use std::time::Duration;

use serde_json::Value;

use crate::journal::{self, JournalLine};
use crate::outcome::OutcomeKind;
use crate::request::Action;

/// What an attempt led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Failed in a way that is retried; another attempt follows.
    Retry,
    /// A create answered with 1004; an update follows.
    Duplicate,
    /// The customer's outcome.
    Final(OutcomeKind),
}

impl Step {
    /// The journal's `outcome` value for this step.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Retry => journal::RETRY,
            Step::Duplicate => journal::DUPLICATE,
            Step::Final(kind) => kind.as_str(),
        }
    }
}

/// One request and its response.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    pub action: Action,
    /// Request number for this customer, starting at 1.
    pub attempt: u32,
    pub method: String,
    /// URL without any `oauth_*` parameter.
    pub url: String,
    /// `None` when no response arrived (timeout, connection error).
    pub http_status: Option<u16>,
    pub datanuum_code: Option<i64>,
    pub message: String,
    pub account_id: Option<String>,
    pub duration: Duration,
    pub step: Step,
}

/// Builds the journal line written just before a request leaves.
pub fn started_line(
    config: &str,
    customer: &str,
    action: Action,
    attempt: u32,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> JournalLine {
    JournalLine {
        time: now_rfc3339(),
        config: config.to_string(),
        customer: customer.to_string(),
        action,
        attempt,
        method: method.to_string(),
        url: url.to_string(),
        body,
        http_status: None,
        datanuum_code: None,
        message: String::new(),
        account_id: None,
        duration_ms: None,
        outcome: journal::STARTED.to_string(),
        body_sha256: None,
    }
}

/// Builds the journal line for a finished attempt; `hash` is set on a successful send.
pub fn finished_line(
    config: &str,
    customer: &str,
    record: &AttemptRecord,
    body: Option<Value>,
    hash: Option<String>,
) -> JournalLine {
    JournalLine {
        time: now_rfc3339(),
        config: config.to_string(),
        customer: customer.to_string(),
        action: record.action,
        attempt: record.attempt,
        method: record.method.clone(),
        url: record.url.clone(),
        body,
        http_status: record.http_status,
        datanuum_code: record.datanuum_code,
        message: record.message.clone(),
        account_id: record.account_id.clone(),
        duration_ms: Some(u64::try_from(record.duration.as_millis()).unwrap_or(u64::MAX)),
        outcome: record.step.as_str().to_string(),
        body_sha256: hash,
    }
}

fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}
