//! `send`: sends the selected customers through the batch runner. Progress goes to stderr
//! and one result per customer to stdout, so a script can pipe the results.
//!
//! Customers whose profile has not changed since its last successful send are skipped
//! unless `--force` is given. Exit code 0 when every customer succeeded (created, updated
//! or skipped), 1 when any failed or was invalid.

mod confirm;
mod progress;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::{CliError, CliResult, EXIT_FAILURE, EXIT_SUCCESS, GlobalArgs, Target, context};
use crate::batch::{BatchItem, BatchOptions};
use crate::customer::Customer;
use crate::journal::{Journal, Restored};
use crate::outcome::{OutcomeKind, Status};
use crate::payload;

/// Flags of `send` beyond the target.
#[derive(Debug, Clone, Copy, Default)]
pub struct SendOptions {
    /// Only customers whose last recorded outcome is failed, invalid or unknown.
    pub only_failed: bool,
    /// Build the requests and report them without sending.
    pub dry_run: bool,
    /// Resend profiles unchanged since their last successful send.
    pub force: bool,
    /// Confirm a production batch without asking for the customer count.
    pub yes: bool,
}

/// Sends the selected customers and prints one outcome per customer.
pub fn run(global: &GlobalArgs, csv: &Path, target: &Target, options: SendOptions) -> CliResult {
    let config = context::reward_config(global, &target.reward_config)?;
    let file = context::load_csv(csv, global, &config)?;
    context::warn_file_findings(&file);
    let selected = context::select(&file, &target.customers)?;

    let data_dir = context::data_dir(global);
    let (journal, restored) = Journal::open(&data_dir, &config.code)
        .context("cannot open the journal")
        .map_err(CliError::failed)?;
    let selected = if options.only_failed {
        only_failed(selected, &file.columns, &restored)
    } else {
        selected
    };
    tracing::info!(
        config = %config.code,
        customers = selected.len(),
        only_failed = options.only_failed,
        dry_run = options.dry_run,
        force = options.force,
        confirmed = options.yes,
        "send starting"
    );
    if selected.is_empty() {
        eprintln!("nothing to send: no customer matches");
        return Ok(EXIT_SUCCESS);
    }
    if config.production && !options.dry_run && !options.yes {
        confirm::production(&config, selected.len())?;
    }

    let items: Vec<BatchItem> = selected
        .iter()
        .enumerate()
        .map(|(index, customer)| BatchItem {
            index,
            prepared: payload::prepare(&config, &file.columns, customer),
        })
        .collect();
    let batch_options = BatchOptions {
        force: options.force,
        dry_run: options.dry_run,
        skip_unchanged: restored.success_hashes(),
        ..BatchOptions::default()
    };

    // Requests spend their time waiting on the network, so one thread keeps up with the
    // configured concurrency. On two cores it sent 10,000 requests to the local stand-in
    // in 0.33 s at 32 µs of CPU each, against 0.6 s and 80 µs with a worker per core,
    // whose idle workers wake and park around every response.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(CliError::failed)?;
    let report = runtime.block_on(progress::drive(
        Arc::new(config),
        items,
        journal,
        batch_options,
        global.json,
    ))?;
    Ok(if report.all_succeeded() {
        EXIT_SUCCESS
    } else {
        EXIT_FAILURE
    })
}

/// Keeps the customers not sent successfully yet. These are the customers never sent,
/// because a cancelled run journals nothing for those it did not reach. They are also
/// those whose last journaled outcome is failed or invalid, or unknown because a request
/// started without a recorded outcome. Invalid customers are kept so a row fixed in the CSV goes out on the next run.
fn only_failed<'a>(
    customers: Vec<&'a Customer>,
    columns: &crate::customer::Columns,
    restored: &Restored,
) -> Vec<&'a Customer> {
    customers
        .into_iter()
        .filter(|customer| {
            matches!(
                restored.status(customer.code(columns)),
                Status::Pending
                    | Status::Done(OutcomeKind::Failed | OutcomeKind::Invalid)
                    | Status::Unknown
            )
        })
        .collect()
}
