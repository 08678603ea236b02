"""Word-level alignment of two passages, and the side-by-side view of their differences.

``align`` is Smith and Waterman's local alignment (1981, "Identification of common molecular
subsequences", *Journal of Molecular Biology* 147) over words instead of letters: match +2,
mismatch -1, gap -1 by default, so "this is a #### match" aligns with "this is a good match" at
score 7. With ``local=False`` it is the global (Needleman-Wunsch) alignment used to show two whole
wordings side by side. ``diff_html`` renders that view with every character HTML-escaped and only
``<del>``/``<ins>`` added around the differing words.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..corpus import tokens


@dataclass(frozen=True)
class Alignment:
    """A word alignment. ``ops`` holds (op, i, j): '=' match, '~' substitution, '-' word of ``a``
    dropped (j is None), '+' word inserted in ``b`` (i is None). Ends are exclusive."""

    score: int
    start_a: int
    end_a: int
    start_b: int
    end_b: int
    ops: tuple[tuple[str, int | None, int | None], ...]

    @cached_property
    def matches(self) -> int:
        return sum(op == "=" for op, _, _ in self.ops)

    @cached_property
    def similarity(self) -> float:
        return self.matches / len(self.ops) if self.ops else 0.0


def check_scores(match: int, mismatch: int, gap: int) -> None:
    if match <= 0:
        raise ValueError(f"match must be > 0, got {match}")
    if mismatch > 0 or gap >= 0:
        raise ValueError(f"mismatch must be <= 0 and gap < 0, got mismatch={mismatch}, gap={gap}")


def dp(a: np.ndarray, b: np.ndarray, match: int, mismatch: int, gap: int, local: bool) -> Alignment:
    n, m = len(a), len(b)
    s = np.where(a[:, None] == b[None, :], match, mismatch).astype(np.int64)
    h = np.zeros((n + 1, m + 1), dtype=np.int64)
    ramp = np.arange(m + 1, dtype=np.int64) * -gap
    if not local:
        h[0] = ramp * -1
        h[:, 0] = np.arange(n + 1) * gap
    for i in range(1, n + 1):
        row = np.empty(m + 1, dtype=np.int64)
        row[0] = h[i, 0]
        row[1:] = np.maximum(h[i - 1, :-1] + s[i - 1], h[i - 1, 1:] + gap)
        if local:
            np.maximum(row, 0, out=row)
        h[i] = np.maximum.accumulate(row + ramp) - ramp  # horizontal gaps
    if not local:
        return _trace(h, s, n, m, gap, local)
    if h.max() == 0:
        return Alignment(0, 0, 0, 0, 0, ())
    best = np.flatnonzero(h.ravel() == h.max())[-16:]  # ties: the most similar, then the last
    found = [_trace(h, s, *divmod(int(k), m + 1), gap, local) for k in best]
    return found[max(range(len(found)), key=lambda k: (found[k].similarity, k))]


def local_many(pairs: list, match: int, mismatch: int, gap: int, *, cells: int = 1 << 22) -> list:
    """``dp(a, b, ..., local=True)`` for each pair, with the same results (ties included), and the
    number of non-stop words of ``a`` found among the non-stop words of ``b`` (an upper bound on
    the matching content words of any alignment of the two). ``pairs``: (a, b, stop_a, stop_b);
    results: (content, Alignment). Pairs of similar size (lengths in one bucket of 16 words) are
    padded into one 3-d array of at most ``cells`` cells and their score matrices filled together,
    one row of every matrix per numpy call: the Python cost is paid per row of a batch, not per
    row of each pair (news corpus, 7,844 windows of about 70 x 70 words: 5.0 s of CPU one by one,
    1.1 s so)."""
    out: list = [None] * len(pairs)
    sizes = [(len(a) // 16, len(b) // 16, len(a), len(b)) for a, b, *_ in pairs]
    order = sorted(range(len(pairs)), key=lambda k: (sizes[k], k))
    lo = 0
    while lo < len(order):
        hi, n, m = lo, 0, 0
        while hi < len(order) and sizes[order[hi]][:2] == sizes[order[lo]][:2]:
            n2, m2 = max(n, sizes[order[hi]][2]), max(m, sizes[order[hi]][3])
            if hi > lo and (hi - lo + 1) * (n2 + 1) * (m2 + 1) > cells:
                break
            n, m, hi = n2, m2, hi + 1
        batch = order[lo:hi]
        found = _local_batch([pairs[k] for k in batch], n, m, match, mismatch, gap)
        for k, one in zip(batch, found, strict=True):
            out[k] = one
        lo = hi
    return out


def _local_batch(pairs, n, m, match, mismatch, gap):
    """Score matrices of a batch laid out row by row, (row, pair, column): row i of every matrix
    is one contiguous block. 16-bit cells when no score can reach 2**15."""
    size = len(pairs)
    kind = np.int16 if match * min(n, m) + (m + 1) * -gap < 30_000 else np.int32
    a = np.zeros((n, size), np.uint64)
    b = np.zeros((size, m), np.uint64)
    ok_a = np.zeros((n, size), bool)  # a real word of a that is not a stop word
    ok_b = np.zeros((size, m), bool)
    len_a = np.array([len(p[0]) for p in pairs])
    len_b = np.array([len(p[1]) for p in pairs])
    for k, (x, y, stop_x, stop_y) in enumerate(pairs):
        a[: len(x), k], b[k, : len(y)] = x, y
        ok_a[: len(x), k], ok_b[k, : len(y)] = ~stop_x, ~stop_y
    eq = a[:, :, None] == b[None, :, :]
    s = np.where(eq, kind(match), kind(mismatch))
    eq &= ok_b[None, :, :]
    content = (eq.any(axis=2) & ok_a).sum(axis=0)
    del eq
    h = np.zeros((n + 1, size, m + 1), kind)
    ramp = np.arange(m + 1, dtype=kind) * kind(-gap)
    row = np.empty((size, m + 1), kind)
    for i in range(1, n + 1):
        row[:, 0] = 0
        np.maximum(h[i - 1, :, :-1] + s[i - 1], h[i - 1, :, 1:] + kind(gap), out=row[:, 1:])
        np.maximum(row, 0, out=row)
        row += ramp
        np.maximum.accumulate(row, axis=1, out=h[i])
        h[i] -= ramp
    pad = (np.arange(n + 1)[:, None, None] > len_a[None, :, None]) | (
        np.arange(m + 1)[None, None, :] > len_b[None, :, None]
    )
    h[pad] = -1  # padding: never the best cell
    del pad
    top = h.max(axis=(0, 2))
    tie = h == top[None, :, None]
    tie &= (top > 0)[None, :, None]
    ii, kk, jj = np.nonzero(tie)
    del tie
    by_pair = np.lexsort((jj, ii, kk))  # ties of each pair, row-major as in dp
    ii, kk, jj = ii[by_pair], kk[by_pair], jj[by_pair]
    cut = np.searchsorted(kk, np.arange(size + 1))
    found = []
    for k, (x, y, _, _) in enumerate(pairs):
        if top[k] <= 0:
            found.append((int(content[k]), Alignment(0, 0, 0, 0, 0, ())))
            continue
        hk, sk = h[: len(x) + 1, k, : len(y) + 1], s[: len(x), k, : len(y)]
        lo, hi = max(cut[k], cut[k + 1] - 16), cut[k + 1]  # as dp: the last 16 tied cells
        cells = zip(ii[lo:hi].tolist(), jj[lo:hi].tolist(), strict=True)
        tied = [_trace(hk, sk, i, j, gap, True) for i, j in cells]
        found.append((int(content[k]), tied[max(range(len(tied)), key=lambda t: (tied[t].similarity, t))]))
    return found


def _trace(h, s, i, j, gap, local) -> Alignment:
    """Trace back from (i, j); ``s`` > 0 marks equal words (match > 0 >= mismatch)."""
    at, sub = h.item, s.item  # Python ints: no numpy scalar per step
    score, end_a, end_b, ops = at(i, j), i, j, []
    here = score
    while (here > 0) if local else (i > 0 or j > 0):
        if i > 0 and j > 0 and here == at(i - 1, j - 1) + sub(i - 1, j - 1):
            i, j = i - 1, j - 1
            ops.append(("=" if sub(i, j) > 0 else "~", i, j))
        elif i > 0 and here == at(i - 1, j) + gap:
            i -= 1
            ops.append(("-", i, None))
        else:
            j -= 1
            ops.append(("+", None, j))
        here = at(i, j)
    return Alignment(score, i, end_a, j, end_b, tuple(reversed(ops)))


def align(a, b, *, match: int = 2, mismatch: int = -1, gap: int = -1, local: bool = True) -> Alignment:
    """Align two word sequences: Smith-Waterman (``local=True``) or Needleman-Wunsch (global).
    Words compare exactly; pass lower-cased tokens for case-blind alignment."""
    check_scores(match, mismatch, gap)
    codes: dict = {}
    ia = np.array([codes.setdefault(w, len(codes)) for w in a], dtype=np.int64)
    ib = np.array([codes.setdefault(w, len(codes)) for w in b], dtype=np.int64)
    return dp(ia, ib, match, mismatch, gap, local)


def diff_html(
    text_a: str, text_b: str, *, match: int = 2, mismatch: int = -1, gap: int = -1
) -> tuple[str, str]:
    """Two HTML fragments: ``text_a`` with its differing words in <del>, ``text_b`` with its
    differing words in <ins> (global word alignment, case-blind). All text is HTML-escaped."""
    spans_a, spans_b = tokens.word_spans(text_a), tokens.word_spans(text_b)
    al = align(
        [text_a[s:e].lower() for s, e in spans_a],
        [text_b[s:e].lower() for s, e in spans_b],
        match=match,
        mismatch=mismatch,
        gap=gap,
        local=False,
    )
    same_a = {i for op, i, _ in al.ops if op == "="}
    same_b = {j for op, _, j in al.ops if op == "="}
    return _render(text_a, spans_a, same_a, "del"), _render(text_b, spans_b, same_b, "ins")


def _render(text: str, spans: list[tuple[int, int]], same: set[int], tag: str) -> str:
    parts, last = [], 0
    for k, (s, e) in enumerate(spans):
        word = html.escape(text[s:e])
        parts += [html.escape(text[last:s]), word if k in same else f"<{tag}>{word}</{tag}>"]
        last = e
    parts.append(html.escape(text[last:]))
    return "".join(parts)
