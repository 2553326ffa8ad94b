//! The stand-in's API routes and its auth check.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use serde_json::{Value, json};

use super::Shared;
use super::store::{self, StatusAndBody};

const AUTH_NAMES: [&str; 3] = ["oauth_token", "oauth_nonce", "oauth_timestamp"];

type Params = Query<HashMap<String, String>>;

/// Builds the router for `POST /accounts`, `GET /accounts` and `PUT /accounts/update`.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/accounts", get(read).post(create))
        .route("/accounts/update", put(update))
        .fallback(not_found)
        .with_state(shared)
}

async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Response {
    let answer = match check_auth(&shared, &headers, &query) {
        Ok(()) => shared.store().create(&body),
        Err(answer) => answer,
    };
    respond(answer)
}

async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Response {
    let answer = match check_auth(&shared, &headers, &query) {
        Ok(()) => shared.store().update(&query, &body),
        Err(answer) => answer,
    };
    respond(answer)
}

async fn read(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Response {
    let answer = match check_auth(&shared, &headers, &query) {
        Ok(()) => shared.store().get(&query),
        Err(answer) => answer,
    };
    respond(answer)
}

async fn not_found() -> Response {
    respond((
        404,
        json!({"status": "error", "message": "no such endpoint on the stand-in"}),
    ))
}

/// Checks that the auth values are present, the token matches (when one is set) and the
/// nonce was never seen before.
fn check_auth(
    shared: &Shared,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<(), StatusAndBody> {
    if !shared.options.require_auth {
        return Ok(());
    }
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
            .or_else(|| query.get(name).cloned())
            .filter(|value| !value.trim().is_empty())
    };
    let mut values = Vec::with_capacity(AUTH_NAMES.len());
    for name in AUTH_NAMES {
        let Some(found) = value(name) else {
            return Err(unauthorized(&format!("missing {name}")));
        };
        values.push(found);
    }
    let (token, nonce, timestamp) = (&values[0], &values[1], &values[2]);
    if shared
        .options
        .token
        .as_ref()
        .is_some_and(|expected| expected != token)
    {
        return Err(unauthorized("invalid oauth_token"));
    }
    if timestamp.parse::<i64>().is_err() {
        return Err(unauthorized("oauth_timestamp is not Unix seconds"));
    }
    if !shared.use_nonce(nonce) {
        return Err(unauthorized("oauth_nonce was already used"));
    }
    Ok(())
}

fn unauthorized(message: &str) -> StatusAndBody {
    (
        401,
        json!({"status": "error", "code": 401, "message": message}),
    )
}

fn respond((status, body): (u16, Value)) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(body)).into_response()
}

/// Builds a Datanuum-style error response, for faults injected outside the routes.
pub fn error_response(status: u16, message: &str) -> Response {
    let (status, body) = store::error(status, i64::from(status), message);
    respond((status, body))
}
