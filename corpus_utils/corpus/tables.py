"""Reading a corpus from a table: CSV, JSON Lines, JSON (a list of objects) or Parquet.

One record per row. The columns are named by the caller (``text_col``, ``date_col``, ...): a named
column the table lacks is an error that lists the table's columns. The id column, when named,
must hold a unique, non-empty value in every row: duplicates or empty ids are an error naming
them (no suffix is invented, so an id always means the row the user gave it to). The text column
must hold text: a Parquet column of bytes is decoded like a file (``decoding``); a column of
numbers is an error.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from .decoding import decode
from .read import Record


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _utf8(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(f"table '{path}' line {line}: not UTF-8; save the file as UTF-8") from None


def _json_lines(path: Path) -> pd.DataFrame:
    rows = []
    for n, line in enumerate(_utf8(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"table '{path}' line {n}: not valid JSON ({exc.msg}, column {exc.colno}); fix that line"
            ) from None
        if not isinstance(obj, dict):
            raise CorpusError(
                f"table '{path}' line {n}: expected one JSON object {{...}} per line, got {type(obj).__name__}"
            )
        rows.append(obj)
    return pd.DataFrame(rows)


def _json(path: Path) -> pd.DataFrame:
    try:
        data = json.loads(_utf8(path))
    except json.JSONDecodeError as exc:
        raise CorpusError(
            f"table '{path}' line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno}); fix that line"
        ) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CorpusError(
            f"table '{path}' must hold a JSON list of objects, one per document; for one object per line use .jsonl"
        )
    return pd.DataFrame(data)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV (every cell as text), JSON Lines, JSON or Parquet table; any parser error is one line."""
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return _json_lines(path)
    if suffix == ".json":
        return _json(path)
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        return pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any parser error becomes one clear line
        raise CorpusError(
            f"could not read table '{path}': {_first_line(exc)}; check that it is valid {suffix[1:].upper()}"
        ) from None


def cell(value: object) -> str:
    """A table cell as text: '' for missing values, bytes decoded as UTF-8."""
    if value is None or (
        not isinstance(value, (str, bytes)) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def check_columns(df: pd.DataFrame, path: Path, named: dict[str, str | None]) -> None:
    """Every named column exists, else one line listing the table's columns."""
    for option, col in named.items():
        if col and col not in df.columns:
            raise CorpusError(
                f"table '{path}' has no column {col!r} (option {option}); "
                f"its columns are: {', '.join(map(str, df.columns))}"
            )


def _check_text(df: pd.DataFrame, path: Path, col: str) -> None:
    values = df[col]
    present = values[values.map(lambda v: cell(v) != "")]
    if present.empty:
        return
    if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
        texts = present[present.map(lambda v: isinstance(v, (str, bytes)))]
        numeric = texts.empty or pd.to_numeric(texts.map(cell), errors="coerce").notna().all()
    else:
        numeric = True
    if numeric:
        raise CorpusError(
            f"table '{path}': column {col!r} (text_col) is not text: it holds numbers such as "
            f"{cell(present.iloc[0])!r}; name the column of article text with text_col"
        )


def _check_ids(ids: list[str], path: Path, col: str) -> None:
    empty = [i + 1 for i, v in enumerate(ids) if not v.strip()]
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        raise CorpusError(
            f"table '{path}': id column {col!r} (id_col) is empty in {len(empty)} row(s) (rows {shown}, "
            "counting from 1 after the header); fill them, or leave out id_col to number the rows"
        )
    dups = sorted((v, n) for v, n in Counter(ids).items() if n > 1)
    if dups:
        shown = ", ".join(f"{v!r} ({n} rows)" for v, n in dups[:10]) + (" ..." if len(dups) > 10 else "")
        raise CorpusError(
            f"table '{path}': id column {col!r} (id_col) has duplicate values: {shown}; "
            "ids must be unique: fix them, or leave out id_col to number the rows"
        )


def from_table(
    path: Path,
    *,
    text_col: str | None = None,
    date_col: str | None = None,
    id_col: str | None = None,
    title_col: str | None = None,
    outlet_col: str | None = None,
    group_col: str | None = None,
    speaker_col: str | None = None,
) -> list[Record]:
    """One record per row of a table. ``text_col`` defaults to "text"; ``date_col`` to "date"
    when the table has one; the other columns are read only when named."""
    df = read_table(path)
    text_col = text_col or "text"
    if not date_col and "date" in df.columns:
        date_col = "date"
    check_columns(
        df,
        path,
        {
            "text_col": text_col,
            "date_col": date_col,
            "id_col": id_col,
            "title_col": title_col,
            "outlet_col": outlet_col,
            "group_col": group_col,
            "speaker_col": speaker_col,
        },
    )
    if df.empty:
        raise CorpusError(f"table '{path}' has no rows; add one row per article")
    _check_text(df, path, text_col)
    width = len(str(len(df)))
    ids = [cell(v) for v in df[id_col]] if id_col else [f"{path.stem}_{i:0{width}d}" for i in range(len(df))]
    if id_col:
        _check_ids(ids, path, id_col)
    records = []
    for i, row in enumerate(df.to_dict("records")):
        value = row[text_col]
        if isinstance(value, bytes):
            text, encoding, problem = decode(value)
        else:
            text, encoding = cell(value), "table"
            problem = "" if text.strip() else "empty text"
        date = cell(row[date_col]) if date_col else ""
        records.append(
            Record(
                ids[i],
                f"{path}#row={i}",
                raw=text,
                encoding=encoding,
                problem="empty text" if problem in {"empty file", "whitespace-only file"} else problem,
                date=date,
                date_source="column" if date else "",
                title=cell(row[title_col]) if title_col else "",
                outlet=cell(row[outlet_col]) if outlet_col else "",
                group=cell(row[group_col]) if group_col else "",
                speaker=cell(row[speaker_col]) if speaker_col else "",
            )
        )
    return records
