"""Read the small editable tables of ``corpus_utils/data`` (actors, roles, codebook ...).

The tables are CSV files whose lines starting with ``#`` are comments that explain the columns.
``rows(source, columns=..., what=...)`` returns ``(line, row)`` pairs, the line being the line
number in the file, so a check can say exactly where a researcher's edit went wrong. A source is a
path (absolute, or relative to the working directory or the project root) or a DataFrame with the
same columns (its rows are then numbered from 1).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from .errors import CorpusError
from .paths import data_file, resolve


def locate(source: str | Path | pd.DataFrame | None, default: str) -> str | Path | pd.DataFrame:
    """The table to read: ``source`` itself, or the packaged ``data/<default>`` when None."""
    if source is None:
        return data_file(default)
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, str | Path):
        path = resolve(source)
        if not path.is_file():
            raise CorpusError(
                f"table '{source}' does not exist; give a CSV file like corpus_utils/data/{default}"
            )
        return path
    raise CorpusError(f"a table must be a path or a DataFrame, got {type(source).__name__}")


def rows(
    source: str | Path | pd.DataFrame,
    *,
    columns: list[str],
    what: str,
    optional: tuple[str, ...] = (),
) -> list[tuple[int, dict]]:
    """``(line number, {column: stripped text})`` for every data row; CorpusError naming the file
    when a column is missing. ``optional`` columns may be absent and then read as ''."""
    if isinstance(source, pd.DataFrame):
        missing = [c for c in columns if c not in source.columns and c not in optional]
        if missing:
            raise CorpusError(f"{what} table lacks columns {missing}; it needs {columns}")
        frame = source.reindex(columns=columns).astype("string").fillna("")
        return [
            (i + 1, {c: str(v).strip() for c, v in zip(columns, rec, strict=True)})
            for i, rec in enumerate(frame.itertuples(index=False, name=None))
        ]
    path = Path(source)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{what} file {path}: not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from None
    body = [(n, ln) for n, ln in enumerate(lines, start=1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not body:
        raise CorpusError(
            f"{what} file {path}: no header line; the first non-comment line must be {','.join(columns)}"
        )
    parsed = list(csv.reader(io.StringIO("\n".join(ln for _, ln in body))))
    header = [h.strip() for h in parsed[0]]
    missing = [c for c in columns if c not in header and c not in optional]
    if missing:
        raise CorpusError(
            f"{what} file {path}, line {body[0][0]}: header lacks columns {missing}; "
            f"it must be {','.join(columns)}"
        )
    out = []
    for (n, _), values in zip(body[1:], parsed[1:], strict=False):
        if len(values) > len(header):
            raise CorpusError(
                f"{what} file {path}, line {n}: {len(values)} fields, the header has "
                f"{len(header)}; quote a field that contains a comma"
            )
        rec = dict(
            zip(
                header,
                [v.strip() for v in values] + [""] * (len(header) - len(values)),
                strict=True,
            )
        )
        out.append((n, {c: rec.get(c, "") for c in columns}))
    return out


def regex(pattern: str, source: str | Path | pd.DataFrame, line: int, what: str) -> re.Pattern[str]:
    """Compile a pattern from a table; a bad one is a CorpusError naming the file and line."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise CorpusError(f"{where(source, line, what)}: bad regex ({exc}); fix the pattern") from None


def name(source: str | Path | pd.DataFrame) -> str:
    """The file name of a table, or "DataFrame", for messages."""
    return "DataFrame" if isinstance(source, pd.DataFrame) else str(source)


def where(source: str | Path | pd.DataFrame, line: int, what: str) -> str:
    """ "<what> file F, line N" or "<what> table, row N" for error messages."""
    if isinstance(source, pd.DataFrame):
        return f"{what} table, row {line}"
    return f"{what} file {source}, line {line}"
