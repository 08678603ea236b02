"""Phrases across years: the n-gram engine, counts, keyness, families, recycled passages."""

from .counting import STATUSES, by_group, by_year, changes, counts
from .ngrams import STOP_RULES, forget, is_counted

__all__ = [
    "STOP_RULES",
    "is_counted",
    "counts",
    "by_group",
    "by_year",
    "STATUSES",
    "changes",
    "forget",
]
