"""Claims across years: extraction, quotes, attribution, speakers, themes, amounts, groups."""

from .about import scoped
from .extraction import COLUMNS, EXTRA_COLUMNS, KINDS, extract
from .grouping import group
from .merging import merge
from .tables import by_theme_year, new_and_dropped, numbers_table, recurring, top_themes

__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "KINDS",
    "extract",
    "group",
    "merge",
    "scoped",
    "top_themes",
    "by_theme_year",
    "new_and_dropped",
    "numbers_table",
    "recurring",
]
