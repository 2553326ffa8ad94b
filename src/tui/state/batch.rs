//! The running batch as the screen tracks it: counts, rate, ETA and pause state.

use std::time::{Duration, Instant};

use crate::tui::engine::BatchControl;

/// A batch that was started and has not reported `Done` yet.
#[derive(Debug, Clone)]
pub struct BatchState {
    /// Tag of the batch, so events of an earlier batch are not counted.
    pub id: u64,
    /// `None` while the payloads are being built and the batch has not started yet.
    pub control: Option<BatchControl>,
    pub total: usize,
    pub sent: usize,
    pub failed: usize,
    /// Customers recorded as invalid without a request.
    pub invalid: usize,
    pub started: Instant,
    pub paused: bool,
    /// Set once a cancel was asked for or the batch stopped itself.
    pub stopping: Option<String>,
}

impl BatchState {
    pub fn new(id: u64, control: Option<BatchControl>, total: usize) -> BatchState {
        BatchState {
            id,
            control,
            total,
            sent: 0,
            failed: 0,
            invalid: 0,
            started: Instant::now(),
            paused: false,
            stopping: None,
        }
    }

    /// Takes the control of the started batch and applies a pause or cancel asked for
    /// while its payloads were being built.
    pub fn attach(&mut self, control: BatchControl) {
        if self.stopping.is_some() {
            control.cancel();
        } else if self.paused {
            control.pause();
        }
        self.control = Some(control);
    }

    /// Pauses or resumes sending.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        match (&self.control, paused) {
            (Some(control), true) => control.pause(),
            (Some(control), false) => control.resume(),
            (None, _) => {}
        }
    }

    /// Asks the batch to stop; a batch not started yet stops as soon as it starts.
    pub fn cancel(&mut self, reason: &str) {
        if let Some(control) = &self.control {
            control.cancel();
        }
        self.stopping = Some(reason.to_string());
    }

    /// Customers with an outcome so far.
    pub fn finished(&self) -> usize {
        self.sent + self.failed + self.invalid
    }

    pub fn remaining(&self) -> usize {
        self.total.saturating_sub(self.finished())
    }

    /// Customers finished per second since the start, measured at `now`.
    pub fn rate(&self, now: Instant) -> f64 {
        let elapsed = now.duration_since(self.started).as_secs_f64();
        if elapsed <= 0.0 {
            return 0.0;
        }
        self.finished() as f64 / elapsed
    }

    /// Estimated time left at the current rate, `None` before the first outcome.
    pub fn eta(&self, now: Instant) -> Option<Duration> {
        let rate = self.rate(now);
        if rate <= 0.0 {
            return None;
        }
        Some(Duration::from_secs_f64(self.remaining() as f64 / rate))
    }

    /// Fraction of the batch that is finished, from 0 to 1.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        (self.finished() as f64 / self.total as f64).clamp(0.0, 1.0)
    }
}
