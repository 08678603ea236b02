"""Exact and near-exact copies: one story syndicated under different page chrome.

Each document's cleaned text is cut into sentences (a fast regex split is enough here) and every
sentence of 5+ words is fingerprinted. An exact copy has the same fingerprint sequence; a near copy
shares at least ``threshold`` of its sentences with an earlier document. Candidates come from an
inverted index of sentence fingerprints, so the cost grows with the corpus, not with its square;
sentences shared by more than ``max_df`` documents (stock phrases) are not used as evidence.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_NON_WORD = re.compile(r"[\W_]+")


def fingerprints(text: str, *, min_words: int = 5) -> list[int]:
    """Stable 64-bit fingerprints of the sentences of ``text`` (case and punctuation ignored)."""
    out = []
    for sent in _SPLIT.split(text):
        norm = _NON_WORD.sub(" ", sent.lower()).strip()
        if norm.count(" ") + 1 >= min_words:
            out.append(int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little"))
    return out


def find(texts: Sequence[str], ids: Sequence[str], *, eligible: Sequence[bool] | None = None,
         threshold: float = 0.8, max_df: int = 50) -> list[str]:
    """For each document, the id of the earlier document it copies, or ''.

    Documents are taken in the given order (put the earliest first); ``eligible`` marks the
    documents that take part (an empty or binary file is not a copy of anything).
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    eligible = eligible if eligible is not None else [True] * len(texts)
    prints = [set(fingerprints(t)) if ok else set() for t, ok in zip(texts, eligible, strict=True)]
    exact: dict[str, int] = {}
    index: dict[int, list[int]] = defaultdict(list)
    result = [""] * len(texts)
    for i, (fp, ok) in enumerate(zip(prints, eligible, strict=True)):
        if not ok:
            continue
        key = _NON_WORD.sub(" ", texts[i].lower()).strip()
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        if digest in exact:
            result[i] = ids[exact[digest]]
            continue
        if fp:
            shared = Counter(j for h in fp for j in index.get(h, ())[:max_df] if not result[j])
            for j, n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
                if n / min(len(fp), len(prints[j])) >= threshold and n >= 2:
                    result[i] = ids[j]
                    break
        exact.setdefault(digest, i)
        if not result[i]:
            for h in fp:
                index[h].append(i)
    return result
