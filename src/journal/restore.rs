//! Rebuilding each customer's state from the lines of a journal file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde_json::Value;

use super::JournalLine;
use crate::outcome::{Outcome, OutcomeKind, Status};
use crate::request::Action;

/// A customer's state as recorded in the journal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RestoredCustomer {
    /// The last outcome, or [`Status::Unknown`] when the last request has none.
    pub status: Status,
    /// The last recorded outcome, kept even when a later request ended unknown.
    pub last_outcome: Option<Outcome>,
    /// Time of the last line about this customer.
    pub last_time: String,
    /// Hash of the profile last sent with success.
    pub success_hash: Option<String>,
    /// The profile last sent with success.
    pub success_profile: Option<Value>,
    /// The account id returned by the last successful send that reported one.
    pub success_account_id: Option<String>,
}

/// Customer states rebuilt from a journal file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Restored {
    /// Customer code to its restored state.
    pub customers: HashMap<String, RestoredCustomer>,
    /// 1 when the last line was cut off (a crash while writing), else 0.
    pub torn_lines: usize,
    /// Lines before the last that could not be read.
    pub bad_lines: usize,
}

impl Restored {
    /// Returns customer code to the hash of the profile last sent with success, for
    /// skipping unchanged customers.
    pub fn success_hashes(&self) -> HashMap<String, String> {
        self.customers
            .iter()
            .filter_map(|(code, state)| Some((code.clone(), state.success_hash.clone()?)))
            .collect()
    }

    /// Returns customer code to the account id of its last successful send, for the
    /// outcome of a customer skipped as unchanged.
    pub fn success_account_ids(&self) -> HashMap<String, String> {
        self.customers
            .iter()
            .filter_map(|(code, state)| Some((code.clone(), state.success_account_id.clone()?)))
            .collect()
    }

    /// Returns a customer's restored status, [`Status::Pending`] when it has no lines.
    pub fn status(&self, code: &str) -> Status {
        self.customers
            .get(code)
            .map(|state| state.status)
            .unwrap_or_default()
    }

    /// Applies one journal line.
    fn apply(&mut self, line: JournalLine) {
        let state = self.customers.entry(line.customer.clone()).or_default();
        state.last_time = line.time.clone();
        let Some(kind) = outcome_kind(&line.outcome) else {
            state.status = Status::Unknown;
            return;
        };
        state.status = Status::Done(kind);
        if let Some(hash) = &line.body_sha256 {
            state.success_hash = Some(hash.clone());
            state.success_profile = line.body.as_ref().map(|body| profile_of(line.action, body));
            if line.account_id.is_some() {
                state.success_account_id = line.account_id.clone();
            }
        }
        state.last_outcome = Some(Outcome {
            customer: line.customer,
            outcome: kind,
            http_status: line.http_status,
            datanuum_code: line.datanuum_code,
            message: line.message,
            account_id: line.account_id,
            attempts: line.attempt,
        });
    }
}

/// Reads the restored customer states from a journal file without opening it for writing.
pub fn restore(path: &Path) -> Result<Restored, std::io::Error> {
    let mut file = File::open(path)?;
    read_lines(&mut file)
}

pub(super) fn read_lines(file: &mut File) -> Result<Restored, std::io::Error> {
    file.seek(SeekFrom::Start(0))?;
    let mut restored = Restored::default();
    let mut reader = BufReader::new(file);
    let mut raw = Vec::new();
    let mut pending_bad = 0;
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        let complete = raw.last() == Some(&b'\n');
        match serde_json::from_slice::<JournalLine>(&raw) {
            Ok(line) => {
                restored.bad_lines += pending_bad;
                pending_bad = 0;
                restored.apply(line);
            }
            Err(_) if raw.iter().all(u8::is_ascii_whitespace) => {}
            Err(_) if complete => pending_bad += 1,
            Err(_) => restored.torn_lines += 1,
        }
    }
    // A bad line at the very end is what a crash mid-write leaves, even when the bytes
    // happened to end in a newline.
    if restored.torn_lines == 0 && pending_bad > 0 {
        restored.torn_lines = 1;
        pending_bad -= 1;
    }
    restored.bad_lines += pending_bad;
    Ok(restored)
}

/// Ends a torn last line with a newline so that the next line starts cleanly.
pub(super) fn terminate_torn_line(file: &mut File) -> Result<(), std::io::Error> {
    let length = file.seek(SeekFrom::End(0))?;
    if length == 0 {
        return Ok(());
    }
    file.seek(SeekFrom::Start(length - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    if last[0] != b'\n' {
        file.write_all(b"\n")?;
        file.sync_data()?;
    }
    Ok(())
}

/// Returns the outcome kind named by a line, `None` for `started` and intermediate steps.
fn outcome_kind(name: &str) -> Option<OutcomeKind> {
    [
        OutcomeKind::Created,
        OutcomeKind::Updated,
        OutcomeKind::Skipped,
        OutcomeKind::Failed,
        OutcomeKind::Invalid,
    ]
    .into_iter()
    .find(|kind| kind.as_str() == name)
}

/// Returns the profile inside a request body: the body itself for a create, the `profile`
/// member for an update.
fn profile_of(action: Action, body: &Value) -> Value {
    match action {
        Action::Update => body.get("profile").cloned().unwrap_or(Value::Null),
        Action::Create | Action::Fetch => body.clone(),
    }
}
