#!/usr/bin/env bash
# Prints the executions of the last fuzzing run in a build tree (default build/fuzz), for the
# book's "How we know it works" page.
set -u
build="${1:-build/fuzz}"
log="$build/Testing/Temporary/LastTest.log"
if [ ! -f "$log" ] || ! grep -q -a "number_of_executed_units" "$log"; then
  echo "fuzzing: no fuzzing run in $build yet (run: cmake --workflow --preset fuzz)"
  exit 0
fi
echo "fuzzing, last run $(date -r "$log" '+%Y-%m-%d %H:%M'):"
awk '/ Testing: / { test = $NF }
     /stat::number_of_executed_units:/ { print "  " test ": " $NF " inputs executed, no failure" }' "$log"
