//! `export`: writes the results recorded in the journal as CSV, and the failed rows in the
//! layout of the input file, ready to fix in a spreadsheet and load again.
//!
//! Without `--results` or `--failed`, both files are written to the current directory as
//! `<csv name>.results.csv` and `<csv name>.failed.csv`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{CliError, CliResult, EXIT_SUCCESS, GlobalArgs, context, output};
use crate::customer::Customer;
use crate::export::{self, ResultRow};
use crate::journal::{Journal, Restored};
use crate::load::CustomerFile;
use crate::outcome::{OutcomeKind, Status};
use crate::payload;

/// Output files of `export`; `None` leaves that file out.
#[derive(Debug, Clone, Default)]
pub struct ExportPaths {
    pub results: Option<PathBuf>,
    pub failed: Option<PathBuf>,
}

/// Writes the results and failed-rows files for one CSV and reward config.
pub fn run(global: &GlobalArgs, csv: &Path, reward_config: &str, paths: ExportPaths) -> CliResult {
    let config = context::reward_config(global, reward_config)?;
    let file = context::load_csv(csv, global, &config)?;
    let (_journal, restored) = Journal::open(&context::data_dir(global), &config.code)
        .context("cannot open the journal")
        .map_err(CliError::failed)?;
    let paths = with_defaults(paths, csv);

    if let Some(path) = &paths.results {
        let rows = result_rows(&file, &restored);
        export::export_results(&rows, path).map_err(CliError::failed)?;
        let count = output::count(rows.len(), "result", "results");
        eprintln!("wrote {count} to {}", path.display());
    }
    if let Some(path) = &paths.failed {
        let failed: Vec<&Customer> = file
            .customers
            .iter()
            .filter(|customer| needs_fixing(&config, &file, customer, &restored))
            .collect();
        export::export_failed_rows(&file.columns, &failed, path).map_err(CliError::failed)?;
        let count = output::count(failed.len(), "failed row", "failed rows");
        eprintln!("wrote {count} to {}", path.display());
    }
    Ok(EXIT_SUCCESS)
}

/// Fills in both default paths when neither file was asked for.
fn with_defaults(paths: ExportPaths, csv: &Path) -> ExportPaths {
    if paths.results.is_some() || paths.failed.is_some() {
        return paths;
    }
    let stem = csv.file_stem().map_or("customers".into(), |stem| {
        stem.to_string_lossy().into_owned()
    });
    ExportPaths {
        results: Some(PathBuf::from(format!("{stem}.results.csv"))),
        failed: Some(PathBuf::from(format!("{stem}.failed.csv"))),
    }
}

/// Collects the last recorded outcome of every customer of the file, in file order.
fn result_rows<'a>(file: &CustomerFile, restored: &'a Restored) -> Vec<ResultRow<'a>> {
    file.customers
        .iter()
        .filter_map(|customer| {
            let state = restored.customers.get(customer.code(&file.columns))?;
            let outcome = state.last_outcome.as_ref()?;
            Some(ResultRow {
                outcome,
                time: &state.last_time,
            })
        })
        .collect()
}

/// True for a customer whose last send failed or was invalid, and for one that cannot be
/// sent with the data in the file now.
fn needs_fixing(
    config: &crate::config::RewardConfig,
    file: &CustomerFile,
    customer: &Customer,
    restored: &Restored,
) -> bool {
    let status = restored.status(customer.code(&file.columns));
    if matches!(
        status,
        Status::Done(OutcomeKind::Failed | OutcomeKind::Invalid)
    ) {
        return true;
    }
    payload::prepare(config, &file.columns, customer)
        .payload
        .is_err()
}
