"""Write CSV files that a spreadsheet opens without running anything: the one CSV writer of the
project (``report.nb.save_table`` and ``charts.save`` both call ``write``).

Corpus text is untrusted, and a spreadsheet treats a cell that begins with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK("http://x","click")``), as can a cell that begins with a tab or a
carriage return. Following OWASP's advice on CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection), ``write`` prefixes every such text cell,
and every such column name, with a single quote ``'``: the spreadsheet then shows the text as text.

Numbers stay numbers. The rule looks at text only: cells of numeric, boolean and date columns are
never touched, so ``-2`` and ``3.5`` in a number column are written as they are. A text cell that
reads exactly as a decimal number (``-2``, ``+3.5``, ``-1.5e3``) is also left alone: a spreadsheet
reads it as that number, which runs nothing, and a quote would change the value a reader sees.
Anything longer (``-2+3``, ``+A1``, ``-cmd|...``) is quoted.

Only the CSV files change. The DataFrames themselves keep the raw text, and so does any machine
format written from them (Parquet, JSON).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def cell(value: object) -> object:
    """``value`` as it is safe to write in a CSV cell: text that a spreadsheet would run as a formula
    gets a leading ``'``; numbers, missing values and harmless text come back unchanged.

    >>> cell('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> cell("-2"), cell(-2), cell("India")
    ('-2', -2, 'India')
    """
    if isinstance(value, str) and value[:1] in TRIGGERS and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _needs_care(column: pd.Series) -> bool:
    """Whether a column may hold a risky cell: text columns whose cells could start with a trigger."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype):
        return bool(column.str.match(_TRIGGER.pattern, na=False).any())  # vectorised on text columns
    return pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)  # cell by cell


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells and column names went through ``cell``; numeric,
    boolean and date columns are kept as they are (and the input is never changed)."""
    out = table.copy(deep=False)  # copy-on-write: columns replaced below are new, the rest shared
    for i in range(out.shape[1]):
        if _needs_care(out.iloc[:, i]):
            out.isetitem(i, out.iloc[:, i].astype(object).map(cell))
    out.columns = [cell(c) for c in out.columns]
    return out


def write(
    table: pd.DataFrame,
    path: str | Path,
    *,
    float_format: str,
    date_format: str | None = None,
) -> Path:
    """Write ``table`` to ``path`` as CSV, neutralised (see the module docstring): UTF-8, ``\\n``
    line ends, no index, ``float_format`` for floats and ``date_format`` for dates. Deterministic:
    the same table gives the same bytes."""
    path = Path(path)
    _formatted(neutralise(table), float_format).to_csv(
        path,
        index=False,
        lineterminator="\n",
        float_format=float_format,
        date_format=date_format,
        encoding="utf-8",
    )
    return path


def _formatted(table: pd.DataFrame, float_format: str) -> pd.DataFrame:
    """``table`` (a fresh copy) with its float64 columns already written as text in
    ``float_format``, missing values empty: the bytes pandas would write, a third faster."""
    for i in range(table.shape[1]):
        column = table.iloc[:, i]
        if column.dtype == np.float64:
            values = column.to_numpy()
            text = np.array([float_format % v for v in values.tolist()], dtype=object)
            text[np.isnan(values)] = ""
            table.isetitem(i, text)
    return table
