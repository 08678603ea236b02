"""The loaded corpus on disk: one Parquet file that reads back exactly as ``load_corpus`` returned it.

A run loads the corpus once (notebook 01) and every later notebook reads this file. The file carries a
key, the hash of everything that decides what the loader returns: the loader's version, its options
and the bytes of the inputs it reads. A notebook run on its own (in JupyterLab) reuses the file only
when the key matches, so a changed corpus or option is never answered from a stale copy.

Parquet keeps the dtypes (nullable years, dates, booleans); the two columns that hold lists of
tuples (``removed``, ``warnings``) travel as JSON text, and ``DataFrame.attrs`` as file metadata.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

LOADER_VERSION = "4"  # raise when a change of the loader changes what it returns for the same input
_LIST_COLUMNS = ("removed", "warnings")
_META_KEY = b"corpus_utils"


def key(inputs: str, options: dict[str, Any]) -> str:
    """The cache key of a corpus: loader version, options (JSON, sorted) and the inputs' fingerprint."""
    text = json.dumps(
        {"version": LOADER_VERSION, "inputs": inputs, "options": options}, sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(source: Path, *, metadata: Path | str | None = None, follow_links: bool = False) -> str:
    """SHA-256 over exactly what the loader reads: a folder's documents (``read.files``: no hidden
    files, README or LICENSE, no pipe, no link leaving the folder) by relative path and bytes, or a
    single file's name and bytes, and the metadata table when one is given. An unreadable file
    counts by its reason, as the loader records it."""
    from . import read

    path = Path(source)
    h = hashlib.sha256()
    files = read.files(path, follow_links=follow_links) if path.is_dir() else [path]
    named = [((p.relative_to(path).as_posix() if path.is_dir() else p.name), p) for p in files]
    if metadata:
        named.append(("\0metadata", Path(metadata)))
    for name, p in named:
        h.update(name.encode() + b"\0")
        try:
            h.update(read.read_bytes(str(p)))
        except OSError as exc:
            h.update(f"unreadable: {exc.strerror or type(exc).__name__}".encode())
    return h.hexdigest()


def _to_json(value: Any) -> str:
    return json.dumps([list(v) if isinstance(v, tuple) else v for v in value], ensure_ascii=False)


def _from_json(text: str) -> list:
    return [tuple(v) if isinstance(v, list) else v for v in json.loads(text)]


def save(corpus: pd.DataFrame, path: Path, *, cache_key: str = "") -> Path:
    """Write the corpus to ``path`` atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = corpus.copy()
    for col in _LIST_COLUMNS:
        if col in frame:
            frame[col] = frame[col].map(_to_json)
    # one chunk per column: the file does not depend on how the loader cut the corpus into chunks
    table = pa.Table.from_pandas(frame, preserve_index=False).combine_chunks()
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps(
        {"key": cache_key, "attrs": corpus.attrs}, ensure_ascii=False, default=str
    ).encode()
    table = table.replace_schema_metadata(meta)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; a table is not
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def stored_key(path: Path) -> str:
    """The key a stored corpus was saved with ('' when there is no readable file)."""
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return ""
    try:
        return json.loads(meta.get(_META_KEY, b"{}")).get("key", "")
    except ValueError:
        return ""


def read(path: Path) -> pd.DataFrame:
    """The corpus as saved: same columns, dtypes, list columns and attrs."""
    table = pq.read_table(path)
    info = json.loads((table.schema.metadata or {}).get(_META_KEY, b"{}"))
    frame = table.to_pandas()
    for col in _LIST_COLUMNS:
        if col in frame:
            frame[col] = frame[col].map(_from_json)
    frame.attrs = info.get("attrs", {})
    return frame
