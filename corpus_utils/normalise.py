"""Text clean-up as a chain of small ``str -> str`` steps.

``PIPELINE`` lists the steps in order; ``text(s)`` runs them all. Drop or add a step by
passing your own list: ``normalise.text(s, steps=[normalise.unicode, normalise.quotes])``.
``variants(s)`` maps spelling and naming variants to one canonical form for analysis,
from the editable table ``data/variants.csv``; it is applied to the analysis copy only,
so the original wording stays available for quoting.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from .paths import data_file

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
           "\u2015": "-", "\u2212": "-"}
_TRANSLATE = str.maketrans({**_QUOTES, **_DASHES})


def unicode(s: str) -> str:
    """Unicode NFKC (compatibility forms, non-breaking spaces, ligatures) and no control characters."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def quotes(s: str) -> str:
    """Curly quotes, primes and guillemets to straight quotes; dashes to '-'."""
    return s.translate(_TRANSLATE)


def markdown_links(s: str) -> str:
    """``[24 June 2020](#)`` -> ``24 June 2020``: link syntax left by scrapers."""
    return re.sub(r"\[([^\]\n]{1,200})\]\([^)\s]*\)", r"\1", s)


def currency(s: str) -> str:
    """``₹ 5,000`` -> ``₹5,000`` so that an amount stays one token."""
    return re.sub(r"([₹$€£])\s+(?=\d)", r"\1", s)


def whitespace(s: str) -> str:
    """Line endings to ``\\n``; runs of spaces and tabs to one space; at most one blank line."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = re.sub(r"[ \t\f\v]+", " ", s)
    s = "\n".join(line.strip() for line in s.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", s).strip()


PIPELINE: list[Callable[[str], str]] = [unicode, quotes, markdown_links, currency, whitespace]


def text(s: str, *, steps: Iterable[Callable[[str], str]] | None = None) -> str:
    """Run the clean-up steps (``PIPELINE`` by default) in order."""
    for step in PIPELINE if steps is None else steps:
        s = step(s)
    return s


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


@lru_cache(maxsize=8)
def _variant_rules(path: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            variant, canonical = row["variant"].strip(), row["canonical"].strip()
            if not variant:
                continue
            # the variant matches as whole words; spaces and hyphens inside it are interchangeable
            parts = [re.escape(p) for p in re.split(r"[\s-]+", variant)]
            pattern = r"(?<![\w-])" + r"[\s-]?".join(parts) + r"(?![\w-])"
            rules.append((re.compile(pattern, re.IGNORECASE if row.get("ignore_case", "yes") != "no" else 0), canonical))
    # longest variants first so "Make in India" wins over "India"
    rules.sort(key=lambda r: -len(r[0].pattern))
    return tuple(rules)


def variants(s: str, *, table: str | None = None) -> str:
    """Map spelling and naming variants to their canonical form (``data/variants.csv``)."""
    for pattern, canonical in _variant_rules(table or str(data_file("variants.csv"))):
        s = pattern.sub(lambda m, c=canonical: _match_case(m.group(), c), s)
    return s


def _match_case(found: str, canonical: str) -> str:
    """Keep a capital initial ("Defense" -> "Defence") when the canonical form is lower case."""
    if canonical[:1].islower() and found[:1].isupper():
        return canonical[:1].upper() + canonical[1:]
    return canonical
