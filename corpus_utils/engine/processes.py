"""The local engine's second core: a per-document loop run in forked processes.

Loops that treat each document on its own (claim extraction, lengths, keyword in context, mentions)
give the same rows whichever process runs a document. ``rows`` cuts the documents into
order-preserving chunks, runs the loop on each chunk in one forked process per core (the workers
inherit the loop and its arguments, so only the chunk and its rows are pickled), and concatenates the
chunks' results in order: the result is the one-process result, for any number of processes.
Below ``PARALLEL_MIN`` documents, on one core, or in a daemonic process (a Dask worker, a pool's
worker: it may not have children), the loop runs here (a pool costs ~0.2 s to start).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any

import pandas as pd

from .. import progress

PARALLEL_MIN = 2000  # documents from which the loop runs in one process per core
CHUNK = 500  # documents per task: a steady progress bar, and little to pickle at once


def workers_for(n_docs: int, workers: int | None = None) -> int:
    """The processes for ``n_docs`` documents: 1 in a daemonic process, else ``workers`` when
    given, else one per core from ``PARALLEL_MIN`` documents, else 1."""
    if multiprocessing.current_process().daemon:
        return 1
    if workers is not None:
        return max(1, int(workers))
    return (os.cpu_count() or 1) if n_docs >= PARALLEL_MIN else 1


def rows(
    loop: Callable[..., list],
    docs: pd.DataFrame | list,
    *,
    workers: int | None = None,
    desc: str = "",
    unit: str = "doc",
    chunk: int | None = None,
    **kwargs: Any,
) -> list:
    """``loop(docs, **kwargs)`` (a list, one item after another), run chunk by chunk in ``workers``
    forked processes (default: ``workers_for``); the chunks' lists concatenated in order. ``docs``:
    a DataFrame of documents, or a list of other independent items (the windows of ``reuse``)."""
    n = workers_for(len(docs), workers)
    size = chunk or CHUNK
    if n <= 1 or len(docs) <= size:
        return loop(docs, **kwargs)
    cut = docs.iloc if isinstance(docs, pd.DataFrame) else docs
    parts = [cut[i : i + size] for i in range(0, len(docs), size)]
    global _TASK  # read by the forked workers: the loop and its arguments are inherited, not pickled
    _TASK = (loop, kwargs)
    out: list = []
    try:
        with (
            progress.bar(total=len(docs), desc=desc or "documents", unit=unit) as bar,
            ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool,
        ):
            for part, result in zip(parts, pool.map(_run, parts), strict=True):
                out += result
                bar.update(len(part))
    finally:
        _TASK = None
    return out


_TASK: tuple | None = None


def _run(part: pd.DataFrame) -> list:
    loop, kwargs = _TASK  # type: ignore[misc]
    return loop(part, **kwargs)


def _listed(loop: Callable[..., pd.DataFrame], part: pd.DataFrame, **kwargs: Any) -> list[pd.DataFrame]:
    return [loop(part, **kwargs)]


def frames(
    loop: Callable[..., pd.DataFrame], docs: pd.DataFrame, *, workers: int | None = None, **options: Any
) -> list[pd.DataFrame]:
    """``rows`` for a loop that gives a DataFrame per chunk: the frames, in order."""
    return rows(partial(_listed, loop), docs, workers=workers, **options)


# ---------------------------------------------------------------- one task beside this process
_PENDING: list[tuple[int, str, str]] = []  # (pid, what the task makes, file for its error line)
_FAILED: list[str] = []  # failures of tasks already waited for, until finish_background reports them


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and not multiprocessing.current_process().daemon


def in_background(task: Callable[[], Any], *, what: str) -> None:
    """Run ``task`` in a forked child while this process goes on (it inherits the task's objects:
    nothing is pickled); at most one child per core at once. ``finish_background`` waits for them
    all and raises one line naming ``what`` failed. Where fork is not safe (not Linux, a daemonic
    process), the task runs here and now. The child writes nothing to this process's streams (a
    kernel's streams belong to its threads, which a child does not have) and leaves with
    ``os._exit``, running no exit handler of the parent's."""
    if not _can_fork():
        task()
        return
    while len(_PENDING) >= (os.cpu_count() or 1):
        _reap_oldest()
    fd, errors = tempfile.mkstemp(prefix="corpus-utils-task-")
    os.close(fd)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's own coverage is not collected
        code = 1
        try:
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - closed by _exit
            task()
            code = 0
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            try:
                with open(errors, "w", encoding="utf-8") as f:
                    f.write(f"{type(exc).__name__}: {exc}".splitlines()[0])
            except OSError:
                pass
        finally:
            os._exit(code)
    _PENDING.append((pid, what, errors))


def _reap_oldest() -> None:
    """Wait for the oldest child; keep a line naming what it was making if it failed."""
    pid, what, errors = _PENDING.pop(0)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    try:
        with open(errors, encoding="utf-8") as f:
            why = f.read().strip()
        os.remove(errors)
    except OSError:
        why = ""
    if code:
        _FAILED.append(f"{what}: {why or f'the process making it ended with {code}'}")


def finish_background() -> None:
    """Wait for every ``in_background`` task; raise ``RuntimeError`` (one line) if any failed."""
    while _PENDING:
        _reap_oldest()
    failed = list(_FAILED)
    _FAILED.clear()
    if failed:
        raise RuntimeError(f"could not write {'; '.join(failed)}")


def _finish_quietly() -> None:
    try:
        finish_background()
    except RuntimeError:
        pass


atexit.register(_finish_quietly)  # a session that never asked still leaves its files whole
