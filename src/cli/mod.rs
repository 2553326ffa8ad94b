//! The command line: parses arguments, starts logging, and runs the screen or one of the
//! commands that work without it (`configs`, `validate`, `preview`, `send`, `export`,
//! `mock-server`).
//!
//! Every command returns an exit code instead of exiting, so destructors run (the log
//! writer flushes, the demo's temporary directory is removed). Exit codes: 0 success, 1 a
//! customer failed or a file could not be loaded, 2 usage or config errors.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

mod args;
mod configs;
mod context;
mod demo;
mod export;
mod help;
mod mock_server;
mod output;
mod preview;
mod screen;
mod send;
mod signal;
mod validate;

pub use args::{Cli, Command, GlobalArgs, MockArgs, Target};

/// Exit code when everything succeeded.
pub const EXIT_SUCCESS: u8 = 0;
/// Exit code when a customer failed or was invalid, or a file could not be loaded.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for usage and config errors.
pub const EXIT_USAGE: u8 = 2;

/// An error that ends a command, with the exit code it maps to.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub error: anyhow::Error,
}

impl CliError {
    /// Wraps a usage or config error (exit code 2).
    pub fn usage(error: impl Into<anyhow::Error>) -> Self {
        CliError {
            code: EXIT_USAGE,
            error: error.into(),
        }
    }

    /// Wraps a failure while doing the work (exit code 1).
    pub fn failed(error: impl Into<anyhow::Error>) -> Self {
        CliError {
            code: EXIT_FAILURE,
            error: error.into(),
        }
    }
}

/// The result of a command: its exit code, or the error that stopped it.
pub type CliResult = Result<u8, CliError>;

/// Runs the program with the process arguments and returns its exit code.
pub fn main() -> ExitCode {
    let command = Cli::command().after_help(help::files_text());
    let cli = match command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` arrive here too, with exit code 0.
            let code = error.exit_code();
            let _ = error.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(EXIT_USAGE));
        }
    };
    ExitCode::from(run(cli))
}

/// Runs a parsed command line and returns its exit code; errors are printed on stderr.
pub fn run(cli: Cli) -> u8 {
    let log_dir = crate::paths::log_dir(&context::data_dir(&cli.global));
    match dispatch(cli) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("error: {}", describe(&failure.error));
            // Point at the log only when this run could write one there.
            if log_dir.is_dir() {
                eprintln!("details are logged in {}", log_dir.display());
            }
            failure.code
        }
    }
}

/// Joins an error and its causes with `: `, leaving out a cause whose text is already
/// there: several engine errors write their source into their own message, and printing
/// the chain would repeat it (`No such file or directory (os error 2)` twice).
pub fn describe(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn dispatch(cli: Cli) -> CliResult {
    let global = cli.global;
    if cli.demo && cli.command.is_some() {
        return Err(CliError::usage(anyhow::anyhow!(
            "--demo opens the screen and cannot be combined with a command"
        )));
    }
    let Some(command) = cli.command else {
        if cli.demo {
            return demo::run(&global);
        }
        let _logging = context::start_logging(&global)?;
        let result = screen::run(&global, cli.csv, cli.reward_config);
        return log_failure(result);
    };
    let _logging = context::start_logging(&global)?;
    tracing::info!(command = command_name(&command), "starting");
    log_failure(execute(&global, command))
}

/// Logs the error of a failed command while the log writer is still alive.
fn log_failure(result: CliResult) -> CliResult {
    if let Err(failure) = &result {
        tracing::error!(error = describe(&failure.error), "command failed");
    }
    result
}

fn execute(global: &GlobalArgs, command: Command) -> CliResult {
    match command {
        Command::Configs => configs::run(global),
        Command::Validate { csv, reward_config } => {
            validate::run(global, &csv, reward_config.as_deref())
        }
        Command::Preview { csv, target } => preview::run(global, &csv, &target),
        Command::Send {
            csv,
            target,
            only_failed,
            dry_run,
            force,
            yes,
        } => {
            let options = send::SendOptions {
                only_failed,
                dry_run,
                force,
                yes,
            };
            send::run(global, &csv, &target, options)
        }
        Command::Export {
            csv,
            reward_config,
            results,
            failed,
        } => export::run(
            global,
            &csv,
            &reward_config,
            export::ExportPaths { results, failed },
        ),
        Command::MockServer(args) => mock_server::run(&args),
    }
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Configs => "configs",
        Command::Validate { .. } => "validate",
        Command::Preview { .. } => "preview",
        Command::Send { .. } => "send",
        Command::Export { .. } => "export",
        Command::MockServer(_) => "mock-server",
    }
}
