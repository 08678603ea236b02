"""Keyness: which phrases a year (or a side) uses more than the rest, how sure we can be, by how
much, and how evenly over its documents.

Counting is separate from scoring. ``count_years`` and ``count_sides`` count; ``score`` applies a
scorer; ``year_vs_rest`` and ``side_vs_side`` do both. A scorer is a plain function vectorised over
numpy arrays of (a, b, c, d) in the notation of Rayson and Garside (2000) and of the UCREL
log-likelihood calculator: a and b are the phrase's frequencies in the focus corpus and in the
reference corpus, c and d their sizes in words. Swap one for another without new code:
``score(table, scorer=keyness.log_ratio)``.

Groups (``side_vs_side``): two groups are compared with each other; more than two, each against
the rest of them pooled (one against the rest rather than every pair: k tests per phrase instead of
k(k-1)/2, and each group's row reads as "what this group says more than the others"). The
``comparison`` column says which.

``log_likelihood`` (G², significance). Dunning, T. (1993) "Accurate methods for the statistics of
surprise and coincidence", Computational Linguistics 19(1). Two-term form of Rayson, P. and Garside,
R. (2000) "Comparing corpora using frequency profiling", ACL workshop on Comparing Corpora:
E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d), G² = 2(a ln(a/E1) + b ln(b/E2)), with 0 ln 0 = 0. Against
chi-squared with one degree of freedom: 3.84 is p < 0.05, 6.63 p < 0.01, 10.83 p < 0.001, 15.13
p < 0.0001. This is the UCREL calculator's form; the full four-cell G² of the 2x2 table (phrase
and all other words, in both corpora) adds the "other words" cells and differs slightly. G² says how
sure, not how big: with millions of words tiny differences are "significant".

``log_ratio`` (effect size). Hardie, A. (2014) "Log Ratio: an informal introduction", CASS blog:
log2 of the ratio of relative frequencies, log2((a/c) / (b/d)). 1 is twice as frequent, 2 four times;
the sign gives the direction. Zero-count correction (Hardie's recommendation): a zero frequency is
replaced by 0.5 before the division, so a phrase absent from one corpus gets a finite, conservative
value instead of infinity.

``dp`` (dispersion). Gries, S. Th. (2008) "Dispersions and adjusted frequencies in corpora",
International Journal of Corpus Linguistics 13(4): with parts (here the documents of the focus
group) of size shares s_i and the phrase's occurrence shares v_i, DP = 0.5 * sum |v_i - s_i|. 0 means
spread exactly as the documents' sizes; near 1, all in one small document. ``dp_norm`` divides by
1 - min(s_i) so the maximum is 1 (Lijffijt, J. and Gries, S. Th. 2012, correction to Gries 2008, IJCL
17(1)). A group of one document has DP 0 and no normalised DP.

Significance (``p_value``, ``q_value``, ``significant``, ``confounded_with``, ``note``): see
``phrases.significance``.

``fisher_docs`` (documents, for small years). Token counts let one repetitive document carry a
year. The document view counts documents with and without the phrase on each side and tests the
2x2 table with Fisher's exact test (two-sided, ``scipy.stats.fisher_exact``; Fisher, R. A. 1922,
"On the interpretation of chi-squared from contingency tables", JRSS 85(1)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ..errors import CorpusError
from . import ngrams
from .scorers import dp, fisher_docs, log_likelihood, log_ratio  # noqa: F401  (keyness.dp, ...)
from .significance import SIGNIFICANCE, check_options, confounders, significance

YEAR_COLUMNS = [
    "year",
    "ngram",
    "count_year",
    "count_rest",
    "docs_year",
    "docs_rest",
    "log_likelihood",
    "log_ratio",
    "dp",
]
SIDE_COLUMNS = [
    "side",
    "ngram",
    "count_side",
    "count_other",
    "docs_side",
    "docs_other",
    "log_likelihood",
    "log_ratio",
    "dp",
]
UNGROUPED = "unknown"  # the side of a document with no group: it takes no part in group comparisons
PAIR, ONE_VS_REST = "pair", "one_vs_rest"
_SCORER_INPUTS = {
    "year": ("count_year", "count_rest", "tokens_year", "tokens_rest"),
    "side": ("count_side", "count_other", "tokens_side", "tokens_other"),
}
Scorer = Callable[..., np.ndarray]


def _count(
    counts_or_corpus: pd.DataFrame,
    by: str,
    focus: Sequence,
    *,
    n_min: int,
    n_max: int,
    min_count: int,
    min_docs: int,
    labels: tuple[str, str],
) -> pd.DataFrame:
    """Counts of each focus group against the rest of ``focus``: the counting half of keyness.
    ``counts_or_corpus`` may be already encoded (an ``ngrams.Coded``)."""
    coded = (
        counts_or_corpus
        if isinstance(counts_or_corpus, ngrams.Coded)
        else ngrams.encode(counts_or_corpus, n_min=n_min, n_max=n_max)
    )
    values, index = ngrams.groups(coded.docs, by)
    if focus is not None:  # keep only the compared groups; one of them absent: nothing to compare
        wanted = np.isin(values, np.asarray(focus, dtype=values.dtype))
        complete = all(f in set(values) for f in focus)
        index = np.where(complete & (index >= 0) & wanted[np.maximum(index, 0)], index, -1)
    elif len(values) < 2:  # one year or none: nothing to compare, so no rows
        index = np.full_like(index, -1)
    agg = ngrams.aggregate(coded, index, min_count=min_count, min_docs=min_docs, spread=True)
    confounded = confounders(coded.docs, by, values, index)
    ok = index >= 0
    tok = np.bincount(index[ok], weights=coded.docs["tokens"].to_numpy()[ok], minlength=len(values))
    ndocs = np.bincount(index[ok], minlength=len(values))
    share = np.full(len(values), np.inf)
    np.minimum.at(share, index[ok], coded.docs["tokens"].to_numpy()[ok] / np.maximum(tok[index[ok]], 1))
    st = ngrams.runs(agg["phrase"].to_numpy())
    rep = np.diff(np.r_[st, len(agg)])
    g = agg["group"].to_numpy()
    total = np.repeat(np.add.reduceat(agg["count"].to_numpy(), st), rep) if len(st) else np.zeros(0, np.int64)
    total_docs = np.repeat(np.add.reduceat(agg["doc_count"].to_numpy(), st), rep) if len(st) else total
    focus_name, rest = labels
    dp_raw = 0.5 * (agg["dev"].to_numpy() + 1.0 - agg["share"].to_numpy())
    with np.errstate(divide="ignore", invalid="ignore"):
        dp_norm = np.where(ndocs[g] > 1, dp_raw / (1.0 - share[g]), np.nan)
    key = pd.array(values[g], dtype="Int64") if by == "year" else pd.Series(values[g], dtype="str").array
    out = pd.DataFrame(
        {
            by: key,
            "ngram": agg["ngram"].array,
            f"count_{focus_name}": agg["count"].to_numpy(),
            f"count_{rest}": total - agg["count"].to_numpy(),
            f"docs_{focus_name}": agg["doc_count"].to_numpy(),
            f"docs_{rest}": total_docs - agg["doc_count"].to_numpy(),
            "dp": dp_raw,
            "n": agg["n"].to_numpy(),
            f"tokens_{focus_name}": tok[g].astype(np.int64),
            f"tokens_{rest}": (tok.sum() - tok[g]).astype(np.int64),
            f"ndocs_{focus_name}": ndocs[g],
            f"ndocs_{rest}": ndocs.sum() - ndocs[g],
            "dp_norm": dp_norm,
            "confounded_with": pd.Series(np.asarray(confounded, dtype=object)[g], dtype="str").array,
        }
    )
    return out


def _check_common(min_count, min_docs) -> None:
    for name, v in (("min_count", min_count), ("min_docs", min_docs)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {v!r}")


def count_years(
    counts_or_corpus: pd.DataFrame,
    *,
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
) -> pd.DataFrame:
    """Each year against all other years (undated documents left out), counts only: one row per
    phrase used in the year, with ``count_/docs_/tokens_/ndocs_`` of the year and of the rest, DP.
    Fewer than two dated years give the same columns and no rows."""
    _check_common(min_count, min_docs)
    return _count(
        counts_or_corpus,
        "year",
        None,
        n_min=n_min,
        n_max=n_max,
        min_count=min_count,
        min_docs=min_docs,
        labels=("year", "rest"),
    )


def count_sides(
    counts_or_corpus: pd.DataFrame,
    *,
    a: str = "india",
    b: str = "russia",
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
) -> pd.DataFrame:
    """Side ``a`` against side ``b`` and ``b`` against ``a``, counts only (``side`` is the focus).
    When ``a`` or ``b`` has no included document, the same columns and no rows."""
    _check_common(min_count, min_docs)
    if a == b:
        raise ValueError(f"a and b must be different sides, got {a!r} twice")
    out = _count(
        counts_or_corpus,
        "side",
        [a, b],
        n_min=n_min,
        n_max=n_max,
        min_count=min_count,
        min_docs=min_docs,
        labels=("side", "other"),
    )
    out["other"] = pd.Series(np.where(out["side"].to_numpy() == a, b, a), dtype="str").array
    return out


def score(
    table: pd.DataFrame,
    *,
    scorer: Scorer = log_likelihood,
    name: str | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A copy of ``table`` with one more column, ``scorer`` applied to ``columns`` (by default the
    (a, b, c, d) columns of a year or side table: counts of focus and rest, then their sizes)."""
    if not callable(scorer):
        raise ValueError(f"scorer must be a function of (a, b, c, d), got {scorer!r}")
    if columns is None:
        kind = next((k for k, cols in _SCORER_INPUTS.items() if set(cols) <= set(table.columns)), None)
        if kind is None:
            raise CorpusError(
                "score: table has neither year nor side count columns; pass columns=(a, b, c, d)"
            )
        columns = _SCORER_INPUTS[kind]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CorpusError(f"score: table lacks column(s) {', '.join(missing)}")
    out = table.copy()
    out[name or scorer.__name__] = scorer(*(table[c].to_numpy() for c in columns))
    return out


def _finish(
    table: pd.DataFrame,
    first: list[str],
    labels: tuple[str, str],
    scorers: Sequence[Scorer],
    fisher: bool,
    sort_by: str,
    alpha: float,
    min_docs_compare: int,
    *,
    paired: bool = False,
) -> pd.DataFrame:
    check_options(alpha, min_docs_compare)
    for fn in (log_likelihood, log_ratio, *scorers):
        table = score(table, scorer=fn)
    first = first + [fn.__name__ for fn in scorers] + SIGNIFICANCE
    table = significance(
        table,
        alpha=alpha,
        min_docs_compare=min_docs_compare,
        test=["ngram"] if paired else None,
    )
    if fisher:
        f, r = labels
        table = score(
            table,
            scorer=fisher_docs,
            name="fisher_p",
            columns=(f"docs_{f}", f"ndocs_{f}", f"docs_{r}", f"ndocs_{r}"),
        )
    if sort_by not in table.columns:
        raise ValueError(f"sort_by must be a column of the table, got {sort_by!r}")
    rest = [c for c in table.columns if c not in first]
    table = table[first + rest]
    return table.sort_values(
        [first[0], sort_by, "ngram"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)


def year_vs_rest(
    counts_or_corpus: pd.DataFrame,
    *,
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
    scorers: Sequence[Scorer] = (),
    fisher: bool = True,
    sort_by: str = "log_likelihood",
    alpha: float = 0.05,
    min_docs_compare: int = 3,
) -> pd.DataFrame:
    """Keyness of each year against all other years: ``year, ngram, count_year, count_rest,
    docs_year, docs_rest, log_likelihood, log_ratio, dp``, then extra scorers, then ``p_value,
    q_value, significant, confounded_with, note`` (``significance``; q over every row of the
    table), then ``n, tokens_*, ndocs_*, dp_norm`` and ``fisher_p``; sorted by year, then
    ``sort_by`` descending, then ngram. Only phrases used in the year have a row for it.
    With fewer than two dated years there is nothing to compare: the same columns, no rows."""
    check_options(alpha, min_docs_compare)
    table = count_years(counts_or_corpus, n_min=n_min, n_max=n_max, min_count=min_count, min_docs=min_docs)
    return _finish(table, YEAR_COLUMNS, ("year", "rest"), scorers, fisher, sort_by, alpha, min_docs_compare)


def groups_compared(counts_or_corpus: pd.DataFrame | ngrams.Coded) -> list[str]:
    """The groups (``side``) of the included documents, sorted, ``unknown`` (no group) left out."""
    coded = (
        counts_or_corpus
        if isinstance(counts_or_corpus, ngrams.Coded)
        else ngrams.encode(counts_or_corpus, n_max=1)
    )
    values, _ = ngrams.groups(coded.docs, "side")
    return [str(v) for v in values if str(v) != UNGROUPED]


def side_vs_side(
    counts_or_corpus: pd.DataFrame,
    *,
    a: str | None = None,
    b: str | None = None,
    n_min: int = 1,
    n_max: int = 5,
    min_count: int = 1,
    min_docs: int = 1,
    scorers: Sequence[Scorer] = (),
    fisher: bool = True,
    sort_by: str = "log_likelihood",
    alpha: float = 0.05,
    min_docs_compare: int = 3,
) -> pd.DataFrame:
    """Keyness of groups (``side``): ``side, ngram, count_side, count_other, docs_side, docs_other,
    log_likelihood, log_ratio, dp``, then the same significance columns and extras as
    ``year_vs_rest``, and ``other`` and ``comparison``.

    Which groups: ``a`` and ``b`` given -> ``a`` against ``b`` and ``b`` against ``a``; neither ->
    every group of the included documents (those whose side is ``unknown`` take no part): two
    groups are compared as that pair, more than two each against the rest of them pooled.
    ``comparison`` says ``pair`` (``other`` is the other group; a phrase of both groups is one test,
    G² being symmetric, so q runs over the distinct phrases) or ``one_vs_rest`` (``other`` is
    ``rest``; every row is a test). Fewer than two groups, or ``a`` or ``b`` without an included
    document: nothing to compare, the same columns and no rows."""
    check_options(alpha, min_docs_compare)
    _check_common(min_count, min_docs)
    if (a is None) != (b is None):
        raise ValueError(f"give both a and b, or neither (every group), got a={a!r}, b={b!r}")
    if a is not None and a == b:
        raise ValueError(f"a and b must be different sides, got {a!r} twice")
    coded = ngrams.encode(counts_or_corpus, n_min=n_min, n_max=n_max)
    focus = [a, b] if a is not None else groups_compared(coded)
    if len(focus) < 2:  # one group or none: nothing to compare, so no rows
        focus = []
    table = _count(
        coded,
        "side",
        focus,
        n_min=n_min,
        n_max=n_max,
        min_count=min_count,
        min_docs=min_docs,
        labels=("side", "other"),
    )
    paired = len(focus) == 2
    if paired:
        other = np.where(table["side"].to_numpy() == focus[0], focus[1], focus[0])
        table["other"] = pd.Series(other, dtype="str").array
    else:
        table["other"] = pd.Series(["rest"] * len(table), dtype="str").array
    table["comparison"] = pd.Series([PAIR if paired else ONE_VS_REST] * len(table), dtype="str").array
    return _finish(
        table,
        SIDE_COLUMNS,
        ("side", "other"),
        scorers,
        fisher,
        sort_by,
        alpha,
        min_docs_compare,
        paired=paired,
    )


def comparison_note(table: pd.DataFrame) -> str:
    """One sentence for a notebook: which groups ``side_vs_side`` compared, and how."""
    if not len(table) or "comparison" not in table.columns:
        return "No comparison of groups: fewer than two groups to compare."
    groups = sorted(set(table["side"].astype(str)))
    if table["comparison"].iloc[0] == PAIR:
        return f"Groups compared as a pair: {groups[0]} against {groups[1] if len(groups) > 1 else table['other'].iloc[0]}."
    return (
        f"{len(groups)} groups, each against the rest of them pooled ({', '.join(groups)}); "
        "every row is its own test (q over all rows)."
    )
