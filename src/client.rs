//! Sending one customer to Datanuum: create, then update when the account exists, with
//! retries.
//!
//! Every request is journaled twice: a `started` line before it leaves and a line with the
//! response after. The caller sees each finished attempt through
//! [`SendContext::on_attempt`], always after its journal line is on disk.

mod attempt;
mod journaling;
mod limit;
mod reply;
mod retry;
mod scrub;
mod verdict;

use std::sync::Arc;

use serde_json::Value;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::config::RewardConfig;
use crate::journal::Journal;
use crate::outcome::{Outcome, OutcomeKind};
use crate::payload::Payload;
use crate::request::{self, AuthValues, RequestSpec};

pub use attempt::{AttemptRecord, Step};
pub use limit::RateLimiter;
pub use reply::{ErrorKind, Reply, error_fields, read_reply};
pub use retry::RetryPolicy;

/// The HTTP client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot set up the HTTP client (TLS roots or proxy settings): {0}")]
    Build(#[source] reqwest::Error),
}

/// Hooks a send reports through; every field is optional.
#[derive(Clone, Copy)]
pub struct SendContext<'a> {
    /// Journal that records each attempt before it is reported.
    pub journal: Option<&'a Journal>,
    /// Spacing of request starts shared with other sends.
    pub limiter: Option<&'a RateLimiter>,
    /// Once cancelled, failed attempts are no longer retried.
    pub cancel: Option<&'a CancellationToken>,
    /// Called after each finished attempt.
    pub on_attempt: &'a (dyn Fn(&AttemptRecord) + Send + Sync),
}

impl SendContext<'_> {
    /// A context with no journal, no rate limit, no cancellation and no callback.
    pub fn detached() -> SendContext<'static> {
        SendContext {
            journal: None,
            limiter: None,
            cancel: None,
            on_attempt: &|_| {},
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(CancellationToken::is_cancelled)
    }
}

/// The result of sending one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct SendResult {
    pub outcome: Outcome,
    /// Every request made, in order.
    pub records: Vec<AttemptRecord>,
    /// Why the whole batch must stop: the credentials were rejected or the journal failed.
    pub stop: Option<String>,
}

/// The profile Datanuum stores for a customer now, read with `GET /accounts`.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchResult {
    pub http_status: Option<u16>,
    pub datanuum_code: Option<i64>,
    /// The error, or empty on success.
    pub message: String,
    /// `{"profile": …, "loyalty": …}` on success.
    pub body: Option<Value>,
}

/// One reward config's connection to Datanuum. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<RewardConfig>,
    retry: RetryPolicy,
}

/// Progress of one customer's send.
#[derive(Default)]
struct Run {
    attempts: u32,
    records: Vec<AttemptRecord>,
    stop: Option<String>,
}

/// The status and reading of one HTTP response.
struct Answer {
    status: Option<u16>,
    reply: Reply,
    /// The response body when it is JSON.
    json: Option<Value>,
}

impl Client {
    /// Builds the HTTP client with the config's timeout. TLS trusts the system roots (and
    /// `SSL_CERT_FILE`); `HTTPS_PROXY` and the other proxy variables are honoured.
    /// Redirects are not followed: a redirect would carry the `oauth_*` values to a URL
    /// the config never named, so a 3xx is recorded as a failure instead.
    pub fn new(config: Arc<RewardConfig>) -> Result<Client, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ClientError::Build)?;
        Ok(Client {
            http,
            config,
            retry: RetryPolicy::default(),
        })
    }

    /// Replaces the waits between attempts.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Client {
        self.retry = retry;
        self
    }

    /// Returns the reward config this client sends to.
    pub fn config(&self) -> &RewardConfig {
        &self.config
    }

    /// Sends one customer: create, and on 1004 update, skip or fail as `on_duplicate` sets.
    pub async fn send(
        &self,
        code: &str,
        payload: &Payload,
        context: &SendContext<'_>,
    ) -> SendResult {
        let mut run = Run::default();
        let create = request::create(&self.config, payload);
        let mut last = self.exchange(code, &create, context, &mut run).await;
        if last.step == Step::Duplicate {
            let update = request::update(&self.config, payload);
            last = self.exchange(code, &update, context, &mut run).await;
        }
        let kind = match last.step {
            Step::Final(kind) => kind,
            Step::Retry | Step::Duplicate => OutcomeKind::Failed,
        };
        let outcome = Outcome {
            customer: code.to_string(),
            outcome: kind,
            http_status: last.http_status,
            datanuum_code: last.datanuum_code,
            message: last.message,
            account_id: last.account_id,
            attempts: run.attempts,
        };
        if outcome.outcome == OutcomeKind::Failed {
            tracing::warn!(
                customer = code,
                http_status = ?outcome.http_status,
                datanuum_code = ?outcome.datanuum_code,
                attempts = outcome.attempts,
                message = %outcome.message,
                "send failed"
            );
        }
        SendResult {
            outcome,
            records: run.records,
            stop: run.stop,
        }
    }

    /// Reads the profile Datanuum holds for a payload's phone or email. One attempt, not
    /// journaled, since it changes nothing.
    pub async fn fetch(&self, payload: &Payload) -> FetchResult {
        let spec = request::fetch(&self.config, payload);
        let answer = self.perform(&spec).await;
        match answer.reply {
            Reply::Success { .. } => FetchResult {
                http_status: answer.status,
                datanuum_code: None,
                message: String::new(),
                body: answer.json,
            },
            Reply::Error {
                datanuum_code,
                message,
                ..
            } => FetchResult {
                http_status: answer.status,
                datanuum_code,
                message,
                body: None,
            },
        }
    }

    /// Sends one request, retrying as allowed, and returns the record of the last attempt.
    async fn exchange(
        &self,
        code: &str,
        spec: &RequestSpec,
        context: &SendContext<'_>,
        run: &mut Run,
    ) -> AttemptRecord {
        let body_json: Option<Value> = serde_json::from_slice(&spec.body).ok();
        let mut retries = 0;
        loop {
            if let Some(limiter) = context.limiter {
                limiter.acquire().await;
            }
            let url = scrub::text(&self.config.token, &request::redacted_url(&spec.url));
            let attempt = run.attempts + 1;
            if let Some(journal) = context.journal {
                let line = attempt::started_line(
                    journal.config_code(),
                    code,
                    spec.action,
                    attempt,
                    spec.method.as_str(),
                    &url,
                    body_json.clone(),
                );
                if let Err(error) = journal.append(&line).await {
                    return self.not_sent(spec, url, attempt, error.to_string(), run);
                }
            }
            run.attempts = attempt;

            let started = Instant::now();
            let answer = self.perform(spec).await;
            let duration = started.elapsed();
            let retry_allowed = retries < self.config.max_retries && !context.cancelled();
            let mut record = self.record(spec, url, attempt, duration, &answer, retry_allowed);
            record.message = retry::retry_note(&record, &answer.reply, context.cancelled());
            self.note_stop(&answer, &record, run);
            self.journal_finished(code, &record, body_json.clone(), spec, context, run)
                .await;
            (context.on_attempt)(&record);
            run.records.push(record.clone());

            if record.step != Step::Retry {
                return record;
            }
            retries += 1;
            let wait = self.retry_wait(retries, &answer.reply);
            tracing::info!(
                customer = code,
                attempt,
                wait_ms = wait.as_millis() as u64,
                reason = %record.message,
                "retrying"
            );
            if !self.wait_or_cancel(wait, context).await {
                return self
                    .cancelled_during_wait(code, record, body_json, context, run)
                    .await;
            }
        }
    }

    /// Performs one HTTP request with fresh auth values; the token is scrubbed from all
    /// the answer's text.
    async fn perform(&self, spec: &RequestSpec) -> Answer {
        let answer = self.perform_raw(spec).await;
        scrub::answer(&self.config.token, answer)
    }

    async fn perform_raw(&self, spec: &RequestSpec) -> Answer {
        let auth = AuthValues::fresh();
        let (url, headers) =
            request::authorize(spec, &self.config.token, self.config.auth_placement, &auth);
        let mut builder = self.http.request(spec.method.clone(), url);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if !spec.body.is_empty() {
            builder = builder.body(spec.body.clone());
        }
        let response = match builder.send().await {
            Ok(response) => response,
            Err(error) => {
                return Answer {
                    status: None,
                    reply: self.transport_reply(error),
                    json: None,
                };
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        match response.bytes().await {
            Ok(body) => {
                let body = scrub::bytes(&self.config.token, &body);
                Answer {
                    status: Some(status),
                    reply: reply::read_reply(status, retry_after.as_deref(), &body),
                    json: serde_json::from_slice(&body).ok(),
                }
            }
            Err(error) => Answer {
                status: Some(status),
                reply: self.transport_reply(error),
                json: None,
            },
        }
    }

    /// Turns a request error into a reply; the URL is left out because it may hold the token.
    fn transport_reply(&self, error: reqwest::Error) -> Reply {
        let kind = if error.is_builder() {
            ErrorKind::Permanent
        } else {
            ErrorKind::Transient
        };
        let message = if error.is_timeout() {
            format!(
                "timeout: no response within {} s",
                self.config.timeout.as_secs_f64()
            )
        } else {
            let prefix = if error.is_connect() {
                "connection failed"
            } else {
                "connection error"
            };
            format!("{prefix}: {}", error_chain(&error.without_url()))
        };
        Reply::Error {
            kind,
            datanuum_code: None,
            message,
            retry_after: None,
        }
    }
}

/// Joins an error and its sources into one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
