//! Turning CSV records into customers, bad-row findings and duplicate-code findings.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};

use csv::ByteRecord;

use super::erp;
use crate::customer::{Columns, Customer, CustomerPacker, Field, Finding, Severity};
use crate::normalize::text::{excerpt, has_invisible, strip_invisible};

/// Outcome of checking one record.
pub enum Record {
    /// A blank, banner or foreign-record row that is skipped.
    Skipped,
    /// A customer row, added to the checker's packer.
    Customer,
}

/// Checks data records against the header and packs them into customers.
pub struct RowChecker {
    columns: std::sync::Arc<Columns>,
    erp_layout: bool,
    /// Every customer code seen, for the duplicate check at the end of the file.
    codes: CodeLog,
    /// Customers checked since the last [`RowChecker::take_customers`].
    packer: CustomerPacker,
}

/// Customer codes in file order: a hash, line and position in `text` per code.
///
/// Sorting this log once at the end finds duplicates with sequential memory access. A hash
/// map probed per row cost more than the CSV parsing itself on a million-row file.
#[derive(Default)]
struct CodeLog {
    entries: Vec<CodeEntry>,
    /// Codes one after another, each followed by a NUL byte.
    text: String,
}

#[derive(Clone, Copy)]
struct CodeEntry {
    hash: u64,
    line: u32,
    start: u32,
}

impl CodeLog {
    fn push(&mut self, code: &str, line: u32) {
        let mut hasher = DefaultHasher::new();
        code.hash(&mut hasher);
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(code);
        self.text.push('\0');
        self.entries.push(CodeEntry {
            hash: hasher.finish(),
            line,
            start,
        });
    }

    fn code(&self, entry: &CodeEntry) -> &str {
        let rest = self.text.get(entry.start as usize..).unwrap_or_default();
        rest.split('\0').next().unwrap_or_default()
    }

    /// Returns each later row of a repeated code with the line of the code's first row.
    fn duplicates(mut self) -> Vec<(String, u32, u32)> {
        self.entries
            .sort_unstable_by_key(|entry| (entry.hash, entry.line));
        let mut found = Vec::new();
        for group in self.entries.chunk_by(|a, b| a.hash == b.hash) {
            let Some(first) = group.first() else { continue };
            let first_code = self.code(first);
            for later in &group[1..] {
                // Equal hashes of different codes are possible, if very rare.
                if self.code(later) == first_code {
                    found.push((first_code.to_string(), first.line, later.line));
                }
            }
        }
        found.sort_unstable_by_key(|(_, _, line)| *line);
        found
    }
}

impl RowChecker {
    pub fn new(columns: std::sync::Arc<Columns>, erp_layout: bool, expected_rows: usize) -> Self {
        RowChecker {
            columns,
            erp_layout,
            codes: CodeLog {
                entries: Vec::with_capacity(expected_rows),
                text: String::new(),
            },
            packer: CustomerPacker::default(),
        }
    }

    /// Checks one record that starts on `line`, adding findings about it to `findings`.
    pub fn check(&mut self, record: &ByteRecord, line: u32, findings: &mut Vec<Finding>) -> Record {
        let (cells, valid_utf8) = decode_record(record);
        if is_blank(&cells) {
            return Record::Skipped;
        }
        if !valid_utf8 {
            findings.push(Finding {
                line,
                customer: None,
                field: None,
                severity: Severity::Warning,
                message: "the row has bytes that are not valid UTF-8, replaced with U+FFFD: \
                          check the encoding chosen for the file"
                    .to_string(),
            });
        }
        let first = cells.first().map(Cow::as_ref).unwrap_or_default();
        if self.erp_layout && self.skip_erp_row(first, line, findings) {
            return Record::Skipped;
        }

        let expected = self.columns.headers.len();
        if !self.fits_header(&cells) {
            let code = self.code_of(&cells).map(str::to_string);
            findings.push(Finding {
                line,
                customer: code,
                field: None,
                severity: Severity::BadRow,
                message: format!(
                    "{} {}, expected {expected}: row not loaded",
                    cells.len(),
                    if cells.len() == 1 { "field" } else { "fields" }
                ),
            });
            return Record::Skipped;
        }

        let cells = &cells[..expected.min(cells.len())];
        match self.code_of(cells) {
            Some(code) => self.codes.push(code, line),
            None => findings.push(Finding {
                line,
                customer: None,
                field: self.columns.header(Field::Code).map(str::to_string),
                severity: Severity::Warning,
                message: "customer code is empty: the row is loaded, but results and the \
                          journal cannot name it"
                    .to_string(),
            }),
        }
        self.packer.push(line, cells);
        Record::Customer
    }

    /// Reports a record that an unclosed quote ran to the end of the file, without loading
    /// it. Its last field contains every line after the quote, so its values cannot be
    /// trusted.
    pub fn reject_unclosed_quote(
        &mut self,
        record: &ByteRecord,
        line: u32,
        findings: &mut Vec<Finding>,
    ) {
        let (cells, _) = decode_record(record);
        // The file's last line break, if any, ends the file rather than a swallowed line.
        let breaks = memchr::memchr_iter(b'\n', record.as_slice()).count();
        let swallowed = breaks - usize::from(record.as_slice().ends_with(b"\n"));
        findings.push(Finding {
            line,
            customer: self.code_of(&cells).map(|code| excerpt(code).into_owned()),
            field: None,
            severity: Severity::BadRow,
            message: format!(
                "a quote in this row is never closed, so the rest of the file ({swallowed} \
                 more {}) was read as one field: row not loaded",
                if swallowed == 1 { "line" } else { "lines" }
            ),
        });
    }

    /// Returns true when a record has as many cells as the header.
    ///
    /// Blank cells past the header's end are allowed, and so are missing cells under
    /// trailing empty header cells, which spreadsheets write for formatted but unused
    /// columns.
    fn fits_header(&self, cells: &[Cow<'_, str>]) -> bool {
        let expected = self.columns.headers.len();
        if cells.len() >= expected {
            return cells[expected..].iter().all(|cell| cell.trim().is_empty());
        }
        let named = self
            .columns
            .headers
            .iter()
            .rposition(|header| !header.is_empty())
            .map_or(0, |last| last + 1);
        cells.len() >= named
    }

    fn code_of<'a>(&self, cells: &'a [Cow<'_, str>]) -> Option<&'a str> {
        let index = self.columns.get(Field::Code)?;
        let code = cells.get(index)?.trim();
        (!code.is_empty()).then_some(code)
    }

    /// Number of customers checked since the last [`RowChecker::take_customers`].
    pub fn pending(&self) -> usize {
        self.packer.len()
    }

    /// Returns the customers checked since the last call, in file order.
    pub fn take_customers(&mut self) -> Vec<Customer> {
        self.packer.finish()
    }

    /// Returns a warning for each row whose customer code an earlier row already has, in
    /// line order. Called once, after the last record.
    pub fn finish(self) -> Vec<Finding> {
        let header = self.columns.header(Field::Code).map(str::to_string);
        self.codes
            .duplicates()
            .into_iter()
            .map(|(code, first_line, line)| Finding {
                line,
                message: format!(
                    "customer code {} is on lines {first_line} and {line}: both rows are kept",
                    excerpt(&code)
                ),
                customer: Some(code),
                field: header.clone(),
                severity: Severity::Warning,
            })
            .collect()
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
                message: format!(
                    "row of ERP record type '{}' is not a customer: skipped",
                    excerpt(kind)
                ),
            });
        }
        true
    }
}

/// Decodes the cells of a record, dropping the `\r` of a CRLF line end from the last cell.
pub fn decode_cells(record: &ByteRecord) -> Vec<Cow<'_, str>> {
    decode_record(record).0
}

/// Decodes the cells of a record and reports whether all its bytes were valid UTF-8.
///
/// The parser splits records at `\n` only, so that its line count stays exact for CRLF
/// files. The `\r` it leaves at the end of the last cell is removed here.
fn decode_record(record: &ByteRecord) -> (Vec<Cow<'_, str>>, bool) {
    let count = record.len();
    let last_cell = |index: usize, cell: &[u8]| -> usize {
        if index + 1 == count && cell.ends_with(b"\r") {
            cell.len() - 1
        } else {
            cell.len()
        }
    };
    let Ok(text) = simdutf8::basic::from_utf8(record.as_slice()) else {
        let cells = record
            .iter()
            .enumerate()
            .map(|(index, cell)| drop_formula_marker(decode_cell(&cell[..last_cell(index, cell)])))
            .collect();
        return (cells, false);
    };
    // One search over the record is cheaper than one per cell, and most rows have no marks.
    let marks = has_invisible(text.as_bytes());
    let cells = (0..count)
        .map(|index| {
            // Cells end at delimiters, which are ASCII, so every range is a char boundary.
            let cell = record
                .range(index)
                .and_then(|range| text.get(range))
                .unwrap_or_default();
            let cell = &cell[..last_cell(index, cell.as_bytes())];
            let cell = if marks {
                strip_invisible(cell)
            } else {
                Cow::Borrowed(cell)
            };
            drop_formula_marker(cell)
        })
        .collect();
    (cells, true)
}

/// Decodes one cell as UTF-8, replacing invalid bytes with U+FFFD, and strips invisible
/// marks.
///
/// Invalid bytes reach this point only when the operator forced UTF-8 on a file that is not
/// (an automatic choice of UTF-8 checks the whole file), or when the file changed while it
/// was read.
pub fn decode_cell(bytes: &[u8]) -> Cow<'_, str> {
    match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(text) => strip_invisible(text),
        Cow::Owned(text) => Cow::Owned(strip_invisible(&text).into_owned()),
    }
}

/// Removes the `'` that the tool's exports put before a cell starting with `=`, `+`, `-`,
/// `@`, tab or carriage return so that spreadsheets do not run it as a formula. Without
/// this, a failed-rows export loaded again would send `'=1+1` and reject `'+971…` phones.
///
/// NOTE: a cell that really starts with an apostrophe and one of those characters loses
/// its apostrophe too.
fn drop_formula_marker(cell: Cow<'_, str>) -> Cow<'_, str> {
    let marked = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(['=', '+', '-', '@', '\t', '\r']));
    if !marked {
        return cell;
    }
    match cell {
        Cow::Borrowed(text) => Cow::Borrowed(&text[1..]),
        Cow::Owned(text) => Cow::Owned(text[1..].to_string()),
    }
}

/// Returns true for a row made only of delimiters and whitespace.
pub fn is_blank(cells: &[Cow<'_, str>]) -> bool {
    cells.iter().all(|cell| cell.trim().is_empty())
}
