"""Giving freed memory back to the system after a large step.

CPython frees a large table's objects into the C allocator, which keeps the pages for reuse: the
process's resident size stays at its peak, and every worker forked later shares (and counts) those
pages. ``release`` collects garbage, then asks glibc (``malloc_trim``) and Arrow's pool to hand free
pages back. It changes no value; where the calls do not exist (not glibc), it only collects."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def release() -> None:
    """Collect garbage and return free heap pages to the system (glibc, Arrow's memory pool)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
