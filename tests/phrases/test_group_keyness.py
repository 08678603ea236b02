"""Keyness of groups: a pair compared with each other, three or more each against the rest pooled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils import load_corpus
from corpus_utils.phrases import keyness, significance

# group, texts: "harbour levy" only in Coast, "grain price" only in Farm, "school" everywhere
ROWS = [
    ("c1", "2001-01-01", "Coast", "The harbour levy pays for the school roof."),
    ("c2", "2002-01-01", "Coast", "Raise the harbour levy and mend the harbour levy gates."),
    ("f1", "2001-02-01", "Farm", "The grain price fell and the school bus stopped."),
    ("f2", "2002-02-01", "Farm", "A fair grain price keeps the village school open."),
    ("t1", "2001-03-01", "Town", "The town school needs teachers and a library."),
    ("t2", "2002-03-01", "Town", "Parking fees fund the school crossing guards."),
    ("u1", "2003-03-01", "", "The harbour levy and the grain price and the school."),  # no group
]


def corpus(tmp_path, groups=None):
    rows = [r for r in ROWS if groups is None or r[2] in groups]
    path = tmp_path / "groups.csv"
    pd.DataFrame(rows, columns=["id", "date", "party", "text"]).to_csv(path, index=False)
    return load_corpus(path, id_col="id", group_col="party")


def row(table, side, ngram):
    hit = table[(table["side"] == side) & (table["ngram"] == ngram)]
    assert len(hit) == 1, table[["side", "ngram"]].head()
    return hit.iloc[0]


def test_three_groups_each_against_the_rest(tmp_path):
    table = keyness.side_vs_side(corpus(tmp_path), n_max=2, min_docs_compare=1)
    assert set(table["side"]) == {"Coast", "Farm", "Town"}  # the ungrouped document takes no part
    assert set(table["comparison"]) == {"one_vs_rest"} and set(table["other"]) == {"rest"}
    levy = row(table, "Coast", "harbour levy")
    assert (levy["count_side"], levy["count_other"], levy["docs_side"], levy["docs_other"]) == (3, 0, 2, 0)
    school = row(table, "Farm", "school")
    assert (school["count_side"], school["count_other"], school["ndocs_side"], school["ndocs_other"]) == (
        2,
        3,
        2,
        4,
    )
    # every row its own test: q is Benjamini-Hochberg over all rows
    assert np.allclose(table["q_value"], significance.q_values(table["p_value"].to_numpy()))
    assert list(table.columns[:9]) == keyness.SIDE_COLUMNS
    assert "3 groups, each against the rest" in keyness.comparison_note(table)


def test_two_groups_are_a_pair(tmp_path):
    table = keyness.side_vs_side(corpus(tmp_path, {"Coast", "Farm"}), n_max=2, min_docs_compare=1)
    assert set(table["comparison"]) == {"pair"}
    assert set(zip(table["side"], table["other"], strict=True)) == {("Coast", "Farm"), ("Farm", "Coast")}
    school = table[table["ngram"] == "school"].set_index("side")
    assert school.loc["Coast", "p_value"] == school.loc["Farm", "p_value"]  # G² symmetric: one test
    assert keyness.comparison_note(table) == "Groups compared as a pair: Coast against Farm."


def test_the_seeds_compare_india_with_russia(seeds):
    table = keyness.side_vs_side(seeds, n_max=1)
    assert set(table["side"]) == {"india", "russia"} and set(table["comparison"]) == {"pair"}
    assert set(zip(table["side"], table["other"], strict=True)) == {("india", "russia"), ("russia", "india")}


@pytest.mark.parametrize(
    ("groups", "kwargs"),
    [
        ({"Coast"}, {}),  # one group
        ({""}, {}),  # no group at all
        (None, {"a": "Coast", "b": "Sea"}),  # a group the corpus lacks
    ],
)
def test_nothing_to_compare_is_an_empty_table(tmp_path, groups, kwargs):
    table = keyness.side_vs_side(corpus(tmp_path, groups), **kwargs)
    assert len(table) == 0 and list(table.columns[:9]) == keyness.SIDE_COLUMNS
    assert {"other", "comparison", *significance.SIGNIFICANCE} <= set(table.columns)
    assert keyness.comparison_note(table) == "No comparison of groups: fewer than two groups to compare."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"a": "Coast"}, "give both a and b, or neither"), ({"a": "Coast", "b": "Coast"}, "must be different")],
)
def test_bad_pairs(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        keyness.side_vs_side(corpus(tmp_path), **kwargs)
