//! Checks a parsed reward-config file and turns each table into a [`RewardConfig`].
//!
//! Every table is checked in full and every problem is collected, so that one run shows the
//! operator all the mistakes in the file at once, each with its line and field.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;

use super::error::{
    ConfigError, Problem, field_in_message, key_before, position, strip_quoted_values,
};
use super::raw::RawRewardConfig;
use super::{
    AuthPlacement, ConfigSet, DateOrder, NameSource, OnDuplicate, RewardConfig, UnavailableConfig,
};
use crate::customer::Field;
use crate::secret::Secret;

mod base_url;
mod limits;
mod tables;
mod token;
mod unique;

pub use limits::{
    DEFAULT_CONCURRENCY, DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECS,
};

/// Looks up an environment variable; injected so tests need not change the process
/// environment.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Parses and checks the text of a reward-config file read from `path`.
///
/// `env` resolves `token_env` names. A relative `token_file` is read relative to the
/// directory of `path`.
pub fn parse(text: &str, path: &Path, env: EnvLookup<'_>) -> Result<ConfigSet, ConfigError> {
    let mut resolver = Resolver {
        text,
        path,
        env,
        current: None,
        problems: Vec::new(),
        unavailable: Vec::new(),
    };
    let configs = resolver.resolve_file();
    if resolver.problems.is_empty() {
        Ok(ConfigSet {
            path: path.to_path_buf(),
            configs,
            unavailable: resolver.unavailable,
        })
    } else {
        resolver
            .problems
            .sort_by_key(|problem| (problem.line, problem.column));
        Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            problems: resolver.problems,
        })
    }
}

struct Resolver<'a> {
    text: &'a str,
    path: &'a Path,
    env: EnvLookup<'a>,
    /// Code of the table being checked, named in each problem.
    current: Option<String>,
    problems: Vec<Problem>,
    /// Valid tables whose token could not be read on this machine.
    unavailable: Vec<UnavailableConfig>,
}

impl Resolver<'_> {
    fn resolve_file(&mut self) -> Vec<RewardConfig> {
        let root = match toml::de::DeTable::parse(self.text) {
            Ok(root) => root,
            Err(error) => {
                self.push_parse_error(&error);
                return Vec::new();
            }
        };
        let (tables, problems) = tables::read(&root, self.text);
        let found_problems = !problems.is_empty();
        for problem in problems {
            self.current = problem.config;
            self.push(problem.span, problem.field.as_deref(), problem.message);
        }
        self.current = None;
        if tables.is_empty() && !found_problems {
            self.push(
                0..0,
                None,
                "the file has no [[reward_config]] table; add one per Datanuum connection"
                    .to_string(),
            );
            return Vec::new();
        }
        self.check_unique(&tables);
        tables
            .into_iter()
            .filter_map(|table| self.resolve_table(table))
            .collect()
    }

    fn push_parse_error(&mut self, error: &toml::de::Error) {
        let message = strip_quoted_values(error.message());
        let span = error.span().unwrap_or(0..0);
        let field = field_in_message(&message).or_else(|| key_before(self.text, span.start));
        self.push(span, field.as_deref(), message);
    }

    /// Records a problem at `span` for the current table.
    fn push(&mut self, span: Range<usize>, field: Option<&str>, message: String) {
        let (line, column) = position(self.text, span.start);
        self.problems.push(Problem {
            line,
            column,
            field: field.map(str::to_string),
            config: self.current.clone(),
            message,
        });
    }

    fn resolve_table(&mut self, table: Spanned<RawRewardConfig>) -> Option<RewardConfig> {
        let span = table.span();
        let raw = table.into_inner();
        let code = raw.code.get_ref().trim().to_string();
        self.current = (!code.is_empty()).then(|| code.clone());
        if code.is_empty() || code.chars().any(char::is_whitespace) {
            let message = "must be a non-empty word without spaces, e.g. ACME".to_string();
            self.push(raw.code.span(), Some("code"), message);
        }

        let name = match &raw.name {
            Some(name) if !name.get_ref().trim().is_empty() => name.get_ref().trim().to_string(),
            _ => code.clone(),
        };
        let problems_before = self.problems.len();
        let base_url = self.base_url(&raw);
        let token = self.token(&raw, span);
        let default_country = self.default_country(&raw, table_start(&raw));
        let branch_codes = self.branch_codes(&raw);
        let columns = self.columns(&raw);
        let choices = self.choices(&raw);
        let limits = self.limits(&raw);

        let (token, token_problem) = match token? {
            Ok(token) => (token, None),
            Err(problem) => (Secret::new(""), Some(problem)),
        };
        let config = RewardConfig {
            id: *raw.id.get_ref(),
            code,
            name,
            base_url: base_url?,
            token,
            default_register: trimmed(&raw.default_register),
            branch_codes: branch_codes?,
            default_country: default_country?,
            name_source: choices.name_source?,
            date_order: choices.date_order?,
            auth_placement: choices.auth_placement?,
            on_duplicate: choices.on_duplicate?,
            concurrency: limits.concurrency?,
            max_requests_per_second: limits.max_requests_per_second?,
            timeout: limits.timeout?,
            max_retries: limits.max_retries?,
            columns: columns?,
            production: raw.production.as_ref().is_some_and(|flag| *flag.get_ref()),
        };
        match token_problem {
            None => Some(config),
            // Another problem in the same table already fails the file.
            Some(_) if self.problems.len() > problems_before => None,
            Some(problem) => {
                self.unavailable.push(UnavailableConfig {
                    id: config.id,
                    code: config.code,
                    name: config.name,
                    base_url: config.base_url,
                    production: config.production,
                    problem,
                });
                None
            }
        }
    }

    fn base_url(&mut self, raw: &RawRewardConfig) -> Option<url::Url> {
        let allow_http = raw.allow_http.as_ref().is_some_and(|flag| *flag.get_ref());
        match base_url::check(raw.base_url.get_ref(), allow_http) {
            Ok(url) => Some(url),
            Err(message) => {
                self.push(raw.base_url.span(), Some("base_url"), message);
                None
            }
        }
    }

    /// Reads the token. A token that is missing only on this machine is returned as the
    /// `Err` problem instead of failing the file; `Ok(None)` means the file is wrong.
    fn token(
        &mut self,
        raw: &RawRewardConfig,
        table: Range<usize>,
    ) -> Option<Result<Secret, Problem>> {
        let directory = self.path.parent().unwrap_or(Path::new("."));
        match token::read(raw, self.env, directory) {
            Ok(secret) => Some(Ok(secret)),
            Err(problem) => {
                let span = problem.span.unwrap_or(table);
                if problem.unavailable {
                    let (line, column) = position(self.text, span.start);
                    return Some(Err(Problem {
                        line,
                        column,
                        field: Some(problem.field.to_string()),
                        config: self.current.clone(),
                        message: problem.message,
                    }));
                }
                self.push(span, Some(problem.field), problem.message);
                None
            }
        }
    }

    fn default_country(&mut self, raw: &RawRewardConfig, table: Range<usize>) -> Option<String> {
        let Some(country) = &raw.default_country else {
            let message = "is missing; set the ISO 3166 alpha-2 code used to complete local \
                           phone numbers, e.g. default_country = \"SA\""
                .to_string();
            self.push(table, Some("default_country"), message);
            return None;
        };
        let value = country.get_ref().trim().to_ascii_uppercase();
        if keshvar::Alpha2::try_from(value.as_str()).is_ok() {
            return Some(value);
        }
        let message = format!(
            "`{}` is not an ISO 3166 alpha-2 country code; use two letters such as SA, EG, \
             KW or AE",
            country.get_ref().trim()
        );
        self.push(country.span(), Some("default_country"), message);
        None
    }

    fn branch_codes(&mut self, raw: &RawRewardConfig) -> Option<BTreeMap<String, String>> {
        let Some(table) = &raw.branch_codes else {
            return Some(BTreeMap::new());
        };
        let mut map = BTreeMap::new();
        let mut valid = true;
        for (register, branch) in table.get_ref() {
            let value = branch.get_ref().trim();
            if register.trim().is_empty() || value.is_empty() {
                let message = "register codes and branch codes must not be empty".to_string();
                self.push(branch.span(), Some("branch_codes"), message);
                valid = false;
                continue;
            }
            map.insert(register.trim().to_string(), value.to_string());
        }
        valid.then_some(map)
    }

    fn columns(&mut self, raw: &RawRewardConfig) -> Option<BTreeMap<Field, String>> {
        let Some(table) = &raw.columns else {
            return Some(BTreeMap::new());
        };
        let mut map = BTreeMap::new();
        let mut valid = true;
        for (key, header) in table.get_ref() {
            let Some(field) = Field::from_key(key) else {
                let accepted: Vec<&str> = Field::ALL.iter().map(|field| field.key()).collect();
                let message = format!(
                    "`{key}` is not a customer field; use one of {}",
                    accepted.join(", ")
                );
                self.push(header.span(), Some("columns"), message);
                valid = false;
                continue;
            };
            let header_text = header.get_ref().trim();
            if header_text.is_empty() {
                let message = format!("the header for `{key}` must not be empty");
                self.push(header.span(), Some("columns"), message);
                valid = false;
                continue;
            }
            map.insert(field, header_text.to_string());
        }
        valid.then_some(map)
    }

    fn choices(&mut self, raw: &RawRewardConfig) -> Choices {
        Choices {
            name_source: self.choice(
                &raw.name_source,
                "name_source",
                &[("name2", NameSource::Name2), ("name1", NameSource::Name1)],
            ),
            date_order: self.choice(
                &raw.date_order,
                "date_order",
                &[
                    ("day-first", DateOrder::DayFirst),
                    ("month-first", DateOrder::MonthFirst),
                ],
            ),
            auth_placement: self.choice(
                &raw.auth_placement,
                "auth_placement",
                &[
                    ("headers", AuthPlacement::Headers),
                    ("query", AuthPlacement::Query),
                ],
            ),
            on_duplicate: self.choice(
                &raw.on_duplicate,
                "on_duplicate",
                &[
                    ("update", OnDuplicate::Update),
                    ("skip", OnDuplicate::Skip),
                    ("fail", OnDuplicate::Fail),
                ],
            ),
        }
    }

    /// Reads one enum setting; the first choice is the default. Case and `_` versus `-` do
    /// not matter.
    fn choice<T: Copy>(
        &mut self,
        raw: &Option<Spanned<String>>,
        field: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let Some(raw) = raw else {
            return choices.first().map(|(_, value)| *value);
        };
        let requested = raw.get_ref().trim().to_ascii_lowercase().replace('_', "-");
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == requested) {
            return Some(*value);
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let message = format!(
            "`{}` is not accepted; use one of {}",
            raw.get_ref().trim(),
            names.join(", ")
        );
        self.push(raw.span(), Some(field), message);
        None
    }

    fn limits(&mut self, raw: &RawRewardConfig) -> Limits {
        let mut problems = Vec::new();
        let result = limits::resolve(raw, &mut problems);
        for (span, field, message) in problems {
            self.push(span, Some(field), message);
        }
        result
    }
}

struct Choices {
    name_source: Option<NameSource>,
    date_order: Option<DateOrder>,
    auth_placement: Option<AuthPlacement>,
    on_duplicate: Option<OnDuplicate>,
}

/// Sending limits after checking; `None` where the value was rejected.
struct Limits {
    concurrency: Option<usize>,
    max_requests_per_second: Option<Option<f64>>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
}

/// Span of the table's first key, used for problems about a setting that is missing. The
/// table's own span can start at a comment above it, so the `id` key is the better anchor.
fn table_start(raw: &RawRewardConfig) -> Range<usize> {
    raw.id.span()
}

fn trimmed(value: &Option<Spanned<String>>) -> Option<String> {
    let value = value.as_ref()?.get_ref().trim();
    (!value.is_empty()).then(|| value.to_string())
}
