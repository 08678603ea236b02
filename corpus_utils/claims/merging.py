"""Claims counted once: a lead paraphrase and the quotation it paraphrases become one claim.

News copy often states a claim twice in one document: first in the reporter's words ("The
ministry said Singh and Shoigu discussed wide-ranging issues ..."), then in the quotation it
paraphrases ("The two ministers discussed wide-ranging issues ...," it said). Counted twice, the
claim weighs double in every table, and the two copies make a false "recurring" group.

``merge(claims)`` joins, within each document, every claim that is not a quotation to the
quotation of the same document that states the same proposition (the same group of
``grouping.group``: wording similarity, amounts and actors agreeing). The quotation's row is kept,
as the direct evidence of who said what; it carries the paraphrase too (``paraphrase``,
``paraphrase_sentence``, ``merged_ids``), so both wordings stay in the table. A paraphrase that
matches several quotations joins the first. Claims in different documents are never merged:
that is recurrence, which ``grouping`` and ``tables`` measure.
"""

from __future__ import annotations

import pandas as pd

from .grouping import check, group

MERGE_COLUMNS = ["paraphrase", "paraphrase_sentence", "merged_ids"]


def merge(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``claims`` with each in-document paraphrase folded into its quotation (see the
    module docstring). Needs ``group_ids`` (from ``grouping.group``; computed when absent).
    Adds ``paraphrase``, ``paraphrase_sentence`` and ``merged_ids`` ('' when nothing merged)."""
    check(claims)
    out = claims if "group_ids" in claims.columns else group(claims)
    out = out.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
    groups = [set(filter(None, str(g).split("; "))) for g in out["group_ids"]]
    sentence = out["sentence"] if "sentence" in out.columns else out["claim"]
    extra = {i: {"paraphrase": [], "paraphrase_sentence": [], "merged_ids": []} for i in range(len(out))}
    dropped: set[int] = set()
    for _, idx in out.groupby("doc_id", sort=True).groups.items():
        rows = sorted(idx)
        quotes = [i for i in rows if out.at[i, "kind"] == "quote"]
        for i in rows:
            if out.at[i, "kind"] == "quote":
                continue
            target = next((q for q in quotes if groups[i] & groups[q]), None)
            if target is None:
                continue
            extra[target]["paraphrase"].append(str(out.at[i, "claim"]))
            extra[target]["paraphrase_sentence"].append(str(sentence.iloc[i]))
            extra[target]["merged_ids"].append(str(out.at[i, "claim_id"]))
            dropped.add(i)
    out = out.copy()
    for col in MERGE_COLUMNS:
        out[col] = [" | ".join(extra[i][col]) for i in range(len(out))]
    return out.drop(index=sorted(dropped)).reset_index(drop=True)
