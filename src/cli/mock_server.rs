//! `mock-server`: runs the built-in Datanuum stand-in on loopback until Ctrl-C or SIGTERM.
//!
//! The first line on stdout is the base URL and nothing else follows on stdout, so a script
//! or test can read one line and point a reward config at it. Notes go to stderr.

use std::time::Duration;

use anyhow::Context;
use serde_json::{Map, Value};

use super::{CliError, CliResult, EXIT_SUCCESS, MockArgs, output, signal};
use crate::mock::{self, Faults, MockOptions, Scenario};

/// Starts the stand-in with the options of `args`, prints its URL and waits for a signal.
pub fn run(args: &MockArgs) -> CliResult {
    let options = options(args)?;
    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(CliError::failed)?;
    runtime.block_on(serve(options))
}

async fn serve(options: MockOptions) -> CliResult {
    let shutdown = signal::shutdown();
    let port = options.port;
    let server = mock::start(options)
        .await
        .with_context(|| format!("cannot start the stand-in on 127.0.0.1:{port}"))
        .map_err(CliError::failed)?;
    let url = server.url().as_str().trim_end_matches('/').to_string();
    output::line(&url)?;
    eprintln!("Datanuum stand-in listening on {url}; press Ctrl-C to stop");
    shutdown.await;
    eprintln!("stopping the stand-in");
    server.shutdown().await;
    tracing::info!(%url, "stand-in stopped");
    Ok(EXIT_SUCCESS)
}

/// Reads the only accepted token from the variable named by `--token-env`, so the token
/// never appears in the process list.
fn accepted_token(args: &MockArgs) -> Result<Option<String>, CliError> {
    let Some(name) = &args.token_env else {
        return Ok(None);
    };
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(Some(value.trim().to_string())),
        _ => Err(CliError::usage(anyhow::anyhow!(
            "environment variable {name} (from --token-env) is not set or empty"
        ))),
    }
}

fn options(args: &MockArgs) -> Result<MockOptions, CliError> {
    let scenario = match &args.scenario {
        Some(path) => Some(Scenario::load(path).map_err(CliError::usage)?),
        None => None,
    };
    let accounts = args
        .existing_phones
        .iter()
        .map(|phone| {
            let mut profile = Map::new();
            profile.insert("phone".into(), Value::String(phone.trim().to_string()));
            profile
        })
        .collect();
    Ok(MockOptions {
        port: args.port,
        latency: Duration::from_millis(args.latency_ms),
        require_auth: !args.no_auth,
        token: accepted_token(args)?,
        faults: Faults {
            error_every: args.error_every,
            throttle_every: args.throttle_every,
            ..Faults::default()
        },
        scenario,
        accounts,
    })
}
