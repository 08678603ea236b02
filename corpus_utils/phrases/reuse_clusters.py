"""Reuse clusters: documents that share one recycled passage, grouped, and one row per group.

``span_clusters`` numbers the clusters of a pairs table: each passage joins its two spans (document,
start word, end word); two spans in one document join when they overlap by at least half of the
shorter; connected groups (union-find, with path halving) are clusters, numbered in order of first
appearance (earliest document, then earliest word). Identical spans are merged first, so a source
quoted by 500 copies costs one node, not 500.

``clusters`` turns a pairs table (``reuse.passages``) into the cluster table: for a wire story
syndicated to 500 outlets, one row instead of hundreds of pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CorpusError

CLUSTER_COLUMNS = [
    "cluster",
    "passage",
    "n_docs",
    "n_pairs",
    "first_doc",
    "first_date",
    "first_year",
    "first_outlet",
    "last_year",
    "spread_years",
    "n_years",
    "n_outlets",
    "docs",
]


def span_clusters(spans_a: list[tuple], spans_b: list[tuple]) -> np.ndarray:
    """Cluster number (0, 1, ...) of each passage, from its spans (doc rank, start, end) in both
    documents."""
    index: dict[tuple, int] = {}
    ends = [index.setdefault(s, len(index)) for pair in zip(spans_a, spans_b, strict=True) for s in pair]
    nodes = list(index)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for k in range(0, len(ends), 2):
        union(ends[k], ends[k + 1])
    active: list[int] = []
    for k in sorted(range(len(nodes)), key=nodes.__getitem__):
        doc, start, end = nodes[k]
        active = [j for j in active if nodes[j][0] == doc and nodes[j][2] > start]
        for j in active:
            overlap = min(end, nodes[j][2]) - start
            if overlap * 2 >= min(end - start, nodes[j][2] - nodes[j][1]):
                union(j, k)
        active.append(k)
    first: dict[int, tuple] = {}
    for k, node in enumerate(nodes):
        r = find(k)
        first[r] = min(first.get(r, node), node)
    ranking = {r: i for i, r in enumerate(sorted(first, key=first.__getitem__))}
    return np.array([ranking[find(ends[2 * p])] for p in range(len(ends) // 2)], dtype=np.int64)


def clusters(passages: pd.DataFrame, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per reuse cluster of a ``reuse.passages`` table.

    Columns (``CLUSTER_COLUMNS``): cluster; passage (its wording in the cluster's first document:
    the longest of its spans there); n_docs (documents holding it) and n_pairs (rows of the pairs
    table); first_doc, first_date, first_year, first_outlet (the earliest document, as the pairs
    table orders them: by date, then doc_id, undated last); last_year; spread_years (last year minus
    first year); n_years and n_outlets (distinct years and outlets among its documents); docs (all
    its documents, in that order, separated by spaces). Outlets come from ``corpus`` (a
    ``load_corpus`` table with doc_id and outlet); without it they are missing. Sorted by cluster."""
    needed = [
        "cluster",
        "doc_a",
        "doc_b",
        "date_a",
        "date_b",
        "year_a",
        "year_b",
        "text_a",
        "start_a",
        "end_a",
    ]
    missing = [c for c in needed if c not in passages.columns]
    if missing:
        raise CorpusError(f"passages table lacks columns {missing}; pass the table from reuse.passages()")
    if corpus is not None and not {"doc_id", "outlet"} <= set(corpus.columns):
        raise CorpusError("corpus lacks columns doc_id and outlet; load it with load_corpus()")
    if passages.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLUSTER_COLUMNS})
    side = [
        passages[["cluster", f"doc_{s}", f"date_{s}", f"year_{s}"]].set_axis(
            ["cluster", "doc", "date", "year"], axis=1
        )
        for s in "ab"
    ]
    docs = pd.concat(side, ignore_index=True).drop_duplicates(["cluster", "doc"])
    docs = (
        docs.assign(_undated=docs["date"].isna())
        .sort_values(["cluster", "_undated", "date", "doc"], kind="stable")
        .drop(columns="_undated")
    )
    outlets = (
        pd.Series(corpus["outlet"].to_numpy(), index=corpus["doc_id"].to_numpy())
        if corpus is not None
        else pd.Series(dtype=object)
    )
    docs["outlet"] = docs["doc"].map(outlets) if len(outlets) else pd.NA
    grouped = docs.groupby("cluster", sort=True)
    first = grouped.head(1).set_index("cluster")
    table = pd.DataFrame(
        {
            "n_docs": grouped.size(),
            "n_pairs": passages.groupby("cluster").size(),
            "first_doc": first["doc"],
            "first_date": first["date"],
            "first_year": first["year"],
            "first_outlet": first["outlet"],
            "last_year": grouped["year"].max(),
            "n_years": grouped["year"].nunique(),
            "n_outlets": grouped["outlet"].nunique(),
            "docs": grouped["doc"].agg(" ".join),
        }
    )
    table["spread_years"] = table["last_year"] - table["first_year"]
    own = passages[passages["doc_a"].to_numpy() == table["first_doc"].reindex(passages["cluster"]).to_numpy()]
    own = own.assign(_len=own["end_a"] - own["start_a"]).sort_values(
        ["cluster", "_len", "start_a"], ascending=[True, False, True], kind="stable"
    )
    table["passage"] = own.drop_duplicates("cluster").set_index("cluster")["text_a"]
    for c in ("first_year", "last_year", "spread_years"):
        table[c] = table[c].astype("Int64")
    return table.rename_axis("cluster").reset_index()[CLUSTER_COLUMNS]
