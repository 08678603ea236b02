"""The live status line of ``corpus-report``: notebooks done and running, elapsed time, an estimate.

On a terminal the line is redrawn in place every second; in a log (output not a terminal) it is
printed as a plain line every ``every`` seconds, so a long run never sits silent and a log is not
flooded. The estimate appears once a notebook has finished: the notebooks still to finish are
assumed to take as long as the finished ones did on average (a running one at least as long as it
has run so far), shared among the ``jobs`` that run side by side.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from typing import TextIO


def clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss`` from an hour)."""
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Line:
    """Status of a run of ``total`` notebooks, ``jobs`` at a time; ``started`` is called from the
    worker threads, the rest from the thread that prints."""

    def __init__(self, total: int, jobs: int, *, stream: TextIO | None = None, every: float = 30.0):
        self.total, self.jobs, self.every = total, max(min(jobs, total), 1), every
        self.stream = stream or sys.stdout
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.t0 = time.perf_counter()
        self.durations: list[float] = []
        self.skipped = 0  # notebooks not run (a notebook they need failed)
        self.running: dict[str, float] = {}
        self.lock = threading.Lock()
        self.last = self.t0
        self.width = 0

    def started(self, name: str) -> None:
        with self.lock:
            self.running[name] = time.perf_counter()

    def estimate(self, now: float) -> float | None:
        """Seconds still to go, or None before the first notebook has finished."""
        if not self.durations:
            return None
        mean = sum(self.durations) / len(self.durations)
        with self.lock:
            running = [now - t for t in self.running.values()]
        waiting = self.total - len(self.durations) - self.skipped - len(running)
        work = sum(max(mean, r) - r for r in running) + waiting * mean
        return work / min(self.jobs, max(len(running) + waiting, 1))

    def text(self, now: float | None = None) -> str:
        now = time.perf_counter() if now is None else now
        with self.lock:
            running = sorted(self.running.items(), key=lambda kv: kv[1])
        parts = [f"{len(self.durations) + self.skipped}/{self.total} done"]
        if running:
            parts.append("running " + ", ".join(f"{name} ({clock(now - t)})" for name, t in running))
        parts.append(f"elapsed {clock(now - self.t0)}")
        left = self.estimate(now)
        parts.append(f"about {clock(left)} left" if left is not None else "estimate after the first notebook")
        return "corpus-report: " + "; ".join(parts)

    def tick(self) -> None:
        """Redraw the line (terminal) or print it (log) when it is due."""
        now = time.perf_counter()
        if self.tty:
            line = self.text(now)
            self.stream.write("\r" + line.ljust(self.width))
            self.stream.flush()
            self.width = len(line)
        elif now - self.last >= self.every:
            print(self.text(now), file=self.stream, flush=True)
            self.last = now

    def wait(self, results: queue.Queue):
        """The next item of ``results``, redrawing the line every second until it comes."""
        while True:
            try:
                return results.get(timeout=1.0)
            except queue.Empty:
                self.tick()

    def finished(self, name: str, seconds: float, state: str) -> None:
        """A notebook has finished (state "ok", "FAILED", or "NOT RUN": a notebook it needs failed, so
        its time says nothing about the others'): clear the line, print ``[i/n] name: state (seconds)``."""
        with self.lock:
            self.running.pop(name, None)
        if state == "NOT RUN":
            self.skipped += 1
        else:
            self.durations.append(seconds)
        self.clear()
        done = len(self.durations) + self.skipped
        print(f"[{done}/{self.total}] {name}: {state} ({seconds:.1f} s)", file=self.stream, flush=True)

    def clear(self) -> None:
        if self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
