//! Every kind of reward-config mistake is reported with the file, the line and column, and
//! the field; no message contains the token.

use std::path::Path;

use datanuum_sync::config::{self, ConfigError, Lookup, Problem};

const PATH: &str = "/srv/sync/reward-configs.toml";
const TOKEN: &str = "tok-SECRET-4d3c2b1a";

/// Returns a valid table on lines 1 to 6 followed by `extra` from line 7. Tests replace or
/// append lines to break it.
fn table(extra: &str) -> String {
    format!(
        "[[reward_config]]\n\
         id = 1\n\
         code = \"ACME\"\n\
         base_url = \"https://acme.datanuum.com\"\n\
         token = \"{TOKEN}\"\n\
         default_country = \"SA\"\n\
         {extra}"
    )
}

fn env(name: &str) -> Option<String> {
    match name {
        "SET_TOKEN" => Some(TOKEN.to_string()),
        "EMPTY_TOKEN" => Some("  ".to_string()),
        _ => None,
    }
}

/// Parses `text`, expects it to fail, and returns the message and the problems.
fn problems(text: &str) -> (String, Vec<Problem>) {
    let error = config::parse(text, Path::new(PATH), &env).unwrap_err();
    let message = error.to_string();
    assert!(!message.contains(TOKEN), "token leaked into: {message}");
    assert!(
        !message.contains("4d3c2b1a"),
        "token tail leaked into: {message}"
    );
    match error {
        ConfigError::Invalid { path, problems } => {
            assert_eq!(path, Path::new(PATH));
            (message, problems)
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// Asserts a single problem at `line` about `field`, and that the message names the file,
/// the position and the field.
fn assert_one(text: &str, line: usize, field: &str) -> String {
    let (message, problems) = problems(text);
    assert_eq!(problems.len(), 1, "{message}");
    let problem = &problems[0];
    assert_eq!(problem.line, line, "{message}");
    assert_eq!(problem.field.as_deref(), Some(field), "{message}");
    let location = format!("{PATH}:{line}:{}", problem.column);
    assert!(message.contains(&location), "no {location} in: {message}");
    assert!(
        message.contains(&format!("`{field}`")),
        "no field in: {message}"
    );
    message
}

#[test]
fn syntax_error_has_line_and_column() {
    let text = table("timeout_secs = = 3\n");
    let (message, problems) = problems(&text);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 7);
    assert!(problems[0].column > 1);
    assert!(message.contains(&format!("{PATH}:7:")), "{message}");
}

#[test]
fn missing_required_field() {
    let text = table("").replace("base_url = \"https://acme.datanuum.com\"\n", "");
    let (message, problems) = problems(&text);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field.as_deref(), Some("base_url"), "{message}");
    assert!(message.contains(PATH));
}

#[test]
fn unknown_field_is_named() {
    let message = assert_one(&table("tokn_env = \"X\"\n"), 7, "tokn_env");
    assert!(message.contains("unknown field"), "{message}");
}

#[test]
fn wrong_type_hides_the_value() {
    let text = table("").replace("id = 1", &format!("id = \"{TOKEN}\""));
    assert_one(&text, 2, "id");
}

#[test]
fn duplicate_id() {
    let text = format!("{}\n{}", table(""), table("").replace("ACME", "OTHER"));
    let message = assert_one(&text, 9, "id");
    assert!(message.contains("line 2"), "names the first use: {message}");
}

#[test]
fn duplicate_code_ignores_case() {
    let text = format!(
        "{}\n{}",
        table(""),
        table("")
            .replace("id = 1", "id = 2")
            .replace("ACME", "acme")
    );
    assert_one(&text, 10, "code");
}

#[test]
fn numeric_code_clashing_with_id() {
    let text = format!(
        "{}\n{}",
        table("").replace("ACME", "2"),
        table("").replace("id = 1", "id = 2").replace("ACME", "B")
    );
    assert_one(&text, 3, "code");
}

#[test]
fn remote_http_is_rejected() {
    let text = table("").replace("https://acme", "http://acme");
    let message = assert_one(&text, 4, "base_url");
    assert!(
        message.contains("allow_http"),
        "says how to allow it: {message}"
    );
}

#[test]
fn bad_urls_are_rejected() {
    for url in [
        "acme.datanuum.com",
        "ftp://acme.datanuum.com",
        "https://user:pw@acme.datanuum.com",
        "https://acme.datanuum.com/?x=1",
    ] {
        let text = table("").replace("https://acme.datanuum.com", url);
        assert_one(&text, 4, "base_url");
    }
}

#[test]
fn no_token_source() {
    let text = table("").replace(&format!("token = \"{TOKEN}\"\n"), "");
    let message = assert_one(&text, 1, "token_env");
    assert!(message.contains("token_file"), "{message}");
}

#[test]
fn two_token_sources() {
    let message = assert_one(&table("token_env = \"SET_TOKEN\"\n"), 7, "token_env");
    assert!(message.contains("exactly one"), "{message}");
}

/// Parses `text`, expects it to load with its only config unavailable, and returns the
/// problem recorded for that config.
fn unavailable(text: &str) -> Problem {
    let set = config::parse(text, Path::new(PATH), &env).unwrap();
    assert!(set.configs.is_empty(), "config should not be usable");
    assert_eq!(set.unavailable.len(), 1);
    let config = &set.unavailable[0];
    assert_eq!(config.code, "ACME");
    assert!(set.find("ACME").is_none());
    assert!(set.find_unavailable("acme").is_some());
    config.problem.clone()
}

#[test]
fn token_env_not_set() {
    let text = table("").replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"NOPE_TOKEN\"",
    );
    let problem = unavailable(&text);
    assert_eq!(problem.line, 5);
    assert_eq!(problem.field.as_deref(), Some("token_env"));
    assert!(
        problem.message.contains("NOPE_TOKEN"),
        "{}",
        problem.message
    );
    assert!(problem.message.contains("not set"), "{}", problem.message);
}

#[test]
fn token_env_empty() {
    let text = table("").replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"EMPTY_TOKEN\"",
    );
    let problem = unavailable(&text);
    assert_eq!(problem.line, 5);
    assert!(problem.message.contains("empty"), "{}", problem.message);
}

#[test]
fn token_file_unreadable() {
    let text = table("").replace(
        &format!("token = \"{TOKEN}\""),
        "token_file = \"/nonexistent/acme.token\"",
    );
    let problem = unavailable(&text);
    assert_eq!(problem.field.as_deref(), Some("token_file"));
    assert!(
        problem.message.contains("/nonexistent/acme.token"),
        "{}",
        problem.message
    );
}

#[test]
fn unset_token_env_keeps_other_configs() {
    let second = table("")
        .replace("id = 1", "id = 2")
        .replace("ACME", "EGY")
        .replace(
            &format!("token = \"{TOKEN}\""),
            "token_env = \"NOPE_TOKEN\"",
        );
    let text = format!("{}\n{second}", table(""));
    let set = config::parse(&text, Path::new(PATH), &env).unwrap();
    assert_eq!(set.configs.len(), 1);
    assert_eq!(set.configs[0].code, "ACME");
    assert_eq!(set.unavailable.len(), 1);
    assert_eq!(set.unavailable[0].code, "EGY");
}

#[test]
fn unset_token_env_with_field_error_fails_file() {
    let text = table("concurrency = 0\n").replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"NOPE_TOKEN\"",
    );
    assert_one(&text, 7, "concurrency");
}

#[test]
fn token_with_space_is_rejected_without_echo() {
    let text = table("").replace(TOKEN, "tok-SECRET 4d3c2b1a");
    let message = assert_one(&text, 5, "token");
    assert!(!message.contains("tok-SECRET"), "{message}");
}

#[test]
fn invalid_country() {
    for country in ["XX", "SAU", ""] {
        let text = table("").replace("\"SA\"", &format!("\"{country}\""));
        assert_one(&text, 6, "default_country");
    }
}

#[test]
fn missing_country() {
    let text = table("").replace("default_country = \"SA\"\n", "");
    assert_one(&text, 2, "default_country");
}

#[test]
fn invalid_enums_list_choices() {
    let cases = [
        ("name_source = \"latin\"", "name_source", "name1"),
        ("date_order = \"dmy\"", "date_order", "day-first"),
        ("auth_placement = \"body\"", "auth_placement", "query"),
        ("on_duplicate = \"merge\"", "on_duplicate", "skip"),
    ];
    for (line, field, choice) in cases {
        let message = assert_one(&table(&format!("{line}\n")), 7, field);
        assert!(message.contains(choice), "lists {choice}: {message}");
    }
}

#[test]
fn limits_out_of_range() {
    let cases = [
        ("concurrency = 0", "concurrency"),
        ("concurrency = 1000", "concurrency"),
        ("max_requests_per_second = -1", "max_requests_per_second"),
        ("timeout_secs = 0", "timeout_secs"),
        ("max_retries = 99", "max_retries"),
    ];
    for (line, field) in cases {
        assert_one(&table(&format!("{line}\n")), 7, field);
    }
}

#[test]
fn unknown_column_field() {
    let message = assert_one(
        &table("[reward_config.columns]\nphone_no = \"Tel\"\n"),
        8,
        "columns",
    );
    assert!(
        message.contains("mobile"),
        "lists the accepted keys: {message}"
    );
}

#[test]
fn empty_branch_code() {
    assert_one(
        &table("[reward_config.branch_codes]\nR01 = \"\"\n"),
        8,
        "branch_codes",
    );
}

#[test]
fn all_problems_are_reported() {
    let text = table("concurrency = 0\nmax_retries = -1\n").replace("\"SA\"", "\"ZZ\"");
    let (message, problems) = problems(&text);
    assert_eq!(problems.len(), 3, "{message}");
    let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
    assert_eq!(lines, [6, 7, 8], "sorted by line");
}

#[test]
fn file_without_tables() {
    let (message, problems) = problems("# nothing here\n");
    assert_eq!(problems.len(), 1);
    assert!(message.contains("[[reward_config]]"), "{message}");
}

#[test]
fn missing_file_lists_three_places() {
    let dir = tempfile::tempdir().unwrap();
    let lookup = Lookup {
        flag: None,
        env: Some(dir.path().join("from-env.toml")),
        default: Some(dir.path().join("default.toml")),
    };
    let message = lookup.locate().unwrap_err().to_string();
    assert!(message.contains("from-env.toml"), "{message}");
    assert!(message.contains("DATANUUM_SYNC_CONFIG"), "{message}");
    assert!(message.contains("--config"), "{message}");
    assert!(message.contains("default.toml"), "{message}");
}

#[test]
fn unreadable_file_names_path() {
    let dir = tempfile::tempdir().unwrap();
    let message = config::load(dir.path()).unwrap_err().to_string();
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
}

#[test]
fn non_utf8_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"[[reward_config]]\nname = \"Caf\xe9\"\n").unwrap();
    let message = config::load(&path).unwrap_err().to_string();
    assert!(message.contains("UTF-8"), "{message}");
    assert!(message.contains("latin1.toml"), "{message}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", table("").replace('\n', "\r\n"));
    let set = config::parse(&text, Path::new(PATH), &env).unwrap();
    assert_eq!(set.configs[0].code, "ACME");
}

#[test]
fn type_errors_and_unknown_fields_listed_together() {
    let text = table("tokn = \"x\"\nconcurrency = \"four\"\n").replace("id = 1", "id = \"one\"");
    let (message, problems) = problems(&text);
    assert_eq!(problems.len(), 3, "{message}");
    let fields: Vec<_> = problems.iter().map(|p| p.field.as_deref()).collect();
    assert_eq!(
        fields,
        [Some("id"), Some("tokn"), Some("concurrency")],
        "{message}"
    );
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 7, 8], "{message}");
}

#[test]
fn missing_field_names_table_and_line() {
    let second = "# second\n[[reward_config]]\nid = 2\ntoken = \"x\"\ndefault_country = \"SA\"\n";
    let text = format!("{}\n{second}", table(""));
    let (message, problems) = problems(&text);
    assert_eq!(problems.len(), 2, "{message}");
    for problem in &problems {
        assert_eq!(problem.line, 9, "the [[reward_config]] line: {message}");
        assert_eq!(problem.config.as_deref(), Some("#2"), "{message}");
    }
    assert_eq!(problems[0].field.as_deref(), Some("code"), "{message}");
    assert_eq!(problems[1].field.as_deref(), Some("base_url"), "{message}");
    assert!(message.contains("reward config `#2`"), "{message}");
}
