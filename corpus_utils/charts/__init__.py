"""The figure set: one style, a shared kit, one module per family of figures."""

from .claims import claims_theme_heatmap, claims_timeline, mentions_by_year
from .keyness import keyness_bars
from .kit import (
    NoChart,
    alt_text,
    and_list,
    chart,
    chart_name,
    figure_data,
    finish,
    new_figure,
    plural,
    require,
    save,
    shorten,
    title,
    wrap,
)
from .overview import documents_over_time
from .phrases import dispersion, family_heatmap
from .reuse import reuse_arcs

__all__ = [
    "NoChart",
    "alt_text",
    "and_list",
    "chart",
    "chart_name",
    "figure_data",
    "finish",
    "new_figure",
    "plural",
    "require",
    "save",
    "shorten",
    "title",
    "wrap",
    "claims_theme_heatmap",
    "claims_timeline",
    "mentions_by_year",
    "dispersion",
    "family_heatmap",
    "keyness_bars",
    "documents_over_time",
    "reuse_arcs",
]
