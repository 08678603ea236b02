"""Phrase counts: word n-grams by document, year, outlet and side, and the phrases that appear,
vanish or persist across the years.

What is counted
    An n-gram is a run of 1 to ``n_max`` consecutive words inside one stretch of a sentence between
    punctuation marks (``tokens.segments``), lower-cased, on ``text_norm`` (spelling variants
    unified): "defence, trade" gives no bigram "defence trade". N-grams made only of stop words
    ("of the") are dropped (the engine's stop-word rule "all"); a number is not a stop word. Only
    the selected documents count (``selection.select``). The counting itself (integer-coded, numpy
    sorts) is the package's one n-gram engine, ``ngrams``.

Frequencies
    ``count`` is token frequency (occurrences), ``doc_count`` document frequency (documents holding
    the phrase at least once). ``per_10k`` is ``count`` per 10,000 words of the group, words being all
    word tokens of the group's documents, stop words included, so rates of years of different sizes
    compare. ``min_count`` and ``min_docs`` apply to a phrase's totals over the whole table, never to
    one group, so a phrase kept in the table keeps every group it occurs in.

Changes over years (``changes``)
    A phrase is ``new`` when it is absent, with evidence, from a year before its first year; ``gone``
    when absent, with evidence, from a year after its last. A year of ``small_year_docs`` documents or
    fewer is too thin to show that a phrase was not used: absence from it is "no evidence", never a
    vanishing. Undated documents take no part in per-year tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import ngrams

__all__ = ["STATUSES", "by_group", "by_year", "changes", "counts"]


def counts(corpus: pd.DataFrame, *, n_max: int = 5, n_min: int = 1, engine: str = "local") -> pd.DataFrame:
    """Per-document n-gram counts: ``doc_id, ngram, n, count, year, outlet, side, doc_tokens``
    (``doc_tokens``: words of the document), sorted by document (corpus order), n, ngram.
    ``engine``: "local", "dask" or "tcp://HOST:PORT": counted per partition on a Dask cluster."""
    if engine != "local":
        from ..engine import stages

        return stages.counts(corpus, engine=engine, n_max=n_max, n_min=n_min)
    coded = ngrams.encode(corpus, n_min=n_min, n_max=n_max)
    agg = ngrams.aggregate(coded, np.arange(len(coded.docs), dtype=np.int64))
    phrase = agg["phrase"].to_numpy()
    agg = agg.iloc[
        ngrams.order((agg["group"].to_numpy() << ngrams.bit_width(int(phrase.max(initial=0)))) | phrase)
    ]
    docs = coded.docs.iloc[agg["group"].to_numpy()]
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].to_numpy(),
            "ngram": agg["ngram"].to_numpy(),
            "n": agg["n"].to_numpy(),
            "count": agg["count"].to_numpy(),
            "year": docs["year"].array,
            "outlet": docs["outlet"].to_numpy(),
            "side": docs["side"].to_numpy(),
            "doc_tokens": docs["tokens"].to_numpy(),
        }
    )


def by_group(
    counts_or_corpus: pd.DataFrame,
    *,
    by: str = "side",
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
) -> pd.DataFrame:
    """N-gram counts per ``by`` group (year, outlet or side): ``ngram, n, <by>, count, doc_count,
    per_10k``, sorted by n, ngram, group. Takes a corpus or a ``counts`` table. A counts table knows
    only documents with at least one counted n-gram; a document of stop words only is missing from
    its word totals (given the corpus, totals are exact)."""
    coded = ngrams.encode(counts_or_corpus, n_min=n_min, n_max=n_max, lazy=True)
    values, index = ngrams.groups(coded.docs, by)
    ok = index >= 0
    size = np.bincount(index[ok], weights=coded.docs["tokens"].to_numpy()[ok], minlength=len(values))
    agg = ngrams.aggregate(coded, index, min_count=min_count, min_docs=min_docs)
    del coded  # the per-document counts can go before the table is built
    g = agg["group"].to_numpy()
    if by == "year":  # (no missing years here: undated documents are left out)
        col = pd.arrays.IntegerArray(values[g].astype(np.int64), np.zeros(len(g), dtype=bool))
    else:
        col = pd.Series(values[g], dtype="str").array
    per_10k = size[g].astype(np.float64, copy=False)  # in place from here: one column, no temporaries
    np.maximum(per_10k, 1, out=per_10k)
    np.divide(agg["count"].to_numpy(), per_10k, out=per_10k)
    per_10k *= 1e4
    return pd.DataFrame(
        {
            "ngram": agg["ngram"].array,
            "n": agg["n"].to_numpy(),
            by: col,
            "count": agg["count"].to_numpy(),
            "doc_count": agg["doc_count"].to_numpy(),
            "per_10k": per_10k,
        },
        copy=False,  # the columns are fresh arrays: no copy into 2-D blocks
    )


def by_year(
    counts_or_corpus: pd.DataFrame,
    *,
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
    engine: str = "local",
) -> pd.DataFrame:
    """N-gram counts per year: ``ngram, n, year, count, doc_count, per_10k`` (undated documents left out).
    ``engine``: "local", "dask" or "tcp://HOST:PORT": partial counts per partition on a Dask cluster,
    summed in a tree."""
    if engine != "local":
        from ..engine import year_counts

        return year_counts.by_year(
            counts_or_corpus, engine=engine, n_min=n_min, n_max=n_max, min_count=min_count, min_docs=min_docs
        )
    return by_group(
        counts_or_corpus,
        by="year",
        n_min=n_min,
        n_max=n_max,
        min_count=min_count,
        min_docs=min_docs,
    )


STATUSES = ("new", "gone", "new_and_gone", "intermittent", "every_year", "no_evidence")


def _bits(masks: np.ndarray) -> np.ndarray:
    """Set bits of each mask (int64, or Python ints past 62 years)."""
    if masks.dtype != object:
        return np.bitwise_count(masks).astype(np.int64)
    return np.fromiter((int(m).bit_count() for m in masks), dtype=np.int64, count=len(masks))


def changes(
    counts_or_corpus: pd.DataFrame,
    *,
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
    small_year_docs: int = 2,
) -> pd.DataFrame:
    """Phrases new in a year, gone after a year, present in every year. One row per phrase:
    ``ngram, n, status, first_year, last_year, years_present, years_absent, years_no_evidence,
    count, doc_count, present_in, no_evidence_in``. ``status``: ``new`` (absent, with evidence, from
    a year before ``first_year``), ``gone`` (absent, with evidence, from a year after ``last_year``),
    ``new_and_gone``, ``intermittent`` (absent, with evidence, only between the two),
    ``every_year``, ``no_evidence`` (absent only from years of ``small_year_docs`` documents or
    fewer, which cannot show that a phrase was not used)."""
    if (
        not isinstance(small_year_docs, (int, np.integer))
        or isinstance(small_year_docs, bool)
        or small_year_docs < 0
    ):
        raise ValueError(f"small_year_docs must be an integer >= 0, got {small_year_docs!r}")
    coded = ngrams.encode(counts_or_corpus, n_min=n_min, n_max=n_max)
    years, index = ngrams.groups(coded.docs, "year")
    agg = ngrams.aggregate(coded, index, min_count=min_count, min_docs=min_docs)
    ndocs = np.bincount(index[index >= 0], minlength=len(years))
    # Each phrase's years are a bit mask (bit j: years[j]): int64 up to 62 years, Python ints beyond
    wide = object if len(years) > 62 else np.int64
    full = (1 << len(years)) - 1
    small = sum(1 << j for j in range(len(years)) if ndocs[j] <= small_year_docs)
    st = ngrams.runs(agg["phrase"].to_numpy())
    group = agg["group"].to_numpy(dtype=np.int64)
    present = (
        np.bitwise_or.reduceat(np.left_shift(1, group.astype(wide)), st) if len(st) else np.zeros(0, wide)
    )
    absent = full & ~present
    evidence, no_ev = absent & ~small, absent & small
    # rows of a phrase are sorted by year: its first and last years are its first and last rows
    ends = np.r_[st[1:], len(group)] - 1 if len(st) else st
    first, last = group[st], group[ends]
    before = (1 << first.astype(wide)) - 1
    after = full & ~((1 << (last.astype(wide) + 1)) - 1)
    new, gone = (evidence & before) != 0, (evidence & after) != 0
    status = np.select(
        [new & gone, new, gone, evidence != 0, absent == 0],
        ["new_and_gone", "new", "gone", "intermittent", "every_year"],
        "no_evidence",
    )

    def listing(masks: np.ndarray) -> np.ndarray:
        uniq, inv = np.unique(masks, return_inverse=True)
        text = np.array(
            [",".join(str(y) for j, y in enumerate(years) if (int(m) >> j) & 1) for m in uniq],
            dtype=object,
        )
        return text[inv] if len(masks) else np.zeros(0, dtype=object)

    count = np.add.reduceat(agg["count"].to_numpy(), st) if len(st) else np.zeros(0, dtype=np.int64)
    out = pd.DataFrame(
        {
            "ngram": agg["ngram"].to_numpy()[st],
            "n": agg["n"].to_numpy()[st],
            "status": status,
            "first_year": pd.array(years[first] if len(st) else [], dtype="Int64"),
            "last_year": pd.array(years[last] if len(st) else [], dtype="Int64"),
            "years_present": _bits(present),
            "years_absent": _bits(evidence),
            "years_no_evidence": _bits(no_ev),
            "count": count,
            "doc_count": np.add.reduceat(agg["doc_count"].to_numpy(), st) if len(st) else count,
            "present_in": listing(present),
            "no_evidence_in": listing(no_ev),
        }
    )
    rank = pd.Series(range(len(STATUSES)), index=STATUSES)[status].to_numpy()
    fb, cb = ngrams.bit_width(len(years)), ngrams.bit_width(int(count.max(initial=0)))
    least = int(count.max(initial=0)) - count  # sort: status, first year, most frequent first
    if 3 + fb + cb <= 63:
        rows = ngrams.order((rank << (fb + cb)) | (first << cb) | least)
    else:
        rows = np.lexsort((least, first, rank))
    return (
        out.iloc[rows]
        .reset_index(drop=True)
        .astype({"ngram": "str", "status": "str", "present_in": "str", "no_evidence_in": "str"})
    )
