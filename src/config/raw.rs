//! The reward-config file exactly as written: every value keeps its byte span in the file,
//! so that a check that fails later can name the line and column it concerns.
//!
//! Enums are read as strings and checked in [`super::resolve`], which lets the error list
//! the accepted values and point at the line, instead of relying on serde's wording.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One `[[reward_config]]` table. Optional fields get their defaults while resolving.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRewardConfig {
    pub id: Spanned<i64>,
    pub code: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub base_url: Spanned<String>,
    /// Permits `http://` for a host that is not loopback.
    #[serde(default)]
    pub allow_http: Option<Spanned<bool>>,
    pub token_env: Option<Spanned<String>>,
    pub token_file: Option<Spanned<String>>,
    pub token: Option<Spanned<String>>,
    pub default_register: Option<Spanned<String>>,
    pub branch_codes: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    pub default_country: Option<Spanned<String>>,
    pub name_source: Option<Spanned<String>>,
    pub date_order: Option<Spanned<String>>,
    pub auth_placement: Option<Spanned<String>>,
    pub on_duplicate: Option<Spanned<String>>,
    pub concurrency: Option<Spanned<i64>>,
    pub max_requests_per_second: Option<Spanned<f64>>,
    pub timeout_secs: Option<Spanned<i64>>,
    pub max_retries: Option<Spanned<i64>>,
    pub columns: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    pub production: Option<Spanned<bool>>,
}
