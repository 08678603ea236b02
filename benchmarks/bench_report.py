"""``make report`` on the seeds against the naive way, in one go.

    python -m benchmarks.bench_report [--repeat 1]

Ours: ``corpus-report`` (one process; notebooks two at a time over IPC kernels; HTML through
nbconvert's Python API). Naive: the papermill CLI once per notebook, then ``jupyter nbconvert --to
html`` once per notebook. Prints both wall-clock times and the ratio (target: ours under 20 s and
at least 2.5 times faster).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_utils.paths import NOTEBOOKS_DIR, PROJECT_ROOT

BIN = Path(sys.executable).parent


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


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args(argv)
    n = len(list(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))
    print(f"{n} notebooks on the seeds")
    for _ in range(args.repeat):
        tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
        try:
            a = ours(tmp / "ours")
            b = naive(tmp / "naive")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(
            f"corpus-report: {a:6.1f} s   naive (papermill CLI + nbconvert CLI per notebook): {b:6.1f} s   ratio {b / a:.2f}x"
        )


if __name__ == "__main__":
    main()
