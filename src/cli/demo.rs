//! `--demo`: the screen on a bundled sample CSV against the built-in stand-in, with no
//! set-up: no config file, no token, and a temporary data directory unless `--data-dir`
//! is given (`$DATANUUM_SYNC_DATA_DIR` is not used). The temporary directory is removed on
//! quit unless the operator exported files into it; then it is kept and its path printed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use super::{CliError, CliResult, EXIT_SUCCESS, GlobalArgs, context, screen};
use crate::config::{ConfigSet, RewardConfig};
use crate::mock::{self, Faults, MockOptions};
use crate::secret::Secret;
use crate::tui::AppInit;

/// The bundled sample customers, embedded so the demo works from any directory.
pub const DEMO_CSV: &[u8] = include_bytes!("../../assets/demo-customers.csv");

/// Token of the demo config. The stand-in accepts any token, and this one is not a secret.
const DEMO_TOKEN: &str = "demo-token-not-secret";

/// File name the sample CSV gets in the demo's data directory.
const DEMO_CSV_NAME: &str = "demo-customers.csv";

/// Runs the demo.
pub fn run(global: &GlobalArgs) -> CliResult {
    // Only an explicit --data-dir counts: with $DATANUUM_SYNC_DATA_DIR, a later demo would
    // restore the outcomes of an earlier one against a fresh, empty stand-in.
    let flag = global
        .data_dir
        .as_deref()
        .filter(|path| !path.as_os_str().is_empty());
    let mut data = DemoData::create(flag)?;
    let result = {
        let _logging = context::start_logging_in(&data.dir, global)?;
        super::log_failure(run_in(&data, global))
    };
    // The screen has restored the terminal by now, so the note stays visible.
    if let Some(exports) = data.keep_exports() {
        eprintln!("the demo's exports are kept in {}", exports.display());
    }
    result
}

/// Runs the stand-in and the screen with the demo data directory.
fn run_in(data: &DemoData, global: &GlobalArgs) -> CliResult {
    let csv = data.write_csv()?;
    tracing::info!(data_dir = %data.dir.display(), csv = %csv.display(), "demo starting");

    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(CliError::failed)?;
    runtime.block_on(async {
        let server = mock::start(stand_in_options())
            .await
            .context("cannot start the built-in stand-in")
            .map_err(CliError::failed)?;
        let config = demo_config(server.url().clone());
        let init = AppInit {
            configs: ConfigSet {
                path: PathBuf::from("(demo: built in)"),
                configs: vec![config.clone()],
                unavailable: Vec::new(),
            },
            load_options: screen::load_options(global, Some(&config)),
            config: Some(config),
            csv: Some(csv),
            data_dir: data.dir.clone(),
        };
        let result = crate::tui::run(init).await.map_err(CliError::failed);
        server.shutdown().await;
        result
    })?;
    Ok(EXIT_SUCCESS)
}

/// Returns stand-in options with a short delay per response, so progress is visible, and
/// an occasional 429, so the log shows a retry.
fn stand_in_options() -> MockOptions {
    MockOptions {
        latency: Duration::from_millis(120),
        faults: Faults {
            throttle_every: Some(17),
            ..Faults::default()
        },
        ..MockOptions::default()
    }
}

/// Builds the in-memory reward config of the demo, pointing at the stand-in.
fn demo_config(base_url: url::Url) -> RewardConfig {
    let mut config = context::settings("DEMO", base_url, Secret::new(DEMO_TOKEN));
    config.id = 1;
    config.name = "Demo (built-in stand-in)".to_string();
    config.default_register = Some("R00".to_string());
    config.timeout = Duration::from_secs(5);
    config
}

/// The demo's data directory; a temporary one is removed when the demo ends.
struct DemoData {
    dir: PathBuf,
    temporary: bool,
}

impl DemoData {
    fn create(data_dir: Option<&Path>) -> Result<DemoData, CliError> {
        let (dir, temporary) = match data_dir {
            Some(dir) => (dir.to_path_buf(), false),
            None => {
                let name = format!("datanuum-sync-demo-{}", std::process::id());
                (std::env::temp_dir().join(name), true)
            }
        };
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the demo data directory {}", dir.display()))
            .map_err(CliError::failed)?;
        Ok(DemoData { dir, temporary })
    }

    /// Writes the bundled CSV into the data directory, so the loader reads a real file.
    fn write_csv(&self) -> Result<PathBuf, CliError> {
        let path = self.dir.join(DEMO_CSV_NAME);
        std::fs::write(&path, DEMO_CSV)
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(CliError::failed)?;
        Ok(path)
    }

    /// Keeps a temporary data directory whose `exports` folder holds files, because the
    /// screen told the operator those paths. Returns the folder when it is kept.
    fn keep_exports(&mut self) -> Option<PathBuf> {
        let exports = self.dir.join("exports");
        let has_files = std::fs::read_dir(&exports)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(false);
        if self.temporary && has_files {
            self.temporary = false;
            return Some(exports);
        }
        None
    }
}

impl Drop for DemoData {
    fn drop(&mut self) {
        if self.temporary {
            // Best effort: a leftover directory in the temp dir does no harm.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary_in(parent: &Path) -> DemoData {
        let dir = parent.join("demo");
        std::fs::create_dir_all(&dir).unwrap();
        DemoData {
            dir,
            temporary: true,
        }
    }

    #[test]
    fn demo_dir_with_exports_is_kept() {
        let parent = tempfile::tempdir().unwrap();
        let mut data = temporary_in(parent.path());
        let exports = data.dir.join("exports");
        std::fs::create_dir_all(&exports).unwrap();
        std::fs::write(exports.join("results.csv"), "code\n").unwrap();
        assert_eq!(data.keep_exports(), Some(exports.clone()));
        drop(data);
        assert!(exports.join("results.csv").exists());
    }

    #[test]
    fn demo_dir_without_exports_is_removed() {
        let parent = tempfile::tempdir().unwrap();
        let mut data = temporary_in(parent.path());
        std::fs::create_dir_all(data.dir.join("exports")).unwrap();
        let dir = data.dir.clone();
        assert_eq!(data.keep_exports(), None);
        drop(data);
        assert!(!dir.exists());
    }
}
