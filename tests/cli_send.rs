//! `send` through the binary against `datanuum-sync mock-server` run as a second process.

mod cli_support;

use cli_support::{MockProcess, Sandbox, case, config_text};
use serde_json::Value;

const TOKEN: &str = "tok-SECRET-4d3c2b1a";

/// Writes a config for `url` and returns the arguments that select it.
fn config_args(sandbox: &Sandbox, url: &str, extra: &str) -> Vec<String> {
    let text = format!("{}{extra}", config_text("TEST", 1, url, TOKEN));
    let path = sandbox.write("c.toml", &text);
    vec![
        "--config".into(),
        path.display().to_string(),
        "--reward-config".into(),
        "TEST".into(),
    ]
}

fn send(sandbox: &Sandbox, url: &str, csv: &str, extra: &[&str]) -> cli_support::Run {
    let mut args: Vec<String> = vec!["send".into(), csv.into()];
    args.extend(config_args(sandbox, url, ""));
    args.extend(extra.iter().map(|arg| arg.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sandbox.run(&args)
}

fn by_customer<'a>(lines: &'a [Value], code: &str) -> &'a Value {
    lines
        .iter()
        .find(|line| line["customer"] == code)
        .unwrap_or_else(|| panic!("no result for {code}"))
}

#[test]
fn all_created_exits_0() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let run = send(
        &sandbox,
        &mock.url,
        &case("N01_nama_excel_export.csv"),
        &["--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "customer",
                "outcome",
                "http_status",
                "datanuum_code",
                "message",
                "account_id",
                "attempts"
            ]
        );
        assert_eq!(line["outcome"], "created", "{line}");
        assert_eq!(line["attempts"], 1);
        assert!(line["account_id"].is_string(), "{line}");
    }
    let journal = sandbox.data_dir().join("journal/TEST.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(text.contains("C3101"), "{text}");
    assert!(run.stderr.contains("3 created"), "{}", run.stderr);
}

#[test]
fn duplicate_phone_is_updated() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &["--existing-phone", "966500003101"]);
    let run = send(
        &sandbox,
        &mock.url,
        &case("N01_nama_excel_export.csv"),
        &["--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    let updated = by_customer(&lines, "C3101");
    assert_eq!(updated["outcome"], "updated", "{updated}");
    assert_eq!(updated["attempts"], 2, "create, then update: {updated}");
    assert_eq!(by_customer(&lines, "C3102")["outcome"], "created");
}

#[test]
fn invalid_customer_exits_1() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let csv = case("B10_phone_scientific_notation.csv");
    let run = send(&sandbox, &mock.url, &csv, &["--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 4);
    assert_eq!(by_customer(&lines, "C1004")["outcome"], "invalid");
    assert_eq!(by_customer(&lines, "C1004")["attempts"], 0);
    assert_eq!(by_customer(&lines, "C1001")["outcome"], "created");
}

#[test]
fn rejected_creates_fail_and_resend() {
    let sandbox = Sandbox::new();
    let csv = case("B28_formula_injection_export.csv");
    let scenario = case("B28_formula_injection_export.scenario.json");
    let failing = MockProcess::start(&sandbox, &["--scenario", &scenario, "--no-auth"]);
    let run = send(&sandbox, &failing.url, &csv, &["--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 5);
    for line in &lines {
        assert_eq!(line["outcome"], "failed", "{line}");
        assert_eq!(line["http_status"], 400, "{line}");
        assert_eq!(line["datanuum_code"], 9999, "{line}");
        assert_eq!(line["attempts"], 1, "400 is not retried: {line}");
    }
    drop(failing);

    let working = MockProcess::start(&sandbox, &[]);
    let run = send(&sandbox, &working.url, &csv, &["--json", "--only-failed"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 5);
    assert!(
        lines.iter().all(|line| line["outcome"] == "created"),
        "{}",
        run.stdout
    );

    let run = send(&sandbox, &working.url, &csv, &["--json", "--only-failed"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "nothing left to resend");
}

#[test]
fn unchanged_profiles_are_skipped_unless_forced() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let csv = case("N01_nama_excel_export.csv");
    assert_eq!(send(&sandbox, &mock.url, &csv, &["--json"]).code, 0);

    let again = send(&sandbox, &mock.url, &csv, &["--json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let lines = again.json_lines();
    assert!(
        lines.iter().all(|line| line["outcome"] == "skipped"),
        "{}",
        again.stdout
    );
    assert!(
        lines.iter().all(|line| line["attempts"] == 0),
        "{}",
        again.stdout
    );

    let forced = send(&sandbox, &mock.url, &csv, &["--json", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let lines = forced.json_lines();
    assert!(
        lines.iter().all(|line| line["outcome"] == "updated"),
        "{}",
        forced.stdout
    );
}

#[test]
fn dry_run_sends_nothing() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let csv = case("N01_nama_excel_export.csv");
    let run = send(&sandbox, &mock.url, &csv, &["--json", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3);
    assert!(
        lines.iter().all(|line| line["attempts"] == 0),
        "{}",
        run.stdout
    );

    let real = send(&sandbox, &mock.url, &csv, &["--json"]);
    let lines = real.json_lines();
    assert!(
        lines.iter().all(|line| line["outcome"] == "created"),
        "the dry run created nothing: {}",
        real.stdout
    );
}

#[test]
fn customer_filter_sends_one() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let csv = case("N01_nama_excel_export.csv");
    let run = send(
        &sandbox,
        &mock.url,
        &csv,
        &["--json", "--customer", "C3102"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["customer"], "C3102");
}

#[test]
fn plain_output_one_line_per_customer() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let run = send(&sandbox, &mock.url, &case("N01_nama_excel_export.csv"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for code in ["C3101", "C3102", "C3103"] {
        let prefix = format!("{code}: created (");
        assert!(
            lines.iter().any(|line| line.starts_with(&prefix)),
            "no {prefix} line: {}",
            run.stdout
        );
    }
}

#[test]
fn production_without_terminal_needs_yes() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let mut args: Vec<String> = vec!["send".into(), case("N01_nama_excel_export.csv")];
    args.extend(config_args(&sandbox, &mock.url, "production = true\n"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = sandbox.run(&args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(run.stdout, "");

    let mut forced = args.clone();
    forced.push("--force");
    let run = sandbox.run(&forced);
    assert_eq!(
        run.code, 2,
        "--force alone does not confirm: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    let mut confirmed = args.clone();
    confirmed.push("--yes");
    let run = sandbox.run(&confirmed);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
}

#[test]
fn other_config_without_token_is_ignored() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let acme = config_text("ACME", 2, "https://acme.datanuum.com", TOKEN).replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"ACME_TOKEN\"",
    );
    let mut args: Vec<String> = vec!["send".into(), case("N01_nama_excel_export.csv")];
    args.extend(config_args(&sandbox, &mock.url, &format!("\n{acme}")));
    args.push("--json".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = sandbox.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json_lines().len(), 3, "{}", run.stdout);
}

#[test]
fn config_error_exits_2() {
    let sandbox = Sandbox::new();
    let run = send(
        &sandbox,
        "http://remote.example.test",
        &case("N01_nama_excel_export.csv"),
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("base_url"), "{}", run.stderr);
}

#[test]
fn unreachable_server_fails() {
    let sandbox = Sandbox::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let csv = case("N01_nama_excel_export.csv");
    let run = send(&sandbox, &url, &csv, &["--json", "--customer", "C3101"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines[0]["outcome"], "failed");
    assert_eq!(lines[0]["http_status"], Value::Null);
}

#[test]
fn file_warnings_are_printed() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let duplicate = send(
        &sandbox,
        &mock.url,
        &case("B07_duplicate_header.csv"),
        &["--json", "--dry-run"],
    );
    assert_eq!(duplicate.code, 0, "{}", duplicate.stderr);
    assert!(
        duplicate.stderr.contains("warning:") && duplicate.stderr.contains("column 12"),
        "{}",
        duplicate.stderr
    );

    let guessed = send(
        &sandbox,
        &mock.url,
        &case("B02_windows1256_ansi.csv"),
        &["--json", "--dry-run"],
    );
    assert!(
        guessed.stderr.contains("windows-1256"),
        "{}",
        guessed.stderr
    );
}

#[test]
fn only_failed_includes_customers_never_sent() {
    // A cancelled or partial run leaves customers with no journal line; resending the
    // failures must not forget them.
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let csv = case("N01_nama_excel_export.csv");
    let first = send(
        &sandbox,
        &mock.url,
        &csv,
        &["--json", "--customer", "C3101"],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let all = send(&sandbox, &mock.url, &csv, &["--json", "--dry-run"]).json_lines();
    let rest = send(&sandbox, &mock.url, &csv, &["--json", "--only-failed"]);
    assert_eq!(rest.code, 0, "{}", rest.stderr);
    let lines = rest.json_lines();
    assert_eq!(lines.len(), all.len() - 1, "{}", rest.stdout);
    assert!(lines.iter().all(|line| line["customer"] != "C3101"));
    assert!(
        lines.iter().all(|line| line["outcome"] == "created"),
        "{}",
        rest.stdout
    );
}
