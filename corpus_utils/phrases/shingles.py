"""Candidate passages for ``reuse``: shingles (hashed word n-grams) shared by two documents,
chained into windows along a diagonal. Step 1 of the method described in ``reuse``.

``token_hashes`` hashes every word once (BLAKE2b, stable across processes); ``ngram_hashes`` combines
the hashes of ``n`` consecutive words (Horner's rule modulo 2**64, splitmix64 finaliser);
``shared_grams`` keeps the n-grams found in 2..``max_df`` documents (not of stop words only), grouped
by sorting packed keys; ``hits`` enumerates the pairs of occurrences of one n-gram in two documents;
``windows`` chains the hits of a pair into windows to align.
"""

from __future__ import annotations

import hashlib
import itertools
import re

import numpy as np
import pandas as pd

from ..corpus import tokens

_WORD = re.compile(tokens.WORD_PATTERN)  # the pattern of tokens.words, run by the standard library's re
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def words(text: str) -> list[str]:
    """Lower-case word tokens: ``tokens.words(text, lower=True)``, three times faster."""
    low = text.lower()
    return _WORD.findall(low) if len(low) == len(text) else [w.lower() for w in _WORD.findall(text)]


def spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``words``."""
    return [m.span() for m in _WORD.finditer(text)]


class _WordHashes(dict):
    """Stable 64-bit word hashes (BLAKE2b), computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        self[word] = value
        return value


def token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word hashes of all texts, concatenated; start offset of each text (plus the end);
    whether each word is a stop word. Words are factorised per chunk, hashed once each."""
    cache, stop_words = _WordHashes(), tokens.stopwords()
    hashes, stops, lengths = [], [], []
    for k in range(0, len(texts), 5000):
        chunk = [words(text) for text in texts[k : k + 5000]]
        lengths += map(len, chunk)
        codes, uniques = pd.factorize(np.array(list(itertools.chain.from_iterable(chunk)), dtype=object))
        hashes.append(np.fromiter(map(cache.__getitem__, uniques), np.uint64, len(uniques))[codes])
        stops.append(np.fromiter(map(stop_words.__contains__, uniques), bool, len(uniques))[codes])
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if not hashes:
        return np.zeros(0, np.uint64), offsets, np.zeros(0, bool)
    return np.concatenate(hashes), offsets, np.concatenate(stops)


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """True where a run of equal keys begins (keys sorted)."""
    first = np.ones(len(keys[0]), dtype=bool)
    for k in keys:
        first[1:] &= k[1:] == k[:-1]
    first[1:] = ~first[1:]
    return first


def ngram_hashes(toks: np.ndarray, n: int) -> np.ndarray:
    m = max(len(toks) - n + 1, 0)
    h = np.zeros(m, dtype=np.uint64)
    for k in range(n):
        h = h * _MIX[0] + toks[k : k + m]
    h ^= h >> np.uint64(31)
    h *= _MIX[1]
    h ^= h >> np.uint64(29)
    h *= _MIX[2]
    return h ^ (h >> np.uint64(32))


def shared_grams(toks, offsets, stop, n, max_df):
    """Occurrences (doc, pos, group) of the n-grams found in 2..max_df documents, grouped.
    N-grams of stop words only ("of the", "and in the") are left out."""
    h = ngram_hashes(toks, n)
    ok = np.ones(len(h), dtype=bool)
    ends = (offsets[1:, None] - np.arange(1, n)[None, :]).ravel()  # n-grams running into the next text
    ok[ends[(ends >= 0) & (ends < len(h))]] = False
    n_stop = np.zeros(len(toks) + 1, dtype=np.int32)
    np.cumsum(stop, out=n_stop[1:])
    ok &= n_stop[n : n + len(h)] - n_stop[: len(h)] < n
    del n_stop
    idx = np.flatnonzero(ok)
    del ok
    bits = max(int(len(h)).bit_length(), 1)
    low = np.uint64((1 << bits) - 1)
    key = h[idx]
    del h
    key &= ~low
    key |= idx.astype(np.uint64)
    del idx
    key.sort()
    group = key >> np.uint64(bits)
    multi = np.zeros(len(key), dtype=bool)
    same = group[1:] == group[:-1]
    multi[1:] |= same
    multi[:-1] |= same
    del same
    group, idx = group[multi], (key[multi] & low).astype(np.int64)
    del key, multi
    doc = np.searchsorted(offsets, idx, side="right") - 1
    pos = idx - offsets[doc]
    gid = np.cumsum(run_starts(group)) - 1
    new_doc = run_starts(group, doc)
    df = np.bincount(gid, weights=new_doc).astype(np.int64)
    keep = (df[gid] >= 2) & (df[gid] <= max_df)
    return doc[keep], pos[keep], gid[keep]


def hits(doc, pos, gid, n_docs, chunk=1 << 24):
    """All pairs of occurrences of one n-gram in two documents: (pair key, pos_a, pos_b)."""
    starts = np.flatnonzero(run_starts(gid))
    sizes = np.diff(np.r_[starts, len(gid)]).astype(np.int64)
    rank = np.arange(len(gid)) - np.repeat(starts, sizes)
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
    if not out:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    return tuple(np.concatenate(col) for col in zip(*out, strict=True))


def windows(key, pa, pb, *, min_shared, max_gap, max_shift, pad, ngram, lengths, n_docs):
    """Chain hits into windows: [(doc_a, doc_b, a0, a1, b0, b1, hit_pa, hit_pb)], merged."""
    ks = np.sort(key)
    bounds = run_starts(ks)
    ukeys, counts = ks[bounds], np.diff(np.r_[np.flatnonzero(bounds), len(ks)])
    good = ukeys[counts >= min_shared]
    at = np.searchsorted(good, key).clip(0, max(len(good) - 1, 0))
    sel = good[at] == key if len(good) else np.zeros(len(key), bool)
    key, pa, pb = key[sel], pa[sel], pb[sel]
    order = np.lexsort((pb, pa, key))
    key, pa, pb = key[order], pa[order], pb[order]
    diag = pb - pa
    brk = run_starts(key)
    brk[1:] |= (pa[1:] - pa[:-1] > max_gap) | (np.abs(diag[1:] - diag[:-1]) > max_shift)
    starts = np.flatnonzero(brk)
    sizes = np.diff(np.r_[starts, len(key)])
    found: list[list] = []
    for s, size in zip(
        starts[sizes >= min_shared].tolist(), sizes[sizes >= min_shared].tolist(), strict=True
    ):
        da, db = divmod(int(key[s]), n_docs)
        wa, wb = pa[s : s + size], pb[s : s + size]
        a0, a1 = max(int(wa.min()) - pad, 0), min(int(wa.max()) + ngram + pad, int(lengths[da]))
        b0, b1 = max(int(wb.min()) - pad, 0), min(int(wb.max()) + ngram + pad, int(lengths[db]))
        last = found[-1] if found else None
        if last and last[:2] == [da, db] and a0 < last[3] and b0 < last[5] and b1 > last[4]:
            last[2:6] = [min(last[2], a0), max(last[3], a1), min(last[4], b0), max(last[5], b1)]
            last[6], last[7] = np.r_[last[6], wa], np.r_[last[7], wb]
        else:
            found.append([da, db, a0, a1, b0, b1, wa, wb])
    return found
