#!/usr/bin/env bash
# Issue 11 figures: submit→finalized-fill latency (p50/p99) and accepted orders/s at several
# rates on a 4-validator devnet over loopback (orders to the follower's gateway, fills reported
# once finalized), beside a single-validator devnet measured in the same run. Release build;
# every run gets a fresh devnet (a run spends the traders' genesis coins).
#
#   Tools/loadgen/cluster-figures.sh                     # rates 200 400 800 1600, 10 s each
#   RATES="500 1000 4000" SECONDS_PER_RATE=20 Tools/loadgen/cluster-figures.sh
#   VALIDATOR_COUNTS=1 ORDERS_PER_TRANSACTION=16 RATES="20000 50000 100000" Tools/loadgen/cluster-figures.sh
#
# Prints one JSON line per run and a Markdown table (docs/OPERATIONS.md, performance).
set -euo pipefail
cd "$(dirname "$0")/../.."

RATES=${RATES:-"200 400 800 1600"}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-10}
MAKERS=${MAKERS:-4}
VALIDATOR_COUNTS=${VALIDATOR_COUNTS:-"1 4"}
PORT_BASE=${PORT_BASE:-7901}          # ports 7901-7967
READY_WITHIN=${READY_WITHIN:-90}      # seconds for the devnet's first blocks
BIN=${BIN:-.build/release}
LOADGEN=${LOADGEN:-$BIN/lodestone-loadgen}   # another node binary (BIN) may be measured with this loadgen
ORDERS_PER_TRANSACTION=${ORDERS_PER_TRANSACTION:-1}

if [ -z "${SKIP_BUILD:-}" ]; then
  swift build -c release --product lodestone
  swift build -c release --product lodestone-loadgen
fi

WORK=$(mktemp -d /tmp/lodestone-figures-XXXXXX)
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for validators in $VALIDATOR_COUNTS; do
  for rate in $RATES; do
    dir="$WORK/devnet-$validators-$rate"
    "$BIN/lodestone" devnet --dir "$dir" --validators "$validators" --port-base "$PORT_BASE" --traders "$MAKERS" --create-only --no-peg >/dev/null
    # The gateway's per-client limits must not be what is measured.
    python3 - "$dir/node.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
config.update(gateway_rate_per_second=1_000_000, gateway_burst=1_000_000, log_level="warning")
json.dump(config, open(path, "w"), indent=2, sort_keys=True)
PY
    if [ "$validators" = 1 ]; then
      "$BIN/lodestone" node --dir "$dir" >"$dir/run.log" 2>&1 &
    else
      "$BIN/lodestone" devnet --dir "$dir" >"$dir/run.log" 2>&1 &
    fi
    PID=$!
    deadline=$((SECONDS + READY_WITHIN))
    until height=$("$BIN/lodestone" status --dir "$dir" --json --timeout-ms 500 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["height"])' 2>/dev/null) \
          && [ "$height" -ge 2 ]; do
      if [ $SECONDS -ge $deadline ]; then echo "devnet of $validators validator(s) made no blocks in ${READY_WITHIN} s" >&2; tail -20 "$dir/run.log" >&2; exit 1; fi
      sleep 0.5
    done
    line=$("$LOADGEN" --dir "$dir" --makers "$MAKERS" --rate "$rate" --seconds "$SECONDS_PER_RATE" \
      --orders-per-transaction "$ORDERS_PER_TRANSACTION" --json)
    echo "{\"validators\": $validators, \"loadgen\": $line}" | tee -a "$RESULTS"
    kill -TERM "$PID"; wait "$PID" || true; PID=""
  done
done

python3 - "$RESULTS" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
best = {}
for run in runs:
    figures = run["loadgen"]
    best[run["validators"]] = max(best.get(run["validators"], 0), figures["fills"] / figures["seconds"])
def ms(value):
    return "-" if value is None else f"{value / 1000:.0f}"
print()
def ms1(value):
    return "-" if value is None else f"{value / 1000:.1f}"
print("| validators | orders/tx | target orders/s | acked orders/s | finalized fills/s | submit→finalized fill p50 ms | p99 ms | ack p50 ms | ack p99 ms | refused |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for run in runs:
    figures = run["loadgen"]
    refused = sum(figures["rejected"].values())
    print(f"| {run['validators']} | {figures.get('orders_per_transaction', 1)} | {figures['rate']:.0f} | {figures['accepted_per_second']:.0f} | "
          f"{figures['fills'] / figures['seconds']:.0f} | {ms(figures['fill_p50_us'])} | {ms(figures['fill_p99_us'])} | "
          f"{ms1(figures['ack_p50_us'])} | {ms1(figures['ack_p99_us'])} | {refused} |")
if 1 in best:
    for validators, rate in sorted(best.items()):
        if validators != 1:
            print(f"\nbest finalized fills/s: {validators} validators {rate:.0f} = {100 * rate / best[1]:.0f}% of 1 validator ({best[1]:.0f})")
PY
