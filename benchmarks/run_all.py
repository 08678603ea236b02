"""``make bench``: every benchmark in turn, each printing its own figures."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    ("bench_load", ["--docs", "10000", "100000"]),
    ("bench_ngrams", ["--docs", "100000"]),
    ("bench_reuse", ["--docs", "100000"]),
    ("bench_report", []),
]


def main() -> None:
    only = sys.argv[1:]
    for name, args in BENCHMARKS:
        if only and name not in only:
            continue
        print(f"\n=== {name} {' '.join(args)}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main(args)


if __name__ == "__main__":
    main()
