"""The one style helper: fonts, colours and output settings shared by every chart.

Sizes are chosen for a figure printed at the width of a column or page, 6.5 in (``WIDTH``):
body text 9 pt, tick labels, legends and cell annotations 8 pt, figure titles 10 pt bold.
Nothing in a chart is smaller than 8 pt at that size.

Colours come from the Okabe–Ito palette (Okabe and Ito 2008, "Color Universal Design";
Wong 2011, "Points of view: Color blindness", *Nature Methods* 8:441), which stays
distinguishable under the common forms of colour blindness. Each side of the study has a
FIXED colour, the same in every chart:

========  ==============  =========
side      Okabe–Ito name  hex
========  ==============  =========
india     vermillion      #D55E00
russia    blue            #0072B2
other     bluish green    #009E73
unknown   grey            #999999
========  ==============  =========

A corpus grouped its own way (parties, ministries, countries) has free group labels in ``side``.
``group_colours`` gives every group of a corpus a fixed colour: india and russia keep theirs, the
other groups take the remaining Okabe–Ito colours by size (largest first, ties by name), so the
same corpus gets the same colours in every figure and run. Past 8 groups the largest 7 keep a
colour and the rest are drawn together as "other" (in black). ``with style.groups(mapping):`` makes a
mapping the one every chart uses (``side_key`` folds the groups beyond it into "other").
Outside such a block, any other side label is drawn in black. Heatmaps use the sequential ``"Purples"`` map
(one hue, lightness only, so it reads the same in greyscale and carries no side's colour).
Colours that mean something other than a side (``ACCENTS``) avoid the side colours.

Output settings make saved files reproducible: ``svg.hashsalt`` is a constant, so the ids
matplotlib writes into an SVG are the same on every run; ``svg.fonttype = "none"`` keeps text
as text (no glyph outlines that depend on font files, smaller files, text a reader can
search, select and a screen reader can read); ``save`` in ``charts`` removes dates and
software versions from the file metadata.

Use ``with style.context(): ...`` around drawing (the chart functions do this themselves), or
``style.apply()`` once in a notebook to set the same rcParams globally.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import matplotlib as mpl
import pandas as pd

WIDTH = 6.5  # inches: the printed width every chart is designed for
MIN_FONT_PT = 8

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

SIDES = ("india", "russia", "other", "unknown")
SIDE_COLORS = {
    "india": OKABE_ITO["vermillion"],
    "russia": OKABE_ITO["blue"],
    "other": OKABE_ITO["bluish_green"],
    "unknown": OKABE_ITO["grey"],
}
OTHER_SIDE_COLOR = OKABE_ITO["black"]

# Colours with a meaning other than a side.
ACCENTS = {
    "cross_year": OKABE_ITO["reddish_purple"],  # reuse across years
    "same_year": OKABE_ITO["black"],  # reuse within a year (syndication)
    "over": OKABE_ITO["reddish_purple"],  # keyness: more frequent in this year
    "under": OKABE_ITO["sky_blue"],  # keyness: less frequent in this year
    "muted": "#D9D9D9",  # background marks (documents without reuse, rules)
}
SEQUENTIAL_CMAP = "Purples"

# Categorical order for series that are not sides: strongest contrast on white first.
_PALETTE = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "vermillion",
        "bluish_green",
        "reddish_purple",
        "sky_blue",
        "orange",
        "black",
        "yellow",
    )
]

RC: dict[str, object] = {
    "figure.figsize": (WIDTH, 4.0),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "figure.titlesize": 10,
    "figure.titleweight": "bold",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.titleweight": "normal",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.edgecolor": "#333333",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.prop_cycle": mpl.cycler(color=_PALETTE),
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "legend.frameon": False,
    "lines.linewidth": 1.2,
    "image.cmap": SEQUENTIAL_CMAP,
    "savefig.facecolor": "white",
    "svg.hashsalt": "corpus-utils",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
}


def apply() -> None:
    """Set the house style globally (``matplotlib.rcParams``), e.g. once at the top of a notebook."""
    mpl.rcParams.update(RC)


@contextmanager
def context() -> Iterator[None]:
    """The house style inside a ``with`` block only; rcParams are restored afterwards."""
    with mpl.rc_context(RC):
        yield


MAX_GROUPS = 8  # named colours; past this the largest MAX_GROUPS - 1 keep theirs, the rest are "other"
_ACTIVE: ContextVar[dict[str, str] | None] = ContextVar("corpus_utils_group_colours", default=None)


def _label(side: object) -> str:
    if side is None or (not isinstance(side, str) and pd.isna(side)):
        return "unknown"
    return str(side).strip().lower() or "unknown"


def group_colours(sides: Iterable[object]) -> dict[str, str]:
    """A fixed colour for every group of a corpus (one entry per document in ``sides``).

    india and russia keep their colours; the other groups take the remaining colour-blind-safe
    colours, largest group first (ties by name). With more than 8 groups the largest 7 keep a
    colour and the rest share "other". "unknown" is always grey.
    """
    counts = Counter(_label(s) for s in sides)
    counts.pop("unknown", None)
    fixed = {g: SIDE_COLORS[g] for g in ("india", "russia") if g in counts}
    rest = sorted((g for g in counts if g not in fixed), key=lambda g: (-counts[g], g))
    free = [c for c in _PALETTE if c not in fixed.values()]
    folded: dict[str, str] = {}
    if len(fixed) + len(rest) > MAX_GROUPS:  # "other" in black, the strongest contrast on white
        rest = rest[: MAX_GROUPS - 1 - len(fixed)]
        free = [c for c in free if c != OKABE_ITO["black"]]
        folded = {"other": OKABE_ITO["black"]}
    return {**fixed, **dict(zip(rest, free, strict=False)), **folded, "unknown": SIDE_COLORS["unknown"]}


@contextmanager
def groups(mapping: dict[str, str]) -> Iterator[None]:
    """Draw with ``mapping`` (from ``group_colours``) as the colours of the groups inside the block."""
    token = _ACTIVE.set(dict(mapping))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def side_key(side: object) -> str:
    """A side label as the charts use it: lower case; missing or blank -> ``"unknown"``; inside
    ``groups(mapping)``, a group the mapping does not name -> ``"other"``."""
    key = _label(side)
    active = _ACTIVE.get()
    if active is not None and key not in active:
        return "other"
    return key


def side_color(side: object) -> str:
    """The fixed colour of a side (see the table above); any other label is black."""
    active = _ACTIVE.get()
    if active is not None:
        return active.get(side_key(side), OTHER_SIDE_COLOR)
    return SIDE_COLORS.get(side_key(side), OTHER_SIDE_COLOR)


def side_order(sides) -> list[str]:
    """Sides present: inside ``groups(mapping)`` in the mapping's order (india, russia, then by
    size, "other", "unknown"); otherwise india, russia, other, unknown, then others A-Z."""
    keys = {side_key(s) for s in sides}
    active = _ACTIVE.get()
    if active is not None:  # a group the mapping does not name is "other" (before "unknown")
        order = [s for s in active if s != "unknown"] + ["other", "unknown"]
        return [s for s in dict.fromkeys(order) if s in keys]
    return [s for s in SIDES if s in keys] + sorted(keys - set(SIDES))


def palette(n: int) -> list[str]:
    """``n`` distinct colour-blind-safe colours for series that are not sides (at most 8)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"palette(n) needs a whole number n >= 0, got {n!r}")
    if n > len(_PALETTE):
        raise ValueError(
            f"palette(n) has {len(_PALETTE)} colour-blind-safe colours, got n={n}: "
            "use small multiples or a heatmap instead of more colours"
        )
    return list(_PALETTE[:n])
