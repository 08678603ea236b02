"""Recycled passages: text shared by two documents, found through word substitutions and edits,
and the clusters of documents that share one passage.

A passage is a stretch of at least ``min_words`` words in one document that reappears, perhaps
reworded, in another ("work is being carried out in the sphere of military education" in 2018,
"work is underway in the field of military education" in 2021). Finding them takes two steps, as
in text-reuse detectors such as passim (Smith, Cordell and Mullen 2015, "Computational methods for
uncovering reprinted texts in antebellum newspapers", *American Literary History* 27(3)):

1. **Candidates from shared n-grams, never from all pairs** (``shingles``): hashed word
   n-grams (shingles) shared by two documents are *hits*; an n-gram held by at most ``clique_df``
   documents gives a hit for every pair of its holders, one held by more is collapsed onto its
   earliest holder (each copy is compared with that document only); each document keeps at most
   ``max_candidates`` earlier partners; hits chained along one diagonal open a window. A region of
   a later document that several such star windows cover is aligned once, with the partner that
   shares most hits with it: copies collapse onto one representative before any pair is aligned.
2. **Local alignment of each window.** Smith and Waterman (1981, "Identification of common
   molecular subsequences", *J. Mol. Biol.* 147: 195-197) on words: match +2, mismatch -1, gap -1
   by default. The best-scoring local alignment is a passage when it has ``min_words`` words or
   more on both sides, a ``similarity`` (matching words / aligned columns, in [0, 1]) of at least
   ``min_similarity``, and ``min_content`` matching words that are not stop words (runs of "of the
   ... in the" align by chance). The window is then searched again in the four regions beside the
   alignment, so one window can hold several passages. A window whose two sides share fewer than
   ``min_content`` content words is skipped without aligning (an upper bound). Windows with the
   same words and hits on both sides (identical copies of one story) are aligned once. Windows
   of similar size are aligned together, their score matrices filled row by row for the whole
   batch in numpy (``alignment.local_many``: the same alignments as one at a time, with 4.5 times
   less CPU on 7,844 windows of a syndicated news corpus).

Direction and relation: documents are ordered by date, ties by ``doc_id``; undated documents
come after all dated ones (their place in time is unknown, so they never pose as the source of a
dated text). ``doc_a`` is the earlier of the pair. ``relation`` is ``cross_year``, or
``same_year`` (syndication of one story, or one event reported twice), or ``undated`` when either
year is unknown. Excluded documents (duplicates, other languages) take no part.

Clusters: a passage joins its two spans; two spans in one document join when they overlap by at
least half of the shorter; connected groups (union-find) are reuse clusters, numbered R001,
R002, ... in order of first appearance (earliest document, then earliest word). The pairs table
(``passages``) lists every pair of a passage copied into at most ``clique_df`` documents and one
pair per copy (with the earlier copy sharing most n-grams with it, usually the earliest) for one
copied more widely, so its rows grow with the copies, not their pairs; ``clusters`` gives one
row per cluster: its passage as first published, how many documents hold it, where and when it
first appeared and how far it spread.

Wording: positions are word indices of ``text_norm``; ``text_a``/``text_b`` quote the original
``text``, the words of ``text_norm`` mapped onto those of ``text`` by ``wording.token_map`` (word i
of one is word i of the other unless a spelling variant changed their number, "AK 203" -> "AK-203").
``diff_html`` shows two wordings side by side with the differing words marked, all text escaped.
"""

from __future__ import annotations

import hashlib
import os
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import memory, progress
from ..corpus.selection import select
from ..engine import processes
from . import ngram_index, shingles
from .alignment import check_scores, local_many
from .reuse_clusters import CLUSTER_COLUMNS, clusters
from .reuse_table import COLUMNS, EXTRA_COLUMNS, table

REQUIRED = ["doc_id", "date", "year", "text", "text_norm", "included"]
__all__ = ["CLUSTER_COLUMNS", "COLUMNS", "EXTRA_COLUMNS", "clusters", "passages"]


def _examine(region, found, stop_a, *, min_words, min_similarity, min_content, min_shared):
    """The passage (or none) of one region of a window, from its bound and best local alignment
    (``found``), and the regions beside it (four quadrants) that still hold ``min_shared`` hits."""
    a0, a1, b0, b1, ha, hb = region
    shared, al = found
    if shared < min_content or not al.ops:
        return None, []  # bound: not enough content words in common for any passage here
    sa, ea, sb, eb = a0 + al.start_a, a0 + al.end_a, b0 + al.start_b, b0 + al.end_b
    content = sum(op == "=" and not stop_a[a0 + i] for op, i, _ in al.ops)
    ok = min(ea - sa, eb - sb) >= min_words and al.similarity >= min_similarity and content >= min_content
    beside = []
    for qa0, qa1, qb0, qb1 in ((a0, sa, b0, sb), (ea, a1, eb, b1), (a0, sa, eb, b1), (ea, a1, b0, sb)):
        if min(qa1 - qa0, qb1 - qb0) < min_words:
            continue
        inside = (ha >= qa0) & (ha < qa1) & (hb >= qb0) & (hb < qb1)
        if inside.sum() >= min_shared:
            beside.append((qa0, qa1, qb0, qb1, ha[inside], hb[inside]))
    return ((sa, ea, sb, eb, al, a0, b0) if ok else None), beside


def _align_windows(sides: list, *, scores, **options) -> list:
    """The passages of each window (sides from ``_sides``): its best local alignment, then again
    in the regions beside each one, until no region holds enough hits. The regions of all windows
    at one depth are aligned together (``local_many``). Passages of a window in (a, b) order."""
    found: list[list] = [[] for _ in sides]
    regions = [(k, (0, len(side[1]), 0, len(side[2]), side[5], side[6])) for k, side in enumerate(sides)]
    while regions:
        batch = []
        for k, (a0, a1, b0, b1, _, _) in regions:
            _, ta, tb, sa, sb, _, _ = sides[k]
            batch.append((ta[a0:a1], tb[b0:b1], sa[a0:a1], sb[b0:b1]))
        deeper = []
        for (k, region), one in zip(regions, local_many(batch, *scores), strict=True):
            passage, beside = _examine(region, one, sides[k][3], **options)
            if passage is not None:
                found[k].append(passage)
            deeper += [(k, r) for r in beside]
        regions = deeper
    return [sorted(f, key=lambda p: p[:4]) for f in found]


def _sides(window, toks, offsets, stop) -> tuple:
    """The two sides of a window (words, stop flags, hits relative to the window) and a digest of
    them: windows with the same words and hits on both sides (copies of one story) align once."""
    da, db, a0, a1, b0, b1, ha, hb = window
    ta, tb = toks[offsets[da] + a0 : offsets[da] + a1], toks[offsets[db] + b0 : offsets[db] + b1]
    sa, sb = stop[offsets[da] + a0 : offsets[da] + a1], stop[offsets[db] + b0 : offsets[db] + b1]
    ha, hb = ha - a0, hb - b0
    parts = (ta, tb, ha, hb, np.array([a1 - a0], np.int64))
    key = hashlib.blake2b(b"".join(np.ascontiguousarray(x).tobytes() for x in parts), digest_size=16).digest()
    return key, ta, tb, sa, sb, ha, hb


def _check(**values) -> None:
    for name, (value, low) in values.items():
        if value is None and name == "max_df":
            continue
        if not isinstance(value, int | np.integer) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


def passages(
    corpus: pd.DataFrame,
    *,
    min_words: int = 8,
    ngram: int = 4,
    max_df: int | None = None,
    clique_df: int = 10,
    max_candidates: int = 20,
    min_shared: int = 2,
    max_gap: int = 50,
    max_shift: int = 10,
    pad: int = 30,
    min_similarity: float = 0.5,
    min_content: int = 3,
    match: int = 2,
    mismatch: int = -1,
    gap: int = -1,
    ops: bool = True,
    engine: str = "local",
) -> pd.DataFrame:
    """Recycled passages between the included documents of ``corpus``, one row per passage.

    ``corpus`` needs doc_id, date, year, text, text_norm and included (as ``load_corpus`` gives).
    Options, as in the docstrings of this module and ``shingles``: passage size and quality
    (``min_words``, ``min_similarity``, ``min_content``), the n-gram index (``ngram``; 3 finds
    short, heavily reworded passages at more cost, 5 is faster; ``max_df``, no cap by default),
    candidates (``clique_df``: n-grams of at most this many documents pair all their holders, more
    common ones pair each holder with the earliest; ``max_candidates``: earlier documents compared
    with each document), windows (``min_shared``, ``max_gap``, ``max_shift``, ``pad``) and the
    alignment scores (``match``, ``mismatch``, ``gap``).

    Columns: ``COLUMNS`` (doc_a, doc_b, year_a, year_b, text_a, text_b, similarity, cluster),
    then ``EXTRA_COLUMNS``: relation; date_a, date_b; start/end word offsets in ``text_norm``
    (end exclusive) and char_start/char_end in ``text``; n_words_a/b, matches, score; ``ops``, the
    alignment of the lower-cased ``text_norm`` words as (op, word_a, word_b) tuples, op in
    '=' (same), '~' (substituted), '-' (dropped from a), '+' (inserted in b). Rows are sorted by
    cluster, then by the earlier document and position. ``clusters(table, corpus)`` summarises it.
    ``ops=False`` leaves the ``ops`` column out (the report does: it is the bulk of the table).
    ``engine``: "local", "dask" or "tcp://HOST:PORT": on a Dask cluster words are hashed and
    windows aligned on the workers (``corpus`` may then be the Parquet parts of ``engine.stages.load``; ``engine.passages``).
    """
    if isinstance(corpus, pd.DataFrame):
        corpus = select(corpus, columns=REQUIRED)
    _check(
        min_words=(min_words, 2),
        ngram=(ngram, 1),
        max_df=(max_df, 2),
        clique_df=(clique_df, 2),
        max_candidates=(max_candidates, 1),
        min_shared=(min_shared, 1),
        max_gap=(max_gap, 0),
        max_shift=(max_shift, 0),
        pad=(pad, 0),
        min_content=(min_content, 0),
    )
    if not 0 <= min_similarity <= 1:
        raise ValueError(f"min_similarity must be in [0, 1], got {min_similarity}")
    check_scores(match, mismatch, gap)
    finding = dict(ngram=ngram, max_df=max_df, clique_df=clique_df, max_candidates=max_candidates)
    finding.update(min_shared=min_shared, max_gap=max_gap, max_shift=max_shift, pad=pad)
    aligning = dict(min_words=min_words, min_similarity=min_similarity, min_content=min_content)
    aligning.update(min_shared=min_shared, scores=(match, mismatch, gap))
    if engine != "local":
        from ..engine import passages as distributed

        return distributed.passages(corpus, engine=engine, finding=finding, aligning=aligning, ops=ops)
    docs = ordered(corpus)
    with progress.bar(total=len(docs), desc="reuse: words") as bar:
        toks, offsets, stop = shingles.token_hashes(docs["text_norm"].tolist(), progress=bar.update)
    windows = candidates(toks, offsets, stop, **finding)
    workers = (os.cpu_count() or 1) if len(windows) >= PARALLEL_WINDOWS else 1
    rows = aligned(windows, toks, offsets, stop, workers=workers, ops=ops, **aligning)
    del windows
    out = table(docs, rows, ops=ops)
    del rows
    memory.release()  # the windows and rows: gigabytes at 100,000 documents
    return out


# ---------------------------------------------------------------- the steps, also run apart by the engine
def ordered(selected: pd.DataFrame) -> pd.DataFrame:
    """The selected documents in time order (dated by date, then undated; ties by doc_id)."""
    docs = selected[REQUIRED]
    return (
        docs.assign(_undated=docs["date"].isna())
        .sort_values(["_undated", "date", "doc_id"], kind="stable")
        .reset_index(drop=True)
    )


def candidates(toks, offsets, stop, *, ngram, max_df, **options) -> list:
    """Step 1: windows of candidate passages, [(doc_a, doc_b, a0, a1, b0, b1, hit_pa, hit_pb)],
    from the word hashes of the documents (rows of ``ordered``; ``shingles.token_hashes``);
    ``options``: clique_df, max_candidates, min_shared, max_gap, max_shift, pad (``from_grams``)."""
    # no name holds the n-grams here: from_grams frees them once it has the hits
    grams = [ngram_index.shared_grams(toks, offsets, stop, ngram, max_df)]
    return from_grams(grams.pop(), lengths=np.diff(offsets), ngram=ngram, **options)


def from_grams(
    grams, *, lengths, ngram, clique_df, max_candidates, min_shared, max_gap, max_shift, pad
) -> list:
    """``candidates`` from the shared n-grams (``ngram_index.shared_grams``, or on a cluster the kept
    keys of its hash buckets) and the documents' lengths in words."""
    n_docs = max(len(lengths), 1)
    doc, pos, gid, df = grams
    del grams
    key, pa, pb, star = shingles.hits(doc, pos, gid, df, n_docs, clique_df=clique_df)
    del doc, pos, gid, df
    key, pa, pb, star = shingles.bound(
        key, pa, pb, star, n_docs=n_docs, min_shared=min_shared, max_candidates=max_candidates
    )
    return shingles.windows(
        key,
        pa,
        pb,
        min_shared=min_shared,
        max_gap=max_gap,
        max_shift=max_shift,
        pad=pad,
        ngram=ngram,
        lengths=lengths,
        n_docs=n_docs,
        star=star,
    )


def aligned(
    windows: list, toks, offsets, stop, *, batch: int = 4000, workers: int = 1, ops: bool = True, **options
) -> list:
    """Step 2: the passages of each window (local alignment). ``toks``/``stop`` with ``offsets``:
    the word hashes and stop flags of (at least) the documents of the windows. Windows are
    independent: any batch of them can run apart; the rows of the batches concatenate in order.
    ``batch`` windows at a time are aligned together (``_align_windows``); with ``workers`` > 1,
    in that many forked processes (the same rows: each batch is aligned as in one process).
    ``ops=False``: each row keeps the alignment's score, matches and similarity, not its ops."""
    if workers <= 1:
        with progress.bar(total=len(windows), desc="reuse: alignment", unit="window") as bar:
            return _aligned_all(
                windows, toks=toks, offsets=offsets, stop=stop, batch=batch, ops=ops, bar=bar, **options
            )
    return processes.rows(  # the workers inherit the windows: each task is a range of them
        _aligned_range,
        range(len(windows)),
        workers=workers,
        chunk=batch,
        desc="reuse: alignment",
        unit="window",
        windows=windows,
        toks=toks,
        offsets=offsets,
        stop=stop,
        batch=batch,
        ops=ops,
        **options,
    )


PARALLEL_WINDOWS = 20_000  # windows from which ``passages`` aligns in one process per core


def _aligned_range(part: range, *, windows: list, **options) -> list:
    """``_aligned_all`` of the windows ``part`` numbers: a forked worker's task, so that only two
    numbers are pickled, not the windows and their hits (0.5 s of CPU at 100,000 documents)."""
    return _aligned_all(windows[part.start : part.stop], **options)


def _aligned_all(windows: list, *, toks, offsets, stop, batch: int, ops: bool, bar=None, **options) -> list:
    """The rows of ``windows``, ``batch`` at a time; copies of one story align once (a memo)."""
    rows: list = []
    memo: dict = {}
    for lo in range(0, len(windows), batch):
        rows += _aligned_batch(windows[lo : lo + batch], toks, offsets, stop, memo, ops, **options)
        if bar is not None:
            bar.update(min(batch, len(windows) - lo))
    return rows


class _Scores(NamedTuple):
    """What the table needs of an alignment when it leaves out the ops."""

    score: int
    matches: int
    similarity: float


def _aligned_batch(chunk: list, toks, offsets, stop, memo: dict, ops: bool, **options) -> list:
    """The rows of one batch of windows; ``memo`` (digest -> passages) spans the batches of a
    process, so copies of one story align once."""
    sides = [_sides(w, toks, offsets, stop) for w in chunk]
    todo = {}
    for side in sides:
        if side[0] not in memo:
            todo.setdefault(side[0], side)
    found = _align_windows(list(todo.values()), **options)
    if not ops:
        found = [
            [(*p[:4], _Scores(p[4].score, p[4].matches, p[4].similarity), *p[5:]) for p in f] for f in found
        ]
    memo.update(zip(todo, found, strict=True))
    rows = []
    for w, side in zip(chunk, sides, strict=True):
        a0, b0 = w[2], w[4]
        rows += [
            (w[0], w[1], sa + a0, ea + a0, sb + b0, eb + b0, al, qa + a0, qb + b0)
            for sa, ea, sb, eb, al, qa, qb in memo[side[0]]
        ]
    return rows
