"""Periods of several years, for comparisons that a year of few documents cannot carry.

``binned(table, period=5)`` returns a copy of a corpus or ``phrases.counts`` table whose ``year`` is
the first year of the document's period; every analysis keyed by year (``keyness.year_vs_rest``)
then compares periods instead of years. Periods are calendar-aligned, multiples of ``period``
(1990–1994, 1995–1999 for 5; decades for 10), so a year falls in the same period whatever the
corpus's first year, and two corpora binned alike can be read side by side. The first and last
periods may hold fewer years of documents than their label spans; the label names the calendar
period, not the documents' range. ``period=1`` leaves the table as it is (one year per period).
"""

from __future__ import annotations

import pandas as pd

from ..errors import CorpusError


def check(period: object) -> int:
    """``period`` as a whole number of years >= 1, or a one-line error naming the parameter."""
    if isinstance(period, bool) or not isinstance(period, int) or period < 1:
        raise CorpusError(
            f"parameter 'period' must be a whole number of years >= 1 (1: each year), got {period!r}"
        )
    return period


def start(year: int, period: int) -> int:
    """The first year of the calendar period holding ``year`` (``start(2021, 5)`` -> 2020)."""
    return int(year) - int(year) % check(period)


def label(first: int, period: int) -> str:
    """How a period is named: "2021" for one year, "2020–2024" for five."""
    first = int(first)
    return str(first) if check(period) == 1 else f"{first}\u2013{first + period - 1}"


def binned(table: pd.DataFrame, period: int) -> pd.DataFrame:
    """A copy of ``table`` (any table with a ``year`` column) with each year replaced by the first
    year of its ``period``-year period; undated rows stay undated. The input is not changed; with
    ``period`` 1 and years already typed Int64 it is returned as it is."""
    check(period)
    if "year" not in table.columns:
        raise CorpusError(
            f"binned: the table has no 'year' column; columns: {', '.join(map(str, table.columns))}"
        )
    if period == 1 and str(table["year"].dtype) == "Int64":
        return table  # nothing to bin: the same table (so its n-gram encoding is reused, not redone)
    years = pd.to_numeric(table["year"], errors="coerce").astype("Int64")
    return table.assign(year=years - years % period if period > 1 else years)
