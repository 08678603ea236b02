"""Claims counted once: a lead paraphrase and the quotation it paraphrases become one claim.

News copy often states a claim twice in one document: first in the reporter's words ("The
ministry said Singh and Shoigu discussed wide-ranging issues ..."), then in the quotation it
paraphrases ("The two ministers discussed wide-ranging issues ...," it said). Counted twice, the
claim weighs double in every table, and the two copies make a false "recurring" group.

``merge(claims)`` joins, within each document, every claim that is not a quotation to the
quotation of the same document that states the same proposition (linked by the rule of
``grouping.group``, run on the document's claims: wording similarity, amounts and actors agreeing). The quotation's row is kept,
as the direct evidence of who said what; it carries the paraphrase too (``paraphrase``,
``paraphrase_sentence``, ``merged_ids``), so both wordings stay in the table. A paraphrase that
matches several quotations joins the first. Claims in different documents are never merged:
that is recurrence, which ``grouping`` and ``tables`` measure.
"""

from __future__ import annotations

import pandas as pd

from .grouping import check, linked_sets, normalised

MERGE_COLUMNS = ["paraphrase", "paraphrase_sentence", "merged_ids"]


def merge(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``claims`` with each in-document paraphrase folded into its quotation (see the
    module docstring). The groups are computed within each document (``grouping.linked_sets`` on
    its claims), so the cost grows with the longest document, not the corpus. Adds ``paraphrase``,
    ``paraphrase_sentence`` and ``merged_ids`` ('' when nothing merged)."""
    check(claims)
    out = claims.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
    groups: list[set[tuple[str, int]]] = [set() for _ in range(len(out))]
    mentions = out["mentions"] if "mentions" in out.columns else pd.Series([""] * len(out))
    for doc_id, idx in out.groupby("doc_id", sort=True).groups.items():
        kinds = set(out.loc[idx, "kind"])
        if "quote" not in kinds or kinds == {"quote"}:
            continue  # nothing to fold: no quotation, or nothing but quotations
        rows = sorted(idx)
        words = {i: set(normalised(str(out.at[i, "claim"]))) for i in rows}
        quoted = [i for i in rows if out.at[i, "kind"] == "quote"]
        if not any(
            len(words[i] & words[q]) >= 3 for i in rows if out.at[i, "kind"] != "quote" for q in quoted
        ):
            continue  # no paraphrase candidate: too few words in common with any quotation
        actors = [set(filter(None, str(m).split("; "))) for m in mentions.iloc[rows]]
        for i, labels in zip(
            rows, linked_sets(out["claim"].iloc[rows].astype(str).tolist(), actors), strict=True
        ):
            groups[i] = {(doc_id, label) for label in labels}
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
