#!/usr/bin/python3
"""Checks the built book in a real browser: Debian's chromium, driven by chromedriver through
python3-selenium (scripts/install-deps.sh --browser installs all three).

  check_book.py build/solutions/book/html                    # what `--target book_check` runs
  check_book.py HTML_DIR --screenshots DIR --pages 'ch0*'    # a few pages only

Every page of the book is loaded as a reader opens it (file://, or --http for a local server)
in a 1280-pixel window, and fails on
  - a JavaScript error or a failed load: any SEVERE entry in the browser's console;
  - a broken image: an <img> that did not decode, or an <iframe>/<object> whose file is missing;
  - a dead internal link or anchor: an <a href> (the page's and the sidebar's) or a link inside
    an SVG the page shows (the \\dot diagrams) that names a missing file or a missing id;
  - content wider than the window: the page (or Doxygen's scrolling #doc-content) scrolls
    sideways, an element of the page sticks out past the window, or a part of the content is cut
    off by a box that hides its overflow. Elements inside a box that scrolls itself
    (overflow-x: auto or scroll: code blocks, the theme's tables) are allowed: that box scrolls,
    the page does not; they are counted in the summary as "scroll inside";
  - an \\dot diagram cut off by its own frame (Doxygen shows them in <iframe scrolling="no">);
  - a sidebar that does not list every book page (every page made from book/*.md);
  - Markdown that Doxygen did not parse: a backtick left in the text outside code (a code span
    it did not close, such as one with a quote inside, which it renders as typographic quotes).
The book's own pages (made from book/*.md) are also loaded at a phone's width (390 px, same
checks) and in dark mode (prefers-color-scheme: dark), where every image and diagram in the text
must sit on a light backdrop (or be inverted) so that black lines on a transparent background
stay readable. Screenshots of each book page go to --screenshots (default: HTML_DIR/../screenshots)
so that a person can look at what CI saw: NAME-1280.png and NAME-1280-dark.png show the whole page
(up to 16000 px), NAME-390.png a phone's first three screens.

Prints one line per page and a summary; exits 0 when every page passes, 1 when one fails, and 2
when the browser cannot be started.
"""
import argparse
import fnmatch
import html.parser
import http.server
import os
import re
import sys
import threading
import time
import urllib.parse
from functools import partial

WIDE = (1280, 900)   # the window the issue asks for
PHONE = (390, 844)   # a phone's CSS pixels (iPhone 12-15)
MAX_SHOT_HEIGHT = 16000

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-color-profile=srgb",
]

# Runs in the page: every horizontal overflow that makes the page scroll sideways or cuts
# content off. Returns {page: ..., offenders: [...], inner: n}.
OVERFLOW_JS = r"""
const vw = document.documentElement.clientWidth;
const dc = document.getElementById('doc-content');
const pageBoxes = new Set([document.documentElement, document.body]);
if (dc) pageBoxes.add(dc);
const res = {page: [], offenders: [], inner: 0};
const se = document.scrollingElement || document.documentElement;
if (se.scrollWidth > se.clientWidth + 1)
  res.page.push('the page scrolls sideways: ' + se.scrollWidth + ' px wide in a ' + se.clientWidth + ' px window');
if (dc && dc.scrollWidth > dc.clientWidth + 1)
  res.page.push('#doc-content scrolls sideways: ' + dc.scrollWidth + ' px of content in ' + dc.clientWidth + ' px');
function describe(el) {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim())
    s += '.' + el.className.trim().split(/\s+/).join('.');
  const src = el.getAttribute('src') || el.getAttribute('data');
  if (src) s += '[' + src + ']';
  let text = (el.innerText || '').trim().replace(/\s+/g, ' ');
  if (text.length > 40) text = text.slice(0, 40) + '...';
  if (text) s += ' "' + text + '"';
  return s;
}
function clipper(el) {
  for (let a = el.parentElement; a; a = a.parentElement) {
    const cs = getComputedStyle(a);
    // overflow does not apply to inline boxes (the theme's inline <code> says hidden)
    if (cs.overflowX !== 'visible' && cs.display !== 'inline' && cs.display !== 'contents')
      return [a, cs.overflowX];
  }
  return [null, 'visible'];
}
const contents = document.querySelector('div.contents');
const flagged = [];
const inner = new Set();
for (const el of document.body.querySelectorAll('*')) {
  if (flagged.some(f => f.contains(el))) continue;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden' || cs.position === 'fixed') continue;
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) continue;
  const [box, ox] = clipper(el);
  let limit, what;
  if (box === null || pageBoxes.has(box)) {
    limit = box && box !== document.documentElement && box !== document.body
        ? box.getBoundingClientRect().left + box.clientLeft + box.clientWidth : vw;
    what = 'sticks out of the window';
  } else if (ox === 'auto' || ox === 'scroll') {
    if (box.scrollWidth > box.clientWidth + 1) inner.add(box);
    continue;
  } else if (contents && contents.contains(el)) {
    limit = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth;
    what = 'is cut off by ' + describe(box).split(' ')[0] + ' (overflow-x: ' + ox + ')';
  } else {
    continue;  // the theme's own chrome clipping its own parts (header, sidebar)
  }
  if (r.right > limit + 1) {
    flagged.push(el);
    res.offenders.push(describe(el) + ' ' + what + ': right edge at ' + Math.round(r.right) +
                       ' px, room to ' + Math.round(limit) + ' px');
  }
}
res.inner = inner.size;
return res;
"""

# Runs in the page: what the page shows and links to.
INVENTORY_JS = r"""
const out = {links: [], broken_images: [], frames: [], sidebar: []};
for (const a of document.querySelectorAll('a[href], area[href]')) {
  const h = a.getAttribute('href');
  if (!h || h.startsWith('javascript:')) continue;
  out.links.push([h, a.href]);
}
for (const img of document.querySelectorAll('img')) {
  if (!img.complete || img.naturalWidth === 0)
    out.broken_images.push(img.getAttribute('src') || '(no src)');
}
for (const f of document.querySelectorAll('iframe[src], object[data], embed[src]')) {
  if (f.id === 'MSearchResults') continue;
  const r = f.getBoundingClientRect();
  out.frames.push([f.getAttribute('src') || f.getAttribute('data'), f.src || f.data,
                   f.tagName.toLowerCase(), f.getAttribute('scrolling'),
                   Math.round(r.width), Math.round(r.height)]);
}
for (const a of document.querySelectorAll('#nav-tree a[href]')) out.sidebar.push(a.href);
return out;
"""

# Runs in the page (dark mode): images and diagrams in the text without a light backdrop.
DARK_JS = r"""
function lum(c) {
  const m = c.match(/rgba?\(([^)]*)\)/);
  if (!m) return null;
  const p = m[1].split(',').map(Number);
  if (p.length === 4 && p[3] < 0.5) return null;  // transparent
  return (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]) / 255;
}
const bad = [];
let page = 1;  // the page's own background: did it turn dark?
for (const e of [document.getElementById('doc-content'), document.body, document.documentElement]) {
  const l = e ? lum(getComputedStyle(e).backgroundColor) : null;
  if (l !== null) { page = l; break; }
}
const dark = page < 0.35;
for (const el of document.querySelectorAll('div.contents img, div.contents iframe, div.contents object')) {
  const r = el.getBoundingClientRect();
  if (r.width < 48 || r.height < 48) continue;  // icons
  let ok = false;
  for (let e = el; e && !ok; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.filter && cs.filter.includes('invert')) ok = true;
    const l = lum(cs.backgroundColor);
    if (l !== null) { ok = l > 0.7; break; }
  }
  if (!ok) bad.push((el.getAttribute('src') || el.getAttribute('data')) + ' has no light backdrop');
}
return {dark: dark, bad: bad};
"""

WAIT_JS = r"""
const t = document.querySelector('#nav-tree-contents');
return [document.readyState, t ? t.querySelectorAll('a').length : -1,
        document.querySelectorAll('#selected').length];
"""


class Ids(html.parser.HTMLParser):
    """The ids and names a page (or SVG) defines, and the links of an SVG."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a":
            href = a.get("xlink:href") or a.get("href")
            if href:
                self.links.append(href)

    handle_startendtag = handle_starttag


class Book:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self._parsed = {}

    def parse(self, path):
        if path not in self._parsed:
            p = Ids()
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    p.feed(f.read())
            except OSError:
                p = None
            self._parsed[path] = p
        return self._parsed[path]

    def local_path(self, url):
        """The file a browser URL names inside the book, or None if it is not local."""
        u = urllib.parse.urlsplit(url)
        if u.scheme == "file":
            return urllib.parse.unquote(u.path), u.fragment
        if u.scheme in ("http", "https") and u.hostname in ("127.0.0.1", "localhost") and \
                self.base and url.startswith(self.base):
            return os.path.join(self.root, urllib.parse.unquote(u.path).lstrip("/")), u.fragment
        return None

    def check_target(self, url):
        """None if the link's file (and anchor) exist, else why not."""
        lp = self.local_path(url)
        if lp is None:
            return None
        path, frag = lp
        if not os.path.exists(path):
            return "missing file " + os.path.relpath(path, self.root)
        if frag and path.endswith((".html", ".svg")):
            parsed = self.parse(path)
            frag = urllib.parse.unquote(frag)
            if parsed is not None and frag not in parsed.ids:
                return "missing anchor #%s in %s" % (frag, os.path.relpath(path, self.root))
        return None

    def svg_size(self, path):
        """The (width, height) in CSS pixels an SVG file asks for, or None."""
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                head = f.read(4096)
        except OSError:
            return None
        m = re.search(r"<svg\b[^>]*>", head, re.S)
        if not m:
            return None
        size = []
        for attr in ("width", "height"):
            v = re.search(r'\b%s="([\d.]+)(pt|px)?"' % attr, m.group(0))
            if not v:
                return None
            size.append(float(v.group(1)) * (4 / 3 if v.group(2) == "pt" else 1))
        return tuple(size)


def start_browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        sys.exit("check_book: python3-selenium is missing (scripts/install-deps.sh --browser)")
    for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not os.path.exists(path):
            sys.exit("check_book: %s is missing (scripts/install-deps.sh --browser)" % path)
    import tempfile
    profile = tempfile.mkdtemp(prefix="check_book-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS + ["--user-data-dir=" + profile,
                                  "--window-size=%d,%d" % WIDE]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    except Exception as e:  # noqa: BLE001 - any start failure is a setup error
        print("check_book: cannot start chromium: %s" % e, file=sys.stderr)
        sys.exit(2)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver, profile


def set_view(driver, size, dark):
    w, h = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 768})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})


def load(driver, url):
    """Opens url and waits until the page and its sidebar (built by script) stop changing."""
    driver.get(url)
    deadline = time.time() + 10
    last = None
    stable = 0
    while time.time() < deadline:
        state = driver.execute_script(WAIT_JS)
        if state[0] == "complete" and state == last and state[1] != 0:
            stable += 1
            if stable >= 3:
                break
        else:
            stable = 0
        last = state
        time.sleep(0.05)


def console_errors(driver, book):
    errors = []
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            msg = entry.get("message", "")
            if "/favicon.ico " in msg:  # the browser asks a server for one by itself
                continue
            root = "file://" + book.root + "/"
            msg = msg.replace(root, "").replace(book.base or "\0", "")
            errors.append("console: " + msg)
    return errors


def screenshot(driver, path, full):
    import base64
    params = {"format": "png"}
    time.sleep(0.3)  # let the sidebar's slide-down animations ("fast": 200 ms) finish
    if full:
        # Doxygen's layout scrolls inside #doc-content, not the page: grow the window to the
        # content's height for the picture (the next page sets its own window again).
        h = driver.execute_script(
            "const d=document.getElementById('doc-content');"
            "return d ? d.scrollHeight + d.getBoundingClientRect().top + 40"
            " : document.documentElement.scrollHeight;")
        w = driver.execute_script("return window.innerWidth")
        # a phone's picture shows its first three screens: enough to see the layout
        h = int(min(max(h, 400), MAX_SHOT_HEIGHT if w >= 768 else 3 * PHONE[1]))
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 768})
        time.sleep(0.3)
    data = driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
    with open(path, "wb") as f:
        f.write(base64.b64decode(data))


def page_url(book, name):
    if book.base:
        return book.base + urllib.parse.quote(name)
    return "file://" + urllib.parse.quote(os.path.join(book.root, name))


# Runs in the page: text outside code, pre and scripts that still holds a backtick, as excerpts.
STRAY_MARKDOWN_JS = r"""
const root = document.getElementById('doc-content') || document.body;
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
const found = [];
for (let node = walker.nextNode(); node && found.length < 3; node = walker.nextNode()) {
  if (node.parentElement.closest('code, pre, script, style, .fragment, kbd, samp')) continue;
  const at = node.textContent.indexOf('`');
  if (at < 0) continue;
  const text = node.textContent;
  found.push(text.slice(Math.max(0, at - 50), at + 30).replace(/\s+/g, ' '));
}
return found;
"""


def check_page(driver, book, name, book_pages, size, dark, full_checks):
    """Loads one page in one view; returns (failures, notes)."""
    failures, notes = [], {}
    set_view(driver, size, dark)
    driver.get_log("browser")  # drop what an earlier page left
    load(driver, page_url(book, name))
    failures += console_errors(driver, book)
    inv = driver.execute_script(INVENTORY_JS)
    for src in inv["broken_images"]:
        failures.append("broken image " + src)
    for src, absolute, tag, scrolling, fw, fh in inv["frames"]:
        lp = book.local_path(absolute)
        if lp is None:
            continue
        path = lp[0]
        if not os.path.exists(path):
            failures.append("broken %s %s: missing file" % (tag, src))
            continue
        if path.endswith(".svg"):
            if tag == "iframe":
                need = book.svg_size(path)
                if need and (need[0] > fw + 2 or need[1] > fh + 2):
                    failures.append("%s %s is cut off: its drawing is %dx%d px in a %dx%d frame"
                                    % (tag, src, need[0], need[1], fw, fh))
            if full_checks:
                parsed = book.parse(path)
                for href in parsed.links if parsed else []:
                    why = book.check_target(urllib.parse.urljoin(absolute, href))
                    if why:
                        failures.append("dead link %s in %s: %s" % (href, src, why))
    if full_checks:
        seen = set()
        for href, absolute in inv["links"]:
            if absolute in seen:
                continue
            seen.add(absolute)
            why = book.check_target(absolute)
            if why:
                failures.append("dead link %s: %s" % (href, why))
        notes["links"] = len(seen)
        for excerpt in driver.execute_script(STRAY_MARKDOWN_JS):
            failures.append("unparsed Markdown (a backtick in the text): ..." + excerpt + "...")
        listed = {os.path.basename(urllib.parse.urlsplit(u).path) for u in inv["sidebar"]}
        missing = [p for p in book_pages if p not in listed]
        if missing:
            failures.append("the sidebar does not list " + ", ".join(missing))
    ov = driver.execute_script(OVERFLOW_JS)
    failures += ["too wide at %d px: %s" % (size[0], p) for p in ov["page"]]
    failures += ["too wide at %d px: %s" % (size[0], o) for o in ov["offenders"][:8]]
    if len(ov["offenders"]) > 8:
        failures.append("too wide at %d px: ... and %d more" % (size[0], len(ov["offenders"]) - 8))
    notes["inner"] = ov["inner"]
    if dark:
        d = driver.execute_script(DARK_JS)
        if not d["dark"]:
            failures.append("dark mode: the page did not switch to dark mode")
        failures += ["dark mode: " + b for b in d["bad"]]
    return failures, notes


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html_dir", help="the book's html directory (build/<preset>/book/html)")
    ap.add_argument("--screenshots", help="where the screenshots go "
                    "(default: HTML_DIR/../screenshots; '' for none)")
    ap.add_argument("--pages", nargs="*", default=["*.html"],
                    help="glob(s) of the pages to check (default: every page)")
    ap.add_argument("--http", action="store_true",
                    help="serve the book on 127.0.0.1 instead of opening file:// URLs")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="browsers that check pages side by side (default: 2, or 1 on one CPU)")
    ap.add_argument("--viewport-shots", action="store_true",
                    help="screenshots of the first screen only, not the whole page")
    args = ap.parse_args()

    if not os.path.isfile(os.path.join(args.html_dir, "index.html")):
        print("check_book: no index.html in %s (build the 'book' target first)" % args.html_dir,
              file=sys.stderr)
        return 2
    book = Book(args.html_dir)
    book.base = None
    server = None
    if args.http:
        server, book.base = serve(book.root)
    shots = args.screenshots
    if shots is None:
        shots = os.path.join(os.path.dirname(book.root), "screenshots")
    if shots:
        os.makedirs(shots, exist_ok=True)
        for old in os.listdir(shots):
            if old.endswith(".png"):
                os.remove(os.path.join(shots, old))

    every = sorted(f for f in os.listdir(book.root) if f.endswith(".html"))
    pages = [f for f in every if any(fnmatch.fnmatch(f, g) for g in args.pages)]
    # The book's own pages: Doxygen closes a page made from Markdown with "<!-- PageDoc -->".
    book_pages = []
    for f in every:
        with open(os.path.join(book.root, f), encoding="utf-8", errors="replace") as fh:
            if "<!-- PageDoc -->" in fh.read():
                book_pages.append(f)
    if not pages:
        print("check_book: no page matches %s" % " ".join(args.pages), file=sys.stderr)
        return 2

    jobs = max(1, min(args.jobs, len(pages)))
    browsers = [start_browser() for _ in range(jobs)]
    started = time.time()
    failed = 0
    totals = {"links": 0, "inner": 0}

    def check_one(driver, name):
        """Every view of one page: (its report lines, failed?, its notes)."""
        views = [(WIDE, False, True)]
        if name in book_pages:
            views += [(PHONE, False, False), (WIDE, True, False)]
        problems, notes_all = [], {}
        for size, dark, full in views:
            tag = "%d%s" % (size[0], "-dark" if dark else "")
            try:
                fails, notes = check_page(driver, book, name, book_pages, size, dark, full)
            except Exception as e:  # noqa: BLE001 - report and go on with the next page
                fails, notes = ["the check itself failed: %s" % str(e).splitlines()[0]], {}
            problems += ["[%s] %s" % (tag, f) for f in fails]
            for k, v in notes.items():
                notes_all[k] = notes_all.get(k, 0) + v
            if shots and name in book_pages:
                screenshot(driver, os.path.join(shots, "%s-%s.png" % (name[:-5], tag)),
                           not args.viewport_shots)
        extra = []
        if notes_all.get("links"):
            extra.append("%d links" % notes_all["links"])
        if notes_all.get("inner"):
            extra.append("%d scroll inside" % notes_all["inner"])
        lines = ["%s %-48s %s" % ("FAIL" if problems else "ok  ", name, ", ".join(extra))]
        seen = set()
        for p in problems:
            if p not in seen:
                seen.add(p)
                lines.append("       " + p)
        return lines, bool(problems), notes_all

    # Each browser takes the next page; the report comes out in page order all the same.
    results = [None] * len(pages)
    next_page = iter(range(len(pages)))
    lock = threading.Lock()

    def worker(driver):
        while True:
            with lock:
                index = next(next_page, None)
            if index is None:
                return
            results[index] = check_one(driver, pages[index])

    try:
        print("check_book: %d pages of %s (%d book pages) in %s, %dx%d, %d browser(s); book "
              "pages also at %dx%d and in dark mode"
              % (len(pages), os.path.relpath(book.root), len(book_pages),
                 browsers[0][0].capabilities.get("browserVersion", "chromium"), *WIDE, jobs,
                 *PHONE))
        threads = [threading.Thread(target=worker, args=(driver,)) for driver, _ in browsers]
        for thread in threads:
            thread.start()
        printed = 0
        while printed < len(pages):  # print each page's lines as soon as all before it are in
            if results[printed] is None:
                if not any(thread.is_alive() for thread in threads) and results[printed] is None:
                    raise RuntimeError("a browser thread stopped before checking " + pages[printed])
                time.sleep(0.05)
                continue
            lines, page_failed, notes = results[printed]
            print("\n".join(lines), flush=True)
            failed += page_failed
            for k in totals:
                totals[k] += notes.get(k, 0)
            printed += 1
        for thread in threads:
            thread.join()
    finally:
        for driver, profile in browsers:
            driver.quit()
            import shutil
            shutil.rmtree(profile, ignore_errors=True)
        if server:
            server.shutdown()
    print("check_book: %d of %d pages failed (%d links checked, %.0f s)%s"
          % (failed, len(pages), totals["links"], time.time() - started,
             "; screenshots in " + os.path.abspath(shots) if shots else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
