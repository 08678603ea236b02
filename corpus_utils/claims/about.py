"""What a claim is about: the countries it concerns, and whether a third country is a party.

The bilateral question (India and Russia, the ``pair`` rows of ``data/countries.csv``) needs the
claims between the pair apart from claims the same documents make about other relations
("Singh also held talks with his Uzbek counterpart"). ``about`` lists the countries a claim names
or whose actors it names (``mentions``: Rajnath Singh -> India), and the pair when it refers to it
("our countries", "both sides", "bilateral") or names no country at all (the corpus's frame), and the
speaker's own country (a claim by Shoigu involves Russia); ``scope`` is ``third_country``
when another country is a *party* to the claim, and ``bilateral`` otherwise. A country is a party
when its people or institutions are named (an adjective: "Belarusian Defence Minister", "his Uzbek
counterpart"; a possessive: "Kyrgyzstan's Lieutenant General"; "with Belarus"); a place named as
a topic ("the situation in Afghanistan") is listed in ``about`` and leaves the claim bilateral.

Two rules carry a claim's scope into the next one, as a reader does:

- "the three countries" (any number above two, or "these countries") refers to the third countries
  of the claims just before it;
- a claim that names no country and no actor, attributed by a pronoun to the speaker of the claim
  right before it ("Issues of mutual interest were also discussed," it added), continues that claim.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from .. import datatable
from ..errors import CorpusError

SCOPES = ("bilateral", "third_country", "all")
_NUMBERS = r"three|four|five|six|seven|eight|nine|ten|\d+"
_REFERS = re.compile(rf"\b(?:the (?:{_NUMBERS})|these|those) (?:countries|nations|states)\b", re.IGNORECASE)
_PAIR = re.compile(
    r"\b(?:our|both|the two) (?:countries|nations|sides|armies|ministers|leaders)\b|\bbilateral\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^\W*(?:he|she|it|they)\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _table(source: str | None = None) -> tuple[tuple[str, bool, re.Pattern, re.Pattern], ...]:
    src = datatable.locate(source, "countries.csv")
    out = []
    for line, row in datatable.rows(
        src, columns=["country", "pair", "names", "adjectives"], what="countries"
    ):
        where = datatable.where(src, line, "countries")
        if not row["country"] or not row["names"]:
            raise CorpusError(f"{where}: country and names must not be empty")
        if row["pair"] not in ("", "yes"):
            raise CorpusError(f"{where}: pair must be yes or empty, got {row['pair']!r}")

        def alt(words: str) -> str:
            return "|".join(re.escape(w.strip()) for w in words.split("|") if w.strip())

        names = re.compile(rf"(?<![\w-])(?:{alt(row['names'])})(?!\w)")
        adjectives = (
            re.compile(rf"(?<!\w)(?:{alt(row['adjectives'])})(?!\w)")
            if row["adjectives"]
            else re.compile(r"(?!x)x")
        )
        out.append((row["country"], row["pair"] == "yes", names, adjectives))
    if not [c for c in out if c[1]]:
        raise CorpusError(
            f"countries table {datatable.name(src)}: mark the two countries of the pair (pair = yes)"
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _any() -> re.Pattern:
    """One pattern for every country word: group ``a<k>`` an adjective, ``n<k>`` a name of row k."""
    parts = []
    for k, (_, _, names, adjectives) in enumerate(_table()):
        parts += [f"(?P<a{k}>{adjectives.pattern})", f"(?P<n{k}>{names.pattern})"]
    # every alternative starts a word: checking that once first lets the engine skip the letters
    # inside words without trying a hundred alternatives at each (4 times faster)
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})")


def countries(text: str, *, parties_only: bool = False) -> list[str]:
    """The countries ``text`` names (``parties_only``: only as a party), in table order."""
    return list(_countries(text)[parties_only])


@lru_cache(maxsize=100_000)  # syndicated copy repeats its sentences word for word
def _countries(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The countries ``text`` names, and those it names as a party: one pass of the pattern."""
    table = _table()
    named: set[int] = set()
    parties: set[int] = set()
    for m in _any().finditer(text):
        kind, k = m.lastgroup[0], int(m.lastgroup[1:])
        named.add(k)
        after, before = text[m.end() : m.end() + 2], text[max(0, m.start() - 5) : m.start()].lower()
        if kind == "a" or after == "'s" or before == "with ":
            parties.add(k)
    return tuple(table[k][0] for k in sorted(named)), tuple(table[k][0] for k in sorted(parties))


def pair() -> list[str]:
    """The two countries of the bilateral relation (``pair = yes`` rows)."""
    return [c for c, is_pair, *_ in _table() if is_pair]


class _Claim(NamedTuple):
    """The columns of a claim that ``annotate`` reads."""

    doc_id: str
    claim: str
    paraphrase: str
    mentions: str
    speaker_raw: str
    speaker: str


def annotate(claims: pd.DataFrame, actor_sides: dict[str, str]) -> pd.DataFrame:
    """A copy of ``claims`` with ``about`` ("; "-joined countries) and ``scope`` (bilateral or
    third_country). ``actor_sides``: {canonical actor: side} (india/russia map to the pair)."""
    home = {"india": "India", "russia": "Russia"}
    out = claims.copy()
    abouts, scopes = [], []
    last: dict[str, tuple[list[str], str, str, list[str]]] = {}  # doc -> (about, scope, speaker, thirds)
    runs: dict[str, list[str]] = {}  # doc -> third countries of the run of claims just before

    # plain lists of the columns read: iterating rows of Arrow-backed columns costs more than this loop
    def column(name: str) -> list:
        return out[name].tolist() if name in out.columns else [""] * len(out)

    for rec in map(_Claim._make, zip(*(column(c) for c in _Claim._fields), strict=True)):
        text = f"{rec.claim} {rec.paraphrase or ''}"
        named = countries(text)
        named += [
            home[actor_sides[a]] for a in str(rec.mentions or "").split("; ") if actor_sides.get(a) in home
        ]
        thirds = [c for c in countries(text, parties_only=True) if c not in pair()]
        prev = last.get(rec.doc_id)
        run = runs.get(rec.doc_id, [])
        if _REFERS.search(text) and run:
            thirds = sorted(set(thirds) | set(run))
            named += run
        elif prev and not named and _PRONOUN.match(str(rec.speaker_raw or "")) and prev[2] == rec.speaker:
            named, thirds = list(prev[0]), list(prev[3])
        if not thirds and (_PAIR.search(text) or not named):  # "our countries"; no country named: the pair
            named += pair()
        named += [home[actor_sides[p]] for p in str(rec.speaker).split(" & ") if actor_sides.get(p) in home]
        about = sorted(set(named))
        scope = "third_country" if thirds else "bilateral"
        last[rec.doc_id] = (about, scope, rec.speaker, thirds)
        runs[rec.doc_id] = sorted(set(run) | set(thirds)) if thirds else []  # third countries just before
        abouts.append("; ".join(about))
        scopes.append(scope)
    out["about"] = abouts
    out["scope"] = scopes
    return out


def scoped(claims: pd.DataFrame, *, scope: str = "bilateral") -> pd.DataFrame:
    """The claims of ``scope``: ``bilateral`` (no third country a party), ``third_country``, or
    ``all``. The claims table keeps every claim; tables and charts of the bilateral relation
    use ``scoped(claims)``."""
    if scope not in SCOPES:
        raise CorpusError(f"claims_scope {scope!r} must be one of {', '.join(SCOPES)}")
    if "scope" not in claims.columns:
        raise CorpusError("claims lacks the scope column; pass the DataFrame returned by claims.extract")
    if scope == "all":
        return claims.copy()
    return claims[claims["scope"] == scope].reset_index(drop=True)
