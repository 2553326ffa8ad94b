//! Turning CSV records into customers, bad-row findings and duplicate-code findings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use csv::ByteRecord;

use super::erp;
use crate::customer::{Columns, Customer, Field, Finding, Severity};
use crate::normalize::text::strip_invisible;

/// What one record turned out to be.
pub enum Record {
    /// A blank, banner or foreign-record row that is skipped.
    Skipped,
    Customer(Customer),
}

/// Checks data records against the header and packs them into customers.
pub struct RowChecker {
    columns: std::sync::Arc<Columns>,
    erp_layout: bool,
    /// Hash of each customer code seen → line of its first row.
    ///
    /// NOTE: two different codes with the same 64-bit hash would be reported as duplicates;
    /// the chance is about 1 in 10^7 for a million codes, and hashes keep the memory small.
    codes: HashMap<u64, u32>,
}

impl RowChecker {
    pub fn new(columns: std::sync::Arc<Columns>, erp_layout: bool, expected_rows: usize) -> Self {
        RowChecker {
            columns,
            erp_layout,
            codes: HashMap::with_capacity(expected_rows),
        }
    }

    /// Checks one record that starts on `line`, adding findings about it to `findings`.
    pub fn check(&mut self, record: &ByteRecord, line: u32, findings: &mut Vec<Finding>) -> Record {
        let cells = decode_cells(record);
        if is_blank(&cells) {
            return Record::Skipped;
        }
        let first = cells.first().map(Cow::as_ref).unwrap_or_default();
        if self.erp_layout && self.skip_erp_row(first, line, findings) {
            return Record::Skipped;
        }

        let expected = self.columns.headers.len();
        let extra_blank =
            cells.len() > expected && cells[expected..].iter().all(|cell| cell.trim().is_empty());
        if cells.len() != expected && !extra_blank {
            let code = self.code_of(&cells).map(str::to_string);
            findings.push(Finding {
                line,
                customer: code,
                field: None,
                severity: Severity::BadRow,
                message: format!(
                    "{} fields, expected {expected}: row not loaded",
                    cells.len()
                ),
            });
            return Record::Skipped;
        }

        let cells = &cells[..expected];
        if let Some(code) = self.code_of(cells) {
            self.check_duplicate(code, line, findings);
        }
        Record::Customer(Customer::new(line, cells))
    }

    fn code_of<'a>(&self, cells: &'a [Cow<'_, str>]) -> Option<&'a str> {
        let index = self.columns.get(Field::Code)?;
        let code = cells.get(index)?.trim();
        (!code.is_empty()).then_some(code)
    }

    fn check_duplicate(&mut self, code: &str, line: u32, findings: &mut Vec<Finding>) {
        let mut hasher = DefaultHasher::new();
        code.hash(&mut hasher);
        let first_line = *self.codes.entry(hasher.finish()).or_insert(line);
        if first_line != line {
            findings.push(Finding {
                line,
                customer: Some(code.to_string()),
                field: self.columns.header(Field::Code).map(str::to_string),
                severity: Severity::Warning,
                message: format!(
                    "customer code {code} is on lines {first_line} and {line}: both rows are kept"
                ),
            });
        }
    }

    /// Returns true for ERP rows that are not customers: banners and other record types.
    fn skip_erp_row(&self, first: &str, line: u32, findings: &mut Vec<Finding>) -> bool {
        if erp::is_banner(first) {
            return true;
        }
        if !erp::is_record_header(first) {
            return false;
        }
        let kind = erp::record_type(first);
        if !kind.eq_ignore_ascii_case("Customer") {
            findings.push(Finding {
                line,
                customer: None,
                field: None,
                severity: Severity::Warning,
                message: format!("row of ERP record type '{kind}' is not a customer: skipped"),
            });
        }
        true
    }
}

/// Decodes the cells of a record, dropping the `\r` of a CRLF line end from the last cell.
///
/// The parser splits records at `\n` only, so that its line count stays exact for CRLF
/// files; the `\r` it leaves at the end of the last cell is removed here.
pub fn decode_cells(record: &ByteRecord) -> Vec<Cow<'_, str>> {
    let count = record.len();
    record
        .iter()
        .enumerate()
        .map(|(index, bytes)| {
            let bytes = if index + 1 == count {
                bytes.strip_suffix(b"\r").unwrap_or(bytes)
            } else {
                bytes
            };
            decode_cell(bytes)
        })
        .collect()
}

/// Decodes one cell as UTF-8 and strips invisible marks.
///
/// Cells are UTF-8 here: the file was validated or transcoded before parsing. Lossy decoding
/// only guards against a file that changed while it was read.
pub fn decode_cell(bytes: &[u8]) -> Cow<'_, str> {
    match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(text) => strip_invisible(text),
        Cow::Owned(text) => Cow::Owned(strip_invisible(&text).into_owned()),
    }
}

/// Returns true for a row made only of delimiters and whitespace.
pub fn is_blank(cells: &[Cow<'_, str>]) -> bool {
    cells.iter().all(|cell| cell.trim().is_empty())
}
