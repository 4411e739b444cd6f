#!/bin/bash
# What a start of `checkin` costs in CPU (user + system), against two
# peers built and run in the same run: an empty program linked to every
# library the product uses (what each start paid before libpq, pango and
# cairo, and zbar were loaded at first use: checkin/dynlib.h), and the
# same empty program linked to none (the floor of a start).  Each is
# started N times (default 100); the figure is CPU a start.  With
# CFLAGS="-fsanitize=address,undefined" the peers are built as an ASan
# build's would be; give that build's checkin.
#
# Usage: bench/start-cost.sh CHECKIN [N]
#   e.g. bench/start-cost.sh build/checkin 100
#        CFLAGS="-fsanitize=address,undefined" bench/start-cost.sh \
#            build-asan/checkin 40
# Prints a Markdown table; never passes or fails.
set -eu
if [ $# -lt 1 ]; then
  sed -n '11,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
bin=$1
n=${2:-100}
cflags=${CFLAGS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mods="sqlite3 libsodium inih jansson yajl glib-2.0 zbar libqrencode \
libusb-1.0 libpng pangocairo ncursesw libmicrohttpd gnutls libpq"
echo 'int main(void) { return 0; }' > "$work/empty.c"
# shellcheck disable=SC2086
cc $cflags "$work/empty.c" -o "$work/all" -Wl,--no-as-needed \
  $(pkg-config --libs $mods) -lcsv -ljpeg
# shellcheck disable=SC2086
cc $cflags "$work/empty.c" -o "$work/none"
db="$work/event.db"
ASAN_OPTIONS=detect_leaks=0 "$bin" init "$db" \
  "$(dirname "$0")/../config/demo/event.ini" > /dev/null
# CPU of `n` runs of the command line "$@", in ms a run.
cpu_ms() {
  local t0 t1 me=$BASHPID
  t0=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$me/stat")
  for _ in $(seq "$n"); do ASAN_OPTIONS=detect_leaks=0 "$@" > /dev/null; done
  t1=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$me/stat")
  echo "$(( (t1 - t0) * 1000 / $(getconf CLK_TCK) ))" "$n" |
    awk '{printf "%.1f", $1 / $2}'
}
all=$(cpu_ms "$work/all")
none=$(cpu_ms "$work/none")
version=$(cpu_ms "$bin" --version)
stats=$(cpu_ms "$bin" stats "$db")
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| a start, CPU ($n runs each; load $load) | ms |"
echo "|---|---|"
echo "| empty program, every library linked (the peer) | $all |"
echo "| \`checkin --version\` | $version |"
echo "| \`checkin stats\` (demo event, no registrations) | $stats |"
echo "| empty program, no library (the floor) | $none |"
