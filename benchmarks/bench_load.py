"""Speed and memory of ``load_corpus`` on synthetic corpora in the seeds' format.

    python -m benchmarks.bench_load --docs 10000 100000
    python -m benchmarks.bench_load --big-file 2 4 20

Prints documents per second, the CPU seconds of the loading process and its worker processes,
and the peak resident memory of the loading process (a fresh one per size).
Target (issue 13): 100,000 documents in at most 30 s, peak memory at most 1.5 GB, cost linear.
On a shared machine the wall clock depends on the other load; the CPU figure is the steadier one.
``--big-file MB ...`` loads one long document of each size instead (issue 9: cost linear in the
length of a file; a 20 MB file in a few seconds).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchmarks import measure, synthetic

DATA = Path(__file__).resolve().parent / "_data"

CHILD = """
import json, resource, sys, time, warnings
from corpus_utils import load_corpus
warnings.simplefilter("ignore")
t, c = time.perf_counter(), time.process_time()
df = load_corpus(sys.argv[1])
secs, cpu = time.perf_counter() - t, time.process_time() - c
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"docs": len(df), "included": int(df["included"].sum()), "seconds": secs, "cpu": cpu,
                  "cpu_all": cpu + kids.ru_utime + kids.ru_stime,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def big_file(path: Path, megabytes: float, *, seed: int = 0) -> Path:
    """One document of about ``megabytes`` MB: a date header, then the bodies of synthetic
    documents one after another (with the repeats and chrome they carry), written once."""
    target = int(megabytes * 1_000_000)
    if path.exists() and abs(path.stat().st_size - target) < 10_000:
        return path
    parts, size, n = [" date 2021-06-01 Log in\n\n"], 0, 0
    while size < target:
        for _, text in synthetic.documents(200, seed=seed + n):
            body = text.split("\n", 1)[1]
            parts.append(body)
            size += len(body.encode("utf-8"))
            if size >= target:
                break
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _run(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_big_files(sizes: list[float]) -> list[dict]:
    """Load one long file per size in a fresh process; print seconds (wall clock and CPU: on a
    shared machine the CPU time is the steadier figure) and MB/s."""
    print(
        f"{'MB':>6} {'seconds':>9} {'CPU s':>7} {'MB/s':>7} {'peak MB':>9}  (load_corpus on one file, fresh process)"
    )
    rows = []
    for mb in sizes:
        r = _run(big_file(DATA / f"big_{mb:g}MB.txt", mb))
        r["mb"] = mb
        rows.append(r)
        print(
            f"{mb:>6g} {r['seconds']:>9.2f} {r['cpu']:>7.2f} {mb / r['seconds']:>7.2f} {r['peak_mb']:>9,.0f}",
            flush=True,
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"CPU cost ratio {b['cpu'] / a['cpu']:.1f}x for {b['mb'] / a['mb']:.0f}x the size")
    return rows


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--big-file", type=float, nargs="+", metavar="MB", help="load one file of each size")
    args = p.parse_args(argv)
    if args.big_file:
        bench_big_files(args.big_file)
        return
    print(
        f"{'documents':>10} {'seconds':>9} {'CPU s':>7} {'docs/s':>9} {'peak MB':>9}"
        "  (load_corpus, fresh process; CPU: all its processes)"
    )
    rows = []
    for n in args.docs:
        r = _run(synthetic.write(DATA / f"load_{n}", n))
        rows.append(r)
        print(
            f"{r['docs']:>10,} {r['seconds']:>9.1f} {r['cpu_all']:>7.1f} {r['docs'] / r['seconds']:>9,.0f}"
            f" {r['peak_mb']:>9,.0f}",
            flush=True,
        )
        measure.emit("load", **r)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"cost ratio {b['seconds'] / a['seconds']:.1f}x for {b['docs'] / a['docs']:.0f}x the documents")


if __name__ == "__main__":
    main()
