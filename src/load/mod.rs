//! Loading customers from a CSV file: encoding, delimiter, header mapping and bad rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::customer::{Columns, Customer, Field, Finding};

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

/// Why a file could not be loaded at all.
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
    let _ = (path, options);
    todo!("load_file")
}

/// Loads the file and hands rows to `sink` as they are parsed, so a screen can show the
/// first rows before the whole file is read.
pub fn load_streaming(
    path: &Path,
    options: &LoadOptions,
    sink: &mut dyn FnMut(LoadEvent),
) -> Result<(), LoadError> {
    let _ = (path, options, sink);
    todo!("load_streaming")
}
