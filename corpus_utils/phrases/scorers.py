"""The scorers of keyness: pure functions vectorised over numpy arrays of (a, b, c, d), the
frequencies of a phrase in the focus and reference corpora and their sizes in words (Rayson and
Garside 2000), and the document-level Fisher test. What each statistic is, why it is used and where
it comes from: the docstring of ``phrases.keyness``, which applies them (``keyness.score``)."""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["dp", "fisher_docs", "log_likelihood", "log_ratio"]


def _arrays(*xs) -> list[np.ndarray]:
    return [np.asarray(x, dtype=np.float64) for x in xs]


def log_likelihood(a, b, c, d) -> np.ndarray:
    """Rayson and Garside's two-term log-likelihood G² for frequencies a, b in corpora of c, d words."""
    a, b, c, d = _arrays(a, b, c, d)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2.0 * (t1 + t2)


def log_ratio(a, b, c, d, *, zero: float = 0.5) -> np.ndarray:
    """Hardie's Log Ratio, log2((a/c) / (b/d)); a zero frequency counts as ``zero`` (0.5)."""
    if not zero > 0:
        raise ValueError(f"zero must be > 0, got {zero!r}")
    a, b, c, d = _arrays(a, b, c, d)
    return np.log2((np.where(a > 0, a, zero) / c) / (np.where(b > 0, b, zero) / d))


def dp(counts_per_part, part_sizes, *, normalised: bool = False) -> np.ndarray:
    """Gries' DP of each row of ``counts_per_part`` (items x parts) over parts of ``part_sizes``
    words; ``normalised=True`` gives DP / (1 - min share of a part)."""
    v = np.asarray(counts_per_part, dtype=np.float64)
    sizes = np.asarray(part_sizes, dtype=np.float64)
    if sizes.ndim != 1 or v.shape[-1] != len(sizes) or len(sizes) == 0:
        raise ValueError(
            f"part_sizes must be 1-D with one size per part (last axis of counts, "
            f"{v.shape[-1]}), got shape {sizes.shape}"
        )
    if (sizes < 0).any() or sizes.sum() <= 0 or (v < 0).any():
        raise ValueError("counts and part sizes must be >= 0, with some words in the parts")
    s = sizes / sizes.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 0.5 * np.abs(v / v.sum(axis=-1, keepdims=True) - s).sum(axis=-1)
        return out / (1.0 - s.min()) if normalised else out


_TIE = (
    1 + 1e-7
)  # tables as likely as the observed one, within rounding, count as "as extreme" (R's fisher.test)


def _fisher_group(k: np.ndarray, n_a: int, n_b: int, total: int) -> np.ndarray:
    """Two-sided Fisher p of every observed ``k`` (documents with the phrase in a) for one set of
    margins: a of ``n_a`` documents, b of ``n_b``, ``total`` documents with the phrase. The
    hypergeometric probabilities of the whole support are computed once (log-gamma), sorted and
    summed, so each table is a binary search: the p of a table is the sum of the probabilities of
    all tables no more likely than it."""
    lo, hi = max(0, total - n_b), min(total, n_a)
    x = np.arange(lo, hi + 1, dtype=np.float64)
    log_pmf = _lchoose(n_a, x) + _lchoose(n_b, total - x) - float(_lchoose(n_a + n_b, np.float64(total)))
    pmf = np.exp(log_pmf)
    ordered = np.sort(pmf)
    below = np.cumsum(ordered)
    at = np.searchsorted(ordered, pmf[k - lo] * _TIE, side="right")
    return np.minimum(below[at - 1], 1.0)


def _lchoose(n, k):
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def fisher_docs(docs_with_a, docs_a, docs_with_b, docs_b) -> np.ndarray:
    """Two-sided Fisher exact p of the table [[with_a, docs_a - with_a], [with_b, docs_b - with_b]]
    (as ``scipy.stats.fisher_exact``, to a relative 1e-7). Vectorised: tables that share their
    margins (a year's documents, the rest's, the documents with the phrase) share one computation
    of the hypergeometric distribution, so a keyness table of 10^5 rows costs a few thousand small
    numpy operations rather than 10^5 calls of scipy."""
    shape = np.broadcast_shapes(*(np.shape(y) for y in (docs_with_a, docs_a, docs_with_b, docs_b)))
    ka, na, kb, nb = (
        np.broadcast_to(np.asarray(x, dtype=np.int64), shape).ravel()
        for x in (docs_with_a, docs_a, docs_with_b, docs_b)
    )
    if (ka < 0).any() or (kb < 0).any() or (ka > na).any() or (kb > nb).any():
        raise ValueError("document counts must satisfy 0 <= docs_with <= docs on each side")
    out = np.ones(ka.size, dtype=np.float64)
    if not ka.size:
        return out.reshape(shape)
    margins = np.stack([na, nb, ka + kb], axis=1)
    keys, group = np.unique(margins, axis=0, return_inverse=True)
    group = group.ravel()
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(len(keys) + 1))
    for g, (n_a, n_b, total) in enumerate(keys.tolist()):
        rows = order[starts[g] : starts[g + 1]]
        if n_a and n_b and 0 < total < n_a + n_b:
            out[rows] = _fisher_group(ka[rows], n_a, n_b, total)
    return out.reshape(shape)
