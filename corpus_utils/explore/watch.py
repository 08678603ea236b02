"""Which terms and formulae the notebooks follow when the user names none.

``watch_terms`` (keyword in context, dispersion, spelling families) and ``watch_phrases`` (formulae
followed as phrase families) are parameters. A list the user gives always wins. When none is given
(``None``):

- on the shipped seeds folder (``paths.SEEDS_DIR``) the India-Russia lists of
  ``data/watch_seeds.csv`` are used, the study the seeds were collected for;
- on any other corpus the lists come from the corpus itself:

  terms    the ``n_terms`` content words with the highest tf-idf summed over the corpus
           (occurrences x (ln((1 + N) / (1 + df)) + 1), the smoothed inverse document frequency of
           Salton and Buckley 1988 as scikit-learn computes it): words that are frequent where they
           occur without being spread evenly over every document. Stop words, tokens without a
           letter, words shorter than three letters, speech verbs (``data/speech_verbs.csv``:
           "said") and names of people (``discovery.is_speaker``)
           are left out; a word must occur twice (in a corpus of one document, once);
  phrases  the ``n_phrases`` most recurrent formulae of ``discovery.discover``: phrases found in
           the most documents (two-word ones across years), names and reporting clauses left out.

``watch_lists`` returns the lists and a sentence saying which rule chose them, for the notebook to
print. An empty corpus, or one with no recurring phrase, gives empty lists and says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import datatable
from ..claims.attribution import speech_verbs
from ..corpus.selection import select
from ..errors import CorpusError
from ..paths import SEEDS_DIR, resolve
from ..phrases import discovery, ngrams
from .lexical import content_word_filter

__all__ = ["distinctive_terms", "is_seeds", "seed_lists", "watch_lists"]


def seed_lists(source=None) -> tuple[list[str], list[str]]:
    """(terms, phrases) of ``data/watch_seeds.csv`` (or another table with columns list, item)."""
    rows = datatable.rows(datatable.locate(source, "watch_seeds.csv"), columns=["list", "item"], what="watch")
    out: dict[str, list[str]] = {"terms": [], "phrases": []}
    for line, row in rows:
        if row["list"] not in out:
            raise CorpusError(
                datatable.where(datatable.locate(source, "watch_seeds.csv"), line, "watch")
                + f": list {row['list']!r} is not terms or phrases"
            )
        if row["item"]:
            out[row["list"]].append(row["item"])
    return out["terms"], out["phrases"]


def is_seeds(source: str | Path | None) -> bool:
    """Whether ``source`` (the ``corpus`` parameter) is the shipped seeds folder."""
    if source is None:
        return False
    return resolve(source) == SEEDS_DIR.resolve()


def distinctive_terms(corpus: pd.DataFrame, *, top: int = 5) -> list[str]:
    """The ``top`` content words of highest summed tf-idf in the included documents (module docstring)."""
    docs = select(corpus, columns=("text_norm",))
    if not len(docs) or top < 1:
        return []
    coded = ngrams.encode(docs, n_min=1, n_max=1, stop="edge")
    agg = ngrams.aggregate(coded, np.zeros(len(coded.docs), dtype=np.int64))
    if not len(agg):
        return []
    n = len(coded.docs)
    count = agg["count"].to_numpy(dtype=float)
    df = agg["doc_count"].to_numpy(dtype=float)
    table = pd.DataFrame(
        {
            "term": agg["ngram"].astype(str).to_numpy(),
            "count": count,
            "score": count * (np.log((1 + n) / (1 + df)) + 1),
        }
    )
    floor = 2 if n > 1 else 1
    verbs = set(speech_verbs()[0])
    keep = [
        c >= floor
        and len(t) >= 3
        and not content_word_filter(t)
        and t not in verbs
        and not discovery.is_speaker((t,))
        for t, c in zip(table["term"], table["count"], strict=True)
    ]
    table = table[keep].sort_values(
        ["score", "count", "term"], ascending=[False, False, True], kind="mergesort"
    )
    return table["term"].head(top).tolist()


def watch_lists(
    corpus: pd.DataFrame,
    *,
    source: str | Path | None = None,
    watch_terms: list[str] | None = None,
    watch_phrases: list[str] | str | None = None,
    phrases: bool = True,
    n_terms: int = 5,
    n_phrases: int = 5,
) -> tuple[list[str], list[str] | str, str]:
    """(terms, phrases, note) in force for ``corpus`` (the selected documents) loaded from ``source``.

    A given list (or, for phrases, a file path) is kept as it is; ``None`` is chosen by the rules of
    the module docstring. ``phrases=False``: the caller follows no phrases (phrases stay ``[]``
    unless given, and nothing is discovered)."""
    given_terms, given_phrases = watch_terms is not None, watch_phrases is not None
    terms = list(watch_terms) if given_terms else []
    found: list[str] | str = (
        (list(watch_phrases) if isinstance(watch_phrases, list | tuple) else watch_phrases)
        if given_phrases
        else []
    )
    need_phrases = phrases and not given_phrases
    if given_terms and not need_phrases:
        return terms, found, "Watch lists as given."
    if is_seeds(source):
        seed_terms, seed_phrases = seed_lists()
        terms = terms if given_terms else seed_terms
        found = seed_phrases if need_phrases else found
        return (
            terms,
            found,
            (
                "Watch lists not given: the India\u2013Russia lists of the seeds (data/watch_seeds.csv)"
                + (", terms as given." if given_terms else ".")
            ),
        )
    said = []
    if not given_terms:
        terms = distinctive_terms(corpus, top=n_terms)
        said.append(
            f"terms: the {n_terms} most distinctive words (highest tf-idf) \u2014 "
            + (", ".join(f"'{t}'" for t in terms) or "none found")
        )
    if need_phrases:
        docs = select(corpus, columns=("text_norm",))
        found = discovery.discover(docs, max_families=n_phrases) if len(docs) else []
        said.append(
            f"phrases: the {n_phrases} most recurrent formulae found in the corpus \u2014 "
            + (", ".join(f"'{p}'" for p in found) or "none recurs across documents")
        )
    return terms, found, "Watch lists chosen from the corpus (none given); " + "; ".join(said) + "."
