//! The real binary in a real terminal: tmux runs `datanuum-sync --demo`, keys go in with
//! `send-keys`, and the screen comes back with `capture-pane`.
//!
//! Each test runs its own tmux server on a private socket and kills only that server.
//! Without tmux on the machine the tests print why and pass; CI installs tmux.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_datanuum-sync");

struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    /// Starts `command` in a detached 160×48 session, or returns `None` without tmux.
    fn start(name: &str, command: &str) -> Option<Tmux> {
        let probe = Command::new("tmux").arg("-V").output();
        if probe.is_err() {
            eprintln!("tmux is not installed: skipping {name} (apt-get install -y tmux)");
            return None;
        }
        let tmux = Tmux {
            socket: format!("dsync-{name}-{}", std::process::id()),
            session: name.to_string(),
        };
        let output = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "160",
            "-y",
            "48",
            command,
        ]);
        assert!(
            output.status.success(),
            "tmux new-session failed: {output:?}"
        );
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("TERM", "xterm-256color")
            .output()
            .expect("running tmux")
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.session.as_str()];
        args.extend_from_slice(keys);
        let output = self.run(&args);
        assert!(output.status.success(), "send-keys failed: {output:?}");
    }

    /// Types text literally, so Arabic letters arrive as typed.
    fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    fn capture(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-t", &self.session]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the pane shows text for which `found` is true, and returns the pane.
    fn wait_for(&self, what: &str, found: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let pane = self.capture();
            if found(&pane) {
                return pane;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; pane:\n{pane}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dsync-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("data dir");
    dir
}

fn demo_command(dir: &Path) -> String {
    format!("{BIN} --demo --data-dir {}", dir.display())
}

fn screen_ready(pane: &str) -> bool {
    pane.contains("Customers") && !pane.contains("loading")
}

#[test]
fn demo_sends_selected_customer() {
    let dir = data_dir("send");
    let Some(tmux) = Tmux::start("send", &demo_command(&dir)) else {
        return;
    };
    tmux.wait_for("the customer table", screen_ready);
    // Select the second customer and send the selection.
    tmux.send(&["j", "Space", "s"]);
    let outcome_line = |pane: &str| {
        pane.lines()
            .find(|line| line.contains("D1002 created") || line.contains("D1002 failed"))
            .map(str::to_string)
    };
    let pane = tmux.wait_for("D1002's outcome in the log", |pane| {
        outcome_line(pane).is_some()
    });
    let line = outcome_line(&pane).unwrap_or_default();
    assert!(
        line.contains("D1002 created"),
        "send did not create; pane:\n{pane}"
    );
    tmux.send(&["q"]);
}

#[test]
fn demo_search_matches_spelling_variant() {
    let dir = data_dir("search");
    let Some(tmux) = Tmux::start("search", &demo_command(&dir)) else {
        return;
    };
    tmux.wait_for("the customer table", screen_ready);
    // Typed without the hamza; the sample spells the name أحمد.
    tmux.send(&["/"]);
    tmux.type_text("احمد");
    tmux.send(&["Enter"]);
    // D1011 (أحمد حسن) is the only sample customer with that name.
    let pane = tmux.wait_for("a filtered table", |pane| pane.contains("Customers 1/"));
    let row = pane
        .lines()
        .find(|line| line.starts_with("│  D1011"))
        .unwrap_or_default();
    assert!(row.contains("أحمد حسن"), "D1011 not found; pane:\n{pane}");
    tmux.send(&["q"]);
}

#[test]
fn sigterm_restores_cooked_mode() {
    let dir = data_dir("sigterm");
    let pid_file = dir.join("pid");
    let stty_file = dir.join("stty");
    // The inner shell records its pid and then becomes the app, so that pid is the app's.
    // The outer shell runs stty on the same terminal once the app is gone.
    let command = format!(
        "sh -c 'echo $$ > {pid}; exec {demo}'; stty -a > {stty}; sleep 30",
        pid = pid_file.display(),
        demo = demo_command(&dir),
        stty = stty_file.display(),
    );
    let Some(tmux) = Tmux::start("sigterm", &command) else {
        return;
    };
    tmux.wait_for("the customer table", screen_ready);

    let pid = std::fs::read_to_string(&pid_file).expect("pid file");
    let status = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("kill");
    assert!(status.success());

    let deadline = Instant::now() + Duration::from_secs(15);
    let stty = loop {
        if let Ok(text) = std::fs::read_to_string(&stty_file)
            && text.contains("icanon")
        {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "stty never ran; pane:\n{}",
            tmux.capture()
        );
        std::thread::sleep(Duration::from_millis(200));
    };

    let flags: Vec<&str> = stty.split_whitespace().collect();
    assert!(flags.contains(&"icanon"), "still in raw mode:\n{stty}");
    assert!(flags.contains(&"echo"), "echo still off:\n{stty}");
    assert!(!flags.contains(&"-icanon"), "still in raw mode:\n{stty}");
}
