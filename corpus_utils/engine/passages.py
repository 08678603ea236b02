"""Recycled passages on a Dask cluster (``reuse.passages`` with an engine other than local).

Workers hash the words of their partitions (``shingles.token_hashes``). The client puts the
documents in time order from their ids and dates alone and tells each partition where its documents
stand; workers then key their n-grams (``ngram_index.gram_keys``) and cut the keys into buckets by the
n-gram's hash, and each bucket keeps the occurrences of its n-grams held by 2..max_df documents
(``ngram_index.kept_keys``). The client gathers only those, finds the candidate windows
(``reuse.from_grams``: hits, the bound per document, chains) and sends the windows in batches, with
the words of just their documents, to be aligned on the workers (``reuse.aligned``); it builds the
table from the texts of the documents that hold a passage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..phrases import ngram_index, reuse, shingles
from . import parts as P
from .client import Executor, executor
from .stages import included_rows, partitions

_ORDER = ["doc_id", "date", "included"]


def _hash_part(part) -> tuple[pd.DataFrame, tuple]:
    df = included_rows(part)
    return df[["doc_id", "date"]].reset_index(drop=True), shingles.token_hashes(df["text_norm"].tolist())


def _hash_meta(hashed: tuple) -> tuple[pd.DataFrame, np.ndarray]:
    return hashed[0], np.diff(hashed[1][1])


def _gram_keys(hashed: tuple, starts: np.ndarray, *, n: int, bits: int, buckets: int) -> list[np.ndarray]:
    """A partition's n-gram keys (``ngram_index.gram_keys``, at its documents' places in the time-ordered
    corpus), cut into buckets by the n-gram's hash: every occurrence of an n-gram lands in one bucket."""
    toks, offsets, stop = hashed[1]
    key = ngram_index.gram_keys(toks, offsets, stop, n, bits=bits, starts=starts)
    return [key[rows] for rows in P.by_bucket((key >> np.uint64(bits)) % np.uint64(buckets), buckets)]


def _bucket_grams(
    pieces: list[np.ndarray], offsets: np.ndarray, *, bits: int, max_df: int | None
) -> np.ndarray:
    """The keys of one bucket's n-grams found in 2..max_df documents (``ngram_index.kept_keys``)."""
    key = np.concatenate(pieces) if pieces else np.zeros(0, np.uint64)
    del pieces
    key.sort()
    return ngram_index.kept_keys(key, offsets, bits, max_df)


def _gather(toks: np.ndarray, offsets: np.ndarray, stop: np.ndarray, docs: np.ndarray) -> tuple:
    """The word hashes and stop flags of ``docs`` (rows of ``offsets``), packed, with their offsets."""
    lengths = offsets[docs + 1] - offsets[docs]
    packed = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(lengths, out=packed[1:])
    take = np.repeat(offsets[docs] - packed[:-1], lengths) + np.arange(packed[-1])
    return toks[take], packed, stop[take]


def _batch(windows: list, toks: np.ndarray, offsets: np.ndarray, stop: np.ndarray) -> tuple:
    """A batch of windows with the words of just its documents (renumbered 0..k-1)."""
    ids = np.array(sorted({d for w in windows for d in w[:2]}), dtype=np.int64)
    local = {int(d): k for k, d in enumerate(ids)}
    moved = [[local[w[0]], local[w[1]], *w[2:]] for w in windows]
    return moved, ids, *_gather(toks, offsets, stop, ids)


def _align(batch: tuple, **aligning) -> list:
    windows, ids, toks, offsets, stop = batch
    return [
        (int(ids[r[0]]), int(ids[r[1]]), *r[2:])
        for r in reuse.aligned(windows, toks, offsets, stop, **aligning)
    ]


def _docs(part, positions: list[int]) -> pd.DataFrame:
    return included_rows(part).iloc[positions][reuse.REQUIRED]


def passages(
    corpus, *, engine: str | Executor, finding: dict, aligning: dict, batch: int = 500, ops: bool = True
) -> pd.DataFrame:
    """``reuse.passages`` (options checked there; ``finding`` for ``reuse.candidates``, ``aligning``
    for ``reuse.aligned``): word hashes per partition on the workers, candidate windows on the
    client, alignment of ``batch`` windows at a time on the workers."""
    ex = executor(engine)
    parts = partitions(corpus, ex)
    hashed = ex.map(_hash_part, parts, name="word-hashes")
    metas = ex.gather(ex.map(_hash_meta, hashed, name="word-counts"))
    meta = pd.concat([m for m, _ in metas], ignore_index=True)
    lengths = np.concatenate([n for _, n in metas])
    edges = np.cumsum([0] + [len(m) for m, _ in metas])
    del metas
    # time order, as reuse.ordered: dated by date, then undated; ties by doc_id, then corpus order
    order = (
        meta.assign(_undated=meta["date"].isna())
        .sort_values(["_undated", "date", "doc_id"], kind="stable")
        .index.to_numpy()
    )
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)  # the corpus's texts in time order
    np.cumsum(lengths[order], out=offsets[1:])
    starts = np.empty(len(lengths), dtype=np.int64)  # each document's first word there
    starts[order] = offsets[:-1]
    # the shingle index, shuffled by hash: each bucket keeps the occurrences of its n-grams held by
    # 2..max_df documents, and only those reach the client (not every n-gram of the corpus)
    n = finding["ngram"]
    bits, buckets = ngram_index.key_bits(int(offsets[-1]), n), P.bucket_count(len(parts))
    keys = ex.map(
        _gram_keys,
        hashed,
        [starts[lo:hi] for lo, hi in zip(edges[:-1], edges[1:], strict=True)],
        name="gram-keys",
        n=n,
        bits=bits,
        buckets=buckets,
    )
    sent = ex.scatter([offsets])[0]  # the time-ordered offsets, once to the workers
    pieces = ex.buckets(keys, buckets, name="gram-bucket")
    kept = ex.map(
        _bucket_grams, pieces, [sent] * buckets, name="gram-kept", bits=bits, max_df=finding["max_df"]
    )
    del keys, pieces
    key = np.concatenate(ex.gather(kept))
    key.sort()
    rest = {k: v for k, v in finding.items() if k != "max_df"}
    windows = reuse.from_grams(
        ngram_index.grams_of_keys(key, offsets, bits, finding["max_df"]), lengths=lengths[order], **rest
    )
    del key
    # the words of the documents in time order, for the alignment batches
    hashed = ex.gather(hashed)
    toks = np.concatenate([h[0] for _, h in hashed])
    stop = np.concatenate([h[2] for _, h in hashed])
    del hashed
    stored = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=stored[1:])
    toks, offsets, stop = _gather(toks, stored, stop, order)  # now in time order
    batches = [_batch(windows[i : i + batch], toks, offsets, stop) for i in range(0, len(windows), batch)]
    found = ex.gather(ex.map(_align, ex.scatter(batches), name="align", ops=ops, **aligning))
    rows = [r for rows in found for r in rows]
    # the texts of the documents that hold a passage, fetched from their partitions
    ranks = np.array(sorted({r[0] for r in rows} | {r[1] for r in rows}), dtype=np.int64)
    at = np.sort(order[ranks]) if len(ranks) else ranks
    rank_of = dict(zip(order[ranks].tolist(), ranks.tolist(), strict=True))
    wanted = [
        (at[(at >= lo) & (at < hi)] - lo).tolist() for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    ]
    texts = P.concat(ex.gather(ex.map(_docs, parts, wanted, name="passage-texts")))
    texts.index = pd.Index([rank_of[int(s)] for s in at], dtype=np.int64)
    return reuse.table(texts, rows, ops=ops)
