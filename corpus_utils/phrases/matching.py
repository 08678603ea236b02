"""How a wording matches a formula: the matching form of a wording, its relation and distance to a
canonical wording, and the scan of a sentence for a family's members (see ``families``).

Matching form: lower-case word tokens in which "&" is "and" and a hyphen is a space
("military-technical" = "military technical"). ``relation`` names how a wording differs from the
canonical one (exact, contains, contained, reordered, edit) with the token-level Levenshtein
distance (rapidfuzz); ``Formula.find`` returns the non-overlapping windows of a sentence that belong
to the family, by the rules of the ``families`` docstring.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz.distance import Indel, Levenshtein

from ..corpus import normalise, tokens
from ..errors import CorpusError

_MATCH_RE = re.compile(r"[₹$€£]\d[\d,]*(?:\.\d+)?|\w+(?:['.+/]\w+)*|&")


def match_tokens(text: str) -> list[str]:
    """A wording in matching form: lower-case words, "&" as "and", hyphens as spaces."""
    return ["and" if t == "&" else t.lower() for t in _MATCH_RE.findall(text)]


def spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token in matching form) of each token of ``text``."""
    return [
        (m.start(), m.end(), "and" if m.group() == "&" else m.group().lower())
        for m in _MATCH_RE.finditer(text)
    ]


def default_distance(m: int) -> int:
    """Words of difference allowed for a canonical wording of ``m`` words: 40%, at least 1."""
    return max(1, int(0.4 * m + 0.5))


def bag_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Words to change when order does not matter: the larger side of the multiset difference."""
    ca, cb = Counter(a), Counter(b)
    return max(sum((ca - cb).values()), sum((cb - ca).values()))


def relation(wording: Sequence[str] | str, canonical: Sequence[str] | str) -> tuple[str, int]:
    """(relation, token-level Levenshtein distance) of a wording to a canonical wording."""
    w = match_tokens(wording) if isinstance(wording, str) else list(wording)
    c = match_tokens(canonical) if isinstance(canonical, str) else list(canonical)
    d = Levenshtein.distance(w, c)
    if d == 0:
        return "exact", 0
    if len(w) > len(c) and d == len(w) - len(c):
        return "contains", d
    if len(w) < len(c) and d == len(c) - len(w):
        return "contained", d
    if bag_distance(w, c) < d:
        return "reordered", d
    return "edit", d


class Formula:
    """A canonical wording prepared for scanning."""

    def __init__(self, label: str, source: str, *, max_distance: int | None, min_shared: float):
        self.label, self.source = label, source
        self.tokens = match_tokens(normalise.variants(label))
        if not self.tokens:
            raise CorpusError(f"watch phrase {label!r} has no word in it; remove it")
        self.content = frozenset(t for t in self.tokens if not tokens.is_stopword(t)) or frozenset(
            self.tokens
        )
        self.need = max(1, math.ceil(min_shared * len(self.content) - 1e-9))
        self.k = default_distance(len(self.tokens)) if max_distance is None else max_distance

    def accepts(self, window: list[str]) -> int | None:
        """The distance of ``window`` when it belongs to the family, else None."""
        if len(self.content.intersection(window)) < self.need:
            return None
        d = Levenshtein.distance(window, self.tokens)
        return d if d <= self.k or bag_distance(window, self.tokens) <= self.k else None

    def find(self, toks: list[str]) -> list[tuple[int, int]]:
        """Non-overlapping token ranges [i, j) of ``toks`` that belong to the family."""
        m, found = len(self.tokens), []
        if len(self.content.intersection(toks)) < self.need:
            return []
        for i in range(len(toks)):
            for w in range(max(1, m - self.k), min(m + self.k, len(toks) - i) + 1):
                window = toks[i : i + w]
                d = self.accepts(window)
                if d is not None:
                    shared = w + m - Indel.distance(window, self.tokens)  # twice the common subsequence
                    loose = sum(
                        t not in self.tokens and tokens.is_stopword(t) for t in (window[0], window[-1])
                    )
                    found.append((-shared, d, loose, -w, i))
        taken: list[tuple[int, int]] = []
        for _, _, _, w, i in sorted(found):
            if all(i - w <= a or i >= b for a, b in taken):
                taken.append((i, i - w))
        return sorted(taken)
