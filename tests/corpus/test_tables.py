"""Tables: column mapping, ids, text columns, JSON errors with line numbers."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from corpus_utils import CorpusError, load_corpus

TEXTS = [
    "Defence Minister Rajnath Singh met his Russian counterpart in Moscow on Friday to discuss spares.",
    "The two ministers discussed the joint production of rifles and the supply of frigates to the navy.",
    "Officials said the talks on the training of naval crews would continue in New Delhi next month.",
]


def _load(path, **options) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **options)


def _write(df: pd.DataFrame, path):
    if path.suffix == ".csv":
        df.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True)
    else:
        df.to_parquet(path)
    return path


SPEECHES = pd.DataFrame(
    {
        "ref": ["s1", "s2", "s3"],
        "body": TEXTS,
        "published": ["1981-03-02", "1989-12-31", "2024-06-01"],
        "heading": ["First", "Second", "Third"],
        "paper": ["Hansard", "Hansard", "Gazette"],
        "party": ["Labour", "Conservative", "Green party"],
        "who": ["A. Speaker", "", "C. Person"],
    }
)
MAPPING = dict(
    text_col="body",
    date_col="published",
    id_col="ref",
    title_col="heading",
    outlet_col="paper",
    group_col="party",
    speaker_col="who",
)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_every_column_is_mapped(tmp_path, suffix):
    df = _load(_write(SPEECHES, tmp_path / f"t{suffix}"), **MAPPING)
    assert list(df["doc_id"]) == ["s1", "s2", "s3"]
    assert list(df["date"]) == [
        pd.Timestamp("1981-03-02"),
        pd.Timestamp("1989-12-31"),
        pd.Timestamp("2024-06-01"),
    ]
    assert list(df["year"]) == [1981, 1989, 2024]
    assert (df["date_source"] == "column").all()
    assert list(df["title"]) == ["First", "Second", "Third"] and (df["title_source"] == "column").all()
    assert list(df["outlet"]) == ["Hansard", "Hansard", "Gazette"]
    assert list(df["side"]) == ["Labour", "Conservative", "Green party"]
    assert list(df["speaker"]) == ["A. Speaker", "", "C. Person"]
    assert df["included"].all()


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("1600-01-01", True),
        ("1650-06-15", True),
        ("1599-12-31", False),
        ("2999-01-01", False),
        ("soon", False),
    ],
)
def test_column_dates_from_1600_to_today(tmp_path, value, accepted):
    path = _write(pd.DataFrame({"text": TEXTS[:1], "date": [value]}), tmp_path / "t.csv")
    row = _load(path).iloc[0]
    if accepted:
        assert row["date"] == pd.Timestamp(value) and row["date_source"] == "column"
    else:
        assert pd.isna(row["date"]) and any(value in w for w in row["warnings"])


@pytest.mark.parametrize("option", list(MAPPING))
def test_a_named_column_the_table_lacks_lists_its_columns(tmp_path, option):
    path = _write(SPEECHES, tmp_path / "t.csv")
    with pytest.raises(
        CorpusError, match=f"no column 'nope' \\(option {option}\\); its columns are: ref, body"
    ) as e:
        _load(path, **{**MAPPING, option: "nope"})
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["a", "b", "a"], r"duplicate values: 'a' \(2 rows\)"),
        (["x", "x", "x"], r"duplicate values: 'x' \(3 rows\)"),
        (["a", "", "c"], r"is empty in 1 row\(s\) \(rows 2,"),
        (["a", " ", ""], r"is empty in 2 row\(s\) \(rows 2, 3,"),
    ],
)
def test_ids_must_be_unique_and_non_empty(tmp_path, ids, message):
    path = _write(pd.DataFrame({"id": ids, "text": TEXTS}), tmp_path / "t.csv")
    with pytest.raises(CorpusError, match=message):
        _load(path, id_col="id")


def test_parquet_bytes_text_is_decoded(tmp_path):
    raw = [TEXTS[0].encode(), TEXTS[1].encode("utf-16"), "été ".encode() + b"\xff " + TEXTS[2].encode()]
    path = _write(pd.DataFrame({"text": raw}), tmp_path / "t.parquet")
    df = _load(path)
    assert list(df["raw"][:2]) == TEXTS[:2]
    assert not df["raw"][0].startswith("b'")
    assert list(df["encoding"]) == ["utf-8", "utf-16", "utf-8, 1 byte replaced"]
    assert df["language"].eq("en").all()


@pytest.mark.parametrize(
    ("make", "suffix"),
    [
        (lambda: pd.DataFrame({"text": [1, 2, 3]}), ".parquet"),
        (lambda: pd.DataFrame({"text": [1, 2, 3]}), ".jsonl"),
        (lambda: pd.DataFrame({"text": ["1", "2.5", ""]}), ".csv"),
        (lambda: pd.DataFrame({"text": [1.5, None, 3.0]}), ".parquet"),
    ],
)
def test_a_numeric_text_column_is_an_error(tmp_path, make, suffix):
    path = _write(make(), tmp_path / f"t{suffix}")
    with pytest.raises(CorpusError, match="column 'text' \\(text_col\\) is not text"):
        _load(path)


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("t.jsonl", '{"text": "a"}\n{"text": "b"}\n{"text": "c",}\n', "line 3: not valid JSON"),
        ("t.jsonl", '{"text": "a"}\n\n[1, 2]\n', "line 3: expected one JSON object"),
        ("t.json", '[\n{"text": "a"},\n{"text": }\n]', "line 3: not valid JSON"),
        ("t.json", '{"text": "a"}', "must hold a JSON list of objects"),
    ],
)
def test_json_errors_give_the_line(tmp_path, name, body, message):
    path = tmp_path / name
    path.write_text(body)
    with pytest.raises(CorpusError, match=message) as e:
        _load(path)
    assert "\n" not in str(e.value)


def test_jsonl_not_utf8_gives_the_line(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(CorpusError, match="line 2: not UTF-8"):
        _load(path)
