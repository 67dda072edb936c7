#!/usr/bin/env bash
# Prints the executions of the last fuzzing run in a build tree (default build/fuzz), for the
# book's "How we know it works" page.
set -u
build="${1:-build/fuzz}"
log="$build/Testing/Temporary/LastTest.log"
if [ ! -f "$log" ]; then
  echo "fuzzing: no run in $build yet (run: ctest --preset fuzz)"
  exit 0
fi
when=$(date -r "$log" '+%Y-%m-%d %H:%M')
grep -a -E '^(Test: |.*stat::number_of_executed_units)' "$log" |
  sed -E 's/^Test: /fuzz test /' | sed "s/^/  /" | sed "1i fuzzing, last run $when:"
