#!/usr/bin/env bash
# Time to first screen, full load, search for the last row, and peak memory of the release
# binary on a generated file, in a real terminal: tmux runs the screen at 160x48 and
# capture-pane is polled every 10 ms.
#
#   first screen: the first data row (code C00000000) is on screen
#   full load:    the top bar shows "loaded ROWS" (with or without thousands separators):
#                 every row is in the table and the search index, ready to search and send
#   search:       from typing the last code after `/` until its row is listed, typed right
#                 after the full load, while the rows are still being checked
#   checked:      the top bar no longer shows "checking N%": every row's payload was built
#                 once, so the invalid and warning counts are complete
#   peak memory:  /usr/bin/time -v, maximum resident set size; CPU: user + system seconds
#
# Usage: benches/first_screen.sh [ROWS]   (default 1000000; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${1:-1000000}
RUNS=${RUNS:-3}
BIN=$PWD/target/release/datanuum-sync
DATA=$PWD/target/bench-data/customers_$ROWS.csv
WORK=$(mktemp -d)
SOCKET=dsync-bench-$$
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

cargo build --release --quiet
mkdir -p "$(dirname "$DATA")"
[ -f "$DATA" ] || python3 "${DATANUUM_GEN:-/work/shared/bench/gen_customers.py}" "$ROWS" "$DATA"
cat >"$WORK/configs.toml" <<TOML
[[reward_config]]
id = 1
code = "BENCH"
name = "Bench tenant"
base_url = "http://127.0.0.1:9"
token = "bench-token-0000"
default_register = "R01"
default_country = "SA"
TOML

now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'; }
pane() { tmux -L "$SOCKET" capture-pane -p -t bench 2>/dev/null || true; }
# Waits until `grep -E "$1"` matches the pane $2 times or more; prints the time in ms.
wait_for() {
  local pattern=$1 times=${2:-1} deadline=$(($(now_ms) + 120000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if [ "$(pane | grep -cE -- "$pattern")" -ge "$times" ]; then
      now_ms
      return 0
    fi
    sleep 0.01
  done
  echo "timeout waiting for /$pattern/: $(pane | head -5)" >&2
  return 1
}
# Waits until `grep -E "$1"` no longer matches the pane; prints the time in ms.
wait_gone() {
  local pattern=$1 deadline=$(($(now_ms) + 120000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if ! pane | grep -qE -- "$pattern"; then
      now_ms
      return 0
    fi
    sleep 0.01
  done
  echo "timeout waiting for /$pattern/ to go: $(pane | head -5)" >&2
  return 1
}

last_code=$(printf 'C%08d' $((ROWS - 1)))
# The count as 1000000, 1,000,000, 1 000 000 or 1.000.000.
loaded_pattern=$(python3 -c "
n = $ROWS
forms = {str(n), f'{n:,}', f'{n:,}'.replace(',', ' '), f'{n:,}'.replace(',', '.')}
print('loaded +(' + '|'.join(sorted(forms)) + ') ')")

echo "# $(date -u +%FT%TZ) rows=$ROWS file=$(du -m "$DATA" | cut -f1) MB"
for run in $(seq "$RUNS"); do
  rm -rf "$WORK/data" "$WORK/time.txt"
  start=$(now_ms)
  tmux -L "$SOCKET" -f /dev/null new-session -d -s bench -x 160 -y 48 \
    "/usr/bin/time -v -o $WORK/time.txt $BIN --config $WORK/configs.toml \
     --data-dir $WORK/data --reward-config BENCH $DATA; sleep 30"
  first=$(wait_for "C00000000")
  full=$(wait_for "$loaded_pattern")
  tmux -L "$SOCKET" send-keys -t bench /
  sleep 0.2
  typed=$(now_ms)
  tmux -L "$SOCKET" send-keys -t bench -l "$last_code"
  # The code appears once in the search box and once more in its row.
  found=$(wait_for "$last_code" 2)
  checked=$(wait_gone "checking [0-9]+%")
  # Escape and q sent together would arrive as Alt-q.
  tmux -L "$SOCKET" send-keys -t bench Escape
  sleep 0.5
  tmux -L "$SOCKET" send-keys -t bench q
  for _ in $(seq 1500); do [ -s "$WORK/time.txt" ] && break; sleep 0.02; done
  peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
  user_s=$(sed -n 's/.*User time (seconds): //p' "$WORK/time.txt")
  system_s=$(sed -n 's/.*System time (seconds): //p' "$WORK/time.txt")
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  echo "run=$run first_screen_s=$(secs $((first - start))) full_load_s=$(secs $((full - start)))" \
    "search_s=$(secs $((found - typed))) checked_s=$(secs $((checked - start)))" \
    "peak_mb=$((${peak_kb:-0} / 1024)) cpu_s=$user_s+$system_s"
done
