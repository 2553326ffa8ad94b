//! Where the tool keeps its files: the reward-config file, and the data directory that
//! contains the journal and the logs.
//!
//! Defaults come from the platform's conventions through the `directories` crate, e.g. on
//! Linux `~/.config/datanuum-sync/` for configs and `~/.local/share/datanuum-sync/` for data.

use std::path::{Path, PathBuf};

/// Environment variable that sets the data directory when `--data-dir` is not given.
pub const DATA_DIR_ENV: &str = "DATANUUM_SYNC_DATA_DIR";

/// File name of the reward-config file in the user's config directory.
pub const CONFIG_FILE_NAME: &str = "reward-configs.toml";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "datanuum-sync")
}

/// Returns `reward-configs.toml` in the user's config directory, or `None` without a home
/// directory.
pub fn default_config_file() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.config_dir().join(CONFIG_FILE_NAME))
}

/// Returns the platform's data directory for the tool, or `None` without a home directory.
pub fn default_data_dir() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.data_dir().to_path_buf())
}

/// Chooses the data directory: the one given (from `--data-dir` or
/// `$DATANUUM_SYNC_DATA_DIR`), else the platform default, else `./datanuum-sync-data` when
/// there is no home directory.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .or_else(default_data_dir)
        .unwrap_or_else(|| PathBuf::from("datanuum-sync-data"))
}

/// Directory of the daily log files inside a data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Directory of the per-config journal files inside a data directory.
pub fn journal_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("journal")
}
