from collections import Counter

import numpy as np
import pandas as pd
import pytest

from corpus_utils.corpus import tokens
from corpus_utils.phrases import counting as phrases
from corpus_utils.phrases import ngrams


def reference_counts(text: str, n_max: int) -> Counter:
    """The definition, slowly: Punkt sentences, tokens.segments, every n-gram, stop-word rule."""
    out: Counter = Counter()
    for sentence in tokens.sentences(text):
        for seg in tokens.segments(sentence):
            for n in range(1, n_max + 1):
                for i in range(len(seg) - n + 1):
                    gram = seg[i : i + n]
                    if not all(tokens.is_stopword(w) for w in gram):
                        out[" ".join(gram)] += 1
    return out


def corpus(rows: list[tuple]) -> pd.DataFrame:
    """A minimal corpus table: (doc_id, year or None, side, text[, included])."""
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "outlet": [f"outlet {r[2]}" for r in rows],
            "side": [r[2] for r in rows],
            "text_norm": [r[3] for r in rows],
            "included": [r[4] if len(r) > 4 else True for r in rows],
        }
    )


TRICKY = [
    'Gen. Shoigu met Mr. Singh. He said: "yes." Next one',
    "Line one without stop\nLine two\n\nParagraph three.",
    "worth ₹5,000 crore and $5.43 billion, S-400! AK-203 rifles?",
    "It ended.'Next sentence starts here' and (brackets.) stay",
    "The U.S. Army and R&D of 2+2 talks... end",
    "",
    "...",
]


@pytest.mark.parametrize("text", TRICKY)
def test_segments_equal_sentences_then_segments(text):
    expected = [seg for s in tokens.sentences(text) for seg in tokens.segments(s)]
    assert tokens.segments(text) == expected


def test_segments_equal_on_seeds(seeds):
    for text in seeds["text_norm"]:
        assert tokens.segments(text) == [seg for s in tokens.sentences(text) for seg in tokens.segments(s)]


def test_counts_match_reference_on_seeds(seeds):
    table = phrases.counts(seeds, n_max=5)
    for doc_id, text in zip(seeds["doc_id"], seeds["text_norm"], strict=True):
        mine = table[table["doc_id"] == doc_id]
        assert dict(zip(mine["ngram"], mine["count"], strict=True)) == dict(reference_counts(text, 5))


def test_dense_recoding_gives_the_same_counts(seeds, monkeypatch):
    monkeypatch.setattr(ngrams, "_MAX_BITS", 12)  # re-code densely at every n >= 2
    table = phrases.counts(seeds, n_max=5)
    text = seeds["text_norm"].iloc[2]
    mine = table[table["doc_id"] == seeds["doc_id"].iloc[2]]
    assert dict(zip(mine["ngram"], mine["count"], strict=True)) == dict(reference_counts(text, 5))


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("defence, trade and energy", ["defence", "trade and energy"], ["defence trade"]),
        ("India. Russia agreed", ["india", "russia agreed"], ["india russia"]),
        ("talks in Delhi\nRussia agreed", ["talks in delhi"], ["delhi russia"]),
        (
            "of the talks in 2020",
            ["of the talks", "in 2020", "2020"],
            ["of the", "of", "the", "in"],
        ),
        ('the "Make in India" push', ["make in india"], ["the make", "india push"]),
    ],
)
def test_ngrams_never_bridge_and_skip_stop_word_only(text, present, absent):
    grams = set(phrases.counts(corpus([("d1", 2020, "india", text)]))["ngram"])
    assert set(present) <= grams
    assert not set(absent) & grams


def test_counts_columns_and_order(seeds):
    table = phrases.counts(seeds, n_max=2)
    assert list(table.columns) == [
        "doc_id",
        "ngram",
        "n",
        "count",
        "year",
        "outlet",
        "side",
        "doc_tokens",
    ]
    for _, part in table.groupby("doc_id", sort=False):
        assert list(part["ngram"]) == sorted(part["ngram"], key=lambda s: (len(s.split()), s))
    assert list(dict.fromkeys(table["doc_id"])) == list(seeds["doc_id"])


SMALL = [
    ("a1", 2018, "india", "Strategic partnership talks. Strategic partnership again."),
    ("a2", 2018, "russia", "The strategic partnership grew."),
    ("b1", 2019, "india", "Joint production of rifles."),
    ("u1", None, "india", "Undated strategic musings."),
    ("x1", 2019, "india", "Excluded strategic partnership text.", False),
]


def test_by_year_columns_counts_and_rates():
    table = phrases.by_year(corpus(SMALL), n_max=2)
    assert list(table.columns) == ["ngram", "n", "year", "count", "doc_count", "per_10k"]
    row = table[(table["ngram"] == "strategic partnership") & (table["year"] == 2018)].iloc[0]
    assert (row["count"], row["doc_count"]) == (3, 2)
    assert row["per_10k"] == pytest.approx(3 / 10 * 1e4)  # 2018 has 6 + 4 = 10 words
    assert "undated" not in set(table["ngram"]) and "excluded" not in set(table["ngram"])
    assert list(table["ngram"]) == sorted(table["ngram"], key=lambda s: (len(s.split()), s))


def test_by_year_from_counts_table_equals_from_corpus(seeds):
    direct = phrases.by_year(seeds, n_max=3, min_docs=2)
    via = phrases.by_year(phrases.counts(seeds, n_max=3), n_max=3, min_docs=2)
    pd.testing.assert_frame_equal(direct, via)


@pytest.mark.parametrize("by", ["side", "outlet"])
def test_by_group_sums_to_totals(seeds, by):
    table = phrases.by_group(seeds, by=by, n_max=2)
    assert list(table.columns) == ["ngram", "n", by, "count", "doc_count", "per_10k"]
    totals = phrases.counts(seeds, n_max=2).groupby("ngram")["count"].sum()
    assert table.groupby("ngram")["count"].sum().sort_index().equals(totals.sort_index())


def test_min_count_and_min_docs_apply_to_phrase_totals():
    table = phrases.by_year(corpus(SMALL), n_max=2, min_count=2, min_docs=2)
    assert set(table["ngram"]) == {"strategic", "strategic partnership", "partnership"}
    assert set(table[table["ngram"] == "strategic"]["year"]) == {2018}


def test_deterministic(seeds):
    pd.testing.assert_frame_equal(phrases.by_year(seeds), phrases.by_year(seeds.copy()))
    shuffled = seeds.iloc[::-1]
    pd.testing.assert_frame_equal(phrases.by_year(seeds), phrases.by_year(shuffled))


# years 2018, 2019, 2021 have three documents; 2020 has one (no evidence of absence)
CHANGE_DOCS = [
    ("d18a", 2018, "india", "alpha. gamma. delta. zeta."),
    ("d18b", 2018, "india", "alpha."),
    ("d18c", 2018, "india", "alpha."),
    ("d19a", 2019, "india", "alpha. beta. gamma. delta. epsilon."),
    ("d19b", 2019, "india", "alpha."),
    ("d19c", 2019, "india", "alpha."),
    ("d20a", 2020, "india", "alpha."),
    ("d21a", 2021, "india", "alpha. beta. delta. zeta."),
    ("d21b", 2021, "india", "alpha."),
    ("d21c", 2021, "india", "alpha."),
]


@pytest.mark.parametrize(
    ("small", "expected"),
    [
        (
            2,
            {
                "alpha": "every_year",
                "beta": "new",
                "gamma": "gone",
                "delta": "no_evidence",
                "epsilon": "new_and_gone",
                "zeta": "intermittent",
            },
        ),
        (
            0,
            {
                "alpha": "every_year",
                "beta": "new",
                "gamma": "gone",
                "delta": "intermittent",
                "epsilon": "new_and_gone",
                "zeta": "intermittent",
            },
        ),
    ],
)
def test_changes_statuses(small, expected):
    table = phrases.changes(corpus(CHANGE_DOCS), n_max=1, small_year_docs=small)
    assert dict(zip(table["ngram"], table["status"], strict=True)) == expected
    beta = table.set_index("ngram").loc["beta"]
    assert (beta["first_year"], beta["last_year"], beta["present_in"]) == (2019, 2021, "2019,2021")
    delta = table.set_index("ngram").loc["delta"]
    assert delta["no_evidence_in"] == ("2020" if small else "")
    assert delta["years_absent"] == (0 if small else 1)


def test_changes_on_seeds_all_years_small(seeds):
    table = phrases.changes(seeds, n_max=2, min_docs=2)
    assert set(table["status"]) <= {
        "every_year",
        "no_evidence",
    }  # no seed year has more than 2 documents


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_min": 0}, "n_min must be an integer >= 1"),
        ({"n_min": 3, "n_max": 2}, "n_max must be >= n_min"),
        ({"min_count": 0}, "min_count must be an integer >= 1, got 0"),
        ({"min_docs": 1.5}, "min_docs must be an integer >= 1"),
    ],
)
def test_bad_arguments(seeds, kwargs, message):
    with pytest.raises(ValueError, match=message):
        phrases.by_year(seeds, **kwargs)


def test_bad_group_and_missing_columns(seeds):
    with pytest.raises(ValueError, match="by must be one of"):
        phrases.by_group(seeds, by="language")
    with pytest.raises(ValueError, match="small_year_docs"):
        phrases.changes(seeds, small_year_docs=-1)
    with pytest.raises(ValueError, match="lacks column"):
        phrases.by_year(seeds.drop(columns="text_norm"))


def test_empty_corpus_gives_empty_tables():
    empty = corpus([("x", 2020, "india", "text", False)])
    assert phrases.by_year(empty).empty and list(phrases.by_year(empty).columns)[:3] == [
        "ngram",
        "n",
        "year",
    ]
    assert phrases.changes(empty).empty


def test_order_is_a_stable_argsort():
    keys = np.array([5, 3, 5, 0, 3], dtype=np.int64)
    assert ngrams.order(keys).tolist() == np.argsort(keys, kind="stable").tolist()


@pytest.mark.parametrize(
    ("gram", "stop", "counted"),
    [
        (("of", "the"), "all", False),
        (("of", "the"), "edge", False),
        (("of", "the"), "none", True),
        (("of", "defence"), "all", True),
        (("of", "defence"), "edge", False),  # begins with a stop word
        (("military", "and"), "edge", False),  # ends with one
        (("make", "in", "india"), "edge", True),  # an inner stop word stays
        (("the",), "edge", False),
        (("the",), "all", False),
        (("2018",), "all", True),  # a number is not a stop word
    ],
)
def test_stop_word_rule(gram, stop, counted):
    assert ngrams.is_counted(gram, stop=stop) is counted


@pytest.mark.parametrize("stop", ngrams.STOP_RULES)
def test_engine_applies_the_stop_word_rule(stop):
    text = "Talks of the defence ministers, and of defence trade in the region."
    table = corpus([("a", 2020, "india", text)])
    coded = ngrams.encode(table, n_min=1, n_max=3, stop=stop)
    got = ngrams.aggregate(coded, np.zeros(1, dtype=np.int64))["ngram"].tolist()
    expected = sorted(
        " ".join(seg[i : i + n])
        for seg in tokens.segments(text)
        for n in (1, 2, 3)
        for i in range(len(seg) - n + 1)
        if ngrams.is_counted(seg[i : i + n], stop=stop)
    )
    assert sorted(set(got)) == sorted(set(expected))
    assert ("of defence" in got) is (stop != "edge")
    assert ("of the" in got) is (stop == "none")


def test_engine_rejects_an_unknown_stop_word_rule(seeds):
    with pytest.raises(ValueError, match="stop must be one of 'all', 'edge', 'none'"):
        ngrams.encode(seeds, stop="only")


@pytest.mark.parametrize("n_years", [5, 62, 63, 80])
def test_changes_over_many_years(n_years):
    """Year masks are int64 up to 62 years and Python ints beyond: the same answers either way."""
    years = list(range(1950, 1950 + n_years))
    rows = [(f"d{y}{k}", y, "india", "alpha.") for y in years for k in "abc"]  # three documents a year
    rows += [("beta1", years[2], "india", "beta."), ("beta2", years[-1], "india", "beta.")]
    rows += [("gamma", years[0], "india", "gamma.")]
    rows += [("delta1", years[0], "india", "delta."), ("delta2", years[-1], "india", "delta.")]
    table = phrases.changes(corpus(rows), n_max=1).set_index("ngram")
    assert table["status"].to_dict() == {
        "alpha": "every_year",
        "beta": "new",
        "gamma": "gone",
        "delta": "intermittent",
    }
    assert table.loc["alpha", "years_present"] == n_years
    assert table.loc["beta", "present_in"] == f"{years[2]},{years[-1]}"
    assert (table.loc["beta", "first_year"], table.loc["beta", "last_year"]) == (years[2], years[-1])
    assert table.loc["beta", "years_absent"] == n_years - 2
    assert table.loc["gamma", "years_absent"] == n_years - 1
    assert table.loc["delta", "years_no_evidence"] == 0
    assert list(table.index) == ["beta", "gamma", "delta", "alpha"]  # status order, then first year
