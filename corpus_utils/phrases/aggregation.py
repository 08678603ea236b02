"""Sums of the integer-coded per-document n-gram counts of ``ngrams`` into groups of documents
(years, outlets, sides, periods): ``aggregate`` and ``groups``, re-exported by ``ngrams``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from .ngrams import BY, Coded, bit_width, order, runs


def aggregate(
    coded: Coded, group: np.ndarray, *, min_count: int = 1, min_docs: int = 1, spread: bool = False
) -> pd.DataFrame:
    """Sum per-document counts into groups of documents (``group``: an index per document row,
    -1 leaves the document out). One row per (n-gram, group) where the n-gram occurs, sorted by
    (n, ngram, group), with ``phrase`` numbering the n-grams in that order. ``spread=True`` adds, for
    Gries' DP over the documents of each group, ``dev`` (sum of |v_i - s_i| over the documents that
    hold the phrase) and ``share`` (sum of their s_i), s_i being a document's share of the group's words."""
    for name, v in (("min_count", min_count), ("min_docs", min_docs)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {v!r}")
    group = np.asarray(group, dtype=np.int64)
    ntok = coded.docs["tokens"].to_numpy(dtype=np.float64)
    gsize = np.bincount(group[group >= 0], weights=ntok[group >= 0], minlength=int(group.max(initial=-1)) + 1)
    gb, parts, chunks, phrases = bit_width(len(gsize)), [], [], 0
    for lv in coded.levels:
        g = group[lv.doc]
        n, doc, ident, cnt, label = lv.n, lv.doc, lv.ident, lv.count, lv.label
        del lv  # a lazy level's per-document counts go as soon as they are summed
        if (g < 0).any():
            m = g >= 0
            g, doc, ident, cnt = g[m], doc[m], ident[m], cnt[m]
        if len(ident) == 0:
            continue
        if bit_width(int(ident.max())) + gb > 62:  # re-code densely; np.unique keeps the order
            uniq, ident = np.unique(ident, return_inverse=True)
            label = lambda u, f=label, q=uniq: f(q[u])  # noqa: E731
        key = ident << gb
        key |= g
        del g, ident
        o = order(key)
        key = key[o]
        st = runs(key)
        row_key, count = key[st], np.add.reduceat(cnt[o], st, dtype=np.int64)
        docs = np.diff(np.r_[st, len(o)])
        cols = {"group": row_key & ((1 << gb) - 1), "count": count, "doc_count": docs}
        if spread:
            v = cnt[o] / np.repeat(count, docs)
            s = ntok[doc[o]] / gsize[key & ((1 << gb) - 1)]
            cols["dev"], cols["share"] = np.add.reduceat(np.abs(v - s), st), np.add.reduceat(s, st)
            del v, s
        del key, o, st, doc, cnt
        ri = row_key >> gb
        del row_key
        st2 = runs(ri)  # rows of one n-gram are adjacent
        rep = np.diff(np.r_[st2, len(ri)])
        keep_u = (np.add.reduceat(count, st2) >= min_count) & (np.add.reduceat(docs, st2) >= min_docs)
        ri = ri[st2][keep_u]
        if keep_u.all():  # nothing to filter: no copies
            k = np.repeat(np.arange(len(st2), dtype=np.int64), rep)
        else:
            keep = np.repeat(keep_u, rep)
            k = np.repeat(np.cumsum(keep_u) - 1, rep)[keep]
            cols = {c: v[keep] for c, v in cols.items()}
        del st2, rep, keep_u, count, docs
        cols = {c: _narrow(v) for c, v in cols.items()}  # parts wait narrow; widened when joined
        labels = label(ri)
        del ri
        chunks.append(labels.take(pa.array(k)))
        k += phrases
        parts.append({"n": np.full(len(k), n, dtype=np.int8), **cols, "phrase": _narrow(k)})
        del k, cols
        phrases += len(labels)
        del labels
    names = ["n", "group", "count", "doc_count"] + (["dev", "share"] if spread else []) + ["phrase"]
    columns = {"ngram": pd.Series(pa.chunked_array(chunks, type=pa.large_string()), dtype="str").array}
    for c in names:  # one column at a time, each level's part freed once joined
        dtype = np.float64 if c in ("dev", "share") else np.int64
        columns[c] = np.concatenate([p.pop(c) for p in parts], dtype=dtype) if parts else np.zeros(0, dtype)
    return pd.DataFrame(columns, copy=False)  # no copy into 2-D blocks: the table can be a gigabyte


def _narrow(x: np.ndarray) -> np.ndarray:
    """An int64 array as int32 when its values fit (floats unchanged)."""
    if x.dtype != np.int64 or (len(x) and (x.min() < -(2**31) or x.max() >= 2**31)):
        return x
    return x.astype(np.int32)


def groups(docs: pd.DataFrame, by: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted group values of ``docs[by]`` and each document's index into them (-1: undated)."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, got {by!r}")
    col = docs[by]
    ok = col.notna().to_numpy()
    values = np.sort(col[ok].unique().astype(np.int64 if by == "year" else object))
    index = np.full(len(docs), -1, dtype=np.int64)
    index[ok] = np.searchsorted(values, col[ok].to_numpy(dtype=values.dtype))
    return values, index
