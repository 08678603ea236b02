"""Shared measuring helpers for the benchmarks: peak memory of a step, and result lines.

Each benchmark prints its figures for people and, for ``run_all``'s summary table, one line per
measured target: ``BENCH {"row": ..., "value": ..., ...}`` (JSON after the prefix).
"""

from __future__ import annotations

import json
import resource
from pathlib import Path

PREFIX = "BENCH "


def reset_peak() -> bool:
    """Reset this process's resident high-water mark (Linux ``clear_refs``); False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb(field: str = "VmHWM") -> float:
    """This process's peak (``VmHWM``) or current (``VmRSS``) resident memory in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(row: str, **figures) -> None:
    """Print one result line for ``run_all`` (``row`` names a target row of its table)."""
    print(PREFIX + json.dumps({"row": row, **figures}, default=float), flush=True)


def parse(lines: list[str]) -> list[dict]:
    """The result lines among a benchmark's output lines."""
    return [json.loads(line[len(PREFIX) :]) for line in lines if line.startswith(PREFIX)]
