"""Speed and memory of ``load_corpus`` on synthetic corpora in the seeds' format.

    python -m benchmarks.bench_load --docs 10000 100000

Prints documents per second and the peak resident memory of a fresh process per size.
Target (issue 2): 100,000 documents in under 60 s, peak memory under 2 GB, cost linear.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchmarks import synthetic

DATA = Path(__file__).resolve().parent / "_data"

CHILD = """
import json, resource, sys, time, warnings
from corpus_utils import load_corpus
warnings.simplefilter("ignore")
t = time.perf_counter()
df = load_corpus(sys.argv[1])
secs = time.perf_counter() - t
print(json.dumps({"docs": len(df), "included": int(df["included"].sum()), "seconds": secs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    args = p.parse_args(argv)
    print(f"{'documents':>10} {'seconds':>9} {'docs/s':>9} {'peak MB':>9}  (load_corpus, fresh process)")
    rows = []
    for n in args.docs:
        folder = synthetic.write(DATA / f"load_{n}", n)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(
            f"{r['docs']:>10,} {r['seconds']:>9.1f} {r['docs'] / r['seconds']:>9,.0f} {r['peak_mb']:>9,.0f}",
            flush=True,
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"cost ratio {b['seconds'] / a['seconds']:.1f}x for {b['docs'] / a['docs']:.0f}x the documents")


if __name__ == "__main__":
    main()
