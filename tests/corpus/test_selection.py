"""The one selection of documents (``corpus.selection``) and the year parameters."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import CorpusError
from corpus_utils.corpus import selection
from corpus_utils.report import nb, params


def table() -> pd.DataFrame:
    """Seven rows: five included (2016, 2019, 2021, 2024, undated), one excluded, one other outlet."""
    rows = [
        ("a", 2016, "TASS", True),
        ("b", 2019, "PIB", True),
        ("c", 2021, "TASS", True),
        ("d", 2024, "PIB", True),
        ("e", None, "PIB", True),
        ("f", 2019, "PIB", False),  # excluded: a duplicate, say
        ("g", 2021, "The Hindu", True),
    ]
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "outlet": [r[2] for r in rows],
            "included": [r[3] for r in rows],
            "date": pd.to_datetime([f"{r[1]}-06-01" if r[1] else None for r in rows]),
        }
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["a", "b", "c", "d", "e", "g"]),  # None years: the corpus's own range, undated stay
        ({"year_min": None, "year_max": None}, ["a", "b", "c", "d", "e", "g"]),
        ({"dated": True}, ["a", "b", "c", "d", "g"]),
        ({"year_min": 2019}, ["b", "c", "d", "e", "g"]),
        ({"year_max": 2019}, ["a", "b", "e"]),
        ({"year_min": 2019, "year_max": 2021}, ["b", "c", "e", "g"]),
        ({"year_min": 2019, "year_max": 2021, "dated": True}, ["b", "c", "g"]),
        ({"year_min": 1600, "year_max": 1700}, ["e"]),
        ({"outlets": ["PIB"]}, ["b", "d", "e"]),  # the excluded PIB row stays out
        ({"outlets": "TASS"}, ["a", "c"]),
        ({"outlets": ["TASS", "The Hindu"], "year_min": 2020}, ["c", "g"]),
    ],
)
def test_select(kwargs, expected):
    given = table()
    copy = given.copy()
    out = selection.select(given, **kwargs)
    assert out["doc_id"].tolist() == expected
    assert list(out.index) == list(range(len(expected)))
    pd.testing.assert_frame_equal(given, copy)  # the input is not touched


def test_excluded_documents_never_come_back():
    assert "f" not in set(selection.select(table(), outlets=["PIB"], year_min=2019, year_max=2019)["doc_id"])
    assert selection.select(table().assign(included=False)).empty


def test_unknown_outlet_is_one_line_listing_the_known_outlets():
    with pytest.raises(CorpusError) as err:
        selection.select(table(), outlets=["PIB", "Pravda"])
    message = str(err.value)
    assert message == "outlets: 'Pravda' not in the corpus; known outlets: PIB, TASS, The Hindu"
    assert "\n" not in message


@pytest.mark.parametrize(
    ("corpus", "kwargs", "message"),
    [
        (table().drop(columns="included"), {}, r"corpus lacks column\(s\) included: pass the table"),
        (table(), {"columns": ("text_norm", "side")}, r"lacks column\(s\) text_norm, side"),
        (table().drop(columns="outlet"), {"outlets": ["PIB"]}, r"lacks column\(s\) outlet"),
        ([1, 2], {}, "corpus must be the DataFrame of load_corpus"),
        (table(), {"year_min": 2021, "year_max": 2019}, r"year_min \(2021\) is after year_max \(2019\)"),
        (table(), {"year_min": "2019"}, "year_min must be a year"),
        (table(), {"year_max": True}, "year_max must be a year"),
    ],
)
def test_bad_input(corpus, kwargs, message):
    with pytest.raises(CorpusError, match=message):
        selection.select(corpus, **kwargs)


def test_a_table_without_outlets_is_fine_when_none_are_chosen():
    assert len(selection.select(table().drop(columns="outlet"))) == 6


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, (2016, 2024)),
        ({"year_min": 2019}, (2019, 2024)),
        ({"year_max": 2020}, (2016, 2020)),
        ({"year_min": 1990, "year_max": 2000}, (1990, 2000)),
    ],
)
def test_years_in_force(kwargs, expected):
    assert selection.years(table(), **kwargs) == expected


def test_years_in_force_without_dates():
    assert selection.years(table().assign(year=pd.array([None] * 7, dtype="Int64"))) == (None, None)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"year_min": None, "year_max": None},
            "Years in force: 2016\u20132024 (year_min and year_max not set: the corpus's own range).",
        ),
        (
            {"year_min": 2019, "year_max": None},
            "Years in force: 2019\u20132024 (year_max not set: the corpus's own range); "
            "1 included document(s) outside the years or outlets left out.",
        ),
        (
            {"year_min": 2021, "year_max": 2021},
            "Years in force: 2021; 3 included document(s) outside the years or outlets left out.",
        ),
    ],
)
def test_years_note(kwargs, expected):
    everything = table()
    selected = selection.select(everything, **kwargs)
    assert nb.years_note(everything, selected, **kwargs) == expected


def test_selection_by_date_puts_undated_last():
    out = selection.by_date(table().iloc[::-1])
    assert out["doc_id"].tolist() == ["a", "b", "f", "c", "g", "d", "e"]


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("year_min", None, True),
        ("year_max", None, True),
        ("year_min", 1600, True),
        ("year_min", 1981, True),  # no fixed 1990 bound any more
        ("year_max", params.THIS_YEAR, True),
        ("year_min", 1599, False),
        ("year_max", params.THIS_YEAR + 1, False),
        ("year_min", "1990", False),
    ],
)
def test_year_parameters(name, value, ok):
    if ok:
        assert params.check(name, value) == value
    else:
        with pytest.raises(CorpusError, match=name):
            params.check(name, value)


def test_year_parameters_order_checked_only_when_both_set():
    assert params.check_all({"year_min": 2020, "year_max": None}) == {"year_min": 2020, "year_max": None}
    with pytest.raises(CorpusError, match="is after"):
        params.check_all({"year_min": 2021, "year_max": 2020})


def test_audit_counts_the_documents_a_selection_left_out(seeds):
    from corpus_utils.corpus import audit

    kept = selection.select(seeds, year_min=2020)
    left_out = int(seeds["included"].sum()) - len(kept)
    assert left_out > 0
    last = audit.findings(seeds, kept)[-1]
    assert last == (
        f"{len(kept)} document(s) in the selected years and outlets go on to the analyses; "
        f"{left_out} included document(s) outside the years or outlets are left out."
    )
    assert audit.findings(seeds, selection.select(seeds))[-1].endswith("go on to the analyses.")
    per_year = audit.by_year_outlet(seeds)
    assert per_year["total"].sum() == int(seeds["included"].sum())
