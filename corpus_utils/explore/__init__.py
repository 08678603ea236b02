"""A first look: lengths, frequent terms, collocations, concordance, mentions."""

from .lexical import (
    EXTRA_MEASURES,
    GROUPS,
    LENGTH_COLUMNS,
    MEASURES,
    collocations,
    content_word_filter,
    frequent_terms,
    lengths,
    lengths_by_year,
    mattr,
    ttr,
)

__all__ = [
    "GROUPS",
    "MEASURES",
    "EXTRA_MEASURES",
    "ttr",
    "mattr",
    "LENGTH_COLUMNS",
    "lengths",
    "lengths_by_year",
    "frequent_terms",
    "content_word_filter",
    "collocations",
]
