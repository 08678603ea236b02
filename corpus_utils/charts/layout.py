"""Layout that follows the data: year ticks thinned to fit, heatmap cell numbers only where they
fit (a colour bar otherwise), legends with as many columns as the width holds.

A chart is readable from 1 to 60 years and 1 to 20 groups only when its labels are placed from the
space they get, not from fixed counts. These helpers measure the axes after the layout has run
(``settle``): build the figure, ``finish`` it, then thin its ticks and fill its cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from . import style

YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
YEAR_LABEL_IN = 0.36  # inches a horizontal 8 pt year label needs (0.28), gap included
DIGIT_IN = 0.071  # inches per character of an 8 pt number (DejaVu digits: 0.636 em)
LINE_IN = 0.16  # inches per line of 8 pt text


def settle(fig: Figure) -> None:
    """Run the layout now, so axes sizes can be measured (nothing is drawn to a canvas)."""
    fig.draw_without_rendering()


def axes_inches(ax) -> tuple[float, float]:
    """Width and height of ``ax`` in inches, as the last layout placed it."""
    box = ax.get_position()
    w, h = ax.get_figure(root=True).get_size_inches()
    return box.width * w, box.height * h


def year_step(n_years: int, width_in: float) -> int:
    """Label every year, or every 2nd, 5th, 10th ... so that a label has ``YEAR_LABEL_IN`` inches."""
    slot = width_in / max(int(n_years), 1)
    return next((s for s in YEAR_STEPS if slot * s >= YEAR_LABEL_IN), YEAR_STEPS[-1])


def year_ticks(ax, years: Sequence[int], *, positions: Sequence[float] | None = None) -> int:
    """Label the x axis of ``ax`` with ``years`` (at ``positions``, default the years themselves),
    thinned to calendar multiples of a step (1990, 1995, ...) when every year would not fit.
    Call after ``settle``. Returns the step."""
    years = [int(y) for y in years]
    positions = list(years) if positions is None else list(positions)
    if not years:
        return 1
    pairs = sorted(zip(positions, years, strict=True))
    step = year_step(int(round(pairs[-1][0] - pairs[0][0])) + 1, axes_inches(ax)[0])
    even = all(b[0] - a[0] == b[1] - a[1] for a, b in zip(pairs[:-1], pairs[1:], strict=True))
    if step == 1:
        keep = pairs
    elif even:  # one position per year: calendar multiples (1990, 1995, ...)
        keep = [py for py in pairs if py[1] % step == 0] or pairs[:1]
    else:  # columns that skip years: no two labels closer than a step
        keep = _apart(pairs, step)
    ax.set_xticks([p for p, _ in keep], [str(y) for _, y in keep])
    if step > 1:
        ax.set_xticks(positions, minor=True)
        ax.tick_params(axis="x", which="minor", length=2)
    return step


def _apart(pairs: list[tuple[float, int]], gap: float) -> list[tuple[float, int]]:
    """(position, year) pairs, left to right, each at least ``gap`` after the last one kept."""
    kept: list[tuple[float, int]] = []
    for p, y in pairs:
        if not kept or p - kept[-1][0] >= gap:
            kept.append((p, y))
    return kept


def date_year_ticks(ax, first: int, last: int) -> int:
    """A date x axis labelled by year, thinned like ``year_ticks`` (call after ``settle``)."""
    import matplotlib.dates as mdates

    step = year_step(last - first + 1, axes_inches(ax)[0])
    ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if step > 1:
        ax.xaxis.set_minor_locator(mdates.YearLocator())
    return step


def spaced(positions: Sequence[float], lo: float, hi: float, width_in: float) -> list[int]:
    """Indices of the positions (data units on an axis from ``lo`` to ``hi``, ``width_in`` wide) that
    can carry a year label without touching the previous one, left to right."""
    kept: list[int] = []
    last, room = -np.inf, 4 * DIGIT_IN + 0.08
    for i in sorted(range(len(positions)), key=lambda k: positions[k]):
        x = (positions[i] - lo) / max(hi - lo, 1e-12) * width_in
        if x - last >= room:
            kept.append(i)
            last = x
    return sorted(kept)


def legend_cols(labels: Sequence[str], *, width: float | None = None) -> int:
    """Columns for a legend under the axes so that it stays inside ``width`` inches."""
    width = style.WIDTH - 0.3 if width is None else width
    widest = max((len(str(t)) for t in labels), default=1)
    per = widest * DIGIT_IN * 0.95 + 0.45  # marker, padding and the longest label
    return int(max(1, min(len(labels), width // per)))


def cells_fit(ax, shape: tuple[int, int], widest: int) -> bool:
    """Whether a number of ``widest`` characters fits in each cell of a heatmap of ``shape``."""
    w, h = axes_inches(ax)
    rows, cols = shape
    return w / max(cols, 1) >= widest * DIGIT_IN + 0.06 and h / max(rows, 1) >= LINE_IN


def colour_gamma(peaks: Sequence[float], vmax: float) -> float:
    """The ``gamma`` for panels sharing one colour scale: 0.5 (colours follow the square root of
    the count) when the largest cell is more than four times another panel's largest and counts
    reach 20, so that the other panels are not left near white; otherwise 1 (linear)."""
    low = max(min(peaks, default=vmax), 1.0)
    return 0.5 if vmax >= 20 and vmax > 4 * low else 1.0


def heatmap(
    ax,
    values: np.ndarray,
    *,
    rows: Sequence[str],
    cols: Sequence[str],
    vmax: float | None = None,
    gamma: float = 1.0,
):
    """Draw ``values`` (rows x cols, counts) as vector cells; returns the mesh. The numbers go in
    afterwards, once the layout is known (``label_heatmaps``). ``gamma`` below 1 spaces the colours
    as a power of the count (0.5: square root), so that small counts stay visible beside a few large ones."""
    values = np.asarray(values, dtype=float)
    vmax = float(vmax if vmax is not None else max(values.max(initial=0.0), 1.0))
    n_rows, n_cols = values.shape
    lw = 1.2 if n_cols <= 12 else 0.5 if n_cols <= 25 else 0.0  # white rules only between wide cells
    mesh = ax.pcolormesh(
        np.arange(n_cols + 1) - 0.5,
        np.arange(n_rows + 1) - 0.5,
        values,
        cmap=mpl.colormaps[style.SEQUENTIAL_CMAP],
        norm=mpl.colors.Normalize(vmin=0.0, vmax=vmax)
        if gamma == 1.0
        else mpl.colors.PowerNorm(gamma, vmin=0.0, vmax=vmax),
        edgecolors="white",
        linewidth=lw,
    )
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_xticks(range(n_cols), [str(c) for c in cols])
    ax.set_yticks(range(n_rows), [str(r) for r in rows])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return mesh


def _cell_numbers(ax, values: np.ndarray, mesh, labels: np.ndarray | None) -> None:
    """The count in each cell; zero cells get a grey "0", dark cells white text."""
    cmap, norm = mesh.get_cmap(), mesh.norm
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = labels[i, j] if labels is not None else f"{v:,.0f}"
            if v == 0:
                color = style.OKABE_ITO["grey"]
            else:
                r, g, b, _ = cmap(norm(v))
                color = "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "#222222"
            ax.text(j, i, text, ha="center", va="center", fontsize=style.MIN_FONT_PT, color=color)


def label_heatmaps(fig: Figure, panels: Sequence[tuple], *, years: Sequence[int], what: str) -> bool:
    """Finish heatmap panels ``(ax, values, mesh)`` whose columns are ``years`` once the layout is
    known: the count written in every cell when the numbers fit, otherwise a colour bar
    (labelled ``what``) instead; year ticks thinned to fit. Returns whether the numbers are shown."""
    settle(fig)
    widest = max((len(f"{v:,.0f}") for _, values, _ in panels for v in np.ravel(values)), default=1)
    fit = all(cells_fit(ax, np.shape(values), widest) for ax, values, _ in panels)
    if fit:
        for ax, values, mesh in panels:
            _cell_numbers(ax, np.asarray(values, dtype=float), mesh, None)
    else:
        bar = fig.colorbar(
            panels[0][2], ax=[ax for ax, _, _ in panels], location="bottom", shrink=0.5, aspect=40, pad=0.02
        )
        root = isinstance(panels[0][2].norm, mpl.colors.PowerNorm)  # see ``colour_gamma``
        bar.set_label(
            what + (", square-root colour scale" if root else "") + " (cells too small for numbers)",
            fontsize=8,
        )
        bar.ax.tick_params(labelsize=8)
        settle(fig)
    for ax, _, _ in panels:
        if ax.xaxis.get_ticklabels() and ax.xaxis.get_tick_params().get("labelbottom", True):
            year_ticks(ax, years, positions=range(len(years)))
    return fit
