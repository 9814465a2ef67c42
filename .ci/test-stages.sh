#!/usr/bin/env bash
# `make test`: every test stage, the same on a laptop and in CI (2 cores), with the stages
# that only wait or need no clock overlapped with the rest:
#
#   foreground, one at a time, at normal priority (their checks have time bounds):
#     build         swift build --build-tests (every product and test; no DWARF: Makefile, DEBUG_INFO)
#     gateway-live  the Python SDK's low-level live test against one node
#     sdk-live      the SDK's and the CCXT adapter's live tests, each against its own node
#     adversarial   Tests/Adversarial against a live node
#     cluster       Tests/Cluster against 4-validator devnets
#     swift-test    the Swift Testing suites (--skip-build)
#     market-maker  examples/market_maker.py against examples/taker.py on a node of their own
#                   for two minutes (mostly waiting on blocks: the simulator and fuzz-smoke
#                   use the rest)
#   background:
#     python        the Python venv (network; the SDK installed editable) and the SDK's offline
#                   tests (vectors, SDK, CCXT adapter), from the start
#     fuzz-build    the instrumented fuzz build (own scratch folder), from the start, nice 19
#     sim-smoke     the seeded simulator (a simulated clock), after `build`, nice 19
#     fuzz-smoke    every fuzz target for 5 s (make fuzz-smoke-run, on fuzz-build's build), from
#                   the end of swift-test, once fuzz-build is done, nice 19: libFuzzer's time is
#                   wall time, so contention only means fewer runs; it used to run alone at the
#                   end, 30 s of the critical path
#
# At nice 19 the background builds and the simulator take only the CPU the foreground leaves
# (a waiting build, a test sleeping on a node), so the timed stages run as they would alone.
# Background output goes to .build-ci/<stage>.log and is printed when the stage ends. The
# first failing stage fails the run; background stages still running are then stopped.
# Each stage's start and wall time are printed at the end.
#
# Called by `make test` with MAKE, SWIFT, SWIFT_DEBUG and PY_ENV set; the stage commands are the
# Makefile's.
set -uo pipefail
cd "$(dirname "$0")/.."
: "${MAKE:=make}" "${SWIFT:=swift}" "${PY_ENV:=.build-py}" "${SWIFT_DEBUG:=-debug-info-format none}"
python="$PY_ENV/bin/python"
logs=.build-ci
rm -rf "$logs"
mkdir -p "$logs"
t0=$(date +%s)
declare -A pids=() started=()
summary=()

# Ends the process `$1` and every process it started, children first.
stop_tree() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null); do stop_tree "$child"; done
    kill -TERM "$1" 2>/dev/null
}

stop_background() {
    local name
    for name in "${!pids[@]}"; do stop_tree "${pids[$name]}"; done
    pids=()
}
trap 'stop_background' EXIT
trap 'stop_background; exit 130' INT TERM

# record NAME START END STATUS: one line of the summary.
record() {
    summary+=("$(printf '%-14s %5ss %5ss  %s' "$1" "$(($2 - t0))" "$(($3 - $2))" "$([ "$4" -eq 0 ] && echo ok || echo "FAILED ($4)")")")
}

print_summary() {
    echo "== stages (start after launch, wall time)"
    printf '%s\n' "${summary[@]}"
    echo "== total $(($(date +%s) - t0))s"
}

fail() {
    print_summary
    echo "make test: stage $1 failed" >&2
    exit 1
}

# foreground NAME COMMAND...: runs it now; a failure ends the run.
foreground() {
    local name=$1 start status
    shift
    echo "== $name: $*"
    start=$(date +%s)
    "$@"
    status=$?
    record "$name" "$start" "$(date +%s)" "$status"
    [ "$status" -eq 0 ] || fail "$name"
}

# background NAME NICENESS COMMAND...: starts it, its output to $logs/NAME.log.
background() {
    local name=$1 niceness=$2
    shift 2
    echo "== $name (background, nice $niceness): $*"
    started[$name]=$(date +%s)
    (
        nice -n "$niceness" "$@"
        status=$?
        date +%s >"$logs/$name.end"
        exit "$status"
    ) >"$logs/$name.log" 2>&1 &
    pids[$name]=$!
}

# join NAME: waits for a background stage, prints its output; a failure ends the run.
join() {
    local name=$1 status
    wait "${pids[$name]}"
    status=$?
    unset "pids[$name]"
    record "$name" "${started[$name]}" "$(cat "$logs/$name.end" 2>/dev/null || date +%s)" "$status"
    echo "== $name (background) output:"
    cat "$logs/$name.log"
    [ "$status" -eq 0 ] || fail "$name"
}

background python 0 bash -c "$MAKE py-deps && $python clients/python/tests/test_vectors.py && $python clients/python/tests/test_sdk.py && $python clients/python/tests/test_peg_wire.py && $python clients/python/tests/test_ccxt.py"
background fuzz-build 19 "$MAKE" fuzz-build
foreground build "$SWIFT" build --build-tests $SWIFT_DEBUG
background sim-smoke 19 "$MAKE" sim-smoke
join python
foreground gateway-live "$python" clients/python/tests/test_gateway.py
foreground sdk-live bash -c "$python clients/python/tests/test_sdk_live.py && $python clients/python/tests/test_ccxt_live.py"
foreground adversarial "$python" Tests/Adversarial/test_adversarial.py
foreground cluster "$python" Tests/Cluster/test_cluster.py
foreground swift-test "$SWIFT" test --skip-build
join fuzz-build
background fuzz-smoke 19 "$MAKE" fuzz-smoke-run
foreground market-maker "$python" clients/python/tests/test_market_maker_live.py
join sim-smoke
join fuzz-smoke
print_summary
