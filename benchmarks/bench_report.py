"""The whole report: ``corpus-report`` on the seeds against the naive way, and on generated news corpora.

    python -m benchmarks.bench_report [--repeat 3]
    python -m benchmarks.bench_report --news-docs 1000 10000 100000 [--max-minutes 60]

Seeds: ours is ``corpus-report`` (one process; notebooks side by side over IPC kernels; HTML through
nbconvert's Python API); naive is the papermill CLI once per notebook, then ``jupyter nbconvert --to
html`` once per notebook. Both run in turn in each repeat; the medians and their ratio are printed
(targets, issue 13: ours at most 10 s, at least 5 times faster).

News: ``synthetic.news(n, years=(2008, 2024), outlets=40)`` written as a CSV table (columns id,
date, outlet, group, title, text, named to the runner with -p id_col id ...) into ``benchmarks/_data/`` (written once per size and seed), then
``python -m corpus_utils.report --corpus news_N.csv`` into a temporary folder. Printed: wall time,
and the peak memory of the whole process tree (the runner, its kernels and their forked workers: the
sum of their proportional set sizes, sampled every 0.5 s with psutil, so a peak shorter than that can be
missed), and the growth of the cost from the
smallest to each larger size (targets: 10,000 documents in 5 min and 4 GB, 100,000 in 30 min and
8 GB, at most 12 times the cost of 1,000 for 10,000). A run that exceeds ``--max-minutes`` is
stopped and reported as such.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

from benchmarks import measure, synthetic
from corpus_utils.paths import NOTEBOOKS_DIR, PROJECT_ROOT

BIN = Path(sys.executable).parent
DATA = Path(__file__).resolve().parent / "_data"
COLUMNS = {
    "id_col": "id",
    "title_col": "title",
    "outlet_col": "outlet",
    "group_col": "group",
}  # of the news CSV


def ours(out: Path) -> float:
    t = time.perf_counter()
    subprocess.run(
        [str(BIN / "corpus-report"), "--corpus", "seeds", "--out", str(out)],
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    return time.perf_counter() - t


def naive(out: Path) -> float:
    t = time.perf_counter()
    (out / "notebooks").mkdir(parents=True)
    for nb in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        dest = out / "notebooks" / nb.name
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(nb),
                str(dest),
                "-k",
                "python3",
                "-p",
                "out",
                str(out),
                "--cwd",
                str(PROJECT_ROOT),
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                str(dest),
                "--output-dir",
                str(out / "html"),
            ],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - t


def news_corpus(n: int, *, seed: int = 0) -> Path:
    """The generated news corpus of ``n`` documents as a CSV table (written when missing)."""
    path = DATA / f"news_{n}_{seed}_v2.csv"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        docs, _ = synthetic.news(n, seed=seed, years=(2008, 2024), outlets=40)
        tmp = path.with_suffix(".tmp.csv")
        pd.DataFrame(
            {
                "id": [d["doc_id"] for d in docs],
                "date": [d["date"] for d in docs],
                "outlet": [d["outlet"] for d in docs],
                "group": [d["group"] for d in docs],
                "title": [d["title"] for d in docs],
                "text": [d["body"] for d in docs],
            }
        ).to_csv(tmp, index=False)
        tmp.replace(path)
    return path


def tree_memory_mb(proc: psutil.Process) -> float:
    """Memory of a process and all its descendants, in MB: the sum of their proportional set sizes
    (PSS: a page shared by k processes counts 1/k in each). Forked workers share most of their
    parent's pages, which a sum of resident sizes would count once per process."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 2**20


def run_tree(cmd: list[str], *, timeout: float) -> dict:
    """Run ``cmd``; wall seconds, peak memory of its process tree (``tree_memory_mb``), exit status."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=err)
        handle, peak, status = psutil.Process(proc.pid), 0.0, "ok"
        while proc.poll() is None:
            try:
                peak = max(peak, tree_memory_mb(handle))
            except psutil.Error:
                pass
            if time.perf_counter() - t > timeout:
                for child in handle.children(recursive=True):
                    child.kill()
                proc.kill()
                status = f"stopped after {timeout / 60:.0f} min"
                break
            time.sleep(0.5)
        proc.wait()
        if status == "ok" and proc.returncode:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            errors = [line.removeprefix("corpus-report: error: ") for line in lines if "error:" in line]
            status = f"failed: {'; '.join(errors or lines[-1:])[:400] or proc.returncode}"
    return {"seconds": time.perf_counter() - t, "peak_mb": peak, "status": status}


def news(
    sizes: list[int], *, seed: int, max_minutes: float, jobs: int | None = None, keep: Path | None = None
) -> None:
    print(f"{'documents':>10} {'MB':>6} {'wall s':>9} {'peak MB':>9} {'x smallest':>11}  status")
    first = None
    for n in sizes:
        corpus = news_corpus(n, seed=seed)
        with tempfile.TemporaryDirectory(prefix="bench-news-") as tmp:
            out = keep / f"news_{n}" if keep else Path(tmp) / "out"
            cmd = [sys.executable, "-m", "corpus_utils.report", "--corpus", str(corpus), "--out", str(out)]
            cmd += ["--jobs", str(jobs)] if jobs else []
            for option, column in COLUMNS.items():
                cmd += ["-p", option, column]
            r = run_tree(cmd, timeout=max_minutes * 60)
        first = first or (r if r["status"] == "ok" else None)
        growth = r["seconds"] / first["seconds"] if first and r["status"] == "ok" else float("nan")
        size_mb = corpus.stat().st_size / 2**20
        print(
            f"{n:>10,} {size_mb:>6.0f} {r['seconds']:>9.1f} {r['peak_mb']:>9,.0f} {growth:>10.1f}x  {r['status']}",
            flush=True,
        )
        measure.emit("report_news", docs=n, growth=growth, jobs=jobs or "default", **r)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=1, help="seeds runs (medians are printed)")
    p.add_argument("--news-docs", type=int, nargs="+", help="sizes of generated news corpora (no seeds run)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-minutes", type=float, default=60.0, help="stop a news run after this long")
    p.add_argument("--jobs", type=int, help="corpus-report --jobs for the news runs (default: its own)")
    p.add_argument("--keep", type=Path, help="keep each news run's outputs in KEEP/news_N (default: deleted)")
    args = p.parse_args(argv)
    if args.news_docs:
        news(args.news_docs, seed=args.seed, max_minutes=args.max_minutes, jobs=args.jobs, keep=args.keep)
        return
    n = len(list(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))
    print(f"{n} notebooks on the seeds")
    times = []
    for _ in range(args.repeat):
        tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
        try:
            a = ours(tmp / "ours")
            b = naive(tmp / "naive")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        times.append((a, b))
        print(
            f"corpus-report: {a:6.1f} s   naive (papermill CLI + nbconvert CLI per notebook): {b:6.1f} s   ratio {b / a:.2f}x",
            flush=True,
        )
    a, b = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
    if args.repeat > 1:
        print(
            f"medians over {args.repeat} runs: corpus-report {a:.1f} s, naive {b:.1f} s, ratio {b / a:.2f}x"
        )
    measure.emit("report_seeds", seconds=a, naive_seconds=b, ratio=b / a)


if __name__ == "__main__":
    main()
