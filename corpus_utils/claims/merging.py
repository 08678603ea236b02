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
    # plain lists: reading cells one by one from a DataFrame costs more than the comparisons
    kind = out["kind"].astype(str).tolist()
    claim = out["claim"].astype(str).tolist()
    claim_id = out["claim_id"].astype(str).tolist()
    sentence = (out["sentence"] if "sentence" in out.columns else out["claim"]).astype(str).tolist()
    mentions = out["mentions"].astype(str).tolist() if "mentions" in out.columns else [""] * len(out)
    groups: list[set[tuple[str, int]]] = [set() for _ in range(len(out))]
    documents = [(d, sorted(idx.tolist())) for d, idx in out.groupby("doc_id", sort=True).indices.items()]
    for doc_id, rows in documents:
        kinds = {kind[i] for i in rows}
        if "quote" not in kinds or kinds == {"quote"}:
            continue  # nothing to fold: no quotation, or nothing but quotations
        words = {i: set(normalised(claim[i])) for i in rows}
        quoted = [i for i in rows if kind[i] == "quote"]
        if not any(len(words[i] & words[q]) >= 3 for i in rows if kind[i] != "quote" for q in quoted):
            continue  # no paraphrase candidate: too few words in common with any quotation
        actors = [set(filter(None, mentions[i].split("; "))) for i in rows]
        for i, labels in zip(rows, linked_sets([claim[i] for i in rows], actors), strict=True):
            groups[i] = {(doc_id, label) for label in labels}
    extra = {i: {"paraphrase": [], "paraphrase_sentence": [], "merged_ids": []} for i in range(len(out))}
    dropped: set[int] = set()
    for _, rows in documents:
        quotes = [i for i in rows if kind[i] == "quote"]
        for i in rows:
            if kind[i] == "quote" or not groups[i]:
                continue
            target = next((q for q in quotes if groups[i] & groups[q]), None)
            if target is None:
                continue
            extra[target]["paraphrase"].append(claim[i])
            extra[target]["paraphrase_sentence"].append(sentence[i])
            extra[target]["merged_ids"].append(claim_id[i])
            dropped.add(i)
    out = out.copy()
    for col in MERGE_COLUMNS:
        out[col] = [" | ".join(extra[i][col]) for i in range(len(out))]
    return out.drop(index=sorted(dropped)).reset_index(drop=True)
