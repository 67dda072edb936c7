#!/usr/bin/env bash
# Tests the book's browser check (scripts/check_book.py) on damaged copies of a built book: the
# untouched page must pass, and each kind of damage, put into the page in a scratch copy of the
# html directory, must make the check fail (exit 1) with a line that names it.
#
#   tests/book/check_book_selftest.sh build/solutions/book/html
#   cmake --build --preset solutions --target book_check_selftest   # the same, after 'book'
set -euo pipefail
html=${1:?usage: check_book_selftest.sh BUILD_DIR/book/html}
root=$(cd "$(dirname "$0")/../.." && pwd)
check="$root/scripts/check_book.py"
page=chapters.html  # a small page of the book (from book/chapters.md)

[ -f "$html/$page" ] || { echo "selftest: no $html/$page (build the 'book' target first)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$html" "$scratch/html"
cp "$scratch/html/$page" "$scratch/pristine.html"

failures=0
# run_case NAME EXPECTED_LINE HTML_TO_INSERT: the check must exit 1 and print EXPECTED_LINE.
run_case() {
  local name=$1 expect=$2 insert=$3 rc=0
  cp "$scratch/pristine.html" "$scratch/html/$page"
  if [ -n "$insert" ]; then
    INSERT="$insert" /usr/bin/python3 - "$scratch/html/$page" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
marker = '<div class="textblock">'
assert marker in text, "no textblock in " + path
open(path, "w", encoding="utf-8").write(text.replace(marker, marker + os.environ["INSERT"], 1))
PY
  fi
  "$check" "$scratch/html" --pages "$page" --screenshots "" >"$scratch/out.txt" 2>&1 || rc=$?
  if [ -z "$expect" ]; then
    if [ "$rc" -eq 0 ]; then echo "ok   $name: passes"; return; fi
    echo "FAIL $name: the untouched page fails the check (exit $rc):"
  elif [ "$rc" -eq 1 ] && grep -qF -- "$expect" "$scratch/out.txt"; then
    echo "ok   $name: fails with \"$(grep -F -m1 -- "$expect" "$scratch/out.txt" | sed 's/^ *//')\""
    return
  else
    echo "FAIL $name: expected exit 1 and a line with \"$expect\", got exit $rc:"
  fi
  sed 's/^/       /' "$scratch/out.txt"
  failures=$((failures + 1))
}

run_case "untouched page" "" ""
run_case "broken image" "broken image no-such-figure.svg" \
  '<p><img src="no-such-figure.svg" alt="a figure that was never drawn"/></p>'
run_case "over-wide table" "too wide at 1280 px" \
  '<table class="markdownTable" style="display: table; width: 2400px; max-width: none"><tr><td>a table as wide as two windows</td></tr></table>'
run_case "over-wide image" "too wide at 1280 px" \
  '<p><img src="doxygen.svg" style="width: 3000px; max-width: none" alt="too wide"/></p>'
run_case "dead link" "dead link no-such-page.html: missing file no-such-page.html" \
  '<p><a href="no-such-page.html">a page that does not exist</a></p>'
run_case "dead anchor" "dead link ch01.html#no-such-section: missing anchor #no-such-section" \
  '<p><a href="ch01.html#no-such-section">a section that does not exist</a></p>'
run_case "JavaScript error" "console:" \
  '<script type="text/javascript">throw new Error("check_book selftest");</script>'
run_case "unparsed Markdown" "unparsed Markdown (a backtick in the text)" \
  '<p>configure with &lsquo;-DLSM_EXERCISES=&apos;01;02&rsquo;` as Doxygen renders a quote in a code span</p>'
run_case "code block that scrolls inside itself (allowed)" "" \
  '<div class="fragment"><div class="line">a long line of code that scrolls inside its own box: '"$(printf 'x%.0s' {1..400})"'</div></div>'

if [ "$failures" -ne 0 ]; then
  echo "selftest: $failures case(s) failed"
  exit 1
fi
echo "selftest: the check passes the untouched page and fails each damaged one"
