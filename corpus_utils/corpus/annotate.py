"""Metadata for a folder of files, from their names or from a table beside them.

``filename_pattern``: a regular expression with named groups, searched in each file's path
relative to the corpus folder (``1994-Kumar-1.txt``, ``india/2001/speech.txt``). The groups may be
``date``, ``year``, ``outlet``, ``group``, ``speaker`` and ``title``. A ``year`` alone dates a
document 1 January of that year.

``metadata``: a CSV or Parquet table keyed by ``file`` (the path relative to the corpus folder) or
``doc_id``, with any of the columns ``date``, ``outlet``, ``group`` (or ``side``), ``speaker``
and ``title``. A non-empty cell overrides what the file name or the text gave.

A file that the pattern does not match, or that the table lacks, stays in the corpus with a
warning (listed by ``audit.problems``). A bad pattern or table is a one-line ``CorpusError``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import CorpusError
from ..paths import resolve
from .read import Record
from .tables import cell, read_table

GROUPS = ("date", "year", "outlet", "group", "speaker", "title")
META_COLUMNS = ("date", "outlet", "group", "side", "speaker", "title")


def pattern(regex: str) -> re.Pattern[str]:
    """The compiled ``filename_pattern``, checked: valid, with known named groups only."""
    try:
        compiled = re.compile(regex)
    except re.error as exc:
        raise CorpusError(
            f"filename_pattern {regex!r} is not a valid regular expression ({exc}); "
            r"for example (?P<year>\d{4})-(?P<speaker>[A-Za-z]+)"
        ) from None
    names = set(compiled.groupindex)
    unknown = sorted(names - set(GROUPS))
    if unknown or not names:
        what = f"has unknown group(s) {', '.join(unknown)}" if unknown else "has no named group"
        raise CorpusError(
            f"filename_pattern {regex!r} {what}; name groups (?P<name>...) with: {', '.join(GROUPS)}"
        )
    return compiled


def _set(rec: Record, values: dict[str, str], source: str) -> None:
    date = values.get("date") or values.get("year")
    if date:
        rec.date, rec.date_source = date, source
    for key in ("outlet", "group", "speaker", "title"):
        if values.get(key):
            setattr(rec, key, values[key])


def from_filenames(records: list[Record], regex: str) -> None:
    """Fill date, outlet, group, speaker and title of the records from their relative paths."""
    compiled = pattern(regex)
    for rec in records:
        if rec.problem:
            continue
        m = compiled.search(rec.rel)
        if m is None:
            rec.warnings.append(f"file name {rec.rel!r} does not match filename_pattern")
            continue
        _set(rec, {k: v.strip() for k, v in m.groupdict().items() if v and v.strip()}, "filename")


def _key(value: str) -> str:
    return value.strip().replace("\\", "/").removeprefix("./")


def from_table(records: list[Record], table: str | Path, *, root: Path) -> None:
    """Override the records' metadata with the rows of a metadata table."""
    path = resolve(table)
    if not path.is_file():
        raise CorpusError(f"metadata table '{table}' does not exist; give a .csv or .parquet file")
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise CorpusError(f"metadata table '{table}' is not a .csv or .parquet file; give one")
    df = read_table(path)
    cols = ", ".join(map(str, df.columns))
    key = "file" if "file" in df.columns else "doc_id" if "doc_id" in df.columns else ""
    if not key:
        raise CorpusError(
            f"metadata table '{path}' has no column 'file' or 'doc_id' to name the documents; its columns are: {cols}"
        )
    values = [c for c in META_COLUMNS if c in df.columns]
    if not values:
        raise CorpusError(
            f"metadata table '{path}' has none of the columns {', '.join(META_COLUMNS)}; its columns are: {cols}"
        )
    if "group" in values and "side" in values:
        raise CorpusError(
            f"metadata table '{path}' has both 'group' and 'side'; keep one (they mean the same)"
        )
    keys = [_key(cell(v)) for v in df[key]]
    if not all(keys):
        raise CorpusError(
            f"metadata table '{path}': {keys.count('')} row(s) have an empty {key!r}; fill or remove them"
        )
    dups = sorted(k for k, n in Counter(keys).items() if n > 1)
    if dups:
        raise CorpusError(
            f"metadata table '{path}': {key!r} repeated: {', '.join(dups[:10])}; keep one row each"
        )
    by_key = {(r.rel if key == "file" else r.doc_id): r for r in records}
    missing = [(i, k) for i, k in enumerate(keys, start=1) if k not in by_key]
    if missing:
        i, k = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise CorpusError(
            f"metadata table '{path}' row {i} names {key} {k!r}, which is not in the corpus folder '{root}'{more}; "
            "fix the name or remove the row"
        )
    rows = dict(zip(keys, df[values].to_dict("records"), strict=True))
    for k, rec in by_key.items():
        row = rows.get(k)
        if row is None:
            if not rec.problem:
                rec.warnings.append(f"not in the metadata table {path.name}")
            continue
        given = {("group" if c == "side" else c): cell(v).strip() for c, v in row.items()}
        _set(rec, {c: v for c, v in given.items() if v}, "metadata")
