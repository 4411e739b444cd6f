#!/bin/sh
# Run the QR decoder benchmarks from an existing build directory and print
# one markdown table.  Builds nothing: configure with
# -DCMAKE_BUILD_TYPE=Release and build decode_bench and zxing_bench first.
#
#   bench/run-decode-bench.sh BUILD_DIR [PHOTO_DIR]
#   bench/run-decode-bench.sh --scenes BUILD_DIR [PER_CONDITION [SEED]]
#
# --scenes: realistic frames instead (synthcam/synth_scene.h: every
# condition at 640x480, 1280x720 and 1920x1080, PER_CONDITION frames each,
# default 4; SEED another set of frames, default 0), read by checkin's
# decoder as `checkin decode` uses it (still), as the station's stream
# does (video, one frame each), by plain libzbar and by ZXing-C++, one
# after the other in this run: a table per
# condition (codes read, wrong payloads, mean ms per frame) and a table
# per size with each decoder's time as a ratio of ZXing-C++'s.
#
# Every decoder runs pinned to CPU 0, or $CHECKIN_BENCH_CPU (the programs call
# sched_setaffinity), on the same preloaded gray images: the shared photos
# and 20 synthetic frames per size that decode_bench writes to a temporary
# directory.  Figures are medians of the decode call only.
set -eu

if [ "${1:-}" = "--scenes" ]; then
    if [ $# -lt 2 ]; then
        echo "usage: $0 --scenes BUILD_DIR [PER_CONDITION [SEED]]" >&2
        exit 2
    fi
    bench=$2/bench/decode_bench
    zxing=$2/bench/zxing_bench
    if [ ! -x "$bench" ]; then
        echo "$0: $bench not found; build the decode_bench target first." >&2
        exit 1
    fi
    scenes=$(mktemp -d "${TMPDIR:-/tmp}/decode-scenes-XXXXXX")
    trap 'rm -rf "$scenes"' EXIT INT TERM
    "$bench" --write-scenes "$scenes" "${3:-4}" "${4:-0}"
    "$bench" --scenes "$scenes" >"$scenes/rows.tsv"
    if [ -x "$zxing" ]; then
        "$zxing" --scenes "$scenes" >>"$scenes/rows.tsv"
    else
        echo "$0: $zxing not built (libzxing-dev missing?); no ZXing rows." >&2
    fi
    awk -F '\t' -f "$(dirname "$0")/scene-table.awk" "$scenes/rows.tsv"
    exit 0
fi
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: $0 BUILD_DIR [PHOTO_DIR]" >&2
    exit 2
fi
build=$1
here=$(cd "$(dirname "$0")" && pwd)
# The photos: PHOTO_DIR, else the organizers' 90 beside the checkout.  The
# repository carries none; without them, --scenes measures generated frames.
photos=${2:-$here/../../shared/data/qr-photos}
bench=$build/bench/decode_bench
zxing=$build/bench/zxing_bench
if [ ! -x "$bench" ]; then
    echo "$0: $bench not found; build the decode_bench target first." >&2
    exit 1
fi
if [ ! -d "$photos" ]; then
    echo "$0: no photos in $photos; put the organizers' 90 QR photos there or give PHOTO_DIR (--scenes measures generated frames without them)." >&2
    exit 1
fi

frames=$(mktemp -d "${TMPDIR:-/tmp}/decode-bench-XXXXXX")
rows=$frames/rows.tsv
trap 'rm -rf "$frames"' EXIT INT TERM

"$bench" --write-frames "$frames"
"$bench" "$photos" "$frames" >"$rows"
if [ -x "$zxing" ]; then
    "$zxing" "$photos" "$frames" >>"$rows"
else
    echo "$0: $zxing not built (libzxing-dev missing?); no ZXing rows." >&2
fi

awk -F '\t' '
function name(d) {
    return d == "checkin" ? "checkin decoder" : \
           d == "zbar" ? "libzbar, default settings" : \
           d == "zxing" ? "ZXing-C++" : d
}
$1 == "photos" {
    order[++np] = $2
    ph[$2] = sprintf("| %s | %d/%d | %d | %d | %.2f | %.2f |", name($2),
                     $3, $6, $4, $5, $7, $8)
}
$1 == "frames" {
    if (!($2 in seen)) { seen[$2] = 1; forder[++nf] = $2 }
    fr[$2, $3] = sprintf("%.2f (%d/%d)", $6, $4, $5)
}
$1 == "empty" {
    em[$2, $3] = sprintf("%.2f / %.2f", $4, $5)
}
END {
    print "| decoder | photos correct | wrong | missed | median ms | p95 ms |"
    print "|---|---|---|---|---|---|"
    for (i = 1; i <= np; i++) print ph[order[i]]
    print ""
    print "| decoder | 640x480 ms | 1280x720 ms | 1920x1080 ms |"
    print "|---|---|---|---|"
    for (i = 1; i <= nf; i++) {
        d = forder[i]
        printf "| %s | %s | %s | %s |\n", name(d), fr[d, "640x480"],
               fr[d, "1280x720"], fr[d, "1920x1080"]
    }
    if (("checkin", "640x480") in em) {
        print ""
        print "| checkin decoder, video mode, frame without a code | 640x480 ms | 1280x720 ms | 1920x1080 ms |"
        print "|---|---|---|---|"
        printf "| median / longest of 30 frames (fallback passes rotate) | %s | %s | %s |\n",
               em["checkin", "640x480"], em["checkin", "1280x720"],
               em["checkin", "1920x1080"]
    }
}' "$rows"
