//! The two stages of reading data rows: the CSV parser, and the row checks and packing.
//! They run on one thread, or on two for a whole-file load (see [`Stages`]).

use std::sync::mpsc::{Receiver, Sender};

use csv::ByteRecord;

use super::LoadEvent;
use super::rows::RowChecker;
use crate::customer::Finding;

/// Records per batch handed from the parser to the checks: large enough that the channel
/// costs little per record, small enough that the first chunk reaches a screen at once.
pub const BATCH: usize = 256;

/// A parsed record and its position in the file.
pub struct Parsed {
    pub record: ByteRecord,
    pub line: u32,
    /// True when the end of the file came inside this record's quotes.
    pub unclosed_quote: bool,
}

/// A batch of records, with the bytes of the file parsed once it was read.
pub struct Batch {
    pub records: Vec<Parsed>,
    pub bytes_read: u64,
}

/// Rows per [`LoadEvent::Rows`]: the first chunk small so a screen shows rows at once.
pub struct ChunkSizes {
    pub first: usize,
    pub rest: usize,
}

/// The checking stage: it checks each record, and hands on every full chunk of customers
/// as a [`LoadEvent::Rows`].
pub struct Checks {
    checker: RowChecker,
    findings: Vec<Finding>,
    sizes: ChunkSizes,
    total_bytes: u64,
    /// Rows in the chunk being filled: the first size, then the rest.
    chunk: usize,
    sent_any: bool,
}

impl Checks {
    pub fn new(
        checker: RowChecker,
        findings: Vec<Finding>,
        sizes: ChunkSizes,
        total_bytes: u64,
    ) -> Checks {
        Checks {
            checker,
            findings,
            chunk: sizes.first,
            sizes,
            total_bytes,
            sent_any: false,
        }
    }

    /// Checks one record and passes a full chunk to `emit`. Returns false when `emit`
    /// does, because the receiver of the chunks is gone.
    pub fn check(
        &mut self,
        parsed: &Parsed,
        bytes_read: u64,
        emit: &mut dyn FnMut(LoadEvent) -> bool,
    ) -> bool {
        if parsed.unclosed_quote {
            let findings = &mut self.findings;
            self.checker
                .reject_unclosed_quote(&parsed.record, parsed.line, findings);
        } else {
            self.checker
                .check(&parsed.record, parsed.line, &mut self.findings);
        }
        if self.checker.pending() < self.chunk {
            return true;
        }
        let rows = LoadEvent::Rows {
            customers: self.checker.take_customers(),
            findings: std::mem::take(&mut self.findings),
            bytes_read: bytes_read.min(self.total_bytes),
            total_bytes: self.total_bytes,
        };
        self.chunk = self.sizes.rest;
        self.sent_any = true;
        emit(rows)
    }

    /// Runs on the second thread until the parser stops sending, and returns each batch
    /// so the parser can read into its records again.
    pub fn run(
        mut self,
        batches: Receiver<Batch>,
        events: Sender<LoadEvent>,
        used: Sender<Vec<Parsed>>,
    ) -> Checks {
        let mut emit = |event| events.send(event).is_ok();
        for batch in batches {
            for parsed in &batch.records {
                if !self.check(parsed, batch.bytes_read, &mut emit) {
                    return self;
                }
            }
            let _ = used.send(batch.records);
        }
        self
    }

    /// Returns the last rows and findings, including the duplicate codes that are only
    /// known at the end of the file, or `None` when nothing is left to send.
    pub fn finish(mut self) -> Option<LoadEvent> {
        let customers = self.checker.take_customers();
        let mut findings = self.findings;
        findings.extend(self.checker.finish());
        let nothing_left = customers.is_empty() && findings.is_empty();
        if self.sent_any && nothing_left {
            return None;
        }
        Some(LoadEvent::Rows {
            customers,
            findings,
            bytes_read: self.total_bytes,
            total_bytes: self.total_bytes,
        })
    }
}

/// Threads a load runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stages {
    /// The parser and the checks on the caller's thread. The screen loads this way,
    /// because its own thread indexes the rows meanwhile and keeps the other core busy.
    One,
    /// The parser on the caller's thread and the checks, about three quarters of a load,
    /// on a second one. On two cores a million-row load takes 0.59 s instead of 0.70 s,
    /// for about 0.25 s more CPU time spent handing records between the threads.
    Two,
}
