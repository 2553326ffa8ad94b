//! The customer list: rows, the filtered view, the cursor and the selection.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::customer::{Columns, Customer, Field, Severity};
use crate::outcome::{Outcome, OutcomeKind, Status};
use crate::payload::Prepared;
use crate::tui::engine;

/// One loaded customer and what is known about it.
#[derive(Debug, Clone)]
pub struct Row {
    pub customer: Customer,
    pub prepared: Prepared,
    pub status: Status,
    /// The last outcome, from this session or restored from the journal.
    pub outcome: Option<Outcome>,
    /// When `outcome` was recorded, as the journal or the clock wrote it.
    pub outcome_time: Option<String>,
    /// The profile of the last successful send, from the journal.
    pub last_sent: Option<serde_json::Value>,
}

impl Row {
    /// Creates a row; a customer that cannot be sent starts as `invalid`.
    pub fn new(customer: Customer, prepared: Prepared) -> Row {
        let status = if prepared.payload.is_err() {
            Status::Done(OutcomeKind::Invalid)
        } else {
            Status::Pending
        };
        Row {
            customer,
            prepared,
            status,
            outcome: None,
            outcome_time: None,
            last_sent: None,
        }
    }

    /// Returns the name shown in the table: `name1` or `name2` with the field it came
    /// from, else first and last joined (and no field).
    pub fn display_name(&self, columns: &Columns) -> (String, Option<Field>) {
        for field in [Field::Name1, Field::Name2] {
            let name = self.customer.field(columns, field);
            if !name.is_empty() {
                return (name.to_string(), Some(field));
            }
        }
        let first = self.customer.field(columns, Field::First);
        let last = self.customer.field(columns, Field::Last);
        (format!("{first} {last}").trim().to_string(), None)
    }
}

/// The status filter that `f` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Failed,
    Pending,
    Sent,
    Invalid,
}

impl StatusFilter {
    /// Returns the next filter in the cycle all → failed → pending → sent → invalid → all.
    pub fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::Failed,
            StatusFilter::Failed => StatusFilter::Pending,
            StatusFilter::Pending => StatusFilter::Sent,
            StatusFilter::Sent => StatusFilter::Invalid,
            StatusFilter::Invalid => StatusFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Failed => "failed",
            StatusFilter::Pending => "pending",
            StatusFilter::Sent => "sent",
            StatusFilter::Invalid => "invalid",
        }
    }

    /// Returns true when a row with `status` passes the filter.
    pub fn accepts(self, status: Status) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Failed => engine::is_failed(status),
            StatusFilter::Pending => {
                matches!(status, Status::Pending | Status::Queued | Status::Sending)
            }
            StatusFilter::Sent => engine::is_sent(status),
            StatusFilter::Invalid => status == Status::Done(OutcomeKind::Invalid),
        }
    }
}

/// A filter to the customers of one error-triage group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFilter {
    pub label: String,
    pub rows: BTreeSet<usize>,
}

/// The customer list and how it is viewed.
#[derive(Debug, Clone, Default)]
pub struct CustomerList {
    pub columns: Arc<Columns>,
    pub rows: Vec<Row>,
    pub filter: StatusFilter,
    /// Rows matching the search, best first; `None` without a search.
    pub search_hits: Option<Vec<usize>>,
    pub group: Option<GroupFilter>,
    pub selected: BTreeSet<usize>,
    view: Vec<usize>,
    cursor: usize,
    offset: usize,
}

impl CustomerList {
    /// Rows currently shown, as indices into `rows`, in display order.
    pub fn view(&self) -> &[usize] {
        &self.view
    }

    /// Position of the cursor within the view.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// First view position drawn at the top of the table.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Index into `rows` of the highlighted customer.
    pub fn highlighted(&self) -> Option<usize> {
        self.view.get(self.cursor).copied()
    }

    /// Appends loaded rows and refreshes the view.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = Row>) {
        self.rows.extend(rows);
        self.refresh();
    }

    /// Recomputes the view after rows, filters or the search changed, keeping the cursor on
    /// the same customer when it is still shown.
    pub fn refresh(&mut self) {
        let keep = self.highlighted();
        let candidates: Box<dyn Iterator<Item = usize>> = match &self.search_hits {
            Some(hits) => Box::new(hits.iter().copied()),
            None => Box::new(0..self.rows.len()),
        };
        self.view = candidates.filter(|&index| self.shows(index)).collect();
        self.cursor = keep
            .and_then(|row| self.view.iter().position(|&index| index == row))
            .unwrap_or(0);
        self.clamp();
    }

    fn shows(&self, index: usize) -> bool {
        let Some(row) = self.rows.get(index) else {
            return false;
        };
        let in_group = self
            .group
            .as_ref()
            .is_none_or(|group| group.rows.contains(&index));
        in_group && self.filter.accepts(row.status)
    }

    /// Moves the cursor by `delta` lines within the view.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.view.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Moves the cursor to a view position.
    pub fn move_to(&mut self, position: usize) {
        self.cursor = position.min(self.view.len().saturating_sub(1));
    }

    /// Scrolls so the cursor is inside a table body of `height` lines.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        let max_offset = self.view.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    fn clamp(&mut self) {
        self.cursor = self.cursor.min(self.view.len().saturating_sub(1));
    }

    /// Selects or unselects the highlighted customer.
    pub fn toggle_highlighted(&mut self) {
        if let Some(index) = self.highlighted()
            && !self.selected.remove(&index)
        {
            self.selected.insert(index);
        }
    }

    /// Selects every customer in the view.
    pub fn select_view(&mut self) {
        self.selected.extend(self.view.iter().copied());
    }

    /// Rows a send would cover: the selection, or the highlighted customer.
    pub fn send_targets(&self) -> Vec<usize> {
        if self.selected.is_empty() {
            self.highlighted().into_iter().collect()
        } else {
            self.selected.iter().copied().collect()
        }
    }

    /// Counts rows by status for the top bar.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            loaded: self.rows.len(),
            ..Counts::default()
        };
        for row in &self.rows {
            match row.status {
                Status::Done(OutcomeKind::Created) => counts.created += 1,
                Status::Done(OutcomeKind::Updated) => counts.updated += 1,
                Status::Done(OutcomeKind::Skipped) => counts.skipped += 1,
                Status::Done(OutcomeKind::Failed) => counts.failed += 1,
                Status::Unknown => counts.unknown += 1,
                Status::Done(OutcomeKind::Invalid) => counts.invalid += 1,
                Status::Pending | Status::Queued | Status::Sending => counts.pending += 1,
            }
            let warned = row
                .prepared
                .findings
                .iter()
                .any(|finding| finding.severity == Severity::Warning);
            counts.warnings += usize::from(warned);
        }
        counts
    }
}

/// Row counts shown in the top bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub loaded: usize,
    pub invalid: usize,
    /// Customers with at least one finding.
    pub warnings: usize,
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Customers whose last request in an earlier run has no recorded outcome.
    pub unknown: usize,
    pub pending: usize,
}
