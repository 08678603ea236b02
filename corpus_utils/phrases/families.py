"""Phrase families ("formula drift"): the wordings of one formula across documents, years and sides.

A family has a canonical wording: a seed from ``watch_phrases`` (a list, or a text file with one
phrase per line), or a phrase ``discover`` finds because it recurs across documents. Its members
are the passages of the included documents close enough to the canonical wording.

Matching form
    Wordings are compared as lower-case word tokens in which "&" is "and" and a hyphen is a space
    ("military-technical" = "military technical"), on ``text_norm`` (spelling variants unified; seeds
    get the same variants table). The reported ``variant`` is the exact wording of the passage in the
    original ``text`` where text and text_norm align, else its ``text_norm`` wording.

Relations of a wording w to the canonical c (token lists in matching form)
    ``exact`` (w = c); ``contains`` (w holds every word of c in order, with extra words: a longer
    phrase containing the formula); ``contained`` (w is c with words left out); ``reordered`` (the
    words in another order: the multiset difference, ``bag_distance``, is smaller than the distance
    in order); ``edit``
    (substitutions, or a mix). ``distance`` is the token-level Levenshtein distance (insertions,
    deletions and substitutions of whole words, rapidfuzz), so a containment is never a perfect
    match: a longer phrase is as far as it has extra words. Containment is kept as its own relation
    because a score like ``partial_ratio`` or ``token_set_ratio`` rates every containment 100.

Finding occurrences
    Every sentence of the included documents is scanned with windows of m - k to m + k words, m the
    canonical's length and k = ``max_distance`` (default 40% of m, at least 1). A window is a member
    when its distance (or, for a reordering, its bag distance) is at most k and it shares at least
    ``min_shared`` (70%) of the canonical's content words (not stop words), which keeps "cooperation
    and strategic partnership" out of the family of "special and privileged strategic partnership"
    and "Belarusian Defence Minister" out of that of "Russian Defence Minister". Overlapping windows:
    the one holding more of the formula's words in order wins (so "comprehensive defence technology
    and trade partnership" is kept whole rather than cut to "comprehensive defence technology"), then
    the lower distance, then one that does not begin or end with a stop word foreign to the formula
    ("a particularly privileged ..."), then the longer (a substituted word at the edge stays in the
    wording), then the earlier.

Discovery
    Candidate phrases are n-grams (``n_min``..``n_max`` words, no stop word at either end, two content
    words or more) found in at least ``min_docs`` documents and not merely part of a longer candidate
    found in as many documents. In order of document count, each candidate joins the first family
    whose canonical wording it matches (as above) or founds a new family; comparing with the
    canonical only, never with other members, keeps families from chaining.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import normalise, tokens, wording
from ..corpus.selection import select
from ..errors import CorpusError
from ..paths import resolve
from . import ngrams
from .matching import Formula, match_tokens, relation, spans

COLUMNS = ["family", "variant", "doc_id", "year", "outlet", "side"]
EXTRA = ["relation", "distance", "source", "wording", "sentence", "start", "end"]


def watch_list(watch_phrases: Iterable[str] | str | Path | None) -> list[str]:
    """Seed phrases from a list, or from a text file with one phrase per line (``#`` comments)."""
    if watch_phrases is None:
        return []
    if isinstance(watch_phrases, (str, Path)):
        path = resolve(watch_phrases)
        if not path.is_file():
            raise CorpusError(
                f"watch_phrases: no file {str(watch_phrases)!r}; pass a list of phrases "
                "or the path of a text file with one phrase per line"
            )
        items = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        items = [ln for ln in items if ln and not ln.startswith("#")]
    else:
        items = list(watch_phrases)
        bad = [p for p in items if not isinstance(p, str)]
        if bad:
            raise CorpusError(f"watch_phrases: every phrase must be a string, got {bad[0]!r}")
    out, seen = [], set()
    for p in (" ".join(p.split()) for p in items):
        key = tuple(match_tokens(normalise.variants(p)))
        if p and key not in seen:
            seen.add(key)
            out.append(p)
    return out


def discover(
    corpus: pd.DataFrame,
    *,
    n_min: int = 3,
    n_max: int = 6,
    min_docs: int = 2,
    max_families: int = 20,
    exclude: Iterable[str] = (),
    max_distance: int | None = None,
    min_shared: float = 0.7,
) -> list[str]:
    """Canonical wordings of formulae that recur across documents (see the module docstring);
    candidates matching an ``exclude`` phrase (e.g. the seeds) are left to that phrase's family."""
    if not isinstance(max_families, int) or max_families < 0:
        raise ValueError(f"max_families must be an integer >= 0, got {max_families!r}")
    coded = ngrams.encode(corpus, n_min=n_min, n_max=n_max)
    agg = ngrams.aggregate(coded, np.zeros(len(coded.docs), dtype=np.int64), min_docs=min_docs)
    stops = tokens.stopwords()
    cand: dict[tuple[str, ...], tuple[int, int]] = {}
    for phrase, docs, count in zip(agg["ngram"], agg["doc_count"], agg["count"], strict=True):
        words = tuple(phrase.split(" "))
        if words[0] not in stops and words[-1] not in stops and sum(w not in stops for w in words) >= 2:
            cand[words] = (int(docs), int(count))
    covered = set()
    for words, (docs, _) in cand.items():
        for size in range(n_min, len(words)):
            for i in range(len(words) - size + 1):
                sub = words[i : i + size]
                if sub in cand and cand[sub][0] == docs:
                    covered.add(sub)
    ranked = sorted(
        (w for w in cand if w not in covered), key=lambda w: (-cand[w][0], -len(w), -cand[w][1], w)
    )
    leaders = [Formula(p, "watch", max_distance=max_distance, min_shared=min_shared) for p in exclude]
    found: list[str] = []
    for words in ranked:
        if len(found) >= max_families:
            break
        if not any(f.accepts(list(words)) is not None for f in leaders):
            found.append(" ".join(words))
            leaders.append(Formula(found[-1], "discovered", max_distance=max_distance, min_shared=min_shared))
    return found


def _original(text: str, norm: str, ranges: list[tuple[int, int]]) -> list[str]:
    """The wording in ``text`` of each character range of ``norm`` (the ``norm`` wording when the two
    do not align there), through the package's one token mapping, ``wording.token_map``."""
    if text == norm:
        return [norm[a:b] for a, b in ranges]
    nt, ot = spans(norm), spans(text)
    mapping = wording.token_map([t[2] for t in ot], [t[2] for t in nt])
    starts = [t[0] for t in nt]
    out = []
    for a, b in ranges:
        i = int(np.searchsorted(starts, a))
        j = int(np.searchsorted(starts, b))
        found = norm[a:b]
        if ot and j > i:
            c0, c1 = wording.char_span(mapping, [(t[0], t[1]) for t in ot], i, j)
            cand = text[c0:c1]
            if match_tokens(normalise.variants(cand)) == match_tokens(found):
                found = cand
        out.append(found)
    return out


def occurrences(
    corpus: pd.DataFrame,
    *,
    watch_phrases: Iterable[str] | str | Path | None = None,
    discover_families: bool = True,
    max_distance: int | None = None,
    min_shared: float = 0.7,
    discover_min_docs: int = 2,
    max_discovered: int = 20,
) -> pd.DataFrame:
    """Every occurrence of every family: ``family, variant, doc_id, year, outlet, side``, then
    ``relation, distance, source`` ('watch' or 'discovered'), ``wording`` (matching form),
    ``sentence`` (text_norm), ``start, end`` (character offsets of the passage in text_norm)."""
    if max_distance is not None and (not isinstance(max_distance, int) or max_distance < 0):
        raise ValueError(f"max_distance must be None or an integer >= 0, got {max_distance!r}")
    if not 0 < min_shared <= 1:
        raise ValueError(f"min_shared must be in (0, 1], got {min_shared!r}")
    inc = select(corpus, columns=("side", "text_norm"))
    seeds = watch_list(watch_phrases)
    found = (
        discover(
            inc,
            min_docs=discover_min_docs,
            max_families=max_discovered,
            exclude=seeds,
            max_distance=max_distance,
            min_shared=min_shared,
        )
        if discover_families
        else []
    )
    formulae = [Formula(p, "watch", max_distance=max_distance, min_shared=min_shared) for p in seeds]
    formulae += [Formula(p, "discovered", max_distance=max_distance, min_shared=min_shared) for p in found]
    if "text" not in inc.columns:  # without the original text, wordings are quoted from text_norm
        inc = inc.assign(text=inc["text_norm"])
    rows = []
    for doc in inc.itertuples(index=False):
        norm = doc.text_norm or ""
        vocab = set(match_tokens(norm))
        todo = [f for f in formulae if len(f.content & vocab) >= f.need]
        if not todo:
            continue
        hits = []
        for s0, s1 in tokens.sentence_spans(norm):
            sent = norm[s0:s1]
            at = spans(sent)
            toks = [t[2] for t in at]
            for f in todo:
                for i, j in f.find(toks):
                    hits.append((f, s0 + at[i][0], s0 + at[j - 1][1], sent, toks[i:j]))
        variants = _original(doc.text or "", norm, [(a, b) for _, a, b, _, _ in hits])
        for (f, a, b, sent, toks), variant in zip(hits, variants, strict=True):
            rel, dist = relation(toks, f.tokens)
            rows.append(
                (
                    f.label,
                    variant,
                    doc.doc_id,
                    doc.year,
                    doc.outlet,
                    doc.side,
                    rel,
                    dist,
                    f.source,
                    " ".join(toks),
                    sent,
                    a,
                    b,
                )
            )
    out = pd.DataFrame(rows, columns=COLUMNS + EXTRA)
    out = out.astype(
        {
            "year": "Int64",
            "distance": "int64",
            "start": "int64",
            "end": "int64",
            **{c: "str" for c in COLUMNS + EXTRA if c not in ("year", "distance", "start", "end")},
        }
    )
    rank = {f.label: i for i, f in enumerate(formulae)}
    key = out["family"].map(rank).to_numpy(dtype=np.int64)
    return (
        out.assign(_k=key)
        .sort_values(["_k", "year", "doc_id", "start"], kind="stable", na_position="last")
        .drop(columns="_k")
        .reset_index(drop=True)
    )


def _key(variant: pd.Series) -> pd.Series:
    """Wordings that differ only in case or spacing are one wording."""
    return variant.str.lower().str.split().str.join(" ")


def wordings(occurrences: pd.DataFrame) -> pd.DataFrame:
    """Which wording each side uses: ``family, side, variant, count, docs, share`` (share of the
    side's occurrences of the family), most used first; ``variant`` is the most frequent exact form."""
    occ = occurrences.assign(_w=_key(occurrences["variant"]))
    form = (
        occ.groupby(["family", "_w", "variant"])
        .size()
        .rename("k")
        .reset_index()
        .sort_values(["family", "_w", "k", "variant"], ascending=[True, True, False, True])
        .drop_duplicates(["family", "_w"])
        .set_index(["family", "_w"])["variant"]
    )
    out = (
        occ.groupby(["family", "side", "_w"])
        .agg(count=("doc_id", "size"), docs=("doc_id", "nunique"))
        .reset_index()
    )
    out["share"] = out["count"] / out.groupby(["family", "side"])["count"].transform("sum")
    out["variant"] = form.reindex(pd.MultiIndex.from_frame(out[["family", "_w"]])).to_numpy()
    out = out.sort_values(
        ["family", "side", "count", "docs", "_w"], ascending=[True, True, False, False, True]
    )
    return out[["family", "side", "variant", "count", "docs", "share"]].reset_index(drop=True)


def summary(occurrences: pd.DataFrame) -> pd.DataFrame:
    """One row per family: ``family, source, first_year, last_year, n_occurrences, n_docs, n_variants,
    variants`` ("wording (count); ..."), then ``prefers_<side>``, each side's most used wording."""
    if occurrences.empty:
        return pd.DataFrame(
            columns=[
                "family",
                "source",
                "first_year",
                "last_year",
                "n_occurrences",
                "n_docs",
                "n_variants",
                "variants",
            ]
        )
    occ = occurrences.assign(_w=_key(occurrences["variant"]))
    grouped = occ.groupby("family", sort=False)
    out = pd.DataFrame(
        {
            "source": grouped["source"].first(),
            "first_year": grouped["year"].min(),
            "last_year": grouped["year"].max(),
            "n_occurrences": grouped.size(),
            "n_docs": grouped["doc_id"].nunique(),
            "n_variants": grouped["_w"].nunique(),
        }
    )
    words = wordings(occurrences)
    overall = (
        words.groupby(["family", "variant"], sort=False)["count"]
        .sum()
        .reset_index()
        .sort_values(["family", "count", "variant"], ascending=[True, False, True])
    )
    out["variants"] = overall.groupby("family").apply(
        lambda g: "; ".join(f"{v} ({c})" for v, c in zip(g["variant"], g["count"], strict=True))
    )
    for side, top in words.drop_duplicates(["family", "side"]).groupby("side"):
        out[f"prefers_{side}"] = top.set_index("family")["variant"].reindex(out.index)
    return out.reset_index()


def matrix(
    occurrences: pd.DataFrame, *, value: str = "count", years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Family x year table of occurrences (``value="count"``) or documents (``"docs"``); undated
    occurrences left out; ``years`` adds columns for years without any occurrence."""
    if value not in ("count", "docs"):
        raise ValueError(f"value must be 'count' or 'docs', got {value!r}")
    dated = occurrences[occurrences["year"].notna()]
    families = list(dict.fromkeys(occurrences["family"]))
    if value == "count":
        table = dated.groupby(["family", "year"]).size()
    else:
        table = dated.groupby(["family", "year"])["doc_id"].nunique()
    wide = (
        table.unstack("year", fill_value=0) if len(table) else pd.DataFrame(index=pd.Index([], name="family"))
    )
    cols = sorted(set(wide.columns) | set(years or ()))
    wide = wide.reindex(index=families, columns=cols, fill_value=0).astype("int64")
    wide.columns.name = "year"
    return wide
