"""Exact and near-exact copies: one story syndicated under different page chrome.

An exact copy has the same words once case and punctuation are ignored. For near copies, each
document's cleaned text is cut into sentences as the cleaner cuts them, and every sentence
of 5+ words is fingerprinted; documents that share a sentence with an earlier document are
candidates (an inverted index of fingerprints, so the cost grows with the corpus, not with its
square; sentences shared by more than ``max_df`` documents, stock phrases, are not used). A
candidate is a copy when the two texts are at least ``similarity`` alike (rapidfuzz's normalised
Indel similarity over the case-folded words: 0.95 allows a changed word or two in a short story).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import neg
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz

from . import clean
from .normalise import fold

MIN_WORDS = 5  # words a sentence needs to be fingerprinted


def sentence_keys(text: str) -> list[str]:
    """The ``normalise.fold`` keys of the sentences of ``text``: each line cut into sentences as
    the cleaner cuts a paragraph (``clean.sentence_keys``), so the loader fingerprints the keys
    the cleaner has already folded (``keyed``) and gets what ``signature(text)`` gives."""
    return [key for keys in clean.sentence_keys(text.split("\n")) for key in keys]


def _fingerprint(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little")


def fingerprints(text: str, *, min_words: int = MIN_WORDS) -> list[int]:
    """Stable 64-bit fingerprints of the sentences of ``text`` (case and punctuation ignored)."""
    return [_fingerprint(norm) for norm in sentence_keys(text) if norm.count(" ") + 1 >= min_words]


def keyed(keys: Iterable[str]) -> tuple[str, frozenset[int]]:
    """``signature`` of a text whose sentence keys (``sentence_keys``) are known."""
    norms = [norm for norm in keys if norm]
    digest = hashlib.blake2b(" ".join(norms).encode(), digest_size=16).hexdigest()
    return digest, frozenset(_fingerprint(norm) for norm in norms if norm.count(" ") + 1 >= MIN_WORDS)


def signature(text: str) -> tuple[str, frozenset[int]]:
    """What ``find`` compares: a digest of the case-folded words (exact copies) and the sentence
    fingerprints (near copies). Computed per document, so the loader's worker processes can do it.
    The sentences are cut at whitespace, so their folded words, joined, are the text's: the text
    is folded once."""
    return keyed(sentence_keys(text))


class Prints(NamedTuple):
    """Documents' signatures as arrays, what pruning needs (cheap to send between processes): each
    document's digest ('' when it takes no part) and fingerprint count, and all the fingerprints
    in document order."""

    digests: list[str]
    sizes: np.ndarray
    prints: np.ndarray

    @classmethod
    def of(cls, signatures: Sequence[tuple]) -> Prints:
        sizes = np.fromiter((len(sig[1]) for sig in signatures), np.int64, len(signatures))
        prints = np.fromiter((h for sig in signatures for h in sig[1]), np.uint64, int(sizes.sum()))
        return cls([sig[0] for sig in signatures], sizes, prints)

    @classmethod
    def concat(cls, batches: Sequence[Prints]) -> Prints:
        return cls(
            [d for b in batches for d in b.digests],
            np.concatenate([b.sizes for b in batches] or [np.zeros(0, np.int64)]),
            np.concatenate([b.prints for b in batches] or [np.zeros(0, np.uint64)]),
        )

    def digest_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """The digests as 64-bit keys (their first 16 hex digits), and which documents have one."""
        has = np.fromiter(map(bool, self.digests), bool, len(self.digests))
        return np.array([int(d[:16], 16) if d else 0 for d in self.digests], dtype=np.uint64), has


def prune(
    batch: Prints, shared_prints: np.ndarray, shared_digests: np.ndarray, *, tag: str = ""
) -> list[tuple[str, frozenset[int], int]]:
    """Signatures pruned to what another document shares (``find``'s 3-tuples, the same result):
    a fingerprint that is not in ``shared_prints`` is dropped, a digest whose key is not in
    ``shared_digests`` becomes a placeholder of its own (``tag`` and the position: give each
    batch of documents its own tag). Most documents of a corpus share nothing, and then ``find``
    indexes nothing for them."""
    digests, has = batch.digest_keys()
    owner = np.repeat(np.arange(len(batch.digests)), batch.sizes)
    kept = np.isin(batch.prints, shared_prints)
    known = has & np.isin(digests, shared_digests)
    by_doc: list[list[int]] = [[] for _ in batch.digests]
    for h, i in zip(batch.prints[kept].tolist(), owner[kept].tolist(), strict=True):
        by_doc[i].append(h)
    empty: frozenset[int] = frozenset()
    return [
        (digest if known[i] else f"{tag}{i}", frozenset(by_doc[i]), n) if digest else ("", empty, 0)
        for i, (digest, n) in enumerate(zip(batch.digests, batch.sizes.tolist(), strict=True))
    ]


def pruned(batch: Prints) -> list[tuple[str, frozenset[int], int]]:
    """``prune`` against the documents themselves: what two of them or more hold."""
    digests, has = batch.digest_keys()
    fp, fc = np.unique(batch.prints, return_counts=True)
    dg, dc = np.unique(digests[has], return_counts=True)
    return prune(batch, fp[fc > 1], dg[dc > 1], tag=":")


def find(
    texts: Sequence[str],
    ids: Sequence[str],
    *,
    eligible: Sequence[bool] | None = None,
    similarity: float = 0.95,
    max_df: int = 50,
    max_candidates: int = 5,
    min_shared: float = 0.5,
    signatures: Sequence[tuple[str, frozenset[int]]] | None = None,
) -> list[str]:
    """For each document, the id of the earlier document it copies, or ''.

    Documents are taken in the given order (put the earliest first); ``eligible`` marks the
    documents that take part (an empty or binary file is not a copy of anything);
    ``signatures`` may hold each document's precomputed ``signature``, or ``(digest, prints,
    n_prints)`` where ``prints`` keeps only the fingerprints another document shares and
    ``n_prints`` counts them all (the distributed loader's pruned signatures: a fingerprint no
    other document holds is never evidence, so the result is the same). A sentence held by more
    than ``max_df`` documents stops counting as evidence (a stock phrase, not a copy); a candidate
    must share at least ``min_shared`` of the shorter document's sentences before the texts are
    compared in full (a copy under other page chrome shares nearly all of them).
    """
    if not 0 < similarity <= 1:
        raise ValueError(f"similarity must be in (0, 1], got {similarity}")
    eligible = eligible if eligible is not None else [True] * len(texts)
    if signatures is None:
        signatures = [
            signature(t) if ok else ("", frozenset()) for t, ok in zip(texts, eligible, strict=True)
        ]
    sizes = [sig[2] if len(sig) > 2 else len(sig[1]) for sig in signatures]
    folded: dict[int, str] = {}

    def key(i: int) -> str:  # folded text, only for the few documents compared in full
        if i not in folded:
            folded[i] = fold(texts[i])
        return folded[i]

    exact: dict[str, int] = {}
    index: dict[int, list[int]] = defaultdict(list)
    get = index.get
    result = [""] * len(texts)
    root = list(range(len(texts)))  # a copy of a copy points at the first copy
    for i, (sig, ok) in enumerate(zip(signatures, eligible, strict=True)):
        if not ok:
            continue
        digest, fp = sig[0], sig[1]
        if digest in exact:
            root[i] = root[exact[digest]]
            result[i] = ids[root[i]]
            continue
        # the postings of the document's sentences that still count as evidence (most documents
        # share none: no counting then); the candidates, most shared sentences first
        hits = [p for h in fp if (p := get(h)) is not None and len(p) <= max_df]
        if hits:
            if len(hits) == 1:  # one shared sentence: each candidate shares one, the earliest first
                top = [(-1, j) for j in hits[0][:max_candidates]]
            else:  # most shared first, then the earliest (tuples sorted in C, no key function)
                shared = Counter(chain.from_iterable(hits))
                top = sorted(zip(map(neg, shared.values()), shared, strict=True))[:max_candidates]
            for minus_n, j in top:
                n = -minus_n
                if n < min_shared * min(sizes[i], sizes[j]):
                    continue  # shares a sentence or two, not the story
                if fuzz.ratio(key(i), key(j), score_cutoff=similarity * 100):
                    root[i] = root[j]
                    result[i] = ids[root[i]]
                    break
            folded.clear()
        exact.setdefault(digest, i)
        if not result[i]:
            for h in fp:
                posting = index[h]
                if len(posting) <= max_df:  # past max_df the sentence is no evidence: stop growing it
                    posting.append(i)
    return result
