#!/bin/sh
# valgrind memcheck over the main command paths: every command must finish
# with no invalid read or write, no use of uninitialised memory and no
# definite leak.  Usage: memcheck.sh CHECKIN CONFIG_DIR SHARED_DIR
set -eu
checkin=$1 config=$2 shared=$3
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
vg() {
    valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --track-origins=yes \
        "$checkin" "$@" >"$dir/out" 2>"$dir/err" || {
        st=$?
        # 1 is a legitimate "not valid" answer (verify, decode); 99 is valgrind.
        if [ $st -eq 99 ] || [ $st -gt 2 ]; then
            echo "memcheck failed (exit $st): checkin $*"; cat "$dir/err"; exit 1
        fi
    }
    echo "clean: checkin $*"
}
vg init "$dir/e.db" "$config/demo/event.ini"
vg import "$dir/e.db" "$config/demo/registrations.csv"
vg import "$dir/e.db" "$config/demo/pretix-orders.json"
vg attendees "$dir/e.db" "zoë"
vg attendees --json "$dir/e.db" "देशपांडे"
vg stats "$dir/e.db"
vg issue "$dir/e.db" 53139
badge=$(head -c 121 "$dir/out")
vg verify --json "$dir/e.db" "$badge"
vg verify "$dir/e.db" "not-a-code"
vg decode "$shared/data/qr-photos/qrcode-1-10.png"
vg demo --out "$dir/demo"
echo "memcheck: 11 passed, 0 failed"
