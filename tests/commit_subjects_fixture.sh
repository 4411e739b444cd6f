#!/bin/sh
# The fixture of commit_subjects_finds_a_commit: a throwaway repository
# (removed on every exit) with a base, a commit that keeps the rule, one
# whose subject is 73 characters and one with no body; runs
# scripts/check-commit-subjects (given as $1) on it from the base.
set -eu
check=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/checkin-commit-subjects.XXXXXX")
trap 'rm -rf "$dir"' EXIT
g() { git -C "$dir" -c user.name=Fixture -c user.email=fixture@example.com \
        -c commit.gpgsign=false "$@"; }
g init -q
g commit -q --allow-empty -m "base: before the rule" -m "Not checked."
base=$(g rev-parse HEAD)
g commit -q --allow-empty -m "kept: a subject that says what changed" \
    -m "And a body that says why."
long="long: $(printf '%067d' 0)"
g commit -q --allow-empty -m "$long" -m "A body."
g commit -q --allow-empty -m "bare: no body"
# The hashes the script names, in its own 7 characters, as placeholders.
"$check" "$dir" "$base" | sed "s/^[0-9a-f]\{7\}:/COMMIT:/"
