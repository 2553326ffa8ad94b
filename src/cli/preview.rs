//! `preview`: prints the exact requests that would be sent, with the token masked. No
//! request is made.
//!
//! The request shown is the create request, the first one of the default flow; a create
//! rejected with 1004 is followed by the update that `on_duplicate` selects.

use std::path::Path;

use serde_json::{Value, json};

use super::{CliResult, EXIT_SUCCESS, GlobalArgs, Target, context, output};
use crate::config::RewardConfig;
use crate::customer::Severity;
use crate::payload::{self, Prepared};
use crate::request;

/// Prints the create request of every selected customer, or why it cannot be sent.
pub fn run(global: &GlobalArgs, csv: &Path, target: &Target) -> CliResult {
    let config = context::reward_config(global, &target.reward_config)?;
    let file = context::load_csv(csv, global, &config)?;
    context::warn_file_findings(&file);
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
            request::preview_json(&prepared.code, &spec, &config.token, config.auth_placement)
        }
        Err(message) => json!({
            "customer": prepared.code,
            "outcome": "invalid",
            "message": message,
        }),
    }
}

/// Formats the plain-text preview of one customer: a title line, the request, then its warnings.
fn preview_block(config: &RewardConfig, prepared: &Prepared) -> String {
    let mut text = format!("── {} (line {}) ──\n", prepared.code, prepared.line);
    match &prepared.payload {
        Ok(payload) => {
            let spec = request::create(config, payload);
            let preview = request::preview_text_with(&spec, &config.token, config.auth_placement);
            text.push_str(&preview);
        }
        Err(message) => {
            text.push_str(&format!("not sent (invalid): {message}\n"));
        }
    }
    // The invalid finding repeats the reason printed above.
    let findings = prepared
        .findings
        .iter()
        .filter(|finding| finding.severity != Severity::Invalid);
    for finding in findings {
        let field = finding.field.as_deref().unwrap_or("row");
        text.push_str(&format!(
            "{}: line {}, {field}: {}\n",
            finding.severity, finding.line, finding.message
        ));
    }
    text
}
