#!/usr/bin/env bash
# The main job on a fresh clone: installs dependencies, builds everything (reference
# solutions), runs every demo and every benchmark (quick mode), and builds the book.
#
#   scripts/main.sh           # the book's comparison page then says how to add LevelDB and RocksDB
#   scripts/main.sh --peers   # also installs them: peer_bench runs, and the book shows the figures
#   scripts/main.sh --browser # also installs Chromium and checks every page of the book in it
set -euo pipefail
cd "$(dirname "$0")/.."

check_book=false
for arg in "$@"; do
  if [ "$arg" = --browser ]; then check_book=true; fi
done

scripts/install-deps.sh "$@"
cmake --preset solutions >/dev/null
cmake --build --preset solutions
cmake --build --preset solutions --target demos
cmake --build --preset solutions --target benchmarks
if $check_book; then
  cmake --build --preset solutions --target book_check        # builds the book, then checks it
  tests/book/check_book_selftest.sh build/solutions/book/html  # the check fails a damaged copy
else
  cmake --build --preset solutions --target book
fi
echo
echo "Benchmark results (JSON): $PWD/build/solutions/bench/"
echo "The book:                 $PWD/build/solutions/book/html/index.html"
if $check_book; then
  echo "Its screenshots:          $PWD/build/solutions/book/screenshots/"
fi
