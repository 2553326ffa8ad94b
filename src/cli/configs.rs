//! `configs`: lists the reward configs of the config file. Tokens are never shown, not even
//! masked, since the listing is often pasted into tickets.

use serde::Serialize;

use super::{CliResult, EXIT_SUCCESS, GlobalArgs, context, output};
use crate::config::RewardConfig;

/// One config as `configs --json` prints it.
#[derive(Debug, Serialize)]
struct ConfigLine<'a> {
    code: &'a str,
    id: i64,
    name: &'a str,
    base_url: &'a str,
    production: bool,
}

impl<'a> From<&'a RewardConfig> for ConfigLine<'a> {
    fn from(config: &'a RewardConfig) -> Self {
        ConfigLine {
            code: &config.code,
            id: config.id,
            name: &config.name,
            base_url: config.base_url.as_str().trim_end_matches('/'),
            production: config.production,
        }
    }
}

/// Prints code, ID, name and base URL of every config, as a table or as JSON lines.
pub fn run(global: &GlobalArgs) -> CliResult {
    let set = context::load_configs(global)?;
    if global.json {
        for config in &set.configs {
            output::json_line(&ConfigLine::from(config))?;
        }
        return Ok(EXIT_SUCCESS);
    }
    for row in table(&set.configs) {
        output::line(&row)?;
    }
    let count = set.configs.len();
    let noun = if count == 1 {
        "reward config"
    } else {
        "reward configs"
    };
    eprintln!("{count} {noun} in {}", set.path.display());
    Ok(EXIT_SUCCESS)
}

/// Formats the configs as aligned columns under a header row.
fn table(configs: &[RewardConfig]) -> Vec<String> {
    let header = ["CODE", "ID", "NAME", "BASE URL"].map(str::to_string);
    let mut rows = vec![header];
    for config in configs {
        let name = if config.production {
            format!("{} [production]", config.name)
        } else {
            config.name.clone()
        };
        rows.push([
            config.code.clone(),
            config.id.to_string(),
            name,
            config.base_url.as_str().trim_end_matches('/').to_string(),
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
