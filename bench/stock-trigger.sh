#!/bin/sh
# The journal's stock trigger (scan_stock) on a tutorial door's admits,
# as two builds make it: a build of local schema 10, whose trigger ran
# its body on every door admit, and a newer one, whose trigger runs it
# only for an admit that hands something over.  20,000 admits at
# door:pandas-intro inserted in one transaction and rolled back, on a
# copy of a file station_bench made (100,000 attendees), each trigger
# three times, alternating; sqlite3's .timer figures.  It prints
# figures; it never passes or fails.
#
#   bench/stock-trigger.sh BENCH.db OLD/checkin NEW/checkin
set -eu
[ $# -eq 3 ] || {
    echo "usage: $0 BENCH.db OLD/checkin NEW/checkin" >&2
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
    "$bin" init "$work/$b.db" "$here/config/demo/event.ini" \
        --key "$work/$b.key" >/dev/null
    sqlite3 "$work/$b.db" \
        "SELECT sql FROM sqlite_master WHERE name = 'scan_stock'" \
        >"$work/$b.sql"
done
run() {
    {
        echo "DROP TRIGGER scan_stock;"
        cat "$work/$1.sql"
        echo ";"
        echo ".timer on"
        echo "BEGIN;"
        echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1" \
            "FROM n WHERE i < 20000) INSERT INTO scan (station_id," \
            "station, seq, at_ms, mode, target, code, attendee_ticket_id," \
            "decision, reason) SELECT 'stock-trigger', 'bench-pandas', i," \
            "1900000000000 + i, 'door', 'pandas-intro', 'x', CAST(i AS" \
            "TEXT), 'admit', 'entered' FROM n;"
        echo "ROLLBACK;"
    } | sqlite3 "$work/copy.db" | sed -n 2p
}
for _ in 1 2 3; do
    echo "| old trigger, 20,000 tutorial admits | $(run old) |"
    echo "| new trigger, 20,000 tutorial admits | $(run new) |"
done
