//! The built-in Datanuum stand-in: a small HTTP server on loopback for demos and tests.
//!
//! It serves `POST /accounts`, `PUT /accounts/update` and `GET /accounts`, keeps accounts
//! in memory by phone and email, rejects requests without the auth values or with a reused
//! nonce, and can be made slow or failing on purpose: by global request count
//! ([`Faults`]) or by a per-customer script ([`Scenario`]). It records every request it
//! receives so that tests can check what was sent. It mimics only the documented facts of
//! the real service; statuses and bodies beyond those are its own choice.

mod front;
mod routes;
mod scenario;
mod store;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::request::Parts;
use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use scenario::{Scenario, ScenarioConfig, ScenarioError, Scripted, ScriptedCall};
pub use store::{Account, KEY_REQUIRED, NOT_FOUND, NOT_UNIQUE};

/// Faults injected by global request count: a request whose number (starting at 1) is a
/// multiple of `N` gets the fault. When several match, the first in field order wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// Drops the connection of every Nth request without a response.
    pub drop_every: Option<u32>,
    /// Responds 500 with a JSON error to every Nth request.
    pub error_every: Option<u32>,
    /// Responds 429 without `Retry-After` to every Nth request.
    pub throttle_every: Option<u32>,
    /// Responds 502 with an HTML page to every Nth request.
    pub html_every: Option<u32>,
}

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Drop,
    ServerError,
    Throttle,
    HtmlPage,
}

impl Faults {
    fn pick(&self, number: u64) -> Option<Fault> {
        let hits = |every: Option<u32>| {
            every.is_some_and(|n| n > 0 && number.is_multiple_of(u64::from(n)))
        };
        [
            (self.drop_every, Fault::Drop),
            (self.error_every, Fault::ServerError),
            (self.throttle_every, Fault::Throttle),
            (self.html_every, Fault::HtmlPage),
        ]
        .into_iter()
        .find(|(every, _)| hits(*every))
        .map(|(_, fault)| fault)
    }
}

/// How the stand-in behaves.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Delay before answering each request.
    pub latency: Duration,
    /// Reject requests without `oauth_token`, `oauth_nonce` and `oauth_timestamp` (as
    /// headers or query parameters) or with a nonce seen before.
    pub require_auth: bool,
    /// The only token accepted, when set; any token otherwise.
    pub token: Option<String>,
    pub faults: Faults,
    /// Scripted answers, applied after faults and before the normal routes.
    pub scenario: Option<Scenario>,
    /// Profiles of accounts that exist from the start.
    pub accounts: Vec<Map<String, Value>>,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            port: 0,
            latency: Duration::ZERO,
            require_auth: true,
            token: None,
            faults: Faults::default(),
            scenario: None,
            accounts: Vec::new(),
        }
    }
}

/// A request as the stand-in received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// When the whole request had been read.
    pub received: Instant,
}

impl RecordedRequest {
    /// Returns the first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Returns a decoded query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// Returns an auth value from a header or, failing that, the query string.
    pub fn auth_value(&self, name: &str) -> Option<String> {
        self.header(name)
            .map(str::to_string)
            .or_else(|| self.query_param(name))
    }

    /// Returns the body parsed as JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// State shared by the connection loop and the routes.
#[derive(Debug)]
struct Shared {
    options: MockOptions,
    store: Mutex<store::Store>,
    requests: Mutex<Vec<RecordedRequest>>,
    nonces: Mutex<HashSet<String>>,
    shutdown: CancellationToken,
}

impl Shared {
    fn store(&self) -> MutexGuard<'_, store::Store> {
        lock(&self.store)
    }

    /// Records a request and returns its number, starting at 1.
    fn record(&self, parts: &Parts, body: &Bytes) -> u64 {
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_string(), value)
            })
            .collect();
        let recorded = RecordedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_string),
            headers,
            body: body.clone(),
            received: Instant::now(),
        };
        let mut requests = lock(&self.requests);
        requests.push(recorded);
        requests.len() as u64
    }

    /// Marks a nonce as used; false when it was used before.
    fn use_nonce(&self, nonce: &str) -> bool {
        lock(&self.nonces).insert(nonce.to_string())
    }
}

/// A running stand-in. Dropping it stops the server.
#[derive(Debug)]
pub struct MockServer {
    url: url::Url,
    shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

/// Starts the stand-in on 127.0.0.1.
pub async fn start(options: MockOptions) -> std::io::Result<MockServer> {
    let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
    let address = listener.local_addr()?;
    let url = url::Url::parse(&format!("http://{address}"))
        .map_err(|error| std::io::Error::other(error.to_string()))?;
    let mut store = store::Store::default();
    for profile in &options.accounts {
        let (status, body) = store.insert(profile.clone());
        if status >= 400 {
            return Err(std::io::Error::other(format!(
                "cannot seed the stand-in with {profile:?}: {body}"
            )));
        }
    }
    let shared = Arc::new(Shared {
        options,
        store: Mutex::new(store),
        requests: Mutex::new(Vec::new()),
        nonces: Mutex::new(HashSet::new()),
        shutdown: CancellationToken::new(),
    });
    let task = tokio::spawn(front::serve(
        listener,
        Arc::clone(&shared),
        shared.shutdown.clone(),
    ));
    tracing::info!(%url, "stand-in started");
    Ok(MockServer {
        url,
        shared,
        task: Some(task),
    })
}

impl MockServer {
    /// Base URL, e.g. `http://127.0.0.1:41234/`.
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// Every account held now, in creation order.
    pub fn accounts(&self) -> Vec<Account> {
        self.shared.store().accounts()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Stops accepting connections, closes open ones and waits for the server task.
    pub async fn shutdown(mut self) {
        self.shared.shutdown.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shared.shutdown.cancel();
    }
}

/// Locks a mutex, recovering the data if a holder panicked; the stand-in's state stays
/// consistent because each critical section is a single insert or read.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
