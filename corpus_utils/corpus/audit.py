"""The corpus audit: every input accounted for, with where each piece of metadata came from."""

from __future__ import annotations

import pandas as pd

from .selection import select

CORPUS_COLUMNS = [
    "doc_id",
    "date",
    "year",
    "date_source",
    "outlet",
    "side",
    "speaker",
    "language",
    "included",
    "excluded_reason",
    "duplicate_of",
    "title",
    "n_words",
]


def table(corpus: pd.DataFrame) -> pd.DataFrame:
    """The audit table written as ``tables/corpus.csv`` (one row per input, in input order)."""
    return corpus[CORPUS_COLUMNS].copy()


def removals(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per piece of boilerplate removed: doc_id, n (order in the document), rule, text."""
    rows = [
        (doc, i, rule, text)
        for doc, removed in zip(corpus["doc_id"], corpus["removed"], strict=True)
        for i, (rule, text) in enumerate(removed, start=1)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "n", "rule", "text"])


def removals_by_rule(corpus: pd.DataFrame) -> pd.DataFrame:
    """How often each rule fired, and in how many documents."""
    r = removals(corpus)
    if r.empty:
        return pd.DataFrame(columns=["rule", "removals", "documents"])
    g = r.groupby("rule").agg(removals=("n", "size"), documents=("doc_id", "nunique")).reset_index()
    return g.sort_values(["removals", "rule"], ascending=[False, True], kind="stable").reset_index(drop=True)


def problems(corpus: pd.DataFrame) -> pd.DataFrame:
    """Warnings and exclusions, one row each: doc_id, kind, message."""
    rows = []
    for r in corpus.itertuples():
        if r.excluded_reason:
            rows.append((r.doc_id, "excluded", r.excluded_reason))
        rows += [(r.doc_id, "warning", w) for w in r.warnings]
    return pd.DataFrame(rows, columns=["doc_id", "kind", "message"])


def by_year_outlet(corpus: pd.DataFrame) -> pd.DataFrame:
    """Included documents per year and outlet (undated documents under year 'undated')."""
    inc = select(corpus)
    years = inc["year"].astype("string").fillna("undated")
    t = pd.crosstab(inc["outlet"], years).sort_index()
    t.columns.name = None
    t["total"] = t.sum(axis=1)
    return t.reset_index()


def by_year_side(corpus: pd.DataFrame) -> pd.DataFrame:
    """Included documents per year and side (undated documents under year 'undated')."""
    inc = select(corpus)
    years = inc["year"].astype("string").fillna("undated")
    t = pd.crosstab(years, inc["side"]).sort_index()
    t.columns.name = None
    t.index.name = "year"
    return t.reset_index()


def findings(corpus: pd.DataFrame, selected: pd.DataFrame) -> list[str]:
    """Findings of the audit, computed from the data."""
    n, inc = len(corpus), int(corpus["included"].sum())
    out = [f"{n} input(s) read; {inc} included in the analyses, {n - inc} excluded."]
    reasons = corpus.loc[~corpus["included"], "excluded_reason"].str.replace(
        r"duplicate of .*", "duplicate", regex=True
    )
    if len(reasons):
        out.append(
            "Excluded: " + ", ".join(f"{k} ({v})" for k, v in sorted(reasons.value_counts().items())) + "."
        )
    dated = corpus[corpus["included"] & corpus["date"].notna()]
    if len(dated):
        out.append(
            f"Dates run from {dated['date'].min():%d %b %Y} to {dated['date'].max():%d %b %Y}; "
            f"{corpus.loc[corpus['included'], 'date'].isna().sum()} included document(s) have no reliable date."
        )
        src = dated["date_source"].value_counts().sort_index()
        out.append("Dates come from: " + ", ".join(f"{k} ({v})" for k, v in src.items()) + ".")
    sides = corpus.loc[corpus["included"], "side"].value_counts().sort_index()
    if len(sides):
        out.append("Voice of the documents: " + ", ".join(f"{k} {v}" for k, v in sides.items()) + ".")
    outlets = corpus.loc[corpus["included"], "outlet"]
    if len(outlets):
        named = outlets[outlets != "unknown"]
        out.append(
            f"{named.nunique()} named outlet(s); {int((outlets == 'unknown').sum())} document(s) name no outlet."
        )
    n_removed = int(corpus["n_removed"].sum())
    if n_removed:
        top = removals_by_rule(corpus).head(3)
        out.append(
            f"{n_removed} pieces of boilerplate removed; most often: "
            + ", ".join(f"{r.rule} ({r.removals})" for r in top.itertuples())
            + "."
        )
    text = f"{len(selected)} document(s) in the selected years and outlets go on to the analyses"
    left_out = inc - len(selected)
    if left_out:
        text += f"; {left_out} included document(s) outside the years or outlets are left out"
    out.append(text + ".")
    return out
