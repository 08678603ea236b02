"""The keyness chart: what each year (or period of years) says more, or less, than the others.

Part of the figure set described in ``charts`` (import it from there); the same rules hold: a
Figure back, a title computed from the data, ``NoChart`` when the data cannot support it. The
figure stays one page at any corpus span: past ``max_panels`` years it shows the years with the
strongest effects (and says so), and ``period`` labels panels of N-year periods
(``keyness.year_vs_rest(..., period=N)`` scores them).
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..phrases import periods
from ..phrases.significance import q_text
from . import style
from .kit import NoChart, chart, distinct, finish, new_figure, require, shorten

NO_CLAIM = "no claim (too few documents)"


def _levels(df: pd.DataFrame, alpha: float) -> pd.Series:
    """ "significant" (q < alpha), "not significant", or NO_CLAIM where the table notes that the
    year holds too few documents (``significant`` <NA>, or a ``note``)."""
    sig = df["q_value"] < alpha
    thin = pd.Series(False, index=df.index)
    if "note" in df.columns:
        thin |= df["note"].fillna("").astype(str) != ""
    if "significant" in df.columns:
        thin |= df["significant"].isna()
    return pd.Series(
        np.where(thin, NO_CLAIM, np.where(sig, "significant", "not significant")), index=df.index
    )


def _blend(color: str, amount: float) -> tuple:
    rgb = np.array(mcolors.to_rgb(color))
    return tuple(rgb + (1 - rgb) * amount)


@chart
def keyness_bars(
    keyness: pd.DataFrame, *, top: int = 10, alpha: float = 0.05, period: int = 1, max_panels: int = 8
) -> Figure:
    """Keyness of each year against the rest: diverging bars of Log Ratio, one panel per year.

    How to read: each bar is a phrase; bars to the right (purple) are phrases more frequent
    in that year than in the other years, bars to the left (blue) less frequent. Bar length
    is Hardie's Log Ratio (1 = twice as frequent, 2 = four times). Solid bars are significant:
    Benjamini\u2013Hochberg q < .05 over all the table's tests. Pale bars are not significant: a
    long pale bar is a large difference on too little data. Hatched bars belong to a year with
    too few documents to separate year from outlet: no significance is claimed for them. A
    panel title says "one outlet" (or names it) when all the year's documents come from one.

    Input: the keyness table as ``keyness.year_vs_rest`` gives it (year, ngram, count_year,
    count_rest, docs_year, docs_rest, log_likelihood, log_ratio, dp, q_value; ``significant``,
    ``confounded_with`` and ``note`` when present). Per year and direction the ``top`` phrases by
    G\u00b2 are shown (fewer when many panels share the page); ``alpha`` is the q cut-off.
    ``period``: the years per period the table was scored on (``periods.binned``), so that panels
    are named "1990\u20131994"; ``max_panels`` caps the panels: past it, the periods whose strongest
    phrase has the highest G\u00b2 are shown, in time order, and the title says how many of how many.
    Raises NoChart when fewer than two years are scored.
    """
    what = "keyness_bars"
    cols = ["year", "ngram", "count_year", "count_rest", "docs_year", "docs_rest", "log_likelihood"]
    df = require(keyness, [*cols, "log_ratio", "dp", "q_value"], what)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number between 0 and 1 (0.05), got {alpha!r}")
    if isinstance(max_panels, bool) or not isinstance(max_panels, int) or max_panels < 1:
        raise ValueError(f"max_panels must be an integer >= 1, got {max_panels!r}")
    periods.check(period)
    df = df.assign(
        log_ratio=pd.to_numeric(df["log_ratio"], errors="coerce"),
        log_likelihood=pd.to_numeric(df["log_likelihood"], errors="coerce"),
        q_value=pd.to_numeric(df["q_value"], errors="coerce"),
    )
    df = df[np.isfinite(df["log_ratio"]) & np.isfinite(df["log_likelihood"]) & df["year"].notna()]
    if df.empty:
        raise NoChart("No keyness scores to draw.")
    years = sorted(df["year"].unique(), key=lambda y: (str(type(y)), y))
    if len(years) < 2:
        raise NoChart(f"Only one year ({years[0]}) is scored: there is no other year to compare it with.")
    df = df.assign(
        direction=np.where(df["log_ratio"] > 0, "over", "under"),
        significance=_levels(df, alpha),
        _abs=df["log_ratio"].abs(),
    )
    everything, scored = df, len(years)
    if scored > max_panels:  # one page: the periods with the strongest effects, in time order
        strength = df.groupby("year")["log_likelihood"].max()
        strongest = sorted(years, key=lambda y: (-strength[y], y))[:max_panels]
        years = [y for y in years if y in set(strongest)]
        df = df[df["year"].isin(years)]
    df = df[df["log_ratio"] != 0]
    picked = df.sort_values(
        ["year", "direction", "log_likelihood", "_abs", "ngram"],
        ascending=[True, True, False, False, True],
        kind="stable",
    ).groupby(["year", "direction"], sort=False)
    ncols = 1 if len(years) <= 2 else 2
    width = 44 if ncols == 1 else 26  # characters of a phrase label at 8 pt
    nrows = -(-len(years) // ncols)
    fits = max(2, int((7.2 / nrows - 0.55) / 0.16) // 2)  # bars per direction that fit on one page
    picked = picked.head(min(top, fits))
    name = {y: periods.label(y, period) for y in years}
    per_year = picked.groupby("year").size().reindex(years, fill_value=0)
    heights = [
        max(max(per_year.iloc[r * ncols : (r + 1) * ncols].max(), 2) * 0.16 + 0.5, 0.9) for r in range(nrows)
    ]
    fig = new_figure(sum(heights) + 1.7)
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[*heights, 0.7])
    first = fig.add_subplot(grid[0, 0])
    axes = np.array(
        [first]
        + [fig.add_subplot(grid[i // ncols, i % ncols], sharex=first) for i in range(1, nrows * ncols)]
    )
    key = fig.add_subplot(grid[nrows, :])  # the legend's own row: never overlaps title or labels
    key.axis("off")
    limit = max(picked["_abs"].max() * 1.1, 1.0) if not picked.empty else 1.0
    styles = {"significant": (0.0, None), "not significant": (0.8, None), NO_CLAIM: (0.8, "////")}
    source = {}
    if "confounded_with" in df.columns:
        for year, group in df.groupby("year"):
            outlet = [
                p[7:] for p in str(group["confounded_with"].iloc[0]).split("; ") if p.startswith("outlet ")
            ]
            source[year] = outlet[0] if outlet else ""
    for idx, ax in enumerate(axes):
        if idx >= len(years):
            ax.set_visible(False)
            continue
        year = years[idx]
        rows = picked[picked["year"] == year].sort_values(
            ["log_ratio", "ngram"], ascending=[False, True], kind="stable"
        )
        for y, (_, r) in enumerate(rows.iterrows()):
            color = style.ACCENTS[r["direction"]]
            fade, hatch = styles[r["significance"]]
            ax.barh(
                y,
                r["log_ratio"],
                height=0.75,
                color=_blend(color, fade),
                hatch=hatch,
                edgecolor=color,
                linewidth=0.6,
            )
        ax.set_yticks(range(len(rows)), distinct(rows["ngram"], width))
        ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        ax.axvline(0, color="#333333", lw=0.6)
        ax.set_xlim(-limit, limit)
        label = f"{name[year]} vs other {'years' if period == 1 else 'periods'}" if ncols == 1 else name[year]
        if source.get(year):
            label += f" \u00b7 all from {shorten(source[year], 30)}" if ncols == 1 else " \u00b7 one outlet"
        ax.set_title(label, fontweight="bold")
        if rows.empty:
            ax.text(0, 0, "no phrases scored", ha="center", va="center", fontsize=8)
        if idx + ncols >= len(years):
            ax.set_xlabel(
                "Log Ratio (log\u2082)"
                if ncols > 1
                else "Log Ratio (log\u2082 of relative frequency, year \u00f7 other years)"
            )
        else:
            ax.tick_params(labelbottom=False)
    grey = style.OKABE_ITO["black"]
    handles = [
        Patch(color=style.ACCENTS["over"], label="more frequent in the year"),
        Patch(color=style.ACCENTS["under"], label="less frequent in the year"),
        Patch(facecolor=_blend(grey, 0.0), edgecolor=grey, label=f"q < {alpha:g} (Benjamini\u2013Hochberg)"),
        Patch(facecolor=_blend(grey, 0.8), edgecolor=_blend(grey, 0.8), label="not significant"),
        Patch(facecolor=_blend(grey, 0.8), edgecolor=grey, hatch="////", label=NO_CLAIM),
    ]
    key.legend(handles=handles, loc="center", ncols=2)
    most = int(picked.groupby(["year", "direction"]).size().max()) if len(picked) else 0
    fig.supylabel(f"Key phrase (top {most} each way by G\u00b2)", fontsize=9)

    unit = "years" if period == 1 else f"{period}-year periods"
    df = everything
    over = df[df["direction"] == "over"]
    sig = over[over["significance"] == "significant"]
    unclaimed = df.groupby("year")["significance"].agg(lambda s: (s == NO_CLAIM).all())
    if not sig.empty:
        best = sig.sort_values(
            ["q_value", "log_likelihood", "_abs", "ngram"],
            ascending=[True, False, False, True],
            kind="stable",
        ).iloc[0]
        text = (
            f"{sig['year'].nunique()} of {scored} {unit} have phrases over-used at q < {alpha:g}; "
            f"strongest: \u201c{best['ngram']}\u201d in {periods.label(best['year'], period)} "
            f"(Log Ratio {best['log_ratio']:+.1f}, {q_text(best['q_value'])})"
        )
    elif unclaimed.all():
        text = (
            f"No {'year' if period == 1 else 'period'} holds enough documents to separate year from outlet: "
            f"the {scored} {unit}' "
            "differences are described, none is claimed significant"
        )
    else:
        any_one = "any year" if period == 1 else f"any {period}-year period"
        text = f"No phrase is significantly more frequent in {any_one} (every q \u2265 {alpha:g})"
    if scored > len(years):
        text += f" ({len(years)} of {scored} {unit} shown: the strongest effects)"
    shown = ["year", "ngram", "direction", "log_ratio", "log_likelihood", "q_value", "significance"]
    data = picked[[*shown, *cols[2:6], "dp"]]
    return finish(fig, text, data.assign(period=data["year"].map(lambda y: periods.label(y, period))))
