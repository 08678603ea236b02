"""Speed and memory of claim extraction and grouping on synthetic corpora in the seeds' format.

    python -m benchmarks.bench_claims --docs 500 2000

For each size, in a fresh process: load the corpus (not timed), ``claims.extract(grouped=False)``
(sentences, quotations, speakers, themes, amounts), then ``claim_groups.group`` (TF-IDF over every
claim sentence, block-wise cosine, fuzzy check of candidate pairs). Prints seconds, documents
and claims per second, and the peak resident memory of the process.
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
from corpus_utils.claims import extraction as claims
from corpus_utils.claims import grouping as claim_groups
warnings.simplefilter("ignore")
corpus = load_corpus(sys.argv[1])
t = time.perf_counter()
table = claims.extract(corpus, grouped=False)
t_extract = time.perf_counter() - t
t = time.perf_counter()
grouped = claim_groups.group(table)
t_group = time.perf_counter() - t
print(json.dumps({"docs": int(corpus["included"].sum()), "claims": len(table), "extract": t_extract,
                  "group": t_group, "groups": int(grouped["group_id"].nunique()),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, nargs="+", default=[500, 2000])
    args = p.parse_args(argv)
    print(
        f"{'docs':>7} {'claims':>8} {'extract s':>10} {'docs/s':>8} {'group s':>8} {'claims/s':>9} "
        f"{'groups':>7} {'peak MB':>8}"
    )
    for n in args.docs:
        folder = synthetic.write(DATA / f"claims_{n}", n)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['docs']:>7,} {r['claims']:>8,} {r['extract']:>10.1f} {r['docs'] / r['extract']:>8,.0f} "
            f"{r['group']:>8.1f} {r['claims'] / max(r['group'], 1e-9):>9,.0f} {r['groups']:>7,} "
            f"{r['peak_mb']:>8,.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
