"""Phrase families ("formula drift"): the wordings of one formula across documents, years and sides.

A family has a canonical wording and its members are the passages of the included documents close
enough to it (``matching`` gives the rules: substitutions, insertions, deletions, reordering, a
substituted head noun, inserted modifiers; never a piece that ends inside a coordination or crosses
a clause boundary). Wordings are compared on ``text_norm`` (spelling variants unified); the reported
``variant`` is the exact wording of the passage in the original ``text`` where text and text_norm
align, else its ``text_norm`` wording. Families come from four places (``source``):

``watch``       a phrase of ``watch_phrases`` (a list, or a text file with one phrase per line);
``spelling``    a watched term (``watch_terms``) that the variants table (``data/variants.csv``) spells
                in several ways: its members are the term's exact occurrences, in their original
                spellings ("AK203", "AK 203" for "AK-203");
``discovered``  a formula ``discovery.discover`` finds because it recurs across documents (names,
                titles and reporting clauses left out);
``passage``     a recycled passage (``reuse.passages``): discovered families whose every occurrence
                lies inside one passage are pieces of it, not formulae of their own, and are shown
                as that passage, one family whose wordings are the passage's two versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import normalise, tokens, wording
from ..corpus.selection import select
from ..engine import processes
from ..errors import CorpusError
from ..paths import resolve
from . import family_sources
from .discovery import discover
from .matching import Formula, gaps, match_tokens, relation
from .matching import spans as _spans

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


def _original(text: str, norm: str, ranges: list[tuple[int, int]]) -> list[str]:
    """The wording in ``text`` of each character range of ``norm`` (the ``norm`` wording when the two
    do not align there), through the package's one token mapping, ``wording.token_map``."""
    if text == norm:
        return [norm[a:b] for a, b in ranges]
    nt, ot = _spans(norm), _spans(text)
    mapping = wording.token_map([t[2] for t in ot], [t[2] for t in nt])
    # built once per document, not per range: a range's cost stays independent of the document's length
    starts = np.fromiter((t[0] for t in nt), dtype=np.int64, count=len(nt))
    orig = [(t[0], t[1]) for t in ot]
    out = []
    for a, b in ranges:
        i = int(np.searchsorted(starts, a))
        j = int(np.searchsorted(starts, b))
        found = norm[a:b]
        if ot and j > i:
            c0, c1 = wording.char_span(mapping, orig, i, j)
            cand = text[c0:c1]
            if match_tokens(normalise.variants(cand)) == match_tokens(found):
                found = cand
        out.append(found)
    return out


def _watched_first(hits: list[tuple]) -> list[tuple]:
    """A discovered family does not take a passage that a watched or spelling family's occurrence
    overlaps: "military and technical cooperation" stays that formula's, not "military cooperation"'s."""
    claimed = [(a, b) for f, a, b, _, _ in hits if f.source != "discovered"]
    return [h for h in hits if h[0].source != "discovered" or all(h[2] <= a or h[1] >= b for a, b in claimed)]


_SEEN: dict[str, tuple] = {}  # sentence -> (spans, tokens, gaps, {formula: matches}): copies repeat them


def _family_rows(docs: pd.DataFrame, *, formulae: list[Formula]) -> list[tuple]:
    """The occurrence rows of ``docs`` (in order), one per formula found in a sentence. Each
    document on its own, so ``engine.processes`` may run chunks of them in forked processes; the
    sentence memo (``_SEEN``) lives on in each process across its chunks."""
    rows = []
    for doc in docs.itertuples(index=False):
        norm = doc.text_norm or ""
        vocab = set(match_tokens(norm))
        todo = [f for f in formulae if len(f.content & vocab) >= f.min_vocab]
        if not todo:
            continue
        hits = []
        for s0, s1 in tokens.sentence_spans(norm):
            sent = norm[s0:s1]
            if sent not in _SEEN:
                if len(_SEEN) > 200_000:
                    _SEEN.clear()
                spans = _spans(sent)
                _SEEN[sent] = (spans, [t[2] for t in spans], gaps(sent, spans), {})
            spans, toks, gap, found = _SEEN[sent]
            for f in todo:
                if f not in found:
                    found[f] = f.find(toks, gap)
                for i, j in found[f]:
                    hits.append((f, s0 + spans[i][0], s0 + spans[j - 1][1], sent, toks[i:j]))
        hits = _watched_first(hits)
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
    return rows


def occurrences(
    corpus: pd.DataFrame,
    *,
    watch_phrases: Iterable[str] | str | Path | None = None,
    discover_families: bool = True,
    max_distance: int | None = None,
    min_shared: float = 0.7,
    discover_min_docs: int = 2,
    max_discovered: int = 20,
    watch_terms: Iterable[str] = (),
    passages: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every occurrence of every family: ``family, variant, doc_id, year, outlet, side``, then
    ``relation, distance, source`` ('watch', 'spelling', 'discovered' or 'passage'), ``wording``
    (matching form), ``sentence`` (text_norm), ``start, end`` (character offsets in text_norm).
    ``watch_terms`` with several spellings in the variants table found spelling families;
    ``passages`` (``reuse.passages`` of the same corpus) turns discovered families that lie inside
    one recycled passage into that passage's family."""
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
    formulae += [
        Formula(t, "spelling", max_distance=0, min_shared=1.0, exact=True)
        for t in family_sources.spelling_terms(watch_terms, exclude=seeds)
    ]
    formulae += [Formula(p, "discovered", max_distance=max_distance, min_shared=min_shared) for p in found]
    rank = {f.label: i for i, f in enumerate(formulae)}
    if "text" not in inc.columns:  # without the original text, wordings are quoted from text_norm
        inc = inc.assign(text=inc["text_norm"])
    _SEEN.clear()
    rows = processes.rows(_family_rows, inc, formulae=formulae, desc="phrase families: documents")
    _SEEN.clear()
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
    if passages is not None:
        out = family_sources.as_passages(out, passages, inc)
    key = out["family"].map(rank).fillna(len(rank)).to_numpy(dtype=np.int64)
    return (
        out.assign(_k=key)
        .sort_values(["_k", "family", "year", "doc_id", "start"], kind="stable", na_position="last")
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
