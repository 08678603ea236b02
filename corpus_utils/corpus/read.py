"""Reading a corpus from disk: a folder of .txt files, one file, or a table (CSV, JSON Lines, Parquet).

Every input becomes one record, even when it cannot be used: an empty, binary or undecodable file
is returned with the reason, so the audit can account for it. Text files are decoded as UTF-8
(with or without a byte-order mark), UTF-16 with a BOM, then Windows-1252 and Latin-1; the encoding
used is recorded.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import CorpusError

TEXT_SUFFIXES = {".txt", ".text"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".parquet", ".pq"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
IGNORED_NAMES = {"readme", "readme.md", "readme.txt", "license", "license.txt", ".ds_store"}


@dataclass
class Record:
    doc_id: str
    path: str
    raw: str
    encoding: str
    problem: str = ""
    date: str = ""
    title: str = ""
    outlet: str = ""
    pending: bool = False


def decode(data: bytes) -> tuple[str, str, str]:
    """(text, encoding, problem). ``problem`` is '' for usable text."""
    if not data.strip():
        return "", "", "empty file" if not data else "whitespace-only file"
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", ""
        except UnicodeDecodeError:
            return "", "", "undecodable: starts with a UTF-8 byte-order mark but is not UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", ""
        except UnicodeDecodeError:
            return "", "", "undecodable: UTF-16 byte-order mark but invalid UTF-16"
    if b"\x00" in data[:4096]:
        return "", "", "binary file (contains NUL bytes)"
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL.findall(text))
        if controls > max(3, len(text) // 100):
            return "", "", f"binary or undecodable file ({controls} control characters as {enc})"
        if not text.strip():
            return "", enc, "whitespace-only file"
        return text, enc, ""
    return "", "", "undecodable text"


def _doc_ids(paths: list[Path], root: Path) -> list[str]:
    stems = [p.stem for p in paths]
    counts = Counter(stems)
    return [p.stem if counts[p.stem] == 1 else p.relative_to(root).with_suffix("").as_posix() for p in paths]


def _visible(folder: Path) -> list[Path]:
    """Every file under ``folder`` outside hidden files and folders (recursive, sorted)."""
    return sorted(
        (
            p
            for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        ),
        key=lambda p: p.relative_to(folder).as_posix(),
    )


def files(folder: Path) -> list[Path]:
    """The files of a corpus folder that the loader reads: not hidden, not documentation (README,
    LICENSE). The corpus fingerprint hashes exactly these."""
    return [p for p in _visible(folder) if p.name.lower() not in IGNORED_NAMES]


def from_folder(folder: Path) -> tuple[list[Record], list[str]]:
    """Records for every file under ``folder`` (recursive, sorted). Returns records and notes
    about files ignored as documentation (README, LICENSE)."""
    notes = [
        f"{p.relative_to(folder).as_posix()}: ignored (documentation, not a document)"
        for p in _visible(folder)
        if p.name.lower() in IGNORED_NAMES
    ]
    documents = files(folder)
    if not documents:
        raise CorpusError(f"corpus folder '{folder}' holds no files; put one .txt file per article in it")
    records = []
    for doc_id, p in zip(_doc_ids(documents, folder), documents, strict=True):
        if p.suffix.lower() not in TEXT_SUFFIXES:
            records.append(
                Record(
                    doc_id,
                    str(p),
                    "",
                    "",
                    f"not a text file ({p.suffix or 'no suffix'}); convert it to .txt",
                )
            )
            continue
        records.append(Record(doc_id, str(p), "", "", "", pending=True))  # read by ``fill``, in a worker
    return records, notes


def fill(rec: Record) -> Record:
    """Read and decode a record's file if that is still to do."""
    if rec.pending:
        rec.raw, rec.encoding, rec.problem = decode(Path(rec.path).read_bytes())
        rec.pending = False
    return rec


def from_file(path: Path) -> list[Record]:
    raw, enc, problem = decode(path.read_bytes())
    return [Record(path.stem, str(path), raw, enc, problem)]


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix in {".jsonl", ".ndjson"}:
            return pd.read_json(path, lines=True, dtype=False).astype(object)
        return pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any parser error becomes one clear line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CorpusError(
            f"could not read table '{path}': {first}; check that it is valid {suffix[1:].upper()}"
        ) from None


def _cell(row: dict, col: str | None) -> str:
    v = row.get(col) if col else None
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def from_table(
    path: Path,
    *,
    text_col: str = "text",
    date_col: str | None = "date",
    id_col: str | None = None,
    title_col: str | None = None,
    outlet_col: str | None = None,
) -> list[Record]:
    """One record per row of a CSV, JSON Lines or Parquet table."""
    df = _read_table(path)
    for option, col in (
        ("text_col", text_col),
        ("date_col", date_col),
        ("id_col", id_col),
        ("title_col", title_col),
        ("outlet_col", outlet_col),
    ):
        if col and col not in df.columns:
            if option == "date_col" and col == "date":
                date_col = None
                continue
            raise CorpusError(
                f"table '{path}' has no column {col!r} (option {option}); its columns are: {', '.join(map(str, df.columns))}"
            )
    if df.empty:
        raise CorpusError(f"table '{path}' has no rows; add one row per article")
    records = []
    width = len(str(len(df)))
    for i, row in enumerate(df.to_dict("records")):
        doc_id = str(row[id_col]) if id_col else f"{path.stem}_{i:0{width}d}"
        value = row[text_col]
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        problem = "" if text.strip() else "empty text"

        records.append(
            Record(
                doc_id,
                f"{path}#row={i}",
                text,
                "table",
                problem,
                _cell(row, date_col),
                _cell(row, title_col),
                _cell(row, outlet_col),
            )
        )
    return records
