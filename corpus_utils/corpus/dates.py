"""Publication dates: the `` date YYYY-MM-DD`` header line, else the first reliable stamp in the text.

Stamp patterns live in ``data/date_patterns.csv``. A numeric stamp such as "12/06/2021" can be
read day-first or month-first; it is used only when other dates in the same document (named-month
stamps or dates in the text) agree with exactly one reading, otherwise it is skipped: never guessed.
A date outside the plausible window (``window``: first and last year, by default ``WINDOW``, 1600 to
this year) or after today is rejected with a warning. The result names where the date came from
(``header``, the pattern's name, or ``none``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import datatable
from ..errors import CorpusError

EARLIEST = dt.date(1600, 1, 1)  # the earliest date accepted from a column, file name or metadata table
WINDOW = (EARLIEST.year, None)  # years of the dates read in the text; None: this year
HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b(.*)$", re.IGNORECASE)
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


@dataclass
class DateResult:
    date: dt.date | None
    source: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Pattern:
    name: str
    kind: str
    order: str
    regex: re.Pattern[str]


@lru_cache(maxsize=4)
def patterns(path: str | None = None) -> tuple[_Pattern, ...]:
    source = datatable.locate(path, "date_patterns.csv")
    rows = datatable.rows(source, columns=["name", "kind", "order", "pattern"], what="date patterns")
    return tuple(
        _Pattern(
            r["name"],
            r["kind"],
            r["order"],
            datatable.regex(r["pattern"], source, line, "date patterns"),
        )
        for line, r in rows
    )


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _readings(p: _Pattern, m: re.Match[str]) -> list[dt.date]:
    """Every calendar date the match can mean (one, or two for an ambiguous numeric stamp)."""
    g = m.groupdict()
    year = int(g["year"])
    if p.order == "ambiguous":
        a, b = int(g["a"]), int(g["b"])
        options = {_make(year, b, a), _make(year, a, b)}  # dmy, mdy
        return sorted(d for d in options if d)
    month = MONTHS.get(g["month"].lower().rstrip(".")) if not g["month"].isdigit() else int(g["month"])
    d = _make(year, month, int(g["day"])) if month else None
    return [d] if d else []


def window(years: tuple[int, int | None] | None = None, *, today: dt.date) -> tuple[int, int]:
    """The plausible window of years, checked: ``(first, last)``, ``last`` None for this year."""
    first, last = years or WINDOW
    last = today.year if last is None else last
    if not (isinstance(first, int) and isinstance(last, int) and first <= last):
        raise CorpusError(f"date_window must be two years (first, last) with first <= last, got {years!r}")
    return first, last


def _valid(d: dt.date, today: dt.date, years: tuple[int, int]) -> bool:
    return years[0] <= d.year <= years[1] and d <= today


def header(first_line: str) -> tuple[dt.date | None, str] | None:
    """Parse a `` date YYYY-MM-DD <junk>`` first line: (date or None if impossible, junk)."""
    m = HEADER.match(first_line)
    if not m:
        return None
    return _make(int(m[1]), int(m[2]), int(m[3])), m[4].strip()


def from_text(
    text: str,
    *,
    today: dt.date | None = None,
    table: str | None = None,
    years: tuple[int, int | None] | None = None,
) -> DateResult:
    """The first reliable publication stamp in ``text`` within the window ``years``."""
    today = today or dt.date.today()
    years = window(years, today=today)
    found: list[tuple[int, _Pattern, list[dt.date]]] = []
    for p in patterns(table):
        for m in p.regex.finditer(text):
            readings = _readings(p, m)
            if readings:
                found.append((m.start(), p, readings))
    found.sort(key=lambda f: (f[0], f[1].name))
    evidence = {f[2][0] for f in found if len(f[2]) == 1}
    warnings: list[str] = []
    for _, p, readings in found:
        if p.kind != "stamp":
            continue
        if len(readings) > 1:
            agreeing = [d for d in readings if d in evidence]
            if len(agreeing) != 1:
                warnings.append(
                    f"ambiguous {p.name} ({' or '.join(map(str, readings))}) skipped: nothing in the text decides day/month order"
                )
                continue
            readings = agreeing
        d = readings[0]
        if not _valid(d, today, years):
            warnings.append(
                f"{p.name} date {d} rejected: outside the years {years[0]}-{years[1]} or in the future"
            )
            continue
        return DateResult(d, p.name, warnings)
    return DateResult(None, "none", warnings + ["no reliable date found in the text"])


def resolve(
    raw: str,
    *,
    today: dt.date | None = None,
    table: str | None = None,
    years: tuple[int, int | None] | None = None,
) -> DateResult:
    """Date of a raw document: the header line when present and valid, else ``from_text``."""
    today = today or dt.date.today()
    years = window(years, today=today)
    first_line = raw.split("\n", 1)[0]
    parsed = header(first_line)
    warnings: list[str] = []
    if parsed:
        d, _ = parsed
        if d and _valid(d, today, years):
            return DateResult(d, "header")
        warnings.append(
            f"header date on the first line is impossible or out of range: {first_line.strip()[:40]!r}"
        )
    result = from_text(raw, today=today, table=table, years=years)
    result.warnings[:0] = warnings
    return result
