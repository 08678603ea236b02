"""Claims across years: extraction, quotes, attribution, speakers, themes, amounts, groups."""

from .extraction import COLUMNS, EXTRA_COLUMNS, KINDS, extract
from .grouping import group
from .tables import by_theme_year, new_and_dropped, numbers_table, recurring

__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "KINDS",
    "extract",
    "group",
    "by_theme_year",
    "new_and_dropped",
    "numbers_table",
    "recurring",
]
