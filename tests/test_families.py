import pandas as pd
import pytest

from corpus_utils.errors import CorpusError
from corpus_utils.phrases import families, matching
from tests.conftest import synthetic_doc

SPP = "special and privileged strategic partnership"


def corpus(rows: list[tuple]) -> pd.DataFrame:
    """(doc_id, year or None, side, text): a minimal corpus with text == text_norm."""
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "outlet": [f"outlet {r[2]}" for r in rows],
            "side": [r[2] for r in rows],
            "text": [r[3] for r in rows],
            "text_norm": [r[3] for r in rows],
            "included": True,
        }
    )


@pytest.mark.parametrize(
    ("wording", "canonical", "expected"),
    [
        (SPP, SPP, ("exact", 0)),
        ("Special & Privileged Strategic Partnership", SPP, ("exact", 0)),
        ("military-technical cooperation", "military technical cooperation", ("exact", 0)),
        ("special privileged strategic partnership", SPP, ("contained", 1)),
        ("Special & Privileged Partnership", SPP, ("contained", 1)),
        ("particularly privileged strategic partnership", SPP, ("edit", 2)),
        ("special and privileged strategic and defence partnership", SPP, ("contains", 2)),
        ("the special and privileged strategic partnership", SPP, ("contains", 1)),
        ("Russia and India", "India and Russia", ("reordered", 2)),
        ("technical & military cooperation", "military-technical cooperation", ("reordered", 3)),
    ],
)
def test_relation(wording, canonical, expected):
    assert matching.relation(wording, canonical) == expected


def test_seed_family_groups_the_four_wordings(seeds):
    occ = families.occurrences(seeds, watch_phrases=[SPP], discover_families=False)
    assert list(occ.columns[:6]) == ["family", "variant", "doc_id", "year", "outlet", "side"]
    fam = occ[occ["family"] == SPP]
    got = dict(zip(fam["doc_id"].str[:3], zip(fam["variant"], fam["relation"], strict=True), strict=True))
    assert got == {
        "000": ("particularly privileged strategic partnership", "edit"),
        "002": ("special privileged strategic partnership", "contained"),
        "003": ("Special & Privileged Partnership", "contained"),
        "004": ("special and privileged strategic partnership", "exact"),
    }
    assert set(occ["relation"]) <= {"exact", "contains", "contained", "reordered", "edit"}
    assert (fam["distance"] > 0).sum() == 3  # only 004 is an exact match
    summary = families.summary(occ).set_index("family").loc[SPP]
    assert (summary["first_year"], summary["last_year"], summary["n_variants"]) == (2018, 2021, 4)
    assert summary["prefers_india"] == "Special & Privileged Partnership"


def test_variant_keeps_the_original_wording(make_corpus):
    body = (
        "The two ministers praised military-technical cooperation. "
        "Defense cooperation grew under the Make-in-India programme. "
        "They held the first two plus two dialogue in Delhi."
    )
    loaded = make_corpus({"a": synthetic_doc("2021-03-01", body)})
    assert "2+2 dialogue" in loaded["text_norm"].iloc[0]
    occ = families.occurrences(
        loaded,
        watch_phrases=[
            "military technical cooperation",
            "defence cooperation",
            "make in india programme",
            "first 2+2 dialogue",
        ],
        discover_families=False,
    )
    assert set(occ["variant"]) == {
        "military-technical cooperation",
        "Defense cooperation",
        "Make-in-India programme",
        "first two plus two dialogue",
    }
    assert set(occ["relation"]) == {"exact"}


PLANTED = [
    (
        "p1",
        2018,
        "russia",
        "Both sides hailed the comprehensive defence technology partnership today.",
    ),
    ("p2", 2019, "russia", "They praised the comprehensive defence and technology partnership."),
    (
        "p3",
        2019,
        "india",
        "Officials cited the comprehensive defence-technology partnership, again.",
    ),
    ("p4", 2020, "india", "It is a comprehensive technology & defence partnership."),
    ("p5", 2021, "india", "The wide defence technology partnership was renewed."),
    ("p6", 2021, "russia", "A comprehensive defence technology and trade partnership is planned."),
    ("p7", 2022, "india", "The comprehensive economic partnership is another matter."),
    ("p8", 2022, "india", "Defence technology is a field. Partnership is a word."),
    ("p9", None, "other", "An undated note on the comprehensive defence technology partnership."),
]


def test_planted_variants_form_one_family():
    occ = families.occurrences(
        corpus(PLANTED),
        watch_phrases=["comprehensive defence technology partnership"],
        discover_families=False,
    )
    got = {d: (v, r) for d, v, r in zip(occ["doc_id"], occ["variant"], occ["relation"], strict=True)}
    assert got == {
        "p1": ("comprehensive defence technology partnership", "exact"),
        "p2": ("comprehensive defence and technology partnership", "contains"),
        "p3": ("comprehensive defence-technology partnership", "exact"),
        "p4": ("comprehensive technology & defence partnership", "reordered"),
        "p5": ("wide defence technology partnership", "edit"),
        "p6": ("comprehensive defence technology and trade partnership", "contains"),
        "p9": ("comprehensive defence technology partnership", "exact"),
    }
    matrix = families.matrix(occ)
    assert matrix.columns.tolist() == [2018, 2019, 2020, 2021]  # the undated p9 is left out
    assert matrix.iloc[0].tolist() == [1, 2, 1, 2]
    assert families.matrix(occ, value="docs", years=[2017]).columns.tolist() == [
        2017,
        2018,
        2019,
        2020,
        2021,
    ]


def test_discovery_finds_a_recurring_formula_and_leaves_seeds_alone():
    rows = [
        (
            f"d{i}",
            2018 + i % 3,
            "india",
            f"Story {i} about rifles. The joint venture for assault rifles "
            f"production began. Talks on {w} continued.",
        )
        for i, w in enumerate(["oil", "gas", "wheat", "coal"])
    ]
    rows += PLANTED[:3]
    found = families.discover(corpus(rows), exclude=["comprehensive defence technology partnership"])
    assert "joint venture for assault rifles production" in found
    assert not any("comprehensive" in f for f in found)
    occ = families.occurrences(corpus(rows), watch_phrases=["comprehensive defence technology partnership"])
    assert set(occ["source"]) == {"watch", "discovered"}
    fam = occ[occ["family"] == "joint venture for assault rifles production"]
    assert sorted(fam["doc_id"]) == ["d0", "d1", "d2", "d3"]


def test_watch_phrases_from_a_file(tmp_path, seeds):
    path = tmp_path / "watch.txt"
    path.write_text(f"# formulae to follow\n{SPP}\n\nMake in India\nmake  in india\n", encoding="utf-8")
    assert families.watch_list(path) == [SPP, "Make in India"]
    from_file = families.occurrences(seeds, watch_phrases=str(path), discover_families=False)
    from_list = families.occurrences(seeds, watch_phrases=[SPP, "Make in India"], discover_families=False)
    pd.testing.assert_frame_equal(from_file, from_list)


@pytest.mark.parametrize(
    ("watch", "message"),
    [
        ("special and privileged strategic partnership", "no file"),
        ([SPP, 3], "must be a string"),
        (["..."], "has no word"),
    ],
)
def test_bad_watch_phrases(seeds, watch, message):
    with pytest.raises(CorpusError, match=message):
        families.occurrences(seeds, watch_phrases=watch, discover_families=False)


def test_bad_options(seeds):
    with pytest.raises(ValueError, match="min_shared"):
        families.occurrences(seeds, watch_phrases=[SPP], min_shared=0)
    with pytest.raises(ValueError, match="value must be"):
        families.matrix(families.occurrences(seeds, watch_phrases=[SPP], discover_families=False), value="x")


def test_wordings_per_side_and_determinism(seeds):
    occ = families.occurrences(seeds, watch_phrases=[SPP, "Make in India"])
    pd.testing.assert_frame_equal(occ, families.occurrences(seeds, watch_phrases=[SPP, "Make in India"]))
    words = families.wordings(occ)
    assert list(words.columns) == ["family", "side", "variant", "count", "docs", "share"]
    make = words[words["family"] == "Make in India"]
    assert make.iloc[0]["variant"] == "Make in India" and make["share"].sum() == pytest.approx(1.0)
