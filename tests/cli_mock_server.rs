//! `mock-server` and `--demo` as processes: the printed URL, stopping on SIGTERM, and the
//! demo's temporary directory.

mod cli_support;

use std::process::Command;
use std::time::{Duration, Instant};

use cli_support::{MockProcess, Sandbox, case};

/// Waits up to `limit` for the child to exit and returns its exit code.
fn wait_exit(mock: &mut MockProcess, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = mock.child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn prints_url_and_stops_on_sigterm() {
    let sandbox = Sandbox::new();
    let mut mock = MockProcess::start(&sandbox, &[]);
    assert!(mock.url.starts_with("http://127.0.0.1:"), "{}", mock.url);
    let port: u16 = mock.url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());

    let pid = mock.child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    assert_eq!(wait_exit(&mut mock, Duration::from_secs(20)), Some(0));
}

#[test]
fn fixed_port_is_used() {
    let sandbox = Sandbox::new();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let mock = MockProcess::start(&sandbox, &["--port", &port.to_string()]);
    assert_eq!(mock.url, format!("http://127.0.0.1:{port}"));
}

#[test]
fn busy_port_exits_1() {
    let sandbox = Sandbox::new();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let run = sandbox.run(&["mock-server", "--port", &port]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&port), "{}", run.stderr);
}

#[test]
fn missing_scenario_exits_2() {
    let run = Sandbox::new().run(&["mock-server", "--scenario", "/nonexistent.scenario.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/nonexistent.scenario.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn demo_without_terminal_cleans_up() {
    let sandbox = Sandbox::new();
    let tmp = sandbox.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let output = sandbox
        .command(&["--demo"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "no terminal to draw on");
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "temporary demo data left behind: {left:?}");
    assert!(
        !sandbox.data_dir().join("journal").exists(),
        "the demo ignores $DATANUUM_SYNC_DATA_DIR"
    );
}

#[test]
fn screen_without_config_exits_2() {
    let run = Sandbox::new().run(&["customers.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--config"), "{}", run.stderr);
}

/// Posts a create with `phone` over a raw connection and returns the status line and the
/// time until the answer arrived.
fn post_account(url: &str, phone: &str) -> (String, Duration) {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://");
    let body = format!("{{\"phone\":\"{phone}\"}}");
    let request = format!(
        "POST /accounts HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.lines().next().unwrap_or_default().to_string();
    (status, started.elapsed())
}

#[test]
fn latency_applies_with_scenario() {
    let sandbox = Sandbox::new();
    let scenario = case("B25_api_rate_limit_429.scenario.json");
    let mock = MockProcess::start(
        &sandbox,
        &["--no-auth", "--latency-ms", "300", "--scenario", &scenario],
    );
    // The first phone is scripted to answer 429; the other is answered by the stand-in.
    for (phone, status) in [("966500002501", "429"), ("966500009999", "201")] {
        let (line, elapsed) = post_account(&mock.url, phone);
        assert!(line.contains(status), "{phone}: {line}");
        assert!(
            elapsed >= Duration::from_millis(300),
            "{phone} answered after {elapsed:?}, before the latency"
        );
    }
}
