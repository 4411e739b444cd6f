#!/bin/sh
# The /scan page's decoder, WebAssembly (in node's V8, Chromium's engine)
# against the same C compiled natively, on the same frames:
#
#   bench/run-scan-bench.sh [BUILD_DIR]     (default build-test)
#
# Needs a build with the decoder (scripts/setup --phones) and node.  Both
# run pinned to CPU 0 (taskset) so each gets one core.
set -eu
build=${1:-build-test}
here=$(dirname "$0")
frames=$(mktemp -d)
trap 'rm -rf "$frames"' EXIT
"$build/bench/decode_bench" --write-frames "$frames"
"$build/bench/scan_bench" "$frames"
taskset -c 0 node "$here/scan_bench.mjs" "$build/scanner/wasm/decoder.wasm" "$frames"
