"""The generated news corpora the tests and benchmarks use: shape and known answers (benchmarks.synthetic)."""

from benchmarks import synthetic


def test_news_corpus_has_the_shape_asked_for():
    docs, answers = synthetic.news(400, seed=3, years=(1965, 2024), outlets=50, groups=12, undated=0.1)
    years = {d["year"] for d in docs if d["year"] is not None}
    assert min(years) < 1975 and max(years) > 2014
    assert len({d["outlet"] for d in docs}) >= 45
    assert len({d["group"] for d in docs}) == 12
    assert 10 <= sum(d["year"] is None for d in docs) <= 70
    assert answers["copies"] and all(c in {d["doc_id"] for d in docs} for c in answers["copies"].values())
    ids = {d["doc_id"]: d for d in docs}
    for p in answers["passages"]:
        assert len(p["doc_ids"]) >= 2 and all(p["text"] in ids[i]["body"] for i in p["doc_ids"])
    drift = answers["drift"]["time-tested friendship"]
    assert max(drift["time-tested friendship"]) < min(drift["unique and time-tested relationship"])


def test_news_corpus_is_deterministic():
    assert synthetic.news(50, seed=7) == synthetic.news(50, seed=7)
    assert synthetic.news(50, seed=7) != synthetic.news(50, seed=8)


def test_news_corpus_written_as_table_and_folder(tmp_path):
    import pandas as pd

    docs, _ = synthetic.news(30, seed=1, undated=0.3)
    table = pd.read_csv(synthetic.write_news(tmp_path / "news.csv", docs), keep_default_na=False)
    assert list(table.columns) == ["id", "published", "outlet", "group", "headline", "body"]
    assert list(table["id"]) == [d["doc_id"] for d in docs]
    folder = synthetic.write_news(tmp_path / "news", docs, form="folder")
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 30 and any(n.startswith("undated-") for n in names)
