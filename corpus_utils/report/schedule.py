"""The notebooks' dependency graph: which notebook reads what another one saved.

Each notebook names the notebooks whose outputs it reads in its metadata,
``{"corpus_report": {"needs": ["01_corpus_audit"]}}``: 01 loads the corpus and saves it once for
the run, 02–04 read it and each draws and saves its own figures, and 05 shows the saved figure
set. The runner starts a notebook as soon as everything it needs has finished, runs independent
notebooks side by side, and does not start a notebook whose input failed (it reports it as not
run instead).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from ..errors import CorpusError


def needs(nb: Path) -> tuple[str, ...]:
    """The notebooks (by stem) that ``nb`` reads from, from its metadata."""
    try:
        meta = json.loads(nb.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError) as exc:
        raise CorpusError(f"notebook '{nb}' cannot be read ({exc})") from None
    value = meta.get("corpus_report", {}).get("needs", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorpusError(
            f"notebook '{nb.name}': metadata corpus_report.needs must be a list of notebook names"
        )
    return tuple(value)


def graph(nbs: list[Path]) -> dict[str, tuple[str, ...]]:
    """stem -> the stems it needs, checked: every need is a notebook of the run, and no cycle."""
    stems = {nb.stem for nb in nbs}
    edges = {nb.stem: needs(nb) for nb in nbs}
    for stem, wanted in edges.items():
        unknown = sorted(set(wanted) - stems)
        if unknown:
            raise CorpusError(f"notebook {stem} needs {', '.join(unknown)}, which is not among the notebooks")
    state: dict[str, int] = {}

    def visit(stem: str, path: tuple[str, ...]) -> None:
        if state.get(stem) == 2:
            return
        if state.get(stem) == 1:
            raise CorpusError(f"notebooks need each other in a cycle: {' -> '.join((*path, stem))}")
        state[stem] = 1
        for other in edges[stem]:
            visit(other, (*path, stem))
        state[stem] = 2

    for stem in sorted(edges):
        visit(stem, ())
    return edges


class Queue:
    """Hands out notebooks in priority order as their needs finish (thread-safe).

    ``take`` blocks until a notebook is ready and returns its stem, or returns None when nothing
    is left to start; notebooks whose needs failed come back from ``blocked`` once, so the caller
    can report them as not run.
    """

    # ``take`` returns this to a worker without a kernel when it may now ready one
    WARM = ""

    def __init__(
        self, order: list[str], edges: dict[str, tuple[str, ...]], *, limit: int | None = None, spare: int = 0
    ):
        self._todo = list(order)
        self._edges = edges
        self._ok: set[str] = set()
        self._failed: set[str] = set()
        self._blocked: list[tuple[str, str]] = []
        self._cond = threading.Condition()
        self._running = 0
        self.limit = limit  # notebooks running at once, at most (None: as many as ask)
        # kernels readied beyond the limit while notebooks run, for the next ones to start at once
        # (only where the limit allows two or more notebooks: a large corpus gets no idle kernel)
        self.spare = spare
        self.closed = False
        self._warm = 0  # kernels being readied for notebooks not yet started

    def _may_warm(self) -> bool:
        if self.closed or len(self._todo) <= self._warm:
            return False
        if self.limit is None:
            return True
        spare = self.spare if self._running and self.limit >= 2 else 0
        return self._running + self._warm < self.limit + spare

    def reserve_warm(self) -> bool:
        """Whether to ready a kernel for a later notebook: one per notebook not yet started, at most,
        and under a ``limit`` (memory) none that would idle beside the notebooks the limit allows,
        but ``spare`` kernels readied while notebooks run."""
        with self._cond:
            if not self._may_warm():
                return False
            self._warm += 1
            return True

    def release_warm(self) -> None:
        """A kernel reserved with ``reserve_warm`` could not be readied, or is no longer needed."""
        with self._cond:
            self._warm -= 1
            self._cond.notify_all()

    def take(self, *, warm: bool = False, may_warm: bool = False) -> str | None:
        """The next notebook to start. ``warm``: the caller holds a readied kernel (it is then
        counted as taken). A caller without one waits while others ready theirs: a kernel being
        readied is further along than one not yet started. With ``may_warm`` it gets ``WARM`` when
        it may ready one itself (a notebook started and left room for a spare kernel)."""
        with self._cond:
            while not self.closed:
                self._drop_blocked()
                room = (self.limit is None or self._running < self.limit) and (warm or not self._warm)
                for stem in self._todo if room else []:
                    if all(n in self._ok for n in self._edges[stem]):
                        self._todo.remove(stem)
                        self._running += 1
                        self._warm -= warm
                        return stem
                if not self._todo:
                    return None
                if may_warm and not warm and self._may_warm():
                    return self.WARM
                self._cond.wait(0.2)
            return None

    def _drop_blocked(self) -> None:
        for stem in list(self._todo):
            failed = [n for n in self._edges[stem] if n in self._failed]
            if failed:
                self._todo.remove(stem)
                self._failed.add(stem)
                self._blocked.append((stem, failed[0]))

    def finish(self, stem: str, *, ok: bool) -> None:
        with self._cond:
            self._running -= 1
            (self._ok if ok else self._failed).add(stem)
            self._drop_blocked()
            self._cond.notify_all()

    def set_limit(self, limit: int) -> None:
        """Run at most ``limit`` notebooks at once from now on (those running go on)."""
        with self._cond:
            self.limit = max(1, limit)
            self._cond.notify_all()

    def blocked(self) -> list[tuple[str, str]]:
        """(notebook, the failed notebook it needed) for each notebook not run, once each."""
        with self._cond:
            out, self._blocked = self._blocked, []
            return out

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


# Memory a notebook after 01 may take, by the corpus's size: measured on the generated news corpus
# (``benchmarks.bench_report --news-docs``), each notebook alone, as the proportional set size of its
# kernel and forked workers. Notebooks 03 (phrases) and 04 (claims) are the largest.
NOTEBOOK_BASE_MB = 400
NOTEBOOK_MB_PER_DOC = 0.075


# Up to this many documents a kernel runs one notebook after another (``execution.reused``): there a
# kernel's start-up and imports (about 2.5 CPU-seconds) cost more than most notebooks' own work.
# Above it each notebook gets a fresh kernel, so no notebook keeps another's memory.
REUSE_MAX_DOCS = 5000


def documents(corpus: Path) -> int:
    """The number of documents in the stored corpus (``corpus.parquet``); -1 when it cannot be read."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(corpus).metadata.num_rows
    except (OSError, ValueError):
        return -1


def notebook_mb(n_docs: int) -> float:
    """The memory (MB) one notebook after 01 is expected to take on ``n_docs`` documents."""
    return NOTEBOOK_BASE_MB + NOTEBOOK_MB_PER_DOC * n_docs


def side_by_side(n_docs: int, jobs: int, budget_mb: float) -> int:
    """How many notebooks may run at once on ``n_docs`` documents: ``jobs``, or fewer so that
    their expected memory together stays within ``budget_mb`` (always at least one)."""
    return max(1, min(jobs, int(budget_mb // notebook_mb(n_docs))))


def longest_first(plans: list, out: Path) -> list:
    """Start the slowest notebooks first (seconds from the previous run's manifest, else the
    later, heavier notebooks first), so that two workers finish together."""
    try:
        before = {
            n["notebook"]: n["seconds"] for n in json.loads((out / "manifest.json").read_text())["notebooks"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        before = {}
    return sorted(plans, key=lambda plan: (-before.get(plan[0].stem, 0.0), plan[0].stem), reverse=not before)


def machine_mb() -> float:
    """The machine's physical memory in MB (8 GB where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (ValueError, OSError, AttributeError):
        return 8192.0
