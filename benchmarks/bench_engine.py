"""Benchmark: the study's heavy stages on the local engine and on a local Dask cluster.

    python -m benchmarks.bench_engine --docs 100000            # local vs dask, 1 vs 2 workers
    python -m benchmarks.bench_engine --docs 1000000 --only dask --workers 2 --memory 6GB

The corpus is generated to disk (``benchmarks/_data/engine_N``, kept for the next run) as .txt
files in the seeds' format: a header line with the date, a headline, ~700 words in paragraphs
(about 4 kB: 10**6 documents are about 4 GB of text). Two paragraphs open with a sentence of the
seeds (claims to extract; a stock sentence held by hundreds of documents, which the reuse index
rightly ignores past ``max_df``); the rest are sentences of words drawn from a Zipfian vocabulary
(as ``bench_reuse``: n-grams that are not all stock phrases); 1.5 % of
documents carry a reworded 40-word passage of an earlier document (recycled passages), 0.5 % are
exact copies (duplicates). Stages timed: load (to partitioned Parquet on the cluster), n-gram
counts by year (n <= 3, partial counts and a tree reduction), recycled passages, claims
(ungrouped: grouping compares all claims and runs on the client). Printed per engine: seconds per
stage, documents per second, peak resident memory and CPU seconds of the client and of each worker
(CPU time tells the work apart from waiting on a shared machine), and the bytes the workers
spilled to disk. The local and Dask tables are checked equal (n-grams by year, passages
and claims row counts and contents).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks import bench_reuse, measure, synthetic

DATA = Path(__file__).resolve().parent / "_data"
PER_FILE_WORDS = 800


def _sentences(words: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Cut Zipfian words into capitalised sentences of 8-20 words."""
    out, i = [], 0
    while i < len(words):
        k = int(rng.integers(8, 21))
        chunk = words[i : i + k].tolist()
        chunk[0] = chunk[0].capitalize()
        out.append(" ".join(chunk) + ".")
        i += k
    return out


def generate(folder: Path, n: int, *, seed: int = 0, batch: int = 10_000) -> Path:
    """Write ``n`` documents (skipped when ``folder`` already holds them: a ``.done`` marker)."""
    done = folder / ".done"
    if done.exists() and done.read_text() == str(n):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    vocab = bench_reuse._vocabulary()
    p = 1.0 / np.arange(1, len(vocab) + 1) ** bench_reuse.ZIPF
    p /= p.sum()
    pool = synthetic._sentences()
    earlier: list[str] = []
    for lo in range(0, n, batch):
        hi = min(n, lo + batch)
        draws = vocab[rng.choice(len(vocab), size=(hi - lo) * (PER_FILE_WORDS - 100), p=p)]
        for i in range(lo, hi):
            words = draws[(i - lo) * (PER_FILE_WORDS - 100) : (i - lo + 1) * (PER_FILE_WORDS - 100)]
            zipf = _sentences(words, rng)
            paras = []
            for k in range(4):
                para = zipf[k::4]
                if k % 2 == 0:  # a sentence of the seeds, unchanged: claims and stock phrases
                    para = [pool[int(rng.integers(len(pool)))], *para]
                paras.append(" ".join(para))
            if earlier and rng.random() < 0.015:  # a reworded passage of an earlier document
                src = earlier[int(rng.integers(len(earlier)))].split()
                s0 = int(rng.integers(0, max(1, len(src) - 40)))
                passage = [
                    w if rng.random() > 0.12 else vocab[int(rng.integers(200, 5000))]
                    for w in src[s0 : s0 + 40]
                ]
                paras.insert(2, " ".join(passage))
            year = int(rng.integers(2018, 2024))
            body = "\n\n".join(paras)
            if earlier and rng.random() < 0.005:
                body = earlier[int(rng.integers(len(earlier)))]  # an exact copy: a duplicate
            text = (
                f" date {year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d} Log in\n"
                f"Headline number {i} on India and Russia\n\n{body}\n\nTags:\n"
            )
            if len(earlier) < 2000:
                earlier.append(body)
            elif rng.random() < 0.01:
                earlier[int(rng.integers(len(earlier)))] = body
            sub = folder / f"{i // 10_000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{i:07d}.txt").write_text(text, encoding="utf-8")
    done.write_text(str(n))
    return folder


def _cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime


def _worker_stats(dask_worker) -> dict:
    data = dask_worker.data
    metrics = getattr(data, "cumulative_metrics", {})
    return {
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent a process was
        # forked from, so a worker spawned by the client reported the client's peak as its own
        "peak_mb": measure.peak_mb(),
        "cpu_s": _cpu_s(),
        "spilled_mb": metrics.get(("disk-write", "bytes"), 0) / 2**20,
    }


def _digest(df: pd.DataFrame) -> str:
    return hashlib.sha256(
        pd.util.hash_pandas_object(df.astype(str), index=False).values.tobytes()
    ).hexdigest()[:12]


def pipeline(source: Path, engine, *, n_max: int = 3) -> tuple[dict, dict]:
    """Run the stages; (seconds per stage, digest and rows per table)."""
    from corpus_utils import claims, load_corpus, phrases
    from corpus_utils.corpus import load as loader
    from corpus_utils.engine import stages
    from corpus_utils.phrases import reuse

    times, tables = {}, {}
    t = time.perf_counter()
    if engine == "local":
        corpus = load_corpus(source)
    else:
        recs, _ = loader.records(source)
        corpus = stages.load(
            recs, engine=engine, today=dt.date.today(), folder=tempfile.mkdtemp(prefix="bench-parts-")
        )
    times["load"] = time.perf_counter() - t
    for name, run in (
        ("ngrams_by_year", lambda: phrases.by_year(corpus, n_max=n_max, min_count=2, engine=engine)),
        ("passages", lambda: reuse.passages(corpus, engine=engine).drop(columns=["ops"])),
        ("claims", lambda: claims.extract(corpus, grouped=False, engine=engine)),
    ):
        t = time.perf_counter()
        table = run()
        times[name] = time.perf_counter() - t
        tables[name] = (len(table), _digest(table))
    if engine != "local":
        corpus.remove()
    return times, tables


def _report(label: str, n: int, res: dict) -> None:
    times = res["times"]
    total = sum(times.values())
    stages = "  ".join(f"{k} {v:.1f}" for k, v in times.items())
    memory = f"client peak {res['client_mb']:,.0f} MB, CPU {res['client_cpu']:,.0f} s"
    if res.get("workers"):
        peaks = ", ".join(f"{w['peak_mb']:,.0f}" for w in res["workers"])
        cpu = ", ".join(f"{w['cpu_s']:,.0f}" for w in res["workers"])
        spill = sum(w["spilled_mb"] for w in res["workers"])
        memory += f"; worker peaks {peaks} MB, CPU {cpu} s; spilled {spill:,.0f} MB"
    print(f"{label:<24} {total:8.1f} s {n / total:8.0f} docs/s   {stages}   {memory}", flush=True)


def _one(folder: Path, config: str, memory: str) -> dict:
    """One engine configuration ("local" or "dask:K"), in this (fresh) process."""
    from corpus_utils.engine import client

    if config == "local":
        times, tables = pipeline(folder, "local")
        cpu = _cpu_s() + _cpu_s(resource.RUSAGE_CHILDREN)  # the loader's worker processes
        return {"times": times, "tables": tables, "client_mb": measure.peak_mb(), "client_cpu": cpu}
    ex = client.start("dask", n_workers=int(config.split(":")[1]), memory_limit=memory)
    try:
        times, tables = pipeline(folder, ex)
        workers = list(ex.client.run(_worker_stats).values())
    finally:
        ex.close()
    return {
        "times": times,
        "tables": tables,
        "client_mb": measure.peak_mb(),
        "client_cpu": _cpu_s(),
        "workers": workers,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--only", choices=["local", "dask", "all"], default="all")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Dask cluster sizes to run")
    ap.add_argument("--memory", default="4GB", help="memory limit of each Dask worker")
    ap.add_argument("--data", type=Path, default=None, help="folder for the generated corpus")
    ap.add_argument("--config", help=argparse.SUPPRESS)  # internal: run one configuration, print JSON
    args = ap.parse_args(argv)
    folder = args.data or DATA / f"engine_{args.docs}"
    if args.config:
        print(json.dumps(_one(folder, args.config, args.memory)))
        return
    t = time.perf_counter()
    generate(folder, args.docs)
    mb = sum(f.stat().st_size for f in folder.rglob("*.txt")) / 2**20
    print(
        f"corpus: {args.docs:,} documents, {mb:,.0f} MB of text in {folder} ({time.perf_counter() - t:.0f} s)"
    )
    print(f"{'engine':<24} {'total':>10} {'throughput':>14}   seconds per stage; peak memory; spill")
    configs = (["local"] if args.only in ("local", "all") else []) + (
        [f"dask:{k}" for k in args.workers] if args.only in ("dask", "all") else []
    )
    results = {}
    for config in configs:  # each in a fresh process, so that peak memory is its own
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.bench_engine",
            "--docs",
            str(args.docs),
            "--data",
            str(folder),
        ]
        out = subprocess.run(
            [*cmd, "--memory", args.memory, "--config", config], capture_output=True, text=True
        )
        if out.returncode:
            print(
                f"{config}: failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}"
            )
            continue
        res = json.loads(out.stdout.strip().splitlines()[-1])
        label = "local" if config == "local" else f"dask, {config[5:]} worker(s) x {args.memory}"
        _report(label, args.docs, res)
        results[label] = res["tables"]
    first = next(iter(results.values()), {})
    for label, tables in results.items():
        same = (
            "identical" if tables == first else f"DIFFERENT from {next(iter(results))}: {tables} vs {first}"
        )
        print(f"tables of {label}: {same} (rows: {', '.join(f'{k} {v[0]}' for k, v in tables.items())})")


if __name__ == "__main__":
    main()
