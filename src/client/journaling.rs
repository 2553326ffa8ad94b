//! Journaling a customer's attempts from the client.

use std::time::Duration;

use serde_json::Value;

use super::attempt::finished_line;
use super::{AttemptRecord, Client, Run, SendContext, Step};
use crate::outcome::OutcomeKind;
use crate::request::{self, Action, RequestSpec};

impl Client {
    pub(super) async fn journal_finished(
        &self,
        code: &str,
        record: &AttemptRecord,
        body: Option<Value>,
        spec: &RequestSpec,
        context: &SendContext<'_>,
        run: &mut Run,
    ) {
        let Some(journal) = context.journal else {
            return;
        };
        let success = matches!(
            record.step,
            Step::Final(OutcomeKind::Created | OutcomeKind::Updated)
        );
        let hash = success.then(|| profile_hash_of(spec));
        let line = finished_line(journal.config_code(), code, record, body, hash);
        if let Err(error) = journal.append(&line).await {
            tracing::error!(customer = code, %error, "journal write failed");
            run.stop = Some(error.to_string());
        }
    }

    /// Records a customer whose request was never sent because the journal failed.
    pub(super) fn not_sent(
        &self,
        spec: &RequestSpec,
        url: String,
        attempt: u32,
        error: String,
        run: &mut Run,
    ) -> AttemptRecord {
        tracing::error!(%error, "journal write failed; request not sent");
        run.stop = Some(error.clone());
        AttemptRecord {
            action: spec.action,
            attempt,
            method: spec.method.to_string(),
            url,
            http_status: None,
            datanuum_code: None,
            message: format!("not sent: {error}"),
            account_id: None,
            duration: Duration::ZERO,
            step: Step::Final(OutcomeKind::Failed),
        }
    }

    /// Ends a customer whose retry wait was cut short by a cancelled batch.
    pub(super) async fn cancelled_during_wait(
        &self,
        code: &str,
        mut record: AttemptRecord,
        body: Option<Value>,
        context: &SendContext<'_>,
        run: &mut Run,
    ) -> AttemptRecord {
        record.step = Step::Final(OutcomeKind::Failed);
        record.message = record
            .message
            .replace(" (will retry)", "; batch cancelled before the retry");
        if let Some(journal) = context.journal {
            let line = finished_line(journal.config_code(), code, &record, body, None);
            if let Err(error) = journal.append(&line).await {
                run.stop = Some(error.to_string());
            }
        }
        record
    }
}

/// Returns the hash of the profile inside a create or update body.
fn profile_hash_of(spec: &RequestSpec) -> String {
    match spec.action {
        Action::Update => {
            let profile = serde_json::from_slice::<Value>(&spec.body)
                .ok()
                .and_then(|body| body.get("profile").cloned())
                .and_then(|profile| serde_json::to_vec(&profile).ok())
                .unwrap_or_default();
            request::sha256_hex(&profile)
        }
        Action::Create | Action::Fetch => request::sha256_hex(&spec.body),
    }
}
