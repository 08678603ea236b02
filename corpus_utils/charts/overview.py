"""The figure set: each function takes a table and returns a matplotlib ``Figure``.

Every chart states its finding in the title (computed from the data, so it stays true when
the corpus changes), labels its axes with units, draws sides in their fixed colours
(``style.SIDE_COLORS``) and never calls ``plt.show()``. When the data cannot support a chart
(nothing to draw, one year where years are compared, one side where sides are compared, no
reuse) it raises ``NoChart`` with a one-line note to show the reader instead.

How to read each chart is in its docstring (the notebooks' captions say it for their reader);
``alt_text(fig)`` describes a drawn figure for screen readers; ``figure_data(fig)`` is the table
behind it; ``save(fig, name, folder=...)`` writes ``NAME.png`` (300 dpi), ``NAME.svg`` and
``NAME.csv``::

    fig = charts.documents_over_time(corpus)
    charts.save(fig, "documents_over_time", folder=out / "figures")

The corpus timeline is drawn here; the reuse arcs in ``charts.reuse``, phrase charts in
``charts.phrases`` and ``charts.keyness``, claim and mention charts in ``charts.claims``, shared
machinery in ``charts.kit`` and ``charts.layout``. Import them all from ``corpus_utils.charts``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..corpus.selection import select
from . import style
from .kit import NoChart, and_list, chart, finish, many, new_figure, plural, require, wrap
from .layout import DIGIT_IN, axes_inches, date_year_ticks, legend_cols, settle

__all__ = ["documents_over_time"]


@chart
def documents_over_time(corpus: pd.DataFrame, *, max_outlets: int = 12) -> Figure:
    """Documents over time, one row per outlet, with counts per year below.

    How to read: each dot is one document, placed at its publication date on the row of its
    outlet and coloured by side; the bars below count documents per year, stacked by side,
    with "0" where a year has none, so gaps in the record are visible.

    Input: the corpus table (doc_id, date, year, outlet, side, included); only included,
    dated documents are drawn. Outlets beyond ``max_outlets`` share one row.
    Raises NoChart when no included document has a date.
    """
    what = "documents_over_time"
    df = require(corpus, ["doc_id", "date", "year", "outlet", "side", "included"], what)
    if isinstance(max_outlets, bool) or not isinstance(max_outlets, int) or max_outlets < 2:
        raise ValueError(f"max_outlets must be an integer >= 2, got {max_outlets!r}")
    df = select(df)
    dates = pd.to_datetime(df["date"], errors="coerce")
    undated = int(dates.isna().sum())
    df = pd.DataFrame(
        {
            "doc_id": df["doc_id"].astype(str),
            "date": dates,
            "outlet": df["outlet"].fillna("unknown").astype(str),
            "side": df["side"].map(style.side_key),
        }
    )[dates.notna().to_numpy()]
    if df.empty:
        raise NoChart("No included document has a date, so there is no timeline to draw.")
    df = df.assign(year=df["date"].dt.year).sort_values(["date", "doc_id"], kind="stable")
    counts = df.groupby("outlet").size()
    outlets = sorted(counts.index, key=lambda o: (-counts[o], o))
    if len(outlets) > max_outlets:
        kept = outlets[: max_outlets - 1]
        rest = f"{len(outlets) - len(kept)} other outlets"
        df["row"] = df["outlet"].where(df["outlet"].isin(kept), rest)
        outlets = [*kept, rest]
    else:
        df["row"] = df["outlet"]
    row_of = {o: i for i, o in enumerate(outlets)}
    sides = style.side_order(df["side"])

    names = {o: wrap(o, 30) for o in outlets}
    row_in = 0.34 if any("\n" in v for v in names.values()) else 0.24
    fig = new_figure(row_in * len(outlets) + 3.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[row_in * len(outlets) + 0.4, 1.4])
    for side in sides:
        sub = df[df["side"] == side]
        top.scatter(
            sub["date"],
            sub["row"].map(row_of),
            s=30,
            color=style.side_color(side),
            edgecolors="white",
            linewidths=0.5,
            alpha=0.9,
            zorder=3,
            label=side,
            rasterized=many(len(df)),
        )
    top.set_yticks(range(len(outlets)), [names[o] for o in outlets])
    top.set_ylim(len(outlets) - 0.5, -0.5)
    top.grid(axis="y")
    top.set_ylabel("Outlet")

    years = list(range(int(df["year"].min()), int(df["year"].max()) + 1))
    per = df.groupby(["year", "side"]).size().unstack(fill_value=0).reindex(years, fill_value=0)
    base = np.zeros(len(years))
    mids = [pd.Timestamp(y, 7, 2) for y in years]
    for side in sides:
        h = per[side].to_numpy() if side in per.columns else np.zeros(len(years))
        bottom.bar(mids, h, bottom=base, width=300, color=style.side_color(side))
        base += h
    bottom.set_ylim(0, base.max() * 1.25)
    bottom.set_ylabel("Documents per year")
    bottom.set_xlim(
        pd.Timestamp(years[0], 1, 1) - pd.Timedelta(days=20),
        pd.Timestamp(years[-1], 12, 31) + pd.Timedelta(days=20),
    )
    note = f" ({plural(undated, 'undated document')} not shown)" if undated else ""
    bottom.set_xlabel("Publication date" + note)
    fig.legend(
        handles=[Line2D([], [], ls="none", marker="o", color=style.side_color(s), label=s) for s in sides],
        loc="outside lower center",
        ncols=legend_cols(sides),
        title="Group",
    )

    per_year = df.groupby("year").size()
    total, most = len(df), int(per_year.max())
    best = [y for y in per_year.index if per_year[y] == most]
    if len(per_year) == 1:
        text = f"All {plural(total, 'dated document')} come from {best[0]}"
    elif len(best) == len(per_year):
        text = f"Documents are spread evenly: {most} in each of {len(best)} years"
    elif len(best) == 1:
        text = f"Most documents come from {best[0]} ({most} of {total})"
    else:
        text = f"Most documents come from {and_list(best)} ({most} each of {total})"
    gaps = [y for y in years if y not in per_year.index]
    if gaps:
        text += f"; none from {and_list(gaps)}" if len(gaps) <= 3 else f"; none in {len(gaps)} years"
    data = df[["doc_id", "date", "year", "outlet", "row", "side"]].rename(columns={"row": "shown_as"})
    finish(fig, text, data)
    settle(fig)
    date_year_ticks(bottom, years[0], years[-1])
    slot = axes_inches(bottom)[0] / len(years)  # counts over the bars only where they have room
    if slot >= len(f"{int(base.max())}") * DIGIT_IN + 0.08:
        for x, total in zip(mids, base, strict=True):
            color = "#222222" if total else style.OKABE_ITO["grey"]
            bottom.text(x, total, f"{int(total)}", ha="center", va="bottom", fontsize=8, color=color)
    return fig
