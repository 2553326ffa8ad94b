//! Deciding what an attempt's response means for the customer: done, retry, or update.

use std::time::Duration;

use super::{Answer, AttemptRecord, Client, ErrorKind, Reply, Run, Step};
use crate::config::OnDuplicate;
use crate::outcome::OutcomeKind;
use crate::request::{Action, RequestSpec};

impl Client {
    /// Builds the record of a finished attempt and decides the next step.
    pub(super) fn record(
        &self,
        spec: &RequestSpec,
        url: String,
        attempt: u32,
        duration: Duration,
        answer: &Answer,
        retry_allowed: bool,
    ) -> AttemptRecord {
        let (step, datanuum_code, message, account_id) = match &answer.reply {
            Reply::Success {
                account_id,
                message,
            } => {
                let kind = match spec.action {
                    Action::Create => OutcomeKind::Created,
                    Action::Update | Action::Fetch => OutcomeKind::Updated,
                };
                let message = message.clone().unwrap_or_else(|| kind.as_str().to_string());
                (Step::Final(kind), None, message, account_id.clone())
            }
            Reply::Error {
                kind,
                datanuum_code,
                message,
                ..
            } => {
                let step = self.error_step(spec.action, *kind, retry_allowed);
                let message = match step {
                    Step::Final(OutcomeKind::Skipped) => {
                        format!("{message} (already exists; on_duplicate is skip)")
                    }
                    _ => message.clone(),
                };
                (step, *datanuum_code, message, None)
            }
        };
        AttemptRecord {
            action: spec.action,
            attempt,
            method: spec.method.to_string(),
            url,
            http_status: answer.status,
            datanuum_code,
            message,
            account_id,
            duration,
            step,
        }
    }

    pub(super) fn error_step(&self, action: Action, kind: ErrorKind, retry_allowed: bool) -> Step {
        match kind {
            ErrorKind::Duplicate if action == Action::Create => match self.config.on_duplicate {
                OnDuplicate::Update => Step::Duplicate,
                OnDuplicate::Skip => Step::Final(OutcomeKind::Skipped),
                OnDuplicate::Fail => Step::Final(OutcomeKind::Failed),
            },
            ErrorKind::Transient if retry_allowed => Step::Retry,
            _ => Step::Final(OutcomeKind::Failed),
        }
    }

    pub(super) fn note_stop(&self, answer: &Answer, record: &AttemptRecord, run: &mut Run) {
        if let Reply::Error {
            kind: ErrorKind::Unauthorized,
            ..
        } = answer.reply
        {
            let status = record.http_status.unwrap_or_default();
            run.stop = Some(format!(
                "Datanuum rejected the credentials of config {} (HTTP {status}: {}); \
                 check its API token and branch code",
                self.config.code, record.message
            ));
        }
    }
}
