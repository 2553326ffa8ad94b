//! Reward configs: one Datanuum connection each, read from a TOML file.
//!
//! The file is parsed into raw types that mirror the TOML, checked once, and turned into
//! [`RewardConfig`] values in which every setting has a usable value, so the rest of the
//! engine never re-checks optional fields.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::customer::Field;
use crate::secret::Secret;

mod error;
mod locate;
mod raw;
mod resolve;

pub use error::{ConfigError, Origin, Problem};
pub use locate::{CONFIG_ENV, Lookup, load, locate};
pub use resolve::{
    DEFAULT_CONCURRENCY, DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT_SECS, EnvLookup, parse,
};

/// Which ERP name fills `first`/`last` when the CSV has no first/last columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameSource {
    /// `name2`, the English name (the default).
    #[default]
    Name2,
    /// `name1`, the Arabic name.
    Name1,
}

/// How an ambiguous date such as `03/04/1990` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Day first, the ERP's convention (the default).
    #[default]
    DayFirst,
    MonthFirst,
}

/// Where the `oauth_*` values travel on each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthPlacement {
    /// HTTP headers named like the values (the default).
    #[default]
    Headers,
    /// Query string parameters.
    Query,
}

/// The action taken when a create is rejected with Datanuum error 1004 (phone or email exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    /// Send an update for the existing account (the default).
    #[default]
    Update,
    /// Record the customer as `skipped`.
    Skip,
    /// Record the customer as `failed`.
    Fail,
}

/// A validated reward config.
#[derive(Debug, Clone)]
pub struct RewardConfig {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Base URL without a trailing slash, e.g. `https://acme.datanuum.com`.
    pub base_url: url::Url,
    pub token: Secret,
    pub default_register: Option<String>,
    /// Register code to Datanuum `branch_code`; a register without an entry is sent as is.
    pub branch_codes: BTreeMap<String, String>,
    /// ISO 3166 alpha-2 code used to complete local phone numbers, upper case.
    pub default_country: String,
    pub name_source: NameSource,
    pub date_order: DateOrder,
    pub auth_placement: AuthPlacement,
    pub on_duplicate: OnDuplicate,
    /// Requests in flight at once, at least 1.
    pub concurrency: usize,
    /// Upper bound on requests started per second, `None` for no limit.
    pub max_requests_per_second: Option<f64>,
    pub timeout: Duration,
    /// Retries after the first attempt for 429, 5xx, timeouts and connection errors.
    pub max_retries: u32,
    /// CSV header overrides: a field mapped to the header text of its column.
    pub columns: BTreeMap<Field, String>,
    /// True for a live tenant: shown in a warning colour, batches need the count confirmed.
    pub production: bool,
}

impl RewardConfig {
    /// Returns the host (and port, when not the default) of the base URL, for the top bar.
    pub fn host(&self) -> String {
        let host = self.base_url.host_str().unwrap_or_default();
        match self.base_url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    /// Returns the `branch_code` for a customer's register, falling back to
    /// `default_register` when the customer has none.
    pub fn branch_code(&self, register: &str) -> Option<String> {
        let register = register.trim();
        let register = if register.is_empty() {
            self.default_register.as_deref()?
        } else {
            register
        };
        let mapped = self.branch_codes.get(register).map(String::as_str);
        Some(mapped.unwrap_or(register).to_string())
    }
}

/// A config whose settings are valid but whose token could not be read, e.g. because its
/// `token_env` variable is not set on this machine. It is listed but cannot be selected.
#[derive(Debug, Clone)]
pub struct UnavailableConfig {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub base_url: url::Url,
    pub production: bool,
    /// Why the token could not be read, with its line and field.
    pub problem: Problem,
}

/// Every reward config of one file, with the path it was read from.
#[derive(Debug, Clone)]
pub struct ConfigSet {
    pub path: PathBuf,
    /// The configs that can be used.
    pub configs: Vec<RewardConfig>,
    /// The configs whose token could not be read; selecting one reports its problem.
    pub unavailable: Vec<UnavailableConfig>,
}

impl ConfigSet {
    /// Finds a usable config by its code or by its numeric ID. Codes are compared without
    /// regard to case, as the file's uniqueness check does, but an exact match wins.
    pub fn find(&self, code_or_id: &str) -> Option<&RewardConfig> {
        find_in(&self.configs, code_or_id, |config| {
            (config.code.as_str(), config.id)
        })
    }

    /// Finds a config whose token could not be read, matching as [`ConfigSet::find`] does.
    pub fn find_unavailable(&self, code_or_id: &str) -> Option<&UnavailableConfig> {
        find_in(&self.unavailable, code_or_id, |config| {
            (config.code.as_str(), config.id)
        })
    }
}

/// Looks an item up by exact code, then by code ignoring case, then by numeric ID.
fn find_in<'a, T>(
    items: &'a [T],
    code_or_id: &str,
    key: impl Fn(&T) -> (&str, i64),
) -> Option<&'a T> {
    let wanted = code_or_id.trim();
    let exact = items.iter().find(|item| key(item).0 == wanted);
    let folded = wanted.to_lowercase();
    let by_code = exact.or_else(|| {
        items
            .iter()
            .find(|item| key(item).0.to_lowercase() == folded)
    });
    by_code.or_else(|| {
        let id: i64 = wanted.parse().ok()?;
        items.iter().find(|item| key(item).1 == id)
    })
}
