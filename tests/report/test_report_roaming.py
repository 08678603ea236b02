"""The whole report on generated news corpora of three awkward shapes (issue 11, point 9): a span of
60+ years, twelve groups, and half the documents undated. Each is a small CSV of
``benchmarks.synthetic.news`` read with the runner's column options."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from benchmarks import synthetic

COLUMNS = [
    *("-p", "text_col", "body"),
    *("-p", "date_col", "published"),
    *("-p", "id_col", "id"),
    *("-p", "outlet_col", "outlet"),
    *("-p", "group_col", "group"),
    *("-p", "title_col", "headline"),
]
# name: news() options
CORPORA = {
    "long_span": {"seed": 1, "years": (1960, 2023), "outlets": 8, "groups": 3, "undated": 0.0},
    "many_groups": {"seed": 2, "years": (2000, 2020), "outlets": 24, "groups": 12, "undated": 0.0},
    "undated_heavy": {"seed": 3, "years": (2010, 2020), "outlets": 6, "groups": 3, "undated": 0.5},
}
N_DOCS = 70


def run(name: str, root: Path) -> tuple[list[dict], Path]:
    docs, _ = synthetic.news(N_DOCS, **CORPORA[name])
    corpus = synthetic.write_news(root / f"{name}.csv", docs)
    out = root / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "corpus_utils.report", "--corpus", str(corpus), "--out", str(out), *COLUMNS],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return docs, out


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / f"{name}.csv", keep_default_na=False)


def findings_text(out: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in sorted((out / "findings").glob("*")))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_report_on_generated_corpora(tmp_path, name):
    docs, out = run(name, tmp_path)
    corpus = table(out, "corpus")
    assert corpus["doc_id"].tolist() == [d["doc_id"] for d in docs]  # every input, in input order
    years = sorted({d["year"] for d in docs if d["year"] is not None})
    dated = corpus[corpus["year"] != ""]
    assert sorted({int(y) for y in dated["year"]}) == years  # no year narrowed away
    assert (corpus["year"] == "").sum() == sum(d["year"] is None for d in docs)
    assert sorted(set(corpus["side"])) == sorted({d["group"] for d in docs})  # the group column read
    groups = sorted(set(corpus.loc[corpus["included"].astype(str) == "True", "side"]))
    per_side = table(out, "documents_by_year_side")
    assert sorted(c for c in per_side.columns if c != "year") == groups  # every group named
    sides = table(out, "keyness_sides")
    assert set(sides["comparison"]) == {"pair" if len(groups) == 2 else "one_vs_rest"}
    assert "Never found" not in findings_text(out)  # watch lists chosen from this corpus, all found
    if name == "long_span":
        assert years[-1] - years[0] >= 60
    if name == "many_groups":
        assert len(groups) == 12
    if name == "undated_heavy":
        assert (corpus["year"] == "").mean() >= 0.4
