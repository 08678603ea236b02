"""Tables that compare claims across years, built on the groups of ``claim_groups.group``.

- ``recurring``: the groups that span more than one year or side, with every wording year by year
  and who said it (a quotation of several sentences counts in each group one of its sentences is in).
- ``new_and_dropped``: per year, the groups that appear for the first time, recur, or stop appearing.
- ``by_theme_year``: claims and documents per theme, year and side, zeros included.
- ``numbers_table``: one row per amount parsed in a claim.

Small samples: a year resting on one or two documents can show neither that a claim was *not*
made nor that it is new; the ``caveat`` column says so wherever it applies ("few documents (1) in
2018: no evidence of absence"), as in the phrase notebook.
"""

from __future__ import annotations

import json

import pandas as pd

from . import themes
from .grouping import check

THEME_YEAR_COLUMNS = ["theme", "year", "side", "claims", "documents"]
FEW_DOCUMENTS = 2


def _docs_per_year(claims: pd.DataFrame) -> pd.Series:
    return claims.dropna(subset=["year"]).groupby("year")["doc_id"].nunique()


def caveat(n_documents: int, year) -> str:
    """The small-sample warning for a year resting on ``n_documents`` documents ("" when enough)."""
    if n_documents > FEW_DOCUMENTS:
        return ""
    return f"few documents ({n_documents}) in {year}: no evidence of absence"


def memberships(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim and group it belongs to (a quotation of several sentences can belong to
    several), with ``wording``: the claim's sentences in that group."""
    check(claims, ("group_id",))
    out = claims.copy()
    if "group_ids" not in out.columns:
        return out.assign(wording=out["claim"])
    out["group_id"] = (
        out["group_ids"].where(out["group_ids"].astype(str) != "", out["group_id"]).str.split("; ")
    )
    out = out.explode("group_id")
    wording = out.get("group_wording", pd.Series("{}", index=out.index)).fillna("{}")
    out["wording"] = [
        json.loads(w).get(g, c) for w, g, c in zip(wording, out["group_id"], out["claim"], strict=True)
    ]
    return out.reset_index(drop=True)


def recurring(claims: pd.DataFrame) -> pd.DataFrame:
    """The groups that span more than one year or side: every wording, year by year, and who said it.
    Columns: group_id, year, side, speaker, kind, wording (the sentences in the group), claim,
    claim_id, doc_id, years, sides."""
    rows = memberships(claims)
    g = rows.groupby("group_id")
    years, sides = g["year"].nunique(), g["side"].nunique()
    keep = years.index[(years > 1) | (sides > 1)]
    out = rows[rows["group_id"].isin(keep)].copy()
    out["years"] = out["group_id"].map(
        g["year"].agg(lambda y: ", ".join(str(v) for v in sorted(y.dropna().unique())))
    )
    out["sides"] = out["group_id"].map(g["side"].agg(lambda v: ", ".join(sorted(v.unique()))))
    cols = [
        "group_id",
        "year",
        "side",
        "speaker",
        "kind",
        "wording",
        "claim",
        "claim_id",
        "doc_id",
        "years",
        "sides",
    ]
    return out.sort_values(["group_id", "year", "claim_id"], kind="mergesort")[cols].reset_index(drop=True)


def new_and_dropped(claims: pd.DataFrame) -> pd.DataFrame:
    """Per year: the groups that appear for the first time (``new``), appeared before
    (``repeated``), or appeared in the previous year of the corpus for the last time (``dropped``:
    they stop appearing). Columns: year, status, group_id, claim (first wording), speakers, sides,
    years, caveat (a year with few documents can show neither absence nor novelty)."""
    rows = memberships(claims)
    dated = rows.dropna(subset=["year"]).sort_values(["year", "claim_id"], kind="mergesort")
    docs = _docs_per_year(claims)
    corpus_years = sorted(int(y) for y in dated["year"].unique())
    out_rows = []
    for gid, g in dated.groupby("group_id", sort=True):
        ys = sorted(int(y) for y in g["year"].unique())
        info = {
            "group_id": gid,
            "claim": g["wording"].iloc[0],
            "speakers": "; ".join(sorted(g["speaker"].unique())),
            "sides": "; ".join(sorted(g["side"].unique())),
            "years": ", ".join(map(str, ys)),
        }
        for y in ys:
            out_rows.append({"year": y, "status": "new" if y == ys[0] else "repeated", **info})
        later = [y for y in corpus_years if y > ys[-1]]
        if later:
            out_rows.append({"year": later[0], "status": "dropped", **info})
    out = pd.DataFrame(
        out_rows, columns=["year", "status", "group_id", "claim", "speakers", "sides", "years"]
    )
    out["caveat"] = [caveat(int(docs.get(y, 0)), y) for y in out["year"]]
    rank = {"new": 0, "repeated": 1, "dropped": 2}
    out = out.sort_values(
        ["year", "status", "group_id"],
        key=lambda c: c.map(rank) if c.name == "status" else c,
        kind="mergesort",
    ).reset_index(drop=True)
    out["year"] = out["year"].astype("Int64")
    return out


def by_theme_year(claims: pd.DataFrame, *, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims and documents per theme, year and side: exactly ``theme, year, side, claims,
    documents`` then ``caveat`` and ``label`` (the theme as the codebook names it, for tables and
    charts; the shipped codebook's when none is given). Every theme (of ``codebook`` when given, in its order; else those
    found, A-Z) x year x side appears, zeros included, so an absence is visible. Undated claims and
    claims with no theme are left out (they stay in the claims table)."""
    check(claims, ("themes",))
    dated = claims.dropna(subset=["year"])
    long = dated.assign(theme=dated["themes"].fillna("").str.split("; ")).explode("theme")
    long = long[long["theme"].astype(str) != ""]
    found = sorted(long["theme"].unique())
    all_themes = list(dict.fromkeys(codebook["theme"])) if codebook is not None else found
    years = sorted(int(y) for y in dated["year"].unique())
    sides = sorted(dated["side"].unique())
    counts = long.groupby(["theme", "year", "side"]).agg(
        claims=("claim_id", "size"), documents=("doc_id", "nunique")
    )
    grid = pd.MultiIndex.from_product([all_themes, years, sides], names=["theme", "year", "side"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out[["claims", "documents"]] = out[["claims", "documents"]].astype(int)
    out["year"] = out["year"].astype("Int64")
    docs = _docs_per_year(claims)
    out["caveat"] = [caveat(int(docs.get(y, 0)), y) for y in out["year"]]
    names = themes.labels(codebook if codebook is not None else themes.codebook())
    if "theme_labels" in claims.columns:  # the labels of the codebook the claims were coded with
        for ids, labs in zip(claims["themes"].fillna(""), claims["theme_labels"].fillna(""), strict=True):
            names.update(zip(str(ids).split("; "), str(labs).split("; "), strict=False))
    out["label"] = [names.get(t, str(t).replace("_", " ")) for t in out["theme"]]
    return out[[*THEME_YEAR_COLUMNS, "caveat", "label"]]


def top_themes(by_theme: pd.DataFrame, *, n: int = 3) -> list[tuple[list[str], int]]:
    """The most frequent themes of a ``by_theme_year`` table, ties kept together: a list of
    ([labels sharing a count], count), highest count first, covering the themes ranked 1..n
    (every theme tied with the n-th included). Themes with no claim are left out."""
    label_col = "label" if "label" in by_theme.columns else "theme"
    per = by_theme.groupby(label_col)["claims"].sum()
    per = per[per > 0]
    if per.empty:
        return []
    ranks = per.rank(method="min", ascending=False)
    kept = per[ranks <= n]
    out = []
    for count in sorted(kept.unique(), reverse=True):
        out.append((sorted(kept.index[kept == count]), int(count)))
    return out


def numbers_table(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per amount parsed in a claim: claim_id, doc_id, year, speaker, side, kind, text,
    value, unit, qualifier, what, claim."""
    check(claims)
    rows = []
    for rec in claims.sort_values("claim_id", kind="mergesort").itertuples(index=False):
        for a in json.loads(rec.numbers or "[]"):
            rows.append(
                {
                    "claim_id": rec.claim_id,
                    "doc_id": rec.doc_id,
                    "year": rec.year,
                    "speaker": rec.speaker,
                    "side": rec.side,
                    "kind": rec.kind,
                    "text": a["text"],
                    "value": float(a["value"]),
                    "unit": a["unit"],
                    "qualifier": a["qualifier"],
                    "what": a.get("what", ""),
                    "claim": rec.claim,
                }
            )
    cols = [
        "claim_id",
        "doc_id",
        "year",
        "speaker",
        "side",
        "kind",
        "text",
        "value",
        "unit",
        "qualifier",
        "what",
        "claim",
    ]
    out = pd.DataFrame(rows, columns=cols)
    out["year"] = out["year"].astype("Int64")
    return out
