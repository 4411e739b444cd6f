#!/bin/sh
# Run every libFuzzer target for a fixed budget, seeded with its corpus in
# tests/fuzz/corpus/<name>; new inputs go to a scratch directory, so the
# repository's corpora only change by hand.  A crash leaves crash-* in the
# current directory and fails the run.
#   tests/fuzz/run-all.sh BUILD_DIR [SECONDS]   (a clang build, see fuzz.cmake)
# FUZZ_JOBS=N runs N fuzzers at a time (2 unless set).
set -eu
build=$1 seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
targets="fuzz_badge fuzz_import fuzz_event fuzz_template fuzz_status fuzz_profile
    fuzz_frame fuzz_image fuzz_pull fuzz_http fuzz_booth fuzz_tls fuzz_describe
    fuzz_invitations fuzz_readback fuzz_merge fuzz_json_read"
cmake --build "$build" -j2 --target $targets
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# One fuzzer a core: two run side by side, each for its whole budget (the
# machine CI runs on has two cores, and a libFuzzer run uses one), so the
# sixteen take eight budgets of wall time instead of sixteen.
jobs=${FUZZ_JOBS:-2}

# Run target $1 for the budget; its verdict in $scratch/$name.rc.
run_one() {
    t=$1 name=${1#fuzz_}
    mkdir -p "$scratch/$name"
    # fuzz_http's (and fuzz_booth's) servers allocate on their own threads, so libFuzzer's
    # per-input leak check (malloc and free counted around each input)
    # would rerun nearly every input under LeakSanitizer: 110 runs a second
    # instead of 1,500.  Leaks are still reported at exit.
    flags=
    case $t in fuzz_http | fuzz_booth) flags=-detect_leaks=0 ;; esac
    rc=0
    "$build/tests/$t" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=4096 $flags "$scratch/$name" "$here/corpus/$name" \
        >"$scratch/$name.log" 2>&1 || rc=$?
    echo "$rc" >"$scratch/$name.rc"
}

running=0
for t in $targets; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

passed=0 failed=0
for t in $targets; do
    name=${t#fuzz_}
    if [ "$(cat "$scratch/$name.rc" 2>/dev/null)" = 0 ]; then
        runs=$(grep -o 'Done [0-9]* runs' "$scratch/$name.log" | tail -n 1)
        echo "$t: ${runs:-done} in ${seconds} s, no findings"
        passed=$((passed + 1))
    else
        echo "$t: FAILED"
        tail -n 40 "$scratch/$name.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
