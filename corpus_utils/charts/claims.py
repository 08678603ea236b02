"""Claim and mention charts: themes by year and side, who claimed what, what is mentioned.

Part of the figure set described in ``charts`` (import them from there); the same rules hold:
a Figure back, a title computed from the data, ``NoChart`` when the data cannot support it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import style
from .kit import NoChart, chart, finish, new_figure, plural, require, whole_years, wrap
from .layout import colour_gamma, heatmap, label_heatmaps, legend_cols, settle, year_ticks

KIND_MARKERS = {"quote": "o", "reported_speech": "s", "joint": "D", "reported": "^"}
POOLED = "all kinds"  # the kind of a mark that pools every kind of claim
POOL_BELOW_PT = 6.0  # a marker slot narrower than this (points) pools the kinds of a year
_CATEGORY_ORDER = ("actor", "weapon", "programme", "program", "forum")


def _dated(df: pd.DataFrame) -> pd.DataFrame:
    years = whole_years(df["year"])
    return df.loc[years.index].assign(year=years)


def _label(key: str) -> str:
    """A theme or category id as a reader sees it: ``arms_deals`` -> "arms deals"."""
    return str(key).replace("_", " ")


def _count(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").fillna(0).astype(int)


@chart
def claims_theme_heatmap(by_theme_year: pd.DataFrame, *, top: int = 15) -> Figure:
    """Claims by theme and year, one panel per side.

    How to read: one panel per side, themes as rows and years as columns; the number in a
    cell counts that side's claims on that theme in that year (darker = more, one colour
    scale for all panels). A claim can carry several themes, so rows do not add up to the
    number of claims. When one panel's largest cell is more than four times another's (and
    counts reach 20), the colours follow the square root of the count (the colour bar says
    so), so that a smaller side's pattern stays visible beside a dominant one. The data file
    also gives the number of documents behind each cell: a cell resting on one document is an
    anecdote, not a trend.

    Input: the claims_by_theme_year table (theme, year, side, claims, documents); ``top``
    caps the themes shown. Raises NoChart when there are no dated claims or they all come
    from one side (there is then no side comparison to draw).
    """
    df = require(by_theme_year, ["theme", "year", "side", "claims", "documents"], "claims_theme_heatmap")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    df = _dated(df).assign(
        claims=lambda d: _count(d["claims"]),
        documents=lambda d: _count(d["documents"]),
        side=lambda d: d["side"].map(style.side_key),
        theme=lambda d: (d["label"] if "label" in d.columns else d["theme"].map(_label)).astype(str),
    )
    df = df[df["claims"] > 0]
    if df.empty:
        raise NoChart("No dated claim carries a theme: no theme \u00d7 year \u00d7 side table.")
    sides = style.side_order(df["side"])
    if len(sides) < 2:
        raise NoChart(f"All claims come from one side ({sides[0]}): there is no side comparison to draw.")
    years = sorted(df["year"].unique())
    cells = df.groupby(["theme", "year", "side"])[["claims", "documents"]].sum()
    totals = df.groupby("theme")["claims"].sum()
    themes = sorted(totals.index, key=lambda t: (-totals[t], t))[:top]
    full = cells.reindex(
        pd.MultiIndex.from_product([themes, years, sides], names=["theme", "year", "side"]),
        fill_value=0,
    )
    vmax = max(float(full["claims"].max()), 1.0)
    gamma = colour_gamma(full.groupby(level="side")["claims"].max().tolist(), vmax)
    labels = {t: wrap(t, 28) for t in themes}
    across = max(1, min(len(sides), int(4.9 // max(0.9, 0.1 * len(years)))))  # panels side by side
    down = -(-len(sides) // across)
    row_h = 0.3 if any("\n" in v for v in labels.values()) else 0.2
    fits = max(3, int((7.4 / down - 0.7) / row_h))
    if len(themes) > fits:
        themes = themes[:fits]
        full = full[full.index.get_level_values("theme").isin(themes)]

    fig = new_figure(down * (row_h * len(themes) + 0.7) + 1.2)
    axes = fig.subplots(down, across, sharex=True, sharey=True, squeeze=False).ravel()
    panels = []
    for idx, ax in enumerate(axes):
        if idx >= len(sides):
            ax.set_visible(False)
            continue
        side = sides[idx]
        grid = full.xs(side, level="side")["claims"].unstack("year").reindex(index=themes, columns=years)
        mesh = heatmap(
            ax, grid.to_numpy(), rows=[labels[t] for t in themes], cols=years, vmax=vmax, gamma=gamma
        )
        panels.append((ax, grid.to_numpy(), mesh))
        ax.set_title(side, fontweight="bold")
        if idx + across >= len(sides):  # the last panel of its column: years under it (sharex hid them)
            ax.set_xlabel("Year")
            ax.xaxis.set_tick_params(labelbottom=True)
    n_themes = int(df["theme"].nunique())
    shown = f" (top {len(themes)} of {n_themes})" if n_themes > len(themes) else ""
    fig.supylabel(f"Theme{shown}; cells: claims", fontsize=9)

    side_totals = df.groupby(["side", "theme"])["claims"].sum().reset_index()
    tops = {}
    for side in sides[:2]:  # the title names the two main sides; the chart shows all
        own = side_totals[side_totals["side"] == side]
        best = int(own["claims"].max())
        tops[side] = (tuple(sorted(own.loc[own["claims"] == best, "theme"])), best)  # ties kept

    def _names(ts: tuple[str, ...]) -> str:
        quoted = [f"\u201c{t}\u201d" for t in ts]
        return " and ".join(quoted) + (" (tied)" if len(ts) > 1 else "")

    if len({t for t, _ in tops.values()}) == 1:
        text = f"{' and '.join(tops)} claim most about {_names(next(iter(tops.values()))[0])}"
    else:
        text = "Most claims by theme: " + "; ".join(
            f"{side} {_names(t)} ({n})" for side, (t, n) in tops.items()
        )
    finish(fig, text, full.reset_index())
    label_heatmaps(fig, panels, years=years, what="claims per cell")
    return fig


@chart
def claims_timeline(claims: pd.DataFrame, *, top: int = 20) -> Figure:
    """Who claimed what, when: one row per speaker, one column per year.

    How to read: each row is a speaker, grouped and coloured by side; a marker shows that
    the speaker made claims in that year, its shape the kind of claim (circle = direct
    quote, square = reported speech, diamond = joint statement, triangle = reported by the
    outlet itself) and its size the number of claims. Within a year, kinds sit side by side.

    Input: the claims table (claim_id, doc_id, year, speaker, side, kind, claim, themes,
    numbers, group_id); ``top`` caps the speakers shown (most claims first). Raises NoChart
    when no claim is dated.
    """
    df = require(claims, ["claim_id", "doc_id", "year", "speaker", "side", "kind"], "claims_timeline")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    df = _dated(df)
    if df.empty:
        raise NoChart("No claim comes from a dated document, so there is no timeline to draw.")
    speaker = df["speaker"].astype("string").str.strip()
    speaker = speaker.mask(speaker.str.lower().isin(["", "unknown", "unknown speaker"]))
    speaker = speaker.fillna("unknown speaker")
    df = pd.DataFrame(
        {
            "speaker": speaker.astype(str),
            "side": df["side"].map(style.side_key),
            "year": df["year"],
            "kind": df["kind"].fillna("unknown").astype(str),
        }
    )
    rank = {s: i for i, s in enumerate(style.side_order(df["side"]))}
    by_side = df.groupby(["speaker", "side"]).size().reset_index(name="n")
    by_side = by_side.sort_values(
        ["speaker", "n", "side"],
        ascending=[True, False, True],
        key=lambda c: c.map(rank) if c.name == "side" else c,
    )
    side_of = by_side.drop_duplicates("speaker").set_index("speaker")["side"]
    stats = df.groupby("speaker").agg(n=("year", "size"), first=("year", "min"), years=("year", "nunique"))
    chosen = sorted(stats.index, key=lambda s: (-stats.at[s, "n"], s))[:top]
    order = sorted(chosen, key=lambda s: (rank[side_of[s]], stats.at[s, "first"], -stats.at[s, "n"], s))
    row = {s: i for i, s in enumerate(order)}
    agg = (
        df[df["speaker"].isin(chosen)]
        .groupby(["speaker", "year", "kind"])
        .size()
        .rename("claims")
        .reset_index()
    )
    agg["side"] = agg["speaker"].map(side_of)
    agg = agg.sort_values(["speaker", "year", "kind"], key=lambda c: c.map(row) if c.name == "speaker" else c)
    years = list(range(int(agg["year"].min()), int(agg["year"].max()) + 1))
    names = {s: wrap(s, 28) for s in order}
    row_in = 0.3 if any("\n" in v for v in names.values()) else 0.26
    year_pt = (style.WIDTH - 2.6) * 72 / len(years)
    n_kinds = agg["kind"].nunique()
    # each kind its own slot inside the year, the biggest marker as wide as its slot: markers
    # never spill into the next year, however many years share the axis. When a slot would be
    # too narrow to see a marker in (many years times kinds), the kinds are pooled: one mark per
    # speaker and year
    pooled = n_kinds > 1 and 0.8 / n_kinds * year_pt * 0.85 < POOL_BELOW_PT
    if pooled:
        agg = agg.groupby(["speaker", "side", "year"], sort=False)["claims"].sum().reset_index()
        agg.insert(3, "kind", POOLED)
    kinds = [k for k in KIND_MARKERS if k in set(agg["kind"])] + sorted(set(agg["kind"]) - set(KIND_MARKERS))
    slot = 0.8 / len(kinds)
    offset = {k: -0.4 + slot * (i + 0.5) for i, k in enumerate(kinds)}
    widest = max(3.0, min(slot * year_pt, row_in * 72) * 0.85)
    biggest = int(agg["claims"].max())
    # area grows with the count; over a range past 10x it grows with the log of the count, so a
    # speaker with hundreds of claims stays visible beside one with thousands
    smallest = int(agg["claims"].min())
    logged = biggest > 10 * smallest

    def size(n):
        n = np.asarray(n, dtype=float)
        # log: from the smallest count (the floor) to the largest, so 300 and 16,000 still differ
        share = np.log(n / smallest) / np.log(biggest / smallest) if logged else n / biggest
        return widest**2 * (0.15 + 0.85 * share)

    fig = new_figure(row_in * len(order) + 1.9)
    ax = fig.subplots()
    for kind in kinds:
        sub = agg[agg["kind"] == kind]
        ax.scatter(
            sub["year"] + offset[kind],
            sub["speaker"].map(row),
            s=size(sub["claims"]),
            marker=KIND_MARKERS.get(kind, "o" if kind == POOLED else "X"),
            c=[style.side_color(s) for s in sub["side"]],
            edgecolors="white",
            linewidths=0.3,
            zorder=3,
        )
    for a, b in zip(order[:-1], order[1:], strict=True):
        if side_of[a] != side_of[b]:
            ax.axhline(row[b] - 0.5, color="#666666", lw=0.6)
    for y in years[1:]:  # the year boundaries the markers stay within
        ax.axvline(y - 0.5, color="#EEEEEE", lw=0.5, zorder=1)
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_yticks(range(len(order)), [names[s] for s in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.grid(axis="y")
    ax.set_xlabel(
        "Year of the document"
        + ("\nkinds of claim pooled (too many years to split them)" if pooled else "")
        + ("; area: log scale" if logged and pooled else "\nmarker area on a log scale" if logged else "")
    )
    shown = f" (top {len(order)} of {len(stats)})" if len(stats) > len(order) else ""
    ax.set_ylabel("Speaker" + shown)
    handles = [
        Line2D([], [], ls="none", marker=KIND_MARKERS.get(k, "X"), color="#555555", label=k.replace("_", " "))
        for k in kinds
        if k != POOLED
    ]
    handles += [
        Line2D([], [], ls="none", marker="o", color=style.side_color(s), label=s)
        for s in style.side_order(agg["side"])
    ]
    handles += [
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color="#BBBBBB",
            markersize=float(np.sqrt(size(n))),
            label=plural(n, "claim"),
        )
        for n in sorted({smallest, biggest} | ({_middle(agg["claims"])} if logged else set()))
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=legend_cols([h.get_label() for h in handles])
    )

    named = [s for s in chosen if s != "unknown speaker"]
    lead = named[0] if named else chosen[0]
    most = "makes the most claims" if lead == chosen[0] else "is the named speaker with most claims"
    text = (
        f"{lead} ({side_of[lead]}) {most}: {int(stats.at[lead, 'n']):,} in "
        f"{plural(int(stats.at[lead, 'years']), 'year')}"
    )
    if len(stats) > 1:
        text += f"; {plural(len(stats), 'speaker')} in all"
    finish(fig, text, agg[["speaker", "side", "year", "kind", "claims"]])
    settle(fig)
    year_ticks(ax, years)
    return fig


def _middle(counts: pd.Series) -> int:
    """A round count between the smallest and the largest, for the size legend (log scale)."""
    mid = float(np.sqrt(counts.min() * counts.max()))
    return int(round(mid, -int(np.floor(np.log10(mid))))) if mid >= 1 else 1


def _category_key(category: str) -> tuple:
    low = category.lower()
    rank = next((i for i, p in enumerate(_CATEGORY_ORDER) if low.startswith(p)), len(_CATEGORY_ORDER))
    return (rank, low)


@chart
def mentions_by_year(mentions: pd.DataFrame, *, top: int = 8, years=None) -> Figure:
    """Actors, weapons systems, programmes and forums mentioned, by year.

    How to read: one panel per category (actors, weapons systems, programmes, forums, ...),
    its most mentioned entities as rows and years as columns; the number in a cell counts
    mentions (occurrences, not documents) in that year (darker = more; one colour scale for
    all panels; square-root colours when one category's counts dwarf another's, as in
    ``claims_theme_heatmap``). The data file also gives the number of documents behind each cell.

    Input: one row per entity and year (category, entity, year, mentions, documents);
    ``top`` caps the entities per category; ``years`` adds columns for corpus years with no
    mentions. Raises NoChart when nothing dated is mentioned or only one year is covered.
    """
    df = require(mentions, ["category", "entity", "year", "mentions", "documents"], "mentions_by_year")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    df = _dated(df).assign(
        mentions=lambda d: _count(d["mentions"]),
        documents=lambda d: _count(d["documents"]),
        category=lambda d: d["category"].astype(str),
        entity=lambda d: d["entity"].astype(str),
    )
    df = df[df["mentions"] > 0]
    if df.empty:
        raise NoChart("Nothing on the watch lists is mentioned in a dated document.")
    cols = sorted(set(df["year"]) | {int(y) for y in (years if years is not None else [])})
    if len(cols) < 2:
        raise NoChart(f"All mentions come from one year ({cols[0]}): nothing to compare across years.")
    cells = df.groupby(["category", "entity", "year"])[["mentions", "documents"]].sum()
    totals = df.groupby(["category", "entity"])["mentions"].sum()
    categories = sorted(df["category"].unique(), key=_category_key)
    shown = {c: sorted(totals[c].index, key=lambda e, c=c: (-totals[c][e], e))[:top] for c in categories}

    names = {e: wrap(e, 28) for c in categories for e in shown[c]}
    row_in = 0.3 if any("\n" in v for v in names.values()) else 0.22
    while sum(len(shown[c]) * row_in + 0.4 for c in categories) > 7.6 and max(map(len, shown.values())) > 2:
        cap = max(map(len, shown.values())) - 1  # one page: fewer entities per category
        shown = {c: e[:cap] for c, e in shown.items()}
    heights = [len(shown[c]) * row_in + 0.4 for c in categories]
    fig = new_figure(sum(heights) + 1.2)
    axes = fig.subplots(len(categories), 1, sharex=True, squeeze=False, height_ratios=heights)[:, 0]
    peaks = [float(cells.loc[c]["mentions"].max()) for c in categories]
    vmax = max(max(peaks), 1.0)
    gamma = colour_gamma(peaks, vmax)
    frames, panels = [], []
    for ax, cat in zip(axes, categories, strict=True):
        grid = (
            cells.loc[cat]["mentions"]
            .unstack("year", fill_value=0)
            .reindex(index=shown[cat], columns=cols, fill_value=0)
        )
        mesh = heatmap(
            ax, grid.to_numpy(), rows=[names[e] for e in shown[cat]], cols=cols, vmax=vmax, gamma=gamma
        )
        panels.append((ax, grid.to_numpy(), mesh))
        label = _label(cat)
        n_all = len(totals[cat])
        more = f" (top {len(shown[cat])} of {n_all})" if n_all > len(shown[cat]) else ""
        ax.set_title(label[:1].upper() + label[1:] + more, fontweight="bold")
        idx = pd.MultiIndex.from_product([[cat], shown[cat], cols], names=["category", "entity", "year"])
        frames.append(cells.reindex(idx, fill_value=0).reset_index())
    axes[-1].set_xlabel("Year (cells: mentions)")
    fig.supylabel("Entity mentioned", fontsize=9)

    best = totals.sort_values(ascending=False, kind="stable")
    best = best[best == best.iloc[0]].sort_index()
    cat, entity = best.index[0]
    k = df[(df["category"] == cat) & (df["entity"] == entity)]["year"].nunique()
    text = (
        f"Most mentioned: \u201c{entity}\u201d ({cat}; {plural(int(best.iloc[0]), 'mention')} "
        f"in {k} of {len(cols)} years)"
    )
    finish(fig, text, pd.concat(frames, ignore_index=True))
    label_heatmaps(fig, panels, years=cols, what="mentions per cell")
    return fig
