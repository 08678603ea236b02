"""``load_corpus``: one table of the documents of a corpus, every input accounted for.

Pipeline per document: read and decode (``read``, ``tables``, ``decoding``) -> metadata given
outside the text (table columns, file names, a metadata table: ``annotate``) -> date from the raw
text when none was given (``dates``) -> outlet and side from its signatures (``metadata.source``)
-> clean body and title (``clean``) -> language (``metadata.language``) -> analysis copy with
spelling variants unified (``normalise.variants``). Then, across documents: duplicates
(``duplicates``) and inclusion.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pandas as pd

from .. import progress
from ..errors import CorpusError
from ..paths import resolve
from . import annotate, clean, dates, duplicates, metadata, normalise, read, tables

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
    "speaker",
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
TABLE_OPTIONS = ("text_col", "date_col", "id_col", "title_col", "outlet_col", "group_col", "speaker_col")
FOLDER_OPTIONS = ("filename_pattern", "metadata")
SOURCE_NAMES = {"column": "table", "filename": "file name", "metadata": "metadata table"}


class CorpusWarning(UserWarning):
    """A document could not be dated, or another non-fatal problem with the input."""


def _given_date(rec: read.Record, today: dt.date) -> tuple[dt.date | None, str]:
    """A date given outside the text (column, file name, metadata): any day from 1600 to today."""
    where = SOURCE_NAMES.get(rec.date_source, rec.date_source)
    try:
        parsed = pd.to_datetime(rec.date, errors="coerce", format="mixed")
    except (ValueError, OverflowError):
        parsed = pd.NaT
    if pd.isna(parsed):
        return None, f"date {rec.date!r} in the {where} is not a date"
    if not dates.EARLIEST <= parsed.date() <= today:
        return (
            None,
            f"date {rec.date!r} in the {where} rejected: before {dates.EARLIEST.year} or in the future",
        )
    return parsed.date(), ""


def _row(rec: read.Record, *, today: dt.date, english: tuple[str, ...], years: tuple[int, int]) -> dict:
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
        "speaker": rec.speaker,
        "wire": "",
        "language": "und",
        "text": "",
        "text_norm": "",
        "n_words": 0,
        "removed": [],
        "warnings": list(rec.warnings),
        "excluded_reason": rec.problem,
        "_signature": ("", frozenset()),
    }
    if rec.problem:
        return row
    if rec.date:
        given, problem = _given_date(rec, today)
        if given is None:
            row["warnings"].append(problem)
        else:
            row["date"], row["date_source"] = given, rec.date_source
    if row["date"] is None:
        result = dates.resolve(rec.raw, today=today, years=years)
        row["date"], row["date_source"] = result.date, result.source
        row["warnings"] += result.warnings if result.date is None else []
    src = metadata.source(rec.raw)
    row.update(outlet=rec.outlet or src.outlet, side=rec.group or src.side, wire=src.wire)
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
        row["_signature"] = duplicates.keyed(cleaned.keys)  # = duplicates.signature(text)
    return row


def records(
    source: str | Path,
    *,
    follow_links: bool = False,
    filename_pattern: str | None = None,
    metadata: str | Path | None = None,
    columns: dict[str, str | None] | None = None,
) -> tuple[list[read.Record], list[str]]:
    """Read the input (folder, text file or table) into records; notes on ignored files.
    ``columns``: a table's columns by option name (``TABLE_OPTIONS``; None or '' when not given)."""
    columns = columns or {}
    unknown = sorted(set(columns) - set(TABLE_OPTIONS))
    if unknown:
        raise CorpusError(f"unknown table option(s) {', '.join(unknown)}; use {', '.join(TABLE_OPTIONS)}")
    path = resolve(source)
    if not str(source).strip() or not path.exists():
        raise CorpusError(
            f"corpus path '{source}' does not exist; give a folder of .txt files, a .txt file, or a .csv/.jsonl/.json/.parquet table"
        )
    given_columns = sorted(k for k, v in columns.items() if v)
    given_folder = sorted(k for k, v in (("filename_pattern", filename_pattern), ("metadata", metadata)) if v)
    if path.is_dir():
        if given_columns:
            raise CorpusError(
                f"options {', '.join(given_columns)} name columns of a table; '{source}' is a folder "
                "(for a folder use filename_pattern or metadata)"
            )
        recs, notes = read.from_folder(path, follow_links=follow_links)
        if filename_pattern:
            annotate.from_filenames(recs, filename_pattern)
        if metadata:
            annotate.from_table(recs, metadata, root=path)
        return recs, notes
    if given_folder:
        raise CorpusError(
            f"options {', '.join(given_folder)} apply to a folder of files; '{source}' is a file "
            "(for a table name its columns: group_col, speaker_col, ...)"
        )
    suffix = path.suffix.lower()
    if suffix in read.TABLE_SUFFIXES:
        return tables.from_table(path, **{k: v or None for k, v in columns.items()}), []
    if given_columns:
        raise CorpusError(
            f"options {', '.join(given_columns)} name columns of a table; '{source}' is a text file"
        )
    if suffix not in read.TEXT_SUFFIXES:
        raise CorpusError(
            f"corpus file '{source}' is not a .txt, .csv, .jsonl, .json or .parquet file; "
            "convert it, or give the folder that holds the documents"
        )
    return read.from_file(path), []


def _rows(
    recs: list[read.Record], *, today: dt.date, english: tuple[str, ...], years: tuple[int, int]
) -> list[dict]:
    return [_row(r, today=today, english=english, years=years) for r in recs]


_META = ("doc_id", "date", "excluded_reason")  # what the duplicate search needs of a row


def _part(
    recs: list[read.Record], *, today: dt.date, english: tuple[str, ...], years: tuple[int, int]
) -> tuple[pd.DataFrame, list[dict], duplicates.Prints]:
    """One chunk of the corpus cleaned: its table (duplicates not yet marked), what the duplicate
    search needs of each row, and the rows' signatures as arrays. The texts leave the Python
    strings of the rows for the table's Arrow columns chunk by chunk, so the corpus is never held
    twice."""
    rows = _rows(recs, today=today, english=english, years=years)
    signatures = duplicates.Prints.of([row.pop("_signature") for row in rows])
    meta = [{k: row[k] for k in _META} for row in rows]
    return frame(rows), meta, signatures


def _parts(
    recs: list[read.Record], *, today: dt.date, english: tuple[str, ...], years: tuple[int, int], workers: int
) -> list[tuple[pd.DataFrame, list[dict], duplicates.Prints]]:
    """Documents are independent: clean them in order-preserving chunks, in ``workers`` processes
    when there are more than one."""
    size = max(200, min(5000, len(recs) // (workers * 8)))
    chunks = [recs[i : i + size] for i in range(0, len(recs), size)]
    clean_part = partial(_part, today=today, english=english, years=years)
    out: list[tuple[pd.DataFrame, list[dict], duplicates.Prints]] = []
    with progress.bar(total=len(recs), desc="load_corpus: documents") as bar:  # terminal only, throttled
        if workers <= 1:
            for chunk in chunks:
                out.append(clean_part(chunk))
                bar.update(len(chunk))
            return out
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(clean_part, chunks):
                out.append(part)
                bar.update(len(part[1]))
    return out


def load_corpus(
    source: str | Path = "seeds",
    *,
    text_col: str | None = None,
    date_col: str | None = None,
    id_col: str | None = None,
    title_col: str | None = None,
    outlet_col: str | None = None,
    group_col: str | None = None,
    speaker_col: str | None = None,
    filename_pattern: str | None = None,
    metadata: str | Path | None = None,
    follow_links: bool = False,
    date_window: tuple[int, int | None] | None = None,
    today: dt.date | None = None,
    languages: tuple[str, ...] = ("en",),
    workers: int | None = None,
    engine: str = "local",
) -> pd.DataFrame:
    """Load and normalise a corpus into a DataFrame with one row per input (see ``COLUMNS``).

    ``source``: a folder of .txt files (searched recursively, in sorted order), one .txt file, or a
    CSV / JSON Lines / JSON / Parquet table. Any other file is refused with one line.

    A table's columns: ``text_col`` (default "text"), ``date_col`` (default "date" when the table
    has one), ``id_col`` (unique, non-empty values, else an error naming the duplicates or empty
    rows; default: the table's name and the row number), ``title_col``, ``outlet_col``,
    ``group_col`` (fills ``side``: the document's group, any string) and ``speaker_col`` (fills
    ``speaker``). A named column the table lacks is an error listing its columns.

    A folder's metadata (``annotate``): ``filename_pattern``, a regular expression with named
    groups date, year, outlet, group, speaker, title searched in each file's path relative to the
    folder; ``metadata``, a CSV or Parquet table keyed by ``file`` or ``doc_id`` whose date,
    outlet, group (or side), speaker and title override. ``date_source`` says ``column``,
    ``filename`` or ``metadata``; files the pattern misses or the table lacks get a warning.
    ``follow_links``: read symbolic links that leave the folder (default: excluded, with a reason).

    Dates given in a column, file name or metadata table are accepted from 1600 to ``today``.
    ``date_window``: the years (first, last) in which a date found in the text is plausible
    (default 1600 to this year; last None: this year).
    ``languages``: the languages the analyses use; other documents stay, marked excluded.
    ``workers``: processes used to clean documents (default: one per core for 2,000+ inputs).
    ``engine``: "local", "dask" or "tcp://HOST:PORT" (``corpus_utils.engine``): on a Dask cluster the
    documents are cleaned in partitions on the workers, written as partitioned Parquet and read back;
    the table is the same, byte for byte.
    """
    today = today or dt.date.today()
    years = dates.window(date_window, today=today)
    recs, notes = records(
        source,
        follow_links=follow_links,
        filename_pattern=filename_pattern,
        metadata=metadata,
        columns={
            "text_col": text_col,
            "date_col": date_col,
            "id_col": id_col,
            "title_col": title_col,
            "outlet_col": outlet_col,
            "group_col": group_col,
            "speaker_col": speaker_col,
        },
    )
    if engine != "local":
        from ..engine import stages

        parts = stages.load(recs, engine=engine, today=today, languages=tuple(languages), years=years)
        return describe(stages.read(parts), source, notes)
    if workers is None:
        workers = (os.cpu_count() or 1) if len(recs) >= 2000 else 1
    parts = _parts(recs, today=today, english=tuple(languages), years=years, workers=workers)
    del recs
    meta = [m for _, rows, _ in parts for m in rows]
    signatures = duplicates.pruned(duplicates.Prints.concat([p for _, _, p in parts]))
    df = pd.concat([f for f, _, _ in parts], ignore_index=True) if len(parts) != 1 else parts[0][0]
    del parts
    text = df["text"].array
    dup = duplicates_of(meta, signatures, lambda i: text[i])
    del meta, signatures
    return describe(_mark_duplicates(df, dup), source, notes)


class _InOrder:
    """The texts in duplicate-search order, each read only when ``duplicates.find`` asks for it
    (it compares a few candidates in full): on a cluster, the texts stay on the workers."""

    def __init__(self, text: Callable[[int], str], order: list[int]):
        self.text, self.order = text, order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, pos: int) -> str:
        return self.text(self.order[pos])


def search_order(rows: list[dict]) -> list[int]:
    """Earliest dated first, undated after, input order within a date."""
    return sorted(
        range(len(rows)), key=lambda i: (rows[i]["date"] is None, rows[i]["date"] or dt.date.min, i)
    )


def duplicates_of(rows: list[dict], signatures: list, text: Callable[[int], str] | None = None) -> list[str]:
    """For each row (input order), the id of the earlier document it copies, or '' (documents in
    ``search_order``). ``rows`` need doc_id, date, excluded_reason; ``text(i)`` gives row i's
    cleaned text (default: the row's own), asked only for the candidates compared in full."""
    order = search_order(rows)
    dup_sorted = duplicates.find(
        _InOrder(text or (lambda i: rows[i]["text"]), order),
        [rows[i]["doc_id"] for i in order],
        eligible=[not rows[i]["excluded_reason"] for i in order],
        signatures=[signatures[i] for i in order],
    )
    dup = [""] * len(rows)
    for pos, i in enumerate(order):
        dup[i] = dup_sorted[pos]
    return dup


def frame(rows: list[dict]) -> pd.DataFrame:
    """The corpus table (``COLUMNS``) of cleaned rows, no duplicate marked yet; rows are
    independent, so a chunk of the corpus is framed alone and the chunks concatenated."""
    df = pd.DataFrame(rows if rows else {c: [] for c in COLUMNS})
    df["duplicate_of"] = ""
    # milliseconds: any date from 1600 fits (nanoseconds stop at 1677), and Parquet keeps the unit
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ms]")
    df["year"] = df["date"].dt.year.astype("Int64")
    df["included"] = df["excluded_reason"] == ""
    df["n_removed"] = df["removed"].map(len).astype("int64")
    return df[COLUMNS]


def _mark_duplicates(df: pd.DataFrame, duplicate_of: list[str]) -> pd.DataFrame:
    """Fill ``duplicate_of`` of a fresh ``frame`` (changed in place) and exclude the copies."""
    df["duplicate_of"] = duplicate_of
    df.loc[df["duplicate_of"] != "", "excluded_reason"] = "duplicate of " + df["duplicate_of"]
    df["included"] = df["excluded_reason"] == ""
    return df


def finish(rows: list[dict], duplicate_of: list[str]) -> pd.DataFrame:
    """The corpus table (``COLUMNS``) of cleaned rows and their duplicates; rows are independent,
    so a partition of the corpus is finished alone and the partitions concatenated."""
    return _mark_duplicates(frame(rows), duplicate_of)


def describe(df: pd.DataFrame, source: str | Path, notes: list[str]) -> pd.DataFrame:
    """Attach the source and the notes on ignored files; warn about undated documents."""
    df.attrs["source"] = str(resolve(source))
    df.attrs["notes"] = notes
    undated = df.loc[df["date"].isna() & (df["excluded_reason"] == ""), "doc_id"].tolist()
    if undated:
        warnings.warn(
            f"{len(undated)} document(s) have no reliable date (NaT): {', '.join(undated[:10])}"
            f"{' ...' if len(undated) > 10 else ''}",
            CorpusWarning,
            stacklevel=3,
        )
    return df
