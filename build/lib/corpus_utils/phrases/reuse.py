"""Recycled passages: text shared by two documents, found through word substitutions and edits.

A passage is a stretch of at least ``min_words`` words in one document that reappears, perhaps
reworded, in another ("work is being carried out in the sphere of military education" in 2018,
"work is underway in the field of military education" in 2021). Finding them takes two steps, as
in text-reuse detectors such as passim (Smith, Cordell and Mullen 2015, "Computational methods for
uncovering reprinted texts in antebellum newspapers", *American Literary History* 27(3)):

1. **Candidates from shared n-grams, never from all pairs.** The ``text_norm`` of every included
   document is cut into lower-case words (the pattern of ``tokens.words``, run by the standard
   library's ``re``: three times faster than NLTK's wrapper, which matters at 30 million words),
   and each run of ``ngram`` consecutive words is hashed (shingling: Broder 1997, "On the
   resemblance and containment of documents"). Each distinct word is hashed once with BLAKE2b
   (stable across processes, unlike Python's salted ``hash()``); an n-gram's hash combines its
   words' hashes by Horner's rule modulo 2**64 and the splitmix64 finaliser, in numpy. N-grams of
   stop words only, n-grams found in one document only, and n-grams found in more than
   ``max_df`` documents (passim's default, 100: boilerplate and stock phrases) are dropped. Each
   remaining n-gram shared by two documents is a *hit* (position in the earlier document, position
   in the later one). Hits of one pair are chained when they follow each other within ``max_gap``
   words and stay near one diagonal (the offset between the two positions drifts by at most
   ``max_shift`` words: insertions and deletions); a chain of ``min_shared`` hits or more opens a
   window, widened by ``pad`` words on every side so that reworded edges, where substitutions have
   broken every n-gram, can still be aligned. Overlapping windows of a pair merge.
2. **Local alignment of each window.** Smith and Waterman (1981, "Identification of common
   molecular subsequences", *J. Mol. Biol.* 147: 195-197) on words: match +2, mismatch -1, gap -1
   by default. The best-scoring local alignment is a passage when it has ``min_words`` words or
   more on both sides, a ``similarity`` (matching words / aligned columns, in [0, 1]) of at least
   ``min_similarity``, and ``min_content`` matching words that are not stop words (runs of "of the
   ... in the" align by chance). The window is then searched again in the four regions beside the
   alignment, so one window can hold several passages. A window whose two sides share fewer than
   ``min_content`` content words is skipped without aligning (an upper bound). The dynamic
   programme runs one row at a time in numpy; horizontal gaps come from a running maximum, since
   with a linear gap cost p, ``H[i, j] = max over k <= j of (T[k] - p (j - k))``. Ties between
   equally scored ends go to the more similar alignment, then the longer one.

Direction and relation: documents are ordered by date, ties by ``doc_id``; undated documents
come after all dated ones (their place in time is unknown, so they never pose as the source of a
dated text). ``doc_a`` is the earlier of the pair. ``relation`` is ``cross_year``, or
``same_year`` (syndication of one story, or one event reported twice), or ``undated`` when either
year is unknown. Excluded documents (duplicates, other languages) take no part.

Clusters: a passage joins its two spans; two spans in one document join when they overlap by at
least half of the shorter; connected groups (union-find) are reuse clusters, numbered R001,
R002, ... in order of first appearance (earliest document, then earliest word).

Wording: positions are word indices of ``text_norm``; ``text_a``/``text_b`` quote the original
``text``. The words of ``text`` and ``text_norm`` are matched with difflib where a spelling variant
changed their number ("AK 203" -> "AK-203"); otherwise word i of one is word i of the other.
``diff_html`` shows two wordings side by side with the differing words marked, all text escaped.

Engine: numpy, sort-based grouping. The n-gram table (30 million rows for 100,000 documents of
300 words) is grouped by sorting a packed key (high bits of the hash | row number) by value, which
numpy does in about a second; pairs are enumerated inside each n-gram group by index arithmetic.
On the benchmark's 100,000 documents the n-gram filter and pair join took 4.0 s this way and
18.9 s in DuckDB 2.0 over Arrow with 2 threads (``python -m benchmarks.bench_reuse --docs 100000
--compare-duckdb``); a first DuckDB query with ``count(DISTINCT)`` over all 30 million n-grams
took 55 s. The time goes to tokenising, which no engine removes. Packing the row number into the
key leaves 64 - log2(rows) hash bits (39 for 30 million n-grams): some hundreds of unrelated
n-grams collide (665 of 772,353 hits there), which only adds hits that the alignment rejects.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import re

import numpy as np
import pandas as pd

from ..corpus import tokens
from ..errors import CorpusError
from .alignment import Alignment, _check_scores, _dp, align, diff_html  # noqa: F401 - public API of reuse

COLUMNS = ["doc_a", "doc_b", "year_a", "year_b", "text_a", "text_b", "similarity", "cluster"]
EXTRA_COLUMNS = [
    "relation",
    "date_a",
    "date_b",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "char_start_a",
    "char_end_a",
    "char_start_b",
    "char_end_b",
    "n_words_a",
    "n_words_b",
    "matches",
    "score",
    "ops",
]
REQUIRED = ["doc_id", "date", "year", "text", "text_norm", "included"]
_WORD = re.compile(tokens.WORD_PATTERN)  # the pattern of tokens.words, run by the standard library's re
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def _words(text: str) -> list[str]:
    """Lower-case word tokens: ``tokens.words(text, lower=True)``, three times faster."""
    low = text.lower()
    return _WORD.findall(low) if len(low) == len(text) else [w.lower() for w in _WORD.findall(text)]


def _spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``_words``."""
    return [m.span() for m in _WORD.finditer(text)]


class _WordHashes(dict):
    """Stable 64-bit word hashes (BLAKE2b), computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        self[word] = value
        return value


def _token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word hashes of all texts, concatenated; start offset of each text (plus the end);
    whether each word is a stop word. Words are factorised per chunk, hashed once each."""
    cache, stop_words = _WordHashes(), tokens.stopwords()
    hashes, stops, lengths = [], [], []
    for k in range(0, len(texts), 5000):
        words = [_words(text) for text in texts[k : k + 5000]]
        lengths += map(len, words)
        codes, uniques = pd.factorize(np.array(list(itertools.chain.from_iterable(words)), dtype=object))
        hashes.append(np.fromiter(map(cache.__getitem__, uniques), np.uint64, len(uniques))[codes])
        stops.append(np.fromiter(map(stop_words.__contains__, uniques), bool, len(uniques))[codes])
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if not hashes:
        return np.zeros(0, np.uint64), offsets, np.zeros(0, bool)
    return np.concatenate(hashes), offsets, np.concatenate(stops)


def _starts(*keys: np.ndarray) -> np.ndarray:
    """True where a run of equal keys begins (keys sorted)."""
    first = np.ones(len(keys[0]), dtype=bool)
    for k in keys:
        first[1:] &= k[1:] == k[:-1]
    first[1:] = ~first[1:]
    return first


def _ngram_hashes(toks: np.ndarray, n: int) -> np.ndarray:
    m = max(len(toks) - n + 1, 0)
    h = np.zeros(m, dtype=np.uint64)
    for k in range(n):
        h = h * _MIX[0] + toks[k : k + m]
    h ^= h >> np.uint64(31)
    h *= _MIX[1]
    h ^= h >> np.uint64(29)
    h *= _MIX[2]
    return h ^ (h >> np.uint64(32))


def _shared_grams(toks, offsets, stop, n, max_df):
    """Occurrences (doc, pos, group) of the n-grams found in 2..max_df documents, grouped.
    N-grams of stop words only ("of the", "and in the") are left out."""
    h = _ngram_hashes(toks, n)
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
    gid = np.cumsum(_starts(group)) - 1
    new_doc = _starts(group, doc)
    df = np.bincount(gid, weights=new_doc).astype(np.int64)
    keep = (df[gid] >= 2) & (df[gid] <= max_df)
    return doc[keep], pos[keep], gid[keep]


def _hits(doc, pos, gid, n_docs, chunk=1 << 24):
    """All pairs of occurrences of one n-gram in two documents: (pair key, pos_a, pos_b)."""
    starts = np.flatnonzero(_starts(gid))
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


def _windows(key, pa, pb, *, min_shared, max_gap, max_shift, pad, ngram, lengths, n_docs):
    """Chain hits into windows: [(doc_a, doc_b, a0, a1, b0, b1, hit_pa, hit_pb)], merged."""
    ks = np.sort(key)
    bounds = _starts(ks)
    ukeys, counts = ks[bounds], np.diff(np.r_[np.flatnonzero(bounds), len(ks)])
    good = ukeys[counts >= min_shared]
    at = np.searchsorted(good, key).clip(0, max(len(good) - 1, 0))
    sel = good[at] == key if len(good) else np.zeros(len(key), bool)
    key, pa, pb = key[sel], pa[sel], pb[sel]
    order = np.lexsort((pb, pa, key))
    key, pa, pb = key[order], pa[order], pb[order]
    diag = pb - pa
    brk = _starts(key)
    brk[1:] |= (pa[1:] - pa[:-1] > max_gap) | (np.abs(diag[1:] - diag[:-1]) > max_shift)
    starts = np.flatnonzero(brk)
    sizes = np.diff(np.r_[starts, len(key)])
    windows: list[list] = []
    for s, size in zip(
        starts[sizes >= min_shared].tolist(), sizes[sizes >= min_shared].tolist(), strict=True
    ):
        da, db = divmod(int(key[s]), n_docs)
        wa, wb = pa[s : s + size], pb[s : s + size]
        a0, a1 = max(int(wa.min()) - pad, 0), min(int(wa.max()) + ngram + pad, int(lengths[da]))
        b0, b1 = max(int(wb.min()) - pad, 0), min(int(wb.max()) + ngram + pad, int(lengths[db]))
        last = windows[-1] if windows else None
        if last and last[:2] == [da, db] and a0 < last[3] and b0 < last[5] and b1 > last[4]:
            last[2:6] = [min(last[2], a0), max(last[3], a1), min(last[4], b0), max(last[5], b1)]
            last[6], last[7] = np.r_[last[6], wa], np.r_[last[7], wb]
        else:
            windows.append([da, db, a0, a1, b0, b1, wa, wb])
    return windows


def _align_window(
    ta, tb, window, *, stop_a, stop_b, min_words, min_similarity, min_content, min_shared, scores
):
    """Best local alignments in a window, then again beside each one (four quadrants)."""
    found, stack = [], [tuple(window[2:])]
    while stack:
        a0, a1, b0, b1, ha, hb = stack.pop()
        content_a, content_b = ta[a0:a1][~stop_a[a0:a1]], tb[b0:b1][~stop_b[b0:b1]]
        if np.isin(content_a, content_b).sum() < min_content:
            continue  # bound: not enough content words in common for any passage here
        al = _dp(ta[a0:a1], tb[b0:b1], *scores, local=True)
        if not al.ops:
            continue
        sa, ea, sb, eb = a0 + al.start_a, a0 + al.end_a, b0 + al.start_b, b0 + al.end_b
        content = sum(op == "=" and not stop_a[a0 + i] for op, i, _ in al.ops)
        if min(ea - sa, eb - sb) >= min_words and al.similarity >= min_similarity and content >= min_content:
            found.append((sa, ea, sb, eb, al, a0, b0))
        for qa0, qa1, qb0, qb1 in (
            (a0, sa, b0, sb),
            (ea, a1, eb, b1),
            (a0, sa, eb, b1),
            (ea, a1, b0, sb),
        ):
            inside = (ha >= qa0) & (ha < qa1) & (hb >= qb0) & (hb < qb1)
            if inside.sum() >= min_shared and min(qa1 - qa0, qb1 - qb0) >= min_words:
                stack.append((qa0, qa1, qb0, qb1, ha[inside], hb[inside]))
    return found


def _token_map(norm: str, orig: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character span in ``orig`` of each word of ``norm`` (start span, end span)."""
    n_spans, o_spans = _spans(norm), _spans(orig)
    n_words = [norm[s:e].lower() for s, e in n_spans]
    o_words = [orig[s:e].lower() for s, e in o_spans]
    if n_words == o_words:
        return o_spans, o_spans
    starts, ends = [(0, 0)] * len(n_words), [(0, 0)] * len(n_words)
    matcher = difflib.SequenceMatcher(None, n_words, o_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for i in range(i1, i2):
            if tag == "equal" or i2 - i1 == j2 - j1:  # same words, or respelled one for one
                starts[i] = ends[i] = o_spans[j1 + i - i1]
            elif j2 > j1:
                starts[i], ends[i] = o_spans[j1], o_spans[j2 - 1]
            else:
                edge = o_spans[j1][0] if j1 < len(o_spans) else len(orig)
                starts[i] = ends[i] = (edge, edge)
    return starts, ends


def _clusters(spans_a, spans_b) -> np.ndarray:
    """Union-find over passage spans (doc rank, start, end); returns a cluster number per passage."""
    nodes = [s for pair in zip(spans_a, spans_b, strict=True) for s in pair]
    parent = list(range(len(nodes)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for k in range(0, len(nodes), 2):
        union(k, k + 1)
    order = sorted(range(len(nodes)), key=lambda k: nodes[k])
    active: list[int] = []
    for k in order:
        doc, start, end = nodes[k]
        active = [j for j in active if nodes[j][0] == doc and nodes[j][2] > start]
        for j in active:
            overlap = min(end, nodes[j][2]) - start
            if overlap * 2 >= min(end - start, nodes[j][2] - nodes[j][1]):
                union(j, k)
        active.append(k)
    roots = [find(2 * p) for p in range(len(spans_a))]
    first: dict[int, tuple] = {}
    for k, node in enumerate(nodes):
        r = find(k)
        first[r] = min(first.get(r, node), node)
    ranking = {r: i for i, r in enumerate(sorted(first, key=first.__getitem__))}
    return np.array([ranking[r] for r in roots], dtype=np.int64)


def _check(**values) -> None:
    for name, (value, low) in values.items():
        if not isinstance(value, int | np.integer) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


def passages(
    corpus: pd.DataFrame,
    *,
    min_words: int = 8,
    ngram: int = 4,
    max_df: int = 100,
    min_shared: int = 2,
    max_gap: int = 50,
    max_shift: int = 10,
    pad: int = 30,
    min_similarity: float = 0.5,
    min_content: int = 3,
    match: int = 2,
    mismatch: int = -1,
    gap: int = -1,
) -> pd.DataFrame:
    """Recycled passages between the included documents of ``corpus``, one row per passage.

    ``corpus`` needs doc_id, date, year, text, text_norm and included (as ``load_corpus`` gives).
    Options, as in the module docstring: passage size and quality (``min_words``,
    ``min_similarity``, ``min_content``), the n-gram index (``ngram``; 3 finds short, heavily
    reworded passages at more cost, 5 is faster; ``max_df``), windows (``min_shared``,
    ``max_gap``, ``max_shift``, ``pad``) and the alignment scores (``match``, ``mismatch``, ``gap``).

    Columns: ``COLUMNS`` (doc_a, doc_b, year_a, year_b, text_a, text_b, similarity, cluster),
    then ``EXTRA_COLUMNS``: relation; date_a, date_b; start/end word offsets in ``text_norm``
    (end exclusive) and char_start/char_end in ``text``; n_words_a/b, matches, score; ``ops``, the
    alignment of the lower-cased ``text_norm`` words as (op, word_a, word_b) tuples, op in
    '=' (same), '~' (substituted), '-' (dropped from a), '+' (inserted in b). Rows are sorted by
    cluster, then by the earlier document and position.
    """
    missing = [c for c in REQUIRED if c not in corpus.columns]
    if missing:
        raise CorpusError(f"corpus lacks columns {missing}; load it with load_corpus()")
    _check(
        min_words=(min_words, 2),
        ngram=(ngram, 1),
        max_df=(max_df, 2),
        min_shared=(min_shared, 1),
        max_gap=(max_gap, 0),
        max_shift=(max_shift, 0),
        pad=(pad, 0),
        min_content=(min_content, 0),
    )
    if not 0 <= min_similarity <= 1:
        raise ValueError(f"min_similarity must be in [0, 1], got {min_similarity}")
    _check_scores(match, mismatch, gap)
    docs = corpus.loc[corpus["included"].astype(bool), REQUIRED]
    docs = (
        docs.assign(_undated=docs["date"].isna())
        .sort_values(["_undated", "date", "doc_id"], kind="stable")
        .reset_index(drop=True)
    )
    n_docs = len(docs)
    toks, offsets, stop = _token_hashes(docs["text_norm"].tolist())
    lengths = np.diff(offsets)
    doc, pos, gid = _shared_grams(toks, offsets, stop, ngram, max_df)
    key, pa, pb = _hits(doc, pos, gid, max(n_docs, 1))
    del doc, pos, gid
    windows = _windows(
        key,
        pa,
        pb,
        min_shared=min_shared,
        max_gap=max_gap,
        max_shift=max_shift,
        pad=pad,
        ngram=ngram,
        lengths=lengths,
        n_docs=max(n_docs, 1),
    )
    rows = []
    for w in windows:
        ta = toks[offsets[w[0]] : offsets[w[0] + 1]]
        tb = toks[offsets[w[1]] : offsets[w[1] + 1]]
        for found in _align_window(
            ta,
            tb,
            w,
            stop_a=stop[offsets[w[0]] : offsets[w[0] + 1]],
            stop_b=stop[offsets[w[1]] : offsets[w[1] + 1]],
            min_words=min_words,
            min_similarity=min_similarity,
            min_content=min_content,
            min_shared=min_shared,
            scores=(match, mismatch, gap),
        ):
            rows.append((w[0], w[1], *found))
    return _table(docs, rows)


def _table(docs: pd.DataFrame, rows: list) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS + EXTRA_COLUMNS})
    maps, words = {}, {}
    for r in sorted({r[0] for r in rows} | {r[1] for r in rows}):
        norm, orig = docs.at[r, "text_norm"], docs.at[r, "text"]
        maps[r], words[r] = _token_map(norm, orig), _words(norm)
    cluster = _clusters([(r[0], r[2], r[3]) for r in rows], [(r[1], r[4], r[5]) for r in rows])
    width = max(3, len(str(cluster.max() + 1)))
    out = []
    for (da, db, sa, ea, sb, eb, al, a0, b0), c in zip(rows, cluster, strict=True):
        ca = (maps[da][0][sa][0], maps[da][1][ea - 1][1])
        cb = (maps[db][0][sb][0], maps[db][1][eb - 1][1])
        wa, wb = words[da], words[db]
        ops = tuple(
            (op, None if i is None else wa[a0 + i], None if j is None else wb[b0 + j]) for op, i, j in al.ops
        )
        ya, yb = docs.at[da, "year"], docs.at[db, "year"]
        relation = "undated" if pd.isna(ya) or pd.isna(yb) else "same_year" if ya == yb else "cross_year"
        out.append(
            {
                "doc_a": docs.at[da, "doc_id"],
                "doc_b": docs.at[db, "doc_id"],
                "year_a": ya,
                "year_b": yb,
                "text_a": docs.at[da, "text"][ca[0] : ca[1]],
                "text_b": docs.at[db, "text"][cb[0] : cb[1]],
                "similarity": al.similarity,
                "cluster": f"R{c + 1:0{width}d}",
                "relation": relation,
                "date_a": docs.at[da, "date"],
                "date_b": docs.at[db, "date"],
                "start_a": sa,
                "end_a": ea,
                "start_b": sb,
                "end_b": eb,
                "char_start_a": ca[0],
                "char_end_a": ca[1],
                "char_start_b": cb[0],
                "char_end_b": cb[1],
                "n_words_a": ea - sa,
                "n_words_b": eb - sb,
                "matches": al.matches,
                "score": al.score,
                "ops": ops,
                "_ra": da,
                "_rb": db,
            }
        )
    table = pd.DataFrame(out).sort_values(["cluster", "_ra", "start_a", "_rb", "start_b"], kind="stable")
    table = table.drop(columns=["_ra", "_rb"]).reset_index(drop=True)
    table["year_a"] = table["year_a"].astype("Int64")
    table["year_b"] = table["year_b"].astype("Int64")
    return table[COLUMNS + EXTRA_COLUMNS]
