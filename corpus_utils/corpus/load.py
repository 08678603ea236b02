"""``load_corpus``: one table of the documents of a corpus, every input accounted for.

Pipeline per document: read and decode (``read``) -> date from the raw text (``dates``) ->
outlet and side from its signatures (``metadata.source``) -> clean body and title (``clean``)
-> language (``metadata.language``) -> analysis copy with spelling variants unified
(``normalise.variants``). Then, across documents: duplicates (``duplicates``) and inclusion.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from ..paths import resolve
from . import clean, dates, duplicates, metadata, normalise, read

COLUMNS = [
    "doc_id",
    "path",
    "title",
    "title_source",
    "dek",
    "date",
    "year",
    "date_source",
    "outlet",
    "side",
    "wire",
    "language",
    "encoding",
    "text",
    "text_norm",
    "n_words",
    "included",
    "excluded_reason",
    "duplicate_of",
    "raw",
    "removed",
    "n_removed",
    "warnings",
]


class CorpusWarning(UserWarning):
    """A document could not be dated, or another non-fatal problem with the input."""


def _row(rec: read.Record, *, today: dt.date, english: tuple[str, ...]) -> dict:
    rec = read.fill(rec)
    row = {
        "doc_id": rec.doc_id,
        "path": rec.path,
        "raw": rec.raw,
        "encoding": rec.encoding,
        "title": "",
        "title_source": "",
        "dek": "",
        "date": None,
        "date_source": "none",
        "outlet": metadata.UNKNOWN,
        "side": metadata.UNKNOWN,
        "wire": "",
        "language": "und",
        "text": "",
        "text_norm": "",
        "n_words": 0,
        "removed": [],
        "warnings": [],
        "excluded_reason": rec.problem,
        "_signature": ("", frozenset()),
    }
    if rec.problem:
        return row
    if rec.date:
        parsed = pd.to_datetime(rec.date, errors="coerce", format="mixed")
        if pd.isna(parsed):
            row["warnings"].append(f"date {rec.date!r} in the table is not a date")
        elif not dates.EARLIEST <= parsed.date() <= today:
            row["warnings"].append(f"date {rec.date!r} in the table rejected: before 1990 or in the future")
        else:
            row["date"], row["date_source"] = parsed.date(), "column"
    if row["date"] is None:
        result = dates.resolve(rec.raw, today=today)
        row["date"], row["date_source"] = result.date, result.source
        row["warnings"] += result.warnings if result.date is None else []
    src = metadata.source(rec.raw)
    row.update(outlet=rec.outlet or src.outlet, side=src.side, wire=src.wire)
    cleaned = clean.document(rec.raw)
    row.update(
        text=cleaned.text,
        removed=cleaned.removed,
        title=rec.title or cleaned.title,
        title_source="column" if rec.title else cleaned.title_source,
        dek=cleaned.dek,
    )
    row["language"] = metadata.language(cleaned.text)
    row["text_norm"] = normalise.variants(cleaned.text)
    row["n_words"] = len(cleaned.text.split())
    if not cleaned.text.strip():
        row["excluded_reason"] = "no article text left after boilerplate removal"
    elif row["language"] not in english:
        row["excluded_reason"] = f"not English (language: {row['language']})"
    else:
        row["_signature"] = duplicates.signature(cleaned.text)
    return row


def records(source: str | Path, **options) -> tuple[list[read.Record], list[str]]:
    """Read the input (folder, text file or table) into records; notes on ignored files."""
    path = resolve(source)
    if not path.exists():
        raise CorpusError(
            f"corpus path '{source}' does not exist; give a folder of .txt files, a .txt file, or a .csv/.jsonl/.parquet table"
        )
    if path.is_dir():
        if options:
            raise CorpusError(f"options {sorted(options)} apply to tables only; '{source}' is a folder")
        return read.from_folder(path)
    if path.suffix.lower() in read.TABLE_SUFFIXES:
        return read.from_table(path, **options), []
    if options:
        raise CorpusError(f"options {sorted(options)} apply to tables only; '{source}' is a text file")
    return read.from_file(path), []


def _rows(recs: list[read.Record], *, today: dt.date, english: tuple[str, ...]) -> list[dict]:
    return [_row(r, today=today, english=english) for r in recs]


def _parallel_rows(
    recs: list[read.Record], *, today: dt.date, english: tuple[str, ...], workers: int
) -> list[dict]:
    """Documents are independent: clean them in ``workers`` processes, in order-preserving chunks."""
    size = max(200, len(recs) // (workers * 8))
    chunks = [recs[i : i + size] for i in range(0, len(recs), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [
            row for rows in pool.map(partial(_rows, today=today, english=english), chunks) for row in rows
        ]


def load_corpus(
    source: str | Path = "seeds",
    *,
    today: dt.date | None = None,
    languages: tuple[str, ...] = ("en",),
    workers: int | None = None,
    **options,
) -> pd.DataFrame:
    """Load and normalise a corpus into a DataFrame with one row per input (see ``COLUMNS``).

    ``source``: a folder of .txt files (searched recursively, in sorted order), one .txt file, or a
    CSV / JSON Lines / Parquet table; for a table, name its columns with ``text_col`` (default
    "text"), ``date_col`` (default "date", optional), ``id_col``, ``title_col``, ``outlet_col``.
    ``languages``: the languages the analyses use; other documents stay, marked excluded.
    ``workers``: processes used to clean documents (default: one per core for 2,000+ inputs).
    """
    try:
        recs, notes = records(source, **options)
    except TypeError as exc:
        raise CorpusError(
            f"load_corpus: {exc}; table options are text_col, date_col, id_col, title_col, outlet_col"
        ) from None
    today = today or dt.date.today()
    if workers is None:
        workers = (os.cpu_count() or 1) if len(recs) >= 2000 else 1
    if workers > 1:
        rows = _parallel_rows(recs, today=today, english=tuple(languages), workers=workers)
    else:
        rows = _rows(recs, today=today, english=tuple(languages))
    signatures = [row.pop("_signature") for row in rows]
    df = pd.DataFrame(rows)
    # duplicates: earliest dated first, undated after, input order within a date
    order = sorted(range(len(df)), key=lambda i: (rows[i]["date"] is None, rows[i]["date"] or dt.date.min, i))
    eligible = [not rows[i]["excluded_reason"] for i in order]
    dup_sorted = duplicates.find(
        [rows[i]["text"] for i in order],
        [rows[i]["doc_id"] for i in order],
        eligible=eligible,
        signatures=[signatures[i] for i in order],
    )
    del signatures
    dup = [""] * len(df)
    for pos, i in enumerate(order):
        dup[i] = dup_sorted[pos]
    df["duplicate_of"] = dup
    df.loc[df["duplicate_of"] != "", "excluded_reason"] = "duplicate of " + df["duplicate_of"]
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    df["year"] = df["date"].dt.year.astype("Int64")
    df["included"] = df["excluded_reason"] == ""
    df["n_removed"] = df["removed"].map(len)
    df = df[COLUMNS]
    df.attrs["source"] = str(resolve(source))
    df.attrs["notes"] = notes
    undated = df.loc[df["date"].isna() & (df["excluded_reason"] == ""), "doc_id"].tolist()
    if undated:
        warnings.warn(
            f"{len(undated)} document(s) have no reliable date (NaT): {', '.join(undated[:10])}"
            f"{' ...' if len(undated) > 10 else ''}",
            CorpusWarning,
            stacklevel=2,
        )
    return df
