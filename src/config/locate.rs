//! Finds the reward-config file and reads it.
//!
//! The file is looked for in this order: the path given with `--config`, the path in
//! `$DATANUUM_SYNC_CONFIG`, then `reward-configs.toml` in the user's config directory. The
//! first place that is set wins, even when the file there is missing, so that a typing
//! mistake in `--config` is reported instead of silently loading another file.

use std::path::{Path, PathBuf};

use super::ConfigSet;
use super::error::{ConfigError, Origin};

/// Environment variable that names the reward-config file.
pub const CONFIG_ENV: &str = "DATANUUM_SYNC_CONFIG";

/// The places a reward-config file can come from, before any is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    /// Path given with `--config`.
    pub flag: Option<PathBuf>,
    /// Value of `$DATANUUM_SYNC_CONFIG`.
    pub env: Option<PathBuf>,
    /// `reward-configs.toml` in the user's config directory, when a home directory exists.
    pub default: Option<PathBuf>,
}

impl Lookup {
    /// Builds the lookup from `--config`, the process environment and the user's config
    /// directory. An empty `$DATANUUM_SYNC_CONFIG` counts as unset.
    pub fn from_env(flag: Option<&Path>) -> Lookup {
        let env = std::env::var_os(CONFIG_ENV)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from);
        Lookup {
            flag: flag.map(Path::to_path_buf),
            env,
            default: crate::paths::default_config_file(),
        }
    }

    /// Returns the path to read and how it was chosen, checking only that it exists.
    pub fn locate(&self) -> Result<(PathBuf, Origin), ConfigError> {
        let chosen = [
            (self.flag.as_ref(), Origin::Flag),
            (self.env.as_ref(), Origin::Env),
            (self.default.as_ref(), Origin::Default),
        ]
        .into_iter()
        .find_map(|(path, origin)| path.map(|path| (path.clone(), origin)));
        let Some((path, origin)) = chosen else {
            return Err(ConfigError::NoLocation {
                searched: self.describe(),
            });
        };
        if path.exists() {
            Ok((path, origin))
        } else {
            Err(ConfigError::NotFound {
                path,
                origin,
                searched: self.describe(),
            })
        }
    }

    /// Lists the three places in lookup order, for error messages and `--help`.
    pub fn describe(&self) -> String {
        let show = |path: Option<&PathBuf>, unset: &str| {
            path.map_or(unset.to_string(), |path| path.display().to_string())
        };
        format!(
            "Reward configs are looked for in this order:\n  \
             1. --config FILE: {}\n  \
             2. ${CONFIG_ENV}: {}\n  \
             3. {}\n\
             Create the file from assets/reward-configs.example.toml in the project.",
            show(self.flag.as_ref(), "not given"),
            show(self.env.as_ref(), "not set"),
            show(
                self.default.as_ref(),
                "reward-configs.toml in the user's config directory (no home directory found)"
            ),
        )
    }
}

/// Locates the reward-config file from `--config`, the environment and the default place.
pub fn locate(flag: Option<&Path>) -> Result<PathBuf, ConfigError> {
    Lookup::from_env(flag).locate().map(|(path, _)| path)
}

/// Reads and checks the reward-config file at `path`, resolving `token_env` from the process
/// environment.
pub fn load(path: &Path) -> Result<ConfigSet, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::InvalidData {
            ConfigError::NotUtf8 {
                path: path.to_path_buf(),
            }
        } else {
            ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    let env = |name: &str| std::env::var(name).ok();
    super::resolve::parse(&text, path, &env)
}
