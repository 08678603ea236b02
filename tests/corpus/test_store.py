"""The loaded corpus saved as Parquet reads back exactly (corpus_utils.corpus.store)."""

import pandas as pd
import pandas.testing as pdt

from corpus_utils.corpus import store


def test_round_trip_is_exact(seeds, tmp_path):
    path = store.save(seeds, tmp_path / "corpus.parquet", cache_key="k1")
    back = store.read(path)
    pdt.assert_frame_equal(back, seeds)
    assert back.attrs == seeds.attrs
    assert back["removed"].iloc[0] == seeds["removed"].iloc[0]
    assert isinstance(back["removed"].iloc[0][0], tuple)
    assert store.stored_key(path) == "k1"


def test_missing_or_broken_file_has_no_key(tmp_path):
    assert store.stored_key(tmp_path / "none.parquet") == ""
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    assert store.stored_key(bad) == ""


def test_key_changes_with_inputs_and_options():
    base = store.key("abc", {"text_col": ""})
    assert base == store.key("abc", {"text_col": ""})
    assert base != store.key("abd", {"text_col": ""})
    assert base != store.key("abc", {"text_col": "body"})


def test_save_does_not_mutate_and_writes_atomically(seeds, tmp_path):
    before = seeds.copy()
    store.save(seeds, tmp_path / "c.parquet")
    pdt.assert_frame_equal(seeds, before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.parquet"]


def test_empty_corpus_round_trips(seeds, tmp_path):
    empty = seeds.iloc[0:0]
    back = store.read(store.save(empty, tmp_path / "e.parquet"))
    assert len(back) == 0 and list(back.columns) == list(empty.columns)
    assert isinstance(back, pd.DataFrame)
