//! `preview` through the binary: the exact request shape, masked token, invalid customers.

mod cli_support;

use cli_support::{Sandbox, case, config_text};
use serde_json::json;

const TOKEN: &str = "tok-SECRET-4d3c2b1a";

fn preview(sandbox: &Sandbox, csv: &str, extra: &[&str]) -> cli_support::Run {
    let config = sandbox.write(
        "c.toml",
        &config_text("TEST", 1, "http://127.0.0.1:9", TOKEN),
    );
    let mut args = vec![
        "preview",
        csv,
        "--reward-config",
        "TEST",
        "--config",
        config.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

#[test]
fn json_lines_have_request_shape() {
    let sandbox = Sandbox::new();
    let run = preview(&sandbox, &case("N01_nama_excel_export.csv"), &["--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);

    let first = &lines[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["customer", "method", "url", "headers", "body"]);
    assert_eq!(first["customer"], "C3101");
    assert_eq!(first["method"], "POST");
    assert_eq!(first["url"], "http://127.0.0.1:9/accounts");
    assert_eq!(first["headers"]["oauth_token"], "••••2b1a");
    assert_eq!(first["headers"]["branch_code"], "R11");
    assert_eq!(
        first["body"],
        json!({
            "phone": "966500003101",
            "email": "test3101@example.com",
            "first": "Reem",
            "last": "Khaled",
            "gender": "F",
            "birthdate": "1994-09-07",
            "nationality": "Saudi Arabia",
        })
    );
    assert_eq!(
        lines[2]["headers"]["branch_code"], "R00",
        "default register"
    );
    assert!(
        lines[2]["body"].get("email").is_none(),
        "empty email left out"
    );
    assert!(!run.stdout.contains("tok-SECRET"), "{}", run.stdout);
}

#[test]
fn invalid_customer_has_no_body() {
    let sandbox = Sandbox::new();
    let csv = case("B10_phone_scientific_notation.csv");
    let run = preview(&sandbox, &csv, &["--json", "--customer", "C1004"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["customer"], "C1004");
    assert_eq!(lines[0]["outcome"], "invalid");
    assert!(lines[0]["message"].as_str().unwrap().contains("email"));
    assert!(lines[0].get("body").is_none());
}

#[test]
fn customer_filter_keeps_order_of_file() {
    let sandbox = Sandbox::new();
    let csv = case("N01_nama_excel_export.csv");
    let run = preview(
        &sandbox,
        &csv,
        &["--json", "--customer", "C3103", "--customer", "C3101"],
    );
    let codes: Vec<String> = run
        .json_lines()
        .iter()
        .map(|line| line["customer"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["C3101", "C3103"]);
}

#[test]
fn unknown_customer_exits_2() {
    let sandbox = Sandbox::new();
    let csv = case("N01_nama_excel_export.csv");
    let run = preview(&sandbox, &csv, &["--customer", "C9999"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("C9999"), "{}", run.stderr);
}

#[test]
fn plain_text_masks_token() {
    let sandbox = Sandbox::new();
    let run = preview(&sandbox, &case("N01_nama_excel_export.csv"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("POST http://127.0.0.1:9/accounts"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("••••2b1a"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\"phone\":\"966500003101\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("tok-SECRET"), "{}", run.stdout);
}

#[test]
fn missing_reward_config_flag_exits_2() {
    let run = Sandbox::new().run(&["preview", &case("N01_nama_excel_export.csv")]);
    assert_eq!(run.code, 2);
}

#[test]
fn invalid_customer_says_not_sent_once() {
    let sandbox = Sandbox::new();
    let csv = case("B10_phone_scientific_notation.csv");
    let run = preview(&sandbox, &csv, &["--customer", "C1004"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("not sent (invalid)"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("not sent").count(), 1, "{}", run.stdout);
}
