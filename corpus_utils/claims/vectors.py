"""Sentences as TF-IDF vectors, and the pairs of them worth comparing, for ``grouping``.

``tfidf`` (sparse, for a corpus) and ``tfidf_dense`` (for the few sentences of one document) give
unit-length rows: sublinear term frequency, smoothed inverse document frequency. ``prefixes`` and
``candidates`` find the pairs whose cosine can reach a bound without computing every pair (the
prefix filter of all-pairs similarity search); ``dots`` scores the pairs found.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def tfidf(docs: list[list[str]]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows (sublinear tf, smoothed idf) over a sorted vocabulary."""
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    rows, cols, vals = [], [], []
    for r, d in enumerate(docs):
        counts: dict[int, int] = {}
        for w in d:
            counts[vocab[w]] = counts.get(vocab[w], 0) + 1
        for c, k in sorted(counts.items()):
            rows.append(r)
            cols.append(c)
            vals.append(1.0 + np.log(k))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    df = np.bincount(x.indices, minlength=len(vocab))
    x = x @ sparse.diags(np.log((1 + len(docs)) / (1 + df)) + 1.0)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)


def tfidf_dense(docs: list[list[str]]) -> np.ndarray:
    """``tfidf`` as a dense array, for the few sentences of one document (no sparse overhead)."""
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    counts = np.zeros((len(docs), len(vocab)))
    for r, d in enumerate(docs):
        for w in d:
            counts[r, vocab[w]] += 1
    with np.errstate(divide="ignore"):
        x = np.where(counts > 0, 1.0 + np.log(counts), 0.0)
    x *= np.log((1 + len(docs)) / (1 + (counts > 0).sum(axis=0))) + 1.0
    norms = np.sqrt((x * x).sum(axis=1))
    norms[norms == 0] = 1.0
    return x * (1.0 / norms)[:, None]


def prefixes(x: sparse.csr_matrix, bound: float) -> sparse.csr_matrix:
    """The prefix filter of all-pairs similarity search (Bayardo, Ma and Srikant 2007, "Scaling up
    all pairs similarity search", WWW): order the words from rarest to commonest; drop from each
    unit-length row its longest tail of commonest words whose norm stays below ``bound``. Two rows
    whose cosine reaches ``bound`` share a word of their prefixes (the words they share otherwise
    all lie in the tail of one of them, whose dot product with a unit vector is below ``bound``),
    so only rows sharing a prefix word need their cosine computed. Returns the prefixes as 0/1."""
    n_rows = x.shape[0]
    df = np.bincount(x.indices, minlength=x.shape[1])
    rank = np.empty(x.shape[1], dtype=np.int64)
    rank[np.lexsort((np.arange(x.shape[1]), df))] = np.arange(x.shape[1])  # rarest first
    row = np.repeat(np.arange(n_rows), np.diff(x.indptr))
    order = np.lexsort((-rank[x.indices], row))  # within each row: commonest word first
    squares = x.data[order] ** 2
    running = np.concatenate([[0.0], np.cumsum(squares)])
    tail = running[1:] - np.repeat(running[x.indptr[:-1]], np.diff(x.indptr))  # norm² up to each word
    keep = order[
        tail >= bound * bound * (1 - 1e-9)
    ]  # a little slack for rounding: more candidates, never fewer
    kept = np.zeros(len(x.data), dtype=bool)
    kept[keep] = True
    return sparse.csr_matrix(
        (np.ones(int(kept.sum()), dtype=np.int32), (row[kept], x.indices[kept])), shape=x.shape
    )


SMALL = 256  # sentences compared all against all (dense); above, through the prefix filter


def candidates(prefix: sparse.csr_matrix, window: int):
    """Pairs (a, b), a < b, of rows sharing a prefix word, in rounds d = 1, 2 ...: round d pairs
    each row with the row d places after it in the word's list of rows. A word of at most
    ``window`` + 1 rows gives all its pairs, so the candidates are exact; a longer list (a formula
    repeated by hundreds of claims) pairs each row with its ``window`` neighbours only, which keeps
    the cost linear and, since such rows are alike, their groups connected."""
    postings = prefix.tocsc()
    postings.sort_indices()
    rows = postings.indices.astype(np.int64)
    word = np.repeat(np.arange(postings.shape[1]), np.diff(postings.indptr))
    for d in range(1, window + 1):
        same = np.flatnonzero(word[d:] == word[:-d])
        if not len(same):
            return
        yield rows[same], rows[same + d]


def dots(x: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot products x[a] . x[b]."""
    return np.asarray(x[a].multiply(x[b]).sum(axis=1)).ravel() if len(a) else np.zeros(0)
