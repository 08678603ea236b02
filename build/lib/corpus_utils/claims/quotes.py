"""Quotations in a paragraph: where they are, and which are speech rather than scare quotes.

Works on one paragraph with straight quotes (``normalise.quotes`` makes curly ones straight and
keeps the length, so offsets stay those of the original). Rules:

- Double quotes pair in order. An opening quote follows a space, a bracket or punctuation and
  precedes a word; a closing one follows a word or punctuation. A closing double quote with no
  opener closes a quotation opened by a single quote ("'The special ... relations," the minister
  said": a typing slip common in wire copy). An opener with no closer runs to the paragraph's end
  (a quotation continued in the next paragraph).
- Single quotes outside double quotes pair the same way; an apostrophe inside a word ("Russia's")
  is neither. Quotes inside a quotation are nested and belong to it ("... the 'Make in India'
  initiative ...").
- A quotation is *speech* when it has two words or more and ends with punctuation inside the
  quotes, or a comma follows it, or it has eight words or more. Otherwise it is a fragment or a
  scare quote ("excellent", 'unprecedented', "Make in India", '2+2') and stays part of its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_BEFORE = " \t\n([{-,:;/"


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening quote mark (or of the text, when the opener is missing)
    end: int  # offset just after the closing quote mark
    text: str  # the words inside
    speech: bool


def _opening(s: str, i: int) -> bool:
    return (
        (i == 0 or s[i - 1] in _OPEN_BEFORE or s[i - 1] in "\"'")
        and i + 1 < len(s)
        and not s[i + 1].isspace()
    )


def _closing(s: str, i: int) -> bool:
    return i > 0 and not s[i - 1].isspace() and (i + 1 == len(s) or not s[i + 1].isalnum())


def _single_quotes(s: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Pairs of single quotes between ``lo`` and ``hi``; apostrophes inside words are skipped."""
    out, open_at = [], None
    for i in range(lo, hi):
        if s[i] != "'":
            continue
        opener = (
            (i == 0 or s[i - 1] in _OPEN_BEFORE or s[i - 1] == '"') and i + 1 < len(s) and s[i + 1].isalnum()
        )
        closer = (
            i > 0
            and (s[i - 1].isalnum() or s[i - 1] in ".,!?")
            and (i + 1 == len(s) or not s[i + 1].isalnum())
        )
        if open_at is None and opener:
            open_at = i
        elif open_at is not None and closer:
            out.append((open_at, i + 1))
            open_at = None
    return out


def _is_speech(s: str, start: int, end: int, inner: str) -> bool:
    n = len(re.findall(r"\w+", inner))
    after = s[end : end + 1]
    return n >= 8 or (n >= 2 and (inner.rstrip()[-1:] in ".,!?;" or after == ","))


def find(paragraph: str) -> list[Quote]:
    """The quotations of ``paragraph`` (straight quotes), outermost only, in order."""
    s = paragraph
    spans: list[tuple[int, int]] = []
    open_at, last_end = None, 0
    for i, ch in enumerate(s):
        if ch != '"':
            continue
        if open_at is None:
            if _closing(s, i) and not _opening(s, i):
                singles = [
                    j
                    for j in range(last_end, i)
                    if s[j] == "'"
                    and _opening(s, j)
                    and s[j + 1].isalnum()
                    and not any(a <= j < b for a, b in _single_quotes(s, last_end, i))
                ]
                if singles:
                    spans.append((singles[0], i + 1))
                    last_end = i + 1
                continue
            open_at = i
        else:
            spans.append((open_at, i + 1))
            open_at, last_end = None, i + 1
    if open_at is not None:
        spans.append((open_at, len(s)))
    gaps, pos = [], 0
    for a, b in spans:
        gaps.append((pos, a))
        pos = b
    gaps.append((pos, len(s)))
    for lo, hi in gaps:
        spans.extend(_single_quotes(s, lo, hi))
    out = []
    for a, b in sorted(spans):
        closed = b - a >= 2 and s[b - 1] in "\"'" and b - 1 > a
        inner = s[a + 1 : b - 1] if closed else s[a + 1 : b]
        out.append(Quote(a, b, inner.strip(), _is_speech(s, a, b, inner)))
    return out


def mask(text: str, quotes: list[Quote], *, offset: int = 0, char: str = "\x01") -> str:
    """``text`` with the speech quotations replaced by ``char`` (same length, so offsets hold)."""
    chars = list(text)
    for q in quotes:
        if q.speech:
            for i in range(max(0, q.start - offset), min(len(chars), q.end - offset)):
                chars[i] = char
    return "".join(chars)
