#!/bin/bash
# Instructions (valgrind's callgrind) that two builds of checkin spend on
# the same four paths: importing 10,000 registrations, 500 scans at a desk,
# printing one badge to a QL-800 byte stream, decoding 30 photos.  Counts,
# unlike times, do not move with whatever else the machine runs, so a
# change can be compared with the build before it on a busy machine.
#
# Usage: bench/instructions.sh OLD_CHECKIN OLD_CONFIG NEW_CHECKIN NEW_CONFIG
#   e.g. git worktree add /tmp/old e3c3f50 && cmake -S /tmp/old -B /tmp/old/b
#        && cmake --build /tmp/old/b --target checkin -j2, then
#        bench/instructions.sh /tmp/old/b/checkin /tmp/old/config \
#            build/checkin config
# Prints a Markdown table; never passes or fails.  Needs valgrind
# (scripts/setup --tests); decodes 30 photos of ../shared/data/qr-photos,
# and without that set leaves the decode path out (the repository carries
# no photos) and says so.
set -eu
if [ $# -ne 4 ]; then
  sed -n '8,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
command -v valgrind >/dev/null || {
  echo "instructions.sh: valgrind is not installed; run scripts/setup --tests." >&2
  exit 2
}
here=$(cd "$(dirname "$0")/.." && pwd)
photos="$here/../shared/data/qr-photos"
decode_what="decode 30 photos"
if [ ! -d "$photos" ]; then
  decode_what="decode 30 photos (not measured: no photo set)"
  echo "instructions.sh: no photos in $photos; the decode path is left out. Put the organizers' 90 QR photos there to measure it." >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -c "
print('ticket_id,order_code,status,ticket_type,secret,given_name,family_name,email')
for i in range(10000):
    print(f'{i+1},W{i:07d},paid,individual,ib{i:030d},Given{i},Family{i},p{i}@example.com')
" > "$work/regs.csv"
python3 -c "
for i in range(500): print(f'ib{i*7:030d}')
" > "$work/codes.txt"
images=$(ls "$photos"/*.png "$photos"/*.jpg 2>/dev/null | sort | head -30)

# count NAME DIR CMD...: instructions of CMD (stdin from $stdin or null).
count() {
  local name=$1 dir=$2
  shift 2
  valgrind --tool=callgrind --callgrind-out-file="$dir/$name.cg" "$@" \
    < "${stdin:-/dev/null}" > "$dir/$name.out" 2> "$dir/$name.err" || true
  grep -o 'Collected : [0-9]*' "$dir/$name.err" | awk '{print $3}'
}

# run BIN CONFIG DIR: the four counts, one per line.
run() {
  local bin=$1 conf=$2 dir=$3
  mkdir -p "$dir"
  "$bin" init "$dir/ev.db" "$conf/demo/event.ini" > /dev/null
  count import "$dir" "$bin" import "$dir/ev.db" "$work/regs.csv"
  stdin="$work/codes.txt" count scan "$dir" "$bin" scan "$dir/ev.db" \
    --station desk --name d1 --keyboard --json --clock '2027-05-12 09:00'
  count print "$dir" "$bin" print "$dir/ev.db" 42 \
    --printer "file:$dir/label.bin" --model QL-800 --media 62x100
  if [ -n "$images" ]; then
    # shellcheck disable=SC2086
    count decode "$dir" "$bin" decode $images
  else
    echo 0
  fi
}

mapfile -t old < <(run "$1" "$2" "$work/old")
mapfile -t new < <(run "$3" "$4" "$work/new")
names=("import, 10,000 registrations" "desk, 500 scans (with start-up)"
       "print one badge, QL-800" "$decode_what")
echo "| path | old (M instructions) | new | new / old |"
echo "|---|---|---|---|"
for i in 0 1 2 3; do
  awk -v n="${names[$i]}" -v a="${old[$i]:-0}" -v b="${new[$i]:-0}" \
    'BEGIN { printf "| %s | %.0f | %.0f | %s |\n", n, a / 1e6, b / 1e6,
             (a > 0 ? sprintf("%.3f", b / a) : "-") }'
done
