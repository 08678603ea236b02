"""Phrase charts: families by year, keyness per year, dispersion of watched terms.

Part of the figure set described in ``charts`` (import them from there); the same rules hold:
a Figure back, a title computed from the data, ``NoChart`` when the data cannot support it.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from . import style
from .kit import (
    NoChart,
    and_list,
    chart,
    finish,
    heatmap,
    new_figure,
    require,
    shorten,
    whole_years,
)


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

    lines = [max(1, int((words["family"] == f).sum())) for f in families]
    fig = new_figure(sum(0.15 * n + 0.12 for n in lines) + 1.4)
    left, right = fig.subplots(1, 2, width_ratios=[0.42 * len(cols), 3.0])
    heatmap(left, grid.to_numpy(), rows=[shorten(f, 26) for f in families], cols=cols)
    left.set_xlabel("Year")
    left.set_ylabel("Phrase family")
    right.set_ylim(left.get_ylim())
    right.set_xlim(0, 1)
    right.axis("off")
    right.set_title("Wording each side uses most (occurrences)")
    for i, fam in enumerate(families):
        rows = words[words["family"] == fam].set_index("side").reindex([s for s in sides])
        rows = rows.dropna(subset=["variant"])
        step = 0.8 / max(len(rows), 1)
        for k, (side, r) in enumerate(rows.iterrows()):
            y = i - 0.4 + step * (k + 0.5)
            right.plot([0.01], [y], ls="none", marker="s", ms=6, color=style.side_color(side))
            right.text(
                0.04,
                y,
                f"{side}: \u201c{shorten(r['variant'], 34)}\u201d ({int(r['n'])})",
                va="center",
                fontsize=8,
            )

    fam = max(families, key=lambda f: (spread.at[f, "nunique"], spread.at[f, "size"], f"{f}"))
    k = int(spread.at[fam, "nunique"])
    if k < 2:
        text = f"No phrase family recurs across years: each occurs in one year only ({len(cols)} years)"
    else:
        text = f"\u201c{fam}\u201d recurs in {k} of {len(cols)} years"
        own = words[words["family"] == fam]
        if own["side"].nunique() >= 2:
            text += (
                "; the sides word it differently"
                if own["variant"].nunique() > 1
                else "; both sides word it alike"
            )
    data = cells.reindex(
        pd.MultiIndex.from_product([families, cols], names=["family", "year"]), fill_value=0
    ).reset_index()
    wide = words.pivot(index="family", columns="side", values="variant")
    wide = wide.reindex(columns=[s for s in sides if s in wide.columns])
    data = data.merge(wide.add_prefix("wording_").reset_index(), on="family", how="left")
    return finish(fig, text, data)


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
def keyness_bars(keyness: pd.DataFrame, *, top: int = 10, alpha: float = 0.05) -> Figure:
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
    G\u00b2 are shown; ``alpha`` is the q cut-off. Raises NoChart when fewer than two years are scored.
    """
    what = "keyness_bars"
    cols = ["year", "ngram", "count_year", "count_rest", "docs_year", "docs_rest", "log_likelihood"]
    df = require(keyness, [*cols, "log_ratio", "dp", "q_value"], what)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number between 0 and 1 (0.05), got {alpha!r}")
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
    df = df[df["log_ratio"] != 0]
    picked = (
        df.sort_values(
            ["year", "direction", "log_likelihood", "_abs", "ngram"],
            ascending=[True, True, False, False, True],
            kind="stable",
        )
        .groupby(["year", "direction"], sort=False)
        .head(top)
    )

    ncols = 1 if len(years) <= 2 else 2
    width = 44 if ncols == 1 else 26  # characters of a phrase label at 8 pt
    nrows = -(-len(years) // ncols)
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
        ax.set_yticks(range(len(rows)), [shorten(n, width) for n in rows["ngram"]])
        ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        ax.axvline(0, color="#333333", lw=0.6)
        ax.set_xlim(-limit, limit)
        label = f"{year} vs other years" if ncols == 1 else str(year)
        if source.get(year):
            label += f" \u00b7 all from {shorten(source[year], 30)}" if ncols == 1 else " \u00b7 one outlet"
        ax.set_title(label, fontweight="bold")
        if rows.empty:
            ax.text(0, 0, "no phrases scored", ha="center", va="center", fontsize=8)
        if idx % ncols == 0:
            ax.set_ylabel("Key phrase (top by G\u00b2)")
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
            f"{sig['year'].nunique()} of {len(years)} years have phrases over-used at q < {alpha:g}; "
            f"strongest: \u201c{best['ngram']}\u201d in {best['year']} "
            f"(Log Ratio {best['log_ratio']:+.1f}, q {best['q_value']:.2g})"
        )
    elif unclaimed.all():
        text = (
            f"No year holds enough documents to separate year from outlet: the {len(years)} years' "
            "differences are described, none is claimed significant"
        )
    else:
        text = f"No phrase is significantly more frequent in any year (every q \u2265 {alpha:g})"
    shown = ["year", "ngram", "direction", "log_ratio", "log_likelihood", "q_value", "significance"]
    return finish(fig, text, picked[[*shown, *cols[2:6], "dp"]])


@chart
def dispersion(occurrences: pd.DataFrame, *, documents: pd.DataFrame | None = None) -> Figure:
    """Lexical dispersion: where each watched term occurs across the dated corpus.

    How to read: the dated documents are laid end to end in date order along the horizontal
    axis (position in tokens); each watched term has a row and every occurrence is a vertical
    tick. Dashed lines mark where a new year begins (years named on top). Ticks spread along
    the whole row mean a term runs through the period; a cluster means it belongs to a moment.

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
    for i, term in enumerate(terms):
        pos = df.loc[df["term"] == term, "offset"].to_numpy()
        ax.plot(
            pos,
            np.full(len(pos), i),
            ls="none",
            marker="|",
            ms=10,
            mew=1.0,
            color=style.OKABE_ITO["black"],
        )
    starts = spans.groupby("year")["doc_start"].min().sort_index()
    for start in starts.iloc[1:]:
        ax.axvline(start, color=style.OKABE_ITO["grey"], lw=0.8, ls="--")
    edges = [*starts.to_list(), end]
    top = ax.secondary_xaxis("top")
    top.set_xticks(
        [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)],
        [str(y) for y in starts.index],
    )
    top.tick_params(length=0)
    ax.set_xlim(0, end * 1.01)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_yticks(range(len(terms)), [shorten(t, 26) for t in terms])
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Position in the dated corpus (tokens; documents in date order)")
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
    return finish(fig, text, df[["term", "doc_id", "date", "year", "offset", "doc_start"]])
