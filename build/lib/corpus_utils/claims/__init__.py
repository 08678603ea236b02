"""Claims across years: extraction, quotes, attribution, speakers, themes, amounts, groups."""

from .extraction import (
    COLUMNS,
    EXTRA_COLUMNS,
    KINDS,
    by_theme_year,
    data_file,
    extract,
    group,
    included,
    new_and_dropped,
    numbers_table,
    recurring,
)

__all__ = [
    "group",
    "by_theme_year",
    "new_and_dropped",
    "numbers_table",
    "recurring",
    "included",
    "data_file",
    "COLUMNS",
    "EXTRA_COLUMNS",
    "KINDS",
    "extract",
]
