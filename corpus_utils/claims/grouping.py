"""Recurring claims: the same proposition in different years or by different sides, grouped.

``group(claims)`` links two claims when one of their sentences states the same proposition as a
sentence of the other, even reworded. Sentences, not whole claims, are compared, because a
quotation often strings several propositions together and a speech recycles them one by one
("the exchange of military delegations is expanding" in 2018 and 2021, with other sentences around).

1. Each sentence is normalised: spelling variants unified (``normalise.variants``), lower-cased,
   stop words dropped, words reduced to their Porter stem (Porter 1980, "An algorithm for suffix
   stripping"; NLTK's implementation needs no downloaded data), so "is strengthening" and
   "strengthens" meet.
2. Wording similarity is the cosine of TF-IDF vectors (Salton and Buckley 1988, "Term-weighting
   approaches in automatic text retrieval"): sublinear term frequency 1 + ln tf, smoothed inverse
   document frequency ln((1 + n) / (1 + df)) + 1, unit-length rows. Rare shared words weigh more
   than "cooperation" and "defence", which nearly every sentence shares.
3. Two sentences link when the cosine reaches ``threshold``, or, when both have at least
   ``min_tokens`` words and the cosine reaches ``floor``, when the mean of the cosine and the fuzzy
   token-set ratio (rapidfuzz ``token_set_ratio`` / 100: the shared words against each side's
   remainder) reaches it: that rewards a reworded passage that keeps most of its words. The default
   0.55 was set on the seeds: it joins the recycled passages of Shoigu's 2018 and 2021 speeches
   and nothing unrelated.
4. ... and when numbers and actors agree: two sentences that both give amounts must share one (same
   unit, values within 1%), and two claims that both name actors must name one in common. "A deal
   worth ₹5,000 crore" and "a deal worth ₹39,000 crore" are different propositions.

Which pairs are scored. All pairs, for the few sentences of one document (``merging``). Across a
corpus, only pairs that can reach ``floor``: the prefix filter of all-pairs similarity search
(Bayardo, Ma and Srikant 2007) finds every pair whose cosine reaches it through the rare words they
share. A word shared by more than ``window`` (64) + 1 sentences (a formula that hundreds of claims
repeat: "the special and privileged strategic partnership") pairs each sentence with its 64
neighbours in that word's list only, and a pair already connected is not scored again, so the cost
grows with the number of sentences, not its square. Below that size the groups are exact; above,
a dense cluster of near-identical sentences stays connected through its neighbours (on 1,000
generated news articles, where one template family holds 6,400 claims, 3.5% of the claims get a
different group id than with every pair scored).

Linked sentences form groups (connected components), numbered "C001", "C002" ... in order of first
appearance (year, then claim_id), so the ids are stable for a given corpus. A claim's
``group_id`` is the first group of its sentences (``group_ids`` lists all, ``group_wording`` gives
the claim's sentences in each); a claim that links to nothing is a group of its own. The tables
built on the groups (recurring claims, new and dropped claims, themes by year) are in
``claim_tables``.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..corpus import normalise, tokens
from ..errors import CorpusError
from . import amounts, vectors

_NEEDED = ("claim_id", "doc_id", "year", "speaker", "side", "kind", "claim", "numbers")


def check(claims: pd.DataFrame, extra: tuple[str, ...] = ()) -> None:
    """CorpusError unless ``claims`` is a claims table (with the ``extra`` columns too)."""
    if not isinstance(claims, pd.DataFrame):
        raise CorpusError(f"claims must be the DataFrame of claims.extract, got {type(claims).__name__}")
    missing = [c for c in (*_NEEDED, *extra) if c not in claims.columns]
    if missing:
        raise CorpusError(f"claims lacks columns {missing}; pass the DataFrame returned by claims.extract")


@lru_cache(maxsize=1)
def _stemmer():
    tokens.import_nltk()  # on first use: half a second
    from nltk.stem import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def normalised(claim: str) -> list[str]:
    """The words of a claim as compared: variants unified, lower case, no stop words, stemmed."""
    return list(_normalised(claim))


@lru_cache(maxsize=200_000)  # syndicated copy repeats its sentences word for word
def _normalised(claim: str) -> tuple[str, ...]:
    return tuple(
        [
            _stem(w)
            for w in tokens.words(normalise.variants(claim), lower=True)
            if not tokens.is_stopword(w) and any(ch.isalnum() for ch in w)
        ]
    )


def _agree(a: list, b: list) -> bool:
    return (
        not a
        or not b
        or any(u1 == u2 and abs(v1 - v2) <= 0.01 * max(abs(v1), abs(v2)) for u1, v1 in a for u2, v2 in b)
    )


def _pieces(claims: pd.DataFrame) -> list[tuple[int, str, list[str]]]:
    """(claim row, sentence, normalised words) for every sentence of every claim."""
    out = []
    for i, claim in enumerate(claims["claim"].astype(str)):
        for sent in tokens.sentences(claim) or [claim]:
            out.append((i, sent, normalised(sent)))
    return out


def _stars(n: int, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same connected components with fewer edges: every node joined to the first of its
    component; and the component label of every node (isolated nodes their own), so the caller
    need not find the components again. Linear in ``n`` and the edges: no sort."""
    graph = sparse.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    present = np.zeros(n, dtype=bool)
    present[rows] = True
    present[cols] = True
    nodes = np.flatnonzero(present)  # ascending
    label = labels[nodes]
    first = np.full(int(labels.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, label, nodes)  # a component's first (smallest) node
    heads = first[label]
    keep = heads != nodes
    return heads[keep], nodes[keep], labels


def _links(
    pieces,
    actors: list[set[str]],
    *,
    threshold: float,
    floor: float,
    min_tokens: int,
    block: int,
    window: int = 64,
) -> np.ndarray:
    """Component label of every sentence (-1: linked to no other claim's sentence). Candidate
    pairs come from the prefix filter (``_prefixes``, ``_candidates``); a pair whose two
    sentences are already connected is not scored again, so the cost follows the sentences, not
    the square of their number. ``block``: thousands of pairs scored at once."""
    n = len(pieces)
    owner = np.array([p[0] for p in pieces], dtype=np.int64)
    size = np.array([len(p[2]) for p in pieces], dtype=np.int64)
    text = [" ".join(p[2]) for p in pieces]
    nums = [[(a["unit"], a["value"]) for a in amounts.parse(sent)] for _, sent, _ in pieces]
    has_num = np.array([bool(v) for v in nums])
    names = sorted(set().union(*actors)) if actors else []
    index = {a: k for k, a in enumerate(names)}
    pairs = [(i, index[a]) for i, acts in enumerate(actors) for a in sorted(acts)]
    bound = min(threshold, floor)
    if n <= vectors.SMALL:  # one document's claims: every pair at once, from the dense similarity matrix
        has_act = np.array([bool(actors[i]) for i in owner.tolist()], dtype=bool)
        claim_actors = np.zeros((len(actors), max(1, len(names))))
        for i, k in pairs:
            claim_actors[i, k] = 1.0
        x = vectors.tfidf_dense([w for *_, w in pieces])
        sims, met = x @ x.T, (claim_actors @ claim_actors.T)[np.ix_(owner, owner)] > 0
        rounds = [tuple(np.triu_indices(n, 1))]

        def dot(a, b):
            return sims[a, b]

        def meet(a, b):
            return met[a, b]
    else:
        claim_actors = sparse.csr_matrix(
            (np.ones(len(pairs)), ([p[0] for p in pairs], [p[1] for p in pairs])),
            shape=(len(actors), max(1, len(names))),
        )
        acts = claim_actors[owner].tocsr()
        has_act = np.asarray(acts.sum(axis=1)).ravel() > 0
        x = vectors.tfidf([w for *_, w in pieces])
        rounds = vectors.candidates(vectors.prefixes(x, bound), window)

        def dot(a, b):
            return vectors.dots(x, a, b)

        def meet(a, b):
            return vectors.dots(acts, a, b) > 0

    comp = np.arange(n)
    found_r: list[np.ndarray] = []
    found_c: list[np.ndarray] = []
    for a_all, b_all in rounds:
        ok = (owner[a_all] != owner[b_all]) & (size[a_all] >= 3) & (size[b_all] >= 3)
        ok &= comp[a_all] != comp[b_all]
        key = np.unique(a_all[ok] * n + b_all[ok])
        step = max(1, block) * 1000
        for lo in range(0, len(key), step):
            a, b = key[lo : lo + step] // n, key[lo : lo + step] % n
            both = has_act[a] & has_act[b]
            if both.any():  # two claims that both name actors must name one in common
                keep = ~both
                keep[both] = meet(a[both], b[both])
                a, b = a[keep], b[keep]
            score = dot(a, b)
            near = score >= bound
            a, b, score = a[near], b[near], score[near]
            link = score >= threshold
            fuzzy = ~link & (np.minimum(size[a], size[b]) >= min_tokens) & (score >= floor)
            if fuzzy.any():
                k = np.flatnonzero(fuzzy)
                ratio = cpdist(
                    [text[i] for i in a[k].tolist()],
                    [text[j] for j in b[k].tolist()],
                    scorer=fuzz.token_set_ratio,
                    workers=-1 if len(k) > 5000 else 1,  # threads cost more than a few thousand pairs
                )
                link[k] = (score[k] + np.asarray(ratio) / 100) / 2 >= threshold
            a, b = a[link], b[link]
            check = np.flatnonzero(has_num[a] & has_num[b])
            if len(check):
                keep = np.ones(len(a), dtype=bool)
                keep[check] = [
                    _agree(nums[i], nums[j])
                    for i, j in zip(a[check].tolist(), b[check].tolist(), strict=True)
                ]
                a, b = a[keep], b[keep]
            found_r.append(a)
            found_c.append(b)
        if (
            found_r and n > vectors.SMALL
        ):  # connect what is linked so far: pairs inside a component need no score
            sr, sc, comp = _stars(n, np.concatenate(found_r), np.concatenate(found_c))
            found_r, found_c = [sr], [sc]
    rows = np.concatenate(found_r) if found_r else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(found_c) if found_c else np.zeros(0, dtype=np.int64)
    labels = np.full(n, -1, dtype=np.int64)
    if len(rows):
        graph = sparse.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        _, comp = connected_components(graph, directed=False)
        linked = np.unique(np.concatenate([rows, cols]))
        labels[linked] = comp[linked]
    return labels


def linked_sets(
    texts: list[str],
    actors: list[set[str]],
    *,
    threshold: float = 0.55,
    floor: float = 0.25,
    min_tokens: int = 5,
) -> list[set[int]]:
    """For each text, the labels of the groups its sentences join (by the rule of ``group``), as
    a light call for a few texts at a time (one document's claims): no DataFrame, no ids."""
    pieces = [(i, sent, normalised(sent)) for i, t in enumerate(texts) for sent in tokens.sentences(t) or [t]]
    out: list[set[int]] = [set() for _ in texts]
    if len(texts) < 2 or not pieces:
        return out
    labels = _links(pieces, actors, threshold=threshold, floor=floor, min_tokens=min_tokens, block=512)
    for (i, _, _), label in zip(pieces, labels.tolist(), strict=True):
        if label >= 0:
            out[i].add(label)
    return out


def _number(group_id: str) -> int:
    """C999 sorts before C1000."""
    return int(group_id[1:])


def group(
    claims: pd.DataFrame,
    *,
    threshold: float = 0.55,
    floor: float = 0.25,
    min_tokens: int = 5,
    block: int = 512,
) -> pd.DataFrame:
    """A copy of ``claims`` with ``group_id`` filled, plus ``group_ids`` (every group the claim's
    sentences belong to, '; '-joined) and ``group_wording`` (JSON {group: the claim's sentences in
    it}). See the module docstring for the rule; ``threshold`` is the score two sentences need,
    ``block`` the rows of the similarity matrix held in memory at once."""
    check(claims)
    for name, value in (("threshold", threshold), ("floor", floor)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise ValueError(f"{name} must be a number in (0, 1], got {value!r}")
    for name, value in (("min_tokens", min_tokens), ("block", block)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    # claims are read in year order (then claim_id), so group numbers follow time; only the columns
    # read are put in that order, not the whole table (a million claims: seconds per column)
    order = (
        pd.DataFrame(
            {
                "_y": claims["year"].astype("Float64").fillna(np.inf).to_numpy(),
                "claim_id": claims["claim_id"].to_numpy(),
            }
        )
        .sort_values(["_y", "claim_id"], kind="mergesort")
        .index.to_numpy()
    )
    sub = pd.DataFrame({"claim": claims["claim"].to_numpy()[order]})
    pieces = _pieces(sub)
    mentions = claims["mentions"].to_numpy()[order] if "mentions" in claims.columns else [""] * len(sub)
    actors = [set(filter(None, str(m).split("; "))) for m in mentions]
    labels = (
        _links(pieces, actors, threshold=threshold, floor=floor, min_tokens=min_tokens, block=block)
        if pieces
        else np.zeros(0, dtype=np.int64)
    )
    ids: dict[object, str] = {}
    per_claim: list[dict[str, list[str]]] = [{} for _ in range(len(sub))]
    for (ci, sent, _), label in zip(pieces, labels.tolist(), strict=True):
        gid = ids.setdefault(label if label >= 0 else ("claim", ci), f"C{len(ids) + 1:03d}")
        per_claim[ci].setdefault(gid, []).append(sent)
    texts = {  # typed as text, so that a table of no claims keeps string columns
        "group_id": [min(g, key=_number) if g else "" for g in per_claim],
        "group_ids": ["; ".join(sorted(g, key=_number)) for g in per_claim],
        "group_wording": [
            json.dumps({k: " ".join(v) for k, v in g.items()}, sort_keys=True, ensure_ascii=False)
            for g in per_claim
        ],
    }
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))  # row i of claims is row back[i] of the year order
    out = claims.reset_index(drop=True)  # copy-on-write: the caller's table is not changed
    for name, values in texts.items():
        out[name] = pd.Series(np.asarray(values, dtype=object)[back], index=out.index, dtype="str")
    if out["claim_id"].is_monotonic_increasing:  # as extract gives them: already in claim_id order
        return out
    return out.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
