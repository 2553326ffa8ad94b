//! Runs the `datanuum-sync` binary in an isolated environment: its own home, config and
//! data directories, so no test reads the developer's files or another test's journal.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_datanuum-sync");

/// A temporary home with a data directory; commands run with it as their environment.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.path().join("data")
    }

    /// Writes `text` as a file in the sandbox and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Builds a command for the binary with a clean environment pointing into the sandbox.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("share"))
            .env("DATANUUM_SYNC_DATA_DIR", self.data_dir())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null());
        command
    }

    /// Runs the binary to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }
}

/// The result of one run, with stdout and stderr as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Parses every stdout line as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("not JSON ({error}): {line}"))
            })
            .collect()
    }
}

/// Path of a fixture under `tests/fixtures/cases/`.
pub fn case(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
        .display()
        .to_string()
}

/// A running `mock-server` child; killed when dropped.
pub struct MockProcess {
    pub child: Child,
    pub url: String,
}

impl MockProcess {
    /// Starts `datanuum-sync mock-server` with `args` and waits for the URL it prints.
    pub fn start(sandbox: &Sandbox, args: &[&str]) -> MockProcess {
        let mut full = vec!["mock-server"];
        full.extend_from_slice(args);
        MockProcess::spawn(sandbox.command(&full))
    }

    /// Spawns a prepared `mock-server` command and waits for the URL it prints first.
    pub fn spawn(mut command: Command) -> MockProcess {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the first line: {line:?}"))
            .trim_end_matches('/')
            .to_string();
        MockProcess { child, url }
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns a reward-config file with one table pointing at `base_url`.
pub fn config_text(code: &str, id: i64, base_url: &str, token: &str) -> String {
    format!(
        "[[reward_config]]\n\
         id = {id}\n\
         code = \"{code}\"\n\
         name = \"Test {code}\"\n\
         base_url = \"{base_url}\"\n\
         token = \"{token}\"\n\
         default_register = \"R00\"\n\
         default_country = \"SA\"\n\
         timeout_secs = 5\n\
         max_retries = 1\n"
    )
}
