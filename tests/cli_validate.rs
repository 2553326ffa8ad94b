//! `validate` on the fixture cases, run through the binary.

mod cli_support;

use cli_support::{Sandbox, case};
use serde_json::json;

#[test]
fn b10_scientific_phones_by_line() {
    let run = Sandbox::new().run(&[
        "validate",
        "--json",
        &case("B10_phone_scientific_notation.csv"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    let summary: Vec<(u64, &str, &str)> = lines
        .iter()
        .map(|line| {
            (
                line["line"].as_u64().unwrap(),
                line["customer"].as_str().unwrap(),
                line["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (2, "C1001", "warning"),
            (3, "C1002", "warning"),
            (5, "C1004", "invalid")
        ]
    );
    assert_eq!(lines[0]["field"], json!("Phone"));
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["line", "customer", "field", "severity", "message"]);
        assert!(!line["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn b06_ragged_rows_are_bad_rows() {
    let run = Sandbox::new().run(&["validate", "--json", &case("B06_ragged_rows.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    let bad: Vec<u64> = lines
        .iter()
        .filter(|line| line["severity"] == "bad_row")
        .map(|line| line["line"].as_u64().unwrap())
        .collect();
    assert_eq!(bad, [3, 5], "{}", run.stdout);
    assert_eq!(lines.len(), 2, "no other findings: {}", run.stdout);
    assert!(run.stderr.contains("3 loaded"), "{}", run.stderr);
}

#[test]
fn n01_erp_export_is_clean() {
    let run = Sandbox::new().run(&["validate", &case("N01_nama_excel_export.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("3 loaded, 3 sendable"),
        "{}",
        run.stderr
    );
}

#[test]
fn plain_output_names_line_and_customer() {
    let run = Sandbox::new().run(&["validate", &case("B10_phone_scientific_notation.csv")]);
    assert_eq!(run.code, 0);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("line 2: C1001: warning: Phone:"),
        "{first}"
    );
}

#[test]
fn demo_csv_has_its_planned_problems() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-customers.csv");
    let run = Sandbox::new().run(&["validate", "--json", path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    let invalid: Vec<&str> = lines
        .iter()
        .filter(|line| line["severity"] == "invalid")
        .map(|line| line["customer"].as_str().unwrap())
        .collect();
    assert_eq!(invalid, ["D1026"]);
    let warned = |code: &str| lines.iter().any(|line| line["customer"] == code);
    for code in ["D1010", "D1016", "D1025", "D1039"] {
        assert!(warned(code), "no warning for {code}: {}", run.stdout);
    }
    assert!(
        !warned("D1007"),
        "the Excel serial date is read: {}",
        run.stdout
    );
    assert!(run.stderr.contains("40 loaded"), "{}", run.stderr);
}

#[test]
fn workbook_exits_1() {
    let run = Sandbox::new().run(&["validate", &case("B23_xlsx_saved_as_csv.csv")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("Excel"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn empty_file_exits_1() {
    let run = Sandbox::new().run(&["validate", &case("B23_empty_file.csv")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("empty"), "{}", run.stderr);
}

#[test]
fn missing_file_exits_1() {
    let run = Sandbox::new().run(&["validate", "/nonexistent/customers.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("/nonexistent/customers.csv"),
        "{}",
        run.stderr
    );
    let reason = "No such file or directory";
    assert_eq!(run.stderr.matches(reason).count(), 1, "{}", run.stderr);
}

#[test]
fn error_names_log_directory() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["validate", "/nonexistent/customers.csv"]);
    let logs = sandbox.data_dir().join("logs");
    let hint = format!("details are logged in {}", logs.display());
    assert!(run.stderr.contains(&hint), "{}", run.stderr);
}

#[test]
fn directory_as_csv_names_reason_once() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["validate", sandbox.path().to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let reason = "Is a directory";
    assert_eq!(run.stderr.matches(reason).count(), 1, "{}", run.stderr);
}

#[test]
fn missing_argument_exits_2() {
    assert_eq!(Sandbox::new().run(&["validate"]).code, 2);
}

#[test]
fn unknown_reward_config_exits_2() {
    let sandbox = Sandbox::new();
    let config = sandbox.write(
        "c.toml",
        &cli_support::config_text("ACME", 1, "http://127.0.0.1:1", "tok-abcdefgh-1234"),
    );
    let run = sandbox.run(&[
        "validate",
        &case("B06_ragged_rows.csv"),
        "--config",
        config.to_str().unwrap(),
        "--reward-config",
        "NOPE",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("NOPE") && run.stderr.contains("ACME"),
        "{}",
        run.stderr
    );
}

#[test]
fn forced_encoding_reads_windows_1256() {
    let csv = case("B02_windows1256_ansi.csv");
    let run = Sandbox::new().run(&["validate", "--json", "--encoding", "windows-1256", &csv]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "no findings");
    assert!(
        run.stderr.contains("3 loaded, 3 sendable"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_encoding_exits_2() {
    let csv = case("B02_windows1256_ansi.csv");
    let run = Sandbox::new().run(&["validate", "--encoding", "klingon", &csv]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("klingon"), "{}", run.stderr);
}

#[test]
fn forced_delimiter_is_used() {
    let csv = case("B04_semicolon_delimited.csv");
    let run = Sandbox::new().run(&["validate", "--delimiter", ";", &csv]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("3 loaded"), "{}", run.stderr);

    let wrong = Sandbox::new().run(&["validate", "--delimiter", "|", &csv]);
    assert!(
        !wrong.stderr.contains("3 loaded, 3 sendable"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn summary_uses_singular_for_one() {
    let run = Sandbox::new().run(&["validate", &case("B07_duplicate_header.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(" 1 warning,"), "{}", run.stderr);
    assert!(!run.stderr.contains("1 warnings"), "{}", run.stderr);
}
