"""The live status line of corpus-report: clock format, estimate, what a terminal and a log see."""

from __future__ import annotations

import io

import pytest

from corpus_utils.report import status


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.6, "1:00"), (61, "1:01"), (3725, "1:02:05")])
def test_clock(seconds, text):
    assert status.clock(seconds) == text


def line_at(durations, running, *, total=5, jobs=2, stream=None):
    line = status.Line(total, jobs, stream=stream or io.StringIO())
    line.t0 = 0.0
    line.durations = list(durations)
    line.running = dict(running)
    return line


@pytest.mark.parametrize(
    ("durations", "running", "now", "left"),
    [
        ([], {"a": 0.0}, 10.0, None),  # no estimate before a notebook has finished
        ([10.0, 20.0], {"c": 95.0}, 100.0, 20.0),  # (15 - 5) + 2 waiting * 15 = 40, over 2 jobs
        ([10.0, 20.0], {"c": 60.0}, 100.0, 15.0),  # running longer than the mean: counts as done
        ([10.0, 20.0, 30.0, 40.0], {"e": 95.0}, 100.0, 20.0),  # the last one alone: one job
    ],
)
def test_estimate(durations, running, now, left):
    assert line_at(durations, running).estimate(now) == left


def test_a_notebook_not_run_counts_as_done_but_not_in_the_estimate():
    line = line_at([10.0], {}, total=3, jobs=1)
    line.finished("04_claims", 0.0, "NOT RUN")
    assert (line.durations, line.skipped) == ([10.0], 1)
    assert line.text(50.0).startswith("corpus-report: 2/3 done; elapsed 0:50; about 0:10 left")
    assert line.stream.getvalue() == "[2/3] 04_claims: NOT RUN (0.0 s)\n"


def test_text_names_done_running_elapsed_and_estimate():
    line = line_at([10.0, 20.0], {"03_phrases": 95.0, "05_charts": 99.0})
    assert (
        line.text(100.0)
        == (
            "corpus-report: 2/5 done; running 03_phrases (0:05), 05_charts (0:01); elapsed 1:40; about 0:20 left"  # (10 + 14 + 15) / 2 jobs
        )
    )
    first = line_at([], {"01_audit": 0.0})
    assert first.text(3.0).endswith("elapsed 0:03; estimate after the first notebook")


def test_a_log_gets_a_plain_line_only_every_so_often():
    out = io.StringIO()
    line = status.Line(3, 2, stream=out, every=3600)
    line.started("01_audit")
    line.tick()
    assert out.getvalue() == ""  # not due yet, and never redrawn in place
    line.every = 0
    line.tick()
    line.finished("01_audit", 1.5, "ok")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("corpus-report: 0/3 done; running 01_audit") and "\r" not in out.getvalue()
    assert lines[1] == "[1/3] 01_audit: ok (1.5 s)"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_the_line_redrawn_and_cleared():
    out = Terminal()
    line = status.Line(2, 1, stream=out)
    line.started("01_audit")
    line.tick()
    drawn = out.getvalue()
    assert drawn.startswith("\rcorpus-report: 0/2 done; running 01_audit")
    line.finished("01_audit", 2.0, "ok")
    assert out.getvalue().endswith("\r" + " " * (len(drawn) - 1) + "\r[1/2] 01_audit: ok (2.0 s)\n")
