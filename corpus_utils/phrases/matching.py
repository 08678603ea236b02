"""Matching a formula's wordings in a sentence: which word windows are variants of a canonical wording.

Matching form
    Wordings are compared as lower-case word tokens in which "&" is "and" and a hyphen is a space
    ("military-technical" = "military technical"). Between two tokens the sentence holds a gap:
    a space, a hyphen (a compound, "time-tested"), a comma, or clause punctuation (; : ( ) quotes,
    a dash).

Relations of a wording w to the canonical c (token lists in matching form)
    ``exact`` (w = c); ``contains`` (w holds every word of c in order, with extra words: a longer
    phrase containing the formula); ``contained`` (w is c with words left out); ``reordered`` (the
    words in another order: the multiset difference, ``bag_distance``, is smaller than the distance
    in order); ``edit`` (substitutions, or a mix). ``distance`` is the token-level Levenshtein
    distance (rapidfuzz), so a containment is never a perfect match. Containment is kept as its own
    relation because a score like ``partial_ratio`` or ``token_set_ratio`` rates every containment 100.

A window of words is a variant of the canonical wording when it is close and whole
    Close: one of
    - its Levenshtein distance (or, for a reordering, its bag distance) is at most k =
      ``max_distance`` (default 40% of the canonical's length, at least 1) and it shares at least
      ``min_shared`` (70%) of the canonical's content words (not stop words), which keeps
      "cooperation and strategic partnership" out of the family of "special and privileged
      strategic partnership";
    - a substituted head noun: the canonical's words with only the last (the head of an English
      noun phrase) replaced by another content word, when the words kept hold two content words or
      more ("time-tested friendship" -> "time-tested relationship"; "mutual trust" does not become
      "mutual interest");
    - a formula split by inserted modifiers: every canonical word in order, first and last in place,
      with at most as many inserted words as the canonical has ("time-tested and enduring
      friendship").
    Whole:
    - it does not cross a clause boundary: no clause punctuation between its words, no comma unless
      a coordinator follows it inside the window (a list: "unique, long-lasting and ..."), and no
      inserted word that opens or marks a clause (that, which, is, has, will, said ...);
    - it does not begin or end inside a hyphenated compound ("Russian-Indian inter" is not a
      wording of "Russian-Indian cooperation");
    - it does not end inside a coordination or a phrase: its last word is not one that, in the
      canonical, modifies the word after it ("trust and mutual" out of "continued trust and mutual
      respect" ends on "mutual", which in "mutual trust" modifies "trust"); a window that brings in
      a coordinator of its own does not stop right before a content word (the conjunct goes on);
      a substituted head is the last word of its noun phrase.
    A window takes in the modifiers before it (hyphenated compounds, or words with an adjective's
    ending), joined by nothing, commas or a coordinator, when a determiner or a preposition opens
    them: "the unique, long-lasting and time-tested relationship" is quoted from "unique", "its
    special and privileged strategic partnership" from "special". A noun ("deep sympathy and mutual
    trust", "the frigates and time-tested friendship") or a verb ("they welcomed defence
    cooperation") is not a modifier and stays out; so, for want of a part-of-speech tagger, does an
    adjective without such an ending ("strong and time-tested friendship").

Overlapping windows: the one holding more of the formula's words in order wins, then the lower
distance, then one that does not begin or end with a stop word foreign to the formula, then the
longer, then the earlier.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

from ..corpus import normalise, tokens
from ..errors import CorpusError

_MATCH_RE = re.compile(r"[₹$€£]\d[\d,]*(?:\.\d+)?|\w+(?:['.+/]\w+)*|&")
_HARD = re.compile(r"[;:()\[\]\"“”«»—–!?]|\s-\s|\s'|'\s")
COORDINATORS = frozenset({"and", "or"})
ADJECTIVE_ENDINGS = (
    "al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ique", "ent", "ant", "ed", "ing", "ary",
    "ory", "ish", "ese", "ian", "ern", "est",
)  # fmt: skip
_OPENERS = frozenset(
    "the a an its their our his her this these those of in on for with by between about from over into".split()
)
_CLAUSE = frozenset(
    "that which who whom whose where when while whereas because although though if unless "
    "is are was were be been being has have had will would shall should can could may might must".split()
)


def match_tokens(text: str) -> list[str]:
    """A wording in matching form: lower-case words, "&" as "and", hyphens as spaces."""
    return ["and" if t == "&" else t.lower() for t in _MATCH_RE.findall(text)]


def spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token in matching form) of every word of ``text``."""
    return [
        (m.start(), m.end(), "and" if m.group() == "&" else m.group().lower())
        for m in _MATCH_RE.finditer(text)
    ]


def gaps(text: str, words: list[tuple[int, int, str]]) -> list[str]:
    """What stands before each word: "hard" (clause punctuation, or the sentence start), "," (a
    comma), "-" (a hyphen: a compound) or "" (a space)."""
    out = []
    for k, (start, _, _) in enumerate(words):
        between = text[words[k - 1][1] : start] if k else None
        if between is None or _HARD.search(between):
            out.append("hard")
        elif "," in between:
            out.append(",")
        elif between.strip() in ("-", "‑"):
            out.append("-")
        else:
            out.append("")
    return out


@lru_cache(maxsize=1)
def clause_words() -> frozenset[str]:
    """Words that open or mark a clause: relative and subordinating words, auxiliaries, and the
    one-word speech verbs of kind say or tell in ``data/speech_verbs.csv``."""
    from ..claims.attribution import speech_verbs

    forms, _ = speech_verbs()
    return _CLAUSE | {f for f, kind in forms.items() if kind in ("say", "tell") and " " not in f}


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


def modifier(words: Sequence[str]) -> bool:
    """Words that can stand before a noun as its modifier: a hyphenated compound of content words
    ("long-lasting"), or one word with an adjective's ending (``ADJECTIVE_ENDINGS``: "unique",
    "special", "privileged"). "strong" or "deep" are missed; nouns ("frigates") are not taken."""
    if not words or not all(_content(t) for t in words):
        return False
    return len(words) > 1 or (len(words[0]) > 4 and words[0].endswith(ADJECTIVE_ENDINGS))


def _content(t: str) -> bool:
    return not tokens.is_stopword(t) and t not in COORDINATORS


class Formula:
    """A canonical wording prepared for scanning (the rules of the module docstring)."""

    def __init__(
        self,
        label: str,
        source: str,
        *,
        max_distance: int | None,
        min_shared: float,
        exact: bool = False,
    ):
        """``exact``: only the canonical wording itself (in matching form) is a member. ``min_vocab``:
        content words a text must hold for a member to be possible."""
        self.label, self.source, self.exact = label, source, exact
        self.tokens = match_tokens(normalise.variants(label))
        if not self.tokens:
            raise CorpusError(f"watch phrase {label!r} has no word in it; remove it")
        toks, m = self.tokens, len(self.tokens)
        self.content = frozenset(t for t in toks if not tokens.is_stopword(t)) or frozenset(toks)
        self.need = max(1, math.ceil(min_shared * len(self.content) - 1e-9))
        self.k = default_distance(m) if max_distance is None else max_distance
        self.max_insert = max(self.k, m) if m >= 2 else 0
        self.dangling = frozenset(
            t
            for t, nxt in zip(toks[:-1], toks[1:], strict=True)
            if t not in COORDINATORS and nxt not in COORDINATORS
        ) - {toks[-1]}
        self.head_ok = m >= 2 and sum(_content(t) for t in toks[:-1]) >= 2
        self.coordinated = any(t in COORDINATORS for t in toks)
        self.min_vocab = min(self.need, 2) if self.head_ok and not exact else self.need

    def _close(self, window: list[str], after: tuple[str, str] | None) -> int | None:
        if self.exact:
            return 0 if window == self.tokens else None
        d = Levenshtein.distance(window, self.tokens)
        if len(self.content.intersection(window)) >= self.need and (
            d <= self.k or bag_distance(window, self.tokens) <= self.k
        ):
            return d
        ends_np = after is None or after[0] != "" or not _content(after[1])
        if (
            self.head_ok
            and len(window) == len(self.tokens)
            and window[:-1] == self.tokens[:-1]
            and window[-1] != self.tokens[-1]
            and _content(window[-1])
            and ends_np
        ):
            return d
        inserted = len(window) - len(self.tokens)
        if (
            0 < inserted <= self.max_insert
            and window[0] == self.tokens[0]
            and window[-1] == self.tokens[-1]
            and Indel.distance(window, self.tokens) == inserted
        ):
            return d
        return None

    def accepts(
        self,
        window: list[str],
        between: Sequence[str] | None = None,
        after: tuple[str, str] | None = None,
    ) -> int | None:
        """The distance of ``window`` when it is a variant, else None. ``between``: the gaps
        between its words (``gaps`` without the first); ``after``: (gap, word) right after it, None
        at the end of the sentence or when unknown."""
        if window[-1] in self.dangling or (after is not None and after[0] == "-"):
            return None
        own = set(self.tokens)
        clause = clause_words()
        if any(t in clause and t not in own for t in window):
            return None
        if between is not None:
            for k, g in enumerate(between):
                if g == "hard" or (g == "," and not COORDINATORS.intersection(window[k + 1 :])):
                    return None
        if (
            not self.coordinated
            and COORDINATORS.intersection(window)
            and after is not None
            and after[0] == ""
            and _content(after[1])
        ):
            return None
        return self._close(window, after)

    def _extend(self, toks: list[str], gap: list[str], i: int) -> int:
        """The start of the window [i, ...) widened over the modifiers before it (``modifier``),
        joined by nothing, commas or a coordinator, when a determiner or preposition (or the
        sentence start) opens them: where the noun phrase begins. Exact (spelling) families never
        widen: their wordings are spellings."""
        if len(self.tokens) < 2 or self.exact:
            return i
        best, pos, pending = i, i, False
        while pos > 0 and gap[pos] != "hard":
            if gap[pos] == ",":
                pending = True
            elif gap[pos] == "" and toks[pos - 1] in COORDINATORS:
                if pending or gap[pos - 1] not in ("", ","):
                    break
                pending, pos = True, pos - 1
                continue
            s = pos - 1
            while s > 0 and gap[s] == "-":
                s -= 1
            if not modifier(toks[s:pos]):
                break
            pos, pending = s, False
            if gap[s] == "hard" or (gap[s] == "" and toks[s - 1] in _OPENERS):
                best = s
        return best

    def find(self, toks: list[str], gap: list[str] | None = None) -> list[tuple[int, int]]:
        """Non-overlapping token ranges [i, j) of a sentence's ``toks`` that belong to the family;
        ``gap`` is what stands before each token (``gaps``), all spaces when not given."""
        m, found = len(self.tokens), []
        gap = gap if gap is not None else ["hard"] + [""] * (len(toks) - 1)
        if len(self.content.intersection(toks)) < self.min_vocab:
            return []
        longest = m + max(self.k, self.max_insert)
        # a window can only be a variant when it holds ``need`` of the formula's content words
        # (rule a of ``_close``) or starts with its first word (rules b, c and exact wordings):
        # counting content words with a running sum skips every other window without scoring it
        held = [0]
        for t in toks:
            held.append(held[-1] + (t in self.content))
        first = self.tokens[0]
        for i in range(len(toks)):
            if gap[i] == "-":  # never start inside a hyphenated compound
                continue
            opens = toks[i] == first
            if not opens and held[min(len(toks), i + longest)] - held[i] < self.need:
                continue
            for w in range(max(1, m - self.k), min(longest, len(toks) - i) + 1):
                j = i + w
                if not opens and held[j] - held[i] < self.need:
                    continue
                window = toks[i:j]
                after = (gap[j], toks[j]) if j < len(toks) else None
                d = self.accepts(window, gap[i + 1 : j], after)
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
        return sorted((self._extend(toks, gap, i), j) for i, j in taken)
