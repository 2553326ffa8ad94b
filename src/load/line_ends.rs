//! Turning lone carriage returns into line feeds before the CSV parser reads them.
//!
//! A `\r` not followed by `\n` ends a line, as in classic Mac OS files. The parser splits
//! records at `\n` only and counts lines by `\n`, so after this step it numbers the lines of
//! `\r`-only files correctly. A CRLF is left as it is, and the same byte count comes out as
//! goes in, so parser offsets stay file offsets.

use std::io::{self, Read};

/// Reader that replaces each `\r` not followed by `\n` with `\n`.
///
/// A lone `\r` inside a quoted cell becomes `\n` too, so the cell keeps its line break.
pub struct LoneCr<R> {
    inner: R,
    /// A byte read ahead to decide about a `\r` at the end of the previous read.
    carried: Option<u8>,
}

impl<R> LoneCr<R> {
    pub fn new(inner: R) -> Self {
        LoneCr {
            inner,
            carried: None,
        }
    }
}

impl<R: Read> Read for LoneCr<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let mut filled = 0;
        if let Some(byte) = self.carried.take() {
            buf[0] = byte;
            filled = 1;
        }
        if filled < buf.len() {
            filled += read_retrying(&mut self.inner, &mut buf[filled..])?;
        }
        let Some(last) = filled.checked_sub(1) else {
            return Ok(0);
        };
        let mut from = 0;
        while let Some(found) = memchr::memchr(b'\r', &buf[from..last]) {
            let index = from + found;
            if buf[index + 1] != b'\n' {
                buf[index] = b'\n';
            }
            from = index + 1;
        }
        if buf[last] == b'\r' {
            // The next byte decides, so read it now and hand it out first next time.
            let mut next = [0u8; 1];
            let got = read_retrying(&mut self.inner, &mut next)?;
            if got == 1 {
                self.carried = Some(next[0]);
            }
            if got == 0 || next[0] != b'\n' {
                buf[last] = b'\n';
            }
        }
        Ok(filled)
    }
}

fn read_retrying(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` through [`LoneCr`] with reads of `step` bytes.
    fn converted(input: &[u8], step: usize) -> Vec<u8> {
        let mut reader = LoneCr::new(input);
        let mut output = Vec::new();
        let mut buffer = vec![0u8; step];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => return output,
                Ok(read) => output.extend_from_slice(&buffer[..read]),
                Err(error) => panic!("read failed: {error}"),
            }
        }
    }

    #[test]
    fn lone_cr_becomes_lf_at_any_read_size() {
        let input = b"a\rb\r\nc\r\rd\n\r";
        for step in 1..=input.len() + 1 {
            assert_eq!(converted(input, step), b"a\nb\r\nc\n\nd\n\n", "step {step}");
        }
    }

    #[test]
    fn crlf_split_across_reads_is_kept() {
        assert_eq!(converted(b"ab\r\ncd", 3), b"ab\r\ncd");
        assert_eq!(converted(b"\r", 1), b"\n");
    }
}
