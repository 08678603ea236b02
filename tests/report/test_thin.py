"""Thin corpora never crash: one year, one document, no dated document, no English document, undated
documents in recycled-passage pairs, every document excluded. Empty comparisons are empty tables with
their columns; charts over them raise NoChart (a note for the reader), never an error."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import SMALL_TABLE, run_report

from corpus_utils import charts, claims, load_corpus, phrases
from corpus_utils.phrases import keyness, reuse
from corpus_utils.report import findings

NON_ENGLISH = [
    "La coopération militaire entre l'Inde et la Russie est une priorité pour les deux pays. Le ministre a dit "
    "que les relations sont excellentes et que les livraisons continuent.",
    "Der Verteidigungsminister sagte, dass die Zusammenarbeit zwischen Indien und Russland weiter wachsen wird. "
    "Die beiden Länder haben einen Vertrag über die Lieferung unterzeichnet.",
]
REUSED = (
    SMALL_TABLE[1][2]
    + " The interaction of the general staffs and branches of the armed forces is strengthening, Shoigu said again."
)


def table_corpus(tmp_path, rows, name="c.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=["id", "date", "text"]).to_csv(path, index=False)
    return load_corpus(path)


@pytest.fixture
def undated_reuse(tmp_path):
    """Four dated documents and one undated document that repeats a dated one."""
    return table_corpus(tmp_path, [*SMALL_TABLE, ("t5", "", REUSED)])


def test_reuse_arcs_with_an_undated_document_in_a_pair(undated_reuse):
    passages = reuse.passages(undated_reuse, min_words=8)
    assert "undated" in set(passages["relation"])  # the pair that used to crash the chart
    fig = charts.reuse_arcs(passages, undated_reuse)
    assert "with an undated or excluded document not shown" in fig.axes[0].get_xlabel()


def test_reuse_arcs_derives_relations_from_nullable_years():
    passages = pd.DataFrame(
        {
            "doc_a": ["a", "a"],
            "doc_b": ["b", "c"],
            "year_a": pd.array([2019, 2019], dtype="Int64"),
            "year_b": pd.array([2020, pd.NA], dtype="Int64"),
            "text_a": ["one two three"] * 2,
            "text_b": ["one two three"] * 2,
            "similarity": [1.0, 1.0],
            "cluster": ["R1", "R2"],
        }
    )
    corpus = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": pd.to_datetime(["2019-01-01", "2020-01-01", None]),
            "year": pd.array([2019, 2020, None], dtype="Int64"),
            "outlet": ["x", "y", "z"],
            "included": [True, True, True],
        }
    )
    data = charts.figure_data(charts.reuse_arcs(passages, corpus))
    assert data[["doc_b", "relation"]].values.tolist() == [["b", "cross_year"]]


CHARTS = [
    "claims_theme_heatmap",
    "claims_timeline",
    "dispersion",
    "documents_over_time",
    "family_heatmap",
    "keyness_bars",
    "mentions_by_year",
    "reuse_arcs",
]


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_on_a_table_without_rows_or_columns_is_no_chart(chart):
    args = (pd.DataFrame(), pd.DataFrame()) if chart == "reuse_arcs" else (pd.DataFrame(),)
    with pytest.raises(charts.NoChart):
        getattr(charts, chart)(*args)


def test_content_phrases_of_an_empty_table_keeps_its_columns():
    empty = pd.DataFrame({"ngram": pd.Series([], dtype="str"), "year": pd.array([], dtype="Int64")})
    assert list(findings.content_phrases(empty).columns) == ["ngram", "year"]


@pytest.mark.parametrize("case", ["undated", "single", "non_english", "excluded"])
def test_analyses_and_charts_on_thin_corpora(tmp_path, seeds, case):
    """Every analysis of notebooks 03-05 gives a table with its columns; every chart draws or says why."""
    if case == "undated":
        docs = table_corpus(tmp_path, [(i, "", t) for i, _, t in SMALL_TABLE])
    elif case == "single":
        docs = seeds.iloc[[2]].reset_index(drop=True)
    elif case == "non_english":
        docs = table_corpus(tmp_path, [(f"f{i}", f"2021-01-0{i + 1}", t) for i, t in enumerate(NON_ENGLISH)])
        assert not docs["included"].any()
    else:
        docs = seeds.assign(included=False)
    key_years = keyness.year_vs_rest(docs, n_max=3)
    key_sides = keyness.side_vs_side(docs, n_max=3)
    assert key_years.empty and list(key_years.columns) == list(keyness.year_vs_rest(seeds, n_max=3).columns)
    assert key_sides.empty and list(key_sides.columns) == list(keyness.side_vs_side(seeds, n_max=3).columns)
    counts = phrases.counts(docs, n_max=3)
    for table in (phrases.by_year(counts, n_max=3), phrases.changes(counts, n_max=3)):
        assert "ngram" in table.columns
    table = claims.extract(docs)
    with pytest.raises(charts.NoChart):
        charts.keyness_bars(findings.content_phrases(key_years))
    for draw in (
        lambda: charts.claims_theme_heatmap(claims.by_theme_year(table)),
        lambda: charts.claims_timeline(table),
        lambda: charts.reuse_arcs(reuse.passages(docs, min_words=8), docs),
        lambda: charts.documents_over_time(docs),
    ):
        try:  # a chart either draws, with a title, or says why not
            assert charts.title(draw())
        except charts.NoChart as why:
            assert str(why)


# ---------------------------------------------------------------- end-to-end (slow)
HOSTILE = '=HYPERLINK("http://x","click") India and Russia signed the strategic partnership deal.'
RISKY = ("=", "+", "-", "@", "\t", "\r")


def _thin_corpus(kind, root):
    if kind == "one_year":
        return ["--corpus", "seeds", "-p", "year_min", "2021", "-p", "year_max", "2021"]
    if kind == "single_document":
        (root / "one").mkdir()
        (root / "one" / "doc.txt").write_text(" date 2019-03-01 x\n\n" + SMALL_TABLE[0][2] + "\n", "utf-8")
        return ["--corpus", str(root / "one")]
    # every document undated, and hostile titles and texts that a spreadsheet would run
    rows = [(i, "", t) for i, _, t in SMALL_TABLE] + [("h1", "", HOSTILE), ("h2", "", "@SUM(1+1) " + REUSED)]
    pd.DataFrame(rows, columns=["id", "date", "text"]).to_csv(root / "undated.csv", index=False)
    return ["--corpus", str(root / "undated.csv")]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["one_year", "single_document", "undated_hostile"])
def test_report_completes_on_thin_corpora(tmp_path, kind):
    out = tmp_path / "out"
    code, stdout, stderr = run_report(*_thin_corpus(kind, tmp_path), "--out", str(out))
    assert code == 0, stdout + stderr
    assert (out / "tables" / "corpus.csv").exists() and (out / "index.html").exists()
    if kind != "undated_hostile":
        return
    written = sorted(out.glob("tables/*.csv")) + sorted(out.glob("figures/*.csv"))
    found = False
    for path in written:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for value in row:
                    found |= "HYPERLINK" in value
                    bad = value.startswith(RISKY) and not value.lstrip("+-").replace(".", "", 1).isdigit()
                    assert not bad, f"{path.name}: unquoted cell {value[:40]!r}"
    assert found  # the hostile text did reach the tables, quoted


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [(2019, 2021, "(2019–2021)"), (2021, 2021, "(2021)"), (pd.NA, pd.NA, "(undated documents only)")],
)
def test_phrase_findings_name_the_years_of_a_family_or_say_undated(first, last, expected):
    summary = pd.DataFrame(
        {
            "family": ["f"],
            "source": ["watch"],
            "n_variants": [2],
            "first_year": pd.array([first], dtype="Int64"),
            "last_year": pd.array([last], dtype="Int64"),
            "variants": ["a; b"],
        }
    )
    empty = pd.DataFrame({"relation": pd.Series([], dtype="str")})
    out = findings.phrases(
        pd.DataFrame({"year": pd.array([], dtype="Int64")}), None, pd.DataFrame(), summary, empty
    )
    assert f"Formula 'f' appears in 2 wordings {expected}: a; b." in out
