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
