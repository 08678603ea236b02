"""What every chart shares: the "no chart" note, figure set-up, heatmaps, saving, alt text.

The plot functions live in ``charts`` (corpus and phrases) and ``charts_claims`` (claims and
mentions); ``charts`` re-exports everything here, so notebooks only import ``charts``.

Figures are built with ``matplotlib.figure.Figure`` directly, never through ``pyplot``: they
are not registered with pyplot, so nothing is shown by accident, no figure piles up in
memory, and ``plt.show()`` is never needed. Jupyter still displays a returned Figure.

Each figure carries its name and the table it drew (``figure_data(fig)``), so
``save(fig, name, folder=...)`` can write the data behind it without the caller rebuilding it.
"""

from __future__ import annotations

import functools
import os
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import csvout
from ..engine import processes
from ..errors import CorpusError
from . import style

_ATTR = "_corpus_chart"
_SLUG = re.compile(r"[a-z0-9_]+")
TITLE_WIDTH = 70  # characters per title line at 10 pt bold across WIDTH inches
# Marks drawn one per document or occurrence: past this many, they are drawn as an image inside the
# SVG (``rasterized``), so a chart of 100,000 documents stays a few hundred kB; text and axes stay vectors.
RASTER_MARKS = 2_000


def many(n: int) -> bool:
    """Whether ``n`` marks are drawn as an image in the SVG (see ``RASTER_MARKS``)."""
    return n > RASTER_MARKS


class NoChart(Exception):  # noqa: N818 - the name reads as the note it carries
    """The data cannot support this chart (empty, one year, one side, no reuse).

    ``str(error)`` is a one-line note for the reader, shown instead of an empty or broken chart::

        try:
            fig = charts.reuse_arcs(passages, corpus)
        except charts.NoChart as note:
            print(note)
    """


def chart(fn: Callable[..., Figure]) -> Callable[..., Figure]:
    """Decorator for plot functions: draw in the house style and record the chart's name."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Figure:
        with style.context():
            fig = fn(*args, **kwargs)
        getattr(fig, _ATTR)["name"] = fn.__name__
        return fig

    return wrapper


def require(df: object, columns: Sequence[str], what: str) -> pd.DataFrame:
    """``df`` as a DataFrame holding ``columns``, or a CorpusError naming the missing ones. A table
    with no rows is nothing to draw, whatever its columns: ``NoChart`` (each chart says why when the
    columns are there)."""
    if not isinstance(df, pd.DataFrame):
        raise CorpusError(f"{what}: expected a DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing and len(df) == 0:
        raise NoChart(f"Nothing to draw: the table behind {what} is empty.")
    if missing:
        raise CorpusError(
            f"{what}: the table lacks column(s) {', '.join(missing)}; expected {', '.join(columns)}"
        )
    return df


def new_figure(height: float) -> Figure:
    """A figure ``style.WIDTH`` inches wide with constrained layout, outside pyplot."""
    return Figure(figsize=(style.WIDTH, float(np.clip(height, 2.0, 9.5))), layout="constrained")


def finish(fig: Figure, title: str, data: pd.DataFrame) -> Figure:
    """Set the finding as the figure title (wrapped to the width) and attach the data drawn."""
    fig.suptitle(textwrap.fill(title, TITLE_WIDTH), x=0.01, ha="left")
    setattr(fig, _ATTR, {"name": None, "data": data.reset_index(drop=True)})
    return fig


def title(fig: Figure) -> str:
    """The figure's title (its finding), on one line."""
    sup = fig._suptitle  # noqa: SLF001 - matplotlib keeps the suptitle here
    return " ".join(sup.get_text().split()) if sup is not None else ""


def figure_data(fig: Figure) -> pd.DataFrame | None:
    """The table a chart function drew (a copy), or None for a figure made elsewhere."""
    info = getattr(fig, _ATTR, None)
    return None if info is None else info["data"].copy()


def chart_name(fig: Figure) -> str | None:
    """The name of the chart function that drew ``fig`` (the default file name)."""
    info = getattr(fig, _ATTR, None)
    return None if info is None else info["name"]


def alt_text(fig: Figure) -> str:
    """A plain-text description for screen readers: the finding, then each panel's axes
    and the legend entries, e.g. "Chart: Most documents come from 2021 (2 of 5). Panel
    'Documents': horizontal axis 'Publication date', vertical axis 'Outlet'. Legend: india,
    russia."."""
    parts = [f"Chart: {title(fig)}." if title(fig) else "Chart."]
    for which, label in (("horizontal", fig._supxlabel), ("vertical", fig._supylabel)):  # noqa: SLF001
        if label is not None and label.get_text():
            parts.append(f"Shared {which} axis '{label.get_text()}'.")
    seen: set[str] = set()
    legends = list(fig.legends)
    for ax in fig.axes:
        if ax.get_visible() and ax.get_legend() is not None:
            legends.append(ax.get_legend())
        if not ax.get_visible() or not ax.axison:
            continue
        bits = []
        if ax.get_xlabel():
            bits.append(f"horizontal axis '{ax.get_xlabel()}'")
        if ax.get_ylabel():
            bits.append(f"vertical axis '{ax.get_ylabel()}'")
        panel = ax.get_title(loc="left") or ax.get_title()
        text = (f"Panel '{panel}': " if panel else "") + ", ".join(bits)
        if bits and text not in seen:
            seen.add(text)
            parts.append(text + ".")
    labels: list[str] = []
    for legend in legends:
        for t in legend.get_texts():
            if t.get_text() and t.get_text() not in labels:
                labels.append(t.get_text())
    if labels:
        parts.append("Legend: " + ", ".join(labels) + ".")
    return " ".join(parts)


@contextmanager
def _frozen_layout(fig: Figure) -> Iterator[None]:
    """Run the layout once, round the axes positions and keep them while saving.

    The constrained-layout solver can differ in the last bits of a float from one process to
    the next, and the SVG writer hashes clip rectangles at full precision into element ids:
    rounding positions to 1e-9 of the figure makes those ids stable. The caller's layout
    engine is restored afterwards.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    fig.draw_without_rendering()
    # no engine at all while saving: "none" would leave a placeholder engine, for which savefig
    # draws the figure once more, unrendered, before drawing it (a third of the time of a save)
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    try:
        for ax in fig.axes:
            ax.set_position([round(v, 9) for v in ax.get_position().bounds])
        yield
    finally:
        fig.set_layout_engine(engine)


def save(
    fig: Figure,
    name: str,
    *,
    folder: str | Path,
    data: pd.DataFrame | None = None,
    background: bool = False,
) -> dict[str, Path]:
    """Write ``folder/NAME.png`` (300 dpi), ``NAME.svg`` and ``NAME.csv`` (the data behind it).

    Deterministic: the same figure gives byte-identical SVG and CSV files on every run (constant
    ``svg.hashsalt``, no date or software version in the metadata, fixed float format, ``\\n``
    line ends). The CSV goes through ``csvout``: text a spreadsheet would run as a formula is quoted.
    The title and alt text go into the PNG and SVG metadata (Title, Description).
    ``data`` defaults to the table the chart function drew (``figure_data(fig)``).
    Returns ``{"png": path, "svg": path, "csv": path}``.
    ``background``: the PNG, the costliest file (0.3 s a figure), is written by a forked process
    (``engine.processes.in_background``) while this one writes the SVG and the CSV and draws the next
    figure; it is in place once ``engine.processes.finish_background()`` returns. Same bytes.
    """
    if not isinstance(name, str) or not _SLUG.fullmatch(name):
        raise ValueError(
            f"name must be a slug of lower-case letters, digits and '_' "
            f"(e.g. 'documents_over_time'), got {name!r}"
        )
    if not isinstance(fig, Figure):
        raise ValueError(f"save: expected a matplotlib Figure, got {type(fig).__name__}")
    if data is None:
        data = figure_data(fig)
    if not isinstance(data, pd.DataFrame):
        raise ValueError("save: pass data=DataFrame, the table behind the figure")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {ext: folder / f"{name}.{ext}" for ext in ("png", "svg", "csv")}
    described = {"Title": title(fig), "Description": alt_text(fig)}
    with style.context(), _frozen_layout(fig):
        png = functools.partial(
            fig.savefig, paths["png"], format="png", dpi=300, metadata={"Software": None, **described}
        )
        if background:  # the child starts from this very state: the same figure, the same bytes
            processes.in_background(png, what=f"figure {paths['png'].name}")
        else:
            png()
        fig.savefig(
            paths["svg"],
            format="svg",
            metadata={"Date": None, "Creator": "corpus_utils (matplotlib)", **described},
        )
    csvout.write(data, paths["csv"], float_format="%.10g", date_format="%Y-%m-%d")
    return paths


# ---- helpers shared by the plot functions ---------------------------------------------------


def shorten(text: object, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (labels must fit at 8 pt)."""
    s = " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "\u2026"


def distinct(texts, width: int) -> list[str]:
    """``texts`` cut to ``width`` characters, each label still telling its text from the others:
    texts that ``shorten`` would cut to the same label keep their head and their end around the
    ellipsis ("praised the spe… partnership", "praised the spe… friendship")."""
    texts = [" ".join(str(t).split()) for t in texts]
    out = [shorten(t, width) for t in texts]
    seen: dict[str, set[str]] = {}
    for t, label in zip(texts, out, strict=True):
        seen.setdefault(label, set()).add(t)
    head = (width - 1) // 2
    for i, t in enumerate(texts):
        if len(seen[out[i]]) > 1:
            out[i] = t[:head].rstrip() + "…" + t[len(t) - (width - 1 - head) :].lstrip()
    if len(set(out)) < len(set(texts)):  # they differ in the middle: show where they differ
        for label in {x for x in out if out.count(x) > 1}:
            group = [i for i, x in enumerate(out) if x == label]
            common = len(os.path.commonprefix([texts[i] for i in group]))
            for i in group:
                start = max(0, min(common - head, len(texts[i]) - (width - 1)))
                out[i] = "…" + texts[i][start : start + width - 1]
    return out


def wrap(text: object, width: int, *, lines: int = 2) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters: wrapped, not cut, when it fits;
    only a label longer than that ends in an ellipsis."""
    parts = textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [shorten(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def compact(x: float, _pos: object = None) -> str:
    """A tick label that stays short at any size: 950 -> "950", 12,500 -> "12.5k",
    12,500,000 -> "12.5M" (a ``FuncFormatter`` function)."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"{x / scale:.3g}{suffix}"
    return f"{x:.3g}" if x != int(x) else f"{int(x)}"


def whole_years(values: pd.Series) -> pd.Series:
    """Year values as plain ints, missing ones dropped (index kept)."""
    years = pd.to_numeric(values, errors="coerce").dropna()
    return years.astype(int)


def and_list(items) -> str:
    """``[2019, 2022]`` -> "2019 and 2022"; three or more: "a, b and c"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "year")`` -> "1 year"; ``plural(3, "year")`` -> "3 years"."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
