"""Findings of the notebooks, computed from their tables so they stay true when the corpus changes.

Each function takes the tables a notebook shows and returns a list of plain sentences; the
notebook shows them escaped and writes them to ``findings/<notebook>.json`` for the index page.
"""

from __future__ import annotations

import pandas as pd


def _years(values) -> str:
    years = sorted({int(y) for y in values if pd.notna(y)})
    return ", ".join(map(str, years)) if years else "no dated year"


def exploration(by_year: pd.DataFrame, words: pd.DataFrame, phrases: pd.DataFrame, kwic: pd.DataFrame,
                mentions_year: pd.DataFrame, watch_terms: list[str]) -> list[str]:
    out: list[str] = []
    if len(by_year):
        big = by_year.sort_values(["tokens", "year"], ascending=[False, True]).iloc[0]
        out.append(f"{int(by_year['documents'].sum())} dated documents over {len(by_year)} year(s) ({_years(by_year['year'])}); "
                   f"the most text comes from {int(big['year'])} ({int(big['tokens']):,} words).")
        lo, hi = by_year.loc[by_year["mean_mattr"].idxmin()], by_year.loc[by_year["mean_mattr"].idxmax()]
        if len(by_year) > 1:
            out.append(f"Lexical diversity (MATTR) ranges from {lo['mean_mattr']:.3f} in {int(lo['year'])} "
                       f"to {hi['mean_mattr']:.3f} in {int(hi['year'])}.")
    for label, table in (("word", words), ("phrase", phrases)):
        if len(table):
            top = table[table["rank"] == 1].sort_values("year")
            out.append(f"Most frequent content {label} by year: "
                       + "; ".join(f"{int(r.year)} '{r.term}' ({r.per_10k:.0f} per 10k words)" for r in top.itertuples()) + ".")
    if watch_terms:
        counts = kwic.groupby("term").size() if len(kwic) else pd.Series(dtype=int)
        found = [f"'{t}' {int(counts.get(t, 0))}" for t in watch_terms]
        out.append("Watched terms in context: " + ", ".join(found) + " occurrence(s).")
        missing = [t for t in watch_terms if int(counts.get(t, 0)) == 0]
        if missing:
            out.append("Never found: " + ", ".join(f"'{t}'" for t in missing) + ".")
    if len(mentions_year):
        per = mentions_year.groupby(["category", "entity"])["mentions"].sum().reset_index()
        top = per.sort_values(["mentions", "entity"], ascending=[False, True]).groupby("category").head(1)
        out.append("Most mentioned: " + "; ".join(f"{r.category.replace('_', ' ')} {r.entity} ({int(r.mentions)})"
                                                 for r in top.sort_values("category").itertuples()) + ".")
    return out
