"""A first look at the corpus: lengths, lexical diversity, frequent terms and collocations.

All functions take the DataFrame of ``load_corpus`` and use only its included rows; they count on
``text_norm`` (spelling variants unified, lower-cased here) and return a new, sorted DataFrame.

Lexical diversity. The type-token ratio (TTR, distinct words / words) falls as a text grows,
because common words repeat, so it cannot compare a 200-word release with a 2,000-word speech.
The moving-average type-token ratio (MATTR; Covington and McFall 2010, "Cutting the Gordian knot:
the moving-average type-token ratio", *Journal of Quantitative Linguistics* 17(2): 94-100)
slides a window of ``window`` words (50 by default) one word at a time, takes the TTR of every
window and averages them: a length-robust measure. A text of ``window`` words or fewer has one
window, itself, so its MATTR *is* its TTR; the ``mattr_window`` column says which window was used.

Frequent terms. Words (n=1) and phrases (n=2, 3) are counted per year (or side, or outlet) by the
package's one n-gram engine (``phrases.ngrams``), inside *segments*, runs of words between
punctuation marks (``tokens.segments``), so a phrase never bridges a comma, a quote or a sentence
end. The stop-word rule is the engine's ``stop``: by default "edge", which drops n-grams that begin
or end with a stop word ("of defence") as well as those made only of stop words, so phrases read
as phrases (notebook 03's phrase tables count with "all"). Counts are normalised per 10,000 word
tokens of the group, and the number of documents that use a term (``doc_count``) shows whether one
document or many carry it.

Collocations. Word pairs that occur together more often than chance, scored with NLTK's
``BigramCollocationFinder`` and ``BigramAssocMeasures`` (Manning and Schütze 1999, ch. 5):
the log-likelihood ratio (Dunning 1993) rewards pairs that are both frequent and associated, PMI
(Church and Hanks 1990) rewards exclusive but possibly rare pairs, the t-score rewards frequent,
reliable pairs. Counting (the finder) is separate from scoring (the ``measure``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from ..corpus import tokens
from ..corpus.selection import by_date, select
from ..engine import processes
from ..phrases import ngrams

_NEEDED = ("date", "side", "text_norm")
GROUPS = ("year", "side", "outlet")
MEASURES = ("likelihood_ratio", "pmi", "student_t")
# other BigramAssocMeasures a caller may rank by; scored as an extra column
EXTRA_MEASURES = ("chi_sq", "dice", "jaccard", "poisson_stirling", "raw_freq")


def _by_date(corpus: pd.DataFrame, *, dated: bool = False) -> pd.DataFrame:
    """The selected documents (``selection.select``) sorted by date (undated last), then doc_id."""
    return by_date(select(corpus, dated=dated, columns=_NEEDED))


def _positive_int(name: str, value, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    """``tokens.sentences`` of a text, cached: Punkt is the slow step, and ``lengths`` runs twice
    over the same documents in a notebook (per document, per year)."""
    return tuple(tokens.sentences(text))


# ---- lengths and lexical diversity -----------------------------------------------------------


def ttr(words: Sequence[str]) -> float:
    """Type-token ratio: distinct words / words (NaN for no words)."""
    return len(set(words)) / len(words) if words else math.nan


def mattr(words: Sequence[str], *, window: int = 50) -> float:
    """Moving-average type-token ratio (Covington and McFall 2010): the mean TTR of every window of
    ``window`` consecutive words. One pass with sliding counts, O(n). Falls back to the TTR of the
    whole text when it has ``window`` words or fewer (NaN for no words)."""
    _positive_int("window", window)
    n = len(words)
    if n <= window:
        return ttr(words)
    # Summed over all windows, the types are the positions that are the first of their word in the
    # window: position j (its word last seen at p) is first in the windows starting in
    # max(p + 1, j - window + 1) .. min(j, n - window). Counted in numpy, one pass.
    _, ids = np.unique(np.asarray(words, dtype=object).astype(str), return_inverse=True)
    order = np.lexsort((np.arange(n), ids))
    prev = np.full(n, -1, dtype=np.int64)
    same = ids[order[1:]] == ids[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    j = np.arange(n)
    starts = np.minimum(j, n - window) - np.maximum(prev + 1, j - window + 1) + 1
    return float(np.clip(starts, 0, None).sum()) / (window * (n - window + 1))


LENGTH_COLUMNS = [
    "doc_id",
    "date",
    "year",
    "outlet",
    "side",
    "n_sentences",
    "n_tokens",
    "n_types",
    "ttr",
    "mattr",
    "mean_sentence_words",
    "mattr_window",
]


def _length_rows(docs: pd.DataFrame, *, window: int) -> list[dict]:
    """The rows of ``lengths`` for ``docs``, in their order (any chunk of them: ``engine.processes``)."""
    rows = []
    for doc in docs.itertuples(index=False):
        sents = _sentences(doc.text_norm)
        words = [w for s in sents for w in tokens.words(s, lower=True)]
        rows.append(
            {
                "doc_id": doc.doc_id,
                "date": doc.date,
                "year": doc.year,
                "outlet": doc.outlet,
                "side": doc.side,
                "n_sentences": len(sents),
                "n_tokens": len(words),
                "n_types": len(set(words)),
                "ttr": ttr(words),
                "mattr": mattr(words, window=window),
                "mean_sentence_words": len(words) / len(sents) if sents else math.nan,
                "mattr_window": min(window, len(words)),
            }
        )
    return rows


def lengths(corpus: pd.DataFrame, *, window: int = 50) -> pd.DataFrame:
    """Per included document: sentences, word tokens and types (lower-cased words of ``text_norm``),
    TTR, MATTR over ``window`` words, mean words per sentence. ``mattr_window`` is the window used:
    ``window``, or the document length when shorter (then MATTR equals TTR)."""
    _positive_int("window", window)
    rows = processes.rows(_length_rows, _by_date(corpus), window=window, desc="lengths: documents")
    out = pd.DataFrame(rows, columns=LENGTH_COLUMNS)
    return out.astype(
        {
            "date": "datetime64[ms]",
            "year": "Int64",
            "n_sentences": "int64",
            "n_tokens": "int64",
            "n_types": "int64",
            "ttr": "float64",
            "mattr": "float64",
            "mean_sentence_words": "float64",
            "mattr_window": "int64",
        }
    )


def lengths_by_year(corpus: pd.DataFrame, *, window: int = 50) -> pd.DataFrame:
    """Per year (dated documents only): documents, tokens, mean and median tokens per document,
    mean TTR and mean MATTR of the documents. Takes a corpus, or the table of ``lengths`` (then
    nothing is counted again and ``window`` is that table's)."""
    is_table = {"n_tokens", "ttr", "mattr"} <= set(corpus.columns) and "text_norm" not in corpus.columns
    per_doc = corpus if is_table else lengths(corpus, window=window)
    per_doc = per_doc[per_doc["year"].notna()]
    cols = ["year", "documents", "tokens", "mean_tokens", "median_tokens", "mean_ttr", "mean_mattr"]
    if per_doc.empty:
        return pd.DataFrame(columns=cols).astype({"year": "Int64"})
    out = (
        per_doc.groupby("year", sort=True)
        .agg(
            documents=("doc_id", "size"),
            tokens=("n_tokens", "sum"),
            mean_tokens=("n_tokens", "mean"),
            median_tokens=("n_tokens", "median"),
            mean_ttr=("ttr", "mean"),
            mean_mattr=("mattr", "mean"),
        )
        .reset_index()
    )
    return out[cols].astype({"year": "Int64", "median_tokens": "float64"})


# ---- frequent words and phrases -------------------------------------------------------------


def _check_by(by: str) -> str:
    if by not in GROUPS:
        raise ValueError(f"by must be one of {', '.join(GROUPS)}, got {by!r}")
    return by


def frequent_terms(
    corpus: pd.DataFrame,
    *,
    n: int = 1,
    top: int | None = 20,
    by: str = "year",
    min_count: int = 2,
    stop: str = "edge",
) -> pd.DataFrame:
    """The ``top`` most frequent words (n=1) or phrases (n=2, 3, ...) per ``by`` group (year, side
    or outlet; undated documents are left out when by="year"), counted by ``ngrams.encode`` with
    the stop-word rule ``stop`` ("edge", "all" or "none"; see ``phrases.ngrams``).

    Columns: <by>, term, count, doc_count (documents of the group using it), per_10k (count per
    10,000 word tokens of the group), rank (1 = most frequent; ties by doc_count, then
    alphabetically), tokens (word tokens of the group). Terms below ``min_count`` in their group
    are dropped; ``top=None`` keeps all.
    """
    _positive_int("n", n)
    _positive_int("min_count", min_count)
    if top is not None:
        _positive_int("top", top)
    _check_by(by)
    docs = select(corpus, dated=by == "year", columns=_NEEDED)
    coded = ngrams.encode(docs, n_min=n, n_max=n, stop=stop)
    values, index = ngrams.groups(coded.docs, by)
    ok = index >= 0
    totals = np.bincount(index[ok], weights=coded.docs["tokens"].to_numpy()[ok], minlength=len(values))
    agg = ngrams.aggregate(coded, index)
    agg = agg[agg["count"].to_numpy() >= min_count]
    agg = agg.sort_values(
        ["group", "count", "doc_count", "ngram"], ascending=[True, False, False, True], kind="mergesort"
    )
    rank = agg.groupby("group", sort=False).cumcount().to_numpy() + 1
    agg = agg.assign(rank=rank)
    if top:
        agg = agg[rank <= top]
    g = agg["group"].to_numpy()
    out = pd.DataFrame(
        {
            by: pd.array(values[g], dtype="Int64") if by == "year" else values[g].astype(object),
            "term": agg["ngram"].to_numpy(dtype=object),
            "count": agg["count"].to_numpy(dtype=np.int64),
            "doc_count": agg["doc_count"].to_numpy(dtype=np.int64),
            "per_10k": agg["count"].to_numpy() / totals[g] * 10_000,
            "rank": agg["rank"].to_numpy(dtype=np.int64),
            "tokens": totals[g].astype(np.int64),
        }
    )
    return out


# ---- collocations ---------------------------------------------------------------------------


def content_word_filter(word: str) -> bool:
    """True for words a collocation may not contain: stop words and tokens with no letter
    ("2018", "₹5,000", "2+2"). Model names keep their letters and stay ("S-400", "Su-30MKI")."""
    return tokens.is_stopword(word) or not re.search(r"[^\W\d_]", word)


def collocations(
    corpus: pd.DataFrame,
    *,
    measure: str = "likelihood_ratio",
    top: int | None = 20,
    min_freq: int = 2,
    window: int = 2,
    word_filter: Callable[[str], bool] = content_word_filter,
) -> pd.DataFrame:
    """Bigram collocations of the included corpus, scored with NLTK's association measures.

    The finder is built from the lower-cased segments of ``text_norm`` (``from_documents``, so a
    pair never bridges punctuation or a sentence end); ``window`` > 2 counts pairs up to
    ``window - 1`` words apart (Church and Hanks 1990; NLTK scales their counts by
    1 / (window - 1)). Pairs seen fewer than ``min_freq`` times, or with a word for which
    ``word_filter`` is true (stop words, numbers), are dropped.

    Columns: bigram, w1, w2, freq, likelihood_ratio, pmi, student_t (plus ``measure`` if another
    ``BigramAssocMeasures`` name), rank. Rows are ranked by ``measure``, ties by w1, w2.
    """
    from ..corpus.tokens import import_nltk

    import_nltk()  # on first use: half a second
    from nltk.collocations import (
        BigramAssocMeasures,
        BigramCollocationFinder,
    )

    if measure not in MEASURES + EXTRA_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES + EXTRA_MEASURES)}, got {measure!r}")
    if top is not None:
        _positive_int("top", top)
    _positive_int("min_freq", min_freq)
    _positive_int("window", window, minimum=2)
    segs = [seg for text in _by_date(corpus)["text_norm"] for seg in tokens.segments(text)]
    if window == 2:
        finder = BigramCollocationFinder.from_documents(segs)
    else:  # pad each segment as from_documents does, with window - 1 gaps
        padded = [w for seg in segs for w in [*seg, *[None] * (window - 1)]]
        finder = BigramCollocationFinder.from_words(padded, window_size=window)
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(word_filter)
    names = list(MEASURES) + ([measure] if measure not in MEASURES else [])
    scores = {name: dict(finder.score_ngrams(getattr(BigramAssocMeasures, name))) for name in names}
    rows = [
        {
            "bigram": f"{w1} {w2}",
            "w1": w1,
            "w2": w2,
            "freq": freq,
            **{name: scores[name][(w1, w2)] for name in names},
        }
        for (w1, w2), freq in finder.ngram_fd.items()
    ]
    out = pd.DataFrame(rows, columns=["bigram", "w1", "w2", "freq", *names])
    out = out.sort_values([measure, "w1", "w2"], ascending=[False, True, True], kind="mergesort")
    out = out.head(top) if top else out
    out = out.reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out.astype({"freq": "int64", **dict.fromkeys(names, "float64"), "rank": "int64"})
