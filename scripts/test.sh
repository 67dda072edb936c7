#!/usr/bin/env bash
# Runs the test suite on a fresh clone: installs dependencies, configures, builds, runs ctest.
#
#   scripts/test.sh                # every test of the reference solutions (preset 'solutions')
#   scripts/test.sh asan           # the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/test.sh solutions -L ch01    # extra arguments go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."

preset="${1:-solutions}"
shift || true

scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" "$@"
