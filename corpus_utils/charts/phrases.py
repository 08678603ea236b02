"""Phrase charts: families by year, keyness per year, dispersion of watched terms.

Part of the figure set described in ``charts`` (import them from there); the same rules hold:
a Figure back, a title computed from the data, ``NoChart`` when the data cannot support it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import style
from .kit import (
    NoChart,
    and_list,
    chart,
    compact,
    finish,
    many,
    new_figure,
    require,
    shorten,
    whole_years,
    wrap,
)
from .layout import LINE_IN, axes_inches, heatmap, label_heatmaps, settle, spaced

MAX_WORDINGS = 3  # groups whose wording is named per family; the data file has them all


@chart
def family_heatmap(occurrences: pd.DataFrame, *, top: int = 15, years=None) -> Figure:
    """Phrase families x year: how often each formula occurs, and how each side words it.

    How to read: each row is a phrase family (one formula and its variant wordings), each
    column a year; the number in a cell counts occurrences of any wording of the family in
    that year (darker = more; "0" = none found, which in a year with few documents is no
    evidence of absence). The panel on the right gives each side's most frequent wording,
    with how often it occurs.

    Input: one row per occurrence (family, variant, doc_id, year, outlet, side). ``years``
    adds columns for corpus years without occurrences; ``top`` caps the families shown.
    Raises NoChart when there is no dated occurrence or only one year.
    """
    what = "family_heatmap"
    df = require(occurrences, ["family", "variant", "doc_id", "year", "outlet", "side"], what)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    yrs = whole_years(df["year"])
    df = df.loc[yrs.index]
    df = df.assign(
        year=yrs,
        side=df["side"].map(style.side_key),
        family=df["family"].astype(str),
        variant=df["variant"].astype(str),
    )
    if df.empty:
        raise NoChart("No phrase family occurs in a dated document: no family \u00d7 year table.")
    cols = sorted(set(df["year"]) | {int(y) for y in (years if years is not None else [])})
    if len(cols) < 2:
        raise NoChart(f"All occurrences come from one year ({cols[0]}): nothing to compare across years.")
    cells = df.groupby(["family", "year"]).agg(
        occurrences=("doc_id", "size"), documents=("doc_id", "nunique")
    )
    spread = df.groupby("family")["year"].agg(["nunique", "size", "min"])
    families = sorted(spread.index, key=lambda f: (-spread.at[f, "size"], spread.at[f, "min"], f))[:top]
    grid = cells["occurrences"].unstack(fill_value=0).reindex(index=families, columns=cols, fill_value=0)
    words = (
        df.groupby(["family", "side", "variant"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["family", "side", "n", "variant"], ascending=[True, True, False, True], kind="stable")
        .drop_duplicates(["family", "side"])
    )
    sides = style.side_order(df["side"])
    left_ratio = min(0.42 * len(cols), 3.6)
    chars = int((style.WIDTH - 1.4) * 2.9 / (left_ratio + 2.9) / 0.062) - 2  # per line of the wording panel
    entries = {}
    for f in families:
        rows = words[words["family"] == f].set_index("side").reindex([x for x in sides])
        rows = rows.dropna(subset=["variant"])
        more = len(rows) - MAX_WORDINGS
        rows = rows.iloc[:MAX_WORDINGS] if more > 1 else rows
        entries[f] = [
            (
                style.side_color(side),
                wrap(f"{shorten(side, 14)}: \u201c{r['variant']}\u201d ({int(r['n'])})", chars),
            )
            for side, r in rows.iterrows()
        ] + ([(None, f"\u2026 and {more} more groups (data file)")] if more > 1 else [])
    names = {f: wrap(f, 26) for f in families}
    lines = {
        f: max(sum(t.count("\n") + 1 for _, t in entries[f]), names[f].count("\n") + 1) for f in families
    }
    budget, kept, most = 7.6, [], 1  # rows are equal: as many families as fit at the tallest row
    for f in families:
        if kept and (len(kept) + 1) * (LINE_IN * max(most, lines[f]) + 0.08) > budget:
            break
        kept.append(f)
        most = max(most, lines[f])
    families, grid = kept, grid.loc[kept]

    fig = new_figure(len(families) * (LINE_IN * most + 0.08) + 1.5)
    left, right = fig.subplots(1, 2, width_ratios=[left_ratio, 2.9])
    mesh = heatmap(left, grid.to_numpy(), rows=[names[f] for f in families], cols=cols)
    left.set_xlabel("Year")
    n_families = len(spread)
    left.set_ylabel(
        "Phrase family" + (f" (top {len(families)} of {n_families})" if n_families > len(families) else "")
    )
    right.set_ylim(left.get_ylim())
    right.set_xlim(0, 1)
    right.axis("off")
    right.set_title("Each group's most used wording (n)", fontsize=8)
    for i, fam in enumerate(families):
        total = sum(t.count("\n") + 1 for _, t in entries[fam])
        done = 0
        for color, text in entries[fam]:  # each entry as many line slots as it has lines
            n = text.count("\n") + 1
            y = i - 0.42 + 0.84 * (done + n / 2) / max(total, 1)
            done += n
            if color:
                right.plot([0.01], [y], ls="none", marker="s", ms=6, color=color)
            right.text(0.04, y, text, va="center", fontsize=8, linespacing=1.0)

    fam = max(families, key=lambda f: (spread.at[f, "nunique"], spread.at[f, "size"], f"{f}"))
    k = int(spread.at[fam, "nunique"])
    if k < 2:
        text = f"No phrase family recurs across years: each occurs in one year only ({len(cols)} years)"
    else:
        text = f"\u201c{fam}\u201d recurs in {k} of {len(cols)} years"
        own = words[words["family"] == fam]
        if own["side"].nunique() >= 2:
            text += (
                "; the groups word it differently"
                if own["variant"].nunique() > 1
                else "; the groups word it alike"
            )
    data = cells.reindex(
        pd.MultiIndex.from_product([families, cols], names=["family", "year"]), fill_value=0
    ).reset_index()
    wide = words.pivot(index="family", columns="side", values="variant")
    wide = wide.reindex(columns=[s for s in sides if s in wide.columns])
    data = data.merge(wide.add_prefix("wording_").reset_index(), on="family", how="left")
    finish(fig, text, data)
    label_heatmaps(fig, [(left, grid.to_numpy(), mesh)], years=cols, what="occurrences per cell")
    return fig


DENSITY_BINS = 200  # stretches of the corpus a dense dispersion plot shades


@chart
def dispersion(occurrences: pd.DataFrame, *, documents: pd.DataFrame | None = None) -> Figure:
    """Lexical dispersion: where each watched term occurs across the dated corpus.

    How to read: the dated documents are laid end to end in date order along the horizontal
    axis (position in tokens); each watched term has a row and every occurrence is a vertical
    tick. Dashed lines mark where a new year begins (years named on top). Ticks spread along
    the whole row mean a term runs through the period; a cluster means it belongs to a moment.
    Past ``kit.RASTER_MARKS`` occurrences, ticks would merge into solid bars: each row is then
    shaded by the term's occurrences in each of ``DENSITY_BINS`` equal stretches of the corpus,
    from white in the term's sparsest stretch to black in its densest.

    Input: one row per occurrence (term, doc_id, date, year, offset, doc_start), ``offset``
    being the token offset in the concatenated dated corpus and ``doc_start`` that of the
    document's first token (as ``concordance.dispersion`` gives them). With ``documents``
    (``concordance.document_offsets``: doc_id, year, doc_start, n_tokens) the axis spans the
    whole corpus and every year is marked, also years where no term occurs.
    Raises NoChart when no watched term occurs in a dated document.
    """
    what = "dispersion"
    df = require(occurrences, ["term", "doc_id", "date", "year", "offset", "doc_start"], what)
    df = pd.DataFrame(
        {
            "term": df["term"].astype(str),
            "doc_id": df["doc_id"].astype(str),
            "date": pd.to_datetime(df["date"], errors="coerce"),
            "year": pd.to_numeric(df["year"], errors="coerce"),
            "offset": pd.to_numeric(df["offset"], errors="coerce"),
            "doc_start": pd.to_numeric(df["doc_start"], errors="coerce"),
        }
    ).dropna(subset=["year", "offset", "doc_start"])
    if df.empty:
        raise NoChart("None of the watched terms occurs in a dated document.")
    df = df.assign(year=df["year"].astype(int)).sort_values(["offset", "term"], kind="stable")
    spans = df[["year", "doc_start"]]
    end = float(df["offset"].max()) + 1
    if documents is not None:
        docs = require(documents, ["year", "doc_start"], what + " (documents)")
        docs = pd.DataFrame(
            {
                "year": pd.to_numeric(docs["year"], errors="coerce"),
                "doc_start": pd.to_numeric(docs["doc_start"], errors="coerce"),
                "n_tokens": pd.to_numeric(docs["n_tokens"], errors="coerce")
                if "n_tokens" in docs.columns
                else 0,
            }
        ).dropna(subset=["year", "doc_start"])
        spans = pd.concat([spans, docs[["year", "doc_start"]].astype({"year": int})])
        end = max(end, float((docs["doc_start"] + docs["n_tokens"].fillna(0)).max()))
    terms = list(dict.fromkeys(df["term"]))  # in order of first occurrence
    fig = new_figure(0.3 * len(terms) + 1.6)
    ax = fig.subplots()
    dense = many(len(df))  # thousands of ticks merge into solid bars: shade each term's density instead
    if dense:
        shade = np.zeros((len(terms), DENSITY_BINS))
        for i, term in enumerate(terms):
            shade[i] = np.histogram(df.loc[df["term"] == term, "offset"], DENSITY_BINS, range=(0, end))[0]
        # each row from the term's sparsest stretch (white) to its densest (black): a term found in
        # every stretch would otherwise shade its whole row dark
        low, high = shade.min(axis=1, keepdims=True), shade.max(axis=1, keepdims=True)
        shade = np.where(high > low, (shade - low) / np.maximum(high - low, 1), 0.5)  # even: mid grey
        ax.imshow(
            shade,
            aspect="auto",
            cmap="Greys",
            vmin=0,
            vmax=1,
            interpolation="nearest",
            extent=(0, end, len(terms) - 0.5, -0.5),
            rasterized=True,
        )
    for i, term in enumerate(terms if not dense else []):
        pos = df.loc[df["term"] == term, "offset"].to_numpy()
        ax.plot(
            pos, np.full(len(pos), i), ls="none", marker="|", ms=10, mew=1.0, color=style.OKABE_ITO["black"]
        )
    starts = spans.groupby("year")["doc_start"].min().sort_index()
    for start in starts.iloc[1:]:
        # over grey shading a grey line would vanish: year boundaries are then drawn in orange
        ax.axvline(start, color=style.OKABE_ITO["orange" if dense else "grey"], lw=0.8, ls="--")
    edges = [*starts.to_list(), end]
    mids = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)]
    top = ax.secondary_xaxis("top")
    top.tick_params(length=0)
    ax.set_xlim(0, end * 1.01)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_yticks(range(len(terms)), [wrap(t, 26) for t in terms])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(compact))  # "12.5M", not "12,500,000"
    ax.set_xlabel(
        "Position in the dated corpus (tokens; documents in date order)"
        + (
            f"\nshade: each term's occurrences in {DENSITY_BINS} stretches, white fewest, black most"
            if dense
            else ""
        )
    )
    ax.set_ylabel("Watched term")

    n_years = len(starts)
    spread = df.groupby("term").agg(years=("year", "nunique"), n=("offset", "size"))
    wide = max(terms, key=lambda t: (spread.at[t, "years"], spread.at[t, "n"]))
    narrow = min(terms, key=lambda t: (spread.at[t, "years"], -spread.at[t, "n"]))
    if len(terms) == 1 or spread.at[wide, "years"] == spread.at[narrow, "years"]:
        k = int(spread.at[wide, "years"])
        who = f"\u201c{wide}\u201d" if len(terms) == 1 else f"All {len(terms)} watched terms"
        text = f"{who} occur{'s' if len(terms) == 1 else ''} in {k} of {n_years} years"
    else:
        only = sorted(df.loc[df["term"] == narrow, "year"].unique())
        text = (
            f"\u201c{wide}\u201d is the most widespread term ({spread.at[wide, 'years']} of "
            f"{n_years} years); \u201c{narrow}\u201d appears only in {and_list(only)}"
        )
    finish(fig, text, df[["term", "doc_id", "date", "year", "offset", "doc_start"]])
    settle(fig)  # years named on top only where their label has room
    kept = spaced(mids, 0.0, end * 1.01, axes_inches(ax)[0])
    top.set_xticks([mids[i] for i in kept], [str(starts.index[i]) for i in kept])
    return fig
