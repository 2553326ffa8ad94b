//! Sending limits: defaults for the settings left out, and bounds for the ones given.
//!
//! The bounds keep a typing mistake (an extra zero) from flooding a tenant or hanging a
//! batch. They are not limits that Datanuum is known to enforce.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::Limits;
use crate::config::raw::RawRewardConfig;

/// Requests in flight at once when `concurrency` is not set.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Requests started per second when `max_requests_per_second` is not set.
pub const DEFAULT_MAX_REQUESTS_PER_SECOND: f64 = 10.0;
/// Seconds to wait for a response when `timeout_secs` is not set.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Retries after the first attempt when `max_retries` is not set.
pub const DEFAULT_MAX_RETRIES: u32 = 3;

const MAX_CONCURRENCY: i64 = 64;
const MAX_REQUESTS_PER_SECOND: f64 = 1000.0;
const MAX_TIMEOUT_SECS: i64 = 600;
const MAX_RETRIES: i64 = 10;

/// A rejected setting: where it is, its name and why.
pub(super) type LimitProblem = (Range<usize>, &'static str, String);

pub(super) fn resolve(raw: &RawRewardConfig, problems: &mut Vec<LimitProblem>) -> Limits {
    let concurrency = integer(
        &raw.concurrency,
        "concurrency",
        1..=MAX_CONCURRENCY,
        DEFAULT_CONCURRENCY as i64,
        problems,
    )
    .and_then(|value| usize::try_from(value).ok());
    let timeout = integer(
        &raw.timeout_secs,
        "timeout_secs",
        1..=MAX_TIMEOUT_SECS,
        DEFAULT_TIMEOUT_SECS as i64,
        problems,
    )
    .and_then(|value| u64::try_from(value).ok())
    .map(Duration::from_secs);
    let max_retries = integer(
        &raw.max_retries,
        "max_retries",
        0..=MAX_RETRIES,
        i64::from(DEFAULT_MAX_RETRIES),
        problems,
    )
    .and_then(|value| u32::try_from(value).ok());
    Limits {
        concurrency,
        max_requests_per_second: rate(&raw.max_requests_per_second, problems),
        timeout,
        max_retries,
    }
}

fn integer(
    raw: &Option<Spanned<i64>>,
    field: &'static str,
    bounds: std::ops::RangeInclusive<i64>,
    default: i64,
    problems: &mut Vec<LimitProblem>,
) -> Option<i64> {
    let Some(raw) = raw else {
        return Some(default);
    };
    let value = *raw.get_ref();
    if bounds.contains(&value) {
        return Some(value);
    }
    let message = format!(
        "{value} is out of range; use a whole number from {} to {} (default {default})",
        bounds.start(),
        bounds.end()
    );
    problems.push((raw.span(), field, message));
    None
}

/// Reads `max_requests_per_second`, where 0 means no limit.
fn rate(raw: &Option<Spanned<f64>>, problems: &mut Vec<LimitProblem>) -> Option<Option<f64>> {
    let Some(raw) = raw else {
        return Some(Some(DEFAULT_MAX_REQUESTS_PER_SECOND));
    };
    let value = *raw.get_ref();
    if value == 0.0 {
        return Some(None);
    }
    if value.is_finite() && value > 0.0 && value <= MAX_REQUESTS_PER_SECOND {
        return Some(Some(value));
    }
    let message = format!(
        "{value} is out of range; use a number above 0 and at most {MAX_REQUESTS_PER_SECOND}, \
         or 0 for no limit (default {DEFAULT_MAX_REQUESTS_PER_SECOND})"
    );
    problems.push((raw.span(), "max_requests_per_second", message));
    None
}
