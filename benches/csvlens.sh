#!/usr/bin/env bash
# The same measurements as first_screen.sh for csvlens, the reference CSV viewer: tmux at
# 160x48, capture-pane polled every 10 ms, on the same generated file.
#
#   first screen: the first data row (C00000000) is on screen
#   full load:    the status line shows "Row 1/ROWS"
#   search:       from typing the last code after `/` and Enter until "1/1" matches show
#   peak memory:  /usr/bin/time -v, maximum resident set size
#
# Usage: benches/csvlens.sh [ROWS]   (default 1000000; RUNS=3; CSVLENS=path to csvlens)
# Install: cargo install csvlens
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${1:-1000000}
RUNS=${RUNS:-3}
CSVLENS=${CSVLENS:-$(command -v csvlens || true)}
DATA=$PWD/target/bench-data/customers_$ROWS.csv
WORK=$(mktemp -d)
SOCKET=csvlens-bench-$$
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -x "$CSVLENS" ] || { echo "csvlens not found: cargo install csvlens, or set CSVLENS" >&2; exit 1; }
mkdir -p "$(dirname "$DATA")"
[ -f "$DATA" ] || python3 "${DATANUUM_GEN:-/work/shared/bench/gen_customers.py}" "$ROWS" "$DATA"

now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'; }
pane() { tmux -L "$SOCKET" capture-pane -p -t bench 2>/dev/null || true; }
wait_for() {
  local pattern=$1 deadline=$(($(now_ms) + 120000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if pane | grep -qE -- "$pattern"; then
      now_ms
      return 0
    fi
    sleep 0.01
  done
  echo "timeout waiting for /$pattern/" >&2
  return 1
}

last_code=$(printf 'C%08d' $((ROWS - 1)))
echo "# $(date -u +%FT%TZ) csvlens $("$CSVLENS" --version 2>/dev/null | head -1) rows=$ROWS"
for run in $(seq "$RUNS"); do
  rm -f "$WORK/time.txt"
  start=$(now_ms)
  tmux -L "$SOCKET" -f /dev/null new-session -d -s bench -x 160 -y 48 \
    "/usr/bin/time -v -o $WORK/time.txt $CSVLENS $DATA; sleep 30"
  first=$(wait_for "C00000000")
  full=$(wait_for "Row 1/$ROWS")
  tmux -L "$SOCKET" send-keys -t bench /
  sleep 0.2
  typed=$(now_ms)
  tmux -L "$SOCKET" send-keys -t bench -l "$last_code"
  tmux -L "$SOCKET" send-keys -t bench Enter
  found=$(wait_for "Find \"$last_code\": 1/1")
  tmux -L "$SOCKET" send-keys -t bench q
  for _ in $(seq 1500); do [ -s "$WORK/time.txt" ] && break; sleep 0.02; done
  peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  echo "run=$run first_screen_s=$(secs $((first - start))) full_load_s=$(secs $((full - start)))" \
    "search_s=$(secs $((found - typed))) peak_mb=$((${peak_kb:-0} / 1024))"
done
