"""Step 3 of ``reuse``: the passages table, with each passage quoted in the original wording.

Positions are word indices of ``text_norm``; ``text_a``/``text_b`` quote the original ``text``, the
words of ``text_norm`` mapped onto those of ``text`` by ``wording.token_map``. Documents are read one
at a time (``by_document``), so the table of a million passages never holds every document's words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus import wording
from . import shingles
from .reuse_clusters import span_clusters

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


class _Wording:
    """Words of one document's ``text_norm`` and the character spans of their original wording in
    ``text``. When the two texts are equal (the usual case) only an array of spans is kept, not a
    string per word: a table of 20,000 passages touches as many documents."""

    __slots__ = ("norm", "spans", "mapping", "words")

    def __init__(self, norm: str, orig: str):
        self.norm = norm
        if norm == orig and len(norm.lower()) == len(norm):
            self.spans = np.array(shingles.spans(orig), dtype=np.int64).reshape(-1, 2)
            self.mapping = self.words = None
        else:
            self.spans, self.words = shingles.spans(orig), shingles.words(norm)
            self.mapping = wording.token_map([orig[a:b].lower() for a, b in self.spans], self.words)

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        if self.mapping is not None:
            return wording.char_span(self.mapping, self.spans, i, j)
        return int(self.spans[i, 0]), int(self.spans[j - 1, 1])

    def word(self, k: int) -> str:
        if self.words is not None:
            return self.words[k]
        return self.norm[self.spans[k, 0] : self.spans[k, 1]].lower()


def table(docs: pd.DataFrame, rows: list, *, ops: bool = True) -> pd.DataFrame:
    """Step 3: the passages table of the rows of ``aligned``; ``docs`` holds (at least) the
    documents the rows name, indexed by their row in ``ordered``. ``ops=False`` leaves out the
    ``ops`` column (a tuple per aligned word: 30 million of them for a million passages)."""
    columns = COLUMNS + [c for c in EXTRA_COLUMNS if ops or c != "ops"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    involved = sorted({r[0] for r in rows} | {r[1] for r in rows})  # read once, as Python objects
    sub = docs.loc[involved]  # docs indexed by row of ``ordered`` (all of them, or just these)
    col = {
        c: dict(zip(involved, sub[c].tolist(), strict=True)) for c in ("doc_id", "text", "text_norm", "date")
    }
    col["year"] = dict(
        zip(involved, sub["year"].astype(object).where(sub["year"].notna(), None), strict=True)
    )
    cluster = span_clusters([(r[0], r[2], r[3]) for r in rows], [(r[1], r[4], r[5]) for r in rows])
    width = max(3, len(str(cluster.max() + 1)))
    n = len(rows)
    ra, rb, sa, ea, sb, eb, al, a0, b0 = (list(x) for x in zip(*rows, strict=True))

    def by_document(fn_a, fn_b) -> tuple[list, list]:
        """``fn_a(wording, k)`` and ``fn_b(wording, k)`` for every row k, one document's wording at a
        time (not all held), each document's wording built once for both of its sides."""
        out_a: list = [None] * n
        out_b: list = [None] * n
        of = np.concatenate([np.asarray(ra, dtype=np.int64), np.asarray(rb, dtype=np.int64)])
        order = np.argsort(of, kind="stable")
        bounds = np.flatnonzero(np.diff(of[order])) + 1
        for group in np.split(order, bounds):
            d = int(of[group[0]])
            w = _Wording(col["text_norm"][d], col["text"][d])
            for x in group.tolist():
                if x < n:
                    out_a[x] = fn_a(w, x)
                else:
                    out_b[x - n] = fn_b(w, x - n)
        return out_a, out_b

    def side_a(w: _Wording, k: int):
        span = w.char_span(sa[k], ea[k])
        if not ops:
            return span
        return span, [None if i is None else w.word(a0[k] + i) for _, i, _ in al[k].ops]

    def side_b(w: _Wording, k: int):
        span = w.char_span(sb[k], eb[k])
        if not ops:
            return span
        return span, [None if j is None else w.word(b0[k] + j) for _, _, j in al[k].ops]

    spans_a, spans_b = by_document(side_a, side_b)
    if ops:  # the words of each side, read in the same pass as the spans
        spans_a, words_a = (list(x) for x in zip(*spans_a, strict=True))
        spans_b, words_b = (list(x) for x in zip(*spans_b, strict=True))
    year_a, year_b = [col["year"][d] for d in ra], [col["year"][d] for d in rb]
    out = {
        "doc_a": [col["doc_id"][d] for d in ra],
        "doc_b": [col["doc_id"][d] for d in rb],
        "year_a": pd.array(year_a, dtype="Int64"),
        "year_b": pd.array(year_b, dtype="Int64"),
        "text_a": [col["text"][d][c0:c1] for d, (c0, c1) in zip(ra, spans_a, strict=True)],
        "text_b": [col["text"][d][c0:c1] for d, (c0, c1) in zip(rb, spans_b, strict=True)],
        "similarity": np.array([x.similarity for x in al], dtype=float),
        "cluster": [f"R{c + 1:0{width}d}" for c in cluster.tolist()],
        "relation": [
            "undated" if ya is None or yb is None else "same_year" if ya == yb else "cross_year"
            for ya, yb in zip(year_a, year_b, strict=True)
        ],
        "date_a": [col["date"][d] for d in ra],
        "date_b": [col["date"][d] for d in rb],
        "start_a": sa,
        "end_a": ea,
        "start_b": sb,
        "end_b": eb,
        "char_start_a": [c[0] for c in spans_a],
        "char_end_a": [c[1] for c in spans_a],
        "char_start_b": [c[0] for c in spans_b],
        "char_end_b": [c[1] for c in spans_b],
        "n_words_a": np.subtract(ea, sa),
        "n_words_b": np.subtract(eb, sb),
        "matches": [x.matches for x in al],
        "score": [x.score for x in al],
    }
    if ops:  # each aligned word paired with its two sides
        out["ops"] = [
            tuple(zip([op for op, _, _ in x.ops], wa, wb, strict=True))
            for x, wa, wb in zip(al, words_a, words_b, strict=True)
        ]
    order = np.lexsort((sb, rb, sa, ra, cluster))  # by cluster, earlier document, positions (stable)
    frame = pd.DataFrame({c: out[c] for c in columns}, index=pd.RangeIndex(n))
    return frame.take(order).reset_index(drop=True)
