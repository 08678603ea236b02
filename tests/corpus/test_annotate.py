"""Folders: metadata from file names (filename_pattern) and from a metadata table."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from corpus_utils import CorpusError, load_corpus
from corpus_utils.corpus import annotate, audit

SPEECHES = [
    "Honourable members, the government will build new schools in every district this year.",
    "The railway budget before this house doubles the money for new lines in the north east.",
    "Farmers in my constituency have waited ten years for the canal that was promised to them.",
    "This bill on the rights of workers in the mines deserves the support of every member here.",
]


def _load(path, **options) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **options)


@pytest.fixture
def speeches(tmp_path):
    folder = tmp_path / "speeches"
    (folder / "lok").mkdir(parents=True)
    names = ["1994-Kumar-1.txt", "1995-Rao-2.txt", "lok/1621-03-05_Singh.txt", "notes on the debate.txt"]
    for i, name in enumerate(names):
        (folder / name).write_text(f"{SPEECHES[i]}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            r"(?P<year>\d{4})-(?P<speaker>[A-Za-z]+)-\d+",
            {"1994-Kumar-1": ("1994-01-01", "Kumar"), "1995-Rao-2": ("1995-01-01", "Rao")},
        ),
        (
            r"(?P<date>\d{4}-\d\d-\d\d)_(?P<speaker>\w+)",
            {"1621-03-05_Singh": ("1621-03-05", "Singh")},
        ),
        (
            r"^(?:(?P<group>lok)/)?(?P<year>\d{4})",
            {
                "1994-Kumar-1": ("1994-01-01", ""),
                "1995-Rao-2": ("1995-01-01", ""),
                "1621-03-05_Singh": ("1621-01-01", ""),
            },
        ),
    ],
)
def test_filename_pattern(speeches, pattern, expected):
    df = _load(speeches, filename_pattern=pattern).set_index("doc_id")
    assert len(df) == 4 and df["included"].all()
    for doc, (date, speaker) in expected.items():
        assert df.loc[doc, "date"] == pd.Timestamp(date) and df.loc[doc, "date_source"] == "filename"
        assert df.loc[doc, "speaker"] == speaker
    unmatched = set(df.index) - set(expected)
    for doc in unmatched:
        assert any("does not match filename_pattern" in w for w in df.loc[doc, "warnings"])
        assert df.loc[doc, "date_source"] == "none"
    problems = audit.problems(df.reset_index())
    assert set(problems.loc[problems["message"].str.contains("filename_pattern"), "doc_id"]) == unmatched


def test_group_from_the_file_name_fills_side(speeches):
    df = _load(speeches, filename_pattern=r"^(?P<group>\w+)/").set_index("doc_id")
    assert df.loc["1621-03-05_Singh", "side"] == "lok"
    assert df.loc["1994-Kumar-1", "side"] == "unknown"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"(?P<year>\d{4}", "is not a valid regular expression"),
        (r"\d{4}-(\w+)", "has no named group"),
        (r"(?P<yr>\d{4})", "has unknown group"),
    ],
)
def test_bad_pattern_is_one_line(speeches, pattern, message):
    with pytest.raises(CorpusError, match=message) as e:
        _load(speeches, filename_pattern=pattern)
    assert "\n" not in str(e.value) and "filename_pattern" in str(e.value)


def test_metadata_table_by_file_overrides(speeches, tmp_path):
    meta = pd.DataFrame(
        {
            "file": ["1994-Kumar-1.txt", "lok/1621-03-05_Singh.txt", "./1995-Rao-2.txt"],
            "date": ["1994-02-03", "", "1996"],
            "outlet": ["Lok Sabha debates", "", ""],
            "side": ["Congress", "BJP", ""],
            "speaker": ["P. Kumar", "", "N. Rao"],
            "title": ["On schools", "", ""],
        }
    )
    meta.to_csv(tmp_path / "meta.csv", index=False)
    df = _load(speeches, filename_pattern=r"(?P<year>\d{4})", metadata=tmp_path / "meta.csv").set_index(
        "doc_id"
    )
    k = df.loc["1994-Kumar-1"]
    assert (k["date"], k["date_source"]) == (pd.Timestamp("1994-02-03"), "metadata")
    assert (k["outlet"], k["side"], k["speaker"], k["title"]) == (
        "Lok Sabha debates",
        "Congress",
        "P. Kumar",
        "On schools",
    )
    s = df.loc["1621-03-05_Singh"]  # empty cells keep what the file name gave
    assert (s["date"], s["date_source"], s["side"]) == (pd.Timestamp("1621-01-01"), "filename", "BJP")
    assert df.loc["1995-Rao-2", "date"] == pd.Timestamp("1996-01-01")
    assert any("not in the metadata table meta.csv" in w for w in df.loc["notes on the debate", "warnings"])


def test_metadata_table_by_doc_id_in_parquet(speeches, tmp_path):
    pd.DataFrame({"doc_id": ["1995-Rao-2"], "group": ["Janata"], "date": ["1995-07-01"]}).to_parquet(
        tmp_path / "meta.parquet"
    )
    df = _load(speeches, metadata=str(tmp_path / "meta.parquet")).set_index("doc_id")
    assert df.loc["1995-Rao-2", "side"] == "Janata"
    assert df.loc["1995-Rao-2", "date_source"] == "metadata"
    assert sum(any("not in the metadata table" in w for w in ws) for ws in df["warnings"]) == 3


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"name": ["a.txt"], "date": ["2001"]},
            "has no column 'file' or 'doc_id'.*its columns are: name, date",
        ),
        (
            {"file": ["missing.txt"], "date": ["2001"]},
            "row 1 names file 'missing.txt', which is not in the corpus",
        ),
        ({"doc_id": ["nope", "nix"], "date": ["2001", "2002"]}, r"row 1 names doc_id 'nope'.*\(and 1 more\)"),
        ({"file": ["1994-Kumar-1.txt"], "colour": ["red"]}, "has none of the columns date, outlet"),
        (
            {"file": ["1994-Kumar-1.txt", "1994-Kumar-1.txt"], "date": ["1", "2"]},
            "repeated: 1994-Kumar-1.txt",
        ),
        ({"file": ["1994-Kumar-1.txt"], "group": ["a"], "side": ["b"]}, "has both 'group' and 'side'"),
    ],
)
def test_bad_metadata_table_is_one_line(speeches, tmp_path, table, message):
    pd.DataFrame(table).to_csv(tmp_path / "meta.csv", index=False)
    with pytest.raises(CorpusError, match=message) as e:
        _load(speeches, metadata=tmp_path / "meta.csv")
    assert "\n" not in str(e.value)


def test_missing_metadata_file(speeches, tmp_path):
    with pytest.raises(CorpusError, match="metadata table .* does not exist"):
        _load(speeches, metadata=tmp_path / "nope.csv")


def test_groups_are_known():
    assert annotate.GROUPS == ("date", "year", "outlet", "group", "speaker", "title")
