"""Actors, weapons systems, programmes and forums mentioned (corpus_utils.explore.mentions)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import synthetic_doc

from corpus_utils.errors import CorpusError
from corpus_utils.explore import mentions

DOC_002, DOC_003, DOC_004 = "002_a12f7572cc1d2d3e", "003_89e9f6ed03a7e5b1", "004_ee13145404f6f04f"


@pytest.mark.parametrize(
    ("entity", "years"),
    [
        ("S-400", {2018}),
        ("AK-203", {2020, 2021}),  # "AK203" (2020) and "AK 203" (2021)
        ("SCO", {2020, 2021, 2023}),
        ("Make in India", {2020, 2023}),  # "Make-in-India" in 2020 too
        ("Atmanirbhar Bharat", {2020}),  # written "Aatma Nirbhar Bharat"
        ("Sergei Lavrov", {2021}),  # written "Sergey Lavrov"
        ("Sergei Shoigu", {2018, 2020, 2021, 2023}),
        ("Project 11356 frigates", {2018}),
        ("CSTO", {2020}),
        ("Indra exercises", {2020, 2021}),
        ("2+2 dialogue", {2021}),
        ("Su-30MKI", set()),
    ],
)
def test_mentions_by_year_on_seeds(seeds, entity, years):
    out = mentions.mentions_by_year(seeds)
    assert set(out.loc[out["entity"] == entity, "year"]) == years


@pytest.mark.parametrize(
    ("doc_id", "entity", "count"),
    [
        (DOC_002, "S-400", 1),  # "S-400 Triumf": one mention, not two
        (DOC_002, "military-technical cooperation", 3),
        (DOC_003, "SCO", 2),  # "Shanghai Cooperation Organisation (SCO)" counts once
        (DOC_003, "Make in India", 3),
        (DOC_004, "2+2 dialogue", 4),  # '2+2' x3 and "two plus two dialogue"
        (
            DOC_004,
            "Sergei Shoigu",
            4,
        ),  # "the Russian counterpart", "Mr Shoigu", the tweet, "Singh-Shoigu talks"
        (DOC_004, "Narendra Modi", 2),
        (DOC_004, "AK-203", 1),
    ],
)
def test_mentions_counts_per_document(seeds, doc_id, entity, count):
    out = mentions.mentions(seeds)
    row = out[(out["doc_id"] == doc_id) & (out["entity"] == entity)]
    assert row["count"].item() == count


def test_mentions_tables_shape_and_order(seeds):
    before = seeds.copy()
    per_doc = mentions.mentions(seeds)
    pd.testing.assert_frame_equal(seeds, before)
    assert list(per_doc.columns[:6]) == ["doc_id", "year", "side", "category", "entity", "count"]
    assert per_doc["date"].is_monotonic_increasing
    assert set(per_doc["category"]) == set(mentions.CATEGORIES)
    out = mentions.mentions_by_year(seeds)
    assert list(out.columns) == ["category", "entity", "year", "mentions", "documents"]
    sco = out[out["entity"] == "SCO"].set_index("year")
    assert sco.loc[2023, "mentions"] == 4 and sco.loc[2023, "documents"] == 1
    shoigu = out[out["entity"] == "Sergei Shoigu"].set_index("year")
    assert shoigu.loc[2021, "documents"] == 2
    assert (
        shoigu.loc[2021, "mentions"]
        == per_doc.loc[(per_doc["entity"] == "Sergei Shoigu") & (per_doc["year"] == 2021), "count"].sum()
    )
    order = out["category"].map(mentions.CATEGORIES.index).tolist()
    assert order == sorted(order)
    pd.testing.assert_frame_equal(out, mentions.mentions_by_year(seeds))


TEXT = (
    "The MiG-29K fighters and the Singh-Shoigu talks were in the news; the S-400 Triumf systems "
    "and the S 400 radar arrive. MiG-29 jets and the SU-30MKI too, with the mig29 upgrade."
)
TABLE = pd.DataFrame(
    {
        "category": ["weapon_system", "weapon_system", "actor", "weapon_system"],
        "canonical": ["MiG-29", "S-400", "Sergei Shoigu", "Su-30MKI"],
        "aliases": ["MiG-29", "S-400 Triumf|S-400|Triumf", "Shoigu", "Su-30MKI"],
    }
)


@pytest.mark.parametrize(
    ("entity", "count"),
    [
        ("MiG-29", 2),  # "MiG-29" and "mig29", not "MiG-29K"
        ("S-400", 2),  # "S-400 Triumf" once, "S 400" once
        ("Sergei Shoigu", 0),  # a surname alone, with no full name before it in the document
        ("Su-30MKI", 1),  # case-insensitive
    ],
)
def test_whole_words_case_and_overlaps(make_corpus, entity, count):
    corpus = make_corpus({"a": synthetic_doc("2022-01-01", TEXT)})
    out = mentions.mentions(corpus, table=TABLE)
    got = out.loc[out["entity"] == entity, "count"]
    assert (got.item() if len(got) else 0) == count


def test_default_table_is_valid():
    table = mentions.read_table()
    assert set(table["category"]) == set(mentions.CATEGORIES)
    assert {"Sergei Shoigu", "S-400", "Make in India", "SCO"} <= set(table["canonical"])


def test_table_from_a_file(seeds, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("# my table\ncategory,canonical,aliases\nforum,SCO,SCO\n", encoding="utf-8")
    out = mentions.mentions_by_year(seeds, table=path)
    assert set(out["entity"]) == {"SCO"}


HEADER = "category,canonical,aliases\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("category,canonical\nforum,SCO\n", "lacks column"),
        (HEADER + "forum,SCO,SCO\nweapon,S-400,S-400\n", "row 3: category 'weapon'"),
        (HEADER + "forum,,SCO\n", "canonical name is empty"),
        (HEADER + "forum,SCO, | \n", "no aliases for 'SCO'"),
        (HEADER + "forum,SCO,SCO\nforum,sco,Shanghai\n", "listed twice"),
        (HEADER + "forum,SCO,SCO,extra\n", "fields, the header has"),
        (HEADER + "forum,SCO,()\n", "no letter or digit"),
        ("# only a comment\n" + HEADER, "has no entities"),
        (b"category,canonical,aliases\nforum,SCO,\xff\n", "not UTF-8"),
    ],
)
def test_bad_table_names_file_and_problem(seeds, tmp_path, content, message):
    path = tmp_path / "bad_mentions.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as err:
        mentions.mentions(seeds, table=path)
    assert "bad_mentions.csv" in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_table(seeds, tmp_path):
    with pytest.raises(CorpusError, match="nowhere.csv' does not exist"):
        mentions.mentions(seeds, table=tmp_path / "nowhere.csv")


def test_bad_dataframe_table(seeds):
    with pytest.raises(CorpusError, match="lacks column"):
        mentions.mentions(seeds, table=pd.DataFrame({"category": ["forum"]}))


# date, text, actor, mentions: one rule for every actor of the actors table
ACTOR_RULE = [
    ("2021-12-06", "Shoigu spoke first. Sergei Shoigu arrived later. Shoigu left.", "Sergei Shoigu", 2),
    ("2021-12-06", "Rajnath Singh arrived. Singh spoke. Singh left.", "Rajnath Singh", 3),  # surname too
    ("2021-12-06", "Singh spoke. Then Rajnath Singh arrived.", "Rajnath Singh", 1),  # surname before: no
    ("2020-09-03", "Raksha Mantri met the press. Later Raksha Mantri left.", "Rajnath Singh", 2),
    ("2018-04-03", "Raksha Mantri met the press.", "Nirmala Sitharaman", 1),  # the role's holder that year
    ("2018-04-03", "Raksha Mantri met the press.", "Rajnath Singh", 0),
    ("2021-12-06", "The Russian defence minister, General Sergei Shoigu, arrived.", "Sergei Shoigu", 1),
    ("2021-12-06", "Mr Shoigu arrived. Shoigu spoke.", "Sergei Shoigu", 2),  # title and surname: full
    ("2012-09-04", "Manmohan Singh spoke.", "Rajnath Singh", 0),  # someone else's surname
]


@pytest.mark.parametrize(("date", "text", "actor", "n"), ACTOR_RULE)
def test_every_actor_is_counted_by_one_rule(make_corpus, date, text, actor, n):
    english = " It was a meeting of the two ministers and their staff, and the talks went on for an hour."
    out = mentions.mentions(make_corpus({"a": synthetic_doc(date, text + english)}))
    got = out.loc[out["entity"] == actor, "count"]
    assert (got.item() if len(got) else 0) == n


@pytest.mark.parametrize(
    ("doc_id", "count"),
    [
        ("000_7691c46185182ef2", 1),  # "the head of the Indian Defence Ministry Rajnath Singh": once
        ("001_048e5a57887d2b5b", 8),  # full name, then "Singh" six times, "The defence minister"
        ("003_89e9f6ed03a7e5b1", 8),  # "Raksha Mantri" (and "RM") in 2020
        ("004_ee13145404f6f04f", 3),
    ],
)
def test_rajnath_singh_is_counted_like_shoigu_on_the_seeds(seeds, doc_id, count):
    out = mentions.mentions(seeds)
    row = out[(out["doc_id"] == doc_id) & (out["entity"] == "Rajnath Singh")]
    assert row["count"].item() == count
