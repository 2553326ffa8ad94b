//! CSV exports an operator opens in a spreadsheet: the results of a send, and the failed
//! rows in the file's own column layout, ready to fix and load again.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or
//! carriage return) as a formula, so such a cell is written with a leading `'`, which shows
//! the text as typed. Phone numbers such as `+971 50 000 2805` are neutralised too: a
//! spreadsheet would read them as a formula just the same. Header cells are written
//! unchanged, so the failed-rows export keeps the original layout.

use std::path::{Path, PathBuf};

use crate::customer::{Columns, Customer};
use crate::outcome::Outcome;

/// An export file that cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the export {path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
}

/// One line of the results export.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow<'a> {
    pub outcome: &'a Outcome,
    /// RFC 3339 time of the outcome.
    pub time: &'a str,
}

/// Header of the results export.
pub const RESULT_HEADERS: [&str; 8] = [
    "code",
    "outcome",
    "http_status",
    "datanuum_code",
    "message",
    "account_id",
    "attempts",
    "time",
];

/// Returns `cell` made safe to open in a spreadsheet.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// Writes the results export: one line per outcome.
pub fn export_results(rows: &[ResultRow<'_>], out: &Path) -> Result<(), ExportError> {
    let mut writer = open(out)?;
    write_header(&mut writer, RESULT_HEADERS.iter().copied(), out)?;
    for row in rows {
        let outcome = row.outcome;
        let cells = [
            outcome.customer.clone(),
            outcome.outcome.as_str().to_string(),
            optional(outcome.http_status),
            optional(outcome.datanuum_code),
            outcome.message.clone(),
            outcome.account_id.clone().unwrap_or_default(),
            outcome.attempts.to_string(),
            row.time.to_string(),
        ];
        write_record(&mut writer, cells.iter().map(String::as_str), out)?;
    }
    finish(writer, out)
}

/// Writes `customers` in the original layout: the file's header, then each row's cells.
pub fn export_failed_rows(
    columns: &Columns,
    customers: &[&Customer],
    out: &Path,
) -> Result<(), ExportError> {
    let mut writer = open(out)?;
    write_header(&mut writer, columns.headers.iter().map(String::as_str), out)?;
    for customer in customers {
        write_record(&mut writer, customer.cells(), out)?;
    }
    finish(writer, out)
}

fn open(out: &Path) -> Result<csv::Writer<std::fs::File>, ExportError> {
    let file = std::fs::File::create(out).map_err(|source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    Ok(csv::WriterBuilder::new().flexible(true).from_writer(file))
}

/// Writes a header as it is: neutralising it would change the file's layout, and the
/// header row is not data a spreadsheet user enters.
fn write_header<'a>(
    writer: &mut csv::Writer<std::fs::File>,
    cells: impl Iterator<Item = &'a str>,
    out: &Path,
) -> Result<(), ExportError> {
    writer
        .write_record(cells.map(str::as_bytes))
        .map_err(|source| ExportError::Csv {
            path: out.to_path_buf(),
            source,
        })
}

/// Writes a data row with each cell neutralised.
fn write_record<'a>(
    writer: &mut csv::Writer<std::fs::File>,
    cells: impl Iterator<Item = &'a str>,
    out: &Path,
) -> Result<(), ExportError> {
    let safe: Vec<std::borrow::Cow<'a, str>> = cells.map(neutralise).collect();
    writer
        .write_record(safe.iter().map(|cell| cell.as_bytes()))
        .map_err(|source| ExportError::Csv {
            path: out.to_path_buf(),
            source,
        })
}

fn finish(mut writer: csv::Writer<std::fs::File>, out: &Path) -> Result<(), ExportError> {
    writer.flush().map_err(|source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    })
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_apostrophe() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+971 50 000 2805", "'+971 50 000 2805"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\tx", "'\tx"),
            ("C2801", "C2801"),
            ("1990-01-28", "1990-01-28"),
            ("test2801@example.com", "test2801@example.com"),
            ("سالم", "سالم"),
            ("", ""),
        ];
        for (cell, expected) in cases {
            assert_eq!(neutralise(cell), expected, "cell {cell:?}");
        }
    }
}
