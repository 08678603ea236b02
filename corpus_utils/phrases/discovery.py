"""Discovering formulae: phrases that recur across documents and speak about the relationship.

Candidates are n-grams of ``n_min``..``n_max`` words (no stop word at either end, two content words
or more) found in at least ``min_docs`` documents and not merely part of a longer candidate found
in as many documents. A two-word candidate counts only when it recurs across years (``min_years``,
2): two words in two documents of one year are as likely a shared topic as a formula.

Left out, because they are not formulae about the relationship but who is speaking:
    names   a candidate holding a word of a person's name or alias (titles aside) from the actors
            table (``data/actors.csv``) or the mentions table ("general sergei shoigu", "defence
            minister rajnath singh", "prime minister narendra"), or holding or part of a forum or
            weapons system of the mentions table (``data/mentions.csv``: "shanghai cooperation");
    titles  a candidate with a title word (``data/speaker_words.csv``: minister, general, defence
            ...) whose content words are all titles or nationality words ("russian defence
            minister", "defence minister general"), or that is part of an organisation's name in
            the actors table ("defence ministry");
    reporting clauses
            a speech verb of kind say or tell (``data/speech_verbs.csv``) after a speaker word (a
            name, title, organisation, generic speaker or pronoun: "sergei shoigu said", "defence
            ministry said"), or opening the candidate before a stop word ("said at a meeting").

In order of document count, each candidate joins the first family whose canonical wording it
matches (``matching``), or of whose canonical wording it is a piece ("comprehensive defence" of
"comprehensive defence technology partnership"), or founds a new family; comparing with the canonical only, never with other
members, keeps families from chaining.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import pandas as pd

from ..corpus import normalise, tokens
from ..corpus.selection import select
from . import ngrams
from .matching import Formula, match_tokens

_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})


def _seq(text: str) -> tuple[str, ...]:
    return tuple(match_tokens(normalise.variants(text)))


@lru_cache(maxsize=1)
def speakers() -> dict[str, frozenset]:
    """What names a speaker: ``person_words`` (the words of people's names and aliases, titles
    left out), ``names`` (forums and weapons systems of the mentions table, as word sequences),
    ``organisations`` (names of organisations that speak), and single words: ``titles``,
    ``nationalities``, ``speaker_words`` (any word of a name, title, organisation or generic
    speaker, and pronouns), ``say`` (speech verbs)."""
    from ..claims.actor_tables import actors, words
    from ..claims.attribution import speech_verbs
    from ..explore.mentions import read_table

    table = actors()
    people, names, orgs = set(), set(), set()
    for row in table.itertuples():
        target = orgs if row.pronoun == "it" else people
        for alias in [row.canonical, *str(row.aliases).split("|")]:
            if alias.strip():
                target.add(_seq(alias))
    mentions = read_table()
    for row in mentions[mentions["category"].isin(["actor", "forum", "weapon_system"])].itertuples():
        for alias in [row.canonical, *str(row.aliases).split("|")]:
            if alias.strip():
                (people if row.category == "actor" else names).add(_seq(alias))
    w = words()
    titles = frozenset(t for t in w["title"] if not tokens.is_stopword(t))
    given = {
        t
        for seq in people
        for t in seq
        if len(t) > 1 and not tokens.is_stopword(t) and t not in titles and t not in w["nationality"]
    }
    forms, _ = speech_verbs()
    every = {t for seq in people | names | orgs for t in seq if not tokens.is_stopword(t)}
    names, orgs = {s for s in names if s}, {s for s in orgs if s}
    return {
        "person_words": frozenset(given),
        "names": frozenset(names),
        "name_pieces": _pieces(names),
        "organisations": frozenset(orgs),
        "organisation_pieces": _pieces(orgs),
        "titles": titles,
        "nationalities": frozenset(w["nationality"]),
        "speaker_words": frozenset(every | titles | set(w["generic"]) | _PRONOUNS),
        "say": frozenset(f for f, kind in forms.items() if kind in ("say", "tell") and " " not in f),
    }


def _pieces(seqs) -> frozenset:
    """Every run of consecutive words of every sequence in ``seqs`` (the empty run included when
    there is a sequence): ``_holds(seq, words)`` for some seq is ``words in _pieces(seqs)``."""
    out = {seq[i:j] for seq in seqs for i in range(len(seq) + 1) for j in range(i, len(seq) + 1)}
    return frozenset(out)


def _runs(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The runs of consecutive words of ``words``, of one word or more."""
    return (words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def _holds(words: tuple[str, ...], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(words[i : i + n] == seq for i in range(len(words) - n + 1))


def is_speaker(words: Iterable[str]) -> str:
    """Why a candidate is a name, a title or a reporting clause ("name", "title", "reporting
    clause"), or "" when it may be a formula."""
    return _why(tuple(words))


@lru_cache(maxsize=200_000)  # the same candidates come back for every year and family
def _why(words: tuple[str, ...]) -> str:
    sp = speakers()
    # a name within the words, or the words within a name: set lookups, not a scan of every name
    if (
        sp["person_words"].intersection(words)
        or words in sp["name_pieces"]
        or any(run in sp["names"] for run in _runs(words))
    ):
        return "name"
    for k, w in enumerate(words):
        if w in sp["say"] and (
            (k and words[k - 1] in sp["speaker_words"])
            or (k == 0 and len(words) > 1 and tokens.is_stopword(words[1]))
        ):
            return "reporting clause"
    content = [w for w in words if not tokens.is_stopword(w)]
    if any(w in sp["titles"] for w in content):
        if all(w in sp["titles"] or w in sp["nationalities"] for w in content):
            return "title"
        if words in sp["organisation_pieces"]:
            return "title"
    return ""


def _piece(words: list[str], canonical: list[str]) -> bool:
    """``words`` are a shorter run of consecutive words of ``canonical``: a piece of that formula."""
    return len(words) < len(canonical) and _holds(tuple(canonical), tuple(words))


def _years(coded: ngrams.Coded) -> dict[str, int]:
    """Number of years each phrase of ``coded`` occurs in."""
    _, index = ngrams.groups(coded.docs, "year")
    agg = ngrams.aggregate(coded, index)
    return agg.groupby("ngram")["group"].nunique().to_dict()


def discover(
    corpus: pd.DataFrame,
    *,
    n_min: int = 2,
    n_max: int = 6,
    min_docs: int = 2,
    min_years: int = 2,
    max_families: int = 20,
    exclude: Iterable[str] = (),
    max_distance: int | None = None,
    min_shared: float = 0.7,
) -> list[str]:
    """Canonical wordings of formulae that recur across documents (see the module docstring);
    candidates matching an ``exclude`` phrase (e.g. the seeds) are left to that phrase's family."""
    if not isinstance(max_families, int) or max_families < 0:
        raise ValueError(f"max_families must be an integer >= 0, got {max_families!r}")
    if not isinstance(min_years, int) or min_years < 1:
        raise ValueError(f"min_years must be an integer >= 1, got {min_years!r}")
    ranked = _ranked(corpus, n_min, n_max, min_docs, min_years)
    leaders = [Formula(p, "watch", max_distance=max_distance, min_shared=min_shared) for p in exclude]
    found: list[str] = []
    for words in ranked:
        if len(found) >= max_families:
            break
        toks = match_tokens(" ".join(words))
        if not any(f.accepts(toks) is not None or _piece(toks, f.tokens) for f in leaders):
            found.append(" ".join(words))
            leaders.append(Formula(found[-1], "discovered", max_distance=max_distance, min_shared=min_shared))
    return found


_RANKED: dict[tuple, list[tuple[str, ...]]] = {}  # the last corpus's candidates (watch lists, then families)


def _ranked(
    corpus: pd.DataFrame, n_min: int, n_max: int, min_docs: int, min_years: int
) -> list[tuple[str, ...]]:
    """The candidate formulae of ``corpus`` in rank order (most documents first), before any is
    excluded: kept for the corpus's content (ids, years, text), which notebook 03 asks about twice."""
    docs = select(corpus, columns=("text_norm",))
    content = pd.util.hash_pandas_object(docs[["doc_id", "year", "text_norm"]], index=False).to_numpy()
    key = (hashlib.blake2b(content.tobytes(), digest_size=16).hexdigest(), n_min, n_max, min_docs, min_years)
    if key in _RANKED:
        return _RANKED[key]
    coded = ngrams.encode(docs, n_min=n_min, n_max=n_max)
    agg = ngrams.aggregate(coded, np.zeros(len(coded.docs), dtype=np.int64), min_docs=min_docs)
    pairs = ngrams.Coded(
        coded.docs, tuple(lv for lv in coded.levels if lv.n == 2)
    )  # the 2-grams, not counted again
    two = _years(pairs) if n_min <= 2 else {}
    stops = tokens.stopwords()
    cand: dict[tuple[str, ...], tuple[int, int]] = {}
    for phrase, held, count in zip(agg["ngram"], agg["doc_count"], agg["count"], strict=True):
        words = tuple(phrase.split(" "))
        if words[0] in stops or words[-1] in stops or sum(w not in stops for w in words) < 2:
            continue
        if len(words) == 2 and two.get(phrase, 0) < min_years:
            continue
        if not is_speaker(match_tokens(phrase)):
            cand[words] = (int(held), int(count))
    covered = set()
    for words, (held, _) in cand.items():
        for size in range(n_min, len(words)):
            for i in range(len(words) - size + 1):
                sub = words[i : i + size]
                if sub in cand and cand[sub][0] == held:
                    covered.add(sub)
    ranked = sorted(
        (w for w in cand if w not in covered), key=lambda w: (-cand[w][0], -len(w), -cand[w][1], w)
    )
    _RANKED.clear()
    _RANKED[key] = ranked
    return ranked
