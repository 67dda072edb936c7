#!/usr/bin/env bash
# The main job on a fresh clone: installs dependencies, builds everything (reference
# solutions), runs every demo and every benchmark (quick mode), and builds the book.
#
#   scripts/main.sh           # the book's comparison page then says how to add LevelDB and RocksDB
#   scripts/main.sh --peers   # also installs them: peer_bench runs, and the book shows the figures
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh "$@"
cmake --preset solutions >/dev/null
cmake --build --preset solutions
cmake --build --preset solutions --target demos
cmake --build --preset solutions --target benchmarks
cmake --build --preset solutions --target book
echo
echo "Benchmark results (JSON): $PWD/build/solutions/bench/"
echo "The book:                 $PWD/build/solutions/book/html/index.html"
