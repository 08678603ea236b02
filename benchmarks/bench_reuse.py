"""Benchmark: recycled passages (``reuse.passages``) on a synthetic corpus with planted reuse.

    .venv/bin/python -m benchmarks.bench_reuse --docs 100000 [--compare-duckdb]

The corpus is built directly as a DataFrame (no files, no loader): N documents of 200-400 words
drawn from a Zipfian vocabulary (exponent 1.05 over 50,000 words whose most frequent ranks are
the English stop words), so unrelated documents share common n-grams as real ones do. About
1.5 % of documents receive a 20-60-word passage copied from an earlier document, with about one
word in eight substituted and some words inserted or dropped; one planted passage in ten goes to
two documents (a three-document cluster). 0.5 % of documents are excluded copies of a source
(duplicates) that must take no part. Recall and precision are measured against the planted
pairs (a found passage matches when it names the right pair in the right direction and overlaps
the planted span by half or more on both sides). Seconds and peak memory (ru_maxrss of this
process, which counts all its threads, and of child processes) are printed.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from corpus_utils.corpus import tokens
from corpus_utils.phrases import reuse, shingles

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


def make_corpus(n_docs: int, *, seed: int = 0, share: float = 0.015, excluded: float = 0.005):
    """(corpus DataFrame, truth DataFrame of planted passages: doc_a, doc_b, spans in words)."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary()
    p = 1.0 / np.arange(1, VOCAB + 1) ** ZIPF
    p /= p.sum()
    lengths = rng.integers(200, 401, n_docs)
    draws = rng.choice(VOCAB, size=int(lengths.sum()), p=p).astype(np.int32)
    cuts = np.r_[0, np.cumsum(lengths)]
    docs = [draws[cuts[i] : cuts[i + 1]] for i in range(n_docs)]
    days = rng.integers(0, 6 * 365, n_docs)
    dates = pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D")
    ids = np.array([f"s{i:06d}" for i in range(n_docs)], dtype=object)
    order = np.lexsort((ids, days))  # chronological, ties by doc_id
    rank = np.empty(n_docs, dtype=np.int64)
    rank[order] = np.arange(n_docs)

    pool = iter(rng.choice(VOCAB, size=2 * n_docs + 1000, p=p))  # substituted and inserted words
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
        passage = []
        for w in docs[src][s0:s1].tolist():
            u = rng.random()
            if u < 0.03:
                continue  # dropped
            passage.append(next(pool) if u < 0.155 else w)  # ~1 in 8 substituted
            if rng.random() < 0.03:
                passage.append(next(pool))  # inserted
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
    spelled = np.array([w + mark for w in vocab for mark in ("", ",", ".")], dtype=object)
    punct = rng.choice(3, size=int(sum(map(len, docs))), p=[0.9, 0.05, 0.05])
    texts, k = [], 0
    for d in docs:
        texts.append(" ".join(spelled[d * 3 + punct[k : k + len(d)]].tolist()))
        k += len(d)
    for i, c in enumerate(copies.tolist()):  # an excluded duplicate of some source
        texts[c] = texts[int(plants[i % len(plants)][0])] if plants else texts[c]
    included = np.ones(n_docs, dtype=bool)
    included[copies] = False
    corpus = pd.DataFrame(
        {
            "doc_id": ids,
            "date": dates.astype("datetime64[ns]"),
            "year": pd.array(dates.year, dtype="Int64"),
            "text": texts,
            "text_norm": texts,
            "included": included,
        }
    )
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


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def compare_duckdb(corpus: pd.DataFrame, *, ngram: int = 4, max_df: int = 100) -> None:
    """Time the n-gram filter and pair join in numpy (as ``reuse`` does) and in DuckDB."""
    import duckdb
    import pyarrow as pa

    docs = corpus[corpus["included"]].sort_values(["date", "doc_id"])
    toks, offsets, stop = shingles.token_hashes(docs["text_norm"].tolist())
    t0 = time.perf_counter()
    doc, pos, gid = shingles.shared_grams(toks, offsets, stop, ngram, max_df)
    key, _, _ = shingles.hits(doc, pos, gid, len(docs))
    t_numpy = time.perf_counter() - t0
    h = shingles.ngram_hashes(toks, ngram)
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


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compare-duckdb", action="store_true", help="also time the index step in DuckDB")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    corpus, truth = make_corpus(args.docs, seed=args.seed)
    t_make = time.perf_counter() - t0
    before, _ = _peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    found = reuse.passages(corpus)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    recall, precision = score(found, truth)
    own, kids = _peak_mb()
    n_words = int(corpus["text_norm"].str.count(" ").sum() + len(corpus))
    print(
        f"documents {args.docs:,} ({int(corpus['included'].sum()):,} included, {n_words:,} words), "
        f"planted pairs {len(truth):,}, corpus built in {t_make:.1f} s"
    )
    print(
        f"passages found {len(found):,} in {seconds:.1f} s wall, {cpu:.1f} s CPU "
        f"({args.docs / seconds:,.0f} docs/s), clusters {found['cluster'].nunique():,}"
    )
    print(f"recall {recall:.4f}  precision {precision:.4f}")
    print(
        f"peak memory {own:,.0f} MB (this process, all threads; {before:,.0f} MB before passages(), "
        f"while building the corpus), children {kids:,.0f} MB"
    )
    if args.compare_duckdb:
        compare_duckdb(corpus)
    return {
        "docs": args.docs,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "recall": recall,
        "precision": precision,
        "peak_mb": own,
    }


if __name__ == "__main__":
    main()
