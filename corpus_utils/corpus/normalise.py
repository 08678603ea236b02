"""Text clean-up as a chain of small ``str -> str`` steps.

``PIPELINE`` lists the steps in order; ``text(s)`` runs them all. Drop or add a step by
passing your own list: ``normalise.text(s, steps=[normalise.unicode, normalise.quotes])``.
``variants(s)`` maps spelling and naming variants to one canonical form for analysis,
from the editable table ``data/variants.csv``; it is applied to the analysis copy only,
so the original wording stays available for quoting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

from ..paths import data_file
from . import literals

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_DASHES = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
}


_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)


def unicode(s: str) -> str:
    """Unicode NFKC (compatibility forms, non-breaking spaces, ligatures) and no control characters."""
    if s.isascii() and not s.encode("ascii").translate(None, _ASCII_KEPT):
        return s  # ASCII is NFKC already, and it holds no control character: no regex pass
    return _CONTROL.sub("", unicodedata.normalize("NFKC", s))


# the ASCII characters ``_CONTROL`` keeps: tab, line feed, carriage return and the printable ones
_ASCII_KEPT = b"\t\n\r" + bytes(range(32, 127))


_QUOTE_OR_DASH = re.compile("[" + "".join(_QUOTES) + "".join(_DASHES) + "]")
_STRAIGHT = {**_QUOTES, **_DASHES}


def quotes(s: str) -> str:
    """Curly quotes, primes and guillemets to straight quotes; dashes to '-'. (``str.translate``
    looks every character up in a table, slow on non-ASCII text: only the marks found are swapped.)"""
    if s.isascii() or not _QUOTE_OR_DASH.search(s):
        return s
    return _QUOTE_OR_DASH.sub(lambda m: _STRAIGHT[m[0]], s)


def markdown_links(s: str) -> str:
    """``[24 June 2020](#)`` -> ``24 June 2020``: link syntax left by scrapers."""
    return re.sub(r"\[([^\]\n]{1,200})\]\([^)\s]*\)", r"\1", s)


def currency(s: str) -> str:
    """``₹ 5,000`` -> ``₹5,000`` so that an amount stays one token."""
    if "₹" not in s and "$" not in s and "€" not in s and "£" not in s:  # most texts: no regex pass
        return s
    return re.sub(r"([₹$€£])\s+(?=\d)", r"\1", s)


def whitespace(s: str) -> str:
    """Line endings to ``\\n``; runs of spaces and tabs to one space; at most one blank line."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "  " in s or "\t" in s or "\f" in s or "\v" in s:  # else every run of spaces is one space
        s = _SPACES.sub(" ", s)
    odd = any(c in s for c in _ODD_ASCII) if s.isascii() else _ODD_SPACE.search(s)
    if odd:  # whitespace str.strip removes but the patterns here do not
        s = "\n".join(line.strip() for line in s.split("\n"))
    elif " \n" in s or "\n " in s:  # one pass over the whole text instead of a Python loop per line
        s = _LINE_EDGE.sub("\n", s)
    return (_BLANKS.sub("\n\n", s) if "\n\n\n" in s else s).strip()


_SPACES = re.compile(r"[ \t\f\v]+")
_LINE_EDGE = re.compile(r" ?\n ?")
# the whitespace (``str.isspace``, which is what ``\s`` matches) other than " \t\f\v\n", listed:
# a class of a few characters is scanned three times faster than the negated ``[^\S \t\f\v\n]``
_ODD_SPACE = re.compile(
    "[" + "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \t\f\v\n") + "]"
)
_ODD_ASCII = "\x1c\x1d\x1e\x1f\r"  # the ASCII ones (no regex pass over an ASCII text)
_BLANKS = re.compile(r"\n{3,}")


PIPELINE: list[Callable[[str], str]] = [unicode, quotes, markdown_links, currency, whitespace]


def text(s: str, *, steps: Iterable[Callable[[str], str]] | None = None) -> str:
    """Run the clean-up steps (``PIPELINE`` by default) in order."""
    for step in PIPELINE if steps is None else steps:
        s = step(s)
    return s


_ASCII_PUNCT_CHARS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_OTHER_PUNCT = "\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb"
_PUNCT = str.maketrans({ch: " " for ch in _ASCII_PUNCT_CHARS + _OTHER_PUNCT})
# bytes.split() splits at ASCII whitespace only; str.split() also at \x1c-\x1f and at the
# non-ASCII spaces: those become plain spaces first, so both split alike
_ASCII_GAPS = _ASCII_PUNCT_CHARS + "\x1c\x1d\x1e\x1f"
_ASCII_FOLD = bytes.maketrans(_ASCII_GAPS.encode(), b" " * len(_ASCII_GAPS))
_OTHER_GAPS = re.compile(
    "[" + _OTHER_PUNCT + "".join(c for c in map(chr, range(128, 0x3001)) if c.isspace()) + "]"
)


def fold(s: str) -> str:
    """Case-folded words separated by single spaces, punctuation dropped: a key for comparing
    passages. Fast: the words are cut from the UTF-8 bytes (``bytes.translate`` and
    ``bytes.split``, two to three times faster than their ``str`` twins; a multi-byte
    character holds no ASCII byte), after the few non-ASCII punctuation marks and spaces
    became plain spaces. Same words as ``" ".join(s.lower().translate(_PUNCT).split())``."""
    s = s.lower()
    if s.isascii():
        data = s.encode("ascii")
    else:
        data = _OTHER_GAPS.sub(" ", s).encode("utf-8", "surrogatepass")
    return b" ".join(data.translate(_ASCII_FOLD).split()).decode("utf-8", "surrogatepass")


def ascii_words(s: str) -> list[bytes]:
    """The words of ``fold(s)`` as ASCII bytes, for an ASCII ``s`` (no join and split again)."""
    return s.lower().encode("ascii").translate(_ASCII_FOLD).split()


_SENT_END = re.compile(r"""[.!?:;]["')\]]*$""")


def join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join a paragraph to the previous one when the break falls mid-sentence: the previous
    one ends without sentence punctuation and the next begins in lower case."""
    out: list[str] = []
    for para in paragraphs:
        if out and para[:1].islower() and not _SENT_END.search(out[-1]):
            out[-1] = f"{out[-1]} {para}"
        else:
            out.append(para)
    return out


def _variant_key(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.lower())


@lru_cache(maxsize=8)
def _variant_rules(path: str) -> tuple[tuple[str, ...], dict[str, str], dict[str, str], tuple[str, ...]]:
    """Every variant's key (longest first), two lookups from a matched text's key to its canonical
    form (case-insensitive rules, and exact-case rules), and the first letters of every variant."""
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    from .. import datatable  # datatable imports paths and pandas; normalise stays light otherwise

    for _, row in datatable.rows(
        datatable.locate(path, "variants.csv"),
        columns=["variant", "canonical", "ignore_case"],
        what="variants",
        optional=("ignore_case",),
    ):
        variant, canonical = row["variant"], row["canonical"]
        if variant:
            if row["ignore_case"] == "no":
                exact[re.sub(r"[\s-]+", " ", variant)] = canonical
            else:
                folded[_variant_key(variant)] = canonical
    alts = tuple(sorted({*folded, *(k.lower() for k in exact)}, key=lambda v: (-len(v), v)))
    # the first few letters of every variant: a text holding none of them needs no regex pass
    hints = tuple(sorted({v.split(" ")[0][:4] for v in alts}))
    return alts, folded, exact, hints


@lru_cache(maxsize=8)
def _alternation(alts: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the variants ``alts``, tried in order at each place: whole words, any case,
    a space or hyphen (or nothing) between their words."""
    body = "|".join(r"[\s-]?".join(re.escape(p) for p in v.split(" ")) for v in alts)
    return re.compile(r"(?<![\w-])(?:" + (body or "(?!)") + r")(?![\w-])", re.IGNORECASE)


def _lowered_in_place(s: str, lower: str) -> bool:
    """Whether ``lower`` (``s.lower()``) has each character where ``s`` has it, and a pattern of
    ASCII letters matches ``s`` ignoring case only where ``lower`` holds the letters: true of ASCII
    text; outside it, the regex engine also pairs i with dotless ı and s with long ſ, and a
    character may lower-case to two (İ)."""
    return s.isascii() or (len(lower) == len(s) and "\u0131" not in s and "\u017f" not in s)


@lru_cache(maxsize=8)
def _anchors(alts: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str, int, int], ...]:
    """Per variant: its words, its longest word (the anchor), and where a match can begin before
    an anchor found at ``q``: from ``q - before - gaps`` to ``q - before`` (``before``: the letters
    of the words ahead of the anchor, ``gaps``: the optional space or hyphen after each)."""
    out = []
    for v in alts:
        ws = tuple(v.split(" "))
        a = max(range(len(ws)), key=lambda j: (len(ws[j]), -j))
        out.append((ws, ws[a], sum(map(len, ws[:a])), a))
    return tuple(out)


class _Plan(NamedTuple):
    """A variants table made ready for ``variants``: the lookups, a search for any variant's
    first letters, the whole pattern, whether the anchored path applies to every variant (ASCII,
    beginning with a letter or digit), the distinct anchors of all variants, and per variant its
    words as a set with its anchor (``_anchors``)."""

    folded: dict[str, str]
    exact: dict[str, str]
    hints: re.Pattern[str]
    pattern: re.Pattern[str]
    anchored: bool
    anchors: tuple[str, ...]
    variants: tuple[tuple[frozenset[str], str, int, int], ...]


@lru_cache(maxsize=8)
def _plan(path: str) -> _Plan:
    alts, folded, exact, hints = _variant_rules(path)
    return _Plan(
        folded,
        exact,
        re.compile("|".join(map(re.escape, hints)) or "(?!)"),
        _alternation(alts),
        all(v.isascii() and v[:1].isalnum() for v in alts),
        tuple(sorted({anchor for _, anchor, _, _ in _anchors(alts)})),
        tuple((frozenset(ws), anchor, before, gaps) for ws, anchor, before, gaps in _anchors(alts)),
    )


def variants(s: str, *, table: str | None = None) -> str:
    """Map spelling and naming variants to their canonical form (``data/variants.csv``).

    The pattern is tried only where a variant could begin: a text lacking one of a variant's
    words cannot hold it, and a variant begins a few characters before its longest word (found by
    ``str.find``, much faster than a regex trying every character). A text outside ASCII that
    ``str.lower`` does not map letter for letter goes through the whole pattern instead. What
    does not depend on the text is prepared once per table (``_plan``): this runs several times
    per sentence when claims are extracted."""
    plan = _plan(table or str(data_file("variants.csv")))
    lower = s.lower()
    if not plan.hints.search(lower):
        return s

    def swap(m: re.Match[str]) -> str:
        found = m.group()
        key = re.sub(r"[\s-]+", " ", found)
        if key in plan.exact:
            return plan.exact[key]
        canonical = plan.folded.get(key.lower())
        return found if canonical is None else _match_case(found, canonical)

    if not plan.anchored or not _lowered_in_place(s, lower):
        return plan.pattern.sub(swap, s)
    starts: set[int] = set()
    anchored = literals.starts(plan.anchors, lower)  # every anchor found in one pass
    for words, anchor, before, gaps in plan.variants:
        if anchor in anchored and all(w in lower for w in words):
            for q in anchored[anchor]:
                starts.update(range(max(0, q - before - gaps), max(0, q - before + 1)))
    if not starts:
        return s
    out: list[str] = []
    end = 0
    for i in sorted(starts):
        if i >= end and (m := plan.pattern.match(s, i)):
            out += (s[end:i], swap(m))
            end = m.end()
    return "".join([*out, s[end:]]) if out else s


def _match_case(found: str, canonical: str) -> str:
    """Keep a capital initial ("Defense" -> "Defence") when the canonical form is lower case."""
    if canonical[:1].islower() and found[:1].isupper():
        return canonical[:1].upper() + canonical[1:]
    return canonical
