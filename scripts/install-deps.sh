#!/usr/bin/env bash
# Installs everything lsm-tutorial needs, from Debian 12's own packages. Idempotent: when every
# package is already there it only checks, which takes a fraction of a second.
#
#   scripts/install-deps.sh            # compiler, CMake, Catch2, Google Benchmark, Doxygen, plots
#   scripts/install-deps.sh --peers    # also LevelDB and RocksDB, for the optional peer_bench
#   scripts/install-deps.sh --browser  # also Chromium, for the book's check in a real browser
#                                      # (target book_check); the options combine
set -euo pipefail

peers=false
browser=false
for arg in "$@"; do
  case "$arg" in
    --peers) peers=true ;;
    --browser) browser=true ;;
    *) echo "install-deps: unknown option $arg (usage: install-deps.sh [--peers] [--browser])" >&2
       exit 2 ;;
  esac
done

packages=(
  g++ cmake ninja-build        # compiler and build
  catch2                       # tests (Catch2 v2, catch2/catch.hpp)
  libbenchmark-dev             # benchmarks (Google Benchmark 1.7)
  doxygen graphviz             # the book
  doxygen-awesome-css          # the book's theme (read from /usr/share by cmake/LsmBook.cmake)
  python3 python3-matplotlib   # plots for the book
  clang clang-format clang-tidy  # formatting, analysis, fuzzing
  libclang-rt-14-dev           # libFuzzer and the sanitizer runtimes for clang (preset 'fuzz')
)
if $peers; then
  packages+=(libleveldb-dev librocksdb-dev)  # peer_bench: LevelDB 1.23 and RocksDB 7.8
fi
if $browser; then
  packages+=(chromium chromium-driver python3-selenium)  # book_check: scripts/check_book.py
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
