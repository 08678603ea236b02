"""The corpus is loaded once per run: notebooks after 01 read the stored copy (report.nb.corpus)."""

import json
import shutil

import pandas.testing as pdt

from corpus_utils.paths import SEEDS_DIR
from corpus_utils.report import nb, params

OPTIONS = {name: None for name in params.LOAD_PARAMS}


def test_stored_corpus_is_read_back_until_an_input_changes(tmp_path, monkeypatch):
    source = tmp_path / "c"
    shutil.copytree(SEEDS_DIR, source)
    first = nb.corpus(source, OPTIONS, folder=tmp_path / "run")
    calls = []
    real = nb.load_corpus
    monkeypatch.setattr(nb, "load_corpus", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = nb.corpus(source, OPTIONS, folder=tmp_path / "run")
    assert calls == []  # read from the store
    pdt.assert_frame_equal(again, first)
    doc = sorted(source.glob("*.txt"))[0]
    doc.write_text(doc.read_text(encoding="utf-8") + "\nOne more sentence here.\n", encoding="utf-8")
    nb.corpus(source, OPTIONS, folder=tmp_path / "run")
    assert calls == [1]  # a changed input is loaded again
    nb.corpus(source, OPTIONS, folder=tmp_path / "run")
    assert calls == [1]  # and stored again


def test_other_options_are_not_answered_from_the_store(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("id,body\na,Defence ministers met in Delhi on Monday.\n", encoding="utf-8")
    with_id = nb.corpus(table, {**OPTIONS, "text_col": "body", "id_col": "id"}, folder=tmp_path / "run")
    without_id = nb.corpus(table, {**OPTIONS, "text_col": "body"}, folder=tmp_path / "run")
    assert list(with_id["doc_id"]) == ["a"] and list(without_id["doc_id"]) != ["a"]


def test_notebook_05_runs_no_analysis_of_02_03_or_04():

    from corpus_utils.paths import NOTEBOOKS_DIR

    cells = json.loads((NOTEBOOKS_DIR / "05_charts.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for call in (
        "reuse.passages(",
        "families.occurrences(",
        "keyness.",
        "claims.extract(",
        "claims.by_theme_year(",
        "mentions.mentions_by_year(",
        "concordance.dispersion(",
        "charts.",
        "nb.figure(",
    ):
        assert call not in code, call
    assert code.count("nb.saved_figure(") >= 8


def test_a_saved_figure_is_shown_from_its_files_or_names_the_notebook_to_run(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    import pytest

    from corpus_utils import charts
    from corpus_utils.errors import CorpusError

    drawn = nb.Context({}, "02_exploration", tmp_path)
    shown = nb.Context({}, "05_charts", tmp_path)
    drawn.figures.mkdir(parents=True)
    with pytest.raises(
        CorpusError, match=r"^figures/dots.json is missing .*run notebook 02_exploration first"
    ):
        nb.saved_figure(shown, "dots", made_by="02_exploration")

    def dots():
        fig, ax = plt.subplots()
        ax.plot([1, 2], [3, 4], "o")
        fig.suptitle("Two dots <b>rise</b>")
        return fig

    title = nb.figure(drawn, dots, "dots", caption="A caption & more", data=pd.DataFrame({"x": [1, 2]}))
    assert title == "Two dots <b>rise</b>"
    assert nb.saved_figure(shown, "dots", made_by="02_exploration") == title
    assert (
        json.loads((tmp_path / "figures" / "dots.json").read_text(encoding="utf-8"))["notebook"]
        == "02_exploration"
    )

    def none():
        raise charts.NoChart("one year only")

    assert nb.figure(drawn, none, "dots", caption="c") == "No chart dots: one year only"
    assert not (tmp_path / "figures" / "dots.svg").exists()  # the earlier chart no longer holds
    assert nb.saved_figure(shown, "dots", made_by="02_exploration") == "No chart dots: one year only"


def test_a_missing_table_names_the_notebook_to_run(tmp_path):
    import pandas as pd
    import pytest

    from corpus_utils.errors import CorpusError

    ctx = nb.Context({}, "05_charts", tmp_path)
    (tmp_path / "tables").mkdir()
    with pytest.raises(CorpusError, match=r"keyness.parquet is missing .*run notebook 03_phrases"):
        nb.read_table(ctx, "keyness", made_by="03_phrases_across_years")
    table = pd.DataFrame({"year": pd.array([2020, None], dtype="Int64"), "ngram": ["=cmd", "b"]})
    nb.save_table(ctx, table, "t")
    back = nb.read_table(ctx, "t", made_by="x")
    pd.testing.assert_frame_equal(back, table)  # types and raw text intact (the CSV quotes "=cmd")
    assert "'=cmd" in (tmp_path / "tables" / "t.csv").read_text(encoding="utf-8")
