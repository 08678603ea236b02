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

The two charts on a date axis (corpus timeline, reuse arcs) are drawn here; phrase charts in
``charts.phrases``, claim and mention charts in ``charts.claims``, shared machinery in
``charts.kit``. Import them all from ``corpus_utils.charts``.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from ..corpus.selection import select
from . import style
from .kit import NoChart, and_list, chart, finish, new_figure, plural, require, shorten

__all__ = ["documents_over_time", "reuse_arcs"]


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

    fig = new_figure(0.24 * len(outlets) + 3.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[0.24 * len(outlets) + 0.4, 1.4])
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
        )
    top.set_yticks(range(len(outlets)), [shorten(o, 30) for o in outlets])
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
    for x, total in zip(mids, base, strict=True):
        bottom.text(
            x,
            total,
            f"{int(total)}",
            ha="center",
            va="bottom",
            fontsize=8,
            color="#222222" if total else style.OKABE_ITO["grey"],
        )
    bottom.set_ylim(0, base.max() * 1.25)
    bottom.set_ylabel("Documents per year")
    bottom.xaxis.set_major_locator(mdates.YearLocator())
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    bottom.set_xlim(
        pd.Timestamp(years[0], 1, 1) - pd.Timedelta(days=20),
        pd.Timestamp(years[-1], 12, 31) + pd.Timedelta(days=20),
    )
    note = f" ({plural(undated, 'undated document')} not shown)" if undated else ""
    bottom.set_xlabel("Publication date" + note)
    fig.legend(
        handles=[Line2D([], [], ls="none", marker="o", color=style.side_color(s), label=s) for s in sides],
        loc="outside lower center",
        ncols=len(sides),
        title="Side",
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
    return finish(fig, text, data)


def _arc(xa: float, xb: float, height: float, pad: float) -> MplPath:
    """A cubic Bezier arc from (xa, 0) to (xb, 0) peaking at ``height``; a loop if xa == xb."""
    c = 4 / 3 * height
    spread = pad if xa == xb else 0.0
    verts = [(xa, 0), (xa - spread, c), (xb + spread, c), (xb, 0)]
    return MplPath(verts, [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])


@chart
def reuse_arcs(passages: pd.DataFrame, corpus: pd.DataFrame, *, label_docs: int = 8) -> Figure:
    """Recycled passages as arcs between documents on a date axis.

    How to read: each dot on the baseline is a document at its publication date, coloured
    by side (pale grey dots: documents sharing no passage). An arc joins two documents that
    share recycled passages; it is wider the more words they share, solid purple when the
    documents come from different years (recycling) and dashed black when from the same year
    (syndication). Taller arcs span longer gaps in time.

    Input: the passages table (doc_a, doc_b, year_a, year_b, text_a, text_b, similarity,
    cluster; optional relation, n_words_a) and the corpus table (doc_id, date, side) for
    dates. Document ids are written under the dots when at most ``label_docs`` documents are
    linked. Raises NoChart when there are no passages between dated documents.
    """
    what = "reuse_arcs"
    pas = require(
        passages,
        ["doc_a", "doc_b", "year_a", "year_b", "text_a", "text_b", "similarity", "cluster"],
        what,
    )
    docs = require(corpus, ["doc_id", "date", "year", "outlet", "included"], what)
    if isinstance(label_docs, bool) or not isinstance(label_docs, int) or label_docs < 0:
        raise ValueError(f"label_docs must be an integer >= 0, got {label_docs!r}")
    if pas.empty:
        raise NoChart("No recycled passages were found, so there are no links to draw.")
    docs = select(docs)
    docs = (
        pd.DataFrame(
            {
                "doc_id": docs["doc_id"].astype(str),
                "date": pd.to_datetime(docs["date"], errors="coerce"),
                "side": docs["side"].map(style.side_key) if "side" in docs.columns else "unknown",
            }
        )
        .dropna(subset=["date"])
        .drop_duplicates("doc_id")
        .set_index("doc_id")
    )
    words = (
        pd.to_numeric(pas["n_words_a"], errors="coerce")
        if "n_words_a" in pas.columns
        else pas["text_a"].fillna("").astype(str).str.split().str.len()
    )
    # float years with NaN for undated documents: nullable Int64 years would make ``!=`` <NA>
    ya, yb = (pd.to_numeric(pas[c], errors="coerce").astype("float64") for c in ("year_a", "year_b"))
    derived = np.where(ya.isna() | yb.isna(), "undated", np.where(ya != yb, "cross_year", "same_year"))
    relation = pas["relation"].fillna("unknown").astype(str) if "relation" in pas.columns else derived
    pas = pd.DataFrame(
        {
            "doc_a": pas["doc_a"].astype(str),
            "doc_b": pas["doc_b"].astype(str),
            "year_a": ya,
            "year_b": yb,
            "relation": relation,
            "words": words.fillna(0),
            "similarity": pd.to_numeric(pas["similarity"], errors="coerce"),
        }
    )
    pairs = (
        pas.groupby(["doc_a", "doc_b"], sort=True)
        .agg(
            year_a=("year_a", "first"),
            year_b=("year_b", "first"),
            relation=("relation", "first"),
            passages=("words", "size"),
            words=("words", "sum"),
            similarity_max=("similarity", "max"),
        )
        .reset_index()
    )
    dated = pairs["doc_a"].isin(docs.index) & pairs["doc_b"].isin(docs.index)
    undated = int((~dated).sum())
    pairs = pairs[dated].reset_index(drop=True)
    if pairs.empty:
        raise NoChart("The documents sharing passages have no dates, so they cannot be placed in time.")
    pairs.insert(2, "date_a", docs.loc[pairs["doc_a"], "date"].to_numpy())
    pairs.insert(3, "date_b", docs.loc[pairs["doc_b"], "date"].to_numpy())

    fig = new_figure(3.2)
    ax = fig.subplots()
    linked = sorted(set(pairs["doc_a"]) | set(pairs["doc_b"]), key=lambda d: (docs.at[d, "date"], d))
    xa, xb = mdates.date2num(pairs["date_a"]), mdates.date2num(pairs["date_b"])
    lo, hi = float(mdates.date2num(docs["date"].min())), float(mdates.date2num(docs["date"].max()))
    span = max(hi - lo, 30.0)
    top_words = float(pairs["words"].max()) or 1.0
    lines = {
        "cross_year": ("-", style.ACCENTS["cross_year"]),
        "same_year": ("--", style.ACCENTS["same_year"]),
    }
    for a, b, (_, r) in zip(xa, xb, pairs.iterrows(), strict=True):
        ls, color = lines.get(r["relation"], (":", style.OKABE_ITO["grey"]))
        height = 0.18 + 0.8 * abs(b - a) / span
        ax.add_patch(
            PathPatch(
                _arc(a, b, height, span * 0.02),
                fill=False,
                ls=ls,
                color=color,
                lw=0.8 + 3.7 * r["words"] / top_words,
                alpha=0.85,
                capstyle="round",
            )
        )
    others = docs[~docs.index.isin(linked)]
    ax.scatter(others["date"], np.zeros(len(others)), s=14, color=style.ACCENTS["muted"], zorder=2)
    for side in style.side_order(docs.loc[linked, "side"]):
        sub = docs.loc[[d for d in linked if docs.at[d, "side"] == side]]
        ax.scatter(
            sub["date"],
            np.zeros(len(sub)),
            s=36,
            color=style.side_color(side),
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
    ax.axhline(0, color=style.ACCENTS["muted"], lw=0.8, zorder=1)
    labelled = len(linked) <= label_docs
    if labelled:  # two staggered rows of ids, in date order, so neighbours do not collide
        for k, d in enumerate(linked):
            ax.text(
                docs.at[d, "date"],
                -0.07 - 0.11 * (k % 2),
                shorten(d, 16),
                ha="center",
                va="top",
                fontsize=8,
            )
    ax.set_ylim(-0.3 if labelled else -0.08, 1.15)
    ax.set_xlim(lo - span * 0.06, hi + span * 0.06)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    locator = mdates.YearLocator() if span > 2 * 365 else mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    note = f" ({plural(undated, 'pair')} with an undated or excluded document not shown)" if undated else ""
    ax.set_xlabel("Publication date" + note)
    ax.set_ylabel("Arc height: time apart")
    names = {"cross_year": "across years", "same_year": "same year"}
    present = [r for r in names if r in set(pairs["relation"])]
    present += sorted(set(pairs["relation"]) - set(names))
    handles = [
        Line2D(
            [],
            [],
            ls=lines.get(r, (":",))[0],
            lw=1.6,
            label=names.get(r, r),
            color=lines.get(r, (None, style.OKABE_ITO["grey"]))[1],
        )
        for r in present
    ]
    handles += [
        Line2D([], [], color="#555555", lw=0.8 + 3.7 * w / top_words, label=plural(int(w), "word"))
        for w in sorted({pairs["words"].min(), top_words})
    ]
    handles += [
        Line2D([], [], ls="none", marker="o", color=style.side_color(s), label=s)
        for s in style.side_order(docs.loc[linked, "side"])
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6))

    rel = pas.merge(pairs[["doc_a", "doc_b"]], on=["doc_a", "doc_b"])["relation"]
    cross, same = int((rel == "cross_year").sum()), int((rel == "same_year").sum())
    if cross:
        far = pairs[pairs["relation"] == "cross_year"]
        gap = (far["year_b"] - far["year_a"]).abs()
        r = far.loc[gap.idxmax()]
        y0, y1 = sorted([int(r["year_a"]), int(r["year_b"])])
        text = f"{plural(cross, 'passage')} recycled across years, the longest gap {y0} \u2192 {y1}"
        if same:
            text += f"; {same} more shared within a year"
    else:
        text = f"No passage is recycled across years; {plural(same, 'passage')} shared within a year"
    return finish(fig, text, pairs)
