#!/usr/bin/env bash
# CI fixture for scripts/check: a finished chapter 1 with one planted bug must fail, and the
# learner must read why without re-running anything -- the failed assertion, its expansion with
# escaped bytes, under the failing test's name.
#
# The bug: the skip list's search compares keys as (signed) chars, so keys with bytes >= 0x80
# sort before 0x00..0x7f. Built in a scratch copy of the tree; the repository is not touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$scratch"
cp solutions/01-memtable/*.cpp "$scratch/exercises/01-memtable/"
file="$scratch/exercises/01-memtable/skiplist.cpp"
grep -q 'next->key() < key) {' "$file" || { echo "planted_bug: the line to break moved" >&2; exit 2; }
sed -i 's/next->key() < key) {/std::lexicographical_compare(next->key().begin(), next->key().end(), key.begin(), key.end())) {  \/\/ BUG: signed chars/' "$file"
sed -i '0,/^#include </s//#include <algorithm>\n#include </' "$file"

set +e
(cd "$scratch" && scripts/check 01) >"$scratch/check.log" 2>&1
rc=$?
set -e
cat "$scratch/check.log"
echo
fail() { echo "planted_bug: FAIL: $*" >&2; exit 1; }
[ "$rc" -ne 0 ] || fail "scripts/check 01 passed with a planted bug"
grep -q '^  FAIL  ch01\.' "$scratch/check.log" || fail "no failed test listed"
grep -q ': FAILED:$' "$scratch/check.log" || fail "no failed assertion printed under a failed test"
grep -qE '^ +with expansion:$' "$scratch/check.log" || fail "no expansion printed"
grep -qE '\\x[89a-f][0-9a-f]' "$scratch/check.log" || fail "no escaped byte (\\x80..\\xff) in the output"
echo "planted_bug: OK: the planted bug fails, and its assertion shows escaped bytes"
