"""Ctrl-C and SIGTERM during a run: stop at once, leave nothing behind.

The first SIGINT or SIGTERM sets ``Stop.event`` (no worker starts another notebook) and raises
``Interrupted`` in the main thread, which stops the kernels and removes the build folder. While the
finished run is being moved into place (a few renames) the signal is held back and raised after,
so the output folder is never left half old, half new. Exit codes follow the shell's convention:
128 + the signal number (130 for SIGINT, 143 for SIGTERM).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.code = 128 + signum
        self.replaced = False  # set when the signal came while the new outputs were moved into place


class Stop:
    """Signal handlers for the length of a ``with`` block (main thread only; elsewhere a no-op)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum: int | None = None
        self._held = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Stop:
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handler(self, signum: int, frame: object) -> None:
        if self.signum is not None:  # a second Ctrl-C while stopping: the first is being handled
            return
        self.signum = signum
        self.event.set()
        if not self._held:
            raise Interrupted(signum)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold a signal back until the block is done, then raise it."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if self.signum is not None:
            raise Interrupted(self.signum)


def waited(job: Callable[[], None] | None) -> None:
    """Run ``job`` in a thread and raise what it raised: the main thread only waits, so a signal
    interrupts the wait (raised inside an import, it would be swallowed as "Exception ignored")."""
    if job is None:
        return
    failed: list[BaseException] = []
    worker = threading.Thread(target=lambda: _catch(job, failed), daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    if failed:
        raise failed[0]


def _catch(job: Callable[[], None], failed: list[BaseException]) -> None:
    try:
        job()
    except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
        failed.append(exc)
