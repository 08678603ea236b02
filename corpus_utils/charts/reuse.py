"""The recycled-passage chart: documents on a date axis linked where a later one reuses an earlier one.

Part of the figure set described in ``charts`` (import it from there); the same rules hold: a
Figure back, a title computed from the data, ``NoChart`` when the data cannot support it. Up to
``max_pairs`` document pairs each pair is an arc between its two documents (labelled by outlet and
date when few); past that the pairs are summed into year-to-year flows, one arc per pair of years,
so that a corpus of decades draws a readable figure instead of hundreds of crossing arcs.
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
from .kit import NoChart, chart, finish, new_figure, plural, require, wrap
from .layout import DIGIT_IN, axes_inches, date_year_ticks, legend_cols, settle

__all__ = ["reuse_arcs"]

LINES = {"cross_year": ("-", style.ACCENTS["cross_year"]), "same_year": ("--", style.ACCENTS["same_year"])}
NAMES = {"cross_year": "across years", "same_year": "same year"}


def _arc(xa: float, xb: float, height: float, pad: float) -> MplPath:
    """A cubic Bezier arc from (xa, 0) to (xb, 0) peaking at ``height``; a loop if xa == xb."""
    c = 4 / 3 * height
    spread = pad if xa == xb else 0.0
    verts = [(xa, 0), (xa - spread, c), (xb + spread, c), (xb, 0)]
    return MplPath(verts, [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])


def _tables(
    passages: pd.DataFrame, corpus: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    """(passages, document pairs between dated documents, dated documents, pairs left out)."""
    what = "reuse_arcs"
    pas = require(
        passages,
        ["doc_a", "doc_b", "year_a", "year_b", "text_a", "text_b", "similarity", "cluster"],
        what,
    )
    docs = require(corpus, ["doc_id", "date", "year", "outlet", "included"], what)
    if pas.empty:
        raise NoChart("No recycled passages were found, so there are no links to draw.")
    docs = select(docs)
    docs = (
        pd.DataFrame(
            {
                "doc_id": docs["doc_id"].astype(str),
                "date": pd.to_datetime(docs["date"], errors="coerce"),
                "outlet": docs["outlet"].fillna("unknown").astype(str),
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
    pairs = pairs[dated].reset_index(drop=True)
    if pairs.empty:
        raise NoChart("The documents sharing passages have no dates, so they cannot be placed in time.")
    pairs.insert(2, "date_a", docs.loc[pairs["doc_a"], "date"].to_numpy())
    pairs.insert(3, "date_b", docs.loc[pairs["doc_b"], "date"].to_numpy())
    pas = pas.merge(pairs[["doc_a", "doc_b"]], on=["doc_a", "doc_b"])
    return pas, pairs, docs, int((~dated).sum())


def _draw_arcs(ax, xa, xb, relations, widths, span: float) -> None:
    # a loop (both ends in one year or on one day) is at least a few line widths wide and high, so
    # a thick one stays a loop above its dot rather than a blot on it (x: the span and the margins
    # ``set_xlim`` adds; y: the 1.23 units of ``set_ylim``)
    width_in, height_in = axes_inches(ax)
    per_pt_x, per_pt_y = span * 1.08 / width_in / 72, 1.23 / height_in / 72
    for a, b, rel, lw in zip(xa, xb, relations, widths, strict=True):
        ls, color = LINES.get(rel, (":", style.OKABE_ITO["grey"]))
        height = 0.18 + 0.8 * abs(b - a) / span
        spread, loop = span * 0.02, a == b
        if loop:
            height, spread = max(height, 8 * lw * per_pt_y), max(spread, 5 * lw * per_pt_x)
        patch = PathPatch(_arc(a, b, height, spread), fill=False, ls=ls, color=color, lw=lw, alpha=0.85)
        patch.set_zorder(2.5 if loop else 1)  # loops over the arcs that leave their dot, under the dots
        patch.set_capstyle("round")
        ax.add_patch(patch)


def _relation_handles(relations) -> list[Line2D]:
    present = [r for r in NAMES if r in set(relations)] + sorted(set(relations) - set(NAMES))
    return [
        Line2D(
            [],
            [],
            ls=LINES.get(r, (":",))[0],
            lw=1.6,
            label=NAMES.get(r, r),
            color=LINES.get(r, (None, style.OKABE_ITO["grey"]))[1],
        )
        for r in present
    ]


def _label_documents(ax, docs: pd.DataFrame, linked: list[str]) -> int:
    """Write the outlet (wrapped, not cut) and the date under each linked document, in up to three
    rows, only where labels do not touch; returns the rows used, or 0 (and writes nothing) when
    some document would go unlabelled."""
    width_in = axes_inches(ax)[0]
    x0, x1 = ax.get_xlim()
    rows_end = [-np.inf, -np.inf, -np.inf]
    placed = []
    for d in linked:
        text = f"{wrap(docs.at[d, 'outlet'], 26)}\n{docs.at[d, 'date']:%Y-%m-%d}"
        half = max(map(len, text.split("\n"))) * DIGIT_IN / 2 + 0.05
        x = (mdates.date2num(docs.at[d, "date"]) - x0) / (x1 - x0) * width_in
        ha = "left" if x - half < 0 else "right" if x + half > width_in else "center"  # kept inside
        start = {"left": x - 0.05, "right": x + 0.05 - 2 * half, "center": x - half}[ha]
        row = next((k for k, end in enumerate(rows_end) if start > end), None)
        if row is None:
            return 0
        rows_end[row] = start + 2 * half
        placed.append((d, row, text, ha))
    for d, row, text, ha in placed:
        ax.text(docs.at[d, "date"], -0.06 - 0.3 * row, text, ha=ha, va="top", fontsize=8, linespacing=1.0)
    return 1 + max(row for _, row, _, _ in placed)


def _title(pas: pd.DataFrame, pairs: pd.DataFrame) -> str:
    rel = pas["relation"]
    cross, same = int((rel == "cross_year").sum()), int((rel == "same_year").sum())
    if not cross:
        return f"No passage is recycled across years; {plural(same, 'passage')} shared within a year"
    far = pairs[pairs["relation"] == "cross_year"]
    gap = (far["year_b"] - far["year_a"]).abs()
    r = far.loc[gap.idxmax()]
    y0, y1 = sorted([int(r["year_a"]), int(r["year_b"])])
    if len(far) >= 2:
        text = f"{plural(cross, 'passage')} recycled across years, the longest gap {y0} \u2192 {y1}"
    else:
        text = f"{plural(cross, 'passage')} recycled across years, {y0} \u2192 {y1}"
    if same:
        text += f"; {same:,} more shared within a year"
    return text


@chart
def reuse_arcs(
    passages: pd.DataFrame, corpus: pd.DataFrame, *, label_docs: int = 8, max_pairs: int = 50
) -> Figure:
    """Recycled passages as arcs between documents on a date axis.

    How to read: each dot on the baseline is a document at its publication date, coloured
    by group (pale grey dots: documents sharing no passage); when few documents are linked
    each is labelled with its outlet and date. An arc joins two documents that share
    recycled passages; it is wider the more words they share, solid purple when the
    documents come from different years (recycling) and dashed black when from the same year
    (syndication). Taller arcs span longer gaps in time. Past ``max_pairs`` document pairs the
    pairs are summed into year-to-year flows: one arc per pair of years, as wide as the number of
    document pairs it carries.

    Input: the passages table (doc_a, doc_b, year_a, year_b, text_a, text_b, similarity,
    cluster; optional relation, n_words_a) and the corpus table (doc_id, date, outlet, side) for
    dates. Documents are labelled when at most ``label_docs`` are linked and the labels have room.
    Raises NoChart when there are no passages between dated documents.
    """
    for name, value, least in (("label_docs", label_docs, 0), ("max_pairs", max_pairs, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be an integer >= {least}, got {value!r}")
    pas, pairs, docs, undated = _tables(passages, corpus)
    lo, hi = float(mdates.date2num(docs["date"].min())), float(mdates.date2num(docs["date"].max()))
    span = max(hi - lo, 30.0)
    note = f"\n({plural(undated, 'pair')} with an undated or excluded document not shown)" if undated else ""
    fig = new_figure(3.4)
    ax = fig.subplots()
    ax.axhline(0, color=style.ACCENTS["muted"], lw=0.8, zorder=1)
    if len(pairs) > max_pairs:
        return _flows(fig, ax, pas, pairs, docs, note, (lo, hi, span))
    linked = sorted(set(pairs["doc_a"]) | set(pairs["doc_b"]), key=lambda d: (docs.at[d, "date"], d))
    top_words = float(pairs["words"].max()) or 1.0
    widths = 0.8 + 3.7 * pairs["words"].to_numpy() / top_words
    xa, xb = mdates.date2num(pairs["date_a"]), mdates.date2num(pairs["date_b"])
    _draw_arcs(ax, xa, xb, pairs["relation"], widths, span)
    others = docs[~docs.index.isin(linked)]
    ax.scatter(others["date"], np.zeros(len(others)), s=14, color=style.ACCENTS["muted"], zorder=2)
    sides = style.side_order(docs.loc[linked, "side"])
    for side in sides:
        sub = docs.loc[[d for d in linked if docs.at[d, "side"] == side]]
        ax.scatter(
            sub["date"], np.zeros(len(sub)), s=36, color=style.side_color(side), ec="white", lw=0.5, zorder=3
        )
    want_labels = len(linked) <= label_docs
    ax.set_ylim(-1.0 if want_labels else -0.08, 1.15)  # room for labels while the layout runs
    ax.set_xlim(lo - span * 0.06, hi + span * 0.06)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Publication date" + note)
    ax.set_ylabel("Arc height: time apart")
    handles = _relation_handles(pairs["relation"])
    handles += [
        Line2D([], [], color="#555555", lw=0.8 + 3.7 * w / top_words, label=plural(int(w), "word"))
        for w in sorted({pairs["words"].min(), top_words})
    ]
    handles += [Line2D([], [], ls="none", marker="o", color=style.side_color(s), label=s) for s in sides]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=legend_cols([h.get_label() for h in handles])
    )
    finish(fig, _title(pas, pairs), pairs)
    settle(fig)
    if span > 2 * 365:
        date_year_ticks(ax, docs["date"].min().year, docs["date"].max().year)
    else:
        locator = mdates.AutoDateLocator(maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    rows = _label_documents(ax, docs, linked) if want_labels else 0
    ax.set_ylim(-0.08 - 0.3 * rows - (0.12 if rows else 0.0), 1.15)
    return fig


def _flows(fig: Figure, ax, pas: pd.DataFrame, pairs: pd.DataFrame, docs, note: str, extent) -> Figure:
    """Pairs summed into year-to-year flows (one arc per pair of years, width: document pairs)."""
    lo, hi, span = extent
    first, last = pairs[["year_a", "year_b"]].min(axis=1), pairs[["year_a", "year_b"]].max(axis=1)
    flows = (
        pairs.assign(year_from=first.astype(int), year_to=last.astype(int))
        .groupby(["year_from", "year_to"], sort=True)
        .agg(
            pairs=("doc_a", "size"),
            passages=("passages", "sum"),
            words=("words", "sum"),
        )
        .reset_index()
    )
    flows.insert(2, "relation", np.where(flows["year_from"] == flows["year_to"], "same_year", "cross_year"))
    mid = {
        y: mdates.date2num(pd.Timestamp(int(y), 7, 1))
        for y in set(flows["year_from"]) | set(flows["year_to"])
    }
    most = float(flows["pairs"].max())
    widths = 0.6 + 4.4 * flows["pairs"].to_numpy() / most
    _draw_arcs(ax, flows["year_from"].map(mid), flows["year_to"].map(mid), flows["relation"], widths, span)
    per_year = pd.concat([flows.groupby("year_from")["pairs"].sum(), flows.groupby("year_to")["pairs"].sum()])
    per_year = per_year.groupby(level=0).sum()
    ax.scatter(
        [pd.Timestamp(int(y), 7, 1) for y in per_year.index],
        np.zeros(len(per_year)),
        s=10 + 60 * per_year.to_numpy() / per_year.max(),
        color=style.OKABE_ITO["black"],
        zorder=3,
    )
    ax.set_ylim(-0.08, 1.15)
    ax.set_xlim(lo - span * 0.04, hi + span * 0.04)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Year of the documents (dot size: document pairs in the year)" + note)
    ax.set_ylabel("Arc height: time apart")
    handles = _relation_handles(flows["relation"])
    handles += [
        Line2D([], [], color="#555555", lw=0.6 + 4.4 * n / most, label=plural(int(n), "document pair"))
        for n in sorted({int(flows["pairs"].min()), int(most)})
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=legend_cols([h.get_label() for h in handles])
    )
    text = _title(pas, pairs) + f" ({len(pairs):,} document pairs drawn as flows between years)"
    finish(fig, text, flows)
    settle(fig)
    date_year_ticks(ax, int(flows["year_from"].min()), int(flows["year_to"].max()))
    return fig
