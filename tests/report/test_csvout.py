"""CSV cells that spreadsheets run (OWASP CSV injection): quoted in every CSV the project writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils import csvout


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+A1", "'+A1"),
        ("-2+3", "'-2+3"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-2", "-2"),  # text that reads exactly as a number runs nothing: kept
        ("+3.5", "+3.5"),
        ("-1.5e3", "-1.5e3"),
        ("India", "India"),
        (" =1", " =1"),  # only the first character counts (OWASP)
        ("a=1", "a=1"),
        ("", ""),
        (-2, -2),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_cell(value, expected):
    assert csvout.cell(value) == expected


def test_numbers_stay_numbers_and_text_is_quoted(tmp_path):
    table = pd.DataFrame(
        {
            "title": pd.Series(['=HYPERLINK("http://x","click")', "plain", None], dtype="str"),
            "mixed": pd.Series(["@x", -2, 1.5], dtype=object),
            "kind": pd.Categorical(["+a", "b", "b"]),
            "count": [-2, 3, 0],
            "share": [-2.5, np.nan, 3.5],
            "year": pd.array([2020, None, -1], dtype="Int64"),
            "ok": [True, False, True],
            "date": pd.to_datetime(["2020-01-02", None, "2021-03-04"]),
            "=col": ["a", "b", "c"],
        }
    )
    before = table.copy()
    path = csvout.write(table, tmp_path / "t.csv", float_format="%.6g", date_format="%Y-%m-%d")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "title,mixed,kind,count,share,year,ok,date,'=col",
        '"\'=HYPERLINK(""http://x"",""click"")",\'@x,\'+a,-2,-2.5,2020,True,2020-01-02,a',
        "plain,-2,b,3,,,False,,b",
        ",1.5,b,0,3.5,-1,True,2021-03-04,c",
    ]
    pd.testing.assert_frame_equal(table, before)  # the input keeps its raw text


def test_clean_table_is_written_as_pandas_writes_it(tmp_path):
    table = pd.DataFrame({"a": ["x", "y"], "b": [1.25, -3.0], "c": [-1, 2]})
    csvout.write(table, tmp_path / "t.csv", float_format="%.6g")
    expected = table.to_csv(index=False, lineterminator="\n", float_format="%.6g")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == expected
