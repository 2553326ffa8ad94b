//! `--demo`: the screen on a bundled sample CSV against the built-in stand-in, with no
//! set-up: no config file, no token, and a temporary data directory unless `--data-dir`
//! is given.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};

use super::{CliError, CliResult, GlobalArgs, context};

/// The bundled sample customers, embedded so the demo works from any directory.
pub const DEMO_CSV: &[u8] = include_bytes!("../../assets/demo-customers.csv");

/// File name the sample CSV gets in the demo's data directory.
const DEMO_CSV_NAME: &str = "demo-customers.csv";

/// Runs the demo.
pub fn run(global: &GlobalArgs) -> CliResult {
    let data = DemoData::create(global.data_dir.as_deref())?;
    let _logging = context::start_logging_in(&data.dir, global)?;
    let csv = data.write_csv()?;
    tracing::info!(data_dir = %data.dir.display(), csv = %csv.display(), "demo starting");
    // TODO: start the stand-in and the screen once they are merged.
    Err(CliError::failed(anyhow!(
        "the demo is not available in this build yet"
    )))
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
}

impl Drop for DemoData {
    fn drop(&mut self) {
        if self.temporary {
            // Best effort: a leftover directory in the temp dir does no harm.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
