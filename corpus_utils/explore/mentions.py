"""Who and what the documents name: actors, weapons systems, programmes and forums.

The entities and their wordings are data, not code: ``data/mentions.csv`` (category, canonical,
aliases separated by "|"), which a researcher edits without reading this module, or any table with
those columns (a path or a DataFrame).

Counting is dictionary look-up, not named-entity recognition: an alias counts where it occurs in
``text_norm`` as whole words (no letter or digit right before or after it, so "Singh-Shoigu talks"
names Shoigu but "MiG-29K" is not "MiG-29"), case-insensitively. Aliases go through the corpus's
own clean-up and spelling variants first (``normalise.text``, ``normalise.variants``), and spaces
and hyphens inside an alias match each other, as in ``data/variants.csv``. People who are in the
actors table (``data/actors.csv``) are counted by one rule for all (``actor_counts``): full name,
surname once the full name has appeared, and the role phrases of ``data/roles.csv`` for the
document's year and side ("Raksha Mantri" is Rajnath Singh from 2019). The aliases of one
entity form one pattern, longest first, whose matches do not overlap: "S-400 Triumf" is one mention
of S-400, not two. Different entities are counted independently ("the inter-governmental commission
on military and technical cooperation" names the commission and military-technical cooperation).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import datatable
from ..corpus import normalise
from ..corpus.selection import by_date, select
from ..engine import processes
from ..errors import CorpusError

CATEGORIES = ("actor", "weapon_system", "programme", "forum")
TABLE_COLUMNS = ["category", "canonical", "aliases"]
MENTION_COLUMNS = ["doc_id", "year", "side", "category", "entity", "count", "date", "outlet"]
BY_YEAR_COLUMNS = ["category", "entity", "year", "mentions", "documents"]
_NEEDED = ("date", "side", "text_norm")


def _problem(where: str, what: str) -> CorpusError:
    return CorpusError(f"mentions table {where}: {what}")


def _validate(rows: list[tuple[int, dict]], where: str) -> pd.DataFrame:
    out, seen = [], set()
    for line, row in rows:
        cat = (row.get("category") or "").strip()
        canonical = (row.get("canonical") or "").strip()
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        if cat not in CATEGORIES:
            raise _problem(where, f"row {line}: category {cat!r} is not one of {', '.join(CATEGORIES)}")
        if not canonical:
            raise _problem(where, f"row {line}: canonical name is empty")
        if not aliases:
            raise _problem(
                where,
                f"row {line}: no aliases for {canonical!r}; list its wordings separated by '|'",
            )
        if not all(re.search(r"\w", a) for a in aliases):
            raise _problem(where, f"row {line}: an alias of {canonical!r} has no letter or digit")
        if (cat, canonical.lower()) in seen:
            raise _problem(
                where,
                f"row {line}: {cat} {canonical!r} is listed twice; merge its aliases into one row",
            )
        seen.add((cat, canonical.lower()))
        out.append({"category": cat, "canonical": canonical, "aliases": "|".join(aliases)})
    if not out:
        raise _problem(where, "has no entities")
    return pd.DataFrame(out, columns=TABLE_COLUMNS)


def read_table(path: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check a mentions table (``data/mentions.csv`` by default, a path or a DataFrame)
    with ``datatable``. Lines starting with "#" are comments. A missing file, missing column,
    unknown category, empty name or alias, or a repeated entity raises ``CorpusError`` naming the
    file, the row and the problem."""
    source = datatable.locate(path, "mentions.csv")
    rows = datatable.rows(source, columns=TABLE_COLUMNS, what="mentions")
    return _validate(rows, f"'{datatable.name(source)}'")


def _parts(alias: str) -> list[str]:
    norm = normalise.variants(normalise.text(alias.strip()))
    return [p for p in re.split(r"[\s-]+", norm) if p]


@lru_cache(maxsize=512)
def pattern(aliases: str) -> re.Pattern[str]:
    """One pattern for "|"-separated aliases, lower-cased, longest first, to run on lower-cased
    text. It ends at a word boundary; ``count`` checks the start (a look-behind here would stop
    ``re`` from skipping ahead to the aliases' first letters, and run several times slower)."""
    forms = {r"[\s-]?".join(re.escape(p.lower()) for p in _parts(alias)) for alias in aliases.split("|")}
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    return re.compile("(?:" + "|".join(ordered) + r")(?!\w)")


def count(pat: re.Pattern[str], lower_text: str) -> int:
    """Non-overlapping matches of ``pattern(...)`` in lower-cased text that start a word."""
    n, pos = 0, 0
    while m := pat.search(lower_text, pos):
        start = m.start()
        if start and (lower_text[start - 1].isalnum() or lower_text[start - 1] == "_"):
            pos = start + 1  # inside a word: look again one character on
        else:
            n, pos = n + 1, max(m.end(), start + 1)
    return n


_APPOSITION = re.compile(r"[\s,]*(?:(?:[A-Za-z][\w.'-]*)[\s,]+)*?$")


def actor_counts(text_norm: str, year, side: str, resolver) -> dict[str, int]:
    """Mentions of the people of the actors table in one document, by one rule for everyone:
    a full name (the canonical name or any alias of two words or more: "Rajnath Singh", "Mr
    Shoigu"); a one-word alias or surname ("Singh", "Shoigu") once a full name of the same person
    has appeared earlier in the document; a role phrase of ``data/roles.csv`` that names the
    person holding the role in the document's year, on its side ("Raksha Mantri" -> Rajnath Singh in
    2020; "the Russian defence minister" -> Sergei Shoigu in 2018). A role phrase followed only by
    titles and commas before a name ("his Russian counterpart, General Sergei Shoigu") is one
    mention, the name's."""
    from ..claims.speakers import UNKNOWN, Context

    ctx = Context(None if pd.isna(year) else int(year), side)
    found = resolver.entities(text_norm, ctx)
    titles = resolver.words["title"]
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for k, (_start, end, sp, kind) in enumerate(found):
        if sp.name == UNKNOWN or sp.pronoun not in ("he", "she") or kind == "joint":
            continue
        if kind == "role":
            nxt = found[k + 1] if k + 1 < len(found) else None
            gap = text_norm[end : nxt[0]] if nxt else ""
            if (
                nxt
                and nxt[3] == "alias"
                and all(w.lower().rstrip(".") in titles for w in re.findall(r"[\w.'-]+", gap))
            ):
                continue  # an apposition: "the Russian defence minister, General Sergei Shoigu"
        elif " " not in re.sub(r"[\s-]+", " ", sp.raw.strip()):
            if sp.name not in seen:
                continue  # a surname alone, before the full name
        else:
            seen.add(sp.name)
        counts[sp.name] = counts.get(sp.name, 0) + 1
    return counts


def _mention_rows(docs: pd.DataFrame, *, compiled: list, resolver) -> list[dict]:
    """The rows of ``mentions`` for ``docs``, in their order (any chunk of them: ``engine.processes``)."""
    rows = []
    for doc in docs.itertuples(index=False):
        lower = doc.text_norm.lower()
        by_rule = actor_counts(doc.text_norm, doc.year, doc.side, resolver)
        for cat, entity, pat in compiled:
            n = by_rule.get(entity, 0) if pat is None else count(pat, lower)
            if n:
                rows.append(
                    {
                        "doc_id": doc.doc_id,
                        "year": doc.year,
                        "side": doc.side,
                        "category": cat,
                        "entity": entity,
                        "count": n,
                        "date": doc.date,
                        "outlet": doc.outlet,
                        "_c": CATEGORIES.index(cat),
                    }
                )
    return rows


def mentions(
    corpus: pd.DataFrame,
    *,
    table: str | Path | pd.DataFrame | None = None,
    actors: str | Path | pd.DataFrame | None = None,
    roles: str | Path | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mentions per included document and entity (only entities it names).

    Actors (category ``actor``) who are in the actors table (``actors``, default
    ``data/actors.csv``; role phrases from ``roles``, default ``data/roles.csv``) are counted
    alike by ``actor_counts``; other entities by their aliases in ``table``.
    Columns: doc_id, year, side, category, entity (the canonical name), count, date, outlet.
    Sorted by date (undated last), doc_id, category (actor, weapon_system, programme, forum), entity.
    """
    from ..claims.speakers import Resolver

    entities = read_table(table)
    resolver = Resolver(actors, roles)
    people = {n for n, info in resolver.info.items() if info["pronoun"] in ("he", "she")}
    compiled = [
        (
            r.category,
            r.canonical,
            None if r.category == "actor" and r.canonical in people else pattern(r.aliases),
        )
        for r in entities.itertuples()
    ]
    docs = by_date(select(corpus, columns=_NEEDED))
    rows = processes.rows(
        _mention_rows, docs, compiled=compiled, resolver=resolver, desc="mentions: documents"
    )
    out = pd.DataFrame(rows, columns=[*MENTION_COLUMNS, "_c"])
    out = out.sort_values(["date", "doc_id", "_c", "entity"], na_position="last", kind="mergesort")
    out = out.drop(columns="_c").reset_index(drop=True)
    return out.astype({"year": "Int64", "count": "int64", "date": "datetime64[ms]"})


def mentions_by_year(corpus: pd.DataFrame, *, table: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions per entity and year (dated documents only): category, entity, year, mentions
    (occurrences), documents (documents naming it). Only years in which the entity is named;
    pivot with ``fill_value=0`` for a full grid. Sorted by category, entity, year."""
    per_doc = mentions(corpus, table=table)
    per_doc = per_doc[per_doc["year"].notna()]
    if per_doc.empty:
        return pd.DataFrame(columns=BY_YEAR_COLUMNS).astype(
            {"year": "Int64", "mentions": "int64", "documents": "int64"}
        )
    out = (
        per_doc.groupby(["category", "entity", "year"], sort=False)
        .agg(mentions=("count", "sum"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    out["_c"] = out["category"].map(CATEGORIES.index)
    out = out.sort_values(["_c", "entity", "year"], kind="mergesort").drop(columns="_c")
    return (
        out[BY_YEAR_COLUMNS]
        .reset_index(drop=True)
        .astype({"year": "Int64", "mentions": "int64", "documents": "int64"})
    )
