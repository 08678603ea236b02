"""Benchmark: recycled passages (``reuse.passages``) on synthetic corpora with planted reuse.

    .venv/bin/python -m benchmarks.bench_reuse --docs 10000 100000 [--kind syndicated|pairs] [--compare-duckdb]

Two generators build the corpus directly as a DataFrame (no files, no loader): N documents of
200-400 words drawn from a Zipfian vocabulary (exponent 1.05 over 50,000 words whose most frequent
ranks are the English stop words), so unrelated documents share common n-grams as real ones do.

``pairs`` (``make_corpus``): about 1.5 % of documents receive a 20-60-word passage copied from an
earlier document, with about one word in eight substituted and some words inserted or dropped;
one planted passage in ten goes to two documents (a three-document cluster). Scored by pairs: a
found passage matches when it names the right pair in the right direction and overlaps the
planted span by half or more on both sides.

``syndicated`` (``make_syndicated``): one passage per 1,000 documents, each of 30-80 words and
copied into 50-500 later documents (log-uniform), every copy edited as above: heavy syndication,
as with wire stories. Scored by clusters (``score_clusters``): a found span is right when it
overlaps a planted span of its document by half or more and that planted passage is the one most
of its cluster's spans belong to; recall counts the planted spans (sources and copies) found so.

Both put 0.5 % excluded copies of a source (duplicates) that must take no part. Seconds (wall and
CPU, the median of ``--repeat`` calls, 3 by default: a 10,000-document call takes about 2 s, too
short to time steadily, and it is the base of the growth ratio) and the peak resident memory of
``passages()`` (the high-water mark reset before each call, where Linux allows it; the highest of
the calls) are printed; several sizes run one fresh process each.
"""

from __future__ import annotations

import argparse
import math
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from benchmarks import measure
from corpus_utils.corpus import tokens
from corpus_utils.phrases import ngram_index, reuse, shingles

VOCAB = 50_000
ZIPF = 1.05
# the commonest English words, roughly in frequency order; then the other stop words
TOP = (
    "the of and to a in is that for it as was with be by on not he this are or his from at which "
    "but have an had they you were their one all we can her has there been if more when will would "
    "who so no"
).split()
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _vocabulary() -> np.ndarray:
    stop = TOP + sorted(w for w in tokens.stopwords() if w.isalpha() and w not in TOP)
    taken, words = set(stop), list(stop)
    k, s = 0, len(SYLLABLES)
    while len(words) < VOCAB:
        w = SYLLABLES[k % s] + SYLLABLES[k // s % s] + SYLLABLES[k // s // s % s] + ("n" if k >= s**3 else "")
        if w not in taken:
            taken.add(w)
            words.append(w)
        k += 1
    return np.array(words, dtype=object)


def base_documents(n_docs: int, rng: np.random.Generator):
    """Zipfian documents as word-id arrays; their days, ids, chronological order and rank; and an
    endless supply of words for substitutions and insertions."""
    p = 1.0 / np.arange(1, VOCAB + 1) ** ZIPF
    p /= p.sum()
    lengths = rng.integers(200, 401, n_docs)
    draws = rng.choice(VOCAB, size=int(lengths.sum()), p=p).astype(np.int32)
    cuts = np.r_[0, np.cumsum(lengths)]
    docs = [draws[cuts[i] : cuts[i + 1]] for i in range(n_docs)]
    days = rng.integers(0, 6 * 365, n_docs)
    ids = np.array([f"s{i:06d}" for i in range(n_docs)], dtype=object)
    order = np.lexsort((ids, days))  # chronological, ties by doc_id
    rank = np.empty(n_docs, dtype=np.int64)
    rank[order] = np.arange(n_docs)
    pool = rng.choice(VOCAB, size=4 * n_docs + 1000, p=p)

    def words():
        while True:
            yield from pool.tolist()

    return docs, days, ids, order, rank, words()


def edit(words: list[int], rng: np.random.Generator, pool) -> list[int]:
    """A copy with about one word in eight substituted, 3 % dropped and 3 % more inserted."""
    out = []
    for w in words:
        u = rng.random()
        if u < 0.03:
            continue  # dropped
        out.append(next(pool) if u < 0.155 else w)
        if rng.random() < 0.03:
            out.append(next(pool))  # inserted
    return out


def frame(docs, days, ids, rng: np.random.Generator, excluded: dict) -> pd.DataFrame:
    """The corpus table: texts spelled from word ids with some commas and full stops;
    ``excluded`` maps a document to the source it is an excluded duplicate of."""
    vocab = _vocabulary()
    spelled = np.array([w + mark for w in vocab for mark in ("", ",", ".")], dtype=object)
    punct = rng.choice(3, size=int(sum(map(len, docs))), p=[0.9, 0.05, 0.05])
    texts, k = [], 0
    for d in docs:
        texts.append(" ".join(spelled[d * 3 + punct[k : k + len(d)]].tolist()))
        k += len(d)
    included = np.ones(len(docs), dtype=bool)
    for c, src in excluded.items():
        texts[c] = texts[src]
        included[c] = False
    dates = pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D")
    return pd.DataFrame(
        {
            "doc_id": ids,
            "date": dates.astype("datetime64[ns]"),
            "year": pd.array(dates.year, dtype="Int64"),
            "outlet": [f"outlet {i % 40:02d}" for i in range(len(docs))],
            "text": texts,
            "text_norm": texts,
            "included": included,
        }
    )


def make_corpus(n_docs: int, *, seed: int = 0, share: float = 0.015, excluded: float = 0.005):
    """(corpus DataFrame, truth DataFrame of planted passages: doc_a, doc_b, spans in words)."""
    rng = np.random.default_rng(seed)
    docs, days, ids, order, rank, pool = base_documents(n_docs, rng)
    n_plant, n_dup = int(round(share * n_docs)), int(round(excluded * n_docs))
    chosen = rng.permutation(order[n_docs // 10 :])[: n_plant + n_dup]  # skip the earliest tenth
    receivers, copies = chosen[:n_plant], chosen[n_plant:]
    busy = set(chosen.tolist())
    plants = []  # (source, src_start, src_end, [(receiver, start, end), ...])
    for r in receivers.tolist():
        if plants and rng.random() < 0.1 and rank[plants[-1][0]] < rank[r]:
            src, s0, s1, recv = plants[-1]  # a second receiver of the previous passage
        else:
            while True:
                src = int(order[rng.integers(0, rank[r])])
                if src not in busy:
                    break
            busy.add(src)
            length = int(rng.integers(20, 61))
            s0 = int(rng.integers(0, len(docs[src]) - length))
            s1 = s0 + length
            plants.append((src, s0, s1, []))
            recv = plants[-1][3]
        passage = edit(docs[src][s0:s1].tolist(), rng, pool)
        q = int(rng.integers(0, len(docs[r])))
        docs[r] = np.concatenate([docs[r][:q], np.array(passage, dtype=np.int32), docs[r][q:]])
        recv.append((r, q, q + len(passage)))
    truth = []
    for src, s0, s1, recv in plants:
        spans = [(src, s0, s1), *recv]
        for i, x in enumerate(spans):
            for y in spans[i + 1 :]:
                a, b = sorted((x, y), key=lambda t: rank[t[0]])
                truth.append((ids[a[0]], ids[b[0]], a[1], a[2], b[1], b[2]))
    dups = {c: int(plants[i % len(plants)][0]) for i, c in enumerate(copies.tolist())} if plants else {}
    corpus = frame(docs, days, ids, rng, dups)
    cols = ["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b"]
    return corpus, pd.DataFrame(truth, columns=cols)


def _overlaps(s0, s1, t0, t1) -> bool:
    return (min(s1, t1) - max(s0, t0)) * 2 >= min(s1 - s0, t1 - t0)


def score(found: pd.DataFrame, truth: pd.DataFrame) -> tuple[float, float]:
    """(recall, precision) of found passages against the planted ones."""
    by_pair: dict[tuple, list] = {}
    for t in truth.itertuples(index=False):
        by_pair.setdefault((t.doc_a, t.doc_b), []).append(t)
    hit_truth, good = set(), 0
    for f in found.itertuples(index=False):
        ok = False
        for t in by_pair.get((f.doc_a, f.doc_b), []):
            if _overlaps(f.start_a, f.end_a, t.start_a, t.end_a) and _overlaps(
                f.start_b, f.end_b, t.start_b, t.end_b
            ):
                hit_truth.add(t)
                ok = True
        good += ok
    recall = len(hit_truth) / len(truth) if len(truth) else 1.0
    precision = good / len(found) if len(found) else 1.0
    return recall, precision


def make_syndicated(n_docs: int, *, seed: int = 0, excluded: float = 0.005):
    """(corpus, truth): one planted passage per 1,000 documents (at least two), each copied into
    50-500 later documents (log-uniform, at most 90 % of the corpus in all). ``truth`` has one row
    per planted span: passage (P001, ...), doc_id, start, end, source (True for the original)."""
    rng = np.random.default_rng(seed)
    docs, days, ids, order, rank, pool = base_documents(n_docs, rng)
    n_pass = max(2, n_docs // 1000)
    sizes = np.exp(rng.uniform(math.log(50), math.log(500), n_pass)).astype(np.int64)
    sizes = np.minimum(sizes, int(0.9 * n_docs) // n_pass - 1)
    free = np.ones(n_docs, dtype=bool)  # by rank: one planted span per document
    truth, sources = [], []
    for k, size in enumerate(sizes.tolist()):
        src_rank = int(rng.integers(0, n_docs // 2))
        while not free[src_rank]:
            src_rank += 1
        later = np.flatnonzero(free[src_rank + 1 :]) + src_rank + 1
        recv = rng.choice(later, size=min(size, len(later)), replace=False)
        free[src_rank] = False
        free[recv] = False
        src = int(order[src_rank])
        sources.append(src)
        length = int(rng.integers(30, 81))
        s0 = int(rng.integers(0, len(docs[src]) - length))
        truth.append((f"P{k + 1:03d}", ids[src], s0, s0 + length, True))
        for r in np.sort(recv).tolist():
            d = int(order[r])
            copy = edit(docs[src][s0 : s0 + length].tolist(), rng, pool)
            q = int(rng.integers(0, len(docs[d])))
            docs[d] = np.concatenate([docs[d][:q], np.array(copy, dtype=np.int32), docs[d][q:]])
            truth.append((f"P{k + 1:03d}", ids[d], q, q + len(copy), False))
    spare = order[free][: int(round(excluded * n_docs))].tolist()
    dups = {c: sources[i % len(sources)] for i, c in enumerate(spare)}
    corpus = frame(docs, days, ids, rng, dups)
    return corpus, pd.DataFrame(truth, columns=["passage", "doc_id", "start", "end", "source"])


def score_clusters(found: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Recall and precision of found spans by cluster (see the module docstring), precision of the
    pairs table's rows, and how many clusters each planted passage was split into."""
    planted = {t.doc_id: (t.passage, t.start, t.end) for t in truth.itertuples(index=False)}
    spans = pd.concat(
        [
            found[["cluster", f"doc_{s}", f"start_{s}", f"end_{s}"]].set_axis(
                ["cluster", "doc", "start", "end"], axis=1
            )
            for s in "ab"
        ]
    ).drop_duplicates()

    def label(doc, start, end):
        p = planted.get(doc)
        return p[0] if p and _overlaps(start, end, p[1], p[2]) else None

    spans["passage"] = [label(*r) for r in zip(spans["doc"], spans["start"], spans["end"], strict=True)]
    major = (
        spans.dropna(subset=["passage"])
        .groupby("cluster")["passage"]
        .agg(lambda x: x.value_counts().index[0])
    )
    spans["right"] = spans["passage"].notna() & (spans["passage"] == spans["cluster"].map(major))
    got = set(zip(spans.loc[spans["right"], "passage"], spans.loc[spans["right"], "doc"], strict=True))
    recall = sum((t.passage, t.doc_id) in got for t in truth.itertuples(index=False)) / max(len(truth), 1)
    rows_ok = [
        label(a, sa, ea) is not None and label(a, sa, ea) == label(b, sb, eb)
        for a, sa, ea, b, sb, eb in zip(
            found["doc_a"],
            found["start_a"],
            found["end_a"],
            found["doc_b"],
            found["start_b"],
            found["end_b"],
            strict=True,
        )
    ]
    return {
        "recall": recall,
        "precision": float(spans["right"].mean()) if len(spans) else 1.0,
        "pair_precision": float(np.mean(rows_ok)) if rows_ok else 1.0,
        "clusters_per_passage": major.value_counts().mean() if len(major) else 0.0,
    }


def compare_duckdb(corpus: pd.DataFrame, *, ngram: int = 4, max_df: int = 100) -> None:
    """Time the n-gram filter and pair join in numpy (as ``reuse`` does) and in DuckDB."""
    import duckdb
    import pyarrow as pa

    docs = corpus[corpus["included"]].sort_values(["date", "doc_id"])
    toks, offsets, stop = shingles.token_hashes(docs["text_norm"].tolist())
    t0 = time.perf_counter()
    doc, pos, gid, df = ngram_index.shared_grams(toks, offsets, stop, ngram, max_df)
    key, _, _, _ = shingles.hits(doc, pos, gid, df, len(docs), clique_df=max_df)
    t_numpy = time.perf_counter() - t0
    h = ngram_index.ngram_hashes(toks, ngram)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int32), np.diff(offsets))[: len(h)]
    pos_of = (np.arange(len(h)) - offsets[doc_of]).astype(np.int32)
    n_stop = np.r_[0, np.cumsum(stop)]
    valid = (pos_of + ngram <= np.diff(offsets)[doc_of]) & (
        n_stop[ngram : ngram + len(h)] - n_stop[: len(h)] < ngram
    )
    table = pa.table({"h": h[valid], "d": doc_of[valid], "p": pos_of[valid]})
    del h, doc_of, pos_of, n_stop, valid
    con = duckdb.connect()
    con.register("g", table)
    t0 = time.perf_counter()
    hits = con.sql(f"""
        WITH multi AS (SELECT h FROM g GROUP BY h HAVING min(d) < max(d)),
             s AS (SELECT g.* FROM g SEMI JOIN multi USING (h)),
             keep AS (SELECT h FROM s GROUP BY h HAVING count(DISTINCT d) <= {max_df}),
             k AS (SELECT s.* FROM s SEMI JOIN keep USING (h))
        SELECT a.d::BIGINT * {len(docs)} + b.d AS pair, a.p AS pa, b.p AS pb
        FROM k a JOIN k b ON a.h = b.h AND a.d < b.d""").to_arrow_table()
    t_duck = time.perf_counter() - t0
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(
        f"n-gram filter + pair join: numpy {t_numpy:.1f} s ({len(key):,} hits); "
        f"duckdb {duckdb.__version__} over Arrow, {threads} threads, {t_duck:.1f} s ({hits.num_rows:,} hits)"
    )


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the forked alignment workers)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def run(n_docs: int, kind: str, seed: int, duckdb: bool, repeat: int = 3) -> dict:
    """One size in this process: build, time ``passages()`` (the median of ``repeat`` calls), score."""
    t0 = time.perf_counter()
    corpus, truth = (make_syndicated if kind == "syndicated" else make_corpus)(n_docs, seed=seed)
    t_make = time.perf_counter() - t0
    before = measure.peak_mb("VmRSS")
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):  # the median of a few calls: one 2-second call is too short to time steadily
        found = None  # the last call's result is not held during the next
        reset = measure.reset_peak()
        t0, c0 = time.perf_counter(), _cpu()
        found = reuse.passages(corpus)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
        peaks.append(measure.peak_mb())
    seconds, cpu, peak = float(np.median(walls)), float(np.median(cpus)), max(peaks)
    table = reuse.clusters(found, corpus)
    n_words = int(corpus["text_norm"].str.count(" ").sum() + len(corpus))
    if kind == "syndicated":
        scores = score_clusters(found, truth)
        planted = f"planted passages {truth['passage'].nunique():,} in {len(truth):,} spans"
        sizes = table["n_docs"]
        extra = f", largest {sizes.max() if len(sizes) else 0:,} documents"
    else:
        recall, precision = score(found, truth)
        scores = {"recall": recall, "precision": precision}
        planted, extra = f"planted pairs {len(truth):,}", ""
    print(
        f"[{kind}] documents {n_docs:,} ({int(corpus['included'].sum()):,} included, {n_words:,} words), "
        f"{planted}, corpus built in {t_make:.1f} s"
    )
    print(
        f"passages found {len(found):,} in {seconds:.1f} s wall, {cpu:.1f} s CPU "
        f"({n_docs / seconds:,.0f} docs/s; median of {repeat} calls, CPU "
        f"{', '.join(f'{c:.1f}' for c in cpus)} s); clusters {len(table):,}{extra}"
    )
    print("  ".join(f"{k} {v:.4f}" for k, v in scores.items()))
    print(
        f"peak memory of passages() {peak:,.0f} MB (the highest of the calls; {before:,.0f} MB before them"
        f"{'' if reset else '; process high-water mark'})",
        flush=True,
    )
    figures = {"docs": n_docs, "seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak, **scores}
    measure.emit(f"reuse_{kind}", **figures)
    if duckdb:
        compare_duckdb(corpus)
    return figures


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--kind", choices=["syndicated", "pairs"], default="syndicated")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compare-duckdb", action="store_true", help="also time the index step in DuckDB")
    ap.add_argument(
        "--repeat", type=int, default=3, help="calls of passages() per size; the median is reported"
    )
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error(f"--repeat must be at least 1, got {args.repeat}")
    if len(args.docs) == 1:
        return [run(args.docs[0], args.kind, args.seed, args.compare_duckdb, args.repeat)]
    out = []
    for n in args.docs:  # a fresh process per size, so that peak memory is its own
        cmd = [sys.executable, "-m", "benchmarks.bench_reuse", "--docs", str(n), "--kind", args.kind]
        cmd += ["--seed", str(args.seed), "--repeat", str(args.repeat)]
        cmd += ["--compare-duckdb"] if args.compare_duckdb else []
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        print(proc.stdout, end="", flush=True)
        out += measure.parse(proc.stdout.splitlines())
    if len(out) > 1:
        a, b = out[0], out[-1]
        cpu_ratio = b["cpu_seconds"] / a["cpu_seconds"]
        print(
            f"cost ratio {b['seconds'] / a['seconds']:.1f}x wall, {cpu_ratio:.1f}x CPU time for "
            f"{b['docs'] / a['docs']:.0f}x the documents (linear: the same ratio)"
        )
        measure.emit("reuse_growth", docs=[a["docs"], b["docs"]], cpu_ratio=cpu_ratio)
    return out


if __name__ == "__main__":
    main()
