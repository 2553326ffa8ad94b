//! Error triage: failed customers grouped by HTTP status, Datanuum code and message.

use std::collections::{BTreeMap, BTreeSet};

use super::table::Row;
use crate::outcome::{OutcomeKind, Status};

/// Failures that share one cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageGroup {
    pub http_status: Option<u16>,
    pub datanuum_code: Option<i64>,
    pub message: String,
    pub rows: BTreeSet<usize>,
}

impl TriageGroup {
    /// Returns the cause as one line, e.g. `HTTP 400 · 9999 · bad value`.
    pub fn label(&self) -> String {
        let http = self.http_status.map_or_else(
            || "no response".to_string(),
            |status| format!("HTTP {status}"),
        );
        let code = self
            .datanuum_code
            .map_or_else(|| "-".to_string(), |code| code.to_string());
        format!("{http} · {code} · {}", self.message)
    }
}

type Cause = (Option<u16>, Option<i64>, String);

/// Groups every failed or unknown row by cause, largest group first.
pub fn group_failures(rows: &[Row]) -> Vec<TriageGroup> {
    let mut groups: BTreeMap<Cause, BTreeSet<usize>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        let cause = match (row.status, row.outcome()) {
            (Status::Done(OutcomeKind::Failed), Some(outcome)) => (
                outcome.http_status,
                outcome.datanuum_code,
                outcome.message.clone(),
            ),
            (Status::Done(OutcomeKind::Failed), None) => {
                (None, None, "failed in an earlier run".to_string())
            }
            (Status::Unknown, _) => (None, None, "outcome unknown (interrupted run)".to_string()),
            _ => continue,
        };
        groups.entry(cause).or_default().insert(index);
    }
    let mut list: Vec<TriageGroup> = groups
        .into_iter()
        .map(
            |((http_status, datanuum_code, message), rows)| TriageGroup {
                http_status,
                datanuum_code,
                message,
                rows,
            },
        )
        .collect();
    list.sort_by_key(|group| std::cmp::Reverse(group.rows.len()));
    list
}
