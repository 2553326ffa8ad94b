//! Background checks of loaded rows. Each row's payload is built once, to learn whether
//! the customer can be sent, whether a value was left out, and the normalised phone.
//! Phone validation makes that the slowest part of loading a large file, so rows reach
//! the table and the search index first and their summaries follow from here.

use super::app::App;
use super::engine;
use super::message::Message;
use super::state::table::Summary;
use crate::config::RewardConfig;
use crate::customer::{Columns, Customer};

/// Rows checked per task. Chunks go one at a time, so only one chunk of customers is
/// copied at once, and each result updates the counts on screen.
const CHUNK: usize = 50_000;

impl App {
    /// Checks the rows from `start` on, one chunk per background task: the next chunk
    /// starts when this one's summaries arrive (see `on_checked`).
    pub(super) fn check_rows_from(&mut self, start: usize) {
        let Some(config) = self.state.config.clone() else {
            return;
        };
        let list = &self.state.list;
        let end = start.saturating_add(CHUNK).min(list.rows.len());
        let Some(rows) = list.rows.get(start..end).filter(|rows| !rows.is_empty()) else {
            return;
        };
        let customers: Vec<Customer> = rows.iter().map(|row| row.customer.clone()).collect();
        let columns = std::sync::Arc::clone(&list.columns);
        let sender = self.sender.clone();
        tokio::task::spawn_blocking(move || {
            let summaries = summarize(&config, &columns, &customers);
            let _ = sender.send(Message::Checked {
                config_code: config.code.clone(),
                start,
                summaries,
            });
        });
    }
}

/// Builds each customer's payload and keeps its summary.
///
/// This runs on one thread because `phonenumber` looks up its compiled patterns under one
/// global lock. Two threads took more time in total, as measured on 1M rows.
pub fn summarize(config: &RewardConfig, columns: &Columns, customers: &[Customer]) -> Vec<Summary> {
    customers
        .iter()
        .map(|customer| Summary::of(&engine::prepare(config, columns, customer)))
        .collect()
}
