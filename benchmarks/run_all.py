"""``make bench``: every benchmark of issue 13 in turn, then one table of its targets.

    python -m benchmarks.run_all [--only NAME ...] [--skip NAME ...] [--results LOG ...] [--quick]

Each benchmark runs as its own process (``python -m benchmarks.NAME ARGS``, printed as it goes), so
that peak memory is its own, and prints one ``BENCH {...}`` line per measured figure (see
``benchmarks.measure``). The table has one row per target: the measured figure, the target, met or
not, and the command that reproduces the row. A row whose benchmark was skipped, failed or stopped
says so. ``--results`` reads the output of earlier runs (saved logs) instead of running those
benchmarks again; the table says which rows came from a log. ``--quick`` leaves out the runs that
take longest on a 2-core machine (the news report at 100,000 documents, which then shows as not run;
the Dask engine at 10,000 documents instead of 100,000).

Rules that need stating: "near-linear" for recycled passages means the CPU time grows at most 12
times for 10 times the documents (the slack issue 13 gives the whole report); CPU time is compared
where the machine is shared (n-grams, reuse growth), wall time where the target is about waiting
(the report, the loader).
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import measure

NEWS_SIZES = ["1000", "10000", "100000"]
RUNS = {  # name -> arguments; each name is a module of benchmarks/
    "bench_report": ["--repeat", "3"],
    "bench_report_news": ["--news-docs", *NEWS_SIZES],
    "bench_load": ["--docs", "100000"],
    "bench_ngrams": ["--docs", "100000", "--skip-analyzer"],
    "bench_reuse": ["--docs", "10000", "100000", "--kind", "syndicated"],
    "bench_engine": ["--docs", "100000"],  # issue 14: local vs dask, 1 vs 2 workers (--docs 1000000 by hand)
}


def command(name: str, args: list[str] | None = None) -> str:
    module = "bench_report" if name == "bench_report_news" else name
    return " ".join(["python -m benchmarks." + module, *(RUNS[name] if args is None else args)])


@dataclass(frozen=True)
class Target:
    what: str
    target: str
    run: str
    row: str  # the ``row`` of the BENCH line
    pick: Callable[[dict], bool]  # which BENCH line of that row
    value: Callable[[dict], float | str]  # the figure (a string: not measured, says why)
    met: Callable[[float], bool | None]  # None: a figure without a target of its own
    unit: str


def _status(r: dict, key: str):
    """The figure of a finished run; for a failed or stopped one, the figure with what happened."""
    if r.get("status", "ok") == "ok":
        return r[key]
    value = r.get(key, float("nan"))
    shown = "" if value != value else f"{value:,.0f} {'MB' if key == 'peak_mb' else 's'}, "
    return (
        f"{shown}{r['status'].replace('corpus-report: error: ', '')[:160]}"
        if key != "growth"
        else r["status"][:60]
    )


def _news(n: int) -> Callable[[dict], bool]:
    return lambda r: r["docs"] == n


TARGETS = [
    Target(
        "Seeds: corpus-report wall time (median of 3)",
        "<= 10 s",
        "bench_report",
        "report_seeds",
        lambda r: True,
        lambda r: r["seconds"],
        lambda v: v <= 10,
        "s",
    ),
    Target(
        "Seeds: naive loop / corpus-report (same run)",
        ">= 5x",
        "bench_report",
        "report_seeds",
        lambda r: True,
        lambda r: r["ratio"],
        lambda v: v >= 5,
        "x",
    ),
    Target(
        "News corpus, 1,000 docs: report wall time (the base of the growth row)",
        "none",
        "bench_report_news",
        "report_news",
        _news(1_000),
        lambda r: _status(r, "seconds"),
        lambda v: None,
        "s",
    ),
    Target(
        "News corpus, 10,000 docs: report wall time",
        "<= 300 s",
        "bench_report_news",
        "report_news",
        _news(10_000),
        lambda r: _status(r, "seconds"),
        lambda v: v <= 300,
        "s",
    ),
    Target(
        "News corpus, 10,000 docs: peak memory (PSS), process tree",
        "<= 4096 MB",
        "bench_report_news",
        "report_news",
        _news(10_000),
        lambda r: _status(r, "peak_mb"),
        lambda v: v <= 4096,
        "MB",
    ),
    Target(
        "News corpus, 100,000 docs: report wall time",
        "<= 1800 s",
        "bench_report_news",
        "report_news",
        _news(100_000),
        lambda r: _status(r, "seconds"),
        lambda v: v <= 1800,
        "s",
    ),
    Target(
        "News corpus, 100,000 docs: peak memory (PSS), process tree",
        "<= 8192 MB",
        "bench_report_news",
        "report_news",
        _news(100_000),
        lambda r: _status(r, "peak_mb"),
        lambda v: v <= 8192,
        "MB",
    ),
    Target(
        "News corpus: cost of 10,000 / cost of 1,000 docs",
        "<= 12x",
        "bench_report_news",
        "report_news",
        _news(10_000),
        lambda r: _status(r, "growth"),
        lambda v: v <= 12,
        "x",
    ),
    Target(
        "load_corpus, 100,000 docs: wall time",
        "<= 30 s",
        "bench_load",
        "load",
        lambda r: r["docs"] == 100_000,
        lambda r: r["seconds"],
        lambda v: v <= 30,
        "s",
    ),
    Target(
        "load_corpus, 100,000 docs: peak RSS",
        "<= 1536 MB",
        "bench_load",
        "load",
        lambda r: r["docs"] == 100_000,
        lambda r: r["peak_mb"],
        lambda v: v <= 1536,
        "MB",
    ),
    Target(
        "n-grams 1-3 by year, 100,000 docs: CountVectorizer(ngram_range=(1, 3)) CPU / ours",
        ">= 2x",
        "bench_ngrams",
        "ngrams",
        lambda r: True,
        lambda r: r["ratio_own_cpu"],
        lambda v: v >= 2,
        "x",
    ),
    Target(
        "n-grams 1-3 by year, 100,000 docs: peak RSS of ours",
        "<= 2048 MB",
        "bench_ngrams",
        "ngrams",
        lambda r: True,
        lambda r: r["ours"]["peak_mb"],
        lambda v: v <= 2048,
        "MB",
    ),
    *[
        Target(
            f"Recycled passages, syndicated, {n:,} docs: {what}",
            ">= 0.95",
            "bench_reuse",
            "reuse_syndicated",
            lambda r, n=n: r["docs"] == n,
            lambda r, what=what: r[what],
            lambda v: v >= 0.95,
            "",
        )
        for n in (10_000, 100_000)
        for what in ("recall", "precision")
    ],
    Target(
        "Recycled passages, syndicated: CPU time of 100,000 / of 10,000 docs",
        "<= 12x",
        "bench_reuse",
        "reuse_growth",
        lambda r: True,
        lambda r: r["cpu_ratio"],
        lambda v: v <= 12,
        "x",
    ),
]


def run(name: str) -> tuple[list[dict], str]:
    """Run one benchmark, echoing its output; its BENCH lines and how it ended."""
    module = "bench_report" if name == "bench_report_news" else name
    cmd = [sys.executable, "-m", f"benchmarks.{module}", *RUNS[name]]
    print(f"\n=== {command(name)}", flush=True)
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
        for line in proc.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    return measure.parse(lines), status


def _fmt(v, unit: str) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, float) and math.isnan(v):
        return "not measured"
    text = f"{v:,.0f}" if unit == "MB" else f"{v:.1f}" if unit in ("s", "x") else f"{v:.4f}"
    return f"{text} {unit}".strip() if unit != "x" else f"{text}x"


def table(results: dict[str, list[dict]], notes: dict[str, str]) -> list[str]:
    out = [
        "| Target (issue 13) | Measured | Target | Met | Reproduce |",
        "|---|---|---|---|---|",
    ]
    for t in TARGETS:
        rows = [r for r in results.get(t.row, []) if t.pick(r)]
        note = notes.get(t.run, "not run")
        if rows:
            v = t.value(rows[-1])
            ok = not isinstance(v, str) and not (isinstance(v, float) and math.isnan(v)) and t.met(v)
            measured, met = _fmt(v, t.unit), "yes" if ok else "-" if ok is None else "no"
            if rows[-1].get("_log"):  # read from a log: the log that holds this very row
                measured += f" (from {rows[-1]['_log']})"
        elif note.startswith("from "):
            measured, met = f"no figure {note}", "not measured"
        else:
            measured, met = {"ok": "no figure"}.get(note, note), "not measured"
        out.append(f"| {t.what} | {measured} | {t.target} | {met} | `{command(t.run)}` |")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", choices=list(RUNS), help="run only these")
    ap.add_argument("--skip", nargs="+", choices=list(RUNS), default=[], help="do not run these")
    ap.add_argument("--results", nargs="+", type=Path, default=[], help="logs of earlier runs to read")
    ap.add_argument("--quick", action="store_true", help="no news report at 100,000 documents")
    args = ap.parse_args(argv)
    if args.quick:
        RUNS["bench_report_news"] = ["--news-docs", *NEWS_SIZES[:-1]]
        RUNS["bench_engine"] = ["--docs", "10000"]
    results: dict[str, list[dict]] = {}
    notes: dict[str, str] = {}
    for log in args.results:
        for r in measure.parse(log.read_text(encoding="utf-8").splitlines()):
            results.setdefault(r["row"], []).append({**r, "_log": log.name})  # the log that holds it
            for t in TARGETS:
                if t.row == r["row"]:
                    notes[t.run] = f"from {log.name}"
    for name in RUNS:
        if (
            (args.only and name not in args.only)
            or name in args.skip
            or notes.get(name, "").startswith("from")
        ):
            continue
        figures, notes[name] = run(name)
        for r in figures:
            results.setdefault(r["row"], []).append(r)
    print("\n" + "\n".join(table(results, notes)))


if __name__ == "__main__":
    main()
