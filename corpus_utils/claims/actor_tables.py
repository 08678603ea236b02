"""The editable tables behind speaker resolution: actors, role phrases, words around names.

``actors()`` reads ``data/actors.csv`` (who speaks: canonical name, aliases, side, role, years,
pronoun), ``roles()`` reads ``data/roles.csv`` (role phrases resolved by year and side) and
``words()`` reads ``data/speaker_words.csv`` (titles, nationality words, generic speakers,
adverbs). Each check names the file and line of a bad row (``CorpusError``); a path or a
DataFrame with the same columns can replace the packaged table.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .. import datatable
from ..errors import CorpusError

SIDES = ("india", "russia", "other")
ACTOR_COLUMNS = ["canonical", "aliases", "side", "role", "years", "pronoun"]
ROLE_COLUMNS = ["pattern", "role", "side", "by", "context"]


def years_span(years: str, where: str) -> tuple[int, int] | None:
    """(first, last) year of "2012-2024", "2019-" (to date) or "2014"; None for "" (always)."""
    m = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4})?)?|", years)
    if not m:
        raise CorpusError(f"{where}: years {years!r} must look like 2012-2024, 2019- or 2014 (or be empty)")
    if not years:
        return None
    start = int(m.group(1))
    end = int(m.group(2)) if m.group(2) else (9999 if "-" in years else start)
    return start, end


def actors(source=None) -> pd.DataFrame:
    """The actors table (``data/actors.csv`` by default, or a path or DataFrame), checked."""
    src = datatable.locate(source, "actors.csv")
    out = []
    for line, row in datatable.rows(src, columns=ACTOR_COLUMNS, what="actors"):
        where = datatable.where(src, line, "actors")
        if not row["canonical"]:
            raise CorpusError(f"{where}: canonical name is empty")
        if row["side"] not in SIDES:
            raise CorpusError(f"{where}: side {row['side']!r} must be one of {', '.join(SIDES)}")
        if row["pronoun"] not in ("he", "she", "it"):
            raise CorpusError(f"{where}: pronoun {row['pronoun']!r} must be he, she or it")
        years_span(row["years"], where)
        first = next((r for r in out if r["canonical"] == row["canonical"]), row)
        if (first["side"], first["pronoun"]) != (row["side"], row["pronoun"]):
            raise CorpusError(f"{where}: {row['canonical']!r} has another side or pronoun on an earlier row")
        out.append(row)
    if not out:
        raise CorpusError(f"actors table {datatable.name(src)} has no rows")
    return pd.DataFrame(out, columns=ACTOR_COLUMNS)


def roles(source=None) -> pd.DataFrame:
    """The role phrases table (``data/roles.csv`` by default), checked: patterns compile."""
    src = datatable.locate(source, "roles.csv")
    out = []
    for line, row in datatable.rows(src, columns=ROLE_COLUMNS, what="roles"):
        where = datatable.where(src, line, "roles")
        try:
            re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise CorpusError(f"{where}: pattern {row['pattern']!r} is not a valid regex ({exc})") from None
        if not row["pattern"] or row["by"] not in ("year", "doc", "counterpart", "joint"):
            raise CorpusError(
                f"{where}: needs a pattern and by = year, doc, counterpart or joint, got {row['by']!r}"
            )
        if row["side"] not in ("", "india", "russia"):
            raise CorpusError(f"{where}: side {row['side']!r} must be india, russia or empty")
        out.append(row)
    return pd.DataFrame(out, columns=ROLE_COLUMNS)


@lru_cache(maxsize=1)
def words() -> dict[str, dict[str, str]]:
    """``data/speaker_words.csv`` as {kind: {word: side}}."""
    out: dict[str, dict[str, str]] = {
        "title": {},
        "nationality": {},
        "generic": {},
        "document": {},
        "organisation": {},
        "adverb": {},
    }
    src = datatable.locate(None, "speaker_words.csv")
    for line, row in datatable.rows(src, columns=["word", "kind", "side"], what="speaker words"):
        if row["kind"] not in out:
            raise CorpusError(f"{datatable.where(src, line, 'speaker words')}: kind {row['kind']!r} unknown")
        out[row["kind"]][row["word"].lower()] = row["side"]
    return out
