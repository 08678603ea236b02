"""Keyword in context and lexical dispersion (corpus_utils.explore.concordance)."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from conftest import synthetic_doc

from corpus_utils import CorpusWarning
from corpus_utils.corpus import normalise
from corpus_utils.explore import concordance

DOC = (
    "The Indian defense minister met the Russian side. They signed the AK 203 rifle deal "
    "and a strategic, partnership note under the Make-in-India plan."
)


@pytest.fixture
def one(make_corpus):
    corpus = make_corpus({"a": synthetic_doc("2021-03-04", DOC)})
    assert corpus["included"].all()
    return corpus


@pytest.mark.parametrize(
    ("term", "window", "left", "match", "right"),
    [
        ("defence", 2, "The Indian", "defense", "minister met"),  # variant in the text
        ("Defense", 2, "The Indian", "defense", "minister met"),  # variant in the term
        ("AK-203", 2, "signed the", "AK 203", "rifle deal"),  # two words in text, one in text_norm
        ("ak203", 2, "signed the", "AK 203", "rifle deal"),
        (
            "make in india",
            2,
            "under the",
            "Make-in-India",
            "plan.",
        ),  # one word in text, three in text_norm
        ("Russian side", 3, "minister met the", "Russian side", ". They signed the"),
        ("the", 1, "", "The", "Indian"),  # start of the document
        ("plan", 3, "under the Make-in-India", "plan", "."),  # end of the document
    ],
)
def test_kwic_quotes_the_original_wording(one, term, window, left, match, right):
    out = concordance.kwic(one, [term], window=window)
    row = out.iloc[0]
    assert (row["term"], row["left"], row["match"], row["right"]) == (term, left, match, right)


def test_kwic_window_counts_words_each_side(one):
    row = concordance.kwic(one, "AK-203", window=4).iloc[0]
    assert row["left"] == "side. They signed the"
    assert row["right"] == "rifle deal and a"
    row = concordance.kwic(one, "AK-203", window=0).iloc[0]
    assert (row["left"], row["match"], row["right"]) == ("", "AK 203", "")


@pytest.mark.parametrize(
    ("term", "hits"),
    [
        ("strategic partnership", 0),  # a comma stands between the words
        ("strategic, partnership", 1),  # the term's own punctuation
        ("partnership", 1),
        ("Indian defence minister", 1),
        ("minister met the Russian", 1),
        ("defence ministers", 0),  # whole words only
        ("india", 1),  # "Make-in-India" is one word in text, three in text_norm
        ("indian minister", 0),
    ],
)
def test_kwic_whole_words_and_punctuation(one, term, hits):
    assert len(concordance.kwic(one, term)) == hits


def test_kwic_on_seeds(seeds):
    before = seeds.copy()
    out = concordance.kwic(seeds, ["defence", "AK-203", "special & privileged", "Make in India"])
    pd.testing.assert_frame_equal(seeds, before)
    assert list(out.columns[:6]) == ["doc_id", "date", "term", "left", "match", "right"]
    by_doc = out.groupby("doc_id")
    # doc 002 (2018) writes "defense"; the term "defence" finds it and quotes it as written
    assert set(by_doc.get_group("002_a12f7572cc1d2d3e")["match"]) == {"Defense", "defense"}
    ak = out[out["term"] == "AK-203"]
    assert ak["match"].tolist() == ["AK203", "AK 203"]  # 2020 (doc 003), 2021 (doc 004)
    assert out.loc[out["term"] == "special & privileged", "match"].tolist() == ["Special & Privileged"]
    assert "Make-in-India" in set(out.loc[out["term"] == "Make in India", "match"])
    # sorted by date, doc_id, position
    keys = list(zip(out["date"], out["doc_id"], out["position"], strict=True))
    assert keys == sorted(keys)
    pd.testing.assert_frame_equal(
        out, concordance.kwic(seeds, ["defence", "AK-203", "special & privileged", "Make in India"])
    )


def test_kwic_no_match_gives_empty_table(seeds):
    out = concordance.kwic(seeds, "Sukhoi")
    assert out.empty and list(out.columns[:6]) == [
        "doc_id",
        "date",
        "term",
        "left",
        "match",
        "right",
    ]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ([""], "non-empty"),
        (["--"], "no word"),
        ([3], "non-empty string"),
    ],
)
def test_bad_terms(seeds, terms, message):
    with pytest.raises(ValueError, match=message):
        concordance.kwic(seeds, terms)
    with pytest.raises(ValueError, match=message):
        concordance.dispersion(seeds, terms)


def test_no_term_gives_empty_tables(seeds):
    kwic, where = concordance.kwic(seeds, []), concordance.dispersion(seeds, [])
    assert (len(kwic), len(where)) == (0, 0)
    assert "match" in kwic.columns and "offset" in where.columns


def test_kwic_bad_window(seeds):
    with pytest.raises(ValueError, match="window must be"):
        concordance.kwic(seeds, "SCO", window=-1)


# ---- dispersion ------------------------------------------------------------------------------

DISPERSED = {
    # 14 tokens in text_norm: The S-400 deal and the S-400 talks went well for the two sides today
    "a": synthetic_doc("2020-01-01", "The S-400 deal and the S 400 talks went well for the two sides today."),
    # 12 tokens: Russia and India discussed the S-400 contract in the capital on Monday
    "b": synthetic_doc(
        "2021-01-01", "Russia and India discussed the S400 contract in the capital on Monday."
    ),
    # undated: left out
    "c": "The S-400 was not mentioned in any other document of the collection at all.\n",
}


@pytest.fixture
def dispersed(make_corpus):
    with pytest.warns(CorpusWarning, match="no reliable date"):
        corpus = make_corpus(DISPERSED)
    assert corpus["included"].all()
    return corpus


def test_dispersion_offsets(dispersed):
    out = concordance.dispersion(dispersed, ["S-400", "the"])
    assert list(out.columns[:6]) == ["term", "doc_id", "date", "year", "offset", "doc_start"]
    s400 = out[out["term"] == "S-400"]
    assert s400["offset"].tolist() == [1, 5, 14 + 5]
    assert s400["doc_start"].tolist() == [0, 0, 14]
    assert s400["doc_id"].tolist() == ["a", "a", "b"]
    assert s400["year"].tolist() == [2020, 2020, 2021]
    the = out[out["term"] == "the"]
    assert the["offset"].tolist() == [0, 4, 10, 14 + 4, 14 + 8]
    assert out["offset"].is_monotonic_increasing
    assert "c" not in set(out["doc_id"])
    docs = concordance.document_offsets(dispersed)
    assert docs[["doc_id", "doc_start", "n_tokens"]].values.tolist() == [
        ["a", 0, 14],
        ["b", 14, 12],
    ]


def test_dispersion_on_seeds_follows_dates(seeds):
    out = concordance.dispersion(seeds, ["S-400", "SCO", "AK-203"])
    assert out["date"].is_monotonic_increasing
    assert set(out.loc[out["term"] == "S-400", "year"]) == {2018}
    assert set(out.loc[out["term"] == "SCO", "year"]) == {2020, 2021, 2023}
    assert set(out.loc[out["term"] == "AK-203", "year"]) == {2020, 2021}
    docs = concordance.document_offsets(seeds)
    for row in out.itertuples():
        assert row.doc_start == docs.loc[docs["doc_id"] == row.doc_id, "doc_start"].item()
        assert row.offset - row.doc_start == row.position


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kwic_matches_read_back_as_the_term(make_corpus, seed):
    """On text full of variants, every quoted match, normalised, is the term itself."""
    rng = random.Random(seed)
    vocab = "the and of defence talks India Russia signed deal army navy minister said".split()
    variants = [
        "defense",
        "AK 203",
        "AK203",
        "Make-in-India",
        "S 400",
        "Sergey Lavrov",
        "two plus two",
        "Aatma Nirbhar Bharat",
    ]
    words = []
    for _ in range(400):
        words.append(rng.choice(variants) if rng.random() < 0.15 else rng.choice(vocab))
    corpus = make_corpus({"a": synthetic_doc("2022-02-02", " ".join(words) + ".")})
    terms = [
        "defence",
        "AK-203",
        "Make in India",
        "S-400",
        "Sergei Lavrov",
        "2+2",
        "Atmanirbhar Bharat",
        "Russia signed",
    ]
    out = concordance.kwic(corpus, terms, window=1)
    assert len(out) == len(concordance.dispersion(corpus, terms))
    for row in out.itertuples():
        assert normalise.variants(row.match).lower() == normalise.variants(row.term).lower()
