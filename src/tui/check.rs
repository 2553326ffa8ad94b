//! Background checks of loaded rows. Each row's payload is built once, to learn whether
//! the customer can be sent, whether a value was left out, and the normalised phone.
//! Phone validation makes that the slowest part of loading a large file, so rows reach
//! the table and the search index first and their summaries follow from this thread.

use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};

use super::engine;
use super::message::{Message, MessageSender};
use super::state::table::Summary;
use crate::config::RewardConfig;
use crate::customer::{Columns, Customer};

/// Sender of loaded rows to the checking thread. The thread starts when this is dropped at
/// the end of the load, so loading and indexing have both cores until then. It stops once
/// every chunk is checked.
pub struct Checker {
    chunks: Sender<(usize, Vec<Customer>)>,
    /// Channel that carries no message: dropping it signals the end of the load.
    _loading: Sender<()>,
}

impl Checker {
    /// Starts the checking thread; summaries arrive as [`Message::Checked`], in row order.
    pub fn start(
        config: Arc<RewardConfig>,
        columns: Arc<Columns>,
        sender: MessageSender,
    ) -> Checker {
        let (chunks, receiver) = channel::<(usize, Vec<Customer>)>();
        let (loading, load_over) = channel::<()>();
        std::thread::spawn(move || {
            let _ = load_over.recv();
            for (start, customers) in receiver {
                let summaries = summarize(&config, &columns, &customers);
                let message = Message::Checked {
                    config_code: config.code.clone(),
                    start,
                    summaries,
                };
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Checker {
            chunks,
            _loading: loading,
        }
    }

    /// Queues the rows that start at row `start` of the list.
    pub fn check(&self, start: usize, customers: Vec<Customer>) {
        let _ = self.chunks.send((start, customers));
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
