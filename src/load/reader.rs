//! The load driver: opens the file, picks encoding and delimiter, finds the header row and
//! streams the data rows to the caller in chunks.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

use csv::ByteRecord;
use encoding_rs::UTF_8;

use super::decode::{self, Counting, Detected, NotText, Tail, TailWatch, Transcoder};
use super::line_ends::LoneCr;
use super::rows::{self, RowChecker};
use super::stages::{BATCH, Batch, Checks, ChunkSizes, Parsed, Stages};
use super::{LoadError, LoadEvent, LoadOptions, erp, headers, sniff};
use crate::customer::{Columns, Field, Finding, Severity};
use crate::normalize::text::excerpt;

/// Bytes read from the start of the file to recognise its type and delimiter.
const HEAD_LEN: usize = 64 * 1024;
/// Rows in the first chunk, small so that a screen can show rows at once.
const FIRST_CHUNK: usize = 1_000;
/// Rows in every later chunk.
const CHUNK: usize = 50_000;

/// The CSV parser over the decoded file, and what the driver watches while it reads.
struct Input {
    csv: csv::Reader<TailWatch<LoneCr<Box<dyn Read>>>>,
    detected: Detected,
    delimiter: u8,
    /// Raw bytes read from the file so far.
    raw_read: Rc<Cell<u64>>,
    tail: Rc<Cell<Tail>>,
    total_bytes: u64,
}

/// Runs a whole load; see [`super::load_streaming`].
pub fn run(
    path: &Path,
    options: &LoadOptions,
    sink: &mut dyn FnMut(LoadEvent),
    stages: Stages,
) -> Result<(), LoadError> {
    let mut input = open(path, options)?;
    let mut findings: Vec<Finding> = encoding_warning(&input.detected).into_iter().collect();
    let mut record = ByteRecord::new();
    let header = read_header(&mut input, &mut record, path, options, &mut findings)?;
    let columns = Arc::new(header.columns);
    sink(LoadEvent::Header {
        columns: columns.clone(),
        encoding: input.detected.encoding.name(),
        delimiter: input.delimiter,
    });
    let expected_rows = usize::try_from(input.total_bytes / 100)
        .unwrap_or(0)
        .min(20_000_000);
    let checker = RowChecker::new(columns, header.erp_layout, expected_rows);
    let sizes = ChunkSizes {
        first: FIRST_CHUNK,
        rest: CHUNK,
    };
    let checks = Checks::new(checker, findings, sizes, input.total_bytes);
    stream_rows(&mut input, checks, path, sink, stages)
}

/// Opens the file and sets up decoding and the CSV parser after the byte-order mark.
fn open(path: &Path, options: &LoadOptions) -> Result<Input, LoadError> {
    let io_error = |source: io::Error| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io_error)?;
    let total_bytes = file.metadata().map_err(io_error)?.len();
    let head = read_head(&mut file).map_err(io_error)?;

    let detected = detect(path, &head, options)?;
    let (head_text, _) = detected
        .encoding
        .decode_without_bom_handling(head.get(detected.bom_len..).unwrap_or_default());
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| sniff::delimiter(&head_text));

    file.seek(SeekFrom::Start(detected.bom_len as u64))
        .map_err(io_error)?;
    let raw_read = Rc::new(Cell::new(detected.bom_len as u64));
    let counting = Counting::new(file, raw_read.clone());
    let decoded: Box<dyn Read> = if detected.encoding == UTF_8 {
        Box::new(counting)
    } else {
        Box::new(Transcoder::new(counting, detected.encoding))
    };
    let tail = Rc::new(Cell::new(Tail::default()));
    let csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(256 * 1024)
        .from_reader(TailWatch::new(
            LoneCr::new(decoded),
            tail.clone(),
            delimiter,
        ));
    Ok(Input {
        csv,
        detected,
        delimiter,
        raw_read,
        tail,
        total_bytes,
    })
}

/// Returns the file-level warning for an encoding that was guessed.
fn encoding_warning(detected: &Detected) -> Option<Finding> {
    detected.guessed.then(|| Finding {
        line: 0,
        customer: None,
        field: None,
        severity: Severity::Warning,
        message: format!(
            "the file is not UTF-8 and was read as {}: check that Arabic text looks right, \
             or save it as 'CSV UTF-8'",
            detected.encoding.name()
        ),
    })
}

/// Checks every data record and hands customers and findings to `sink` in chunks.
fn stream_rows(
    input: &mut Input,
    checks: Checks,
    path: &Path,
    sink: &mut dyn FnMut(LoadEvent),
    stages: Stages,
) -> Result<(), LoadError> {
    let (parsed, checks) = match stages {
        Stages::One => check_here(input, checks, path, sink),
        Stages::Two => check_beside(input, checks, path, sink),
    };
    parsed?;
    if let Some(last) = checks.finish() {
        sink(last);
    }
    Ok(())
}

/// Parses and checks on this thread.
fn check_here(
    input: &mut Input,
    mut checks: Checks,
    path: &Path,
    sink: &mut dyn FnMut(LoadEvent),
) -> (Result<(), LoadError>, Checks) {
    let mut parsed = Parsed {
        record: ByteRecord::new(),
        line: 0,
        unclosed_quote: false,
    };
    loop {
        match input.csv.read_byte_record(&mut parsed.record) {
            Ok(true) => {}
            Ok(false) => return (Ok(()), checks),
            Err(error) => return (Err(csv_error(path, error)), checks),
        }
        let tail = input.tail.get();
        parsed.line = record_line(&input.csv, &parsed.record, tail);
        parsed.unclosed_quote = tail.reached_end && tail.in_quotes();
        checks.check(&parsed, progress(input), &mut |event| {
            sink(event);
            true
        });
    }
}

/// Parses on this thread while a second one checks (see [`super::stages`]).
fn check_beside(
    input: &mut Input,
    checks: Checks,
    path: &Path,
    sink: &mut dyn FnMut(LoadEvent),
) -> (Result<(), LoadError>, Checks) {
    // A few batches in flight keep both threads busy. An unbounded queue let the parser
    // run ahead and allocate records faster than the checks returned them.
    let (batches, batches_in) = sync_channel::<Batch>(8);
    let (events_out, events) = channel::<LoadEvent>();
    let (used_out, used) = channel::<Vec<Parsed>>();
    let (parsed, checks) = std::thread::scope(|scope| {
        let worker = scope.spawn(move || checks.run(batches_in, events_out, used_out));
        let parsed = parse_batches(input, path, batches, &used, &events, sink);
        let checks = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (parsed, checks)
    });
    // Rows checked before the parser stopped still reach the sink, even after an error.
    for event in events.try_iter() {
        sink(event);
    }
    (parsed, checks)
}

/// Parses records into batches for the checking thread, reading into the records of
/// batches it returns, and passes on the chunks it has checked in the meantime.
fn parse_batches(
    input: &mut Input,
    path: &Path,
    batches: SyncSender<Batch>,
    used: &Receiver<Vec<Parsed>>,
    events: &Receiver<LoadEvent>,
    sink: &mut dyn FnMut(LoadEvent),
) -> Result<(), LoadError> {
    let mut spare: Vec<Parsed> = Vec::new();
    let mut records = Vec::with_capacity(BATCH);
    loop {
        for mut returned in used.try_iter() {
            spare.append(&mut returned);
        }
        let mut parsed = spare.pop().unwrap_or_else(|| Parsed {
            record: ByteRecord::new(),
            line: 0,
            unclosed_quote: false,
        });
        let more = input
            .csv
            .read_byte_record(&mut parsed.record)
            .map_err(|error| csv_error(path, error))?;
        if !more {
            break;
        }
        let tail = input.tail.get();
        parsed.line = record_line(&input.csv, &parsed.record, tail);
        parsed.unclosed_quote = tail.reached_end && tail.in_quotes();
        records.push(parsed);
        if records.len() >= BATCH {
            let batch = Batch {
                records: std::mem::replace(&mut records, Vec::with_capacity(BATCH)),
                bytes_read: progress(input),
            };
            if batches.send(batch).is_err() {
                return Ok(());
            }
            for event in events.try_iter() {
                sink(event);
            }
        }
    }
    if !records.is_empty() {
        let _ = batches.send(Batch {
            records,
            bytes_read: progress(input),
        });
    }
    Ok(())
}

/// Returns the bytes of the file parsed so far: exact for UTF-8, where the parser's offset
/// is a file offset, and including the decoder's read-ahead for other encodings.
fn progress(input: &Input) -> u64 {
    if input.detected.encoding == UTF_8 {
        input.csv.position().byte() + input.detected.bom_len as u64
    } else {
        input.raw_read.get()
    }
}

fn read_head(file: &mut File) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    file.by_ref().take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

fn detect(path: &Path, head: &[u8], options: &LoadOptions) -> Result<Detected, LoadError> {
    let not_text = |problem: NotText| match problem {
        NotText::Empty => LoadError::Empty {
            path: path.to_path_buf(),
        },
        NotText::Binary(reason) => LoadError::NotCsv {
            path: path.to_path_buf(),
            reason,
        },
    };
    decode::check_text(head).map_err(not_text)?;
    if let Some(encoding) = options.encoding {
        return Ok(decode::forced(head, encoding));
    }
    let all_utf8 = match decode::judge_head(head) {
        decode::HeadText::Bom => true,
        decode::HeadText::NotUtf8 => false,
        decode::HeadText::Ascii | decode::HeadText::Utf8 => {
            // Valid UTF-8 in the head proves nothing about the rest of the file.
            let file = File::open(path).map_err(|source| LoadError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            decode::is_utf8(BufReader::new(file)).map_err(|source| LoadError::Io {
                path: path.to_path_buf(),
                source,
            })?
        }
    };
    decode::detect(head, all_utf8).map_err(not_text)
}

struct Header {
    columns: Columns,
    erp_layout: bool,
}

/// Skips blank and banner rows and maps the first other row as the header.
fn read_header(
    input: &mut Input,
    record: &mut ByteRecord,
    path: &Path,
    options: &LoadOptions,
    findings: &mut Vec<Finding>,
) -> Result<Header, LoadError> {
    loop {
        let more = input
            .csv
            .read_byte_record(record)
            .map_err(|error| csv_error(path, error))?;
        if !more {
            return Err(LoadError::Empty {
                path: path.to_path_buf(),
            });
        }
        let cells = rows::decode_cells(record);
        if rows::is_blank(&cells) {
            continue;
        }
        let first = cells.first().map(|cell| cell.as_ref()).unwrap_or_default();
        if erp::is_banner(first) {
            continue;
        }
        let erp_layout = erp::is_record_header(first);
        let names: Vec<String> = cells.iter().map(|cell| cell.trim().to_string()).collect();
        let line = record_line(&input.csv, record, input.tail.get());
        let (columns, header_findings) = headers::map_columns(names, &options.columns, line);
        check_columns(path, &columns)?;
        findings.extend(header_findings);
        return Ok(Header {
            columns,
            erp_layout,
        });
    }
}

/// Rejects a header row without a customer code column: every row needs its code.
fn check_columns(path: &Path, columns: &Columns) -> Result<(), LoadError> {
    if columns.get(Field::Code).is_some() {
        return Ok(());
    }
    let found: Vec<String> = columns
        .headers
        .iter()
        .take(12)
        .map(|header| excerpt(header).into_owned())
        .collect();
    Err(LoadError::Header {
        path: path.to_path_buf(),
        message: format!(
            "the header row has no customer code column (such as 'code' or 'الكود'); it has: {}. \
             Rename the column or set it in the config's columns table",
            found.join(", ")
        ),
    })
}

/// Returns the physical line a record starts on, counted back from the reader's position
/// after the record.
///
/// The csv crate's own record position is taken before the empty lines and the `\n` of a
/// CRLF that it skips, so it can name a line before the real one.
fn record_line<R: Read>(csv: &csv::Reader<R>, record: &ByteRecord, tail: Tail) -> u32 {
    let after = csv.position().line();
    // The parser returns a record as soon as it reads its `\n`. So it has reached the end
    // of the stream only for a last record that the end of the file cut off, or for one
    // whose unclosed quote took the file's last `\n` into a field.
    let unterminated = tail.reached_end && (tail.last_byte != b'\n' || tail.in_quotes());
    let terminator = u64::from(!unterminated);
    let inner = memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
    let line = after
        .saturating_sub(terminator)
        .saturating_sub(inner)
        .max(1);
    u32::try_from(line).unwrap_or(u32::MAX)
}

fn csv_error(path: &Path, error: csv::Error) -> LoadError {
    match error.into_kind() {
        csv::ErrorKind::Io(source) => LoadError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => LoadError::NotCsv {
            path: path.to_path_buf(),
            reason: format!("{other:?}"),
        },
    }
}
