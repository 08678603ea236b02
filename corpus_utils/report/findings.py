"""Findings of the notebooks, computed from their tables so they stay true when the corpus changes.

Each function takes the tables a notebook shows and returns a list of plain sentences; the
notebook shows them escaped and writes them to ``findings/<notebook>.json`` for the index page.
"""

from __future__ import annotations

import pandas as pd

from ..claims import tables as claim_tables
from ..phrases.significance import q_text


def content_phrases(table: pd.DataFrame, *, column: str = "ngram") -> pd.DataFrame:
    """Rows whose phrase neither begins nor ends with a stop word ("military and" goes, "make in
    india" stays): the phrases a reader can interpret (the n-gram engine's stop-word rule "edge")."""
    from ..phrases.ngrams import is_counted

    return table[table[column].map(lambda g: is_counted(g.split(), stop="edge")).astype(bool)]


def _years(values) -> str:
    years = sorted({int(y) for y in values if pd.notna(y)})
    return ", ".join(map(str, years)) if years else "no dated year"


def _span(first, last) -> str:
    """ "2019–2021", "2021", or "undated documents only" when no year is known."""
    years = sorted({int(y) for y in (first, last) if pd.notna(y)})
    return "–".join(map(str, years)) if years else "undated documents only"


def exploration(
    by_year: pd.DataFrame,
    words: pd.DataFrame,
    phrases: pd.DataFrame,
    kwic: pd.DataFrame,
    mentions_year: pd.DataFrame,
    watch_terms: list[str],
) -> list[str]:
    out: list[str] = []
    if len(by_year):
        big = by_year.sort_values(["tokens", "year"], ascending=[False, True]).iloc[0]
        out.append(
            f"{int(by_year['documents'].sum())} dated documents over {len(by_year)} year(s) ({_years(by_year['year'])}); "
            f"the most text comes from {int(big['year'])} ({int(big['tokens']):,} words)."
        )
        lo, hi = (
            by_year.loc[by_year["mean_mattr"].idxmin()],
            by_year.loc[by_year["mean_mattr"].idxmax()],
        )
        if len(by_year) > 1:
            out.append(
                f"Lexical diversity (MATTR) ranges from {lo['mean_mattr']:.3f} in {int(lo['year'])} "
                f"to {hi['mean_mattr']:.3f} in {int(hi['year'])}."
            )
    for label, table in (("word", words), ("phrase", phrases)):
        if len(table):
            top = table[table["rank"] == 1].sort_values("year")
            out.append(
                f"Most frequent content {label} by year: "
                + "; ".join(
                    f"{int(r.year)} '{r.term}' ({r.per_10k:.0f} per 10k words)" for r in top.itertuples()
                )
                + "."
            )
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
        out.append(
            "Most mentioned: "
            + "; ".join(
                f"{r.category.replace('_', ' ')} {r.entity} ({int(r.mentions)})"
                for r in top.sort_values("category").itertuples()
            )
            + "."
        )
    return out


def _quoted(rows: pd.DataFrame, by: str) -> str:
    return ", ".join(f"'{r.ngram}' ({getattr(r, by)})" for r in rows.itertuples())


def keyness_sentences(table: pd.DataFrame, *, by: str = "year", alpha: float = 0.05) -> list[str]:
    """How many phrase tests of a keyness table pass q < ``alpha`` (zero included), which groups
    are too thin for a claim or confounded with an outlet, and each group's significant phrases."""
    paired = by == "side" and (table["comparison"] == "pair").all() if "comparison" in table else by == "side"
    what = {"year": "each year against the rest", "side": "each group against the rest of them pooled"}[by]
    what = "one group against the other" if paired else what
    tests = table["ngram"].nunique() if paired else len(table)  # a pair's mirrored rows are one test
    passing = table[table["q_value"] < alpha]
    claimed = passing[passing["significant"].fillna(False).astype(bool)]
    out = [
        f"Keyness, {what}: {len(claimed)} of {tests:,} phrase test(s) significant at q < {alpha:g} "
        f"(Benjamini–Hochberg)."
    ]
    groups = table.drop_duplicates(by).sort_values(by)
    thin = groups[groups["note"] != ""]
    if len(thin):
        sizes = ", ".join(f"{getattr(r, by)}: {int(getattr(r, f'ndocs_{by}'))}" for r in thin.itertuples())
        unclaimed = passing[~passing.index.isin(claimed.index)]
        order = [by, "q_value", "n", "ngram"] if "n" in unclaimed.columns else [by, "q_value", "ngram"]
        shown = (
            content_phrases(unclaimed)
            .sort_values(order, ascending=[True, True, False, True][: len(order)])
            .drop_duplicates(by)
            .head(4)
        )
        out.append(
            f"{len(thin)} of {len(groups)} {by}s hold too few documents ({sizes}) to separate {by} from "
            "outlet: no claim is made for them"
            + (
                f"; {len(unclaimed)} of their phrases would pass q < {alpha:g} (e.g. {_quoted(shown, by)})."
                if len(unclaimed)
                else f", and none of their phrases would pass q < {alpha:g} anyway."
            )
        )
    mixed = groups[groups["confounded_with"] != ""]
    if len(mixed):
        out.append(
            f"Confounded with the source (all the {by}'s documents share it): "
            + "; ".join(
                f"{getattr(r, by)} ({r.confounded_with.replace('; ', ', ')})" for r in mixed.itertuples()
            )
            + f". A difference there may be the source's style, not the {by}'s."
        )
    for group, g in content_phrases(claimed[claimed["log_ratio"] > 0]).groupby(by, sort=True):
        top = g.sort_values(["q_value", "log_likelihood", "ngram"], ascending=[True, False, True]).head(3)
        out.append(
            f"{group} says more than the {'other years' if by == 'year' else 'other side'} (q < {alpha:g}): "
            + ", ".join(f"'{r.ngram}' (LR {r.log_ratio:.1f}, {q_text(r.q_value)})" for r in top.itertuples())
            + "."
        )
    return out


def phrases(
    docs: pd.DataFrame,
    changes: pd.DataFrame,
    keyness: pd.DataFrame,
    family_summary: pd.DataFrame,
    passages: pd.DataFrame,
    *,
    keyness_sides: pd.DataFrame | None = None,
    alpha: float = 0.05,
) -> list[str]:
    out: list[str] = []
    years = sorted({int(y) for y in docs["year"].dropna()})
    if changes is not None and len(changes):
        counts = changes["status"].value_counts()
        out.append(
            f"Across {len(years)} year(s): {int(counts.get('every_year', 0))} phrase(s) in every year, "
            f"{int(counts.get('new', 0))} new, {int(counts.get('gone', 0))} gone; "
            f"{int(counts.get('no_evidence', 0))} absent only from years too thin to tell (no evidence)."
        )
    for table, by in ((keyness, "year"), (keyness_sides, "side")):
        if table is not None and len(table):
            out.extend(keyness_sentences(table, by=by, alpha=alpha))
    if len(family_summary):
        kinds = family_summary["source"].value_counts()
        labels = {
            "watch": "watched formula(e)",
            "spelling": "watched term(s) spelled several ways",
            "discovered": "discovered formula(e) (names, titles and reporting clauses left out)",
            "passage": "recycled passage(s) that discovered phrases were pieces of",
        }
        out.append(
            "Phrase families: "
            + ", ".join(f"{int(kinds[k])} {v}" for k, v in labels.items() if k in kinds)
            + "."
        )
        formulae = family_summary[family_summary["source"] != "passage"]
        multi = formulae[formulae["n_variants"] > 1].head(3)
        for r in multi.itertuples():
            out.append(
                f"Formula '{r.family}' appears in {r.n_variants} wordings ({_span(r.first_year, r.last_year)}): {r.variants}."
            )
    if len(passages):
        cross = passages[passages["relation"] == "cross_year"]
        out.append(
            f"{len(passages)} recycled passage(s) of {int(passages['n_words_b'].min())}+ words between "
            f"{passages[['doc_a', 'doc_b']].drop_duplicates().shape[0]} document pair(s); {len(cross)} cross years "
            f'(e.g. {int(cross.iloc[0]["year_a"])} → {int(cross.iloc[0]["year_b"])}: "{cross.iloc[0]["text_b"][:80]}…").'
            if len(cross)
            else f"{len(passages)} recycled passage(s), all within one year (syndication)."
        )
    else:
        out.append("No recycled passage found between the selected documents.")
    return out


def claims(
    claims_table: pd.DataFrame,
    by_theme: pd.DataFrame,
    recurring: pd.DataFrame,
    numbers: pd.DataFrame,
) -> list[str]:
    out: list[str] = []
    if claims_table.empty:
        return ["No claim found in the selected documents."]
    kinds = claims_table["kind"].value_counts()
    out.append(
        f"{len(claims_table)} claim(s) in {claims_table['doc_id'].nunique()} document(s): "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(kinds.items()))
        + "."
    )
    named = claims_table[~claims_table["speaker"].isin(["unknown"]) & (claims_table["kind"] != "reported")]
    if len(named):
        top = (
            named.groupby(["speaker", "side"])
            .size()
            .reset_index(name="n")
            .sort_values(["n", "speaker"], ascending=[False, True])
            .head(3)
        )
        out.append(
            "Most quoted speakers: "
            + ", ".join(f"{r.speaker} ({r.side}, {r.n})" for r in top.itertuples())
            + "."
        )
    if "merged_ids" in claims_table.columns:
        merged = int((claims_table["merged_ids"].astype(str) != "").sum())
        if merged:
            out.append(f"{merged} lead paraphrase(s) counted once, with the quotation each paraphrases.")
    if "scope" in claims_table.columns:
        third = int((claims_table["scope"] == "third_country").sum())
        if third:
            out.append(
                f"{third} claim(s) about third countries kept in the claims table and marked (scope "
                "third_country); the bilateral tables leave them out unless claims_scope is 'all'."
            )
    unknown = int((claims_table["speaker"] == "unknown").sum())
    if unknown:
        out.append(f"{unknown} claim(s) left with speaker 'unknown' rather than a guess.")
    top = claim_tables.top_themes(by_theme) if len(by_theme) else []
    if top:
        out.append(
            "Most frequent themes: "
            + "; ".join(
                " and ".join(names) + (f" (tied, {n} claims each)" if len(names) > 1 else f" ({n})")
                for names, n in top
            )
            + "."
        )
    if len(recurring):
        groups = recurring.drop_duplicates("group_id")
        cross = groups[groups["years"].str.contains(",")]
        out.append(
            f"{len(groups)} claim(s) recur across years or sides; {len(cross)} across years"
            + (
                f', e.g. {cross.iloc[0]["years"]}: "{str(cross.iloc[0]["claim"])[:90]}…".'
                if len(cross)
                else "."
            )
        )
    if len(numbers):
        out.append(
            "Amounts claimed: "
            + "; ".join(
                f"{r.text} ({r.value:.3g} {r.unit or 'units'}{', ' + r.qualifier if r.qualifier else ''})"
                for r in numbers.drop_duplicates("text").head(4).itertuples()
            )
            + "."
        )
    return out
