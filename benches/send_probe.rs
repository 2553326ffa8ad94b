//! Sends N customers through the real batch runner to a stand-in and reports wall time,
//! requests per second and the sender's CPU time per request:
//! `cargo bench --bench send_probe -- --url URL [--count 10000] [--concurrency 16]
//! [--latency-ms N] [--threads N]`. The batch runs on a single-threaded runtime, as the
//! `send` command runs it. `--threads 0` runs it on Tokio's default runtime, as the
//! screen does, and `--threads N` on N worker threads. The latency only computes the bound `count × latency / concurrency`
//! printed beside the measurement; the stand-in's own latency is set where it starts.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use datanuum_sync::batch::{self, BatchItem, BatchOptions};
use datanuum_sync::outcome::OutcomeKind;
use datanuum_sync::payload::{Payload, Prepared};
use serde_json::{Map, Value};

struct Args {
    url: url::Url,
    count: usize,
    concurrency: usize,
    latency_ms: f64,
    /// Tokio worker threads: 1 runs everything on the calling thread, 0 is Tokio's default.
    threads: usize,
}

fn parse_args() -> Args {
    let mut url = None;
    let mut count = 10_000;
    let mut concurrency = 16;
    let mut latency_ms = 0.0;
    let mut threads = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--url" => url = url::Url::parse(&value()).ok(),
            "--count" => count = value().parse().expect("--count N"),
            "--concurrency" => concurrency = value().parse().expect("--concurrency N"),
            "--latency-ms" => latency_ms = value().parse().expect("--latency-ms N"),
            "--threads" => threads = value().parse().expect("--threads N"),
            "--bench" => {}
            _ => {}
        }
    }
    Args {
        url: url.expect("--url URL of a running stand-in"),
        count,
        concurrency,
        latency_ms,
        threads,
    }
}

/// Customer `n` with a unique phone and email, as the payload builder would produce it.
fn item(n: usize) -> BatchItem {
    let phone = format!("9665{n:08}");
    let mut profile = Map::new();
    let mut put = |key: &str, value: String| profile.insert(key.into(), Value::String(value));
    put("phone", phone.clone());
    put("email", format!("bench{n}@example.com"));
    put("first", "Bench".into());
    put("last", format!("Customer {n}"));
    put("gender", "F".into());
    put("birthdate", "1990-05-14".into());
    put("nationality", "Saudi Arabia".into());
    BatchItem {
        index: n,
        prepared: Prepared {
            code: format!("C{n:08}"),
            line: n as u32 + 2,
            findings: Vec::new(),
            payload: Ok(Payload {
                phone: Some(phone),
                email: Some(format!("bench{n}@example.com")),
                branch_code: Some("R01".into()),
                profile,
            }),
        },
    }
}

/// User plus system CPU time of this process.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn main() {
    if !common::is_bench_run() {
        return;
    }
    let args = parse_args();
    let config = Arc::new(common::config(args.url.clone(), args.concurrency));
    let items: Vec<BatchItem> = (0..args.count).map(item).collect();
    let runtime = match args.threads {
        0 => tokio::runtime::Runtime::new(),
        1 => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        n => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
    }
    .expect("tokio runtime");
    let cpu_before = cpu_time();
    let started = Instant::now();
    let outcomes = runtime.block_on(batch::run(config, items, None, BatchOptions::default()));
    let wall = started.elapsed();
    let cpu = cpu_time() - cpu_before;
    let sent = outcomes
        .iter()
        .filter(|o| matches!(o.outcome, OutcomeKind::Created | OutcomeKind::Updated))
        .count();
    let failed = outcomes.len() - sent;
    let bound = args.count as f64 * args.latency_ms / 1e3 / args.concurrency as f64;
    println!(
        "engine latency_ms={} count={} concurrency={} sent={sent} failed={failed} wall_s={:.3} \
         req_per_s={:.0} cpu_s={:.3} cpu_us_per_req={:.1} bound_s={:.3} wall_over_bound={}",
        args.latency_ms,
        args.count,
        args.concurrency,
        wall.as_secs_f64(),
        sent as f64 / wall.as_secs_f64(),
        cpu.as_secs_f64(),
        cpu.as_secs_f64() * 1e6 / args.count as f64,
        bound,
        if bound > 0.0 {
            format!("{:.2}", wall.as_secs_f64() / bound)
        } else {
            "-".into()
        },
    );
}
