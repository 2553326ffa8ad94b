//! Errors from finding, reading and checking a reward-config file.
//!
//! Every problem inside a file carries the line and column it was found at and, where it
//! concerns one setting, the field name and the code of the reward config. No message
//! contains a token value: messages are built from field names and checked values, and the
//! text of the TOML parser is stripped of any quoted string before it is used.

use std::fmt;
use std::path::PathBuf;

/// The place the path of the reward-config file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Given with `--config FILE`.
    Flag,
    /// Taken from `$DATANUUM_SYNC_CONFIG`.
    Env,
    /// `reward-configs.toml` in the user's config directory.
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "given with --config",
            Origin::Env => "taken from $DATANUUM_SYNC_CONFIG",
            Origin::Default => "the default location",
        })
    }
}

/// One thing wrong inside a reward-config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The setting concerned, e.g. `base_url`; `None` for a TOML syntax error.
    pub field: Option<String>,
    /// Code of the `[[reward_config]]` table concerned, when it has one.
    pub config: Option<String>,
    pub message: String,
}

/// An error that stopped the reward configs from loading.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The chosen file does not exist.
    #[error("reward-config file {path} ({origin}) does not exist.\n{searched}")]
    NotFound {
        path: PathBuf,
        origin: Origin,
        /// The three places looked at, in order, one per line.
        searched: String,
    },
    /// Neither `--config`, `$DATANUUM_SYNC_CONFIG` nor a home directory is available.
    #[error("no reward-config file could be located.\n{searched}")]
    NoLocation { searched: String },
    #[error("cannot read reward-config file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("reward-config file {path} is not UTF-8 text; save it with the UTF-8 encoding")]
    NotUtf8 { path: PathBuf },
    /// The file was read but contains one or more problems.
    #[error("{}", describe_problems(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn describe_problems(path: &std::path::Path, problems: &[Problem]) -> String {
    let count = problems.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let mut text = format!(
        "invalid reward-config file {} ({count} {noun}):",
        path.display()
    );
    for problem in problems {
        text.push_str(&format!(
            "\n  {}:{}:{}: ",
            path.display(),
            problem.line,
            problem.column
        ));
        if let Some(field) = &problem.field {
            text.push_str(&format!("field `{field}`"));
            if let Some(config) = &problem.config {
                text.push_str(&format!(" of reward config `{config}`"));
            }
            text.push_str(": ");
        }
        text.push_str(&problem.message);
    }
    text
}

/// Converts a byte offset in `text` into a 1-based line and character column.
pub(super) fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before
        .get(line_start..)
        .map_or(0, |rest| rest.chars().count())
        + 1;
    (line, column)
}

/// Replaces every double-quoted value in a parser message with `"…"`, because serde quotes
/// the offending value (`invalid type: string "…"`) and that value could be a token put in
/// the wrong field. Field names, which serde writes in backquotes, are kept.
pub(super) fn strip_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_quote = false;
    for ch in message.chars() {
        match (ch, in_quote) {
            ('"', false) => {
                in_quote = true;
                out.push_str("\"…");
            }
            ('"', true) => {
                in_quote = false;
                out.push('"');
            }
            (_, true) => {}
            (_, false) => out.push(ch),
        }
    }
    out.trim_end().to_string()
}

/// Picks the field name out of serde's "missing field `x`" and "unknown field `x`".
pub(super) fn field_in_message(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message.get(start..)?.find('`')?;
    let field = message.get(start..end)?;
    let is_name = !field.is_empty() && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_name.then(|| field.to_string())
}

/// Returns the key of a `key = value` line when `offset` points into its value, so a type
/// error can name the setting.
pub(super) fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = &before[before.rfind('\n').map_or(0, |index| index + 1)..];
    let key = line.rsplit_once('=')?.0.trim().trim_matches('"');
    let is_name = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_name.then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_chars() {
        let text = "a = 1\nسارة = 2\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 6), (2, 1));
        let equals = text.rfind('=').unwrap();
        assert_eq!(position(text, equals), (2, 6));
        assert_eq!(position(text, 999), (3, 1));
    }

    #[test]
    fn quoted_values_are_removed() {
        let stripped = strip_quoted_values("invalid type: string \"tok-1234\", expected i64");
        assert!(!stripped.contains("tok-1234"));
        assert!(stripped.contains("expected i64"));
        assert_eq!(
            strip_quoted_values("unknown field `tokn`"),
            "unknown field `tokn`"
        );
    }
}
