#!/bin/sh
# The journal's stock trigger (scan_stock) on a tutorial door's admits,
# as two builds make it: a build of local schema 10, whose trigger ran
# its body on every door admit, and a newer one, whose trigger runs it
# only for an admit that hands something over.  20,000 admits at
# door:pandas-intro inserted in one transaction and rolled back, on a
# copy of a file station_bench made (100,000 attendees), each trigger
# three times, alternating; sqlite3's .timer figures.  With
# CHECKIN_BENCH_CALLGRIND=N, instead: N admits once each under valgrind's
# callgrind, and no trigger at all beside them, the instructions of the
# whole sqlite3 run and per admit against the run without the trigger
# (the shell's start and the trigger's creation are the same in each).
# It prints figures; it never passes or fails.
#
#   bench/stock-trigger.sh BENCH.db OLD/checkin NEW/checkin
#
# OLD or NEW may instead be a file ending in .sql holding the trigger's
# CREATE TRIGGER statement (without the final semicolon).
set -eu
[ $# -eq 3 ] || {
    echo "usage: $0 BENCH.db OLD/checkin|OLD.sql NEW/checkin|NEW.sql" >&2
    exit 2
}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/checkin-stock-trigger-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$1" "$work/copy.db"
sqlite3 "$work/copy.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
for b in old new; do
    bin=$2
    [ "$b" = new ] && bin=$3
    case $bin in
    *.sql) cp "$bin" "$work/$b.sql" ;;
    *)
        "$bin" init "$work/$b.db" "$here/config/demo/event.ini" \
            --key "$work/$b.key" >/dev/null
        sqlite3 "$work/$b.db" \
            "SELECT sql FROM sqlite_master WHERE name = 'scan_stock'" \
            >"$work/$b.sql"
        ;;
    esac
done
admits=${CHECKIN_BENCH_CALLGRIND:-20000}
script() {
    echo "DROP TRIGGER IF EXISTS scan_stock;"
    if [ "$1" != none ]; then
        cat "$work/$1.sql"
        echo ";"
    fi
    echo ".timer on"
    echo "BEGIN;"
    echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1" \
        "FROM n WHERE i < $admits) INSERT INTO scan (station_id," \
        "station, seq, at_ms, mode, target, code, attendee_ticket_id," \
        "decision, reason) SELECT 'stock-trigger', 'bench-pandas', i," \
        "1900000000000 + i, 'door', 'pandas-intro', 'x', CAST(i AS" \
        "TEXT), 'admit', 'entered' FROM n;"
    echo "ROLLBACK;"
}
if [ -n "${CHECKIN_BENCH_CALLGRIND:-}" ]; then
    for b in none old new; do
        script $b >"$work/$b.in"
        valgrind --tool=callgrind --callgrind-out-file="$work/$b.cg" \
            sqlite3 "$work/copy.db" <"$work/$b.in" >/dev/null 2>&1
        eval "ir_$b=\$(sed -n 's/^summary: //p' \"\$work/\$b.cg\")"
    done
    for b in old new; do
        eval "ir=\$ir_$b"
        echo "| $b trigger, $admits tutorial admits, callgrind | $ir" \
            "instructions, $(((ir - ir_none) / admits)) per admit beside" \
            "no trigger |"
    done
    echo "| no trigger, $admits tutorial admits, callgrind | $ir_none |"
    exit 0
fi
run() {
    script "$1" | sqlite3 "$work/copy.db" | sed -n 2p
}
for _ in 1 2 3; do
    echo "| old trigger, $admits tutorial admits | $(run old) |"
    echo "| new trigger, $admits tutorial admits | $(run new) |"
done
