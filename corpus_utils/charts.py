"""The figure set: each function takes a table and returns a matplotlib ``Figure``.

Every chart states its finding in the title (computed from the data, so it stays true when
the corpus changes), labels its axes with units, draws sides in their fixed colours
(``style.SIDE_COLORS``) and never calls ``plt.show()``. When the data cannot support a chart
(nothing to draw, one year where years are compared, one side where sides are compared, no
reuse) it raises ``NoChart`` with a one-line note to show the reader instead.

How to read each chart is in its docstring and, as one paragraph for captions, in
``CAPTIONS[name]``; ``alt_text(fig)`` describes a drawn figure for screen readers;
``figure_data(fig)`` is the table behind it; ``save(fig, name, folder=...)`` writes
``NAME.png`` (300 dpi), ``NAME.svg`` and ``NAME.csv``::

    fig = charts.documents_over_time(corpus)
    charts.save(fig, "documents_over_time", folder=out / "figures")

Corpus and phrase charts are here; claim and mention charts in ``charts_claims``.
"""

from __future__ import annotations

import inspect

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import StrMethodFormatter

from . import style
from .chartkit import (
    NoChart,
    alt_text,
    chart,
    chart_name,
    figure_data,
    finish,
    heatmap,
    new_figure,
    plural,
    require,
    save,
    shorten,
    title,
    whole_years,
)
from .charts_claims import claims_theme_heatmap, claims_timeline, mentions_by_year

__all__ = [
    "CAPTIONS", "CHARTS", "NoChart", "alt_text", "chart_name", "claims_theme_heatmap",
    "claims_timeline", "dispersion", "documents_over_time", "family_heatmap", "figure_data",
    "keyness_bars", "mentions_by_year", "reuse_arcs", "save", "title",
]


def _and(items: list) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _included(corpus: pd.DataFrame) -> pd.DataFrame:
    if "included" in corpus.columns:
        return corpus[corpus["included"].fillna(False).astype(bool)]
    return corpus


@chart
def documents_over_time(corpus: pd.DataFrame, *, max_outlets: int = 12) -> object:
    """Documents over time, one row per outlet, with counts per year below.

    How to read: each dot is one document, placed at its publication date on the row of its
    outlet and coloured by side; the bars below count documents per year, stacked by side,
    with "0" where a year has none, so gaps in the record are visible.

    Input: the corpus table (doc_id, date, year, outlet, side, included); only included,
    dated documents are drawn. Outlets beyond ``max_outlets`` share one row.
    Raises NoChart when no included document has a date.
    """
    what = "documents_over_time"
    df = require(corpus, ["doc_id", "date", "year", "outlet", "side"], what)
    if isinstance(max_outlets, bool) or not isinstance(max_outlets, int) or max_outlets < 2:
        raise ValueError(f"max_outlets must be an integer >= 2, got {max_outlets!r}")
    df = _included(df)
    dates = pd.to_datetime(df["date"], errors="coerce")
    undated = int(dates.isna().sum())
    df = pd.DataFrame({
        "doc_id": df["doc_id"].astype(str), "date": dates,
        "outlet": df["outlet"].fillna("unknown").astype(str),
        "side": df["side"].map(style.side_key),
    })[dates.notna().to_numpy()]
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
    top, bottom = fig.subplots(2, 1, sharex=True,
                               height_ratios=[0.24 * len(outlets) + 0.4, 1.4])
    for side in sides:
        sub = df[df["side"] == side]
        top.scatter(sub["date"], sub["row"].map(row_of), s=30, color=style.side_color(side),
                    edgecolors="white", linewidths=0.5, alpha=0.9, zorder=3, label=side)
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
        bottom.text(x, total, f"{int(total)}", ha="center", va="bottom", fontsize=8,
                    color="#222222" if total else style.OKABE_ITO["grey"])
    bottom.set_ylim(0, base.max() * 1.25)
    bottom.set_ylabel("Documents per year")
    bottom.xaxis.set_major_locator(mdates.YearLocator())
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    bottom.set_xlim(pd.Timestamp(years[0], 1, 1) - pd.Timedelta(days=20),
                    pd.Timestamp(years[-1], 12, 31) + pd.Timedelta(days=20))
    note = f" ({plural(undated, 'undated document')} not shown)" if undated else ""
    bottom.set_xlabel("Publication date" + note)
    fig.legend(handles=[Line2D([], [], ls="none", marker="o", color=style.side_color(s),
                               label=s) for s in sides],
               loc="outside lower center", ncols=len(sides), title="Side")

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
        text = f"Most documents come from {_and(best)} ({most} each of {total})"
    gaps = [y for y in years if y not in per_year.index]
    if gaps:
        text += f"; none from {_and(gaps)}" if len(gaps) <= 3 else f"; none in {len(gaps)} years"
    data = df[["doc_id", "date", "year", "outlet", "row", "side"]].rename(columns={"row": "shown_as"})
    return finish(fig, text, data)


@chart
def family_heatmap(occurrences: pd.DataFrame, *, top: int = 15, years=None) -> object:
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
    df = df.loc[yrs.index].assign(year=yrs, side=df["side"].map(style.side_key),
                                  family=df["family"].astype(str), variant=df["variant"].astype(str))
    if df.empty:
        raise NoChart("No phrase family occurs in a dated document: no family \u00d7 year table.")
    cols = sorted(set(df["year"]) | {int(y) for y in (years if years is not None else [])})
    if len(cols) < 2:
        raise NoChart(f"All occurrences come from one year ({cols[0]}): nothing to compare across years.")
    cells = (df.groupby(["family", "year"])
             .agg(occurrences=("doc_id", "size"), documents=("doc_id", "nunique")))
    spread = df.groupby("family")["year"].agg(["nunique", "size", "min"])
    families = sorted(spread.index, key=lambda f: (-spread.at[f, "size"], spread.at[f, "min"], f))[:top]
    grid = (cells["occurrences"].unstack(fill_value=0)
            .reindex(index=families, columns=cols, fill_value=0))
    words = (df.groupby(["family", "side", "variant"]).size().rename("n").reset_index()
             .sort_values(["family", "side", "n", "variant"], ascending=[True, True, False, True],
                          kind="stable")
             .drop_duplicates(["family", "side"]))
    sides = style.side_order(df["side"])

    lines = [max(1, int((words["family"] == f).sum())) for f in families]
    fig = new_figure(sum(0.15 * n + 0.12 for n in lines) + 1.4)
    left, right = fig.subplots(1, 2, width_ratios=[0.45 * len(cols) + 0.3, 3.3])
    heatmap(left, grid.to_numpy(), rows=[shorten(f, 30) for f in families], cols=cols)
    left.set_xlabel("Year")
    left.set_ylabel("Phrase family")
    right.set_ylim(left.get_ylim())
    right.set_xlim(0, 1)
    right.axis("off")
    right.set_title("Most frequent wording by side (occurrences)")
    for i, fam in enumerate(families):
        rows = words[words["family"] == fam].set_index("side").reindex([s for s in sides])
        rows = rows.dropna(subset=["variant"])
        step = 0.8 / max(len(rows), 1)
        for k, (side, r) in enumerate(rows.iterrows()):
            y = i - 0.4 + step * (k + 0.5)
            right.plot([0.01], [y], ls="none", marker="s", ms=6, color=style.side_color(side))
            right.text(0.04, y, f"{side}: \u201c{shorten(r['variant'], 44)}\u201d ({int(r['n'])})",
                       va="center", fontsize=8)

    fam = max(families, key=lambda f: (spread.at[f, "nunique"], spread.at[f, "size"], f"{f}"))
    k = int(spread.at[fam, "nunique"])
    if k < 2:
        text = f"No phrase family recurs across years: each occurs in one year only ({len(cols)} years)"
    else:
        text = f"\u201c{fam}\u201d recurs in {k} of {len(cols)} years"
        own = words[words["family"] == fam]
        if own["side"].nunique() >= 2:
            text += ("; the sides word it differently" if own["variant"].nunique() > 1
                     else "; both sides word it alike")
    data = cells.reindex(pd.MultiIndex.from_product([families, cols], names=["family", "year"]),
                         fill_value=0).reset_index()
    wide = words.pivot(index="family", columns="side", values="variant")
    wide = wide.reindex(columns=[s for s in sides if s in wide.columns])
    data = data.merge(wide.add_prefix("wording_").reset_index(), on="family", how="left")
    return finish(fig, text, data)


def _levels(ll: pd.Series, alpha_ll: float) -> pd.Series:
    strong = max(6.63, alpha_ll)
    return pd.Series(np.where(ll >= strong, "strong", np.where(ll >= alpha_ll, "significant",
                                                               "not significant")), index=ll.index)


def _blend(color: str, amount: float) -> tuple:
    import matplotlib.colors as mcolors

    rgb = np.array(mcolors.to_rgb(color))
    return tuple(rgb + (1 - rgb) * amount)


@chart
def keyness_bars(keyness: pd.DataFrame, *, top: int = 10, alpha_ll: float = 3.84) -> object:
    """Keyness of each year against the rest: diverging bars of Log Ratio, one panel per year.

    How to read: each bar is a phrase; bars to the right (purple) are phrases more frequent
    in that year than in the other years, bars to the left (blue) less frequent. Bar length
    is Hardie's Log Ratio (1 = twice as frequent, 2 = four times). Solid bars are significant
    at p < .01 (log-likelihood G\u00b2 >= 6.63), hatched bars at p < .05 (G\u00b2 >= 3.84),
    pale bars are not significant: a long pale bar is a large difference on too little data.

    Input: the keyness table (year, ngram, count_year, count_rest, docs_year, docs_rest,
    log_likelihood, log_ratio, dp). Per year and direction the ``top`` phrases by G\u00b2 are
    shown; ``alpha_ll`` is the G\u00b2 cut-off for "significant". Raises NoChart when fewer than
    two years are scored.
    """
    what = "keyness_bars"
    cols = ["year", "ngram", "count_year", "count_rest", "docs_year", "docs_rest",
            "log_likelihood", "log_ratio", "dp"]
    df = require(keyness, cols, what)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an integer >= 1, got {top!r}")
    if not isinstance(alpha_ll, int | float) or not np.isfinite(alpha_ll) or alpha_ll <= 0:
        raise ValueError(f"alpha_ll must be a positive number (3.84 for p < .05), got {alpha_ll!r}")
    df = df.assign(log_ratio=pd.to_numeric(df["log_ratio"], errors="coerce"),
                   log_likelihood=pd.to_numeric(df["log_likelihood"], errors="coerce"))
    df = df[np.isfinite(df["log_ratio"]) & np.isfinite(df["log_likelihood"]) & df["year"].notna()]
    if df.empty:
        raise NoChart("No keyness scores to draw.")
    years = sorted(df["year"].unique(), key=lambda y: (str(type(y)), y))
    if len(years) < 2:
        raise NoChart(f"Only one year ({years[0]}) is scored: there is no other year to compare it with.")
    df = df.assign(direction=np.where(df["log_ratio"] > 0, "over", "under"),
                   significance=_levels(df["log_likelihood"], alpha_ll),
                   _abs=df["log_ratio"].abs())
    df = df[df["log_ratio"] != 0]
    picked = (df.sort_values(["year", "direction", "log_likelihood", "_abs", "ngram"],
                             ascending=[True, True, False, False, True], kind="stable")
              .groupby(["year", "direction"], sort=False).head(top))

    ncols = 2
    nrows = -(-len(years) // ncols)
    per_year = picked.groupby("year").size().reindex(years, fill_value=0)
    heights = [max(max(per_year.iloc[r * ncols:(r + 1) * ncols].max(), 2) * 0.16 + 0.5, 0.9)
               for r in range(nrows)]
    fig = new_figure(sum(heights) + 1.3)
    axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False, height_ratios=heights)
    limit = max(picked["_abs"].max() * 1.1, 1.0) if not picked.empty else 1.0
    styles = {"strong": (0.0, None), "significant": (0.55, "////"), "not significant": (0.8, None)}
    for idx, ax in enumerate(axes.flat):
        if idx >= len(years):
            ax.set_visible(False)
            continue
        year = years[idx]
        rows = picked[picked["year"] == year].sort_values(["log_ratio", "ngram"],
                                                           ascending=[False, True], kind="stable")
        for y, (_, r) in enumerate(rows.iterrows()):
            color = style.ACCENTS[r["direction"]]
            fade, hatch = styles[r["significance"]]
            ax.barh(y, r["log_ratio"], height=0.75, color=_blend(color, fade), hatch=hatch,
                    edgecolor=color, linewidth=0.6)
        ax.set_yticks(range(len(rows)), [shorten(n, 26) for n in rows["ngram"]])
        ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        ax.axvline(0, color="#333333", lw=0.6)
        ax.set_xlim(-limit, limit)
        ax.set_title(f"{year} vs other years")
        if rows.empty:
            ax.text(0, 0, "no phrases scored", ha="center", va="center", fontsize=8)
        if idx % ncols == 0:
            ax.set_ylabel("Key phrase")
        if idx + ncols >= len(years):
            ax.set_xlabel("Log Ratio (log\u2082 of relative frequency, year \u00f7 rest)")
            ax.xaxis.set_tick_params(labelbottom=True)
    grey = style.OKABE_ITO["black"]
    strong_label = f"G\u00b2 \u2265 {max(6.63, alpha_ll):g}" + (" (p < .01)" if alpha_ll <= 6.63 else "")
    handles = [Patch(color=style.ACCENTS["over"], label="more frequent in the year"),
               Patch(color=style.ACCENTS["under"], label="less frequent in the year"),
               Patch(facecolor=_blend(grey, 0.0), edgecolor=grey, label=strong_label),
               Patch(facecolor=_blend(grey, 0.55), edgecolor=grey, hatch="////",
                     label=f"G\u00b2 \u2265 {alpha_ll:g}" + (" (p < .05)" if alpha_ll == 3.84 else "")),
               Patch(facecolor=_blend(grey, 0.8), edgecolor=_blend(grey, 0.8), label="not significant")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)

    sig = df[(df["direction"] == "over") & (df["significance"] != "not significant")]
    if sig.empty:
        text = f"No phrase is significantly more frequent in any year (every G\u00b2 < {alpha_ll:g})"
    else:
        best = sig.sort_values(["log_likelihood", "_abs", "ngram"], ascending=[False, False, True],
                               kind="stable").iloc[0]
        text = (f"{sig['year'].nunique()} of {len(years)} years have significantly over-used "
                f"phrases; strongest: \u201c{best['ngram']}\u201d in {best['year']} "
                f"(Log Ratio {best['log_ratio']:+.1f}, G\u00b2 {best['log_likelihood']:.1f})")
    data = picked[["year", "ngram", "direction", "log_ratio", "log_likelihood", "significance",
                   "count_year", "count_rest", "docs_year", "docs_rest", "dp"]]
    return finish(fig, text, data)


@chart
def dispersion(occurrences: pd.DataFrame) -> object:
    """Lexical dispersion: where each watched term occurs across the dated corpus.

    How to read: documents are laid end to end in date order along the horizontal axis
    (position in tokens); each watched term has a row and every occurrence is a vertical
    tick. Dashed lines mark where a new year begins (years named on top). Even ticks across
    the row mean a term runs through the period; a cluster means it belongs to a moment.

    Input: one row per occurrence (term, doc_id, date, year, offset, doc_start), where
    ``doc_start`` is the document's first token in the dated corpus and ``offset`` the
    term's token offset in it. Raises NoChart when no watched term occurs in a dated document.
    """
    what = "dispersion"
    df = require(occurrences, ["term", "doc_id", "date", "year", "offset", "doc_start"], what)
    df = pd.DataFrame({
        "term": df["term"].astype(str), "doc_id": df["doc_id"].astype(str),
        "date": pd.to_datetime(df["date"], errors="coerce"),
        "year": pd.to_numeric(df["year"], errors="coerce"),
        "position": pd.to_numeric(df["doc_start"], errors="coerce")
        + pd.to_numeric(df["offset"], errors="coerce"),
        "doc_start": pd.to_numeric(df["doc_start"], errors="coerce"),
    }).dropna(subset=["year", "position"])
    if df.empty:
        raise NoChart("None of the watched terms occurs in a dated document.")
    df = df.assign(year=df["year"].astype(int)).sort_values(["position", "term"], kind="stable")
    terms = list(dict.fromkeys(df["term"]))  # in order of first occurrence
    fig = new_figure(0.3 * len(terms) + 1.6)
    ax = fig.subplots()
    for i, term in enumerate(terms):
        pos = df.loc[df["term"] == term, "position"].to_numpy()
        ax.plot(pos, np.full(len(pos), i), ls="none", marker="|", ms=10, mew=1.0,
                color=style.OKABE_ITO["black"])
    starts = df.groupby("year")["doc_start"].min().sort_index()
    end = float(df["position"].max()) + 1
    for start in starts.iloc[1:]:
        ax.axvline(start, color=style.OKABE_ITO["grey"], lw=0.8, ls="--")
    edges = [*starts.to_list(), end]
    top = ax.secondary_xaxis("top")
    top.set_xticks([(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)],
                   [str(y) for y in starts.index])
    top.tick_params(length=0)
    ax.set_xlim(0, end * 1.01)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_yticks(range(len(terms)), [shorten(t, 26) for t in terms])
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Position in the dated corpus (tokens; documents in date order)")
    ax.set_ylabel("Watched term")

    n_years = df["year"].nunique()
    spread = df.groupby("term").agg(years=("year", "nunique"), n=("position", "size"))
    wide = max(terms, key=lambda t: (spread.at[t, "years"], spread.at[t, "n"]))
    narrow = min(terms, key=lambda t: (spread.at[t, "years"], -spread.at[t, "n"]))
    if len(terms) == 1 or spread.at[wide, "years"] == spread.at[narrow, "years"]:
        k = int(spread.at[wide, "years"])
        who = f"\u201c{wide}\u201d" if len(terms) == 1 else f"All {len(terms)} watched terms"
        text = f"{who} occur{'s' if len(terms) == 1 else ''} in {k} of {n_years} years"
    else:
        only = sorted(df.loc[df["term"] == narrow, "year"].unique())
        text = (f"\u201c{wide}\u201d runs through {spread.at[wide, 'years']} of {n_years} years; "
                f"\u201c{narrow}\u201d appears only in {_and(only)}")
    return finish(fig, text, df[["term", "doc_id", "date", "year", "position"]])


def _arc(xa: float, xb: float, height: float, pad: float) -> MplPath:
    """A cubic Bezier arc from (xa, 0) to (xb, 0) peaking at ``height``; a loop if xa == xb."""
    c = 4 / 3 * height
    spread = pad if xa == xb else 0.0
    verts = [(xa, 0), (xa - spread, c), (xb + spread, c), (xb, 0)]
    return MplPath(verts, [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])


@chart
def reuse_arcs(passages: pd.DataFrame, corpus: pd.DataFrame, *, label_docs: int = 12) -> object:
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
    pas = require(passages, ["doc_a", "doc_b", "year_a", "year_b", "text_a", "text_b",
                             "similarity", "cluster"], what)
    docs = require(corpus, ["doc_id", "date"], what)
    if pas.empty:
        raise NoChart("No recycled passages were found, so there are no links to draw.")
    docs = _included(docs)
    docs = pd.DataFrame({
        "doc_id": docs["doc_id"].astype(str), "date": pd.to_datetime(docs["date"], errors="coerce"),
        "side": docs["side"].map(style.side_key) if "side" in docs.columns else "unknown",
    }).dropna(subset=["date"]).drop_duplicates("doc_id").set_index("doc_id")
    words = (pd.to_numeric(pas["n_words_a"], errors="coerce") if "n_words_a" in pas.columns
             else pas["text_a"].fillna("").astype(str).str.split().str.len())
    ya, yb = pd.to_numeric(pas["year_a"], errors="coerce"), pd.to_numeric(pas["year_b"], errors="coerce")
    derived = np.where(ya.isna() | yb.isna(), "unknown", np.where(ya != yb, "cross_year", "same_year"))
    relation = pas["relation"].fillna("unknown").astype(str) if "relation" in pas.columns else derived
    pas = pd.DataFrame({"doc_a": pas["doc_a"].astype(str), "doc_b": pas["doc_b"].astype(str),
                        "year_a": ya, "year_b": yb, "relation": relation, "words": words.fillna(0),
                        "similarity": pd.to_numeric(pas["similarity"], errors="coerce")})
    pairs = (pas.groupby(["doc_a", "doc_b"], sort=True)
             .agg(year_a=("year_a", "first"), year_b=("year_b", "first"),
                  relation=("relation", "first"), passages=("words", "size"),
                  words=("words", "sum"), similarity_max=("similarity", "max")).reset_index())
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
    lines = {"cross_year": ("-", style.ACCENTS["cross_year"]),
             "same_year": ("--", style.ACCENTS["same_year"])}
    for a, b, (_, r) in zip(xa, xb, pairs.iterrows(), strict=True):
        ls, color = lines.get(r["relation"], (":", style.OKABE_ITO["grey"]))
        height = 0.18 + 0.8 * abs(b - a) / span
        ax.add_patch(PathPatch(_arc(a, b, height, span * 0.02), fill=False, ls=ls, color=color,
                               lw=0.8 + 3.7 * r["words"] / top_words, alpha=0.85, capstyle="round"))
    others = docs[~docs.index.isin(linked)]
    ax.scatter(others["date"], np.zeros(len(others)), s=14, color=style.ACCENTS["muted"], zorder=2)
    for side in style.side_order(docs.loc[linked, "side"]):
        sub = docs.loc[[d for d in linked if docs.at[d, "side"] == side]]
        ax.scatter(sub["date"], np.zeros(len(sub)), s=36, color=style.side_color(side),
                   edgecolors="white", linewidths=0.5, zorder=3)
    labelled = len(linked) <= label_docs
    if labelled:
        for d in linked:
            ax.text(docs.at[d, "date"], -0.05, shorten(d, 18), rotation=90, ha="center",
                    va="top", fontsize=8)
    ax.set_ylim(-0.42 if labelled else -0.08, 1.15)
    ax.set_xlim(lo - span * 0.06, hi + span * 0.06)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    note = f" ({plural(undated, 'undated pair')} not shown)" if undated else ""
    ax.set_xlabel("Publication date" + note)
    ax.set_ylabel("Arc height: time apart")
    present = [r for r in ("cross_year", "same_year") if r in set(pairs["relation"])]
    handles = [Line2D([], [], ls=lines[r][0], color=lines[r][1], lw=1.6,
                      label="across years" if r == "cross_year" else "same year") for r in present]
    handles += [Line2D([], [], color="#555555", lw=0.8 + 3.7 * w / top_words,
                       label=plural(int(w), "word")) for w in sorted({pairs["words"].min(), top_words})]
    handles += [Line2D([], [], ls="none", marker="o", color=style.side_color(s), label=s)
                for s in style.side_order(docs.loc[linked, "side"])]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6))

    rel = pas.merge(pairs[["doc_a", "doc_b"]], on=["doc_a", "doc_b"])["relation"]
    cross, same = int((rel == "cross_year").sum()), int((rel == "same_year").sum())
    if cross:
        far = pairs[pairs["relation"] == "cross_year"]
        gap = (far["year_b"] - far["year_a"]).abs()
        r = far.loc[gap.idxmax()]
        y0, y1 = sorted([int(r["year_a"]), int(r["year_b"])])
        text = (f"{plural(cross, 'passage')} recycled across years, "
                f"the longest gap {y0} \u2192 {y1}")
        if same:
            text += f"; {same} more shared within a year"
    else:
        text = f"No passage is recycled across years; {plural(len(rel), 'passage')} shared within a year"
    return finish(fig, text, pairs)


def how_to_read(fn) -> str:
    """The "How to read:" paragraph of a chart function's docstring, on one line."""
    for para in inspect.getdoc(fn).split("\n\n"):
        if para.startswith("How to read:"):
            return " ".join(para.removeprefix("How to read:").split())
    return ""


CHARTS = {fn.__name__: fn for fn in (documents_over_time, family_heatmap, keyness_bars, dispersion,
                                    reuse_arcs, claims_theme_heatmap, claims_timeline,
                                    mentions_by_year)}
CAPTIONS: dict[str, str] = {name: how_to_read(fn) for name, fn in CHARTS.items()}
