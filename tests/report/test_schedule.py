"""The notebooks' dependency graph and the queue that runs them (corpus_utils.report.schedule)."""

import json
import threading

import pytest

from corpus_utils.errors import CorpusError
from corpus_utils.paths import NOTEBOOKS_DIR
from corpus_utils.report import schedule


def _nb(folder, stem, needs):
    path = folder / f"{stem}.ipynb"
    meta = {"corpus_report": {"needs": needs}} if needs is not None else {}
    path.write_text(json.dumps({"cells": [], "metadata": meta, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_the_shipped_notebooks_form_the_documented_graph():
    edges = schedule.graph(sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))
    assert edges["01_corpus_audit"] == ()
    assert all(edges[s] == ("01_corpus_audit",) for s in ("02_exploration", "03_phrases_across_years"))
    assert set(edges["05_charts"]) == {"02_exploration", "03_phrases_across_years", "04_claims_across_years"}


@pytest.mark.parametrize(
    ("notebooks", "message"),
    [
        ({"01_a": ["09_z"]}, "needs 09_z, which is not among the notebooks"),
        ({"01_a": ["02_b"], "02_b": ["01_a"]}, "cycle: 01_a -> 02_b -> 01_a"),
        ({"01_a": "02_b", "02_b": []}, "must be a list of notebook names"),
    ],
)
def test_bad_graphs_get_one_line(tmp_path, notebooks, message):
    nbs = [_nb(tmp_path, stem, needs) for stem, needs in notebooks.items()]
    with pytest.raises(CorpusError, match=message):
        schedule.graph(nbs)


def test_queue_starts_a_notebook_only_after_its_needs():
    q = schedule.Queue(["05", "03", "01"], {"01": (), "03": ("01",), "05": ("03",)})
    assert q.take() == "01"
    got = []
    t = threading.Thread(target=lambda: got.append(q.take()))
    t.start()
    t.join(0.3)
    assert t.is_alive() and not got  # 03 waits for 01
    q.finish("01", ok=True)
    t.join(2)
    assert got == ["03"]
    q.finish("03", ok=True)
    assert q.take() == "05"
    q.finish("05", ok=True)
    assert q.take() is None


def test_queue_reports_notebooks_whose_needs_failed_once():
    q = schedule.Queue(["01", "02", "03", "04"], {"01": (), "02": ("01",), "03": ("02",), "04": ()})
    assert q.take() == "01"
    assert q.take() == "04"
    q.finish("01", ok=False)
    assert q.blocked() == [("02", "01"), ("03", "02")]
    assert q.blocked() == []
    q.finish("04", ok=True)
    assert q.take() is None


def test_closed_queue_hands_out_nothing():
    q = schedule.Queue(["01"], {"01": ()})
    q.close()
    assert q.take() is None


def test_queue_limit_holds_notebooks_back_until_one_finishes():
    q = schedule.Queue(["01", "03", "04"], {"01": (), "03": ("01",), "04": ("01",)})
    assert q.take() == "01"
    q.set_limit(1)
    q.finish("01", ok=True)
    assert q.take() == "03"
    got = []
    t = threading.Thread(target=lambda: got.append(q.take()))
    t.start()
    t.join(0.3)
    assert t.is_alive() and not got  # 04 is ready, but one notebook already runs
    q.finish("03", ok=True)
    t.join(2)
    assert got == ["04"]


@pytest.mark.parametrize(
    ("docs", "jobs", "budget_mb", "expected"),
    [
        (5, 2, 12_288, 2),  # the seeds: side by side
        (10_000, 2, 12_288, 2),
        (100_000, 2, 12_288, 1),  # two notebooks of ~7.9 GB would not fit in 12 GB
        (100_000, 2, 65_536, 2),
        (10_000_000, 2, 1_000, 1),  # never fewer than one
        (10_000, 1, 65_536, 1),  # never more than asked
    ],
)
def test_side_by_side_keeps_expected_memory_within_the_budget(docs, jobs, budget_mb, expected):
    assert schedule.side_by_side(docs, jobs, budget_mb) == expected
    if expected > 1:
        assert expected * schedule.notebook_mb(docs) <= budget_mb


def test_kernels_are_readied_for_notebooks_not_yet_started_and_no_more():
    q = schedule.Queue(["01", "02", "03"], {"01": (), "02": ("01",), "03": ("01",)})
    assert [q.reserve_warm() for _ in range(4)] == [True, True, True, False]  # three notebooks to start
    assert q.take(warm=True) == "01"  # 01 took its kernel: two notebooks, two kernels
    assert not q.reserve_warm()
    q.release_warm()  # one kernel could not be readied
    assert q.reserve_warm()
    q.close()
    assert not q.reserve_warm()  # an interrupted run readies nothing


def test_a_worker_without_a_kernel_waits_for_one_being_readied():
    q = schedule.Queue(["01", "02"], {"01": (), "02": ()})
    assert q.reserve_warm()
    got = []
    t = threading.Thread(target=lambda: got.append(q.take()))
    t.start()
    t.join(0.3)
    assert t.is_alive() and not got  # a kernel is being readied: the cold worker waits
    assert q.take(warm=True) == "01"
    t.join(2)
    assert got == ["02"]  # no kernel being readied any more: it starts its own


def test_under_a_memory_limit_no_kernel_idles_beside_the_notebooks_it_allows():
    q = schedule.Queue(["01", "02", "03"], {"01": (), "02": ("01",), "03": ("01",)})
    assert q.take() == "01"
    q.set_limit(1)  # one notebook at a time: a large corpus
    assert not q.reserve_warm()  # 01 runs: a ready kernel would sit beside it
    q.finish("01", ok=True)
    assert q.reserve_warm()  # nothing runs: ready the next one
    assert not q.reserve_warm()


def test_the_runner_starts_without_the_analysis_libraries():
    """``corpus-report`` starts its first kernel before it would have imported pandas (about a
    second): the runner's own modules do not import it, nor numpy, matplotlib or dask."""
    import subprocess
    import sys

    code = (
        "import sys, corpus_utils.report.runner; "
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'dask', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_spare_kernel_is_readied_while_notebooks_run_and_none_at_the_start():
    q = schedule.Queue(
        ["01", "02", "03", "04"], {"01": (), "02": ("01",), "03": ("01",), "04": ("01",)}, limit=2, spare=1
    )
    assert [q.reserve_warm() for _ in range(3)] == [True, True, False]  # nothing runs: the limit
    assert q.take(warm=True) == "01"
    assert q.take(may_warm=True) == q.WARM  # 01 runs beside one ready kernel: room for a spare
    assert q.reserve_warm()
    assert not q.reserve_warm()  # one running, two readied: the limit and its one spare


def test_no_spare_kernel_where_the_limit_allows_one_notebook():
    q = schedule.Queue(["01", "02", "03"], {"01": (), "02": ("01",), "03": ("01",)}, limit=2, spare=1)
    assert q.take() == "01"
    q.set_limit(1)  # a large corpus: one notebook at a time, no kernel idles beside it
    assert not q.reserve_warm()
    got = []
    t = threading.Thread(target=lambda: got.append(q.take(may_warm=True)))
    t.start()
    t.join(0.3)
    assert t.is_alive() and not got  # it waits for 01 rather than readying a kernel
    q.finish("01", ok=True)
    t.join(2)
    assert got == ["02"]  # 01 is done: it starts the next notebook with a kernel of its own
