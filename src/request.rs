//! The HTTP requests made for a customer, built once and shared by preview and send.

use bytes::Bytes;

use crate::config::RewardConfig;
use crate::payload::Payload;
use crate::secret::Secret;

/// Which Datanuum call a request is.
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

/// Builds the create request for a payload.
pub fn create(config: &RewardConfig, payload: &Payload) -> RequestSpec {
    let _ = (config, payload);
    todo!("request::create")
}

/// Builds the update request for a payload, keyed by phone, or email when there is no phone.
pub fn update(config: &RewardConfig, payload: &Payload) -> RequestSpec {
    let _ = (config, payload);
    todo!("request::update")
}

/// Human-readable text of a request with the token masked, as the preview shows it.
pub fn preview_text(spec: &RequestSpec, token: &Secret) -> String {
    let _ = (spec, token);
    todo!("request::preview_text")
}
