//! The "Files" section at the end of `--help`: where configs are read from and where the
//! journal and the logs go, computed for this user and environment.

use crate::config::Lookup;
use crate::paths;

/// Returns the text shown after the options in `--help`.
pub fn files_text() -> String {
    let data_dir = match std::env::var_os(paths::DATA_DIR_ENV).filter(|value| !value.is_empty()) {
        Some(dir) => format!(
            "{} (from ${})",
            std::path::PathBuf::from(dir).display(),
            paths::DATA_DIR_ENV
        ),
        None => paths::default_data_dir().map_or_else(
            || "datanuum-sync-data in the current directory".to_string(),
            |dir| dir.display().to_string(),
        ),
    };
    let lookup = Lookup::from_env(None);
    format!(
        "Files:\n  \
         {}\n  \
         Data directory: {data_dir}\n    \
         (set with --data-dir DIR or ${})\n  \
         Journal: <data directory>/journal/<CONFIG CODE>.jsonl, one JSON line per request\n  \
         Log file: <data directory>/logs/{}.YYYY-MM-DD.log, a new file every day\n\n\
         Exit codes: 0 all succeeded, 1 a customer failed or a file could not be loaded,\n\
         2 usage or config errors.",
        lookup.describe().replace('\n', "\n  "),
        paths::DATA_DIR_ENV,
        crate::logging::LOG_FILE_PREFIX,
    )
}
