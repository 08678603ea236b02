"""The local engine's per-document loops in forked processes give the one-process tables
(corpus_utils.engine.processes)."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import claims, explore
from corpus_utils.corpus import load_corpus
from corpus_utils.engine import processes
from corpus_utils.explore import concordance, mentions


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from benchmarks import synthetic

    return load_corpus(synthetic.write(tmp_path_factory.mktemp("generated"), 24, seed=5))


def _both(monkeypatch, make):
    """``make()`` in this process, then in two processes over chunks of 5 documents."""
    one = make()
    monkeypatch.setattr(processes, "PARALLEL_MIN", 1)
    monkeypatch.setattr(processes, "CHUNK", 5)
    calls = []
    real = processes.ProcessPoolExecutor
    monkeypatch.setattr(processes, "ProcessPoolExecutor", lambda *a, **k: calls.append(a) or real(*a, **k))
    two = make()
    assert calls and calls[0][0] == processes.workers_for(24) > 1  # the pool really ran
    return one, two


@pytest.mark.parametrize(
    "make",
    [
        lambda docs: explore.lengths(docs),
        lambda docs: concordance.kwic(docs, ["India", "Russia", "defence cooperation"], window=5),
        lambda docs: mentions.mentions(docs),
    ],
    ids=["lengths", "kwic", "mentions"],
)
def test_explore_loops_give_the_same_table(generated, monkeypatch, make):
    one, two = _both(monkeypatch, lambda: make(generated))
    assert len(one) > 20
    pd.testing.assert_frame_equal(one, two)


def test_claims_give_the_same_table(generated, monkeypatch):
    one, two = _both(monkeypatch, lambda: claims.extract(generated))
    assert len(one) > 50 and (one["group_id"] != "").any()
    pd.testing.assert_frame_equal(one, two)


def test_one_core_or_few_documents_run_here():
    assert processes.workers_for(10) == 1
    assert processes.workers_for(10, 3) == 3
    assert processes.rows(lambda docs, k: [k] * len(docs), pd.DataFrame({"a": range(4)}), k=7) == [7] * 4


def test_a_daemonic_process_forks_no_workers(monkeypatch):
    """A Dask worker (daemonic) may not have children: its loops run in the process itself."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert processes.workers_for(10**6) == 1 and processes.workers_for(10**6, 4) == 1


def test_phrase_families_give_the_same_table(generated, monkeypatch):
    from corpus_utils.phrases import families

    make = lambda: families.occurrences(  # noqa: E731
        generated, watch_phrases=["strategic partnership", "defence cooperation"], watch_terms=["S-400"]
    )
    one, two = _both(monkeypatch, make)
    assert len(one) > 20 and one["source"].nunique() >= 2
    pd.testing.assert_frame_equal(one, two)


# ---------------------------------------------------------------- a task beside this process
def test_background_tasks_run_in_other_processes_and_are_all_waited_for(tmp_path):
    import os

    for i in range(5):  # more tasks than cores: the oldest is waited for first
        processes.in_background(
            lambda i=i: (tmp_path / f"{i}.txt").write_text(str(os.getpid())), what=f"file {i}.txt"
        )
    processes.finish_background()
    pids = {(tmp_path / f"{i}.txt").read_text() for i in range(5)}
    assert len(pids) == 5 and str(os.getpid()) not in pids


def test_a_failed_background_task_is_named_in_one_line(tmp_path):
    def fail():
        raise OSError("No space left on device")

    processes.in_background(fail, what="figure a.png")
    processes.in_background(lambda: None, what="figure b.png")
    with pytest.raises(
        RuntimeError, match=r"^could not write figure a\.png: OSError: No space left on device$"
    ):
        processes.finish_background()
    processes.finish_background()  # reported once
