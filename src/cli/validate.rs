//! `validate`: reports every row with a problem (warnings, invalid customers, bad rows) by
//! line number, without sending anything.
//!
//! Exit code 1 only when the file cannot be loaded at all; rows with problems are the
//! report, not a failure of the command.

use std::path::Path;

use super::{CliResult, EXIT_SUCCESS, GlobalArgs, context, output};
use crate::customer::{Finding, Severity};
use crate::payload;

/// Loads the CSV, builds every payload and prints each finding in line order.
pub fn run(global: &GlobalArgs, csv: &Path, reward_config: Option<&str>) -> CliResult {
    let config = match reward_config {
        Some(code_or_id) => context::reward_config(global, code_or_id)?,
        None => context::builtin_settings()?,
    };
    let file = context::load_csv(csv, global, &config)?;

    let mut findings: Vec<Finding> = file.findings.clone();
    let prepared: Vec<_> = file
        .customers
        .iter()
        .map(|customer| payload::prepare(&config, &file.columns, customer))
        .collect();
    let invalid = prepared
        .iter()
        .filter(|prepared| prepared.payload.is_err())
        .count();
    let shared = payload::shared_contacts(&file.columns, &prepared);
    findings.extend(prepared.into_iter().flat_map(|prepared| prepared.findings));
    findings.extend(shared);
    findings.sort_by_key(|finding| (finding.line, finding.severity));

    for finding in &findings {
        if global.json {
            output::json_line(finding)?;
        } else {
            output::line(&describe(finding))?;
        }
    }

    let count = |severity: Severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let loaded = file.customers.len();
    eprintln!(
        "{}: {loaded} loaded, {} sendable, {invalid} invalid, {}, {}",
        csv.display(),
        loaded - invalid,
        output::count(count(Severity::Warning), "warning", "warnings"),
        output::count(count(Severity::BadRow), "bad row", "bad rows"),
    );
    if reward_config.is_none() {
        eprintln!(
            "checked with built-in settings (default_country SA, day-first dates, names from \
             name2); pass --reward-config to use a config's settings"
        );
    }
    Ok(EXIT_SUCCESS)
}

/// Formats one finding as a plain line: `line 7: C1506: warning: birthDate: ...`.
fn describe(finding: &Finding) -> String {
    let mut text = format!("line {}: ", finding.line);
    if let Some(customer) = &finding.customer {
        text.push_str(&format!("{customer}: "));
    }
    text.push_str(&format!("{}: ", finding.severity));
    if let Some(field) = &finding.field {
        text.push_str(&format!("{field}: "));
    }
    text.push_str(&finding.message);
    text
}
