"""Codebook coding: several themes per claim, variants, whole words, clear errors for bad files."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import CorpusError
from corpus_utils.claims import themes

THEMES = [
    "arms_deals_platforms",
    "joint_production_make_in_india",
    "exercises",
    "multilateral_forums",
    "trust_partnership",
    "pandemic",
    "external_pressure_sanctions",
    "regional_security",
    "military_education_contacts",
    "intergovernmental_commission",
]


@pytest.fixture(scope="module")
def book():
    return themes.codebook()


def test_codebook_has_the_themes_of_the_issue(book):
    assert list(book.columns) == ["theme", "label", "pattern"]
    assert set(THEMES) <= set(book["theme"])
    assert book["label"].str.len().gt(0).all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the contracts for the delivery of S-400 Triumf air defence missile systems",
            {"arms_deals_platforms"},
        ),
        ("India cleared the AK 203 rifles deal", {"arms_deals_platforms"}),
        ("the 'Make-in-India' defence programme", {"joint_production_make_in_india"}),
        (
            "an India-Russian Joint Venture for the production of AK203 assault rifles",
            {"joint_production_make_in_india", "arms_deals_platforms"},
        ),
        ("Aatma Nirbhar Bharat vision", {"joint_production_make_in_india"}),
        (
            "The Indra series exercises and participation in the International Army Games",
            {"exercises"},
        ),
        (
            "within the framework of the SCO and the meeting of defence ministers of ASEAN countries (SMOA Plus)",
            {"multilateral_forums"},
        ),
        ("the inaugural '2+2' dialogue", {"bilateral_dialogue"}),  # a bilateral format, not a forum
        ("the two plus two dialogue", {"bilateral_dialogue"}),
        ("talks between Mr Putin and PM Modi", set()),  # a bare name makes no summit
        ("the annual summit of both leaders", {"summits_leaders"}),
        ("the spirit of a particularly privileged strategic partnership", {"trust_partnership"}),
        ("the Special & Privileged Partnership", {"trust_partnership"}),
        ("the unique, long-lasting and time-tested relationship", {"trust_partnership"}),
        ("despite the difficult epidemiological situation", {"pandemic"}),
        ("signed with India despite external pressure", {"external_pressure_sanctions"}),
        ("the threat of CAATSA sanctions", {"external_pressure_sanctions"}),
        ("maritime security in the Indian Ocean Region", {"regional_security"}),
        ("the exchange of military delegations is expanding", {"military_education_contacts"}),
        (
            "the Inter-Governmental Commission for Technical & Military Cooperation",
            {"intergovernmental_commission"},
        ),
        ("The annual meeting took place in the capital.", set()),
        ("the impact of the visit", set()),  # "pact" only as a whole word
    ],
)
def test_code_finds_every_theme(book, text, expected):
    assert set(themes.code(text, book)) == expected


def test_code_is_case_insensitive_and_uses_variants(book):
    assert (
        themes.code("MAKE IN INDIA", book)
        == themes.code("Make-in-India", book)
        == ["joint_production_make_in_india"]
    )
    assert "military_technical_cooperation" in themes.code("military-technical cooperation", book)


def test_code_keeps_codebook_order(book):
    got = themes.code("Indra exercises despite the pandemic, and the S-400 deal", book)
    order = list(dict.fromkeys(book["theme"]))
    assert got == sorted(got, key=order.index)


def test_custom_codebook_as_dataframe():
    book = themes.codebook(
        pd.DataFrame({"theme": ["drones"], "label": ["Drones"], "pattern": [r"drones?|UAVs?"]})
    )
    assert themes.code("Russia will supply UAVs", book) == ["drones"]
    assert themes.code("Russia will supply rifles", book) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("theme,label,pattern\nexercises,Exercises,Indra|exercis(e\n", "line 3"),
        ("theme,label,pattern\nexercises,Exercises,\n", "pattern is empty"),
        ("theme,label,pattern\nbad theme,Exercises,Indra\n", "must be an identifier"),
        ("theme,label\nexercises,Exercises\n", "lacks columns"),
        (
            "theme,label,pattern\nexercises,Exercises,Indra\nexercises,Drills,drills?\n",
            "different labels",
        ),
        ("theme,label,pattern\nexercises,Exercises,x*\n", "matches the empty string"),
        ("# only a comment\n", "no header"),
    ],
)
def test_bad_codebook_names_the_file_and_problem(tmp_path, body, message):
    path = tmp_path / "codebook.csv"
    path.write_text("# my codebook\n" + body, encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as err:
        themes.codebook(path)
    assert "codebook.csv" in str(err.value)


def test_bad_regex_error_gives_line_number(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text(
        "# comment\n# comment\ntheme,label,pattern\nok,Ok,fine\nbad,Bad,(unclosed\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"book\.csv, line 5: pattern '\(unclosed' is not a valid regex"):
        themes.codebook(path)


def test_missing_codebook_file():
    with pytest.raises(CorpusError, match="does not exist"):
        themes.codebook("no/such/codebook.csv")


def test_code_needs_a_codebook_dataframe():
    with pytest.raises(CorpusError, match="codebook"):
        themes.code("text", ["not", "a", "codebook"])
