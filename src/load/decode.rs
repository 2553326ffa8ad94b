//! Choosing the file's encoding and turning its bytes into UTF-8 for the CSV parser.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};

/// Encoding and byte-order mark chosen for a file.
#[derive(Debug, Clone, Copy)]
pub struct Detected {
    pub encoding: &'static Encoding,
    /// Bytes of byte-order mark at the start of the file.
    pub bom_len: usize,
    /// True when the encoding is a guess because the bytes are not valid UTF-8.
    pub guessed: bool,
}

/// Reason the bytes are not a CSV text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    Empty,
    Binary(String),
}

/// Recognises files that are not CSV text from their first bytes.
pub fn check_text(head: &[u8]) -> Result<(), NotText> {
    if head.is_empty() {
        return Err(NotText::Empty);
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(NotText::Binary(
            "this is an Excel workbook (ZIP/.xlsx), not CSV: open it in Excel and save it as \
             'CSV UTF-8'"
                .into(),
        ));
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(NotText::Binary(
            "this is an old Excel workbook (.xls), not CSV: open it in Excel and save it as \
             'CSV UTF-8'"
                .into(),
        ));
    }
    Ok(())
}

/// Picks the encoding from a byte-order mark, else UTF-8 when `all_utf8` reports that every byte of
/// the file is valid UTF-8, else Windows-1256 (the Arabic Windows "ANSI" code page).
pub fn detect(head: &[u8], all_utf8: bool) -> Result<Detected, NotText> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(head) {
        return Ok(Detected {
            encoding,
            bom_len,
            guessed: false,
        });
    }
    if head.contains(&0) {
        return Err(NotText::Binary(
            "the file contains NUL bytes, so it is a binary file or UTF-16 without a byte-order \
             mark: save it as 'CSV UTF-8'"
                .into(),
        ));
    }
    let (encoding, guessed) = if all_utf8 {
        (UTF_8, false)
    } else {
        (WINDOWS_1256, true)
    };
    Ok(Detected {
        encoding,
        bom_len: 0,
        guessed,
    })
}

/// Returns the byte-order-mark length to skip when the operator forces `encoding`.
pub fn forced(head: &[u8], encoding: &'static Encoding) -> Detected {
    let bom_len = match Encoding::for_bom(head) {
        Some((found, len)) if found == encoding => len,
        _ => 0,
    };
    Detected {
        encoding,
        bom_len,
        guessed: false,
    }
}

/// Verdict on UTF-8 from the first bytes of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadText {
    /// A byte-order mark, which names the encoding.
    Bom,
    /// Only ASCII bytes, which every candidate encoding reads the same way.
    Ascii,
    /// Valid UTF-8 with multi-byte characters.
    Utf8,
    NotUtf8,
}

/// Judges the encoding from the first bytes of a file.
///
/// Only `NotUtf8` and `Bom` settle the question, so for the other verdicts the rest of the file
/// must be checked with [`is_utf8`].
pub fn judge_head(head: &[u8]) -> HeadText {
    if Encoding::for_bom(head).is_some() {
        return HeadText::Bom;
    }
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text.len(),
        // A character cut by the end of the head is not an error.
        Err(error) if error.error_len().is_none() => error.valid_up_to(),
        Err(_) => return HeadText::NotUtf8,
    };
    if head[..valid].is_ascii() {
        HeadText::Ascii
    } else {
        HeadText::Utf8
    }
}

/// Checks a whole stream for valid UTF-8 without holding it in memory.
pub fn is_utf8(mut reader: impl Read) -> io::Result<bool> {
    let mut buffer = vec![0u8; 1 << 20];
    let mut carried = 0;
    loop {
        let read = reader.read(&mut buffer[carried..])?;
        let filled = carried + read;
        if read == 0 {
            return Ok(carried == 0);
        }
        match simdutf8::compat::from_utf8(&buffer[..filled]) {
            Ok(_) => carried = 0,
            Err(error) if error.error_len().is_none() => {
                // A character cut at the end of the buffer: keep its bytes for the next read.
                let valid = error.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// Counts the bytes read from the inner reader, for progress reports.
pub struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counting<R> {
    pub fn new(inner: R, count: Rc<Cell<u64>>) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

/// The end of a UTF-8 stream as seen so far: whether it was reached, its last byte, and
/// whether the bytes read so far end inside a quoted field.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tail {
    pub reached_end: bool,
    pub last_byte: u8,
    quote: QuoteState,
}

impl Tail {
    /// Returns true when the bytes read so far end inside a quoted field. At the end of the
    /// stream this means a quote was never closed, and the parser read the rest of the file
    /// into one field.
    pub fn in_quotes(&self) -> bool {
        matches!(self.quote, QuoteState::InQuoted)
    }
}

/// Position at the end of the bytes read so far, relative to fields and quotes. It follows
/// the csv crate's quoting rules: a `"` opens a quoted field only at the start of a field,
/// and `""` inside one is an escaped quote.
#[derive(Debug, Clone, Copy, Default)]
enum QuoteState {
    #[default]
    StartOfField,
    Unquoted,
    InQuoted,
    /// A `"` inside a quoted field: either the closing quote or the first of an escape.
    QuoteInQuoted,
}

impl QuoteState {
    fn advance(mut self, bytes: &[u8], delimiter: u8) -> Self {
        let mut index = 0;
        while let Some(rest) = bytes.get(index..).filter(|rest| !rest.is_empty()) {
            // Inside a field, jump to the next byte that can change the state.
            let skip = match self {
                QuoteState::InQuoted => memchr::memchr(b'"', rest),
                QuoteState::Unquoted => memchr::memchr2(delimiter, b'\n', rest),
                QuoteState::StartOfField | QuoteState::QuoteInQuoted => Some(0),
            };
            let Some(skip) = skip else {
                return self;
            };
            let byte = rest[skip];
            index += skip + 1;
            self = match (self, byte) {
                (QuoteState::InQuoted, _) => QuoteState::QuoteInQuoted,
                (QuoteState::QuoteInQuoted, b'"') | (QuoteState::StartOfField, b'"') => {
                    QuoteState::InQuoted
                }
                (_, byte) if byte == delimiter || byte == b'\n' => QuoteState::StartOfField,
                _ => QuoteState::Unquoted,
            };
        }
        self
    }
}

/// Records the last byte read, whether the end of the stream was reached and whether it
/// ends inside quotes. With these the loader can tell a last record cut off by the end of
/// the file from one ended by a line break, and both from one swallowed by an unclosed
/// quote.
pub struct TailWatch<R> {
    inner: R,
    tail: Rc<Cell<Tail>>,
    delimiter: u8,
}

impl<R> TailWatch<R> {
    pub fn new(inner: R, tail: Rc<Cell<Tail>>, delimiter: u8) -> Self {
        TailWatch {
            inner,
            tail,
            delimiter,
        }
    }
}

impl<R: Read> Read for TailWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        let mut tail = self.tail.get();
        match buf[..read].last() {
            Some(&byte) => tail.last_byte = byte,
            None => tail.reached_end = !buf.is_empty(),
        }
        tail.quote = tail.quote.advance(&buf[..read], self.delimiter);
        self.tail.set(tail);
        Ok(read)
    }
}

/// Decodes a non-UTF-8 stream into UTF-8 as it is read.
pub struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    input_start: usize,
    input_end: usize,
    output: Vec<u8>,
    output_start: usize,
    output_end: usize,
    /// The inner reader returned end of stream.
    finished: bool,
    /// The decoder was flushed with its last call; calling it again would panic.
    flushed: bool,
}

impl<R: Read> Transcoder<R> {
    /// Wraps `inner`, whose byte-order mark (if any) was already skipped.
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            input_start: 0,
            input_end: 0,
            output: vec![0; 128 * 1024],
            output_start: 0,
            output_end: 0,
            finished: false,
            flushed: false,
        }
    }

    /// Decodes more input into the output buffer; returns false at the end of the stream.
    fn fill(&mut self) -> io::Result<bool> {
        loop {
            if self.flushed {
                return Ok(false);
            }
            if self.input_start == self.input_end && !self.finished {
                let read = self.inner.read(&mut self.input)?;
                self.input_start = 0;
                self.input_end = read;
                self.finished = read == 0;
            }
            let input = &self.input[self.input_start..self.input_end];
            let (result, consumed, written, _) =
                self.decoder
                    .decode_to_utf8(input, &mut self.output, self.finished);
            self.input_start += consumed;
            self.flushed = self.finished && result == CoderResult::InputEmpty;
            self.output_start = 0;
            self.output_end = written;
            if written > 0 {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.output_start == self.output_end && !self.fill()? {
            return Ok(0);
        }
        let available = &self.output[self.output_start..self.output_end];
        let take = available.len().min(out.len());
        out[..take].copy_from_slice(&available[..take]);
        self.output_start += take;
        Ok(take)
    }
}

/// Names the encodings the operator may force, as accepted by `--encoding`.
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    match label.trim().to_ascii_lowercase().as_str() {
        "utf-16" | "utf16" => Some(UTF_16LE),
        "utf-16be" | "utf16be" => Some(UTF_16BE),
        other => Encoding::for_label(other.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_guesses() {
        assert_eq!(detect(b"\xEF\xBB\xBFcode", true).map(|d| d.bom_len), Ok(3));
        assert_eq!(
            detect(b"\xFF\xFEc\0", false).map(|d| d.encoding),
            Ok(UTF_16LE)
        );
        let guessed = detect(b"code,\xe4\xe6", false);
        assert_eq!(
            guessed.map(|d| (d.encoding, d.guessed)),
            Ok((WINDOWS_1256, true))
        );
        assert!(matches!(detect(b"a\0b", true), Err(NotText::Binary(_))));
    }

    #[test]
    fn head_judgement() {
        assert_eq!(judge_head(b"code,name"), HeadText::Ascii);
        assert_eq!(judge_head("code,سارة".as_bytes()), HeadText::Utf8);
        assert_eq!(judge_head(&"code,سارة".as_bytes()[..6]), HeadText::Ascii);
        assert_eq!(judge_head(b"code,\xe4\xe6\xd1"), HeadText::NotUtf8);
    }

    #[test]
    fn utf8_check_spans_buffers() {
        let text = "é".repeat(1 << 20);
        assert!(is_utf8(text.as_bytes()).unwrap_or(false));
        assert!(!is_utf8(&b"abc\xff"[..]).unwrap_or(true));
    }

    #[test]
    fn transcoder_reads_past_end_without_panic() {
        let mut reader = Transcoder::new(&b"\xe4\xe6"[..], WINDOWS_1256);
        let mut buffer = [0u8; 16];
        let mut total = 0;
        for _ in 0..5 {
            total += reader.read(&mut buffer).unwrap_or_default();
        }
        assert_eq!(total, "نو".len());
    }

    #[test]
    fn transcoder_flushes_a_cut_utf16_unit() {
        let mut decoded = String::new();
        let mut reader = Transcoder::new(&b"a\0b"[..], UTF_16LE);
        reader.read_to_string(&mut decoded).unwrap_or_default();
        assert_eq!(decoded, "a\u{FFFD}");
        assert_eq!(reader.read(&mut [0u8; 8]).unwrap_or(1), 0);
    }

    #[test]
    fn transcoder_decodes_windows_1256() {
        let mut decoded = String::new();
        let mut reader = Transcoder::new(&b"\xe4\xe6\xd1\xc9"[..], WINDOWS_1256);
        reader.read_to_string(&mut decoded).unwrap_or_default();
        assert_eq!(decoded, "نورة");
    }
}
