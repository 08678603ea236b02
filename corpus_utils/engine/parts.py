"""Partitions of a corpus: contiguous slices of a DataFrame, or the files of a partitioned Parquet
corpus written by the distributed loader.

A partition given to a worker is either a DataFrame (sent once with ``Executor.scatter``) or the
path of one Parquet file (read on the worker: the client never holds the whole corpus). Files are
written and read by ``corpus.store``, the one Parquet format of a loaded corpus, so a corpus read
back equals the one written.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ..corpus import store
from ..errors import CorpusError

_JSON = ("removed", "warnings")


@dataclass(frozen=True)
class Parts:
    """A corpus written as partitioned Parquet: one file per partition, in corpus order."""

    folder: str
    paths: tuple[str, ...]

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def bounds(n: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous (start, end) slices of ``n`` items, sizes differing by one at most."""
    if n == 0:
        return []
    parts = max(1, min(parts, n))
    q, r = divmod(n, parts)
    out, start = [], 0
    for k in range(parts):
        end = start + q + (k < r)
        out.append((start, end))
        start = end
    return out


def split(items, parts: int, *, key: str | None = None) -> list:
    """Contiguous chunks of a list or the rows of a DataFrame (no empty chunk unless ``items`` is);
    with ``key``, a run of rows of one ``key`` value (a document's rows) stays in one chunk."""
    if isinstance(items, pd.DataFrame):
        cuts = [b for _, b in bounds(len(items), parts)]
        if key is not None and len(items):
            values = items[key].to_numpy()
            change = [i for i in range(1, len(values)) if values[i] != values[i - 1]] + [len(values)]
            cuts = sorted({change[min(np.searchsorted(change, c), len(change) - 1)] for c in cuts})
        starts = [0] + cuts[:-1]
        return [items.iloc[a:b] for a, b in zip(starts, cuts, strict=True)] or [items]
    return [items[a:b] for a, b in bounds(len(items), parts)] or [items]


def write(df: pd.DataFrame, path: str | Path) -> str:
    """Write one partition (``corpus.store``: atomically, list columns as JSON)."""
    return str(store.save(df, Path(path)))


def read(path: str | Path) -> pd.DataFrame:
    """Read one partition back, as written."""
    try:
        return store.read(Path(path))
    except FileNotFoundError:
        raise CorpusError(
            f"partition '{path}' is not on this machine: the Dask workers write the loaded corpus to a "
            "folder the client must see too; give a folder on a shared file system"
        ) from None


def frame(part) -> pd.DataFrame:
    """The DataFrame of a partition: itself, or its Parquet file read."""
    return read(part) if isinstance(part, str | Path) else part


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Partitions in order; empty results are dropped first (an empty frame has no dtypes to add)."""
    full = [f for f in frames if f is not None and len(f)]
    if not full:
        return next((f for f in frames if f is not None), pd.DataFrame())
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0].reset_index(drop=True)


_PRIME = np.uint64(0x100000001B3)  # FNV's 64-bit prime: the per-byte multiplier of the string hash
_HASH_CHUNK = 1 << 16  # strings hashed at once: bounds the per-byte arrays to a few MB


def buckets_of(strings: pa.Array | pa.ChunkedArray, buckets: int) -> np.ndarray:
    """Each string's bucket in ``range(buckets)``, from a 64-bit polynomial hash of its UTF-8 bytes
    (wrapping arithmetic, then a splitmix finaliser): the same string gets the same bucket in every
    process and on every machine, and no Python string is made (Arrow's buffers are read as numpy)."""
    if isinstance(strings, pa.ChunkedArray):
        strings = strings.combine_chunks() if strings.num_chunks else pa.array([], pa.string())
    arr = strings.cast(pa.large_string())
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + n + 1]
    data = (
        np.frombuffer(arr.buffers()[2], dtype=np.uint8)
        if arr.buffers()[2] is not None
        else np.zeros(0, np.uint8)
    )
    out = np.empty(n, dtype=np.uint64)
    longest = int(np.diff(offsets).max(initial=0))
    powers = np.cumprod(np.r_[np.uint64(1), np.full(longest, _PRIME, dtype=np.uint64)], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for lo in range(0, n, _HASH_CHUNK):
            hi = min(lo + _HASH_CHUNK, n)
            a, b = int(offsets[lo]), int(offsets[hi])
            lengths = np.diff(offsets[lo : hi + 1])
            at = np.arange(b - a, dtype=np.int64) - np.repeat(offsets[lo:hi] - a, lengths)
            terms = data[a:b].astype(np.uint64) * powers[at]
            h = np.zeros(hi - lo, dtype=np.uint64)
            full = lengths > 0
            if full.any():
                h[full] = np.add.reduceat(terms, (offsets[lo:hi] - a)[full])
            h += lengths.astype(np.uint64)  # "" and "\0" differ
            h ^= h >> np.uint64(30)
            h *= np.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> np.uint64(27)
            h *= np.uint64(0x94D049BB133111EB)
            h ^= h >> np.uint64(31)
            out[lo:hi] = h
    return (out % np.uint64(buckets)).astype(np.int32)


# the hash buckets of a shuffle: moving P partitions' pieces takes P x B small tasks, so B grows
# with the partitions only up to a bound (a bucket then holds more than one partition's share)
MAX_BUCKETS = 256


def bucket_count(n_parts: int) -> int:
    return max(1, min(n_parts, MAX_BUCKETS))


def by_bucket(bucket: np.ndarray, buckets: int) -> list[np.ndarray]:
    """The row numbers of each bucket, in row order: one stable sort, whatever the number of buckets."""
    # small numbers: no mixed uint64/int64 compare; up to 2**16 buckets, a radix sort of uint16
    bucket = np.asarray(bucket).astype(np.uint16 if buckets <= 1 << 16 else np.int64)
    order = np.argsort(bucket, kind="stable")
    cuts = np.searchsorted(bucket[order], np.arange(buckets + 1))
    return [order[cuts[b] : cuts[b + 1]] for b in range(buckets)]


def piece(result, b: int):
    """Item ``b`` of a partition's result: its piece of hash bucket ``b`` (a task of its own, so
    that each piece moves to the worker summing its bucket without the rest)."""
    return result[b]
