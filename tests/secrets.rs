//! The API token never leaves the process: not on stdout or stderr of any command, not in
//! the journal, the log files or the exports, with `--json` and without, on success and on
//! failure, at the most verbose log level. Only the masked form `••••2b1a` may appear.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{MockProcess, Run, Sandbox, case, config_text};

const TOKEN: &str = "tok-SECRET-4d3c2b1a";
/// A part of the token that is long enough to be a leak on its own.
const TOKEN_PART: &str = "SECRET-4d3c";

fn assert_clean(source: &str, text: &str) {
    assert!(!text.contains(TOKEN), "token in {source}:\n{text}");
    assert!(
        !text.contains(TOKEN_PART),
        "part of the token in {source}:\n{text}"
    );
}

fn assert_run_clean(command: &str, run: &Run) {
    assert_clean(&format!("stdout of {command}"), &run.stdout);
    assert_clean(&format!("stderr of {command}"), &run.stderr);
}

/// Lists every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Runs `args` with the config and the most verbose logging, checks its output.
fn run_clean(sandbox: &Sandbox, config: &Path, args: &[&str]) -> Run {
    let mut full: Vec<&str> = args.to_vec();
    full.extend_from_slice(&["--config", config.to_str().unwrap(), "--log-level", "trace"]);
    let run = sandbox.run(&full);
    assert_run_clean(&args.join(" "), &run);
    run
}

#[test]
fn token_never_leaves_the_process() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let config = sandbox.write("c.toml", &config_text("TEST", 1, &mock.url, TOKEN));
    let n01 = case("N01_nama_excel_export.csv");
    let b10 = case("B10_phone_scientific_notation.csv");

    for json in [false, true] {
        let mut extra: Vec<&str> = Vec::new();
        if json {
            extra.push("--json");
        }
        let with = |args: &[&str]| -> Vec<String> {
            args.iter()
                .chain(extra.iter())
                .map(|arg| arg.to_string())
                .collect()
        };
        for args in [
            with(&["configs"]),
            with(&["validate", &b10, "--reward-config", "TEST"]),
            with(&["preview", &n01, "--reward-config", "TEST"]),
            with(&["send", &b10, "--reward-config", "TEST"]),
            with(&["send", &n01, "--reward-config", "TEST", "--force"]),
            with(&["send", &n01, "--reward-config", "TEST", "--dry-run"]),
        ] {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run_clean(&sandbox, &config, &args);
        }
    }

    let preview = run_clean(
        &sandbox,
        &config,
        &["preview", &n01, "--reward-config", "TEST", "--json"],
    );
    assert!(
        preview.stdout.contains("••••2b1a"),
        "masked token shown: {}",
        preview.stdout
    );

    let results = sandbox.path().join("results.csv");
    let failed = sandbox.path().join("failed.csv");
    run_clean(
        &sandbox,
        &config,
        &[
            "export",
            &b10,
            "--reward-config",
            "TEST",
            "--results",
            results.to_str().unwrap(),
            "--failed",
            failed.to_str().unwrap(),
        ],
    );
    assert!(results.exists(), "results export written");
    assert!(failed.exists(), "failed-rows export written");

    let files = files_under(sandbox.path());
    assert!(
        files
            .iter()
            .any(|path| path.to_string_lossy().contains("journal")),
        "a journal was written: {files:?}"
    );
    assert!(
        files
            .iter()
            .any(|path| path.to_string_lossy().contains("logs")),
        "a log was written: {files:?}"
    );
    for path in files
        .iter()
        .filter(|path| path.as_path() != config.as_path())
    {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        assert_clean(&path.display().to_string(), &text);
    }
}

#[test]
fn rejected_token_is_not_echoed() {
    let sandbox = Sandbox::new();
    let mock = {
        let mut command = sandbox.command(&["mock-server", "--token-env", "ACCEPTED"]);
        command.env("ACCEPTED", "tok-other-00000000");
        MockProcess::spawn(command)
    };
    let config = sandbox.write("c.toml", &config_text("TEST", 1, &mock.url, TOKEN));
    let n01 = case("N01_nama_excel_export.csv");
    for extra in [None, Some("--json")] {
        let mut args = vec!["send", n01.as_str(), "--reward-config", "TEST", "--force"];
        args.extend(extra);
        let run = run_clean(&sandbox, &config, &args);
        assert_eq!(
            run.code, 1,
            "a rejected token fails the send: {}",
            run.stderr
        );
    }
    for path in files_under(&sandbox.data_dir()) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert_clean(&path.display().to_string(), &text);
    }
}

#[test]
fn config_errors_hide_the_token() {
    let sandbox = Sandbox::new();
    let broken = [
        config_text("TEST", 1, "http://remote.example.test", TOKEN),
        config_text("TEST", 1, "http://127.0.0.1:1", TOKEN)
            .replace("id = 1", &format!("id = \"{TOKEN}\"")),
        config_text("TEST", 1, "http://127.0.0.1:1", TOKEN).replace(
            &format!("token = \"{TOKEN}\""),
            &format!("token = \"{TOKEN}\"\ntoken_env = \"X\""),
        ),
        format!(
            "{}\nbroken = = 1\n",
            config_text("TEST", 1, "http://127.0.0.1:1", TOKEN)
        ),
    ];
    for text in broken {
        let config = sandbox.write("broken.toml", &text);
        let run = run_clean(&sandbox, &config, &["configs"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
    }
}

#[test]
fn token_from_env_stays_hidden() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &[]);
    let text = config_text("TEST", 1, &mock.url, TOKEN).replace(
        &format!("token = \"{TOKEN}\""),
        "token_env = \"TEST_TOKEN\"",
    );
    let config = sandbox.write("env.toml", &text);
    let n01 = case("N01_nama_excel_export.csv");
    let run = sandbox
        .command(&[
            "send",
            &n01,
            "--reward-config",
            "TEST",
            "--json",
            "--config",
            config.to_str().unwrap(),
            "--log-level",
            "trace",
        ])
        .env("TEST_TOKEN", TOKEN)
        .output()
        .unwrap();
    let run = Run::from(run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_run_clean("send with token_env", &run);
    for path in files_under(&sandbox.data_dir()) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert_clean(&path.display().to_string(), &text);
    }
}

/// Text of every cell of a drawn screen.
fn screen_text(terminal: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screen_never_draws_the_token() {
    use std::time::Duration;

    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use datanuum_sync::config::ConfigSet;
    use datanuum_sync::mock::{self, MockOptions};
    use datanuum_sync::secret::Secret;
    use datanuum_sync::tui::{App, AppInit, Theme};

    let server = mock::start(MockOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut config = datanuum_sync::config::parse(
        &config_text("TEST", 1, server.url().as_str(), TOKEN),
        Path::new("c.toml"),
        &|_: &str| None,
    )
    .unwrap()
    .configs
    .remove(0);
    config.token = Secret::new(TOKEN);
    let init = AppInit {
        configs: ConfigSet {
            path: PathBuf::from("c.toml"),
            configs: vec![config.clone()],
            unavailable: Vec::new(),
        },
        config: Some(config),
        csv: Some(PathBuf::from(case("N01_nama_excel_export.csv"))),
        load_options: Default::default(),
        data_dir: data.path().to_path_buf(),
    };
    let mut app = App::new(init, Theme { color: false });
    app.start();
    while app.state.search.index.is_none() {
        let arrived = app.next_message(Duration::from_secs(10)).await;
        assert!(arrived, "loading stalled");
    }

    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap();
    let press = |app: &mut App, code: KeyCode| {
        app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    let mut screens = Vec::new();
    app.draw(&mut terminal).unwrap();
    screens.push(screen_text(&terminal));

    for code in [
        KeyCode::Char('s'),
        KeyCode::Down,
        KeyCode::Char('g'),
        KeyCode::Tab,
        KeyCode::Tab,
        KeyCode::Char('?'),
    ] {
        press(&mut app, code);
        while app.next_message(Duration::from_millis(500)).await {}
        app.draw(&mut terminal).unwrap();
        screens.push(screen_text(&terminal));
    }

    let first = &screens[0];
    assert!(first.contains("C3101"), "the table is drawn:\n{first}");
    assert!(
        first.contains("••••2b1a"),
        "the preview shows the masked token:\n{first}"
    );
    for (step, screen) in screens.iter().enumerate() {
        assert_clean(&format!("screen after step {step}"), screen);
    }
    for path in files_under(data.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert_clean(&path.display().to_string(), &text);
    }
}
