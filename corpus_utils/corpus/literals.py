"""Which of a fixed set of strings occur in a text, and where, in one pass.

The loader looks for many short strings in every document: the hints that gate the source and
boilerplate rules, and the anchor words of the spelling variants. One ``in`` per string scans the
text once per string; an Aho-Corasick automaton (``ahocorasick_rs``, compiled code) finds all of
them in one scan, overlapping occurrences included, with positions in characters. The result is
the same as the ``in`` and ``str.find`` loops it replaces (``tests/corpus/test_fast_paths.py``).
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick_rs


@lru_cache(maxsize=32)
def _automaton(words: tuple[str, ...]) -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(words)


def found(words: tuple[str, ...], text: str) -> set[str]:
    """The ``words`` that occur in ``text`` (as substrings, like ``w in text``)."""
    if not words:
        return set()
    return {words[i] for i, _, _ in _automaton(words).find_matches_as_indexes(text, overlapping=True)}


def starts(words: tuple[str, ...], text: str) -> dict[str, list[int]]:
    """Where each of the ``words`` that occurs in ``text`` begins, every occurrence (overlapping
    ones too), in order."""
    out: dict[str, list[int]] = {}
    if words:
        for i, start, _ in _automaton(words).find_matches_as_indexes(text, overlapping=True):
            out.setdefault(words[i], []).append(start)
    return out
