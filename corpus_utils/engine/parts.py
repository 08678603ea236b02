"""Partitions of a corpus: contiguous slices of a DataFrame, or the files of a partitioned Parquet
corpus written by the distributed loader.

A partition given to a worker is either a DataFrame (sent once with ``Executor.scatter``) or the
path of one Parquet file (read on the worker: the client never holds the whole corpus). The
corpus table has two list columns, ``removed`` (pairs of rule and text) and ``warnings``; Parquet
stores them as JSON text, decoded on reading, so a corpus read back equals the one written.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

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
    """Write one partition (atomically: a reader never sees half a file)."""
    path = Path(path)
    out = df.copy()
    for col in _JSON:
        if col in out.columns:
            out[col] = [json.dumps(v, ensure_ascii=False) for v in out[col]]
    tmp = path.with_name(f".{path.name}.tmp")
    out.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return str(path)


def read(path: str | Path, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one partition back, list columns decoded."""
    try:
        df = pd.read_parquet(path, columns=columns)
    except FileNotFoundError:
        raise CorpusError(
            f"partition '{path}' is not on this machine: the Dask workers write the loaded corpus to a "
            "folder the client must see too; give a folder on a shared file system"
        ) from None
    if "removed" in df.columns:
        df["removed"] = [[tuple(x) for x in json.loads(v)] for v in df["removed"]]
    if "warnings" in df.columns:
        df["warnings"] = [json.loads(v) for v in df["warnings"]]
    return df


def frame(part, *, columns: list[str] | None = None) -> pd.DataFrame:
    """The DataFrame of a partition: itself, or its Parquet file read."""
    if isinstance(part, str | Path):
        return read(part, columns=columns)
    return part if columns is None else part[columns]


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Partitions in order; empty results are dropped first (an empty frame has no dtypes to add)."""
    full = [f for f in frames if f is not None and len(f)]
    if not full:
        return next((f for f in frames if f is not None), pd.DataFrame())
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0].reset_index(drop=True)
