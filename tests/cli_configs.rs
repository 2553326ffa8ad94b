//! `configs`, config lookup and `--help`, run through the binary.

mod cli_support;

use cli_support::{Sandbox, config_text};

const TOKEN: &str = "tok-SECRET-4d3c2b1a";

#[test]
fn configs_lists_code_id_name_url() {
    let sandbox = Sandbox::new();
    let text = format!(
        "{}\n{}production = true\n",
        config_text("ACME", 1, "https://acme.datanuum.com", TOKEN),
        config_text("EGY", 22, "http://127.0.0.1:9", TOKEN)
    );
    let path = sandbox.write("configs.toml", &text);
    let run = sandbox.run(&["configs", "--config", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("CODE"), "{}", lines[0]);
    for expected in ["ACME", "1", "Test ACME", "https://acme.datanuum.com"] {
        assert!(lines[1].contains(expected), "no {expected} in {}", lines[1]);
    }
    assert!(
        lines[2].contains("EGY") && lines[2].contains("22"),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains("[production]"), "{}", lines[2]);
    assert!(!run.stdout.contains("2b1a"), "token shown: {}", run.stdout);
    assert!(!run.stderr.contains("2b1a"), "token shown: {}", run.stderr);
}

#[test]
fn configs_json_shape() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "c.toml",
        &config_text("ACME", 1, "https://acme.datanuum.com", TOKEN),
    );
    let run = sandbox.run(&["configs", "--json", "--config", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0],
        serde_json::json!({
            "code": "ACME",
            "id": 1,
            "name": "Test ACME",
            "base_url": "https://acme.datanuum.com",
            "production": false,
            "available": true,
        })
    );
}

#[test]
fn config_from_env_variable() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "env.toml",
        &config_text("ENV", 5, "http://localhost:1", TOKEN),
    );
    let run = sandbox
        .command(&["configs"])
        .env("DATANUUM_SYNC_CONFIG", &path)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stdout).contains("ENV"));
}

#[test]
fn config_from_user_config_dir() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path().join("config/datanuum-sync");
    std::fs::create_dir_all(&dir).unwrap();
    let text = config_text("HOMECFG", 5, "http://localhost:1", TOKEN);
    std::fs::write(dir.join("reward-configs.toml"), text).unwrap();
    let run = sandbox.run(&["configs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("HOMECFG"), "{}", run.stdout);
}

#[test]
fn missing_config_exits_2_and_lists_places() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["configs"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--config"), "{}", run.stderr);
    assert!(
        run.stderr.contains("DATANUUM_SYNC_CONFIG"),
        "{}",
        run.stderr
    );
    let default = sandbox
        .path()
        .join("config/datanuum-sync/reward-configs.toml");
    assert!(
        run.stderr.contains(&default.display().to_string()),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_config_exits_2_with_position() {
    let sandbox = Sandbox::new();
    let text = config_text("ACME", 1, "http://acme.datanuum.com", TOKEN);
    let path = sandbox.write("bad.toml", &text);
    let run = sandbox.run(&["configs", "--config", path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let location = format!("{}:5:", path.display());
    assert!(run.stderr.contains(&location), "{}", run.stderr);
    assert!(run.stderr.contains("`base_url`"), "{}", run.stderr);
    assert!(!run.stderr.contains("2b1a"), "{}", run.stderr);
}

#[test]
fn unknown_flag_exits_2() {
    let run = Sandbox::new().run(&["configs", "--no-such-flag"]);
    assert_eq!(run.code, 2);
}

#[test]
fn help_names_log_and_journal() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Log file"), "{}", run.stdout);
    assert!(run.stdout.contains("Journal"), "{}", run.stdout);
    let data_dir = sandbox.data_dir().display().to_string();
    assert!(run.stdout.contains(&data_dir), "{}", run.stdout);
}

#[test]
fn log_file_is_written_in_data_dir() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "c.toml",
        &config_text("ACME", 1, "http://localhost:1", TOKEN),
    );
    let run = sandbox.run(&["configs", "--config", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let logs: Vec<_> = std::fs::read_dir(sandbox.data_dir().join("logs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let name = logs[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("datanuum-sync.") && name.ends_with(".log"),
        "{name}"
    );
    let text = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(text.contains("reward configs loaded"), "{text}");
}

#[test]
fn invalid_log_level_exits_2() {
    let run = Sandbox::new().run(&["configs", "--log-level", "loud=="]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("log level"), "{}", run.stderr);
}

#[test]
fn empty_data_dir_variable_is_unset() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "c.toml",
        &config_text("ACME", 1, "http://localhost:1", TOKEN),
    );
    let output = sandbox
        .command(&["configs", "--config", path.to_str().unwrap()])
        .env("DATANUUM_SYNC_DATA_DIR", "")
        .current_dir(sandbox.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        !sandbox.path().join("logs").exists(),
        "no log in the current directory"
    );
    let default_logs = sandbox.path().join("share/datanuum-sync/logs");
    assert!(default_logs.exists(), "log in the platform data directory");
}

#[test]
fn data_dir_flag_wins_over_variable() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "c.toml",
        &config_text("ACME", 1, "http://localhost:1", TOKEN),
    );
    let flag_dir = sandbox.path().join("flag-data");
    let run = sandbox.run(&[
        "configs",
        "--config",
        path.to_str().unwrap(),
        "--data-dir",
        flag_dir.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(flag_dir.join("logs").exists());
    assert!(!sandbox.data_dir().exists());
}

/// A file with TEST (inline token) and ACME (token in an unset variable).
fn file_with_unset_token_env(sandbox: &Sandbox) -> String {
    let acme = config_text("ACME", 2, "https://acme.datanuum.com", TOKEN).replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"ACME_TOKEN\"",
    );
    let text = format!(
        "{}\n{acme}",
        config_text("TEST", 1, "http://127.0.0.1:9", TOKEN)
    );
    let path = sandbox.write("configs.toml", &text);
    path.to_str().unwrap().to_string()
}

#[test]
fn configs_lists_config_with_unset_token_env() {
    let sandbox = Sandbox::new();
    let path = file_with_unset_token_env(&sandbox);
    let run = sandbox.run(&["configs", "--config", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("TEST"), "{}", run.stdout);
    let acme = run.stdout.lines().find(|line| line.contains("ACME"));
    let acme = acme.unwrap_or_else(|| panic!("ACME not listed: {}", run.stdout));
    assert!(acme.contains("unavailable"), "{acme}");
    assert!(
        run.stderr.contains("ACME_TOKEN is not set"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 reward configs"), "{}", run.stderr);
}

#[test]
fn configs_json_marks_unavailable_config() {
    let sandbox = Sandbox::new();
    let path = file_with_unset_token_env(&sandbox);
    let run = sandbox.run(&["configs", "--json", "--config", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["code"], "ACME");
    assert_eq!(lines[1]["available"], false);
    let problem = lines[1]["problem"].as_str().unwrap();
    assert!(problem.contains("ACME_TOKEN"), "{problem}");
}

#[test]
fn selecting_unavailable_config_reports_token() {
    let sandbox = Sandbox::new();
    let path = file_with_unset_token_env(&sandbox);
    let csv = sandbox.write("c.csv", "code,phone\nC1,0501234567\n");
    let run = sandbox.run(&[
        "preview",
        csv.to_str().unwrap(),
        "--reward-config",
        "ACME",
        "--config",
        &path,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ACME_TOKEN is not set"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("configs.toml:"), "{}", run.stderr);
}

#[test]
fn config_code_matches_without_case() {
    let sandbox = Sandbox::new();
    let path = file_with_unset_token_env(&sandbox);
    let csv = sandbox.write("c.csv", "code,phone\nC1,0501234567\n");
    let run = sandbox.run(&[
        "preview",
        csv.to_str().unwrap(),
        "--reward-config",
        "test",
        "--config",
        &path,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn directory_as_config_names_reason_once() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["configs", "--config", sandbox.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let reason = "Is a directory";
    assert_eq!(run.stderr.matches(reason).count(), 1, "{}", run.stderr);
}

#[test]
fn screen_with_only_unavailable_config_exits_2() {
    let sandbox = Sandbox::new();
    let text = config_text("ACME", 2, "https://acme.datanuum.com", TOKEN).replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"ACME_TOKEN\"",
    );
    let path = sandbox.write("configs.toml", &text);
    let run = sandbox.run(&["--config", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ACME_TOKEN is not set"),
        "{}",
        run.stderr
    );
}
