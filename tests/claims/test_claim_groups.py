"""Grouping recurring claims across years, new and dropped claims, themes by year, numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import synthetic_doc

from corpus_utils import CorpusError, claims
from corpus_utils.claims import grouping as claim_groups
from corpus_utils.claims import tables as claim_tables
from corpus_utils.claims import themes, vectors

# Planted paraphrases: the same proposition reworded in another year, next to unrelated claims.
PLANTED = {
    "a2018": (
        "2018-12-14",
        '"The interaction of the general staffs and military branches of the armed forces is '
        "strengthening, the exchange of military delegations is expanding and work is being carried "
        'out in the sphere of military education," Sergei Shoigu said.\n\n'
        "India cleared the AK-203 rifles deal worth Rs 5,000 crore.\n\n"
        "The Indian Navy received a new tanker built in Chennai.",
    ),
    "b2021": (
        "2021-12-06",
        '"Despite the difficult epidemiological situation, the interaction of the general staffs and '
        "branches of the armed forces is strengthening, and the exchange of military delegations is "
        'expanding," the Russian defence minister said.\n\n'
        "India cleared the AK-203 rifles deal worth ₹5,000 crore on Saturday.\n\n"
        "Rajnath Singh said the floods in Assam had displaced thousands of families.",
    ),
    "c2023": (
        "2023-04-28",
        "India cleared the AK-203 rifles deal worth Rs 39,000 crore.\n\n"
        "The Indian Air Force flew a formation over the Red Fort.",
    ),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    from corpus_utils import load_corpus

    folder = tmp_path_factory.mktemp("planted")
    for name, (date, body) in PLANTED.items():
        (folder / f"{name}.txt").write_text(synthetic_doc(date, body), encoding="utf-8")
    return claims.extract(load_corpus(folder))


def gid(table: pd.DataFrame, doc: str, fragment: str) -> str:
    hit = table[(table["doc_id"] == doc) & table["claim"].str.contains(fragment, regex=False)]
    assert len(hit) == 1
    return hit.iloc[0]["group_id"]


def test_paraphrase_across_years_and_speakers_is_one_group(planted):
    first = gid(planted, "a2018", "exchange of military delegations")
    assert first == gid(planted, "b2021", "exchange of military delegations")
    assert first == "C001"  # numbered by first appearance: the 2018 claim comes first


def test_same_deal_same_amount_groups_but_another_amount_does_not(planted):
    deal_2018 = gid(planted, "a2018", "Rs 5,000 crore")
    assert deal_2018 == gid(planted, "b2021", "₹5,000 crore")
    assert deal_2018 != gid(planted, "c2023", "Rs 39,000 crore")


def test_unrelated_claims_stay_apart(planted):
    ids = [
        gid(planted, "a2018", "tanker"),
        gid(planted, "b2021", "floods"),
        gid(planted, "c2023", "Red Fort"),
        gid(planted, "a2018", "exchange of military delegations"),
    ]
    assert len(set(ids)) == len(ids)


def test_group_ids_are_stable_and_cover_every_claim(planted):
    again = claim_groups.group(planted)
    pd.testing.assert_frame_equal(again, planted)
    assert planted["group_id"].str.fullmatch(r"C\d{3}").all()
    firsts = planted.sort_values(["year", "claim_id"]).drop_duplicates("group_id")["group_id"].tolist()
    assert firsts == sorted(firsts)


def test_a_higher_threshold_splits_the_paraphrase(planted):
    strict = claim_groups.group(planted, threshold=0.95)
    assert gid(strict, "a2018", "exchange of military delegations") != gid(
        strict, "b2021", "exchange of military delegations"
    )


def test_recurring_shows_wordings_year_by_year_and_who_said_them(planted):
    rec = claims.recurring(planted)
    assert list(rec.columns[:6]) == ["group_id", "year", "side", "speaker", "kind", "wording"]
    group = rec[rec["group_id"] == gid(planted, "a2018", "exchange of military delegations")]
    assert group["year"].tolist() == [2018, 2021]
    assert group["speaker"].tolist() == ["Sergei Shoigu", "Sergei Shoigu"]
    assert group["years"].iloc[0] == "2018, 2021"
    assert gid(planted, "c2023", "Red Fort") not in set(rec["group_id"])


def test_recurring_passages_of_shoigus_speeches_in_the_seeds(seeds):
    rec = claims.recurring(claims.extract(seeds))
    staffs = rec[rec["wording"].str.contains("general staffs")]
    assert staffs["year"].tolist() == [2018, 2021] and staffs["group_id"].nunique() == 1
    meetings = rec[rec["wording"].str.startswith("Regular meetings of the leaders")]
    assert meetings["year"].tolist() == [2018, 2021] and meetings["group_id"].nunique() == 1


def test_new_and_dropped(planted):
    nd = claims.new_and_dropped(planted)
    assert list(nd.columns) == [
        "year",
        "status",
        "group_id",
        "claim",
        "speakers",
        "sides",
        "years",
        "caveat",
    ]
    deal = gid(planted, "a2018", "Rs 5,000 crore")
    rows = nd[nd["group_id"] == deal][["year", "status"]].values.tolist()
    assert rows == [[2018, "new"], [2021, "repeated"], [2023, "dropped"]]
    assert (
        nd.loc[nd["year"] == 2023, "caveat"].str.contains(
            "few documents \\(1\\) in 2023: no evidence of absence"
        )
    ).all()


def test_by_theme_year_matrix(planted):
    book = themes.codebook()
    table = claims.by_theme_year(planted, codebook=book)
    assert list(table.columns) == ["theme", "year", "side", "claims", "documents", "caveat", "label"]
    assert set(table.loc[table["theme"] == "arms_deals_platforms", "label"]) == {"Arms deals and platforms"}
    assert len(table) == book["theme"].nunique() * 3 * planted["side"].nunique()  # zeros included
    cell = table[
        (table["theme"] == "arms_deals_platforms") & (table["year"] == 2021) & (table["side"] == "unknown")
    ]
    assert cell[["claims", "documents"]].values.tolist() == [[1, 1]]
    assert (table["claims"] >= table["documents"]).all()
    assert table["caveat"].str.startswith("few documents").all()


def test_numbers_table_has_one_row_per_amount(planted):
    nums = claims.numbers_table(planted)
    assert sorted(nums["value"].tolist()) == [5e10, 5e10, 3.9e11]
    assert set(nums["unit"]) == {"INR"}
    assert nums["claim_id"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("option", "value"),
    [("threshold", 0), ("threshold", 1.5), ("floor", "x"), ("min_tokens", 0), ("block", True)],
)
def test_bad_options(planted, option, value):
    with pytest.raises(ValueError, match=option):
        claim_groups.group(planted, **{option: value})


def test_group_needs_a_claims_table():
    with pytest.raises(CorpusError, match="claims lacks columns"):
        claim_groups.group(pd.DataFrame({"claim": ["x"]}))


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "few documents (0) in 2020: no evidence of absence"),
        (2, "few documents (2) in 2020: no evidence of absence"),
        (3, ""),
    ],
)
def test_caveat(n, expected):
    assert claim_tables.caveat(n, 2020) == expected


@pytest.mark.parametrize("bound", [0.25, 0.55, 0.9])
def test_prefix_filter_keeps_every_pair_that_reaches_the_bound(bound):
    # brute force: every pair of rows with cosine >= bound shares a word of their prefixes
    rng = np.random.default_rng(3)
    docs = [
        [f"w{int(v)}" for v in rng.zipf(1.6, rng.integers(3, 12)) if v < 60] or ["w1"] for _ in range(300)
    ]
    x = vectors.tfidf(docs)
    prefix = vectors.prefixes(x, bound)
    sims = (x @ x.T).toarray()
    shared = (prefix @ prefix.T).toarray() > 0
    close = sims >= bound
    assert close.sum() > len(docs)  # some pairs other than each row with itself
    assert not (close & ~shared).any()
    assert prefix.nnz < x.nnz  # the filter drops words


def test_stars_keep_every_component_joined_to_its_first_node():
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(0)
    n = 300
    rows, cols = rng.integers(0, n, 250), rng.integers(0, n, 250)

    def components(r, c):
        graph = sparse.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
        return connected_components(graph, directed=False)[1]

    heads, tails, labels = claim_groups._stars(n, rows, cols)
    before, after = components(rows, cols), components(heads, tails)
    assert (labels == before).all()  # the labels of every node, isolated ones included
    linked = np.unique(np.concatenate([rows, cols]))
    for u in linked:  # the same partition of the linked nodes
        assert set(linked[before[linked] == before[u]]) == set(linked[after[linked] == after[u]])
    for h, t in zip(heads, tails, strict=True):  # each edge from the component's smallest node
        assert h == linked[before[linked] == before[t]].min() and h < t
    assert len(heads) == len(linked) - len(set(before[linked]))
