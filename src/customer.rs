//! Customer rows as loaded from a CSV file, and the fields the payload is built from.
//!
//! A row keeps every cell of its record (after invisible characters are stripped), packed
//! into a byte block shared with the rows loaded next to it, so that a million rows fit in memory and the failed-rows export can
//! write each row back in the file's own column layout. [`Columns`] says which cell holds
//! which [`Field`]; it is shared by every row of one file.

use std::fmt;
use std::sync::Arc;

/// A customer attribute that a CSV column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Code,
    Name1,
    Name2,
    First,
    Last,
    Gender,
    BirthDate,
    Mobile,
    Email,
    Country,
    Ref5,
}

impl Field {
    /// Number of fields, for fixed-size lookup tables.
    pub const COUNT: usize = 11;

    /// Every field, in the order the table and the exports list them.
    pub const ALL: [Field; Field::COUNT] = [
        Field::Code,
        Field::Name1,
        Field::Name2,
        Field::First,
        Field::Last,
        Field::Gender,
        Field::BirthDate,
        Field::Mobile,
        Field::Email,
        Field::Country,
        Field::Ref5,
    ];

    /// Key of the field in a reward config's `columns` table and in `validate` output.
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name1 => "name1",
            Field::Name2 => "name2",
            Field::First => "firstName",
            Field::Last => "lastName",
            Field::Gender => "gender",
            Field::BirthDate => "birthDate",
            Field::Mobile => "mobile",
            Field::Email => "email",
            Field::Country => "country",
            Field::Ref5 => "ref5",
        }
    }

    /// Parses a `columns` table key, accepting the same names as [`Field::key`] in any case.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|field| field.key().eq_ignore_ascii_case(key.trim()))
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The header of one CSV file and the cell index of each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Header cells as written in the file, cleaned of a BOM and invisible characters.
    pub headers: Vec<String>,
    map: [Option<usize>; Field::COUNT],
}

impl Columns {
    /// Creates a column map for `headers` with no field mapped yet.
    pub fn new(headers: Vec<String>) -> Self {
        Columns {
            headers,
            map: [None; Field::COUNT],
        }
    }

    /// Maps `field` to the cell at `index`.
    pub fn set(&mut self, field: Field, index: usize) {
        self.map[field.index()] = Some(index);
    }

    /// Returns the cell index of `field`, if the file has a column for it.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.map[field.index()]
    }

    /// Returns the header text of the column mapped to `field`.
    pub fn header(&self, field: Field) -> Option<&str> {
        self.get(field)
            .and_then(|index| self.headers.get(index))
            .map(String::as_str)
    }
}

/// One loaded customer record: its first physical line and its cells.
///
/// The cells live in a block shared by the rows packed together (see [`CustomerPacker`]):
/// from `start`, the end offset of each cell as a little-endian `u16` (`u32` for a row of
/// more than 64 KiB of text), then the text of all cells. Sharing one block between many rows saves a heap allocation per row, which
/// dominated loads of million-row files.
#[derive(Clone)]
pub struct Customer {
    line: u32,
    /// Cell count, with [`WIDE`] set when the offsets are `u32`.
    cells: u32,
    start: u32,
    block: Arc<Vec<u8>>,
}

/// Flag in `Customer::cells` for a row whose cell offsets take four bytes, not two.
/// Two bytes cover nearly every row and save 22 MB on a million rows of 11 cells.
const WIDE: u32 = 1 << 31;

/// Maximum bytes in one shared block, so that offsets fit in `u32`.
const MAX_BLOCK: usize = 1 << 30;

/// Packer of many rows into shared blocks, which the loader uses to build [`Customer`]s.
#[derive(Debug, Default)]
pub struct CustomerPacker {
    block: Vec<u8>,
    /// Line, cell count and start in `block` of each row packed so far.
    rows: Vec<(u32, u32, u32)>,
    done: Vec<Customer>,
}

impl CustomerPacker {
    /// Adds a row that starts on physical line `line`.
    pub fn push<S: AsRef<str>>(&mut self, line: u32, cells: &[S]) {
        let text_len: usize = cells.iter().map(|cell| cell.as_ref().len()).sum();
        let wide = text_len > usize::from(u16::MAX);
        let row_len = cells.len() * if wide { 4 } else { 2 } + text_len;
        if !self.block.is_empty() && self.block.len() + row_len > MAX_BLOCK {
            self.seal();
        }
        let start = u32::try_from(self.block.len()).unwrap_or(u32::MAX);
        let mut end = 0usize;
        for cell in cells {
            end += cell.as_ref().len();
            if wide {
                let offset = u32::try_from(end).unwrap_or(u32::MAX);
                self.block.extend_from_slice(&offset.to_le_bytes());
            } else {
                let offset = u16::try_from(end).unwrap_or(u16::MAX);
                self.block.extend_from_slice(&offset.to_le_bytes());
            }
        }
        for cell in cells {
            self.block.extend_from_slice(cell.as_ref().as_bytes());
        }
        let count = u32::try_from(cells.len()).unwrap_or(u32::MAX).min(WIDE - 1);
        let flags = if wide { WIDE } else { 0 };
        self.rows.push((line, count | flags, start));
    }

    /// Returns the number of rows pushed since the last [`CustomerPacker::finish`].
    pub fn len(&self) -> usize {
        self.done.len() + self.rows.len()
    }

    /// Returns true when no row was pushed since the last [`CustomerPacker::finish`].
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the rows pushed so far, in order, and starts a new block.
    pub fn finish(&mut self) -> Vec<Customer> {
        self.seal();
        std::mem::take(&mut self.done)
    }

    /// Moves the rows of the current block into `done`, sharing the block between them.
    fn seal(&mut self) {
        let block = Arc::new(std::mem::take(&mut self.block));
        self.done
            .extend(self.rows.drain(..).map(|(line, cells, start)| Customer {
                line,
                cells,
                start,
                block: block.clone(),
            }));
    }
}

impl Customer {
    /// Packs `cells` into a row that starts on physical line `line` (1-based, header = 1).
    pub fn new<S: AsRef<str>>(line: u32, cells: &[S]) -> Self {
        let mut packer = CustomerPacker::default();
        packer.push(line, cells);
        let (cells, start) = packer.rows.first().map_or((0, 0), |row| (row.1, row.2));
        Customer {
            line,
            cells,
            start,
            block: Arc::new(packer.block),
        }
    }

    /// Physical line where the record starts.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Number of cells in the record.
    pub fn len(&self) -> usize {
        (self.cells & !WIDE) as usize
    }

    /// True when the record has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the cell at `index`, or `""` past the end of the record.
    pub fn cell(&self, index: usize) -> &str {
        if index >= self.len() {
            return "";
        }
        let start = match index.checked_sub(1) {
            Some(previous) => self.end(previous),
            None => 0,
        };
        let text_start = self.start as usize + self.len() * self.offset_len();
        self.block
            .get(text_start + start..text_start + self.end(index))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// Returns the end offset of cell `index` in the row's text.
    fn end(&self, index: usize) -> usize {
        let width = self.offset_len();
        let at = self.start as usize + index * width;
        let Some(bytes) = self.block.get(at..at + width) else {
            return 0;
        };
        match *bytes {
            [low, high] => usize::from(u16::from_le_bytes([low, high])),
            [a, b, c, d] => u32::from_le_bytes([a, b, c, d]) as usize,
            _ => 0,
        }
    }

    /// Returns the bytes per cell end offset of this row.
    fn offset_len(&self) -> usize {
        if self.cells & WIDE == 0 { 2 } else { 4 }
    }

    /// Iterates over every cell in file order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|index| self.cell(index))
    }

    /// Returns the trimmed value of `field`, or `""` when the file has no such column.
    pub fn field(&self, columns: &Columns, field: Field) -> &str {
        columns
            .get(field)
            .map(|index| self.cell(index).trim())
            .unwrap_or_default()
    }

    /// Returns the customer code (the record key).
    pub fn code<'a>(&'a self, columns: &Columns) -> &'a str {
        self.field(columns, Field::Code)
    }
}

impl PartialEq for Customer {
    fn eq(&self, other: &Self) -> bool {
        self.line == other.line && self.cells().eq(other.cells())
    }
}

impl Eq for Customer {}

impl fmt::Debug for Customer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customer")
            .field("line", &self.line)
            .field("cells", &self.cells().collect::<Vec<_>>())
            .finish()
    }
}

/// How serious a finding about a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// One value was unusable and is left out; the customer is still sent.
    Warning,
    /// The customer has neither a valid phone nor a valid email and is not sent.
    Invalid,
    /// The CSV record itself is broken and was not loaded.
    BadRow,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Invalid => "invalid",
            Severity::BadRow => "bad_row",
        })
    }
}

/// A problem found while loading a file or building a payload, tied to a line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Physical line of the record, 1-based; 0 for problems with the file as a whole.
    pub line: u32,
    /// Customer code, when the record has one.
    pub customer: Option<String>,
    /// Header of the column concerned, as written in the file.
    pub field: Option<String>,
    pub severity: Severity,
    /// What is wrong and what the tool does about it.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_cells_round_trip() {
        let row = Customer::new(7, &["C1", "", "سارة أحمد", " x "]);
        assert_eq!(row.line(), 7);
        assert_eq!(row.len(), 4);
        assert_eq!(row.cell(0), "C1");
        assert_eq!(row.cell(1), "");
        assert_eq!(row.cell(2), "سارة أحمد");
        assert_eq!(row.cell(3), " x ");
        assert_eq!(row.cell(9), "");
    }

    #[test]
    fn rows_over_64_kib_keep_every_cell() {
        let long = "ب".repeat(40_000);
        let mut packer = CustomerPacker::default();
        packer.push(2, &["C1", long.as_str(), "x"]);
        packer.push(3, &["C2", "y"]);
        let rows = packer.finish();
        assert_eq!(rows[0].len(), 3);
        assert_eq!(rows[0].cell(1), long);
        assert_eq!(rows[0].cell(2), "x");
        assert_eq!(rows[1].cell(0), "C2");
        assert_eq!(rows[1].cell(1), "y");
        assert_eq!(Customer::new(4, &[long.as_str()]).cell(0), long);
    }

    #[test]
    fn packed_rows_share_a_block() {
        let mut packer = CustomerPacker::default();
        packer.push(2, &["C1", "سارة", ""]);
        packer.push(3, &["C2"]);
        packer.push(5, &[] as &[&str]);
        assert_eq!(packer.len(), 3);
        let rows = packer.finish();
        assert!(packer.is_empty());
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], Customer::new(2, &["C1", "سارة", ""]));
        assert_eq!(rows[1].line(), 3);
        assert_eq!(rows[1].cell(0), "C2");
        assert_eq!(rows[1].cell(1), "");
        assert!(rows[2].is_empty());
        assert_ne!(rows[0], rows[1]);
    }

    #[test]
    fn field_lookup_trims_and_defaults() {
        let mut columns = Columns::new(vec!["code".into(), "mobile".into()]);
        columns.set(Field::Code, 0);
        columns.set(Field::Mobile, 1);
        let row = Customer::new(2, &["C9", " 0501234567 "]);
        assert_eq!(row.code(&columns), "C9");
        assert_eq!(row.field(&columns, Field::Mobile), "0501234567");
        assert_eq!(row.field(&columns, Field::Email), "");
    }

    #[test]
    fn field_keys_parse_back() {
        for field in Field::ALL {
            assert_eq!(Field::from_key(field.key()), Some(field));
        }
        assert_eq!(Field::from_key("MOBILE"), Some(Field::Mobile));
    }
}
