"""Candidate windows for recycled passages (step 1 of ``reuse``): shingles, the n-gram index, hits,
a bound per document, windows. Step 2 of ``reuse`` aligns the windows returned here.

Shingles
    The ``text_norm`` of every included document is cut into lower-case words (the pattern of
    ``tokens.words``, run by the standard library's ``re``: three times faster than NLTK's wrapper,
    which matters at 30 million words), and each run of ``ngram`` consecutive words is hashed
    (Broder 1997, "On the resemblance and containment of documents"). Each distinct word is hashed
    once with BLAKE2b (stable across processes, unlike Python's salted ``hash()``); an n-gram's hash
    combines its words' hashes by Horner's rule modulo 2**64 and the splitmix64 finaliser, in numpy.
    N-grams of stop words only and n-grams found in one document only are dropped; so are n-grams
    found in more than ``max_df`` documents when a cap is given (passim's cut-off; no cap by default,
    since a wire story syndicated to 500 outlets is exactly the reuse to find).

Hits: every pair for rare n-grams, a star for common ones (the rule of the pairs table)
    A *hit* is one n-gram in two documents (position in the earlier, position in the later).
    An n-gram held by at most ``clique_df`` documents (10 by default) gives a hit for every pair of
    its holders, so a passage copied into up to ``clique_df`` documents yields all its pairs. An
    n-gram held by more documents is collapsed onto its earliest holder: each other holder gets
    one hit with that document only (a star, not a clique). A passage syndicated to k documents
    thus costs k - 1 candidate pairs, not k (k - 1) / 2, and each copy is aligned with the earliest
    document that holds its words. Earlier, an n-gram shared by more than 100 documents was simply
    dropped, so a passage copied more widely was never found.

Copies collapse onto their anchor
    Two later copies of one story share rare n-grams too (the same word dropped in both), so a pair
    of documents that both have ``min_shared`` star hits with one earlier document, and fewer star
    hits between themselves, is not a candidate: both are compared with the anchor instead, and
    the pairs table of a widely copied passage keeps about one row per copy.

One window per copied region (``one_per_copy``)
    Copies of one story are edited differently, so a later copy also shares a few star n-grams
    with other early copies (those that kept a word its anchor changed): each gave a window of its
    own, aligned again and again over the same words. Among the windows of one later document
    whose hits come at least half from star n-grams, a window whose hit span overlaps one with more
    hits (ties: the earlier partner) by half of the shorter or more is dropped. The region is then
    aligned once, with its best earlier copy, and still joins the cluster of every copy through
    that copy's own alignment. On the generated news corpus (every document built from recycled
    sentences) this halved the windows (10,000 documents: 186,549 -> 86,272) while 95.6 % of the
    spans found before are still found (overlap of half or more). Windows of rare n-grams (pairs
    of a passage in at most ``clique_df`` documents) are all kept.

Bound per document
    Pairs with fewer than ``min_shared`` hits are dropped. Each document is then compared with at
    most ``max_candidates`` earlier documents: those with which it shares the most hits (ties: the
    earlier partner). Alignment work is bounded by ``max_candidates`` partners per document and
    grows about linearly with the corpus whatever its syndication (``benchmarks.bench_reuse``: one
    passage per 1,000 documents in 50-500 edited copies; growth from 10,000 to 100,000 documents
    in the README).

Windows
    Hits of one pair are chained when they follow each other within ``max_gap`` words and stay near
    one diagonal (the offset between the two positions drifts by at most ``max_shift`` words); a
    chain of ``min_shared`` hits or more opens a window, widened by ``pad`` words on every side so
    that reworded edges can still be aligned. Overlapping windows of a pair merge.

Engine: numpy, sort-based grouping (``ngram_index``). The n-gram table (30 million rows for 100,000 documents of
300 words) is grouped by sorting a packed key (high bits of the hash | row number) by value (2 s in
numpy); pairs are enumerated inside each n-gram group by index arithmetic.
On 100,000 documents the n-gram filter and pair join took 4.0 s this way and 18.9 s in DuckDB 2.0
over Arrow with 2 threads (``python -m benchmarks.bench_reuse --docs 100000 --compare-duckdb``).
Packing the row number into the key leaves 64 - log2(rows) hash bits (39 for 30 million n-grams):
some hundreds of unrelated n-grams collide, which only adds hits that the alignment rejects.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import re

import numpy as np
import pandas as pd

from ..corpus import tokens
from .ngram_index import run_starts

_WORD = re.compile(tokens.WORD_PATTERN)  # the pattern of tokens.words, run by the standard library's re
_EMPTY = np.zeros(0, np.int64)


def words(text: str) -> list[str]:
    """Lower-case word tokens: ``tokens.words(text, lower=True)``, three times faster."""
    low = text.lower()
    return _WORD.findall(low) if len(low) == len(text) else [w.lower() for w in _WORD.findall(text)]


def spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``words``."""
    return [m.span() for m in _WORD.finditer(text)]


def token_hashes(texts: list[str], *, progress=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word hashes of all texts, concatenated; start offset of each text (plus the end);
    whether each word is a stop word. Words are numbered through a dict (at C speed); each distinct
    word is hashed (BLAKE2b) and tested against the stop words once, then gathered by number.
    ``progress``, if given, is called with the number of texts done after each chunk."""
    ids_of: dict[str, int] = collections.defaultdict(lambda: len(ids_of))  # numbers in order of first sight
    parts, lengths = [], []
    for k in range(0, len(texts), 2000):  # the words of 2,000 texts at a time as Python strings
        chunk = [words(text) for text in texts[k : k + 2000]]
        sizes = list(map(len, chunk))
        lengths += sizes
        words_of = itertools.chain.from_iterable(chunk)
        parts.append(np.fromiter(map(ids_of.__getitem__, words_of), np.int32, sum(sizes)))
        if progress is not None:
            progress(len(sizes))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    vocabulary = list(ids_of)
    digests = (hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest() for w in vocabulary)
    table = np.fromiter((int.from_bytes(d, "little") for d in digests), np.uint64, len(vocabulary))
    is_stop = np.fromiter(map(tokens.stopwords().__contains__, vocabulary), bool, len(vocabulary))
    toks, stop = np.empty(offsets[-1], np.uint64), np.empty(offsets[-1], bool)
    at = 0
    for k, ids in enumerate(parts):  # gathered chunk by chunk: no concatenated copy of the numbers
        parts[k] = None
        np.take(table, ids, out=toks[at : at + len(ids)])
        np.take(is_stop, ids, out=stop[at : at + len(ids)])
        at += len(ids)
    return toks, offsets, stop


def _clique(doc, pos, gid, n_docs, chunk=1 << 24):
    """All pairs of occurrences of one n-gram in two documents: (pair key, pos_a, pos_b)."""
    first = np.flatnonzero(run_starts(gid))
    sizes = np.diff(np.r_[first, len(gid)]).astype(np.int64)
    rank = np.arange(len(gid)) - np.repeat(first, sizes)
    partners = np.repeat(sizes, sizes) - 1 - rank
    ends = np.cumsum(partners)
    out, lo = [], 0
    while lo < len(gid):
        hi = int(np.searchsorted(ends, ends[lo] - partners[lo] + chunk, side="right"))
        hi = max(hi, lo + 1)
        cnt = partners[lo:hi]
        left = np.repeat(np.arange(lo, hi), cnt)
        step = np.arange(len(left)) - np.repeat(np.cumsum(cnt) - cnt, cnt) + 1
        right = left + step
        ok = doc[left] != doc[right]  # sorted by doc inside a group: doc[left] < doc[right]
        left, right = left[ok], right[ok]
        out.append((doc[left] * n_docs + doc[right], pos[left], pos[right]))
        lo = hi
    return out


def _star(doc, pos, gid, n_docs):
    """Each occurrence in a later document paired with each occurrence in the group's earliest one."""
    if len(gid) == 0:
        return []
    head = run_starts(gid)
    first = np.flatnonzero(head)
    group = np.cumsum(head) - 1
    anchor_doc = doc[first][group]
    is_anchor = doc == anchor_doc
    n_anchor = np.bincount(group, weights=is_anchor, minlength=len(first)).astype(np.int64)
    other = np.flatnonzero(~is_anchor)
    reps = n_anchor[group[other]]
    left = np.repeat(other, reps)
    step = np.arange(len(left)) - np.repeat(np.cumsum(reps) - reps, reps)
    right = first[group[left]] + step  # the anchor's occurrences come first in the group
    return [(doc[right] * n_docs + doc[left], pos[right], pos[left])]


def hits(doc, pos, gid, df, n_docs, *, clique_df=10):
    """Hits (pair key = earlier * n_docs + later, pos_a, pos_b, from_star): every pair of holders
    for an n-gram of at most ``clique_df`` documents, holders against the earliest one above that."""
    small = df <= clique_df
    clique = _clique(doc[small], pos[small], gid[small], n_docs)
    star = _star(doc[~small], pos[~small], gid[~small], n_docs)
    out = [(*c, np.zeros(len(c[0]), bool)) for c in clique] + [(*c, np.ones(len(c[0]), bool)) for c in star]
    if not out:
        return _EMPTY, _EMPTY, _EMPTY, np.zeros(0, bool)
    return tuple(np.concatenate(col) for col in zip(*out, strict=True))


def _collapse(pairs: np.ndarray, star_hits: np.ndarray, all_hits: np.ndarray, n_docs: int, min_shared: int):
    """False for the pairs of two copies of one anchor: pairs without ``min_shared`` star hits
    whose two documents both have ``min_shared`` star hits with one earlier document."""
    linked = pairs[star_hits >= min_shared]
    if len(linked) == 0:
        return np.ones(len(pairs), bool)
    star = pd.DataFrame({"anchor": linked // n_docs, "doc": linked % n_docs})
    other = np.flatnonzero((star_hits < min_shared) & (all_hits >= min_shared))
    cand = pd.DataFrame({"k": other, "a": pairs[other] // n_docs, "b": pairs[other] % n_docs})
    via = cand.merge(star, left_on="a", right_on="doc")[["k", "b", "anchor"]]
    both = via.merge(star, left_on=["b", "anchor"], right_on=["doc", "anchor"])["k"].to_numpy()
    keep = np.ones(len(pairs), bool)
    keep[both] = False
    return keep


def bound(key, pa, pb, star, *, n_docs, min_shared, max_candidates):
    """Keep the hits of pairs with ``min_shared`` hits or more, except pairs of two copies of one
    anchor, and of each later document only its ``max_candidates`` partners with the most hits
    (ties: the earlier partner). Returns the kept (key, pa, pb, star)."""
    pairs, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    star_counts = np.bincount(inverse, weights=star, minlength=len(pairs)).astype(np.int64)
    good = (counts >= min_shared) & _collapse(pairs, star_counts, counts, n_docs, min_shared)
    later, earlier = pairs % n_docs, pairs // n_docs
    order = np.lexsort((earlier, -counts, ~good, later))
    first = np.flatnonzero(run_starts(later[order]))
    sizes = np.diff(np.r_[first, len(order)])
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.repeat(first, sizes)
    good &= rank < max_candidates
    sel = good[inverse]
    return key[sel], pa[sel], pb[sel], star[sel]


def windows(key, pa, pb, *, min_shared, max_gap, max_shift, pad, ngram, lengths, n_docs, star=None):
    """Chain hits into windows: [(doc_a, doc_b, a0, a1, b0, b1, hit_pa, hit_pb)], merged. With
    ``star`` (the hits' flags from ``hits``), a copy's region is aligned once (``one_per_copy``)."""
    star = np.zeros(len(key), bool) if star is None else star
    order = np.lexsort((pb, pa, key))
    key, pa, pb, star = key[order], pa[order], pb[order], star[order]
    diag = pb - pa
    brk = run_starts(key)
    brk[1:] |= (pa[1:] - pa[:-1] > max_gap) | (np.abs(diag[1:] - diag[:-1]) > max_shift)
    first = np.flatnonzero(brk)
    sizes = np.diff(np.r_[first, len(key)])
    big = sizes >= min_shared
    if not len(first) or not big.any():
        return []
    ends = np.r_[first[1:], len(key)]
    cols = [np.add.reduceat(star.astype(np.int64), first)]  # per chain: star hits, hit spans, window
    for p, length in ((pa, lengths[key[first] // n_docs]), (pb, lengths[key[first] % n_docs])):
        low, high = np.minimum.reduceat(p, first), np.maximum.reduceat(p, first) + ngram
        cols += [low, high, np.maximum(low - pad, 0), np.minimum(high + pad, length)]
    chains = zip(
        (key[first] // n_docs)[big].tolist(),
        (key[first] % n_docs)[big].tolist(),
        first[big].tolist(),
        ends[big].tolist(),
        *(c[big].tolist() for c in cols),
        strict=True,
    )
    out: list[list] = []
    info: list[list[int]] = []  # per window: star hits, hit span on the later document
    for da, db, s, e, k, _, _, a0, a1, lo_b, hi_b, b0, b1 in chains:
        last = out[-1] if out else None
        if last and last[0] == da and last[1] == db and a0 < last[3] and b0 < last[5] and b1 > last[4]:
            last[2:6] = [min(last[2], a0), max(last[3], a1), min(last[4], b0), max(last[5], b1)]
            last[6], last[7] = np.r_[last[6], pa[s:e]], np.r_[last[7], pb[s:e]]
            i = info[-1]
            i[0], i[1], i[2] = i[0] + k, min(i[1], lo_b), max(i[2], hi_b)
        else:
            out.append([da, db, a0, a1, b0, b1, pa[s:e], pb[s:e]])
            info.append([k, lo_b, hi_b])
    return one_per_copy(out, info)


def one_per_copy(found: list, info: list) -> list:
    """Drop the windows that align a region of a later document again: among the windows of one
    later document with at least half of their hits from star n-grams (held by more than
    ``clique_df`` documents), one whose hit span on the later document overlaps a kept one by at
    least half of the shorter is dropped; windows with more hits are kept first (ties: the earlier
    partner, then the earlier window). Windows of rare n-grams are all kept. ``info``: per window,
    its number of star hits and its hit span (first word, end) on the later document."""
    by_doc: dict[int, list[int]] = {}
    for k, (w, (n_star, _, _)) in enumerate(zip(found, info, strict=True)):
        if 2 * n_star >= len(w[7]):
            by_doc.setdefault(w[1], []).append(k)
    drop = set()
    for ks in by_doc.values():
        if len(ks) < 2:
            continue
        kept: list[tuple[int, int]] = []
        for k in sorted(ks, key=lambda k: (-len(found[k][7]), found[k][0], k)):
            lo, hi = info[k][1], info[k][2]
            if any(2 * (min(hi, h) - max(lo, low)) >= min(hi - lo, h - low) for low, h in kept):
                drop.add(k)
            else:
                kept.append((lo, hi))
    return [w for k, w in enumerate(found) if k not in drop]
