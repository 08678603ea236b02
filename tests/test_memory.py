"""Freed memory goes back to the system (corpus_utils.memory)."""

from __future__ import annotations

import gc

import psutil

from corpus_utils import memory


def test_release_returns_freed_pages_to_the_system():
    proc = psutil.Process()
    big, keep = [], []
    for i in range(300_000):  # ~300 MB of strings, with a few kept ones pinning the heap's top
        big.append("x" * 1000 + str(i))
        if i % 100 == 0:
            keep.append("y" * 1000 + str(i))
    del big
    gc.collect()
    held = proc.memory_info().rss
    memory.release()
    assert proc.memory_info().rss < held - 150 * 2**20
    assert len(keep) == 3000
