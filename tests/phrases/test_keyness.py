import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from corpus_utils.errors import CorpusError
from corpus_utils.phrases import counting as phrases
from corpus_utils.phrases import keyness, significance
from corpus_utils.report import findings


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (348, 99, 146.95),  # Rayson's "keep" example, two corpora of 1,000,000 words
        (392, 170, 90.13),
        (9, 32, 13.68),
    ],
)
def test_log_likelihood_published_values(a, b, expected):
    assert keyness.log_likelihood(a, b, 1_000_000, 1_000_000) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "expected"),
    [
        (600, 200, 1_000_000, 1_000_000, 1.585),  # relative frequencies 0.0006 vs 0.0002
        (6, 2, 10_000, 10_000, 1.585),
        (200, 600, 1_000_000, 1_000_000, -1.585),
        (0, 8, 1_000, 1_000, np.log2(0.5 / 8)),  # zero count taken as 0.5
        (4, 0, 1_000, 2_000, np.log2((4 / 1_000) / (0.5 / 2_000))),
    ],
)
def test_log_ratio(a, b, c, d, expected):
    assert keyness.log_ratio(a, b, c, d) == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize(
    ("counts", "sizes", "normalised", "expected"),
    [
        ([2, 1, 0], [1, 1, 1], False, 1 / 3),
        ([2, 1, 0], [1, 1, 1], True, 0.5),
        ([50, 25, 15, 10], [1, 1, 1, 1], False, 0.25),
        ([10, 10], [1, 1], False, 0.0),
        ([10, 0], [1, 3], False, 0.75),
    ],
)
def test_dp(counts, sizes, normalised, expected):
    assert keyness.dp(counts, sizes, normalised=normalised) == pytest.approx(expected)


def test_dp_vectorised_over_rows():
    out = keyness.dp([[2, 1, 0], [1, 1, 1]], [1, 1, 1])
    assert out.tolist() == pytest.approx([1 / 3, 0.0])


def test_fisher_published_value():
    p = float(keyness.fisher_docs(3, 10, 7, 9))  # the table [[3, 7], [7, 2]]
    assert p == pytest.approx(0.06978, abs=5e-6)
    assert keyness.fisher_docs([3, 3], [10, 10], [7, 7], [9, 9]).tolist() == pytest.approx([p, p])


def test_two_term_form_equals_scipy_power_divergence_on_random_tables():
    rng = np.random.default_rng(20240601)
    a, b = rng.integers(0, 500, 300), rng.integers(0, 500, 300)
    c, d = rng.integers(1_000, 1_000_000, 300), rng.integers(1_000, 1_000_000, 300)
    ours = keyness.log_likelihood(a, b, c, d)
    for i in range(300):
        if a[i] + b[i] == 0:
            assert ours[i] == 0
            continue
        e1 = c[i] * (a[i] + b[i]) / (c[i] + d[i])
        expected = stats.power_divergence(
            [a[i], b[i]], [e1, a[i] + b[i] - e1], lambda_="log-likelihood"
        ).statistic
        assert ours[i] == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_four_cell_g2_is_the_other_form():
    # FIELD_NOTES: G² of [[3, 7], [7, 2]] without correction is 4.534939: the full 2x2 (four-cell) form
    g2, *_ = stats.chi2_contingency([[3, 7], [7, 2]], correction=False, lambda_="log-likelihood")
    assert g2 == pytest.approx(4.534939, abs=1e-6)
    # the two-term form leaves out the "other words" cells: close for rare words, never equal
    a, b, c, d = 348, 99, 1_000_000, 1_000_000
    full, *_ = stats.chi2_contingency([[a, b], [c - a, d - b]], correction=False, lambda_="log-likelihood")
    assert full != pytest.approx(keyness.log_likelihood(a, b, c, d), abs=1e-6)
    assert full == pytest.approx(keyness.log_likelihood(a, b, c, d), rel=0.01)


def test_year_vs_rest_columns_and_counts(seeds):
    table = keyness.year_vs_rest(seeds, n_max=2)
    assert list(table.columns[:9]) == [
        "year",
        "ngram",
        "count_year",
        "count_rest",
        "docs_year",
        "docs_rest",
        "log_likelihood",
        "log_ratio",
        "dp",
    ]
    by_year = phrases.by_year(seeds, n_max=2)
    totals = by_year.groupby("ngram")["count"].sum()
    row = table[(table["ngram"] == "make in") & (table["year"] == 2020)].iloc[0]
    assert row["count_year"] + row["count_rest"] == totals["make in"]
    assert (row["docs_year"], row["docs_rest"]) == (1, 1)
    assert row["log_likelihood"] == pytest.approx(
        keyness.log_likelihood(row["count_year"], row["count_rest"], row["tokens_year"], row["tokens_rest"])
    )
    assert row["fisher_p"] == pytest.approx(keyness.fisher_docs(1, 1, 1, 4))
    assert table["tokens_year"].add(table["tokens_rest"]).nunique() == 1
    # sorted by year, then G² descending
    assert list(table["year"]) == sorted(table["year"])
    for _, part in table.groupby("year"):
        assert part["log_likelihood"].is_monotonic_decreasing


def test_dp_column_matches_dense_dp(seeds):
    table = keyness.year_vs_rest(seeds, n_max=1, fisher=False)
    counts = phrases.counts(seeds, n_max=1)
    docs = counts.drop_duplicates("doc_id").set_index("doc_id")
    in_2021 = docs[docs["year"] == 2021]
    for word in ["defence", "russia", "shoigu", "sergei"]:
        per_doc = (
            counts[counts["ngram"] == word].set_index("doc_id")["count"].reindex(in_2021.index, fill_value=0)
        )
        row = table[(table["year"] == 2021) & (table["ngram"] == word)].iloc[0]
        assert row["dp"] == pytest.approx(keyness.dp(per_doc.to_numpy(), in_2021["doc_tokens"].to_numpy()))
        assert row["dp_norm"] == pytest.approx(
            keyness.dp(per_doc.to_numpy(), in_2021["doc_tokens"].to_numpy(), normalised=True)
        )


def test_side_vs_side(seeds):
    table = keyness.side_vs_side(seeds, a="india", b="russia", n_max=1)
    assert list(table.columns[:9]) == [
        "side",
        "ngram",
        "count_side",
        "count_other",
        "docs_side",
        "docs_other",
        "log_likelihood",
        "log_ratio",
        "dp",
    ]
    assert set(table["side"]) == {"india", "russia"}
    both = table.pivot(index="ngram", columns="side", values="log_likelihood").dropna()
    assert np.allclose(both["india"], both["russia"])  # G² is symmetric
    ratio = table.pivot(index="ngram", columns="side", values="log_ratio").dropna()
    assert np.allclose(ratio["india"], -ratio["russia"])  # Log Ratio changes sign
    # the unknown-side document (004) takes no part: "tweet" appears only there and in 001 (india)
    row = table[(table["side"] == "india") & (table["ngram"] == "tweet")].iloc[0]
    assert row["count_other"] == 0


def test_score_swaps_the_scorer(seeds):
    counted = keyness.count_years(seeds, n_max=1)
    assert "log_likelihood" not in counted.columns
    scored = keyness.score(counted, scorer=keyness.log_ratio)
    assert np.allclose(
        scored["log_ratio"],
        keyness.log_ratio(
            counted["count_year"],
            counted["count_rest"],
            counted["tokens_year"],
            counted["tokens_rest"],
        ),
    )
    custom = keyness.score(counted, scorer=lambda a, b, c, d: a / c - b / d, name="diff")
    assert "diff" in custom.columns and "diff" not in counted.columns
    fisher = keyness.score(
        counted,
        scorer=keyness.fisher_docs,
        name="p",
        columns=("docs_year", "ndocs_year", "docs_rest", "ndocs_rest"),
    )
    assert fisher["p"].between(0, 1).all()


def test_extra_scorers_come_after_the_required_columns(seeds):
    def percent_diff(a, b, c, d):
        return (a / c - (b + 1) / d) / ((b + 1) / d) * 100

    table = keyness.year_vs_rest(seeds, n_max=1, scorers=[percent_diff], fisher=False)
    assert list(table.columns[9:15]) == ["percent_diff", *significance.SIGNIFICANCE]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: keyness.log_ratio(1, 1, 1, 1, zero=0), "zero must be > 0"),
        (lambda: keyness.dp([1, 2], [1, 1, 1]), "part_sizes must be 1-D"),
        (lambda: keyness.fisher_docs(5, 3, 1, 2), "docs_with <= docs"),
        (lambda: keyness.score(pd.DataFrame({"x": [1]})), "neither year nor side"),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_counts_table_gives_the_same_keyness(seeds):
    direct = keyness.year_vs_rest(seeds, n_max=2, min_docs=2)
    via = keyness.year_vs_rest(phrases.counts(seeds, n_max=2), n_max=2, min_docs=2)
    pd.testing.assert_frame_equal(direct, via)


@pytest.mark.parametrize(
    ("call", "like"),
    [
        (lambda d: keyness.side_vs_side(d, a="india", b="other"), lambda d: keyness.side_vs_side(d)),
        (lambda d: keyness.side_vs_side(d.iloc[:0]), lambda d: keyness.side_vs_side(d)),
        (lambda d: keyness.year_vs_rest(d[d["year"] == 2021]), lambda d: keyness.year_vs_rest(d)),
        (lambda d: keyness.year_vs_rest(d.assign(year=pd.NA)), lambda d: keyness.year_vs_rest(d)),
        (lambda d: keyness.year_vs_rest(d.iloc[:0]), lambda d: keyness.year_vs_rest(d)),
        (lambda d: keyness.year_vs_rest(d.iloc[[2]], n_max=2), lambda d: keyness.year_vs_rest(d, n_max=2)),
    ],
    ids=["side_absent", "no_documents", "one_year", "undated", "no_documents_years", "one_document"],
)
def test_nothing_to_compare_gives_the_columns_and_no_rows(seeds, call, like):
    """One year, one side, no dated document: an empty comparison, not an error."""
    got, full = call(seeds), like(seeds)
    assert len(got) == 0 and len(full) > 0
    assert list(got.columns) == list(full.columns)
    assert list(got.dtypes.astype(str)) == list(full.dtypes.astype(str))


def test_bad_keyness_options(seeds):
    with pytest.raises(ValueError, match="a and b must be different"):
        keyness.side_vs_side(seeds, a="india", b="india")
    with pytest.raises(ValueError, match="sort_by must be a column"):
        keyness.year_vs_rest(seeds, n_max=1, sort_by="nope")
    with pytest.raises(ValueError, match="min_docs must be an integer >= 1, got 0"):
        keyness.year_vs_rest(seeds, min_docs=0)


# ---------------------------------------------------------------- significance


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ([0.01, 0.04, 0.03, 0.005], [0.02, 0.04, 0.04, 0.02]),  # FIELD_NOTES oracle, input order
        ([0.05], [0.05]),
        ([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
        ([0.001, 0.9], [0.002, 0.9]),
        ([], []),
    ],
)
def test_benjamini_hochberg_oracle(p, q):
    assert significance.q_values(p).tolist() == pytest.approx(q)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 0.05, 1e-300, 0.5])), min_size=1, max_size=60
    )
)
def test_benjamini_hochberg_is_scipys_to_the_bit(p):
    """``q_values`` writes out ``scipy.stats.false_discovery_control`` (not imported by the notebooks)."""
    p = np.array(p)
    assert significance.q_values(p).tobytes() == stats.false_discovery_control(p, method="bh").tobytes()


@pytest.mark.parametrize(
    ("g2", "p"), [(3.84, 0.05), (6.63, 0.01), (10.83, 0.001), (15.13, 0.0001), (0.0, 1.0)]
)
def test_p_of_g2(g2, p):
    assert float(significance.p_values(g2)) == pytest.approx(p, rel=0.01)


@pytest.mark.parametrize("p", [[0.1, 1.2], [-0.1], [float("nan")], [[0.1]]])
def test_q_values_reject_bad_p(p):
    with pytest.raises(ValueError, match="p"):
        significance.q_values(p)


def test_seeds_year_keyness_is_honest(seeds):
    """The issue's figures (1,154 tests then; 1,141 since the standfirsts of 001 and 003 are the dek,
    not body text), 4 pass q < 0.05, but no year holds 3 documents: no claim."""
    table = keyness.year_vs_rest(phrases.counts(seeds), n_max=5, min_count=2)
    assert len(table) == 1141
    assert table["p_value"].to_numpy() == pytest.approx(stats.chi2.sf(table["log_likelihood"], 1))
    assert table["q_value"].to_numpy() == pytest.approx(
        stats.false_discovery_control(table["p_value"], method="bh")
    )
    passing = table[table["q_value"] < 0.05]
    assert sorted(passing["ngram"]) == ["discussed", "mantri", "raksha", "raksha mantri"]
    assert table["significant"].isna().all()  # every year has 1 or 2 documents
    per_year = table.drop_duplicates("year").set_index("year")
    assert per_year["note"].to_dict() == {
        y: f"too few documents ({n} < 3) to separate year from outlet"
        for y, n in {2018: 1, 2020: 1, 2021: 2, 2023: 1}.items()
    }
    assert per_year["confounded_with"].to_dict() == {
        2018: "outlet AzerNews; side russia",
        2020: "outlet Press Information Bureau (Government of India); side india",
        2021: "",  # the Russian ministry and an unknown outlet
        2023: "outlet Business Standard; side india",
    }
    loose = keyness.year_vs_rest(phrases.counts(seeds), n_max=5, min_count=2, min_docs_compare=1)
    assert set(loose.loc[loose["significant"].astype(bool), "ngram"]) == set(passing["ngram"])
    assert (loose["note"] == "").all()


def test_side_keyness_counts_each_phrase_once(seeds):
    table = keyness.side_vs_side(seeds, n_max=2, min_count=2, min_docs_compare=1)
    both = table.pivot(index="ngram", columns="side", values="q_value").dropna()
    assert len(both) and np.allclose(both["india"], both["russia"])
    once = table.drop_duplicates("ngram").sort_values("ngram")
    expected = dict(zip(once["ngram"], significance.q_values(once["p_value"].to_numpy()), strict=True))
    assert table["q_value"].to_numpy() == pytest.approx(table["ngram"].map(expected).to_numpy())


def _docs(rows):
    """(doc_id, year, outlet, side, text) rows as a loaded corpus."""
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "outlet": [r[2] for r in rows],
            "side": [r[3] for r in rows],
            "text_norm": [r[4] for r in rows],
            "included": True,
        }
    )


FILLER = "the talks covered many other matters of the day and the week. " * 3
SYNTHETIC = [  # 2019: three documents from two outlets use "joint venture"; 2020 never does
    *[(f"a{i}", 2019, "PIB" if i < 2 else "TASS", "india", "joint venture " * 6 + FILLER) for i in range(3)],
    *[(f"b{i}", 2020, "PIB", "india", "naval exercise " + FILLER) for i in range(3)],
]


@pytest.mark.parametrize(
    ("rows", "year", "min_docs_compare", "significant", "confounded", "note"),
    [
        (SYNTHETIC, 2019, 3, True, "", ""),  # two outlets: not confounded
        (SYNTHETIC, 2019, 4, None, "", "too few documents (3 < 4) to separate year from outlet"),
        (SYNTHETIC, 2020, 3, False, "outlet PIB", ""),  # all PIB, and the rest is not
        (
            [(d, y, "PIB" if y == 2019 else "TASS", s, t) for d, y, _, s, t in SYNTHETIC],
            2019,
            3,
            True,
            "outlet PIB",
            "",
        ),
        (
            [(d, y, o, "india" if y == 2019 else "russia", t) for d, y, o, _, t in SYNTHETIC],
            2019,
            3,
            True,
            "side india",
            "",
        ),
    ],
)
def test_significance_rules(rows, year, min_docs_compare, significant, confounded, note):
    table = keyness.year_vs_rest(_docs(rows), n_max=2, min_docs_compare=min_docs_compare)
    part = table[table["year"] == year]
    row = part[part["ngram"] == ("joint venture" if year == 2019 else "naval exercise")].iloc[0]
    expected = pd.NA if significant is None else significant
    assert row["significant"] is expected or row["significant"] == expected
    assert (row["confounded_with"], row["note"]) == (confounded, note)
    assert (part["confounded_with"] == confounded).all()


def test_significance_options():
    with pytest.raises(ValueError, match="alpha must be"):
        keyness.year_vs_rest(_docs(SYNTHETIC), alpha=1.5)
    with pytest.raises(ValueError, match="min_docs_compare must be an integer >= 1, got 0"):
        keyness.side_vs_side(_docs(SYNTHETIC), a="india", b="russia", min_docs_compare=0)
    with pytest.raises(CorpusError, match="score it first"):
        significance.significance(pd.DataFrame({"ngram": ["x"], "ndocs_year": [1]}))


@pytest.mark.parametrize(
    ("min_docs_compare", "expected"),
    [
        (
            3,
            [
                "Keyness, each year against the rest: 0 of 1,141 phrase test(s) significant at q < 0.05 "
                "(Benjamini–Hochberg).",
                "4 of 4 years hold too few documents (2018: 1, 2020: 1, 2021: 2, 2023: 1) to separate year "
                "from outlet: no claim is made for them; 4 of their phrases would pass q < 0.05 "
                "(e.g. 'raksha mantri' (2020), 'discussed' (2023)).",
            ],
        ),
        (
            1,
            [
                "Keyness, each year against the rest: 4 of 1,141 phrase test(s) significant at q < 0.05 "
                "(Benjamini–Hochberg).",
                "2020 says more than the other years (q < 0.05): 'mantri' (LR 5.3, q 0.0054), "
                "'raksha' (LR 5.3, q 0.0054), 'raksha mantri' (LR 5.3, q 0.0054).",
                "2023 says more than the other years (q < 0.05): 'discussed' (LR 4.8, q 0.013).",
            ],
        ),
    ],
)
def test_findings_state_how_many_pass(seeds, min_docs_compare, expected):
    table = keyness.year_vs_rest(
        phrases.counts(seeds), n_max=5, min_count=2, min_docs_compare=min_docs_compare
    )
    said = findings.keyness_sentences(table)
    assert [s for s in said if not s.startswith("Confounded")] == expected
    assert any(
        s.startswith("Confounded with the source") and "2018 (outlet AzerNews, side russia)" in s
        for s in said
    )


def test_findings_say_zero_when_nothing_passes():
    table = keyness.year_vs_rest(_docs([(d, y, "PIB", "india", FILLER) for d, y, *_ in SYNTHETIC]), n_max=1)
    said = findings.keyness_sentences(table)
    assert said[0].startswith(f"Keyness, each year against the rest: 0 of {len(table):,} phrase test(s)")
    assert len(said) == 1  # three documents a year, one outlet for all: no note, no confound


def test_fisher_matches_scipy_on_many_tables():
    # the vectorised test (margins shared, hypergeometric once per margin) against scipy per table
    rng = np.random.default_rng(7)
    na = rng.integers(0, 120, 600)
    nb = np.where(rng.random(600) < 0.3, na, rng.integers(0, 900, 600))
    ka = (rng.random(600) * (na + 1)).astype(int)
    kb = (rng.random(600) * (nb + 1)).astype(int)
    ours = keyness.fisher_docs(ka, na, kb, nb)
    ref = [
        stats.fisher_exact([[a, n - a], [b, m - b]]).pvalue for a, n, b, m in zip(ka, na, kb, nb, strict=True)
    ]
    assert ours == pytest.approx(ref, rel=1e-9, abs=1e-15)
    assert keyness.fisher_docs([], [], [], []).shape == (0,)
