//! `preview`: prints the exact requests that would be sent, with the token masked. No
//! request is made.
//!
//! The request shown is the create request, the first one of the default flow; a create
//! rejected with 1004 is followed by the update that `on_duplicate` asks for.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{CliResult, EXIT_SUCCESS, GlobalArgs, Target, context, output};
use crate::config::RewardConfig;
use crate::payload::{self, Prepared};
use crate::request::{self, RequestSpec};

/// Prints the create request of every selected customer, or why it cannot be sent.
pub fn run(global: &GlobalArgs, csv: &Path, target: &Target) -> CliResult {
    let config = context::reward_config(global, &target.reward_config)?;
    let file = context::load_csv(csv, global, &config)?;
    let customers = context::select(&file, &target.customers)?;

    for customer in customers {
        let prepared = payload::prepare(&config, &file.columns, customer);
        if global.json {
            output::json_line(&preview_object(&config, &prepared))?;
        } else {
            output::line(&preview_block(&config, &prepared))?;
        }
    }
    Ok(EXIT_SUCCESS)
}

/// Builds the `preview --json` object: the request with its body as JSON, or the `invalid`
/// outcome with the reason when the customer cannot be sent.
fn preview_object(config: &RewardConfig, prepared: &Prepared) -> Value {
    match &prepared.payload {
        Ok(payload) => {
            let spec = request::create(config, payload);
            request_object(&prepared.code, &spec, config)
        }
        Err(message) => json!({
            "customer": prepared.code,
            "outcome": "invalid",
            "message": message,
        }),
    }
}

// TODO: replace with the shared preview JSON helper once the request module provides it,
// so the auth values are shown where `auth_placement` puts them.
fn request_object(code: &str, spec: &RequestSpec, config: &RewardConfig) -> Value {
    let mut headers = Map::new();
    for (name, value) in &spec.headers {
        headers.insert(name.clone(), Value::String(value.clone()));
    }
    headers.insert("oauth_token".into(), Value::String(config.token.masked()));
    let body: Value = serde_json::from_slice(&spec.body).unwrap_or(Value::Null);
    json!({
        "customer": code,
        "method": spec.method.as_str(),
        "url": spec.url.as_str(),
        "headers": headers,
        "body": body,
    })
}

/// Formats the plain-text preview of one customer: a title line, the request, then its warnings.
fn preview_block(config: &RewardConfig, prepared: &Prepared) -> String {
    let mut text = format!("── {} (line {}) ──\n", prepared.code, prepared.line);
    match &prepared.payload {
        Ok(payload) => {
            let spec = request::create(config, payload);
            text.push_str(&request::preview_text(&spec, &config.token));
        }
        Err(message) => text.push_str(&format!("not sent (invalid): {message}\n")),
    }
    for finding in &prepared.findings {
        let field = finding.field.as_deref().unwrap_or("row");
        text.push_str(&format!(
            "{}: line {}, {field}: {}\n",
            finding.severity, finding.line, finding.message
        ));
    }
    text
}
