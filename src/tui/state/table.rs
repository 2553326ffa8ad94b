//! The customer list: rows, the filtered view, the cursor and the selection.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::customer::{Columns, Customer, Field};
use crate::outcome::{Outcome, OutcomeKind, Status};
use crate::tui::engine;

pub use super::summary::Summary;

/// What earlier sends recorded for a customer; most rows have none, so it sits behind a
/// box and costs one pointer per row.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The last outcome, from this session or restored from the journal.
    pub outcome: Option<Outcome>,
    /// When `outcome` was recorded, as the journal or the clock wrote it.
    pub outcome_time: Option<String>,
    /// The profile of the last successful send, from the journal.
    pub last_sent: Option<serde_json::Value>,
}

/// One loaded customer and what is known about it.
#[derive(Debug, Clone)]
pub struct Row {
    pub customer: Customer,
    pub summary: Summary,
    pub status: Status,
    pub history: Option<Box<History>>,
}

impl Row {
    /// Creates a row; a customer that cannot be sent starts as `invalid`.
    pub fn new(customer: Customer, summary: Summary) -> Row {
        let mut row = Row {
            customer,
            summary,
            status: Status::Pending,
            history: None,
        };
        row.status = row.idle_status();
        row
    }

    /// Returns the status of a row that no batch holds: `invalid` when it cannot be sent,
    /// else `pending`.
    pub fn idle_status(&self) -> Status {
        if self.summary.sendable() {
            Status::Pending
        } else {
            Status::Done(OutcomeKind::Invalid)
        }
    }

    /// Returns the last outcome, if any.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.history.as_ref()?.outcome.as_ref()
    }

    /// Returns the profile of the last successful send, if the journal has one.
    pub fn last_sent(&self) -> Option<&serde_json::Value> {
        self.history.as_ref()?.last_sent.as_ref()
    }

    /// Returns the history, created empty when the row has none yet.
    pub fn history_mut(&mut self) -> &mut History {
        self.history.get_or_insert_with(Box::default)
    }

    /// Returns the customer code as written in the file.
    pub fn code<'a>(&'a self, columns: &Columns) -> &'a str {
        self.customer.code(columns)
    }

    /// Formats the phone shown in the table: normalised when valid, else the cell as written.
    pub fn phone_cell(&self, columns: &Columns) -> String {
        match self.summary.phone() {
            Some(phone) => phone.to_string(),
            None if self.summary.sendable() && self.summary.is_checked() => String::new(),
            None => self.customer.field(columns, Field::Mobile).to_string(),
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
    /// Kept up to date as rows arrive and statuses change, rather than counted on every
    /// frame or event, which matters for large files.
    counts: Counts,
    /// True when a status changed under a status filter and the view is not refreshed yet.
    stale: bool,
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

    /// Appends loaded rows, counts them and refreshes the view.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = Row>) {
        let start = self.rows.len();
        self.rows.extend(rows);
        for row in self.rows.get(start..).unwrap_or_default() {
            self.counts.add(row, 1);
        }
        self.counts.loaded = self.rows.len();
        if self.search_hits.is_none() && self.group.is_none() {
            // Without a search or group the view is in row order, so the new rows go at
            // its end. Rebuilding it for every chunk of a large load would cost more.
            let added = start..self.rows.len();
            let visible: Vec<usize> = added.filter(|&index| self.shows(index)).collect();
            self.view.extend(visible);
            self.clamp();
        } else {
            self.refresh_view();
        }
    }

    /// Changes the status of one row, keeping the counts right. The view is refreshed
    /// later, by [`CustomerList::refresh_if_stale`], and only when the status filter
    /// depends on it.
    pub fn set_status(&mut self, index: usize, status: Status) {
        let Some(row) = self.rows.get_mut(index) else {
            return;
        };
        if row.status == status {
            return;
        }
        self.counts.add(row, -1);
        row.status = status;
        self.counts.add(row, 1);
        if self.filter != StatusFilter::All {
            self.stale = true;
        }
    }

    /// Applies the summaries of rows `start..`, checked in the background. A row found
    /// unsendable becomes `invalid`, unless a running batch has it queued or sending.
    pub fn set_summaries(&mut self, start: usize, summaries: &[Summary]) {
        let rows = self.rows.iter_mut().skip(start);
        for (row, &summary) in rows.zip(summaries) {
            self.counts.add(row, -1);
            row.summary = summary;
            if !summary.sendable() && !matches!(row.status, Status::Queued | Status::Sending) {
                row.status = Status::Done(OutcomeKind::Invalid);
            }
            self.counts.add(row, 1);
        }
        if self.filter != StatusFilter::All {
            self.stale = true;
        }
    }

    /// Marks every row unchecked and pending, with no history, after the config changed:
    /// the new config's checks and journal fill them in again.
    pub fn uncheck_all(&mut self) {
        for row in &mut self.rows {
            row.summary = Summary::UNCHECKED;
            row.status = Status::Pending;
            row.history = None;
        }
        self.refresh();
    }

    /// Refreshes the view when a status change may have moved rows in or out of it.
    pub fn refresh_if_stale(&mut self) {
        if self.stale {
            self.refresh_view();
        }
    }

    /// Recounts every row and recomputes the view, after rows were replaced wholesale.
    pub fn refresh(&mut self) {
        self.counts = self.count();
        self.refresh_view();
    }

    /// Recomputes the view after rows, statuses, filters or the search changed, keeping
    /// the cursor on the same customer when it is still shown.
    pub fn refresh_view(&mut self) {
        self.stale = false;
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

    /// Row counts by status as of the last [`CustomerList::refresh`], for the top bar.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Counts rows by status.
    fn count(&self) -> Counts {
        let mut counts = Counts {
            loaded: self.rows.len(),
            ..Counts::default()
        };
        for row in &self.rows {
            counts.add(row, 1);
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
    /// Rows whose payload was checked; the rest are still being checked after a load.
    pub checked: usize,
}

impl Counts {
    /// Adds (`sign` 1) or removes (`sign` -1) one row from the status counts.
    fn add(&mut self, row: &Row, sign: isize) {
        let slot = match row.status {
            Status::Done(OutcomeKind::Created) => &mut self.created,
            Status::Done(OutcomeKind::Updated) => &mut self.updated,
            Status::Done(OutcomeKind::Skipped) => &mut self.skipped,
            Status::Done(OutcomeKind::Failed) => &mut self.failed,
            Status::Unknown => &mut self.unknown,
            Status::Done(OutcomeKind::Invalid) => &mut self.invalid,
            Status::Pending | Status::Queued | Status::Sending => &mut self.pending,
        };
        *slot = slot.saturating_add_signed(sign);
        if row.summary.warned() {
            self.warnings = self.warnings.saturating_add_signed(sign);
        }
        if row.summary.is_checked() {
            self.checked = self.checked.saturating_add_signed(sign);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(sendable: bool, warned: bool) -> Row {
        let summary = Summary::checked(None, sendable, warned);
        Row::new(Customer::new(2, &["C1"]), summary)
    }

    #[test]
    fn status_changes_keep_counts_equal_to_a_recount() {
        let mut list = CustomerList::default();
        list.extend([row(true, true), row(true, false), row(false, true)]);
        assert_eq!(list.counts().pending, 2);
        assert_eq!(list.counts().invalid, 1);
        assert_eq!(list.counts().warnings, 2);
        list.set_status(0, Status::Queued);
        list.set_status(0, Status::Done(OutcomeKind::Created));
        list.set_status(1, Status::Done(OutcomeKind::Failed));
        assert_eq!(list.counts(), list.count());
        assert_eq!(list.counts().created, 1);
        assert_eq!(list.counts().failed, 1);
        assert_eq!(list.counts().pending, 0);
        assert_eq!(list.counts().warnings, 2);
    }

    #[test]
    fn background_summaries_mark_unsendable_rows_invalid() {
        let mut list = CustomerList::default();
        let unchecked = || Row::new(Customer::new(2, &["C1"]), Summary::UNCHECKED);
        list.extend([unchecked(), unchecked(), unchecked()]);
        assert_eq!(list.counts().pending, 3);
        assert_eq!(list.counts().checked, 0);
        list.set_status(2, Status::Queued);
        let bad = Summary::checked(None, false, true);
        list.set_summaries(1, &[bad, bad]);
        assert_eq!(list.rows[1].status, Status::Done(OutcomeKind::Invalid));
        assert_eq!(list.rows[2].status, Status::Queued);
        assert_eq!(list.counts(), list.count());
        assert_eq!(list.counts().checked, 2);
        assert_eq!(list.counts().invalid, 1);
        assert_eq!(list.counts().warnings, 2);
    }

    #[test]
    fn queued_row_found_unsendable_leaves_as_invalid() {
        let mut list = CustomerList::default();
        list.extend([Row::new(Customer::new(2, &["C1"]), Summary::UNCHECKED)]);
        list.set_status(0, Status::Queued);
        list.set_summaries(0, &[Summary::checked(None, false, false)]);
        assert_eq!(list.rows[0].status, Status::Queued);
        assert_eq!(
            list.rows[0].idle_status(),
            Status::Done(OutcomeKind::Invalid)
        );
    }

    #[test]
    fn status_filter_refilters_when_stale() {
        let mut list = CustomerList::default();
        list.extend([row(true, false), row(true, false)]);
        list.filter = StatusFilter::Pending;
        list.refresh_view();
        list.set_status(0, Status::Done(OutcomeKind::Created));
        assert_eq!(list.view(), [0, 1]);
        list.refresh_if_stale();
        assert_eq!(list.view(), [1]);
    }
}
