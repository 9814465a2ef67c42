#!/usr/bin/env bash
# Runs each libFuzzer target built in <bin dir> for <seconds>, on the seed corpus in
# Fuzz/Corpus/<target>/ (read-only: inputs the fuzzer finds go to <work dir>/corpus/<target>),
# prints each target's runs, exec/s and coverage, and fails if any target crashed.
# FUZZ_JOBS targets run at once (default 1): each libFuzzer run is one process on one core
# for its whole time, so on idle cores the runs are the same as one after another.
# Called by `make fuzz` / `make fuzz-smoke`: Fuzz/run.sh <bin dir> <work dir> <seconds> <target>...
set -uo pipefail
bin=$1 work=$2 seconds=$3
shift 3
jobs=${FUZZ_JOBS:-1}
corpus="$(cd "$(dirname "$0")" && pwd)/Corpus"
# A trap's backtrace is libFuzzer's to print; the Swift backtracer would hold the run up.
export SWIFT_BACKTRACE=enable=no
results="$work/results"
rm -rf "$results"
mkdir -p "$results"

# One target: its table row in $results/<target>.row, and on failure what to show in
# $results/<target>.failed.
fuzz_one() {
    local target=$1
    local found="$work/corpus/$target" artifacts="$work/artifacts/$target" log="$work/logs/$target.log"
    rm -rf "$artifacts"
    mkdir -p "$found" "$artifacts" "$(dirname "$log")"
    # Leak checking is off: at exit LeakSanitizer reports the Swift runtime's and
    # Foundation's lazily built globals as leaks.
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$found" "$corpus/$target" >"$log" 2>&1
    local status=$?
    # The last status line ("#N ... cov: C ft: F corp: K/...") and the final stats.
    local last runs rate cov ft corp
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    printf '%-22s %12s %9s %7s %7s %7s\n' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
        >"$results/$target.row"
    if [ "$status" -ne 0 ]; then
        {
            echo "  $target exited $status; log: $log"
            ls "$artifacts"/* 2>/dev/null | sed 's/^/  input: /'
            grep -m3 -E 'Fatal error|fuzz property broken|ERROR: (AddressSanitizer|libFuzzer)' "$log" | sed 's/^/  /'
        } >"$results/$target.failed"
    fi
}

for target in "$@"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    fuzz_one "$target" &
done
wait

printf '%-22s %12s %9s %7s %7s %7s\n' target runs exec/s cov ft corpus
failed=()
for target in "$@"; do
    cat "$results/$target.row" 2>/dev/null || printf '%-22s did not run\n' "$target"
    if [ -e "$results/$target.failed" ] || [ ! -e "$results/$target.row" ]; then
        failed+=("$target")
        cat "$results/$target.failed" >&2 2>/dev/null
    fi
done
if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
fi
