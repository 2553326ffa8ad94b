//! Opening the terminal screen, with or without a CSV and a reward config chosen up front.

use std::path::PathBuf;

use anyhow::anyhow;

use super::{CliError, CliResult, GlobalArgs};

/// Opens the screen on `csv` (if given) with the config `reward_config` (if given).
pub fn run(global: &GlobalArgs, csv: Option<PathBuf>, reward_config: Option<String>) -> CliResult {
    // TODO: call the screen once it is merged.
    let _ = (global, csv, reward_config);
    Err(CliError::failed(anyhow!(
        "the screen is not available in this build yet"
    )))
}
