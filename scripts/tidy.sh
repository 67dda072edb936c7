#!/usr/bin/env bash
# clang-tidy with the checked-in .clang-tidy on common/, chapters/ and solutions/.
# Needs the compile database of a configured build (default: build/solutions).
#
#   scripts/tidy.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/solutions}"
[ -f "$build/compile_commands.json" ] || cmake --preset solutions >/dev/null
# g++-only warning flags in the database are unknown to clang: ignore those.
run-clang-tidy -p "$build" -quiet -extra-arg=-Wno-unknown-warning-option \
  "$PWD/(common|chapters|solutions)/.*\.cpp$"
