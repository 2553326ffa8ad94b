//! The built-in Datanuum stand-in as its own process for the send benchmarks, so that the
//! sender's CPU time is measured without the server's:
//! `cargo bench --bench standin -- [--latency-ms N] [--port P]` prints `url=...` once it
//! listens and serves until interrupted. Run directly, it needs `--bench` like cargo passes.

use std::io::Write;
use std::time::Duration;

use datanuum_sync::mock::{self, MockOptions};

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let mut latency_ms = 0u64;
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--latency-ms" => latency_ms = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--port" => port = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            _ => {}
        }
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let options = MockOptions {
            port,
            latency: Duration::from_millis(latency_ms),
            ..MockOptions::default()
        };
        let server = mock::start(options).await.expect("start the stand-in");
        println!("url={}", server.url());
        std::io::stdout().flush().expect("flush stdout");
        let _ = tokio::signal::ctrl_c().await;
        server.shutdown().await;
    });
}
