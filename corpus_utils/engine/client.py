"""Where the work runs: this process, a Dask cluster started for the run, or an existing scheduler.

The ``engine`` value of the runner and of every library function that can spread its work:

- ``"local"`` (the default): this process, today's single-machine code;
- ``"dask"``: a ``distributed.LocalCluster`` started for the run, one single-threaded worker
  process per core, each with a memory limit past which it spills to disk;
- ``"tcp://HOST:PORT"``: an existing Dask scheduler (a cluster on an HPC system or in the cloud).

``executor(engine)`` gives an ``Executor``: ``map`` runs a function over partitions (in this
process, or as Dask tasks), ``gather`` brings results back in partition order, ``reduce`` sums
partial results in a tree. A connection is made once per process and engine value, then reused.
Failures are one line: an unreachable scheduler (within ``CONNECT_TIMEOUT`` seconds), a scheduler
with no workers (after ``wait`` seconds), a worker lost beyond Dask's retries.
"""

from __future__ import annotations

import atexit
import os
import re
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorpusError

LOCAL = "local"
DASK = "dask"
CONNECT_TIMEOUT = 5  # seconds for a scheduler to accept a connection (refused: at once)
_ADDRESS = re.compile(r"^(tcp|tls)://[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$")


class _WorkerLeft(CorpusError):
    """A worker left between the scheduler's choice of it and its use (Dask raises a KeyError of its
    address): one line, and ``scatter`` tries again."""


# memory fractions at which a worker spills to disk, pauses, and is restarted by its nanny
MEMORY = {"target": 0.6, "spill": 0.7, "pause": 0.85, "terminate": 0.95}


def parse(engine: str) -> str:
    """The kind of engine: ``local``, ``dask`` or ``remote``; a bad value is a one-line error."""
    if engine in (LOCAL, DASK):
        return engine
    if isinstance(engine, str) and _ADDRESS.match(engine):
        return "remote"
    raise CorpusError(
        f"parameter 'engine' must be 'local', 'dask' or a scheduler address 'tcp://HOST:PORT', got {engine!r}"
    )


def _dask_version() -> str:
    import dask

    return dask.__version__


def _as_finished(futures: list) -> list:
    """The results of ``futures`` in their order, each fetched as it finishes and then released."""
    from distributed import as_completed

    at = {f.key: i for i, f in enumerate(futures)}
    out: list = [None] * len(futures)
    for future, result in as_completed(futures, with_results=True):
        if future.status != "finished":  # cancelled (its worker lost): as_completed hands over
            future.result()  # the error as a result; raised here, it becomes one line (``_guard``)
        out[at[future.key]] = result
        future.release()
    return out


@dataclass
class Executor:
    """Runs functions over partitions: in this process (``client`` None) or on a Dask cluster."""

    engine: str = LOCAL
    client: Any = None
    cluster: Any = None
    _closed: bool = field(default=False, repr=False)

    @property
    def local(self) -> bool:
        return self.client is None

    @property
    def workers(self) -> int:
        return 1 if self.local else len(self.client.scheduler_info(n_workers=-1)["workers"])

    @property
    def address(self) -> str:
        return "" if self.local else self.client.scheduler.address

    def info(self) -> dict[str, Any]:
        """What the manifest records: engine, scheduler address, workers, Dask version."""
        out: dict[str, Any] = {"engine": self.engine, "scheduler": self.address, "workers": self.workers}
        if not self.local:
            out["dask"] = _dask_version()
        return out

    def partitions(self, n_items: int, *, per_part: int = 5000) -> int:
        """How many partitions to cut ``n_items`` into: one in this process; on a cluster, at least
        four per worker (equal tasks on k workers take ceil(tasks / k) rounds: five partitions on two
        workers took three, the last on one worker) and at most ``per_part`` items in one."""
        if self.local or n_items == 0:
            return 1
        return max(min(n_items, 4 * self.workers), -(-n_items // per_part))

    def scatter(self, items: list) -> list:
        """Send data to the workers once (futures), so that tasks do not carry it in the graph."""
        if self.local or not items:
            return list(items)
        for attempt in range(3):
            try:
                return self._guard(lambda: self.client.scatter(list(items), hash=False))
            except _WorkerLeft:  # the scheduler chose a worker that died meanwhile: choose again
                if attempt == 2:
                    raise CorpusError(
                        f"engine {self.engine}: Dask workers kept leaving while data was sent to them; run again"
                    ) from None
                time.sleep(1.0)
        raise AssertionError("unreachable")

    def map(self, fn: Callable, *iterables: Iterable, name: str = "", **kwargs: Any) -> list:
        """``fn(*args, **kwargs)`` for each tuple of ``iterables``: results here, futures there."""
        columns = [list(it) for it in iterables]
        if not columns[0]:
            return []
        if self.local:
            return [fn(*args, **kwargs) for args in zip(*columns, strict=True)]
        tag = name or getattr(fn, "__name__", "task")
        keys = [f"{tag}-{uuid.uuid4().hex[:12]}-{i}" for i in range(len(columns[0]))]
        return self._guard(lambda: self.client.map(fn, *columns, key=keys, pure=False, **kwargs))

    def gather(self, handles: list) -> list:
        """Results in partition order; a worker lost beyond Dask's retries becomes one line."""
        if self.local:
            return list(handles)
        return self._guard(lambda: self.client.gather(handles))

    def run(self, fn: Callable, *iterables: Iterable, name: str = "", **kwargs: Any) -> list:
        """``map`` then the results in partition order. On a cluster each result is fetched as
        its task finishes and let go on the workers at once: they do not hold every partition's
        result (a 100,000-document corpus's claims are gigabytes) until the last one finishes."""
        handles = self.map(fn, *iterables, name=name, **kwargs)
        if self.local or not handles:
            return handles
        return self._guard(lambda: _as_finished(handles))

    def reduce(
        self, combine: Callable[[list], Any], handles: list, *, fan_in: int = 8, keep: bool = False
    ) -> Any:
        """Combine partial results in a tree (``combine`` takes a list), ``fan_in`` at a time.
        ``keep``: return the result's handle (on a cluster, a future left on the workers), so that
        several reductions run at once and are gathered together."""
        if not handles:
            raise ValueError("reduce needs at least one partial result")
        level = list(handles)
        while len(level) > 1:
            groups = [level[i : i + fan_in] for i in range(0, len(level), fan_in)]
            if self.local:
                level = [combine(g) for g in groups]
            else:
                level = self._guard(  # a future lost meanwhile: one line, as in gather
                    lambda groups=groups: [
                        self.client.submit(combine, g, key=f"combine-{uuid.uuid4().hex[:12]}", pure=False)
                        for g in groups
                    ]
                )
        return level[0] if self.local or keep else self.gather(level)[0]

    def buckets(
        self, handles: list, buckets: int, *, name: str, combine: Callable[[list], Any] | None = None
    ) -> list:
        """Per hash bucket, the pieces that every partition's result (a list, bucket ``b`` at item
        ``b``) holds of it: combined in a tree into one handle per bucket, or with no ``combine``
        the list of pieces itself."""
        from .parts import piece

        pieces = [self.map(piece, handles, [b] * len(handles), name=f"{name}{b}") for b in range(buckets)]
        return pieces if combine is None else [self.reduce(combine, p, keep=True) for p in pieces]

    def _guard(self, call: Callable[[], Any]) -> Any:
        from distributed.scheduler import KilledWorker

        try:
            return call()
        except KilledWorker as exc:
            raise CorpusError(
                f"engine {self.engine}: Dask workers died while running task {exc.task!r} (retried, "
                "then given up); give each worker more memory or cut smaller partitions"
            ) from None
        except CancelledError as exc:  # data held only by a lost worker
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CorpusError(
                f"engine {self.engine}: a Dask worker died and its data went with it ({first[:120]}); run again"
            ) from None
        except KeyError as exc:
            if "://" not in str(exc):
                raise
            raise _WorkerLeft(  # a worker the scheduler no longer knows
                f"engine {self.engine}: lost contact with a Dask worker that left ({str(exc)[:120]}); run again"
            ) from None
        except (OSError, TimeoutError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CorpusError(
                f"engine {self.engine}: lost contact with a Dask worker or the scheduler ({first[:120]}); run again"
            ) from None

    def close(self) -> None:
        if self._closed or self.local:
            return
        self._closed = True
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def start(
    engine: str = LOCAL,
    *,
    wait: float = 60,
    n_workers: int | None = None,
    memory_limit: str | float = "auto",
) -> Executor:
    """A new ``Executor`` for ``engine`` (close it when done). ``wait``: seconds to wait for at least
    one worker of an existing scheduler. ``n_workers``, ``memory_limit`` (bytes, "4GB" or "auto",
    Dask's share of the machine's memory): the workers of a ``"dask"`` local cluster."""
    kind = parse(engine)
    if kind == LOCAL:
        return Executor()
    import dask
    from distributed import Client, LocalCluster

    if kind == DASK:
        spill = tempfile.mkdtemp(prefix="corpus-dask-")
        config = {f"distributed.worker.memory.{k}": v for k, v in MEMORY.items()}
        with dask.config.set({**config, "temporary-directory": spill}):
            cluster = LocalCluster(
                n_workers=n_workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                memory_limit=memory_limit,
                dashboard_address=None,
                local_directory=spill,
            )
        return Executor(engine, Client(cluster, timeout=CONNECT_TIMEOUT), cluster)
    try:
        _probe(engine)
        client = Client(engine, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        raise CorpusError(
            f"engine {engine}: no Dask scheduler answered within {CONNECT_TIMEOUT} s; "
            "start one (`dask scheduler`) or check the address"
        ) from None
    try:
        client.wait_for_workers(1, timeout=wait)
    except (OSError, TimeoutError):
        client.close()
        raise CorpusError(
            f"engine {engine}: the scheduler has no workers after {wait:g} s; start some "
            f"(`dask worker {engine}`) or raise engine_wait"
        ) from None
    return Executor(engine, client)


def _probe(address: str) -> None:
    """Open and close a TCP connection to the scheduler: a refused or silent address fails here,
    before Dask's client retries it until its own timeout."""
    host, port = address.split("://", 1)[1].rsplit(":", 1)
    with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT):
        pass


def for_run(params: dict[str, Any]) -> tuple[Executor, dict[str, Any]]:
    """For the runner: the engine of a whole run, started ("dask") or joined once, and the
    parameters the notebooks get (a local cluster's address for "dask": all use the one cluster)."""
    ex = start(params.get("engine", LOCAL), wait=params.get("engine_wait", 60))
    return ex, params if ex.local else {**params, "engine": ex.address}


_SESSIONS: dict[str, Executor] = {}


def executor(engine: str | Executor = LOCAL, *, wait: float = 60) -> Executor:
    """The ``Executor`` of this process for ``engine``, started on first use and reused (a
    ``"dask"`` cluster is started once per process and closed when the process ends)."""
    if isinstance(engine, Executor):
        return engine
    if parse(engine) == LOCAL:
        return Executor()
    ex = _SESSIONS.get(engine)
    if ex is None or ex._closed or ex.client.status not in ("running", "connecting"):
        ex = _SESSIONS[engine] = start(engine, wait=wait)
    return ex


@atexit.register
def close_all() -> None:
    """Close every cached connection and cluster of this process."""
    while _SESSIONS:
        _SESSIONS.popitem()[1].close()
