"""Which documents the analyses use: one selection, one set of error messages.

``select(corpus, year_min=..., year_max=..., outlets=..., dated=...)`` keeps the included documents
of a ``load_corpus`` table (not excluded as a duplicate, another language, ...), dated within
``year_min``..``year_max``, from the chosen ``outlets``. ``None`` for a year means no bound there:
the corpus's own first or last year (``years`` says which years are then in force). Undated
documents stay unless ``dated=True``: they have no place in a per-year table, but they still count
in totals, phrase families and recycled passages. Rows keep the corpus order; the index is reset.

Every analysis function starts with ``select(corpus)``, so a corpus that lacks a column, or an
outlet that is not in it, gets the same one-line ``CorpusError`` wherever it is first used.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import CorpusError

NEEDED = ("doc_id", "year", "included")


def require(corpus: pd.DataFrame, columns: Iterable[str] = ()) -> pd.DataFrame:
    """``corpus`` itself when it is a DataFrame holding ``NEEDED`` and ``columns``; else CorpusError."""
    if not isinstance(corpus, pd.DataFrame):
        raise CorpusError(f"corpus must be the DataFrame of load_corpus(), got {type(corpus).__name__}")
    missing = [c for c in dict.fromkeys([*NEEDED, *columns]) if c not in corpus.columns]
    if missing:
        raise CorpusError(f"corpus lacks column(s) {', '.join(missing)}: pass the table from load_corpus()")
    return corpus


def _year(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CorpusError(f"{name} must be a year (an integer) or None, got {value!r}")
    return int(value)


def select(
    corpus: pd.DataFrame,
    *,
    year_min: int | None = None,
    year_max: int | None = None,
    outlets: Iterable[str] = (),
    dated: bool = False,
    columns: Iterable[str] = (),
) -> pd.DataFrame:
    """The included documents of ``corpus`` within the years and outlets, a copy in corpus order.

    ``year_min``/``year_max``: None is no bound (the corpus's own range). ``outlets``: empty keeps
    every outlet; an outlet the corpus lacks is a CorpusError listing the known ones. ``dated``:
    drop undated documents too. ``columns``: further columns the caller needs (checked here)."""
    if isinstance(outlets, str):
        outlets = [outlets]
    wanted = list(dict.fromkeys(outlets))
    require(corpus, [*columns, *(["outlet"] if wanted else [])])
    lo, hi = _year("year_min", year_min), _year("year_max", year_max)
    if lo is not None and hi is not None and lo > hi:
        raise CorpusError(f"year_min ({lo}) is after year_max ({hi}); swap them")
    keep = corpus["included"].fillna(False).astype(bool).to_numpy(copy=True)
    year = pd.array(corpus["year"], dtype="Int64")
    undated = np.asarray(year.isna(), dtype=bool)
    inside = ~undated
    if lo is not None:
        inside &= (year >= lo).fillna(False).to_numpy(dtype=bool)
    if hi is not None:
        inside &= (year <= hi).fillna(False).to_numpy(dtype=bool)
    keep &= inside if dated else inside | undated
    if wanted:
        known = sorted({str(o) for o in corpus["outlet"].dropna()})
        unknown = [o for o in wanted if o not in known]
        if unknown:
            raise CorpusError(
                f"outlets: {', '.join(map(repr, unknown))} not in the corpus; "
                f"known outlets: {', '.join(known) or '(none)'}"
            )
        keep &= corpus["outlet"].isin(wanted).to_numpy(dtype=bool)
    return corpus.loc[keep].reset_index(drop=True)


def years(
    corpus: pd.DataFrame, *, year_min: int | None = None, year_max: int | None = None
) -> tuple[int | None, int | None]:
    """The years in force: the given bounds, a None bound replaced by the first or last year of the
    included dated documents of ``corpus`` (None when it has none)."""
    dated = select(corpus, dated=True)["year"].dropna()
    lo = year_min if year_min is not None else (int(dated.min()) if len(dated) else None)
    hi = year_max if year_max is not None else (int(dated.max()) if len(dated) else None)
    return lo, hi


def by_date(docs: pd.DataFrame) -> pd.DataFrame:
    """``docs`` sorted by date (undated last), then doc_id: the reading order of concordances,
    dispersion and per-document tables. A copy; the index is reset."""
    return docs.sort_values(["date", "doc_id"], na_position="last", kind="mergesort").reset_index(drop=True)
