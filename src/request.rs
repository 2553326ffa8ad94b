//! The HTTP requests made for a customer, built once and shared by preview and send.
//!
//! A [`RequestSpec`] contains everything that stays the same between attempts, including the
//! serialised body, so that the preview shows the very bytes that go onto the wire. The
//! `oauth_*` values change on every attempt and are added by [`authorize`] just before a
//! request leaves.

use bytes::Bytes;
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Map, Value};

use crate::config::{AuthPlacement, RewardConfig};
use crate::payload::Payload;
use crate::secret::Secret;

/// Length of the random `oauth_nonce`; the vendor's example uses 11 characters.
const NONCE_LEN: usize = 16;

/// Shown in previews in place of the nonce, which is drawn anew for every attempt.
const NONCE_PLACEHOLDER: &str = "<random, new for every attempt>";

/// Shown in previews in place of the timestamp, which is taken when an attempt starts.
const TIMESTAMP_PLACEHOLDER: &str = "<Unix seconds at send time>";

/// A Datanuum call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `POST /accounts`
    Create,
    /// `PUT /accounts/update?phone=` (or `?email=`)
    Update,
    /// `GET /accounts?phone=`
    Fetch,
}

impl Action {
    /// Returns the lower-case name used in the journal and the log panel.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Fetch => "fetch",
        }
    }
}

/// A request ready to send, minus the per-attempt auth values (nonce, timestamp, token).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    pub action: Action,
    pub method: reqwest::Method,
    pub url: url::Url,
    /// Headers that do not change between attempts: content type, accept, user agent and
    /// `branch_code`.
    pub headers: Vec<(String, String)>,
    /// The serialised body, empty for a fetch. These exact bytes are previewed and sent.
    pub body: Bytes,
}

/// The per-attempt auth values besides the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthValues {
    /// Random alphanumeric string, never reused.
    pub nonce: String,
    /// Unix seconds when the attempt starts.
    pub timestamp: i64,
}

impl AuthValues {
    /// Draws a new nonce and takes the current time.
    pub fn fresh() -> Self {
        let nonce = rand::rng()
            .sample_iter(&Alphanumeric)
            .take(NONCE_LEN)
            .map(char::from)
            .collect();
        AuthValues {
            nonce,
            timestamp: jiff::Timestamp::now().as_second(),
        }
    }
}

/// Builds the create request for a payload.
pub fn create(config: &RewardConfig, payload: &Payload) -> RequestSpec {
    let body = profile_bytes(&payload.profile);
    RequestSpec {
        action: Action::Create,
        method: reqwest::Method::POST,
        url: endpoint(config, "accounts"),
        headers: fixed_headers(payload.branch_code.as_deref(), true),
        body,
    }
}

/// Builds the update request for a payload, keyed by phone, or email when there is no phone.
pub fn update(config: &RewardConfig, payload: &Payload) -> RequestSpec {
    let mut url = endpoint(config, "accounts/update");
    append_key(&mut url, payload);
    let mut wrapper = Map::new();
    wrapper.insert(
        "profile".to_string(),
        Value::Object(payload.profile.clone()),
    );
    RequestSpec {
        action: Action::Update,
        method: reqwest::Method::PUT,
        url,
        headers: fixed_headers(payload.branch_code.as_deref(), true),
        body: profile_bytes(&wrapper),
    }
}

/// Builds the request that reads the profile and loyalty data Datanuum holds for a payload's
/// phone (or email).
pub fn fetch(config: &RewardConfig, payload: &Payload) -> RequestSpec {
    let mut url = endpoint(config, "accounts");
    append_key(&mut url, payload);
    url.query_pairs_mut().append_pair("includeLoyalty", "true");
    RequestSpec {
        action: Action::Fetch,
        method: reqwest::Method::GET,
        url,
        headers: fixed_headers(payload.branch_code.as_deref(), false),
        body: Bytes::new(),
    }
}

/// Returns the SHA-256 (lower-case hex) of a profile as the create request serialises it.
///
/// The journal stores this hash for every successful send, and a batch compares it to skip
/// customers whose data has not changed. Creates and updates carry the same profile, so the
/// hash is always taken over the create body.
pub fn profile_hash(payload: &Payload) -> String {
    sha256_hex(&profile_bytes(&payload.profile))
}

/// Returns the SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Returns the URL and the headers of one attempt, with the token, a nonce and a timestamp
/// placed as the config sets.
pub fn authorize(
    spec: &RequestSpec,
    token: &Secret,
    placement: AuthPlacement,
    auth: &AuthValues,
) -> (url::Url, Vec<(String, String)>) {
    let values = [
        ("oauth_token", token.expose().to_string()),
        ("oauth_nonce", auth.nonce.clone()),
        ("oauth_timestamp", auth.timestamp.to_string()),
    ];
    let mut url = spec.url.clone();
    let mut headers = spec.headers.clone();
    match placement {
        AuthPlacement::Headers => {
            headers.extend(values.map(|(name, value)| (name.to_string(), value)));
        }
        AuthPlacement::Query => {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &values {
                pairs.append_pair(name, value);
            }
        }
    }
    (url, headers)
}

/// Returns `url` as text without any `oauth_*` query parameter, for the journal and logs.
pub fn redacted_url(url: &url::Url) -> String {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !name.starts_with("oauth_"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let mut clean = url.clone();
    clean.set_query(None);
    if !kept.is_empty() {
        clean.query_pairs_mut().extend_pairs(kept);
    }
    clean.to_string()
}

/// Human-readable text of a request with the token masked, as the preview shows it.
///
/// The auth values are shown as headers, the default placement; use [`preview_text_with`]
/// to show them where a config places them.
pub fn preview_text(spec: &RequestSpec, token: &Secret) -> String {
    preview_text_with(spec, token, AuthPlacement::Headers)
}

/// Human-readable text of a request with the token masked and the auth values placed as
/// `placement` sets.
///
/// The body is shown as the exact bytes that are sent.
pub fn preview_text_with(spec: &RequestSpec, token: &Secret, placement: AuthPlacement) -> String {
    let (url, headers) = preview_parts(spec, token, placement);
    let mut text = format!("{} {}\n", spec.method, url);
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    if !spec.body.is_empty() {
        text.push('\n');
        text.push_str(&String::from_utf8_lossy(&spec.body));
        text.push('\n');
    }
    text
}

/// Returns the preview of a request as the JSON object that `preview --json` prints:
/// `customer`, `method`, `url`, `headers` (token masked) and `body` (the JSON itself).
pub fn preview_json(
    customer: &str,
    spec: &RequestSpec,
    token: &Secret,
    placement: AuthPlacement,
) -> Value {
    let (url, headers) = preview_parts(spec, token, placement);
    let headers: Map<String, Value> = headers
        .into_iter()
        .map(|(name, value)| (name, Value::String(value)))
        .collect();
    let mut object = Map::new();
    object.insert("customer".into(), Value::String(customer.to_string()));
    object.insert("method".into(), Value::String(spec.method.to_string()));
    object.insert("url".into(), Value::String(url));
    object.insert("headers".into(), Value::Object(headers));
    if !spec.body.is_empty() {
        let body = serde_json::from_slice(&spec.body).unwrap_or(Value::Null);
        object.insert("body".into(), body);
    }
    Value::Object(object)
}

/// Returns the preview URL and headers, with the auth values shown masked or as placeholders.
fn preview_parts(
    spec: &RequestSpec,
    token: &Secret,
    placement: AuthPlacement,
) -> (String, Vec<(String, String)>) {
    let values = [
        ("oauth_token", token.masked()),
        ("oauth_nonce", NONCE_PLACEHOLDER.to_string()),
        ("oauth_timestamp", TIMESTAMP_PLACEHOLDER.to_string()),
    ];
    let mut headers = spec.headers.clone();
    let mut url = spec.url.to_string();
    match placement {
        AuthPlacement::Headers => {
            headers.extend(values.map(|(name, value)| (name.to_string(), value)));
        }
        AuthPlacement::Query => {
            // Written by hand because percent-encoding would garble the bullets and
            // placeholders, and this URL is only shown, never requested.
            let joined: Vec<String> = values
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            let separator = if spec.url.query().is_some() { '&' } else { '?' };
            url = format!("{url}{separator}{}", joined.join("&"));
        }
    }
    (url, headers)
}

/// Serialises a JSON object. serde_json fails only on non-string map keys, which a
/// `Map<String, Value>` cannot have, so the empty fallback is never used.
fn profile_bytes(object: &Map<String, Value>) -> Bytes {
    Bytes::from(serde_json::to_vec(object).unwrap_or_default())
}

/// Joins the base URL and an API path, keeping any path prefix the base URL has.
fn endpoint(config: &RewardConfig, path: &str) -> url::Url {
    let mut url = config.base_url.clone();
    let base_path = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{base_path}/{path}"));
    url.set_query(None);
    url
}

/// Adds the key that identifies an existing account: the phone, or the email without one.
fn append_key(url: &mut url::Url, payload: &Payload) {
    if let Some(phone) = &payload.phone {
        url.query_pairs_mut().append_pair("phone", phone);
    } else if let Some(email) = &payload.email {
        url.query_pairs_mut().append_pair("email", email);
    }
}

/// Returns the headers that stay the same on every attempt.
fn fixed_headers(branch_code: Option<&str>, with_body: bool) -> Vec<(String, String)> {
    let mut headers = Vec::with_capacity(4);
    if with_body {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    headers.push(("Accept".to_string(), "application/json".to_string()));
    headers.push((
        "User-Agent".to_string(),
        concat!("datanuum-sync/", env!("CARGO_PKG_VERSION")).to_string(),
    ));
    if let Some(code) = branch_code.filter(|code| !code.is_empty()) {
        headers.push(("branch_code".to_string(), code.to_string()));
    }
    headers
}

#[cfg(test)]
mod tests;
