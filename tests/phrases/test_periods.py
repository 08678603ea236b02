"""Periods of several years: calendar-aligned bins, labels, and the check of the parameter."""

import pandas as pd
import pytest

from corpus_utils.errors import CorpusError
from corpus_utils.phrases import periods


@pytest.mark.parametrize(
    ("year", "period", "start", "label"),
    [
        (2021, 1, 2021, "2021"),
        (2021, 5, 2020, "2020\u20132024"),
        (2020, 5, 2020, "2020\u20132024"),
        (2019, 5, 2015, "2015\u20132019"),
        (1987, 10, 1980, "1980\u20131989"),
        (1600, 3, 1599, "1599\u20131601"),
    ],
)
def test_start_and_label(year, period, start, label):
    assert periods.start(year, period) == start
    assert periods.label(start, period) == label


def test_binned_replaces_years_keeps_undated_and_does_not_mutate():
    table = pd.DataFrame(
        {"doc_id": ["a", "b", "c", "d"], "year": pd.array([2018, 2021, None, 2024], dtype="Int64")}
    )
    out = periods.binned(table, 5)
    assert out["year"].tolist() == [2015, 2020, pd.NA, 2020]
    assert table["year"].tolist() == [2018, 2021, pd.NA, 2024]
    assert periods.binned(table, 1)["year"].tolist() == [2018, 2021, pd.NA, 2024]


@pytest.mark.parametrize("bad", [0, -5, 2.5, "5", True, None])
def test_bad_period_is_one_line_naming_the_parameter(bad):
    with pytest.raises(CorpusError, match="parameter 'period' must be a whole number of years >= 1"):
        periods.binned(pd.DataFrame({"year": [2020]}), bad)


def test_a_table_without_years_is_named():
    with pytest.raises(CorpusError, match="no 'year' column; columns: doc_id"):
        periods.binned(pd.DataFrame({"doc_id": ["a"]}), 5)
