"""Themes of claims from an editable codebook of patterns (dictionary-based content analysis).

A codebook (``data/codebook.csv`` by default) lists, for each theme, regular expressions whose
presence marks a claim as being about that theme. This is the classic dictionary method of
content analysis (Krippendorff, *Content Analysis*, 4th ed. 2018, ch. 11; Neuendorf, *The
Content Analysis Guidebook*, 2nd ed. 2017): transparent, reproducible, and as good as its word
lists, which is why they are data a researcher reads and edits. A claim can carry several themes.

Patterns match case-insensitively as whole words in the claim after the corpus's spelling
variants (``normalise.variants``), so "defense" and "defence" or "AK 203" and "AK-203" code alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import datatable
from ..corpus import normalise
from ..errors import CorpusError

COLUMNS = ["theme", "label", "pattern"]


def codebook(path: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """The codebook as a DataFrame ``theme, label, pattern`` (one row per pattern, file order).

    ``path``: a CSV file (``#`` lines are comments) or a DataFrame with those columns; None reads
    ``data/codebook.csv``. A malformed file raises CorpusError naming the file and line."""
    src = datatable.locate(path, "codebook.csv")
    out = []
    for line, row in datatable.rows(src, columns=COLUMNS, what="codebook"):
        where = datatable.where(src, line, "codebook")
        if not re.fullmatch(r"[A-Za-z]\w*", row["theme"]):
            raise CorpusError(f"{where}: theme {row['theme']!r} must be an identifier (letters, digits, _)")
        if not row["pattern"]:
            raise CorpusError(f"{where}: pattern is empty")
        try:
            re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise CorpusError(f"{where}: pattern {row['pattern']!r} is not a valid regex ({exc})") from None
        if re.fullmatch(row["pattern"], "", re.IGNORECASE):
            raise CorpusError(f"{where}: pattern {row['pattern']!r} matches the empty string")
        out.append({**row, "label": row["label"] or row["theme"].replace("_", " ")})
    if not out:
        raise CorpusError(f"codebook {datatable.name(src)} has no rows")
    df = pd.DataFrame(out, columns=COLUMNS)
    labels = df.groupby("theme", sort=False)["label"].nunique()
    if (labels > 1).any():
        raise CorpusError(
            f"codebook {datatable.name(src)}: theme {labels[labels > 1].index[0]!r} has different labels on different rows"
        )
    return df


@lru_cache(maxsize=16)
def _compiled(rows: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    themes: dict[str, list[str]] = {}
    for theme, pattern in rows:
        themes.setdefault(theme, []).append(f"(?:{pattern})")
    return tuple(
        (t, re.compile(r"(?<![^\W_])(?:" + "|".join(ps) + r")(?![^\W_])", re.IGNORECASE))
        for t, ps in themes.items()
    )


def _rules(book: pd.DataFrame) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if not isinstance(book, pd.DataFrame) or any(c not in book.columns for c in ("theme", "pattern")):
        raise CorpusError(
            "codebook must be the DataFrame of themes.codebook() (columns theme, label, pattern)"
        )
    return _compiled(tuple(zip(book["theme"].astype(str), book["pattern"].astype(str), strict=True)))


def coder(codebook: pd.DataFrame) -> Callable[[str], list[str]]:
    """``code`` with the codebook compiled once: ``coder(book)(text)``, for many texts."""
    rules = _rules(codebook)

    @lru_cache(maxsize=100_000)  # syndicated copy repeats its sentences word for word
    def _cached(text: str) -> tuple[str, ...]:
        norm = normalise.variants(text)
        return tuple(theme for theme, rx in rules if rx.search(norm))

    def _code(text: str) -> list[str]:
        if not isinstance(text, str):
            raise TypeError(f"code() needs a string, got {type(text).__name__}")
        return list(_cached(text))

    return _code


def code(text: str, codebook: pd.DataFrame) -> list[str]:
    """The themes of ``text``, in codebook order (several possible, none -> [])."""
    return coder(codebook)(text)


def labels(codebook: pd.DataFrame) -> dict[str, str]:
    """{theme: label} in codebook order."""
    return dict(zip(codebook["theme"], codebook["label"], strict=True))
