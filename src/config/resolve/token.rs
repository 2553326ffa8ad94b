//! Reads the API token from the one source a table names: an environment variable, a file,
//! or the config file itself.
//!
//! Messages name the source (variable name, file path) and never the value read from it.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::EnvLookup;
use crate::config::raw::RawRewardConfig;
use crate::secret::Secret;

/// A token that could not be read: the reason, and the place in the file to point at.
pub(super) struct TokenProblem {
    /// Span of the offending setting, or `None` to point at the whole table.
    pub span: Option<Range<usize>>,
    pub field: &'static str,
    pub message: String,
    /// True when the file is right but the token is not available on this machine (an
    /// unset variable, an unreadable file), so only this config is unusable.
    pub unavailable: bool,
}

/// Reads the token from exactly one of `token_env`, `token_file` and `token`. A relative
/// `token_file` is resolved against `directory`, the directory of the config file.
pub(super) fn read(
    raw: &RawRewardConfig,
    env: EnvLookup<'_>,
    directory: &Path,
) -> Result<Secret, TokenProblem> {
    let mut sources: Vec<(&'static str, &Spanned<String>)> = [
        ("token_env", raw.token_env.as_ref()),
        ("token_file", raw.token_file.as_ref()),
        ("token", raw.token.as_ref()),
    ]
    .into_iter()
    .filter_map(|(field, value)| value.map(|value| (field, value)))
    .collect();
    sources.sort_by_key(|(_, value)| value.span().start);

    let (field, value) = match sources.as_slice() {
        [] => {
            return Err(TokenProblem {
                span: None,
                field: "token_env",
                message: "no API token source; set exactly one of token_env, token_file or \
                          token"
                    .to_string(),
                unavailable: false,
            });
        }
        [single] => *single,
        [_, (second, value), ..] => {
            let names: Vec<&str> = sources.iter().map(|(name, _)| *name).collect();
            let listed = match names.as_slice() {
                [first, second] => format!("{first} and {second} are both set"),
                _ => format!("{} are all set", names.join(", ")),
            };
            return Err(TokenProblem {
                span: Some(value.span()),
                field: second,
                message: format!("{listed}; set exactly one token source"),
                unavailable: false,
            });
        }
    };

    let problem = |(message, unavailable): (String, bool)| TokenProblem {
        span: Some(value.span()),
        field,
        message,
        unavailable,
    };
    let token = match field {
        "token_env" => from_env(value.get_ref(), env).map_err(problem)?,
        "token_file" => from_file(value.get_ref(), directory).map_err(problem)?,
        _ => from_inline(value.get_ref()).map_err(|message| problem((message, false)))?,
    };
    // A token typed into the file is the file's fault; one read from elsewhere is not.
    let from_elsewhere = field != "token";
    check_header_safe(&token).map_err(|message| problem((message, from_elsewhere)))?;
    Ok(Secret::new(token))
}

/// Reads the token from a variable. The error's flag is true when the name is fine but the
/// variable is unset or empty.
fn from_env(name: &str, env: EnvLookup<'_>) -> Result<String, (String, bool)> {
    let name = name.trim();
    if name.is_empty() {
        let message = "must name an environment variable, e.g. ACME_DATANUUM_TOKEN";
        return Err((message.to_string(), false));
    }
    match env(name) {
        None => Err((
            format!("environment variable {name} is not set; export it before running the tool"),
            true,
        )),
        Some(value) if value.trim().is_empty() => {
            Err((format!("environment variable {name} is empty"), true))
        }
        Some(value) => Ok(value.trim().to_string()),
    }
}

/// Reads the token from a file. The error's flag is true when the path is given but the
/// file cannot be read or is empty.
fn from_file(path: &str, directory: &Path) -> Result<String, (String, bool)> {
    let path = path.trim();
    if path.is_empty() {
        return Err(("must name a file that holds the token".to_string(), false));
    }
    let full = directory.join(path);
    let text = std::fs::read_to_string(&full).map_err(|error| {
        let message = format!("cannot read token file {}: {error}", full.display());
        (message, true)
    })?;
    let token = text.trim();
    if token.is_empty() {
        return Err((format!("token file {} is empty", full.display()), true));
    }
    Ok(token.to_string())
}

fn from_inline(value: &str) -> Result<String, String> {
    let token = value.trim();
    if token.is_empty() {
        return Err("is empty; put the API token here, or use token_env".to_string());
    }
    Ok(token.to_string())
}

/// The token travels in a header or query value, so it must be visible ASCII.
fn check_header_safe(token: &str) -> Result<(), String> {
    if token.chars().all(|c| c.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(
            "the token contains spaces, control characters or non-ASCII characters, \
             which cannot be sent in an HTTP header; check the value"
                .to_string(),
        )
    }
}
