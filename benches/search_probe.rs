//! Plain timing probe for search, also the target for `valgrind --tool=callgrind`.
//! `cargo bench --bench search_probe -- ROWS [QUERY...]` prints the index build time and
//! size. Then, for each query, it prints the hit count, the median, p95 and best wall time
//! of 21 runs, and the median CPU time of all threads, which a busy machine inflates less.

mod common;

use std::time::{Duration, Instant};

use datanuum_sync::search::SearchIndex;

fn main() {
    if !common::is_bench_run() {
        return;
    }
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let rows: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = ["", "محمد", "khalil", "a", "mohmmd"]
            .map(str::to_owned)
            .to_vec();
        queries[0] = format!("C{:08}", rows - 1);
    }
    let runs: usize = std::env::var("PROBE_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(21);
    let (columns, customers) = common::read_customers(rows);
    let started = Instant::now();
    let mut index = SearchIndex::build(&columns, &customers);
    index.shrink_to_fit();
    println!(
        "rows {rows}: index built in {:.1} ms, {:.1} MB",
        ms(started.elapsed()),
        index.heap_bytes() as f64 / 1e6
    );
    for query in &queries {
        let mut times = Vec::with_capacity(runs);
        let mut cpu_times = Vec::with_capacity(runs);
        let mut count = 0;
        for _ in 0..runs {
            let cpu_before = cpu_time();
            let started = Instant::now();
            count = index.search(query).len();
            times.push(started.elapsed());
            cpu_times.push(cpu_time().saturating_sub(cpu_before));
        }
        times.sort();
        cpu_times.sort();
        let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
        println!(
            "{query:>12}: {count:>8} hits  median {:7.2} ms  p95 {:7.2} ms  best {:7.2} ms  \
             cpu {:7.2} ms",
            ms(times[times.len() / 2]),
            ms(p95),
            ms(times[0]),
            ms(cpu_times[cpu_times.len() / 2])
        );
    }
}

/// User plus system CPU time of this process, all threads.
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
