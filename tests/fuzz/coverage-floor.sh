#!/bin/sh
# Whether a libFuzzer target still sees the code it fuzzes: run it for a
# fixed number of inputs from a fixed seed over its corpus, and fail when
# the coverage it reports (libFuzzer's `cov:`, edges reached in
# instrumented code) is below the target's floor.  A target whose
# libraries were linked without instrumentation reports a handful (issue
# 50: fuzz_badge, fuzz_import and fuzz_event reported 9, 5 and 3), far
# below any floor set from the code it should reach.  New inputs go to a
# scratch directory; the corpus is only read.
#   tests/fuzz/coverage-floor.sh FUZZER CORPUS RUNS FLOOR [FLAG...]
set -eu
fuzzer=$1 corpus=$2 runs=$3 floor=$4
shift 4
name=$(basename "$fuzzer")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/new"
rc=0
"$fuzzer" -runs="$runs" -seed=1 -timeout=10 -rss_limit_mb=4096 "$@" \
    "$scratch/new" "$corpus" >"$scratch/log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
    tail -n 40 "$scratch/log"
    echo "$name: the fuzzer failed (exit $rc) before its coverage was known."
    exit 1
fi
cov=$(grep -o 'cov: [0-9]*' "$scratch/log" | tail -n 1 | cut -d' ' -f2)
if [ -z "$cov" ]; then
    tail -n 20 "$scratch/log"
    echo "$name: libFuzzer printed no coverage; is it a libFuzzer binary?"
    exit 1
fi
if [ "$cov" -lt "$floor" ]; then
    echo "$name: cov $cov after $runs runs, below its floor of $floor; the" \
        "code it fuzzes is not instrumented or no longer reached" \
        "(tests/fuzz/README.md, Coverage floors)."
    exit 1
fi
echo "$name: cov $cov after $runs runs (floor $floor)"
