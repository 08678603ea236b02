"""Phrases across years: the n-gram engine, counts, keyness, families, recycled passages."""

from .counting import (
    STATUSES,
    CorpusError,
    by_group,
    by_year,
    changes,
    counts,
    is_counted,
    segments,
)

__all__ = [
    "CorpusError",
    "is_counted",
    "segments",
    "counts",
    "by_group",
    "by_year",
    "STATUSES",
    "changes",
]
