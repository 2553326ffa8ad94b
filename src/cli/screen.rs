//! Opening the terminal screen, with or without a CSV and a reward config chosen up front.

use std::path::PathBuf;

use anyhow::Context;

use super::{CliError, CliResult, EXIT_SUCCESS, GlobalArgs, context};
use crate::config::{ConfigSet, RewardConfig};
use crate::load::LoadOptions;
use crate::tui::AppInit;

/// Opens the screen on `csv` (if given) with the config `reward_config` (if given). With
/// neither a `--reward-config` nor a single config in the file, the screen opens its config
/// picker first.
pub fn run(global: &GlobalArgs, csv: Option<PathBuf>, reward_config: Option<String>) -> CliResult {
    let configs = context::load_configs(global)?;
    let config = match reward_config {
        Some(code_or_id) => Some(context::pick(&configs, &code_or_id)?),
        None => single(&configs)?,
    };
    let init = AppInit {
        load_options: load_options(global, config.as_ref()),
        configs,
        config,
        csv,
        data_dir: context::data_dir(global),
    };
    open(init)
}

/// Runs the screen until the operator quits.
pub fn open(init: AppInit) -> CliResult {
    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(CliError::failed)?;
    runtime
        .block_on(crate::tui::run(init))
        .map_err(CliError::failed)?;
    Ok(EXIT_SUCCESS)
}

/// Builds the load options: the forced encoding and delimiter, and the column overrides
/// of the chosen config.
pub fn load_options(global: &GlobalArgs, config: Option<&RewardConfig>) -> LoadOptions {
    LoadOptions {
        encoding: global.encoding,
        delimiter: global.delimiter,
        columns: config
            .map(|config| config.columns.clone())
            .unwrap_or_default(),
    }
}

/// Returns the only usable config, if there is exactly one. When no config is usable
/// because no token can be read, the picker would be empty, so the first reason is
/// reported instead.
fn single(configs: &ConfigSet) -> Result<Option<RewardConfig>, CliError> {
    match (configs.configs.as_slice(), configs.unavailable.first()) {
        ([only], _) => Ok(Some(only.clone())),
        ([], Some(first)) => Err(CliError::usage(anyhow::anyhow!(
            "no reward config can be used; reward config `{}`: {}",
            first.code,
            context::describe_unavailable(configs, first)
        ))),
        _ => Ok(None),
    }
}
