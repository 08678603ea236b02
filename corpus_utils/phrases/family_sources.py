"""Two more sources of phrase families: a watched term's spellings, and recycled passages.

``spelling_terms``: a watched term that the variants table (``data/variants.csv``) spells in several
ways ("AK203", "AK 203", "AK-203") founds a family whose members are its exact occurrences; the
original spellings are its wordings. Terms without another spelling, and terms that a watched phrase
already follows, found none.

``as_passages``: a discovered family whose every occurrence lies inside the passages of one
recycled-passage cluster (``reuse.passages``) is a piece of that passage, not a formula of its own
("interaction of the general staffs", "armed forces is strengthening" ... of Shoigu's 2018 remarks
recycled in 2021). Such families are replaced by one family for the passage, whose wordings are the
passage's versions in each document (``source`` 'passage', canonical: the earliest version).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import datatable
from ..corpus import normalise, tokens
from .matching import match_tokens, relation


def _key(text: str) -> tuple[str, ...]:
    return tuple(match_tokens(normalise.variants(text)))


def spelling_terms(watch_terms: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """The watched terms that the variants table spells in more than one way, less those whose
    matching form is that of an ``exclude`` phrase (a watched phrase follows them already)."""
    src = datatable.locate(None, "variants.csv")
    spelled: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for _, row in datatable.rows(
        src, columns=["variant", "canonical", "ignore_case"], what="variants", optional=("ignore_case",)
    ):
        if row["variant"] and row["canonical"]:
            spelled.setdefault(_key(row["canonical"]), set()).add(tuple(match_tokens(row["variant"])))
    taken = {_key(p) for p in exclude}
    out = []
    for term in watch_terms:
        key = _key(term)
        if key and key not in taken and len(spelled.get(key, set()) | {key}) > 1:
            taken.add(key)
            out.append(term)
    return out


def _norm_spans(corpus: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """One row per passage version: cluster, doc_id, order (earliest first), start/end characters
    in text_norm, the version's text. Each document's word spans are found once, for all the
    passage versions it holds, and let go (a million passages touch every document)."""
    norm = corpus.drop_duplicates("doc_id").set_index("doc_id")["text_norm"]
    n = len(passages)
    doc = np.concatenate([passages["doc_a"].to_numpy(dtype=object), passages["doc_b"].to_numpy(dtype=object)])
    w0 = np.concatenate([passages["start_a"].to_numpy(), passages["start_b"].to_numpy()]).astype(np.int64)
    w1 = np.concatenate([passages["end_a"].to_numpy(), passages["end_b"].to_numpy()]).astype(np.int64)
    start, end = np.zeros(2 * n, dtype=np.int64), np.zeros(2 * n, dtype=np.int64)
    valid = np.zeros(2 * n, dtype=bool)
    codes, names = pd.factorize(doc)
    by_doc = np.argsort(codes, kind="stable")
    for group in np.split(by_doc, np.flatnonzero(np.diff(codes[by_doc])) + 1) if n else []:
        ws = np.array(tokens.word_spans(str(norm.get(names[codes[group[0]]], ""))), dtype=np.int64).reshape(
            -1, 2
        )
        a, b = w0[group], w1[group]
        ok = (b <= len(ws)) & (a < b) & (a >= 0)
        g = group[ok]
        valid[g] = True
        start[g], end[g] = ws[a[ok], 0], ws[b[ok] - 1, 1]
    # rows in the order of the passages, side a before side b (``order``: 2k, 2k + 1)
    k = np.r_[np.arange(n) * 2, np.arange(n) * 2 + 1]
    pick = np.flatnonzero(valid)
    pick = pick[np.argsort(k[pick], kind="stable")]
    cluster = passages["cluster"].to_numpy(dtype=object)
    text = np.concatenate(
        [passages["text_a"].to_numpy(dtype=object), passages["text_b"].to_numpy(dtype=object)]
    )
    return pd.DataFrame(
        {
            "cluster": cluster[pick % n] if n else cluster,
            "doc_id": doc[pick],
            "order": k[pick],
            "start": start[pick],
            "end": end[pick],
            "text": text[pick],
        }
    )


def _label(cluster: str, text: str, *, words: int = 10) -> str:
    parts = text.split()
    return f"passage {cluster}: " + " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def as_passages(occurrences: pd.DataFrame, passages: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """``occurrences`` with every discovered family that lies inside one passage cluster replaced by
    that passage's family (see the module docstring); other families untouched."""
    if occurrences.empty or passages is None or passages.empty:
        return occurrences
    versions = _norm_spans(corpus, passages)
    inside: dict[str, str] = {}
    for family, occ in occurrences[occurrences["source"] == "discovered"].groupby("family", sort=False):
        hits = occ[["doc_id", "start", "end"]].merge(versions, on="doc_id", suffixes=("", "_p"))
        hits = hits[(hits["start_p"] <= hits["start"]) & (hits["end"] <= hits["end_p"])]
        for cluster, part in hits.groupby("cluster", sort=True):
            if part.drop_duplicates(["doc_id", "start"]).shape[0] == len(occ):
                inside[family] = cluster
                break
    if not inside:
        return occurrences
    meta = occurrences.drop_duplicates("doc_id").set_index("doc_id")[["year", "outlet", "side"]]
    if not set(versions["doc_id"]) <= set(meta.index):
        meta = corpus.drop_duplicates("doc_id").set_index("doc_id")[["year", "outlet", "side"]]
    norm = corpus.drop_duplicates("doc_id").set_index("doc_id")["text_norm"]
    rows = []
    for cluster in sorted(set(inside.values())):
        part = (
            versions[versions["cluster"] == cluster].sort_values("order").drop_duplicates(["doc_id", "start"])
        )
        label = _label(cluster, part.iloc[0]["text"])
        canonical = match_tokens(part.iloc[0]["text"])
        for r in part.itertuples(index=False):
            wording = str(norm[r.doc_id])[r.start : r.end]
            rel, dist = relation(match_tokens(r.text), canonical)
            m = meta.loc[r.doc_id]
            rows.append(
                (
                    label,
                    r.text,
                    r.doc_id,
                    m["year"],
                    m["outlet"],
                    m["side"],
                    rel,
                    dist,
                    "passage",
                    " ".join(match_tokens(wording)),
                    wording,
                    r.start,
                    r.end,
                )
            )
    kept = occurrences[~occurrences["family"].isin(list(inside))]
    added = pd.DataFrame(rows, columns=occurrences.columns).astype(occurrences.dtypes.to_dict())
    return pd.concat([kept, added], ignore_index=True)
