//! Steps the commands share: starting logging, loading the reward configs and the CSV, and
//! picking customers by code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::anyhow;

use super::{CliError, GlobalArgs, output};
use crate::config::{self, ConfigSet, RewardConfig, UnavailableConfig};
use crate::customer::{Customer, Severity};
use crate::load::{CustomerFile, LoadOptions};
use crate::logging::{self, LogGuard, LoggingError};

/// Resolves the data directory from `--data-dir` / `$DATANUUM_SYNC_DATA_DIR` or the default.
pub fn data_dir(global: &GlobalArgs) -> PathBuf {
    crate::paths::data_dir(given_data_dir(global).as_deref())
}

/// Returns the data directory given with `--data-dir`, else `$DATANUUM_SYNC_DATA_DIR`. An
/// empty value counts as unset, so an exported but empty variable neither breaks the
/// command nor writes into the current directory.
pub fn given_data_dir(global: &GlobalArgs) -> Option<PathBuf> {
    let from_env = || std::env::var_os(crate::paths::DATA_DIR_ENV).map(PathBuf::from);
    global
        .data_dir
        .clone()
        .or_else(from_env)
        .filter(|path| !path.as_os_str().is_empty())
}

/// Starts the file logger in the data directory. An invalid level is a usage error. A log
/// directory that cannot be created only costs the log, so it is reported and the command
/// goes on.
pub fn start_logging(global: &GlobalArgs) -> Result<Option<LogGuard>, CliError> {
    start_logging_in(&data_dir(global), global)
}

/// Starts the file logger in `data_dir`, as [`start_logging`] does.
pub fn start_logging_in(
    data_dir: &Path,
    global: &GlobalArgs,
) -> Result<Option<LogGuard>, CliError> {
    match logging::init(data_dir, global.log_level.as_deref()) {
        Ok(guard) => Ok(Some(guard)),
        Err(error @ LoggingError::Level { .. }) => Err(CliError::usage(error)),
        Err(error) => {
            eprintln!("warning: {error}; continuing without a log file");
            Ok(None)
        }
    }
}

/// Finds and loads the reward-config file; any problem is a config error (exit code 2).
pub fn load_configs(global: &GlobalArgs) -> Result<ConfigSet, CliError> {
    let path = config::locate(global.config.as_deref()).map_err(CliError::usage)?;
    let set = config::load(&path).map_err(CliError::usage)?;
    tracing::info!(
        path = %set.path.display(),
        configs = set.configs.len(),
        unavailable = set.unavailable.len(),
        "reward configs loaded"
    );
    Ok(set)
}

/// Loads the configs and picks one by code or numeric ID.
pub fn reward_config(global: &GlobalArgs, code_or_id: &str) -> Result<RewardConfig, CliError> {
    let set = load_configs(global)?;
    pick(&set, code_or_id)
}

/// Picks a config by code or ID; the error lists the codes that exist.
pub fn pick(set: &ConfigSet, code_or_id: &str) -> Result<RewardConfig, CliError> {
    if let Some(config) = set.find(code_or_id) {
        return Ok(config.clone());
    }
    if let Some(config) = set.find_unavailable(code_or_id) {
        return Err(CliError::usage(anyhow!(
            "reward config `{}` cannot be used: {}",
            config.code,
            describe_unavailable(set, config)
        )));
    }
    let usable = set.configs.iter().map(|config| (&config.code, config.id));
    let unusable = set
        .unavailable
        .iter()
        .map(|config| (&config.code, config.id));
    let known: Vec<String> = usable
        .chain(unusable)
        .map(|(code, id)| format!("{code} (id {id})"))
        .collect();
    Err(CliError::usage(anyhow!(
        "no reward config with code or ID `{code_or_id}` in {}; known: {}",
        set.path.display(),
        known.join(", ")
    )))
}

/// Describes why a config cannot be used, with the place in the file:
/// `FILE:LINE:COLUMN: field token_env: environment variable ACME_TOKEN is not set; …`.
pub fn describe_unavailable(set: &ConfigSet, config: &UnavailableConfig) -> String {
    let problem = &config.problem;
    let field = problem
        .field
        .as_deref()
        .map_or(String::new(), |field| format!("field `{field}`: "));
    format!(
        "{}:{}:{}: {field}{}",
        set.path.display(),
        problem.line,
        problem.column,
        problem.message
    )
}

/// Loads a customer CSV with the forced encoding and delimiter and the config's column
/// overrides. A file that cannot be loaded at all is a failure (exit code 1).
pub fn load_csv(
    path: &Path,
    global: &GlobalArgs,
    config: &RewardConfig,
) -> Result<CustomerFile, CliError> {
    let options = LoadOptions {
        encoding: global.encoding,
        delimiter: global.delimiter,
        columns: config.columns.clone(),
    };
    let file = crate::load::load_file(path, &options).map_err(CliError::failed)?;
    tracing::info!(
        path = %path.display(),
        customers = file.customers.len(),
        findings = file.findings.len(),
        "customer file loaded"
    );
    Ok(file)
}

/// Reports on stderr the warnings about the file as a whole (a guessed encoding, a
/// duplicated header) and the rows that were not loaded, which `send` and `preview` would
/// otherwise pass over without a word.
pub fn warn_file_findings(file: &CustomerFile) {
    // File-level findings name no customer and sit on the header line or before it.
    let file_level = file.findings.iter().filter(|finding| {
        finding.severity == Severity::Warning && finding.customer.is_none() && finding.line <= 1
    });
    for finding in file_level {
        let field = finding
            .field
            .as_deref()
            .map_or(String::new(), |field| format!("{field}: "));
        eprintln!(
            "warning: {}: {field}{}",
            file.path.display(),
            finding.message
        );
    }
    let bad_rows = file
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::BadRow)
        .count();
    if bad_rows > 0 {
        let rows = output::count(bad_rows, "row", "rows");
        let verb = if bad_rows == 1 { "was" } else { "were" };
        eprintln!(
            "warning: {rows} of {} {verb} not loaded; run `datanuum-sync validate` for \
             their line numbers",
            file.path.display()
        );
    }
}

/// Returns the customers whose code is in `codes`, or every customer when `codes` is
/// empty. A code that matches no customer is a usage error naming it.
pub fn select<'a>(file: &'a CustomerFile, codes: &[String]) -> Result<Vec<&'a Customer>, CliError> {
    if codes.is_empty() {
        return Ok(file.customers.iter().collect());
    }
    let requested: BTreeSet<&str> = codes.iter().map(|code| code.trim()).collect();
    let selected: Vec<&Customer> = file
        .customers
        .iter()
        .filter(|customer| requested.contains(customer.code(&file.columns)))
        .collect();
    let found: BTreeSet<&str> = selected
        .iter()
        .map(|customer| customer.code(&file.columns))
        .collect();
    let missing: Vec<&str> = requested.difference(&found).copied().collect();
    if missing.is_empty() {
        Ok(selected)
    } else {
        Err(CliError::usage(anyhow!(
            "no customer with code {} in {}",
            missing.join(", "),
            file.path.display()
        )))
    }
}

/// Settings used when a command runs without `--reward-config`: the defaults of every
/// field, `default_country` SA, and a loopback URL that is never contacted.
pub fn builtin_settings() -> Result<RewardConfig, CliError> {
    let base_url = url::Url::parse("http://127.0.0.1").map_err(CliError::failed)?;
    Ok(settings(
        "DEFAULT",
        base_url,
        crate::secret::Secret::new(""),
    ))
}

/// Builds a config with every optional setting at its default, for the demo and `validate`.
pub fn settings(code: &str, base_url: url::Url, token: crate::secret::Secret) -> RewardConfig {
    RewardConfig {
        id: 0,
        code: code.to_string(),
        name: code.to_string(),
        base_url,
        token,
        default_register: None,
        branch_codes: Default::default(),
        default_country: "SA".to_string(),
        name_source: Default::default(),
        date_order: Default::default(),
        auth_placement: Default::default(),
        on_duplicate: Default::default(),
        concurrency: config::DEFAULT_CONCURRENCY,
        max_requests_per_second: Some(config::DEFAULT_MAX_REQUESTS_PER_SECOND),
        timeout: std::time::Duration::from_secs(config::DEFAULT_TIMEOUT_SECS),
        max_retries: config::DEFAULT_MAX_RETRIES,
        columns: Default::default(),
        production: false,
    }
}
