"""Lengths and lexical diversity, frequent terms, collocations (corpus_utils.explore.lexical)."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest
from conftest import synthetic_doc
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from corpus_utils.corpus import tokens
from corpus_utils.errors import CorpusError
from corpus_utils.explore import lexical as explore

# ---- MATTR and TTR ---------------------------------------------------------------------------


def naive_mattr(words, window):
    if len(words) <= window:
        return len(set(words)) / len(words) if words else math.nan
    ttrs = [len(set(words[i : i + window])) / window for i in range(len(words) - window + 1)]
    return sum(ttrs) / len(ttrs)


@pytest.mark.parametrize(
    ("words", "window", "expected"),
    [
        # windows [a b a] [b a c] [a c b]: (2 + 3 + 3) / 9
        ("a b a c b", 3, 8 / 9),
        # windows [a a] [a a] [a a]: all 1/2
        ("a a a a", 2, 0.5),
        # windows [a b] [b a] [a b]: all 2/2
        ("a b a b", 2, 1.0),
        # [a b c] [b c c] [c c c] [c c d]: (3 + 2 + 1 + 2) / 12
        ("a b c c c d", 3, 8 / 12),
        # shorter than the window: falls back to TTR (3 types / 4 tokens)
        ("a b a c", 50, 3 / 4),
        # exactly the window: one window, MATTR = TTR
        ("a b a c", 4, 3 / 4),
        ("solo", 1, 1.0),
    ],
)
def test_mattr_hand_computed(words, window, expected):
    assert explore.mattr(words.split(), window=window) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("a b a c b", 3 / 5),
        ("a a a a", 1 / 4),
        ("x", 1.0),
        ("the the cat", 2 / 3),
    ],
)
def test_ttr(words, expected):
    assert explore.ttr(words.split()) == pytest.approx(expected)


def test_mattr_and_ttr_of_nothing_is_nan():
    assert math.isnan(explore.ttr([]))
    assert math.isnan(explore.mattr([], window=3))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("window", [1, 2, 7, 50])
def test_mattr_sliding_counts_equal_naive(seed, window):
    rng = random.Random(seed)
    words = [rng.choice("abcdefghij") for _ in range(rng.randint(1, 300))]
    assert explore.mattr(words, window=window) == pytest.approx(naive_mattr(words, window))


@pytest.mark.parametrize("window", [0, -3, 2.5, True, "50"])
def test_mattr_rejects_bad_window(window):
    with pytest.raises(ValueError, match="window"):
        explore.mattr(["a", "b"], window=window)


# ---- lengths ---------------------------------------------------------------------------------


def test_lengths_on_seeds(seeds):
    before = seeds.copy()
    out = explore.lengths(seeds)
    pd.testing.assert_frame_equal(seeds, before)  # input untouched
    assert list(out.columns[:11]) == [
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
    ]
    assert len(out) == seeds["included"].sum() == 5
    assert out["date"].is_monotonic_increasing
    assert (out["mattr"] > out["ttr"]).all()  # longer than 50 words: MATTR above TTR
    assert (out["mattr_window"] == 50).all()
    for row in out.itertuples():
        text = seeds.loc[seeds["doc_id"] == row.doc_id, "text_norm"].item()
        words = tokens.words(text, lower=True)
        assert row.n_tokens == len(words)
        assert row.n_types == len(set(words))
        assert row.ttr == pytest.approx(len(set(words)) / len(words))
        assert row.mattr == pytest.approx(naive_mattr(words, 50))
        assert row.mean_sentence_words == pytest.approx(row.n_tokens / row.n_sentences)


def test_lengths_short_document_falls_back_to_ttr(make_corpus):
    corpus = make_corpus(
        {"a": synthetic_doc("2020-01-02", "The minister and the general met in the city today.")}
    )
    out = explore.lengths(corpus, window=50)
    row = out.iloc[0]
    # "the" three times: 8 types in 10 tokens
    assert row["n_tokens"] == 10 and row["n_types"] == 8 and row["n_sentences"] == 1
    assert row["mattr_window"] == 10
    assert row["mattr"] == row["ttr"] == pytest.approx(0.8)


def test_lengths_by_year_on_seeds(seeds):
    per_doc = explore.lengths(seeds)
    out = explore.lengths_by_year(seeds)
    assert list(out.columns) == [
        "year",
        "documents",
        "tokens",
        "mean_tokens",
        "median_tokens",
        "mean_ttr",
        "mean_mattr",
    ]
    assert out["year"].tolist() == [2018, 2020, 2021, 2023]
    y2021 = out.set_index("year").loc[2021]
    docs2021 = per_doc[per_doc["year"] == 2021]
    assert y2021["documents"] == 2
    assert y2021["tokens"] == docs2021["n_tokens"].sum()
    assert y2021["mean_tokens"] == pytest.approx(docs2021["n_tokens"].mean())
    assert y2021["mean_mattr"] == pytest.approx(docs2021["mattr"].mean())


def test_excluded_rows_are_left_out(seeds):
    corpus = seeds.copy()
    corpus.loc[0, "included"] = False
    assert seeds.loc[0, "doc_id"] not in set(explore.lengths(corpus)["doc_id"])
    assert len(explore.lengths(corpus)) == 4


@pytest.mark.parametrize("bad", [pd.DataFrame({"text": ["x"]}), "not a frame"])
def test_not_a_corpus(bad):
    with pytest.raises(CorpusError, match="load_corpus"):
        explore.lengths(bad)


# ---- frequent terms --------------------------------------------------------------------------

DOCS = {
    # segments [the defence cooperation grows] [the defence ties] [the defence talks]: 10 tokens
    "a": synthetic_doc("2020-03-01", "The defence cooperation grows. The defence ties, the defence talks."),
    # one segment of 10 tokens
    "b": synthetic_doc("2020-06-01", "India and Russia discuss defence and trade in the region."),
    # 13 tokens
    "c": synthetic_doc(
        "2021-02-01", "The defence talks were held in Moscow by the ministers of both countries."
    ),
}


@pytest.fixture
def small(make_corpus):
    corpus = make_corpus(DOCS)
    assert corpus["included"].all(), corpus[["doc_id", "excluded_reason"]]
    return corpus


@pytest.mark.parametrize(
    ("n", "stop", "year", "term", "count", "doc_count", "tokens"),
    [
        (1, "edge", 2020, "defence", 4, 2, 20),
        (1, "edge", 2020, "talks", 1, 1, 20),
        (1, "edge", 2021, "defence", 1, 1, 13),
        (2, "edge", 2020, "defence talks", 1, 1, 20),
        (2, "all", 2020, "the defence", 3, 1, 20),
        (3, "all", 2020, "the defence talks", 1, 1, 20),
        (2, "none", 2020, "the defence", 3, 1, 20),  # "none" keeps every n-gram
        (2, "edge", 2020, "the defence", None, None, None),  # "edge" drops a stop word at an end
        (3, "edge", 2020, "trade in the region", None, None, None),  # not a trigram
    ],
)
def test_frequent_terms_counts_and_per_10k(small, n, stop, year, term, count, doc_count, tokens):
    out = explore.frequent_terms(small, n=n, top=None, min_count=1, stop=stop)
    row = out[(out["year"] == year) & (out["term"] == term)]
    if count is None:
        assert row.empty
        return
    assert row["count"].item() == count
    assert row["doc_count"].item() == doc_count
    assert row["tokens"].item() == tokens
    assert row["per_10k"].item() == pytest.approx(count / tokens * 10_000)


@pytest.mark.parametrize(
    ("n", "stop", "absent"),
    [
        (2, "all", "grows the"),  # sentence end between them
        (2, "all", "ties the"),  # comma between them
        (3, "all", "defence ties the"),
        (1, "edge", "the"),  # stop word
        (2, "all", "in the"),  # stop words only
        (2, "edge", "the defence"),  # begins with a stop word
        (2, "edge", "defence and"),  # ends with one
    ],
)
def test_frequent_terms_never_bridge_punctuation_or_keep_stop_words(small, n, stop, absent):
    out = explore.frequent_terms(small, n=n, top=None, min_count=1, stop=stop)
    assert absent not in set(out["term"])


def test_frequent_terms_columns_rank_and_min_count(small):
    out = explore.frequent_terms(small, n=1, top=3, min_count=1)
    assert list(out.columns[:6]) == ["year", "term", "count", "doc_count", "per_10k", "rank"]
    first = out[out["year"] == 2020]
    assert first["term"].tolist()[0] == "defence" and first["rank"].tolist() == [1, 2, 3]
    # ties on count and doc_count are alphabetical
    assert first["term"].tolist()[1:] == sorted(first["term"].tolist()[1:])
    assert explore.frequent_terms(small, n=1, min_count=2)["term"].tolist() == ["defence"]


def test_frequent_terms_by_side_and_determinism(seeds):
    a = explore.frequent_terms(seeds, n=2, by="side", top=5)
    b = explore.frequent_terms(seeds, n=2, by="side", top=5)
    pd.testing.assert_frame_equal(a, b)
    assert a.columns[0] == "side"
    assert set(a["side"]) == {"india", "russia", "unknown"}
    phrases = set(explore.frequent_terms(seeds, n=2, top=None)["term"])
    assert {"raksha mantri", "strategic partnership", "defence minister"} <= phrases
    assert "make in india" in set(explore.frequent_terms(seeds, n=3, top=None)["term"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be"),
        ({"top": 0}, "top must be"),
        ({"min_count": 0}, "min_count must be"),
        ({"by": "month"}, "by must be"),
        ({"stop": "only"}, "stop must be"),
    ],
)
def test_frequent_terms_bad_arguments(seeds, kwargs, message):
    with pytest.raises(ValueError, match=message):
        explore.frequent_terms(seeds, **kwargs)


# ---- collocations ----------------------------------------------------------------------------


def nltk_finder(corpus, window=2):
    """The finder built directly with NLTK from the sentence segments of text_norm."""
    segs = [
        seg
        for text in corpus.loc[corpus["included"], "text_norm"]
        for sent in tokens.sentences(text)
        for seg in tokens.segments(sent)
    ]
    if window == 2:
        finder = BigramCollocationFinder.from_documents(segs)
    else:
        finder = BigramCollocationFinder.from_words(
            [w for s in segs for w in [*s, *[None] * (window - 1)]], window_size=window
        )
    finder.apply_freq_filter(2)
    finder.apply_word_filter(lambda w: tokens.is_stopword(w) or not any(c.isalpha() for c in w))
    return finder


@pytest.mark.parametrize("window", [2, 3])
@pytest.mark.parametrize("measure", ["likelihood_ratio", "pmi", "student_t"])
def test_collocation_scores_equal_nltk(seeds, measure, window):
    out = explore.collocations(seeds, measure=measure, top=None, window=window)
    finder = nltk_finder(seeds, window)
    fn = getattr(BigramAssocMeasures, measure)
    expected = dict(finder.score_ngrams(fn))
    assert len(out) == len(expected)
    for row in out.itertuples():
        assert getattr(row, measure) == pytest.approx(expected[(row.w1, row.w2)])
        assert row.freq == finder.ngram_fd[(row.w1, row.w2)]
    # ranked by the measure, ties broken by w1, w2
    keys = list(zip(-out[measure], out["w1"], out["w2"], strict=True))
    assert keys == sorted(keys)
    assert out["rank"].tolist() == list(range(1, len(out) + 1))


def test_collocation_formulas_by_hand(seeds):
    """PMI = log2(n_ii N / (n_ix n_xi)); t = (n_ii - n_ix n_xi / N) / sqrt(n_ii) (Manning and Schütze 5.3-5.4)."""
    out = explore.collocations(seeds, top=None).set_index("bigram")
    words = [w for text in seeds["text_norm"] for w in tokens.words(text, lower=True)]
    n = len(words)
    row = out.loc["raksha mantri"]
    n_ii, n_ix, n_xi = row["freq"], words.count("raksha"), words.count("mantri")
    assert (n_ii, n_ix, n_xi) == (7, 7, 7)
    assert row["pmi"] == pytest.approx(math.log2(n_ii * n / (n_ix * n_xi)))
    assert row["student_t"] == pytest.approx((n_ii - n_ix * n_xi / n) / math.sqrt(n_ii), rel=1e-6)


def test_collocations_filter_stop_words_numbers_and_punctuation(seeds):
    out = explore.collocations(seeds, top=None, min_freq=1)
    words = set(out["w1"]) | set(out["w2"])
    assert not any(tokens.is_stopword(w) for w in words)
    assert not any(w.isdigit() for w in words)
    assert "s-400 triumf" in set(out["bigram"])
    # "... Shoigu said. Work is underway ..." style joins across sentences never appear
    assert "said work" not in set(out["bigram"])
    assert "strategic partnership" in set(explore.collocations(seeds, top=None)["bigram"])


def test_collocations_top_and_columns(seeds):
    out = explore.collocations(seeds, measure="pmi", top=5)
    assert list(out.columns) == [
        "bigram",
        "w1",
        "w2",
        "freq",
        "likelihood_ratio",
        "pmi",
        "student_t",
        "rank",
    ]
    assert len(out) == 5 and out["pmi"].is_monotonic_decreasing
    assert "chi_sq" in explore.collocations(seeds, measure="chi_sq", top=3).columns


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "lr"}, "measure must be"),
        ({"min_freq": 0}, "min_freq must be"),
        ({"window": 1}, "window must be"),
        ({"top": -1}, "top must be"),
    ],
)
def test_collocations_bad_arguments(seeds, kwargs, message):
    with pytest.raises(ValueError, match=message):
        explore.collocations(seeds, **kwargs)


def test_empty_corpus_gives_empty_tables(seeds):
    none = seeds.assign(included=False)
    assert explore.lengths(none).empty
    assert explore.lengths_by_year(none).empty
    assert explore.frequent_terms(none).empty
    assert explore.collocations(none).empty


def test_lengths_by_year_from_the_lengths_table_equals_from_the_corpus(seeds):
    per_doc = explore.lengths(seeds)
    pd.testing.assert_frame_equal(explore.lengths_by_year(per_doc), explore.lengths_by_year(seeds))


@pytest.mark.parametrize("window", [1, 3, 50])
def test_mattr_matches_the_sliding_count(window):
    # the numpy count against the definition: mean TTR of every window
    rng = np.random.default_rng(window)
    words = [f"w{v}" for v in rng.integers(0, 12, 200)]
    expected = np.mean([len(set(words[i : i + window])) / window for i in range(len(words) - window + 1)])
    assert explore.mattr(words, window=window) == pytest.approx(expected, rel=1e-12)
