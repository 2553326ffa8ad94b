//! Diagnostic logging to a daily file in `<data dir>/logs/`, never to the terminal, so the
//! screen and the `--json` output stay clean.
//!
//! The level comes from `--log-level`, else `RUST_LOG`, else `info`. Writes go through a
//! non-blocking writer; the returned guard flushes it when dropped, so `main` keeps it alive
//! until the end.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// File name prefix of the log files; the date and `.log` follow.
pub const LOG_FILE_PREFIX: &str = "datanuum-sync";

/// An error that stopped logging from starting.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("invalid log level `{level}`: {reason}; use error, warn, info, debug or trace")]
    Level { level: String, reason: String },
    #[error("cannot create the log directory {path}: {reason}")]
    Directory { path: PathBuf, reason: String },
    #[error("a logger is already installed")]
    AlreadySet,
}

/// Keeps the log writer alive; dropping it flushes the last lines.
#[must_use = "dropping the guard stops logging"]
pub struct LogGuard {
    _worker: WorkerGuard,
    /// Directory the log files are written to.
    pub directory: PathBuf,
}

/// Installs the global file logger under `data_dir`. `level` (from `--log-level`) wins over
/// `RUST_LOG`; both accept `tracing` filter directives such as `debug` or
/// `datanuum_sync::client=trace`.
pub fn init(data_dir: &Path, level: Option<&str>) -> Result<LogGuard, LoggingError> {
    let filter = filter(level)?;
    let directory = crate::paths::log_dir(data_dir);
    std::fs::create_dir_all(&directory).map_err(|error| LoggingError::Directory {
        path: directory.clone(),
        reason: error.to_string(),
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .build(&directory)
        .map_err(|error| LoggingError::Directory {
            path: directory.clone(),
            reason: error.to_string(),
        })?;
    let (writer, worker) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)?;
    Ok(LogGuard {
        _worker: worker,
        directory,
    })
}

/// Builds the level filter from `--log-level`, else `RUST_LOG`, else `info`.
pub fn filter(level: Option<&str>) -> Result<EnvFilter, LoggingError> {
    let directives = match level {
        Some(level) => level.to_string(),
        None => std::env::var(EnvFilter::DEFAULT_ENV)
            .ok()
            .filter(|value| !value.trim().is_empty())
            .unwrap_or_else(|| "info".to_string()),
    };
    EnvFilter::builder()
        .parse(&directives)
        .map_err(|error| LoggingError::Level {
            level: directives.clone(),
            reason: error.to_string(),
        })
}
