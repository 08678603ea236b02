"""Folders and single files: unreadable files, pipes, symbolic links, accepted suffixes."""

from __future__ import annotations

import os
import warnings

import pandas as pd
import pytest

from corpus_utils import CorpusError, load_corpus
from corpus_utils.corpus import read

BODY = (
    "Defence Minister Rajnath Singh met his Russian counterpart in Moscow on "
    "Friday. The two ministers discussed joint production of military equipment and spares."
)
STORY = f" date 2021-05-04 Log in\n{BODY}\n"


def _load(path, **options) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **options)


@pytest.fixture
def corpus_with_links(tmp_path):
    """corpus/a.txt, corpus/sub/b.txt, and links: inside, outside (file and folder), broken."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(STORY)
    (root / "sub" / "b.txt").write_text(STORY.replace("Friday", "Monday"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(STORY.replace("Friday", "Sunday"))
    (outside / "more.txt").write_text(STORY.replace("Friday", "Tuesday"))
    os.symlink(outside / "secret.txt", root / "leak.txt")
    os.symlink(outside, root / "elsewhere")
    os.symlink(root / "a.txt", root / "same.txt")
    os.symlink(root / "sub", root / "sub_again")
    os.symlink(tmp_path / "gone.txt", root / "broken.txt")
    return root


def test_links_leaving_the_corpus_are_not_followed(corpus_with_links):
    df = _load(corpus_with_links).set_index("doc_id")
    assert sorted(df.index) == ["a", "b", "broken", "elsewhere", "leak", "same"]
    for doc in ("leak", "elsewhere"):
        assert df.loc[doc, "excluded_reason"] == read.OUTSIDE
        assert df.loc[doc, "raw"] == ""
    assert df.loc["broken", "excluded_reason"].startswith("broken symlink")
    assert df.loc["same", "duplicate_of"] == "a"  # a link inside the corpus is read
    assert "Sunday" not in " ".join(df["raw"])


def test_follow_links_reads_them(corpus_with_links):
    df = _load(corpus_with_links, follow_links=True).set_index("doc_id")
    assert sorted(df.index) == ["a", "b", "broken", "leak", "more", "same", "secret"]
    assert "Sunday" in df.loc["leak", "raw"] and "Tuesday" in df.loc["more", "raw"]
    assert df.loc["more", "path"].endswith("more.txt")


def test_unreadable_file_becomes_a_row(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("Friday", "Monday"))
    real = read.read_bytes

    def refuse(path):
        if path.endswith("b.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(read, "read_bytes", refuse)
    df = _load(tmp_path).set_index("doc_id")
    assert df.loc["b", "excluded_reason"] == "unreadable: permission denied"
    assert not df.loc["b", "included"] and df.loc["a", "included"]


def test_pipe_becomes_a_row(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    os.mkfifo(tmp_path / "pipe.txt")
    df = _load(tmp_path).set_index("doc_id")
    assert df.loc["pipe", "excluded_reason"] == "not a regular file (a pipe, socket or device)"


@pytest.mark.parametrize(
    ("name", "body", "ok"),
    [
        ("one.txt", STORY, True),
        ("one.csv", f"text\n{BODY}\n", True),
        ("one.jsonl", f'{{"text": "{BODY}"}}\n', True),
        ("one.json", f'[{{"text": "{BODY}"}}]', True),
        ("one.pdf", "%PDF-1.4", False),
        ("one.docx", "PK", False),
        ("one", STORY, False),
    ],
)
def test_single_file_suffixes(tmp_path, name, body, ok):
    path = tmp_path / name
    path.write_text(body)
    if ok:
        df = _load(path)
        assert len(df) == 1 and df.loc[0, "included"], df.loc[0, "excluded_reason"]
    else:
        with pytest.raises(
            CorpusError, match=r"is not a \.txt, \.csv, \.jsonl, \.json or \.parquet file"
        ) as e:
            _load(path)
        assert "\n" not in str(e.value)


def test_single_parquet_file(tmp_path):
    pd.DataFrame({"text": [BODY]}).to_parquet(tmp_path / "one.parquet")
    assert _load(tmp_path / "one.parquet").loc[0, "included"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"text_col": "body"}, "text_col name columns of a table; .* is a folder"),
        ({"filename_pattern": r"(?P<year>\d{4})"}, None),
    ],
)
def test_options_for_the_wrong_kind_of_source(tmp_path, options, message):
    (tmp_path / "a.txt").write_text(STORY)
    if message:
        with pytest.raises(CorpusError, match=message):
            _load(tmp_path, **options)
    else:
        table = tmp_path / "t.csv"
        table.write_text("text\nx\n")
        with pytest.raises(CorpusError, match="filename_pattern apply to a folder"):
            _load(table, **options)
