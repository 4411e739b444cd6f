#!/bin/sh
# valgrind memcheck over the main command paths: every command must finish
# with no invalid read or write, no use of uninitialised memory and no
# definite leak, and the exit status it should have.
# Usage: memcheck.sh CHECKIN CONFIG_DIR
# Everything it reads is in the repository or made here: the image
# `decode` reads is a badge `checkin badge` renders.
set -eu
checkin=$1 config=$2
supp=$(dirname "$0")/data/valgrind.supp
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# vg EXPECTED-EXIT ARGS...: run checkin under memcheck; any memory error
# (exit 99) or an exit status other than the expected one fails.  Origins
# of uninitialised values change what a report says, not whether there is
# one, and cost a third of the time (stats: 3.8 s of CPU with them, 2.6 s
# without), so they are tracked only in a second run of a command that
# failed, whose report is the one shown.
vg_run() {
    st=0
    valgrind -q --error-exitcode=99 --leak-check=full --suppressions="$supp" \
        --errors-for-leak-kinds=definite "$@" >"$dir/out" 2>"$dir/err" ||
        st=$?
}
vg() {
    want=$1
    shift
    vg_run --track-origins=no "$checkin" "$@"
    if [ "$st" -ne "$want" ]; then
        first=$st
        vg_run --track-origins=yes "$checkin" "$@"
        echo "memcheck failed (exit $first, expected $want): checkin $*"
        cat "$dir/err"
        exit 1
    fi
    echo "clean: checkin $*"
}
vg 0 init "$dir/e.db" "$config/demo/event.ini"
vg 0 import "$dir/e.db" "$config/demo/registrations.csv"
vg 0 import "$dir/e.db" "$config/demo/pretix-orders.json"
vg 0 attendees "$dir/e.db" "zoë"
vg 0 attendees --json "$dir/e.db" "देशपांडे"
vg 0 stats "$dir/e.db"
vg 0 issue "$dir/e.db" 53139
badge=$(head -c 133 "$dir/out")
vg 0 verify --json "$dir/e.db" "$badge"
vg 1 verify "$dir/e.db" "not-a-code"
vg 0 badge "$dir/e.db" 53139 --out "$dir/badge.png"
vg 0 decode "$dir/badge.png"
grep -q "badge.png	CK2:" "$dir/out" || { echo "decode did not read the badge: $(cat "$dir/out")"; exit 1; }
vg 0 print "$dir/e.db" 48243 --printer "file:$dir/p.bin" --model QL-800 --media 62x100
vg 0 demo --out "$dir/demo"
echo "memcheck: 13 passed, 0 failed"
