//! `configs`: lists the reward configs of the config file. Tokens are never shown, not even
//! masked, since the listing is often pasted into tickets. A config whose token cannot be
//! read on this machine is listed too, marked unavailable, with the reason on stderr.

use serde::Serialize;

use super::{CliResult, EXIT_SUCCESS, GlobalArgs, context, output};
use crate::config::{RewardConfig, UnavailableConfig};

/// One config as `configs --json` prints it.
#[derive(Debug, Serialize)]
struct ConfigLine<'a> {
    code: &'a str,
    id: i64,
    name: &'a str,
    base_url: &'a str,
    production: bool,
    /// False when the token cannot be read; `problem` then says why.
    available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

impl<'a> From<&'a RewardConfig> for ConfigLine<'a> {
    fn from(config: &'a RewardConfig) -> Self {
        ConfigLine {
            code: &config.code,
            id: config.id,
            name: &config.name,
            base_url: config.base_url.as_str().trim_end_matches('/'),
            production: config.production,
            available: true,
            problem: None,
        }
    }
}

impl<'a> From<&'a UnavailableConfig> for ConfigLine<'a> {
    fn from(config: &'a UnavailableConfig) -> Self {
        ConfigLine {
            code: &config.code,
            id: config.id,
            name: &config.name,
            base_url: config.base_url.as_str().trim_end_matches('/'),
            production: config.production,
            available: false,
            problem: Some(config.problem.message.clone()),
        }
    }
}

/// Prints code, ID, name and base URL of every config, as a table or as JSON lines.
pub fn run(global: &GlobalArgs) -> CliResult {
    let set = context::load_configs(global)?;
    let lines: Vec<ConfigLine> = set
        .configs
        .iter()
        .map(ConfigLine::from)
        .chain(set.unavailable.iter().map(ConfigLine::from))
        .collect();
    if global.json {
        for line in &lines {
            output::json_line(line)?;
        }
        return Ok(EXIT_SUCCESS);
    }
    for row in table(&lines) {
        output::line(&row)?;
    }
    for config in &set.unavailable {
        eprintln!(
            "warning: {} is unavailable: {}",
            config.code,
            context::describe_unavailable(&set, config)
        );
    }
    let count = lines.len();
    let noun = if count == 1 {
        "reward config"
    } else {
        "reward configs"
    };
    eprintln!("{count} {noun} in {}", set.path.display());
    Ok(EXIT_SUCCESS)
}

/// Formats the configs as aligned columns under a header row.
fn table(configs: &[ConfigLine]) -> Vec<String> {
    let header = ["CODE", "ID", "NAME", "BASE URL"].map(str::to_string);
    let mut rows = vec![header];
    for config in configs {
        let mut name = config.name.to_string();
        if config.production {
            name.push_str(" [production]");
        }
        if !config.available {
            name.push_str(" [unavailable: no token]");
        }
        rows.push([
            config.code.to_string(),
            config.id.to_string(),
            name,
            config.base_url.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|column| {
            rows.iter()
                .map(|row| unicode_width::UnicodeWidthStr::width(row[column].as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut text = String::new();
            for (column, cell) in row.iter().enumerate() {
                text.push_str(cell);
                if column + 1 < row.len() {
                    let width = unicode_width::UnicodeWidthStr::width(cell.as_str());
                    text.push_str(&" ".repeat(widths[column] - width + 2));
                }
            }
            text
        })
        .collect()
}
