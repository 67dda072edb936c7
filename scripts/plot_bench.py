#!/usr/bin/python3
"""Turns a Google Benchmark JSON file into the book's figures and tables.

Benchmarks are named <Family>/<variant>/<n> (for example Put/skiplist/1000). Each figure plots
one counter of one family against n, one line per variant, on log-log axes. The HTML fragment
holds one table per figure, the Complexity() fits that pass the run's fit rule, and where and
how the figures were measured.

  plot_bench.py bench/ch01_bench.json --out-dir book-gen --name ch01 \\
      --figure "put|Put|ns_per_put|nanoseconds per put" \\
      --figure "heap|Put|heap_bytes_per_entry|heap bytes per entry|linear"

A figure is log-log unless its spec has the option "|linear" (linear y axis from zero); the
option "|x=k (sources)" names the x axis when the last part of the names is not n. Several
counters, comma-separated ("a,b"), give one line (and one table column) per variant and counter.

A repeated benchmark (--benchmark_repetitions, on in quick mode) is read from its aggregates:
the point is the median, and its "min" and "max" (lsm::bench::AddBenchmark) are the spread, a
band in the plot and a range under the number in the table.
"""
import argparse
import html
import json
import math
import os
import re
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

NAME = re.compile(r"^(?P<family>[^/]+)/(?P<variant>[^/]+)/(?P<n>\d+)$")
FAMILY = re.compile(r"^(?P<family>[^/]+)/(?P<variant>[^/]+)$")
FIT_RULE = re.compile(r"^min_sizes=(?P<sizes>\d+) min_span=(?P<span>[\d.e+-]+) "
                      r"max_rms=(?P<rms>[\d.e+-]+)$")


def parse_figure(spec):
    parts = spec.split("|")
    options = parts[4:]
    if len(parts) < 4 or any(o != "linear" and not o.startswith("x=") for o in options):
        sys.exit("plot_bench: --figure wants 'slug|Family|counter|axis label[|linear][|x=label]', "
                 f"got {spec!r}")
    figure = dict(zip(("slug", "family", "counter", "label"), parts))
    figure["counters"] = figure["counter"].split(",")
    figure["linear"] = "linear" in options
    figure["x"] = next((o[2:] for o in options if o.startswith("x=")), "n (entries)")
    return figure


class Point:
    """One size of one variant: `entry` holds the counters to show (the median of the
    repetitions, or the single run); `low` and `high` those of the lowest and highest
    repetition, or None."""

    def __init__(self, entry, low=None, high=None, runs=1):
        self.entry, self.low, self.high, self.runs = entry, low, high, runs

    def get(self, counter):
        return self.entry.get(counter)

    def spread(self, counter):
        """(min, max) of `counter` over the repetitions, or None."""
        if self.low is None or self.high is None:
            return None
        low, high = self.low.get(counter), self.high.get(counter)
        return None if low is None or high is None else (low, high)


def load(paths):
    """Benchmarks of every file, merged; the context is the first file's."""
    runs = defaultdict(lambda: defaultdict(list))  # (family, variant) -> n -> iteration entries
    stats = defaultdict(lambda: defaultdict(dict))  # (family, variant) -> n -> statistic -> entry
    fits = {}  # (family, variant) -> {"big_o": "NlgN", "rms": 0.03}
    context = None
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        context = context or data.get("context", {})
        load_into(data, runs, stats, fits)
    points = defaultdict(dict)  # (family, variant) -> n -> Point
    for key in dict.fromkeys([*runs, *stats]):  # variants in the order the JSON has them
        for n in {*runs[key], *stats[key]}:
            points[key][n] = point_of(f"{key[0]}/{key[1]}/{n}", runs[key][n], stats[key][n])
    return context, points, fits


def load_into(data, runs, stats, fits):
    for entry in data.get("benchmarks", []):
        name = entry.get("name", "")
        if entry.get("error_occurred"):
            sys.exit(f"plot_bench: {name} failed: {entry.get('error_message')}")
        if entry.get("run_type", "iteration") == "iteration":
            m = NAME.match(name)
            if m:
                runs[(m["family"], m["variant"])][int(m["n"])].append(entry)
            continue
        statistic = entry.get("aggregate_name", "")
        m = NAME.match(entry.get("run_name", ""))
        if m:
            stats[(m["family"], m["variant"])][int(m["n"])][statistic] = entry
            continue
        m = FAMILY.match(entry.get("run_name", ""))
        if m and statistic in ("BigO", "RMS"):
            fit = fits.setdefault((m["family"], m["variant"]), {})
            if statistic == "BigO":
                fit["big_o"] = entry.get("big_o", "?")
            else:
                fit["rms"] = entry.get("rms")


def point_of(name, samples, statistics):
    """The median and spread from Google Benchmark's aggregates, else the single run."""
    if "median" in statistics:
        median = statistics["median"]
        return Point(median, statistics.get("min"), statistics.get("max"),
                     int(median.get("repetitions", 1)))
    if len(samples) != 1:
        sys.exit(f"plot_bench: {len(samples)} runs of {name} but no median: a repeated "
                 "benchmark needs its aggregates in the JSON")
    return Point(samples[0])


def fit_rule(context):
    """The run's rule for showing a Complexity() fit (lsm::bench::kFitRule), or None."""
    m = FIT_RULE.match(context.get("lsm_fit_rule", ""))
    if not m:
        return None
    return {"sizes": int(m["sizes"]), "span": float(m["span"]), "rms": float(m["rms"])}


def fit_rejection(rule, sizes, rms):
    """Why this fit is not shown, or None: the same test as the console's (bench_reporter.cpp),
    with the thresholds the run wrote into its context."""
    if rule is None:
        return "this JSON names no fit rule (lsm_fit_rule)"
    reasons = []
    span = sizes[-1] / sizes[0] if sizes else 0
    if len(sizes) < rule["sizes"] or span < rule["span"]:
        reasons.append(f"only {len(sizes)} sizes, spanning {span:.3g}&times;")
    if rms is None or rms > rule["rms"]:
        reasons.append("RMS " + ("unknown" if rms is None else f"{rms * 100:.1f}%"))
    return ", ".join(reasons) or None


def repetitions(points, family=None):
    """The largest number of repetitions behind any point (of `family`); 1: single runs."""
    return max((p.runs for (f, _), series in points.items() if family in (None, f)
                for p in series.values()), default=1)


def fmt(value):
    if value is None:
        return "&ndash;"
    if math.isfinite(value) and value == int(value) and abs(value) < 100:
        return f"{value:.0f}"  # counts: 17 sources, not 17.0
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


def lines_of(figure, points):
    """(variant, counter, label) of each line of a figure: one per variant and counter."""
    variants = variants_of(points, figure["family"])
    counters = figure["counters"]
    return [(v, c, v if len(counters) == 1 else (c if len(variants) == 1 else f"{v}: {c}"))
            for v in variants for c in counters]


def plot(figure, points, out_path, title):
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    styles = ["-", "--", ":", "-."]  # one per counter, so that equal counters stay visible
    for variant, counter, label in lines_of(figure, points):
        series = points[(figure["family"], variant)]
        ns = sorted(n for n in series if series[n].get(counter) is not None)
        if not ns:
            continue
        ys = [series[n].get(counter) for n in ns]
        style = styles[figure["counters"].index(counter) % len(styles)]
        (line,) = ax.plot(ns, ys, marker="o", linestyle=style, label=label)
        spreads = [series[n].spread(counter) for n in ns]
        if all(spreads):
            ax.fill_between(ns, [lo for lo, _ in spreads], [hi for _, hi in spreads],
                            color=line.get_color(), alpha=0.2, linewidth=0)
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


def cell(point, counter):
    """A table cell, and whether it shows a spread: the value, and under it the min&ndash;max of
    the repetitions where they differ."""
    value = point.get(counter) if point else None
    spread = point.spread(counter) if point else None
    if value is None or spread is None or fmt(spread[0]) == fmt(spread[1]):
        return f"<td>{fmt(value)}</td>", False
    return f"<td>{fmt(value)}<br><small>{fmt(spread[0])}&ndash;{fmt(spread[1])}</small></td>", True


def table(figure, points):
    family = figure["family"]
    runs = repetitions(points, family)
    lines = lines_of(figure, points)
    sizes = sorted({n for v, _, _ in lines for n in points[(family, v)]})
    x_name = html.escape(figure["x"].split(" ")[0])
    head = "".join(f"<th>{html.escape(label)}</th>" for _, _, label in lines)
    rows = [f"<tr><th>{x_name}</th>{head}</tr>"]
    any_spread = False
    for n in sizes:
        cells = [cell(points[(family, v)].get(n), c) for v, c, _ in lines]
        any_spread |= any(spread for _, spread in cells)
        rows.append(f"<tr><td>{fmt_n(n)}</td>{''.join(text for text, _ in cells)}</tr>")
    caption = f"{html.escape(family)}: {html.escape(figure['label'])}"
    if runs > 1:
        caption += (f" (median of {runs} runs; below it, the lowest&ndash;highest run)" if any_spread
                    else f" (median of {runs} runs, all alike)")
    return (f'<table class="markdownTable"><caption>{caption}</caption>\n' + "\n".join(rows) +
            "\n</table>\n")


def parse_ratio(spec):
    parts = spec.split("|")
    if len(parts) != 5:
        sys.exit(f"plot_bench: --ratio wants 'Family|counter|slower|faster|what', got {spec!r}")
    return dict(zip(("family", "counter", "slow", "fast", "label"), parts))


def ratio_table(ratios, points):
    """One row per n: for each ratio, the first variant's figure over the second's; each heading
    names the two, so a ratio above 1 reads "the second needs that many times less"."""
    if not ratios:
        return ""
    sizes = sorted({n for r in ratios for v in (r["slow"], r["fast"])
                    for n in points.get((r["family"], v), {})})
    def heading(r):
        label = r["label"]
        return label if "(" in label else f"{label} ({r['slow']} / {r['fast']})"
    head = "".join(f"<th>{html.escape(heading(r))}</th>" for r in ratios)
    rows = [f"<tr><th>n</th>{head}</tr>"]
    for n in sizes:
        cells = []
        for r in ratios:
            slow = points.get((r["family"], r["slow"]), {}).get(n, {}).get(r["counter"])
            fast = points.get((r["family"], r["fast"]), {}).get(n, {}).get(r["counter"])
            cells.append(f"<td>{fmt(slow / fast)}&times;</td>" if slow and fast else "<td>&ndash;</td>")
        rows.append(f"<tr><td>{fmt_n(n)}</td>{''.join(cells)}</tr>")
    return ('<table class="markdownTable"><caption>Ratios of the same figure for two variants, '
            'as each heading says (first / second; same data, same run; medians where '
            'repeated): above 1&times;, the second needs that many times less</caption>\n' +
            "\n".join(rows) + "\n</table>\n")


def fits_table(points, fits, rule):
    """The Complexity() fits: how each variant's time per iteration grows with n, where the run
    supports a fit (the rule), and why not elsewhere."""
    families = sorted({f for (f, _) in fits})
    if not families:
        return ""
    rows = ["<tr><th>family</th><th>variant</th><th>time per iteration grows as</th></tr>"]
    for family in families:
        for variant in variants_of(points, family):
            if (family, variant) not in fits:
                continue
            fit = fits[(family, variant)]
            sizes = sorted(points[(family, variant)])
            rejection = fit_rejection(rule, sizes, fit.get("rms"))
            if rejection:
                shown = f"no fit: {rejection}"
            else:
                big_o = fit.get("big_o", "?")
                shape = big_o if big_o.startswith("(") else f"({big_o})"  # o1 is written "(1)"
                shown = f"O{html.escape(shape)} (RMS {fit['rms'] * 100:.1f}%)"
            rows.append(f"<tr><td>{html.escape(family)}</td><td>{html.escape(variant)}</td>"
                        f"<td>{shown}</td></tr>")
    if rule:
        when = (f"shown from at least {rule['sizes']} sizes spanning at least "
                f"{rule['span']:g}&times;, with RMS at most {rule['rms'] * 100:g}%")
    else:
        when = "none shown"
    return (f'<table class="markdownTable"><caption>Complexity() fits (Google Benchmark), {when}'
            '</caption>\n' + "\n".join(rows) + "\n</table>\n")


def provenance(context, source, regenerate, runs):
    cpu = f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz"
    items = [
        f"machine <code>{html.escape(str(context.get('host_name', '?')))}</code>, {cpu}",
        f"build type <code>{html.escape(context.get('lsm_build_type', '?'))}</code>, "
        f"compiler {html.escape(context.get('lsm_compiler', '?'))} (libbenchmark itself is a "
        f"{html.escape(str(context.get('library_build_type', '?')))} build, which does not apply "
        "to the timed code)",
        f"quick mode: {html.escape(context.get('lsm_quick_mode', '?'))}",
        (f"each figure is the median of up to {runs} runs" if runs > 1
         else "each figure is a single run (no repetitions, so no spread)"),
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
    runs = repetitions(points)
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
        fragment.append(table(figure, points))
    fragment.append(fits_table(points, fits, fit_rule(context)))
    fragment.append(provenance(context, ", ".join(args.json), args.regenerate, runs))
    with open(os.path.join(args.out_dir, f"{args.name}_results.html"), "w") as f:
        f.write("\n".join(fragment))


if __name__ == "__main__":
    main()
