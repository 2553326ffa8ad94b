//! Splits the file into its `[[reward_config]]` tables and reads each one setting by
//! setting, so that every unknown setting, every value of the wrong type and every missing
//! required setting is reported, where a single serde pass stops at the first.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::super::error::{field_in_message, strip_quoted_values};
use super::super::raw::RawRewardConfig;

/// Settings every table must have.
const REQUIRED: [&str; 3] = ["id", "code", "base_url"];

/// A problem found while splitting the file, before the values are checked.
pub(super) struct TableProblem {
    pub span: Range<usize>,
    pub field: Option<String>,
    /// Code of the table, or `#N` (1-based) when it has no usable code.
    pub config: Option<String>,
    pub message: String,
}

/// Reads every table of a file that parsed as TOML. Tables with a problem are left out of
/// the result, and their problems are returned with it.
pub(super) fn read(
    root: &Spanned<DeTable<'_>>,
    text: &str,
) -> (Vec<Spanned<RawRewardConfig>>, Vec<TableProblem>) {
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    for (key, value) in root.get_ref() {
        if key.get_ref() != "reward_config" {
            problems.push(TableProblem {
                span: key.span(),
                field: Some(key.get_ref().to_string()),
                config: None,
                message: "is not a known setting; settings go inside a [[reward_config]] table"
                    .to_string(),
            });
            continue;
        }
        let Some(list) = value.get_ref().as_array() else {
            problems.push(TableProblem {
                span: value.span(),
                field: None,
                config: None,
                message: "reward_config must be a list of tables, each started by a \
                          [[reward_config]] line"
                    .to_string(),
            });
            continue;
        };
        for (index, table) in list.iter().enumerate() {
            if let Some(raw) = read_table(table, index, text, &mut problems) {
                tables.push(raw);
            }
        }
    }
    (tables, problems)
}

/// Reads one table, recording a problem for each bad setting and each missing one.
fn read_table(
    table: &Spanned<DeValue<'_>>,
    index: usize,
    text: &str,
    problems: &mut Vec<TableProblem>,
) -> Option<Spanned<RawRewardConfig>> {
    let header = header_span(text, table.span());
    let Some(map) = table.get_ref().as_table() else {
        problems.push(TableProblem {
            span: table.span(),
            field: None,
            config: None,
            message: format!("reward_config entry {} is not a table", index + 1),
        });
        return None;
    };
    let config = Some(table_name(map, index));
    let before = problems.len();

    for (key, value) in map {
        if let Some(message) = check_setting(key, value, table.span()) {
            // An unknown setting is pointed at by its name, a wrong value by the value.
            let unknown = message.starts_with("unknown field");
            let span = if unknown { key.span() } else { value.span() };
            problems.push(TableProblem {
                span,
                field: Some(key.get_ref().to_string()),
                config: config.clone(),
                message,
            });
        }
    }
    for required in REQUIRED {
        if !map.keys().any(|key| key.get_ref() == required) {
            problems.push(TableProblem {
                span: header.clone(),
                field: Some(required.to_string()),
                config: config.clone(),
                message: format!("is missing; every [[reward_config]] table needs {required}"),
            });
        }
    }
    if problems.len() > before {
        return None;
    }

    // Every setting passed on its own, so the whole table deserialises; an error here
    // would be one no single setting shows, and is still reported.
    match RawRewardConfig::deserialize(ValueDeserializer::from(table.clone())) {
        Ok(raw) => Some(Spanned::new(table.span(), raw)),
        Err(error) => {
            let message = strip_quoted_values(error.message());
            problems.push(TableProblem {
                span: error.span().unwrap_or(header),
                field: field_in_message(&message),
                config,
                message,
            });
            None
        }
    }
}

/// Deserialises a table holding only `key`, and returns the error message for that
/// setting. The missing required settings of this one-key table are expected and ignored.
fn check_setting(
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    table: Range<usize>,
) -> Option<String> {
    let mut single = DeTable::new();
    single.insert(key.clone(), value.clone());
    let probe = Spanned::new(table, DeValue::Table(single));
    let error = RawRewardConfig::deserialize(ValueDeserializer::from(probe)).err()?;
    let message = strip_quoted_values(error.message());
    (!message.starts_with("missing field")).then_some(message)
}

/// Returns the code of a table for messages, or `#N` when it has none.
fn table_name(map: &DeTable<'_>, index: usize) -> String {
    let code = map
        .iter()
        .find(|(key, _)| key.get_ref() == "code")
        .and_then(|(_, value)| value.get_ref().as_str())
        .map(str::trim)
        .filter(|code| !code.is_empty());
    code.map_or_else(|| format!("#{}", index + 1), str::to_string)
}

/// Returns the span of the `[[reward_config]]` line of a table. The table's own span can
/// start at a comment above it, so the line is looked for from there.
fn header_span(text: &str, table: Range<usize>) -> Range<usize> {
    let start = table.start.min(text.len());
    let found = text
        .get(start..)
        .and_then(|rest| rest.find("[[").map(|offset| start + offset));
    match found {
        Some(offset) if offset <= table.end.max(start) => offset..offset,
        _ => table,
    }
}
