//! `export` after a failed send: results without live formulas, and the failed rows in the
//! input's layout.

mod cli_support;

use cli_support::{MockProcess, Sandbox, case, config_text};

#[test]
fn failed_send_exports_neutralised_rows() {
    let sandbox = Sandbox::new();
    let csv = case("B28_formula_injection_export.csv");
    let scenario = case("B28_formula_injection_export.scenario.json");
    let mock = MockProcess::start(&sandbox, &["--scenario", &scenario, "--no-auth"]);
    let config = sandbox.write(
        "c.toml",
        &config_text("TEST", 1, &mock.url, "tok-abcdefgh-1234"),
    );
    let config = config.to_str().unwrap();

    let send = sandbox.run(&["send", &csv, "--config", config, "--reward-config", "TEST"]);
    assert_eq!(send.code, 1, "{}", send.stderr);

    let results = sandbox.path().join("results.csv");
    let failed = sandbox.path().join("failed.csv");
    let run = sandbox.run(&[
        "export",
        &csv,
        "--config",
        config,
        "--reward-config",
        "TEST",
        "--results",
        results.to_str().unwrap(),
        "--failed",
        failed.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let mut reader = csv::Reader::from_path(&results).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[..3], ["code", "outcome", "http_status"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        assert_eq!(&row[1], "failed");
        assert_eq!(&row[2], "400");
        for cell in row.iter() {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@')),
                "live formula {cell:?} in {row:?}"
            );
        }
    }

    let text = std::fs::read_to_string(&failed).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "{text}");
    assert!(text.contains("'=1+1"), "{text}");
    assert!(text.contains("'@SUM(A1:A9)"), "{text}");
    assert!(text.contains("C2801"), "codes unchanged: {text}");
}

#[test]
fn default_paths_in_current_directory() {
    let sandbox = Sandbox::new();
    let config = sandbox.write(
        "c.toml",
        &config_text("TEST", 1, "http://127.0.0.1:9", "tok-abcdefgh-1234"),
    );
    let csv = case("B10_phone_scientific_notation.csv");
    let output = sandbox
        .command(&[
            "export",
            &csv,
            "--config",
            config.to_str().unwrap(),
            "--reward-config",
            "TEST",
        ])
        .current_dir(sandbox.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let failed = sandbox
        .path()
        .join("B10_phone_scientific_notation.failed.csv");
    let text = std::fs::read_to_string(failed).unwrap();
    assert!(
        text.contains("C1004"),
        "never-sent invalid row is exported: {text}"
    );
    assert!(
        sandbox
            .path()
            .join("B10_phone_scientific_notation.results.csv")
            .exists()
    );
}
