"""Exact and near-exact copies: one story syndicated under different page chrome.

An exact copy has the same words once case and punctuation are ignored. For near copies, each
document's cleaned text is cut into sentences (a fast regex split is enough here) and every sentence
of 5+ words is fingerprinted; documents that share a sentence with an earlier document are
candidates (an inverted index of fingerprints, so the cost grows with the corpus, not with its
square; sentences shared by more than ``max_df`` documents, stock phrases, are not used). A
candidate is a copy when the two texts are at least ``similarity`` alike (rapidfuzz's normalised
Indel similarity over the case-folded words: 0.95 allows a changed word or two in a short story).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from .normalise import fold

_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def fingerprints(text: str, *, min_words: int = 5) -> list[int]:
    """Stable 64-bit fingerprints of the sentences of ``text`` (case and punctuation ignored)."""
    out = []
    for sent in _SPLIT.split(text):
        norm = fold(sent)
        if norm.count(" ") + 1 >= min_words:
            out.append(int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little"))
    return out


def signature(text: str) -> tuple[str, frozenset[int]]:
    """What ``find`` compares: the case-folded words of the text and its sentence fingerprints
    (computed per document, so the loader's worker processes can do it)."""
    return fold(text), frozenset(fingerprints(text))


def find(texts: Sequence[str], ids: Sequence[str], *, eligible: Sequence[bool] | None = None,
         similarity: float = 0.95, max_df: int = 50, max_candidates: int = 5,
         signatures: Sequence[tuple[str, frozenset[int]]] | None = None) -> list[str]:
    """For each document, the id of the earlier document it copies, or ''.

    Documents are taken in the given order (put the earliest first); ``eligible`` marks the
    documents that take part (an empty or binary file is not a copy of anything);
    ``signatures`` may hold each document's precomputed ``signature``.
    """
    if not 0 < similarity <= 1:
        raise ValueError(f"similarity must be in (0, 1], got {similarity}")
    eligible = eligible if eligible is not None else [True] * len(texts)
    if signatures is None:
        signatures = [signature(t) if ok else ("", frozenset()) for t, ok in zip(texts, eligible, strict=True)]
    keys = [k for k, _ in signatures]
    prints = [fp for _, fp in signatures]
    exact: dict[str, int] = {}
    index: dict[int, list[int]] = defaultdict(list)
    result = [""] * len(texts)
    root = list(range(len(texts)))  # a copy of a copy points at the first copy
    for i, (fp, ok) in enumerate(zip(prints, eligible, strict=True)):
        if not ok:
            continue
        key = keys[i]
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        if digest in exact:
            root[i] = root[exact[digest]]
            result[i] = ids[root[i]]
            continue
        if fp:
            shared = Counter(j for h in fp for j in index.get(h, ())[:max_df] if not result[j])
            for j, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:max_candidates]:
                if fuzz.ratio(key, keys[j], score_cutoff=similarity * 100):
                    root[i] = root[j]
                    result[i] = ids[root[i]]
                    break
        exact.setdefault(digest, i)
        if not result[i]:
            for h in fp:
                index[h].append(i)
    return result
