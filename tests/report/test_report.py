"""The runner: parameter checks, notebook hygiene, end-to-end runs, escaping, atomic outputs."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil

import nbformat
import papermill
import pytest
from conftest import run_report, write_small_table

from corpus_utils.paths import NOTEBOOKS_DIR
from corpus_utils.report import arguments, params
from corpus_utils.report import runner as report

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
SHARED = {"corpus", "year_min", "year_max", "outlets", "watch_terms", "out"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_hygiene(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "strip outputs before committing"
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert tags.count("parameters") == 1 and "injected-parameters" not in tags
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert "**Question.**" in nb.cells[0].source
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert nb.cells.index(params) == 1
    names = set()
    for stmt in ast.parse(params.source).body:  # literals only: papermill does not re-evaluate expressions
        # "name: type = value", or "name = None  # type: int|None  help" (papermill cannot read "int | None")
        assert isinstance(stmt, ast.AnnAssign | ast.Assign), ast.unparse(stmt)
        ast.literal_eval(stmt.value)
        names.add(stmt.target.id if isinstance(stmt, ast.AnnAssign) else stmt.targets[0].id)
    assert SHARED <= names
    declared = papermill.inspect_notebook(str(path))
    assert names == set(declared), "papermill reads every parameter"
    assert (
        declared["year_min"]["inferred_type_name"] == "int|None" and declared["year_min"]["default"] == "None"
    )
    assert re.match(r"\d\d_[a-z_]+$", path.stem)
    assert any("nb.findings(" in c.source for c in code), "every notebook shows computed findings"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "nope", "1"], r"unknown parameter 'nope'; valid parameters: .*corpus.*year_min"),
        (["-p", "year_min", "twenty"], r"parameter 'year_min' must be int or None, got str"),
        (["-p", "year_min", "1500"], r"parameter 'year_min' = 1500 is out of range; use 1600\.\."),
        (["-p", "year_max", "3000"], r"parameter 'year_max' = 3000 is out of range"),
        (["-p", "watch_terms", "S-400"], r"parameter 'watch_terms' must be list"),
        (
            ["-p", "year_min", "2023", "-p", "year_max", "2019"],
            r"'year_min' \(2023\) is after 'year_max'",
        ),
        (["--corpus", "no/such/folder"], r"corpus path 'no/such/folder' does not exist"),
        (["-p", "codebook", "no_such.csv"], r"codebook path 'no_such.csv' does not exist"),
        (
            ["-p", "watch_phrases", "no_such.txt"],
            r"watch_phrases path 'no_such.txt' does not exist",
        ),
        (["-p", "out", "x"], r"parameter 'out' is set with --out"),
        (["-f", "missing.yaml"], r"parameters file 'missing.yaml' does not exist"),
        (["-p", "text_col", "body"], r"options text_col name columns of a table; .* is a folder"),
        (["-p", "filename_pattern", "(?P<year"], r"filename_pattern '\(\?P<year' is not a valid regular"),
        (["-p", "metadata", "seeds/README.md"], r"metadata table .*README.md"),
    ],
)
def test_bad_parameters_stop_before_any_notebook(tmp_path, capsys, args, message):
    code = report.main([*args, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith("corpus-report: error:")
    assert re.search(message, err), err
    assert not (tmp_path / "out").exists()


def test_yaml_parameters_file(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("year_min: 2020\nwatch_terms: [S-400, trust]\n", encoding="utf-8")
    args = report.parser().parse_args(["-f", str(f), "-p", "year_max", "2022"])
    values = arguments.gather(args, sorted(params.SPEC))
    assert values == {"year_min": 2020, "watch_terms": ["S-400", "trust"], "year_max": 2022}


# ---------------------------------------------------------------- end to end (slow)
HTML_FILES = lambda out: sorted((out / "html").glob("*.html")) + [out / "index.html"]  # noqa: E731


@pytest.mark.slow
def test_run_writes_every_report(table_run):
    out = table_run
    manifest = json.loads((out / "manifest.json").read_text())
    assert [n["notebook"] for n in manifest["notebooks"]] == [p.stem for p in NOTEBOOKS]
    assert all(n["status"] == "ok" for n in manifest["notebooks"])
    assert len(manifest["corpus_fingerprint"]) == 64 and manifest["versions"]["papermill"]
    for nb in NOTEBOOKS:
        assert (out / "notebooks" / nb.name).exists()
        assert (out / "html" / f"{nb.stem}.html").exists() and (
            out / "html" / f"{nb.stem}.full.html"
        ).exists()
        assert json.loads((out / "findings" / f"{nb.stem}.json").read_text())["findings"]
    header = (out / "tables" / "corpus.csv").read_text().splitlines()[0]
    assert (
        header
        == "doc_id,date,year,date_source,outlet,side,speaker,language,included,excluded_reason,duplicate_of,title,n_words"
    )
    reader = (out / "html" / "01_corpus_audit.html").read_text()
    full = (out / "html" / "01_corpus_audit.full.html").read_text()
    assert "hl-ipython3" not in reader and "hl-ipython3" in full  # code cells only in the full version


@pytest.mark.slow
def test_reports_are_offline_and_escape_corpus_text(table_run):
    for path in HTML_FILES(table_run):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert('corpus')</script>" not in html, path.name
        assert not re.search(r"<script[^>]*\bsrc=", html), path.name
        assert not re.search(r"<link[^>]*href=[\"']?(https?:)?//", html), path.name
        assert not re.search(r"@import|url\((['\"])?(https?:)?//", html), path.name
        assert "Content-Security-Policy" in html, path.name
    audit = (table_run / "html" / "01_corpus_audit.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in audit


@pytest.mark.slow
def test_index_links_resolve(table_run):
    html = (table_run / "index.html").read_text(encoding="utf-8")
    links = re.findall(r"(?:href|src)='([^']+)'", html)
    assert len(links) > 10
    for link in links:
        assert (table_run / link).exists(), link


@pytest.mark.slow
def test_rerun_is_byte_identical_and_failure_keeps_previous_outputs(table_run, tmp_path):
    corpus = write_small_table(tmp_path / "small.csv")
    again = tmp_path / "again"
    # the rerun as on a corpus too large for two notebooks side by side in the memory budget: one
    # at a time, with a line that says so, and the same bytes; and each notebook in a fresh kernel,
    # where the first run's kernels each ran one notebook after another: the same bytes again
    code, out, err = run_report(
        "--corpus", str(corpus), "--out", str(again), "--max-memory", "0.01", "--fresh-kernels"
    )  # fmt: skip
    assert code == 0, out + err
    assert "notebooks run one at a time" in out and "--max-memory" in out
    assert json.loads((again / "manifest.json").read_text())["side_by_side"] == 1
    assert json.loads((table_run / "manifest.json").read_text())["kernels_reused"] is True
    assert json.loads((again / "manifest.json").read_text())["kernels_reused"] is False
    assert json.loads((table_run / "manifest.json").read_text())["side_by_side"] == min(
        2, os.cpu_count() or 1
    )
    for sub in ("tables", "figures"):
        first = sorted(p.relative_to(table_run) for p in (table_run / sub).iterdir())
        second = sorted(p.relative_to(again) for p in (again / sub).iterdir())
        assert first == second
        for rel in first:
            if rel.suffix in {".csv", ".svg", ".png"}:
                assert (table_run / rel).read_bytes() == (again / rel).read_bytes(), rel
    # a corpus the loader refuses is refused before any notebook runs: exit 2, one line, outputs untouched
    # (failures inside notebooks, one line and one kept copy each: tests/report/test_runner_safety.py)
    bad = tmp_path / "bad.csv"
    bad.write_text("content\nhello\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in again.rglob("*") if p.is_file()}
    code, stdout, stderr = run_report("--corpus", str(bad), "--out", str(again), "--jobs", "1")
    assert code == 2
    assert stderr.strip().splitlines() == [
        f"corpus-report: error: table '{bad}' has no column 'text' (option text_col); its columns are: content"
    ]
    assert not (tmp_path / "again-failed").exists()
    after = {p: p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".again.build-*"))


@pytest.mark.slow
def test_year_filter_on_a_folder(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(NOTEBOOKS_DIR.parent / "seeds", folder)
    out = tmp_path / "out"
    code, stdout, stderr = run_report("--corpus", str(folder), "-p", "year_min", "2020", "--out", str(out))
    assert code == 0, stdout + stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["year_min"] == 2020
    lengths = (out / "tables" / "lengths.csv").read_text()
    assert "002_a12f7572cc1d2d3e" not in lengths  # the 2018 document is outside the years
