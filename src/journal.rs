//! The append-only record of every request, one JSON line per event, one file per config.
//!
//! Before each request a `started` line is written, and after it a line with the response
//! and what it meant (`retry`, `duplicate`, or the customer's outcome). Each line is flushed
//! and synced to disk before the batch reports it, so a crash leaves evidence: a customer
//! whose last line is `started` (or an intermediate step) is restored as
//! [`Status::Unknown`]. Reading tolerates a torn last line left by a crash.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::outcome::{Outcome, OutcomeKind, Status};
use crate::request::Action;

/// `outcome` of a line written just before a request leaves.
pub const STARTED: &str = "started";
/// `outcome` of an attempt that failed in a way that is retried.
pub const RETRY: &str = "retry";
/// `outcome` of a create answered with 1004, followed by an update.
pub const DUPLICATE: &str = "duplicate";

/// A journal that cannot be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot create the journal folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the journal {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write to the journal {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalLine {
    /// RFC 3339 time the line was written.
    pub time: String,
    /// Code of the reward config.
    pub config: String,
    /// Customer code.
    pub customer: String,
    pub action: Action,
    /// Request number for this customer in this send, starting at 1.
    pub attempt: u32,
    pub method: String,
    /// URL without any `oauth_*` parameter.
    pub url: String,
    /// The request body as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default)]
    pub http_status: Option<u16>,
    #[serde(default)]
    pub datanuum_code: Option<i64>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub duration_ms: Option<u64>,
    /// `started`, `retry`, `duplicate`, or an [`OutcomeKind`] name.
    pub outcome: String,
    /// SHA-256 of the profile, on lines that record a successful send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_sha256: Option<String>,
}

/// What the journal says about one customer.
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

/// A journal file open for appending; clones share the file.
#[derive(Debug, Clone)]
pub struct Journal {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    config_code: String,
    writer: Mutex<BufWriter<File>>,
}

impl Journal {
    /// Opens (creating when needed) `<data_dir>/journal/<config_code>.jsonl` and restores the
    /// customer states it records.
    pub fn open(data_dir: &Path, config_code: &str) -> Result<(Journal, Restored), JournalError> {
        let dir = data_dir.join("journal");
        std::fs::create_dir_all(&dir).map_err(|source| JournalError::CreateDir {
            path: dir.clone(),
            source,
        })?;
        let path = dir.join(format!("{}.jsonl", file_stem(config_code)));
        let open_error = |source| JournalError::Open {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(open_error)?;
        let restored = read_lines(&mut file).map_err(open_error)?;
        terminate_torn_line(&mut file).map_err(open_error)?;
        let inner = Inner {
            path,
            config_code: config_code.to_string(),
            writer: Mutex::new(BufWriter::new(file)),
        };
        Ok((
            Journal {
                inner: Arc::new(inner),
            },
            restored,
        ))
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Code of the reward config this journal belongs to.
    pub fn config_code(&self) -> &str {
        &self.inner.config_code
    }

    /// Appends one line, then flushes and syncs it to disk.
    pub fn append(&self, line: &JournalLine) -> Result<(), JournalError> {
        let write_error = |source| JournalError::Write {
            path: self.inner.path.clone(),
            source,
        };
        let mut text = serde_json::to_vec(line).map_err(|error| write_error(error.into()))?;
        text.push(b'\n');
        // A poisoned lock only means another task panicked mid-write; the file is still
        // usable, and a torn line is tolerated on reading.
        let mut writer = self
            .inner
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        writer.write_all(&text).map_err(write_error)?;
        writer.flush().map_err(write_error)?;
        writer.get_ref().sync_data().map_err(write_error)
    }
}

/// Reads the restored customer states from a journal file without opening it for writing.
pub fn restore(path: &Path) -> Result<Restored, std::io::Error> {
    let mut file = File::open(path)?;
    read_lines(&mut file)
}

fn read_lines(file: &mut File) -> Result<Restored, std::io::Error> {
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
fn terminate_torn_line(file: &mut File) -> Result<(), std::io::Error> {
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

/// Makes a config code safe as a file name.
fn file_stem(config_code: &str) -> String {
    let stem: String = config_code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        format!("config{stem}")
    } else {
        stem
    }
}
