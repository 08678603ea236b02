"""Significance of keyness: p values, false discovery rate, and what a test cannot see.

``p_value`` and ``q_value`` (how many of the differences to believe). ``p_value`` is G² against
chi-squared with one degree of freedom (``scipy.stats.chi2.sf(g2, 1)``). A keyness table runs one test
per row, hundreds or thousands of them, so some small p values are chance: ``q_value`` is the
Benjamini–Hochberg adjustment over all tests of the table (Benjamini, Y. and Hochberg, Y. 1995,
"Controlling the false discovery rate", JRSS B 57(1); ``scipy.stats.false_discovery_control``). A
phrase is ``significant`` when q < ``alpha`` (0.05): among such phrases about 5% are expected to be
false discoveries. Over-lapping n-grams make the tests positively dependent, where BH still holds.
In ``side_vs_side`` a phrase used by both sides has two rows but is one test (G² is symmetric), so
it counts once.

What the test cannot see. G² treats every word as an independent draw, but words come in
documents: a year of one document measures that document, its outlet's house style and its genre
as much as the year. A comparison whose focus group holds fewer than ``min_docs_compare`` (3)
documents gets a ``note`` ("too few documents to separate year from outlet") and no significance
claim (``significant`` is empty, <NA>). When every document of the focus group comes from one
outlet (or one side, or one year) that the reference does not share entirely, ``confounded_with``
says so ("outlet PIB"): the difference may belong to the outlet, not to the year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special

from ..errors import CorpusError

SIGNIFICANCE = ["p_value", "q_value", "significant", "confounded_with", "note"]
_CONFOUNDERS = ("outlet", "side", "year")


def p_values(g2) -> np.ndarray:
    """p of G² against chi-squared with one degree of freedom (3.84 is p = 0.05)."""
    return special.chdtrc(1, np.asarray(g2, dtype=np.float64))  # chi2.sf without its checks


def q_values(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p values (q), in the input order; empty in, empty out."""
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"p must be 1-D, got shape {p.shape}")
    if ((p < 0) | (p > 1) | np.isnan(p)).any():
        raise ValueError("p values must lie in [0, 1]")
    if not len(p):
        return p.copy()
    # scipy.stats.false_discovery_control(p, method="bh"), step for step (equal to the bit, tested):
    # written out because importing scipy.stats costs every notebook's kernel half a second
    order = np.argsort(p)
    q = p[order]
    q *= len(p) / np.arange(1, len(p) + 1)
    np.minimum.accumulate(q[::-1], out=q[::-1])
    out = np.empty_like(q)
    out[order] = q
    return np.clip(out, 0, 1)


def q_text(q: float) -> str:
    """``q`` as prose: "q 0.0031", "q 2.4e-12"; a q below what a float holds (it underflows to 0)
    reads "q < 1e-300", never "q 0"."""
    return "q < 1e-300" if q < 1e-300 else f"q {q:.2g}"


def confounders(docs: pd.DataFrame, by: str, values: np.ndarray, index: np.ndarray) -> list[str]:
    """Per group of ``values`` (``index``: each document's group, -1 left out): what all its
    documents share that the other compared documents do not, as "outlet PIB; side india"."""
    ok = index >= 0
    compared = docs[ok]
    where = index[ok]
    out = []
    for g in range(len(values)):
        mine, rest = compared[where == g], compared[where != g]
        shared = []
        for col in (c for c in _CONFOUNDERS if c != by and c in docs.columns):
            own = mine[col].dropna().astype(str).unique()
            if len(own) == 1 and not (rest[col].astype(str) == own[0]).all():
                shared.append(f"{col} {own[0]}")
        out.append("; ".join(shared))
    return out


def check_options(alpha, min_docs_compare) -> None:
    """ValueError unless 0 < alpha < 1 and min_docs_compare is an integer >= 1."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number between 0 and 1 (0.05), got {alpha!r}")
    if (
        isinstance(min_docs_compare, bool)
        or not isinstance(min_docs_compare, (int, np.integer))
        or min_docs_compare < 1
    ):
        raise ValueError(f"min_docs_compare must be an integer >= 1, got {min_docs_compare!r}")


def significance(
    table: pd.DataFrame,
    *,
    alpha: float = 0.05,
    min_docs_compare: int = 3,
    test: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A copy of a scored year or side table with ``p_value``, ``q_value`` (Benjamini–Hochberg over
    all its tests), ``significant`` (q < ``alpha``; <NA> where the focus group holds fewer than
    ``min_docs_compare`` documents), ``confounded_with`` and ``note``. ``test`` names the columns
    that identify one test (rows sharing them count once: a side table's two mirrored rows)."""
    check_options(alpha, min_docs_compare)
    by = "year" if "ndocs_year" in table.columns else "side"
    missing = [c for c in ("log_likelihood", f"ndocs_{by}") if c not in table.columns]
    if missing:
        raise CorpusError(f"significance: table lacks column(s) {', '.join(missing)}; score it first")
    out = table.copy()
    out["p_value"] = p_values(out["log_likelihood"].to_numpy())
    if test:
        codes = out.groupby(list(test), sort=True).ngroup().to_numpy()
        first = out["p_value"].groupby(codes).first().to_numpy()
        out["q_value"] = q_values(first)[codes]
    else:
        out["q_value"] = q_values(out["p_value"].to_numpy())
    few = out[f"ndocs_{by}"].to_numpy() < min_docs_compare
    what = "year" if by == "year" else "side"
    out["note"] = pd.Series(
        np.where(
            few,
            [
                f"too few documents ({n} < {min_docs_compare}) to separate {what} from outlet"
                for n in out[f"ndocs_{by}"]
            ],
            "",
        ),
        dtype="str",
        index=out.index,
    )
    out["significant"] = pd.array(np.where(few, None, out["q_value"].to_numpy() < alpha), dtype="boolean")
    if "confounded_with" not in out.columns:
        out["confounded_with"] = ""
    return out
