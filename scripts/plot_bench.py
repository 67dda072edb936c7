#!/usr/bin/python3
"""Turns a Google Benchmark JSON file into the book's figures and tables.

Benchmarks are named <Family>/<variant>/<n> (for example Put/skiplist/1000). Each figure plots
one counter of one family against n, one line per variant, on log-log axes. The HTML fragment
holds one table per figure, the Complexity() fits, and where and how the figures were measured.

  plot_bench.py bench/ch01_bench.json --out-dir book-gen --name ch01 \\
      --figure "put|Put|ns_per_put|nanoseconds per put" \\
      --figure "heap|Put|heap_bytes_per_entry|heap bytes per entry|linear"

A figure is log-log unless its spec has the option "|linear" (linear y axis from zero); the
option "|x=k (sources)" names the x axis when the last part of the names is not n.
"""
import argparse
import html
import json
import os
import re
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

NAME = re.compile(r"^(?P<family>[^/]+)/(?P<variant>[^/]+)/(?P<n>\d+)$")
BIG_O = re.compile(r"^(?P<family>[^/]+)/(?P<variant>[^/]+)_BigO$")


def parse_figure(spec):
    parts = spec.split("|")
    options = parts[4:]
    if len(parts) < 4 or any(o != "linear" and not o.startswith("x=") for o in options):
        sys.exit("plot_bench: --figure wants 'slug|Family|counter|axis label[|linear][|x=label]', "
                 f"got {spec!r}")
    figure = dict(zip(("slug", "family", "counter", "label"), parts))
    figure["linear"] = "linear" in options
    figure["x"] = next((o[2:] for o in options if o.startswith("x=")), "n (entries)")
    return figure


def load(paths):
    """Benchmarks of every file, merged; the context is the first file's."""
    points = defaultdict(dict)  # (family, variant) -> n -> benchmark entry
    fits = {}  # (family, variant) -> "NlgN" etc.
    context = None
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        context = context or data.get("context", {})
        load_into(data, points, fits)
    return context, points, fits


def load_into(data, points, fits):
    for entry in data.get("benchmarks", []):
        name = entry.get("name", "")
        m = NAME.match(name)
        if m and entry.get("run_type", "iteration") == "iteration":
            if entry.get("error_occurred"):
                sys.exit(f"plot_bench: {name} failed: {entry.get('error_message')}")
            points[(m["family"], m["variant"])][int(m["n"])] = entry
            continue
        m = BIG_O.match(name)
        if m:
            fits[(m["family"], m["variant"])] = entry.get("big_o", "?")


def fmt(value):
    if value is None:
        return "&ndash;"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value == 0 or abs(value) >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3g}"  # small rates keep three significant digits: 0.00819, 6.7e-05


def fmt_n(n):
    return f"{n:,}"


def variants_of(points, family):
    return [v for (f, v) in points if f == family]


def plot(figure, points, out_path, title):
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for variant in variants_of(points, figure["family"]):
        series = points[(figure["family"], variant)]
        ns = sorted(n for n in series if figure["counter"] in series[n])
        if not ns:
            continue
        ys = [series[n][figure["counter"]] for n in ns]
        ax.plot(ns, ys, marker="o", label=variant)
    ax.set_xscale("log")
    if figure["linear"]:
        ax.set_ylim(bottom=0)
    else:
        ax.set_yscale("log")
    ax.set_xlabel(figure["x"])
    ax.set_ylabel(figure["label"])
    ax.set_title(title)
    ax.grid(True, which="major", alpha=0.4)
    ax.grid(True, which="minor", alpha=0.15)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out_path, metadata={"Date": None})
    plt.close(fig)


def table(figure, points, fits):
    family, counter = figure["family"], figure["counter"]
    variants = variants_of(points, family)
    sizes = sorted({n for v in variants for n in points[(family, v)]})
    x_name = html.escape(figure["x"].split(" ")[0])
    rows = [f"<tr><th>{x_name}</th>{''.join(f'<th>{html.escape(v)}</th>' for v in variants)}</tr>"]
    for n in sizes:
        cells = "".join(
            f"<td>{fmt(points[(family, v)].get(n, {}).get(counter))}</td>" for v in variants)
        rows.append(f"<tr><td>{fmt_n(n)}</td>{cells}</tr>")
    caption = f"{html.escape(family)}: {html.escape(figure['label'])}"
    return (f'<table class="markdownTable"><caption>{caption}</caption>\n' + "\n".join(rows) +
            "\n</table>\n")


def parse_ratio(spec):
    parts = spec.split("|")
    if len(parts) != 5:
        sys.exit(f"plot_bench: --ratio wants 'Family|counter|slower|faster|what', got {spec!r}")
    return dict(zip(("family", "counter", "slow", "fast", "label"), parts))


def ratio_table(ratios, points):
    """One row per n: for each ratio, slow / fast (how many times the faster variant wins)."""
    if not ratios:
        return ""
    sizes = sorted({n for r in ratios for v in (r["slow"], r["fast"])
                    for n in points.get((r["family"], v), {})})
    head = "".join(f"<th>{html.escape(r['label'])}</th>" for r in ratios)
    rows = [f"<tr><th>n</th>{head}</tr>"]
    for n in sizes:
        cells = []
        for r in ratios:
            slow = points.get((r["family"], r["slow"]), {}).get(n, {}).get(r["counter"])
            fast = points.get((r["family"], r["fast"]), {}).get(n, {}).get(r["counter"])
            cells.append(f"<td>{fmt(slow / fast)}&times;</td>" if slow and fast else "<td>&ndash;</td>")
        rows.append(f"<tr><td>{fmt_n(n)}</td>{''.join(cells)}</tr>")
    return ('<table class="markdownTable"><caption>How many times less the later stage needs '
            '(earlier / later, same data, same run)</caption>\n' + "\n".join(rows) + "\n</table>\n")


def fits_table(points, fits):
    """The Complexity() fits: how each variant's time per iteration grows with n."""
    families = sorted({f for (f, _) in fits})
    if not families:
        return ""
    rows = ["<tr><th>family</th><th>variant</th><th>time per iteration grows as</th></tr>"]
    for family in families:
        for variant in variants_of(points, family):
            if (family, variant) in fits:
                fit = fits[(family, variant)]
                shape = fit if fit.startswith("(") else f"({fit})"  # Google Benchmark writes o1 as "(1)"
                rows.append(f"<tr><td>{html.escape(family)}</td><td>{html.escape(variant)}</td>"
                            f"<td>O{html.escape(shape)}</td></tr>")
    return ('<table class="markdownTable"><caption>Complexity() fits (Google Benchmark)'
            '</caption>\n' + "\n".join(rows) + "\n</table>\n")


def provenance(context, source, regenerate):
    cpu = f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz"
    items = [
        f"machine <code>{html.escape(str(context.get('host_name', '?')))}</code>, {cpu}",
        f"build type <code>{html.escape(context.get('lsm_build_type', '?'))}</code>, "
        f"compiler {html.escape(context.get('lsm_compiler', '?'))}",
        f"quick mode: {html.escape(context.get('lsm_quick_mode', '?'))}",
        f"run on {html.escape(context.get('date', '?'))}, "
        f"from <code>{html.escape(', '.join(os.path.basename(s) for s in source.split(', ')))}</code>",
        f"regenerate with <code>{html.escape(regenerate)}</code>",
    ]
    return ("<p><b>Measured here, not typed in.</b> " + "; ".join(items) + ".</p>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="+", help="one or more benchmark JSON files")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--name", required=True, help="prefix of the output files, e.g. ch01")
    parser.add_argument("--figure", action="append", default=[], type=parse_figure)
    parser.add_argument("--ratio", action="append", default=[], type=parse_ratio,
                        help="'Family|counter|slower variant|faster variant|column title'")
    parser.add_argument("--regenerate", default="cmake --build --preset solutions --target book")
    args = parser.parse_args()

    context, points, fits = load(args.json)
    if not points:
        sys.exit(f"plot_bench: no <Family>/<variant>/<n> benchmarks in {args.json}")
    os.makedirs(args.out_dir, exist_ok=True)
    fragment = [ratio_table(args.ratio, points)]
    for figure in args.figure:
        if not variants_of(points, figure["family"]):
            sys.exit(f"plot_bench: no benchmark of family {figure['family']!r} in {args.json}")
        svg = f"{args.name}_{figure['slug']}.svg"
        plot(figure, points, os.path.join(args.out_dir, svg),
             f"{figure['family']}: {figure['label']}")
        fragment.append(table(figure, points, fits))
    fragment.append(fits_table(points, fits))
    fragment.append(provenance(context, ", ".join(args.json), args.regenerate))
    with open(os.path.join(args.out_dir, f"{args.name}_results.html"), "w") as f:
        f.write("\n".join(fragment))


if __name__ == "__main__":
    main()
