//! Loading valid reward-config files: defaults, every field, token sources and lookup.

use std::path::{Path, PathBuf};
use std::time::Duration;

use datanuum_sync::config::{
    self, AuthPlacement, ConfigError, DateOrder, Lookup, NameSource, OnDuplicate, Origin,
};
use datanuum_sync::customer::Field;

const MINIMAL: &str = r#"
[[reward_config]]
id = 7
code = "ACME"
base_url = "https://acme.datanuum.com"
token = "tok-abcdef-12345"
default_country = "sa"
"#;

fn no_env(_: &str) -> Option<String> {
    None
}

fn parse(text: &str) -> config::ConfigSet {
    config::parse(text, Path::new("/etc/test/reward-configs.toml"), &no_env).unwrap()
}

#[test]
fn minimal_config_gets_defaults() {
    let set = parse(MINIMAL);
    assert_eq!(set.configs.len(), 1);
    let config = &set.configs[0];
    assert_eq!(config.id, 7);
    assert_eq!(config.code, "ACME");
    assert_eq!(config.name, "ACME", "name defaults to the code");
    assert_eq!(config.base_url.as_str(), "https://acme.datanuum.com/");
    assert_eq!(config.token.expose(), "tok-abcdef-12345");
    assert_eq!(config.default_country, "SA", "country is upper-cased");
    assert_eq!(config.default_register, None);
    assert_eq!(config.name_source, NameSource::Name2);
    assert_eq!(config.date_order, DateOrder::DayFirst);
    assert_eq!(config.auth_placement, AuthPlacement::Headers);
    assert_eq!(config.on_duplicate, OnDuplicate::Update);
    assert_eq!(config.concurrency, 4);
    assert_eq!(config.max_requests_per_second, Some(10.0));
    assert_eq!(config.timeout, Duration::from_secs(30));
    assert_eq!(config.max_retries, 3);
    assert!(config.columns.is_empty());
    assert!(config.branch_codes.is_empty());
    assert!(!config.production);
}

#[test]
fn every_field_is_read() {
    let text = r#"
[[reward_config]]
id = 3
code = "KW"
name = "Kuwait stores"
base_url = "https://kw.datanuum.com/tenant/"
token = "tok-abcdef-12345"
default_register = " R00 "
default_country = "KW"
name_source = "name1"
date_order = "month-first"
auth_placement = "query"
on_duplicate = "skip"
concurrency = 8
max_requests_per_second = 2.5
timeout_secs = 5
max_retries = 0
production = true

[reward_config.branch_codes]
R01 = "KW-01"

[reward_config.columns]
mobile = "Mobile No."
FIRSTNAME = "Given name"
"#;
    let config = &parse(text).configs[0];
    assert_eq!(config.name, "Kuwait stores");
    assert_eq!(
        config.base_url.as_str(),
        "https://kw.datanuum.com/tenant",
        "trailing slash of the path is removed"
    );
    assert_eq!(config.default_register.as_deref(), Some("R00"));
    assert_eq!(config.default_country, "KW");
    assert_eq!(config.name_source, NameSource::Name1);
    assert_eq!(config.date_order, DateOrder::MonthFirst);
    assert_eq!(config.auth_placement, AuthPlacement::Query);
    assert_eq!(config.on_duplicate, OnDuplicate::Skip);
    assert_eq!(config.concurrency, 8);
    assert_eq!(config.max_requests_per_second, Some(2.5));
    assert_eq!(config.timeout, Duration::from_secs(5));
    assert_eq!(config.max_retries, 0);
    assert!(config.production);
    assert_eq!(config.branch_code("R01").as_deref(), Some("KW-01"));
    assert_eq!(config.branch_code("").as_deref(), Some("R00"));
    assert_eq!(
        config.columns.get(&Field::Mobile).map(String::as_str),
        Some("Mobile No.")
    );
    assert_eq!(
        config.columns.get(&Field::First).map(String::as_str),
        Some("Given name")
    );
}

#[test]
fn zero_rate_means_no_limit() {
    let text = MINIMAL.replace(
        "default_country",
        "max_requests_per_second = 0\ndefault_country",
    );
    assert_eq!(parse(&text).configs[0].max_requests_per_second, None);
}

#[test]
fn find_by_code_or_id() {
    let text = format!(
        "{MINIMAL}\n[[reward_config]]\nid = 9\ncode = \"EG\"\nbase_url = \"http://127.0.0.1:9\"\n\
         token = \"x\"\ndefault_country = \"EG\"\n"
    );
    let set = parse(&text);
    assert_eq!(set.find("EG").map(|config| config.id), Some(9));
    assert_eq!(
        set.find("7").map(|config| config.code.as_str()),
        Some("ACME")
    );
    assert_eq!(
        set.find(" 9 ").map(|config| config.code.as_str()),
        Some("EG")
    );
    assert!(set.find("nope").is_none());
}

#[test]
fn loopback_http_is_accepted() {
    for url in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:3000",
    ] {
        let text = MINIMAL.replace("https://acme.datanuum.com", url);
        assert_eq!(parse(&text).configs[0].base_url.scheme(), "http", "{url}");
    }
}

#[test]
fn allow_http_permits_remote_http() {
    let text = MINIMAL.replace(
        "base_url = \"https://acme.datanuum.com\"",
        "base_url = \"http://staging.example.test\"\nallow_http = true",
    );
    assert_eq!(parse(&text).configs[0].host(), "staging.example.test");
}

#[test]
fn token_from_env_is_trimmed() {
    let text = MINIMAL.replace("token = ", "token_env = \"ACME_TOKEN\"\n#");
    let env = |name: &str| (name == "ACME_TOKEN").then(|| " tok-from-env-9876\n".to_string());
    let set = config::parse(&text, Path::new("c.toml"), &env).unwrap();
    assert_eq!(set.configs[0].token.expose(), "tok-from-env-9876");
}

#[test]
fn token_file_is_relative_to_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("acme.token"), "tok-from-file-5555\n\n").unwrap();
    let text = MINIMAL.replace("token = ", "token_file = \"acme.token\"\n#");
    let path = dir.path().join("reward-configs.toml");
    std::fs::write(&path, text).unwrap();
    let set = config::load(&path).unwrap();
    assert_eq!(set.configs[0].token.expose(), "tok-from-file-5555");
    assert_eq!(set.path, path);
}

#[test]
fn example_config_is_valid() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/reward-configs.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let env = |name: &str| (name == "ACME_DATANUUM_TOKEN").then(|| "tok-example-0000".to_string());
    let set = config::parse(&text, &path, &env).unwrap();
    let codes: Vec<&str> = set
        .configs
        .iter()
        .map(|config| config.code.as_str())
        .collect();
    assert_eq!(codes, ["ACME", "LOCAL"]);
    assert!(set.configs[0].production);
}

#[test]
fn lookup_prefers_flag_then_env_then_default() {
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("flag.toml");
    let env = dir.path().join("env.toml");
    let default = dir.path().join("default.toml");
    for path in [&flag, &env, &default] {
        std::fs::write(path, MINIMAL).unwrap();
    }
    let mut lookup = Lookup {
        flag: Some(flag.clone()),
        env: Some(env.clone()),
        default: Some(default.clone()),
    };
    assert_eq!(lookup.locate().unwrap(), (flag, Origin::Flag));
    lookup.flag = None;
    assert_eq!(lookup.locate().unwrap(), (env, Origin::Env));
    lookup.env = None;
    assert_eq!(lookup.locate().unwrap(), (default, Origin::Default));
}

#[test]
fn missing_flag_file_is_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("default.toml");
    std::fs::write(&default, MINIMAL).unwrap();
    let lookup = Lookup {
        flag: Some(dir.path().join("typo.toml")),
        env: None,
        default: Some(default),
    };
    let error = lookup.locate().unwrap_err();
    assert!(matches!(
        error,
        ConfigError::NotFound {
            origin: Origin::Flag,
            ..
        }
    ));
}
