//! `send`: sends the selected customers through the batch runner. Progress goes to stderr
//! and one result per customer to stdout, so a script can pipe the results.
//!
//! Exit code 0 when every customer succeeded, 1 when any failed or was invalid.

use std::path::Path;

use anyhow::anyhow;

use super::{CliError, CliResult, GlobalArgs, Target};

/// Flags of `send` beyond the target.
#[derive(Debug, Clone, Copy, Default)]
pub struct SendOptions {
    /// Only customers whose last recorded outcome is failed or unknown.
    pub only_failed: bool,
    /// Build the requests and report them without sending.
    pub dry_run: bool,
    /// Resend unchanged profiles and skip the production confirmation.
    pub force: bool,
}

/// Sends the selected customers and prints one outcome per customer.
pub fn run(global: &GlobalArgs, csv: &Path, target: &Target, options: SendOptions) -> CliResult {
    // TODO: call the batch runner once it is merged.
    let _ = (global, csv, target);
    tracing::info!(
        only_failed = options.only_failed,
        dry_run = options.dry_run,
        force = options.force,
        "send requested"
    );
    Err(CliError::failed(anyhow!(
        "sending is not available in this build yet"
    )))
}
