"""N-gram counts by year on a Dask cluster (``phrases.by_year`` with ``engine`` other than local).

Each partition is encoded ``PARTIAL_DOCS`` documents at a time by the local engine's own functions
(``ngrams.encode``, ``ngrams.aggregate``); its counts, no thresholds yet, are cut into buckets by a
hash of the n-gram (``parts.buckets_of``), so every row of an n-gram lands in the same bucket from
every partition. Each bucket is summed in a tree on the workers and cut to the thresholds there (it
holds the n-gram's every year, so its totals are the corpus's); the client gathers only the rows
that reach the table and sorts them. Partial counts wait on the workers as Arrow tables: an
n-gram costs its bytes in one buffer, not a Python string, and spills to disk as one block.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..phrases import ngrams
from . import parts as P
from .client import Executor, executor
from .stages import partitions

# tables that come off the wire or the spill files can start at any byte; Arrow's hash aggregation
# would print a warning per input for each (read once per process, before its first aggregation):
# copy such buffers to aligned memory instead, which is correct on every CPU
os.environ.setdefault("ACERO_ALIGNMENT_HANDLING", "reallocate")

PARTIAL_DOCS = 1000  # documents encoded at once in a partition: bounds a task's working memory

# partial counts wait on the workers as Arrow tables: the n-grams in one string buffer (not a
# Python object each), summed by Arrow's hash aggregation without a Python string ever made
_SCHEMA = pa.schema(
    [
        ("n", pa.int8()),
        ("ngram", pa.string()),
        ("year", pa.int32()),
        ("count", pa.int64()),
        ("doc_count", pa.int64()),
        ("bucket", pa.int32()),
    ]
)
_KEYS = ["n", "ngram", "year", "bucket"]  # the bucket follows from the n-gram: a key costs nothing


def _year_counts(df: pd.DataFrame, *, n_min: int, n_max: int, buckets: int) -> tuple[pa.Table, pd.Series]:
    """Counts per (n, ngram, year) of some documents, no thresholds, each row with its n-gram's
    bucket; and their words per year."""
    coded = ngrams.encode(df, n_min=n_min, n_max=n_max)
    years, index = ngrams.groups(coded.docs, "year")
    ok = index >= 0
    size = np.bincount(index[ok], weights=coded.docs["tokens"].to_numpy()[ok], minlength=len(years))
    agg = ngrams.aggregate(coded, index)
    ngram = pa.array(agg["ngram"].array).cast(pa.string())
    table = pa.table(
        {
            "n": agg["n"].to_numpy(dtype=np.int8),
            "ngram": ngram,
            "year": years[agg["group"].to_numpy()].astype(np.int32),
            "count": agg["count"].to_numpy(dtype=np.int64),
            "doc_count": agg["doc_count"].to_numpy(dtype=np.int64),
            "bucket": P.buckets_of(ngram, buckets),  # the same in every process
        },
        schema=_SCHEMA,
    )
    return table, pd.Series(size, index=years, dtype=np.float64)


def _year_partial(part, *, n_min: int, n_max: int, buckets: int) -> list:
    """Counts per (n, ngram, year) of one partition, no thresholds, cut into ``buckets`` tables by
    a hash of the n-gram (the same n-gram lands in the same bucket in every partition); and the
    partition's words per year. The documents are encoded ``PARTIAL_DOCS`` at a time (a document is
    in one slice, so document counts add up too), which bounds the encoding's working memory; an
    n-gram can have a row per slice until its bucket is summed."""
    df = P.frame(part)
    slices = [
        _year_counts(df.iloc[start : start + PARTIAL_DOCS], n_min=n_min, n_max=n_max, buckets=buckets)
        for start in range(0, max(len(df), 1), PARTIAL_DOCS)
    ]
    # the slices are not summed here: most rows are rare n-grams, in one slice only, so a sum would
    # save little and cost a hash table of the whole partition; the buckets' reductions sum them
    table = pa.concat_tables([t for t, _ in slices])
    sizes = _sum_sizes([s for _, s in slices])
    del slices
    rows = P.by_bucket(table["bucket"].to_numpy(), buckets)
    tables = [table.take(pa.array(r)) for r in rows]
    return [*tables, sizes]  # bucket b at item b (``Executor.buckets``), then the words per year


def _sizes(partial: list) -> pd.Series:
    return partial[-1]


def _combine(tables: list[pa.Table]) -> pa.Table:
    """Sum partial counts (a step of a bucket's tree reduction): Arrow's hash aggregation."""
    both = pa.concat_tables(tables)
    if both.num_rows == 0:
        return both
    summed = both.group_by(_KEYS, use_threads=False).aggregate([("count", "sum"), ("doc_count", "sum")])
    return summed.rename_columns({"count_sum": "count", "doc_count_sum": "doc_count"}).select(_SCHEMA.names)


def _sum_sizes(sizes: list[pd.Series]) -> pd.Series:
    return pd.concat(sizes).groupby(level=0).sum()


def _kept(table: pa.Table, *, min_count: int, min_docs: int, summed: bool) -> pa.Table:
    """The rows of a bucket whose n-gram reaches the thresholds over all years (a bucket holds every
    row of its n-grams, so its totals are the corpus's); ``summed``: its tree reduction ran (a
    bucket of one partition is summed here)."""
    table = table if summed else _combine([table])
    if table.num_rows == 0 or (min_count == 1 and min_docs == 1):
        return table
    totals = table.group_by(["ngram"], use_threads=False).aggregate([("count", "sum"), ("doc_count", "sum")])
    ok = pc.and_(
        pc.greater_equal(totals["count_sum"], min_count), pc.greater_equal(totals["doc_count_sum"], min_docs)
    )
    return table.filter(pc.is_in(table["ngram"], value_set=totals["ngram"].filter(ok)))


def by_year(
    corpus,
    *,
    engine: str | Executor,
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
) -> pd.DataFrame:
    """``phrases.by_year`` from partial counts per partition, summed per hash bucket: the same table."""
    ngrams._check_n(n_min, n_max)
    for name, v in (("min_count", min_count), ("min_docs", min_docs)):
        if not isinstance(v, int | np.integer) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {v!r}")
    ex = executor(engine)
    parts = partitions(corpus, ex)
    # one bucket per partition: a bucket's total is about a partition's share of the table, so no
    # worker ever holds the whole table; each bucket is summed and cut to the thresholds on the
    # workers, and the client gathers only the rows that reach the table
    buckets = P.bucket_count(len(parts))
    handles = ex.map(_year_partial, parts, name="ngram-partial", n_min=n_min, n_max=n_max, buckets=buckets)
    summed = ex.buckets(handles, buckets, name="ngram-bucket", combine=_combine)
    kept = ex.map(
        _kept, summed, name="ngram-kept", min_count=min_count, min_docs=min_docs, summed=len(handles) > 1
    )
    sizes = ex.reduce(_sum_sizes, ex.map(_sizes, handles, name="ngram-sizes"))
    # the partitions' results go as soon as their buckets are taken: each bucket then stands alone
    # on its worker and spills to disk on its own (a bucket inside a held result frees nothing)
    del handles, summed
    table = pa.concat_tables(ex.gather(kept))
    # 64-bit offsets before the sort joins the buckets into one column: past 2 GB of n-gram text
    # (about 10^6 documents) 32-bit offsets would overflow
    table = table.set_column(1, "ngram", table["ngram"].cast(pa.large_string()))
    # UTF-8 byte order is code-point order: Arrow sorts the n-grams as Python sorts their strings
    table = table.sort_by([("n", "ascending"), ("ngram", "ascending"), ("year", "ascending")])
    size = sizes.reindex(table["year"].to_numpy()).to_numpy(dtype=np.float64)
    count = table["count"].to_numpy().astype(np.int64)
    return pd.DataFrame(
        {
            "ngram": pd.Series(table["ngram"], dtype="str").array,
            "n": table["n"].to_numpy().astype(np.int64),
            "year": pd.array(table["year"].to_numpy().astype(np.int64), dtype="Int64"),
            "count": count,
            "doc_count": table["doc_count"].to_numpy().astype(np.int64),
            "per_10k": count / np.maximum(size, 1) * 1e4,
        }
    )
