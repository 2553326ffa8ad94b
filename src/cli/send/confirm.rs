//! The production guard of `send`: a batch to a config marked `production` goes out only
//! after the operator types the customer count, or with `--yes`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::anyhow;

use crate::cli::CliError;
use crate::config::RewardConfig;

/// Requests the customer count on the terminal. Without a terminal, returns an error that
/// names `--yes`.
pub fn production(config: &RewardConfig, count: usize) -> Result<(), CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(anyhow!(
            "reward config {} is marked production and there is no terminal to confirm on; \
             pass --yes to send {}",
            config.code,
            crate::cli::output::count(count, "customer", "customers")
        )));
    }
    eprint!(
        "Reward config {} ({}, {}) is marked PRODUCTION.\n\
         Type the number of customers to send ({count}) to confirm: ",
        config.code,
        config.name,
        config.host()
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(CliError::failed)?;
    if answer.trim() == count.to_string() {
        tracing::info!(config = %config.code, count, "production send confirmed");
        Ok(())
    } else {
        Err(CliError::usage(anyhow!(
            "not confirmed (expected {count}): nothing was sent"
        )))
    }
}
