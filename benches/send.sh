#!/usr/bin/env bash
# Send benchmark: COUNT customers, 16 in flight, to the built-in stand-in with a response
# delay of 0 ms and 20 ms, through datanuum-sync's batch runner and, when installed,
# Python aiohttp and Newman. The stand-in runs as its own process and restarts for every run, so every
# run creates COUNT fresh accounts.
#
# Usage: benches/send.sh            (RUNS=3 COUNT=10000 LATENCIES="0 20"
#                                    TOOLS="engine aiohttp newman" NEWMAN_RUNS=1
#                                    NEWMAN_COUNT=$COUNT THREADS=1)
# THREADS is the engine's Tokio worker count: 1 as the send command runs, 0 for Tokio's
# default as the screen runs.
# Prints one line per run; a copy goes to target/bench-data/send-<time>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
COUNT=${COUNT:-10000}
CONCURRENCY=${CONCURRENCY:-16}
LATENCIES=${LATENCIES:-"0 20"}
TOOLS=${TOOLS:-"engine aiohttp newman"}
NEWMAN_RUNS=${NEWMAN_RUNS:-1}
THREADS=${THREADS:-1}
# Newman sends one request at a time (about 100 per second), so it may get fewer.
NEWMAN_COUNT=${NEWMAN_COUNT:-$COUNT}
mkdir -p target/bench-data
LOG=target/bench-data/send-$(date +%Y%m%d-%H%M%S).log
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Paths of the two bench executables, built in release mode.
cargo bench --bench standin --bench send_probe --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
        print(msg["target"]["name"], msg["executable"])
' >"$WORK/bins"
STANDIN=$(awk '$1 == "standin" {print $2}' "$WORK/bins")
PROBE=$(awk '$1 == "send_probe" {print $2}' "$WORK/bins")

STANDIN_PID=
URL=
start_standin() {
  "$STANDIN" --bench --latency-ms "$1" >"$WORK/standin.out" 2>&1 &
  STANDIN_PID=$!
  for _ in $(seq 100); do
    URL=$(sed -n 's/^url=//p' "$WORK/standin.out")
    [ -n "$URL" ] && return 0
    sleep 0.05
  done
  echo "stand-in did not start: $(cat "$WORK/standin.out")" >&2
  exit 1
}
stop_standin() {
  kill -INT "$STANDIN_PID" 2>/dev/null || true
  wait "$STANDIN_PID" 2>/dev/null || true
}

run_newman() {
  local latency=$1 started ended
  started=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/newman.time" \
    newman run benches/newman_collection.json --env-var "baseUrl=${URL%/}" \
    -n "$NEWMAN_COUNT" --silent >/dev/null 2>&1 || echo "newman: some requests failed" >&2
  ended=$(date +%s.%N)
  python3 - "$latency" "$NEWMAN_COUNT" "$started" "$ended" "$WORK/newman.time" <<'PY'
import sys
latency, count, started, ended, timefile = sys.argv[1:]
wall = float(ended) - float(started)
user, system = (float(x) for x in open(timefile).read().split()[-2:])
cpu = user + system
print(f"newman latency_ms={latency} count={count} concurrency=1 wall_s={wall:.3f} "
      f"req_per_s={int(count) / wall:.0f} cpu_s={cpu:.3f} "
      f"cpu_us_per_req={cpu * 1e6 / int(count):.1f}")
PY
}

# The latency of one request in this run: LATENCY_PROBE requests one at a time through
# the engine. The bound of a run is COUNT x this latency / CONCURRENCY.
LATENCY_PROBE=${LATENCY_PROBE:-200}
measured_latency() {
  start_standin "$1"
  "$PROBE" --bench --url "$URL" --count "$LATENCY_PROBE" --concurrency 1 |
    sed -n 's/.* wall_s=\([0-9.]*\) .*/\1/p' |
    awk -v n="$LATENCY_PROBE" '{ printf "%.3f", $1 * 1000 / n }'
  stop_standin
}

echo "# $(date -u +%FT%TZ) count=$COUNT concurrency=$CONCURRENCY runs=$RUNS" | tee -a "$LOG"
for latency in $LATENCIES; do
  per_request=$latency
  if [ "$latency" != 0 ]; then
    per_request=$(measured_latency "$latency")
    awk -v l="$latency" -v m="$per_request" -v n="$COUNT" -v c="$CONCURRENCY" 'BEGIN {
      printf "latency_ms=%s measured_per_request_ms=%s bound_s=%.3f\n", l, m, n * m / 1000 / c }' |
      tee -a "$LOG"
  fi
  for tool in $TOOLS; do
    runs=$RUNS
    case $tool in
      aiohttp) python3 -c 'import aiohttp' 2>/dev/null || { echo "aiohttp: not installed, skipped" | tee -a "$LOG"; continue; } ;;
      newman) command -v newman >/dev/null || { echo "newman: not installed, skipped" | tee -a "$LOG"; continue; }
              runs=$NEWMAN_RUNS ;;
    esac
    for _ in $(seq "$runs"); do
      start_standin "$latency"
      case $tool in
        engine) "$PROBE" --bench --url "$URL" --count "$COUNT" --concurrency "$CONCURRENCY" \
                  --latency-ms "$per_request" --threads "$THREADS" ;;
        aiohttp) echo -n "latency_ms=$latency "
                 python3 benches/aiohttp_send.py "$URL" --count "$COUNT" \
                   --concurrency "$CONCURRENCY" ;;
        newman) run_newman "$latency" ;;
      esac
      stop_standin
    done 2>&1 | tee -a "$LOG"
  done
done
