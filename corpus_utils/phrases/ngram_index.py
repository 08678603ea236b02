"""The n-gram index of a corpus for recycled passages: each counted n-gram's key (its hash in the
high bits, its place in the corpus in the low ones), and the occurrences of the n-grams shared by
2..max_df documents, grouped by n-gram (``shared_grams``; on a cluster, ``engine.passages`` cuts the
keys into buckets across workers and gathers ``kept_keys``). ``shingles`` hashes the words and turns
these occurrences into candidate windows.
"""

from __future__ import annotations

import numpy as np

from ..engine.parts import by_bucket

_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


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
    for k in range(n):  # in place: one column of n-grams, not three
        h *= _MIX[0]
        h += toks[k : k + m]
    h ^= h >> np.uint64(31)
    h *= _MIX[1]
    h ^= h >> np.uint64(29)
    h *= _MIX[2]
    h ^= h >> np.uint64(32)
    return h


def key_bits(n_tokens: int, n: int) -> int:
    """Low bits of an n-gram key that hold its position (``gram_keys``), for a corpus of ``n_tokens`` words."""
    return max(int(max(n_tokens - n + 1, 0)).bit_length(), 1)


BLOCK_WORDS = 1 << 20  # words keyed at a time (``gram_keys``)
BUCKET_KEYS = 1 << 19  # keys sorted at a time (``shared_grams``): 4 MB, a bucket's sort in the cache


def gram_keys(toks, offsets, stop, n, *, bits, starts=None) -> np.ndarray:
    """Keys of the counted n-grams of the texts (rows of ``offsets``), unsorted: the n-gram's hash in
    the high bits, its position in the whole corpus in the low ``bits``. ``starts``: each text's
    first position in the corpus (default: these texts are the corpus, in order), so that the texts
    of one partition get the keys they have in the corpus. N-grams running into the next text and
    n-grams of stop words only are left out. Keyed ``BLOCK_WORDS`` words at a time: small working
    arrays reuse heap pages, where 250-MB ones took fresh pages (1-2 s of system time per call)."""
    out = np.empty(max(len(toks) - n + 1, 0), np.uint64)  # the blocks' keys, written in place
    filled = 0
    for keys in _key_blocks(toks, offsets, stop, n, bits, starts):
        out[filled : filled + len(keys)] = keys
        filled += len(keys)
    return out[:filled]


def _key_blocks(toks, offsets, stop, n, bits, starts):
    """The keys of ``gram_keys``, ``BLOCK_WORDS`` words (whole texts) at a time."""
    offsets = np.asarray(offsets, dtype=np.int64)
    starts = offsets[:-1] if starts is None else np.asarray(starts, dtype=np.int64)
    lo = 0
    while lo < len(offsets) - 1:
        hi = int(np.searchsorted(offsets, offsets[lo] + BLOCK_WORDS, side="right")) - 1
        hi = min(max(hi, lo + 1), len(offsets) - 1)  # at least one text, however long
        w0, w1 = offsets[lo], offsets[hi]
        yield _block_keys(toks[w0:w1], offsets[lo : hi + 1] - w0, stop[w0:w1], n, bits, starts[lo:hi])
        lo = hi


def _block_keys(toks, offsets, stop, n, bits, starts) -> np.ndarray:
    """``gram_keys`` of a block of texts whose words are ``toks`` (``offsets`` from 0)."""
    h = ngram_hashes(toks, n)
    ok = np.ones(len(h), dtype=bool)
    ends = (offsets[1:, None] - np.arange(1, n)[None, :]).ravel()  # n-grams running into the next text
    ok[ends[(ends >= 0) & (ends < len(h))]] = False
    n_stop = np.zeros(len(toks) + 1, dtype=np.int32)
    np.cumsum(stop, out=n_stop[1:])
    ok &= n_stop[n : n + len(h)] - n_stop[: len(h)] < n
    low = np.uint64((1 << bits) - 1)
    h &= ~low
    shift = np.repeat(starts - offsets[:-1], np.diff(offsets))[: len(h)]  # block position -> corpus position
    h |= (np.arange(len(h), dtype=np.int64) + shift).astype(np.uint64)
    return h[ok]


def _occurrences(held: list, offsets, bits, max_df):
    """The work of ``grams_of_keys`` and ``kept_keys``; ``held`` holds the sorted keys and is emptied,
    so that the full column goes as soon as the repeated n-grams are taken from it."""
    key = held.pop()
    multi = np.zeros(len(key), dtype=bool)
    for lo in range(0, max(len(key) - 1, 0), BLOCK_WORDS):  # blocks: no fresh whole-column arrays
        group = key[lo : lo + BLOCK_WORDS + 1] >> np.uint64(bits)
        same = group[1:] == group[:-1]
        multi[lo + 1 : lo + 1 + len(same)] |= same
        multi[lo : lo + len(same)] |= same
    key = key[multi]
    del multi
    group = key >> np.uint64(bits)
    idx = (key & np.uint64((1 << bits) - 1)).astype(np.int64)
    doc = np.searchsorted(offsets, idx, side="right") - 1
    pos = idx - offsets[doc]
    del idx
    gid = np.cumsum(run_starts(group)) - 1
    new_doc = run_starts(group, doc)
    df = np.bincount(gid, weights=new_doc).astype(np.int64)[gid]
    del gid, new_doc
    keep = (df >= 2) if max_df is None else (df >= 2) & (df <= max_df)
    return keep, key, group, doc, pos, df


def grams_of_keys(key, offsets, bits, max_df=None):
    """Occurrences (doc, pos, group, df) of the n-grams found in 2..max_df documents, from the sorted
    ``gram_keys`` of the corpus (``offsets``: its texts); grouped by n-gram, by document inside a
    group; ``group`` numbers the kept n-grams. An n-gram's every key is needed and no other n-gram's,
    so the keys a hash bucket keeps (``kept_keys``), gathered and sorted, give the same occurrences."""
    return _grams([key], offsets, bits, max_df)


def _grams(held: list, offsets, bits, max_df):
    keep, _, group, doc, pos, df = _occurrences(held, offsets, bits, max_df)
    group = group[keep]
    return doc[keep], pos[keep], np.cumsum(run_starts(group)) - 1, df[keep]


def kept_keys(key, offsets, bits, max_df=None) -> np.ndarray:
    """The sorted keys of the occurrences ``grams_of_keys`` keeps: what one hash bucket passes on."""
    keep, key, *_ = _occurrences([key], offsets, bits, max_df)
    return key[keep]


def shared_grams(toks, offsets, stop, n, max_df=None):
    """Occurrences (doc, pos, group, df) of the n-grams found in 2..max_df documents, grouped by
    n-gram and sorted by document inside a group; ``df`` is the number of documents of the group.
    N-grams of stop words only ("of the", "and in the") are left out.

    The keys are sorted bucket by bucket: a bucket holds the keys of a range of hashes (their top
    bits), about ``BUCKET_KEYS`` of them, so that its sort works in the cache; each block of keys is
    cut into the buckets as it is made (``engine.parts.by_bucket``, as a cluster cuts them). The buckets'
    kept keys (``kept_keys``: every occurrence of an n-gram is in its bucket), one bucket after the
    other, are the sorted keys of every kept occurrence."""
    bits = key_bits(len(toks), n)
    width = min(max(int(np.ceil(np.log2(max(len(toks) - n + 1, 1) / BUCKET_KEYS))), 0), 16)
    buckets: list[list[np.ndarray]] = [[] for _ in range(1 << width)]
    for keys in _key_blocks(toks, offsets, stop, n, bits, None):
        number = keys >> np.uint64(64 - width) if width else np.zeros(len(keys), np.uint16)
        for held, rows in zip(buckets, by_bucket(number, len(buckets)), strict=True):
            held.append(keys[rows])
    kept = []
    for i, held in enumerate(buckets):
        key = np.concatenate(held) if held else np.zeros(0, np.uint64)
        buckets[i] = []
        key.sort()
        kept.append(kept_keys(key, offsets, bits, max_df))
        del key
    return _grams([np.concatenate(kept)], offsets, bits, max_df)
