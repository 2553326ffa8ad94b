//! Loading customers from a CSV file: encoding, delimiter, header mapping and bad rows.
//!
//! The file is read twice at most: once to check that it is valid UTF-8 (skipped when it
//! starts with a byte-order mark or the encoding is forced), then once through the CSV
//! parser. Neither pass keeps the whole file in memory; only the packed customers are kept.

mod decode;
mod erp;
mod headers;
mod line_ends;
mod reader;
mod rows;
mod sniff;
mod stages;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use self::stages::Stages;
use crate::customer::{Columns, Customer, Field, Finding};

pub use decode::by_label as encoding_for_label;
pub use headers::field_for as field_for_header;

/// Choices the operator can force instead of the loader's guesses.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Encoding to decode with instead of detecting one.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Delimiter byte instead of detecting one.
    pub delimiter: Option<u8>,
    /// Header overrides from the reward config's `columns` table.
    pub columns: BTreeMap<Field, String>,
}

/// A whole CSV file after loading.
#[derive(Debug, Clone)]
pub struct CustomerFile {
    pub path: PathBuf,
    pub columns: Arc<Columns>,
    pub customers: Vec<Customer>,
    /// Bad rows, duplicate headers and codes, and file-level notes, in line order.
    pub findings: Vec<Finding>,
    /// Name of the encoding the file was decoded with, e.g. `UTF-8` or `windows-1256`.
    pub encoding: &'static str,
    pub delimiter: u8,
}

/// A part of a file delivered while a large file is still loading.
#[derive(Debug, Clone)]
pub enum LoadEvent {
    /// The header was read; rows follow.
    Header {
        columns: Arc<Columns>,
        encoding: &'static str,
        delimiter: u8,
    },
    /// A run of rows and the findings about them.
    Rows {
        customers: Vec<Customer>,
        findings: Vec<Finding>,
        bytes_read: u64,
        total_bytes: u64,
    },
}

/// Reason a file could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is empty: a customer CSV needs a header row")]
    Empty { path: PathBuf },
    #[error("{path} is not a CSV file: {reason}")]
    NotCsv { path: PathBuf, reason: String },
    #[error("{path}: {message}")]
    Header { path: PathBuf, message: String },
}

/// Loads the whole file.
pub fn load_file(path: &Path, options: &LoadOptions) -> Result<CustomerFile, LoadError> {
    let mut file = CustomerFile {
        path: path.to_path_buf(),
        columns: Arc::new(Columns::default()),
        customers: Vec::new(),
        findings: Vec::new(),
        encoding: "UTF-8",
        delimiter: b',',
    };
    // A whole-file load has both cores to itself, so the checks get a thread of their own.
    let mut collect = |event| match event {
        LoadEvent::Header {
            columns,
            encoding,
            delimiter,
        } => {
            file.columns = columns;
            file.encoding = encoding;
            file.delimiter = delimiter;
        }
        LoadEvent::Rows {
            customers,
            findings,
            bytes_read,
            total_bytes,
        } => {
            if file.customers.is_empty() && !customers.is_empty() && bytes_read > 0 {
                // Reserve once from the first chunk's bytes per row, so a large file does
                // not pass through repeated doubling of the vector.
                let per_row = (bytes_read / customers.len() as u64).max(1);
                let estimate = total_bytes / per_row + 16;
                file.customers
                    .reserve(usize::try_from(estimate).unwrap_or(0).min(50_000_000));
            }
            file.customers.extend(customers);
            file.findings.extend(findings);
        }
    };
    reader::run(path, options, &mut collect, Stages::Two)?;
    // Duplicate codes are only known at the end of the file, so they arrive last.
    file.findings.sort_by_key(|finding| finding.line);
    Ok(file)
}

/// Loads the file and hands rows to `sink` as they are parsed, so a screen can show the
/// first rows before the whole file is read.
///
/// `sink` receives one [`LoadEvent::Header`], then [`LoadEvent::Rows`] in chunks: a small
/// first chunk, then larger ones. File-level findings (encoding, duplicate headers) come in
/// the first `Rows` event, and duplicate customer codes, which are only known once every
/// row was read, in the last one.
pub fn load_streaming(
    path: &Path,
    options: &LoadOptions,
    sink: &mut dyn FnMut(LoadEvent),
) -> Result<(), LoadError> {
    reader::run(path, options, sink, Stages::One)
}
