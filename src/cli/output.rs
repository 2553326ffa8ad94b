//! Writing results to stdout: plain lines, or one JSON object per line with `--json`.
//!
//! A write error (a closed pipe, a full disk) ends the command as a failure instead of
//! panicking the way `println!` does.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;

use super::CliError;

/// Writes one line of text to stdout.
pub fn line(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .context("cannot write to stdout")
        .map_err(CliError::failed)
}

/// Writes `value` as one compact JSON object on its own line of stdout, flushed at once so a
/// script reading the pipe gets each result as it happens.
pub fn json_line(value: &impl Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string(value)
        .context("cannot serialise a result")
        .map_err(CliError::failed)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .context("cannot write to stdout")
        .map_err(CliError::failed)
}

/// Formats a count with the noun that fits it: `1 customer`, `3 customers`, `0 customers`.
pub fn count(count: usize, singular: &str, plural: &str) -> String {
    let noun = if count == 1 { singular } else { plural };
    format!("{count} {noun}")
}
