//! `export`: writes the results recorded in the journal as CSV, and the failed rows in the
//! layout of the input file.

use std::path::{Path, PathBuf};

use anyhow::anyhow;

use super::{CliError, CliResult, GlobalArgs};

/// Writes the results and failed-rows files for one CSV and reward config.
pub fn run(
    global: &GlobalArgs,
    csv: &Path,
    reward_config: &str,
    results: Option<PathBuf>,
    failed: Option<PathBuf>,
) -> CliResult {
    // TODO: call the export module once it is merged.
    let _ = (global, csv, reward_config, results, failed);
    Err(CliError::failed(anyhow!(
        "export is not available in this build yet"
    )))
}
