"""Scores of the study's output against the gold files: precision, recall, and what went wrong.

Claims are matched to gold claims by the words of their sentence (``gold.key``): a system claim
matches a gold claim of its document when its sentence contains the gold words. A system claim
holding only a gold claim's lead paraphrase (``also``) counts the claim twice (``duplicates``); one
matching no gold claim is ``spurious``. Speaker precision counts every system claim with a speaker
other than "unknown" (matched, duplicate or spurious), so over-counting costs precision; speaker
recall counts gold claims whose speaker is known. Themes are scored over matched claims, micro-averaged.

Families: each gold family is matched to the one system family holding most of its wordings
(document and wording, a longer system wording containing the gold one counts); recall is the share
of gold wordings found in that family, so a drift split over two families is a miss. A system family
that is a person's name, a title or a reporting clause is counted as noise (``noise_kind``).

Passages: a gold passage is found when a system passage joins its two documents and contains both
fragments.
"""

from __future__ import annotations

import re

import pandas as pd

from corpus_utils.claims import attribution, speakers
from corpus_utils.corpus import normalise

from .gold import key


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def match_claims(system: pd.DataFrame, gold: pd.DataFrame) -> tuple[dict[int, int], set[int], set[int]]:
    """({gold row: system row}, duplicate system rows, spurious system rows)."""
    sys_keys = [key(s) for s in system["sentence"]]
    matched: dict[int, int] = {}
    used: set[int] = set()
    for g, rec in gold.iterrows():
        want = key(rec["sentence"])
        for i in range(len(system)):
            if system.at[i, "doc_id"] == rec["doc_id"] and want in sys_keys[i] and i not in used:
                matched[g] = i
                used.add(i)
                break
    duplicates = {
        i
        for g, rec in gold.iterrows()
        if rec["also"]
        for i in range(len(system))
        if i not in used and system.at[i, "doc_id"] == rec["doc_id"] and key(rec["also"]) in sys_keys[i]
    }
    spurious = set(range(len(system))) - used - duplicates
    return matched, duplicates, spurious


def _set(value: str) -> set[str]:
    return {v for v in str(value).split("; ") if v}


def score_claims(system: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Claim counting, speakers, sides, themes, about and scope against the gold claims."""
    system = system.reset_index(drop=True)
    matched, duplicates, spurious = match_claims(system, gold)
    named = [i for i in range(len(system)) if system.at[i, "speaker"] != speakers.UNKNOWN]
    right = [g for g, i in matched.items() if system.at[i, "speaker"] == gold.at[g, "speaker"]]
    right_named = [g for g in right if gold.at[g, "speaker"] != speakers.UNKNOWN]
    gold_named = [g for g in range(len(gold)) if gold.at[g, "speaker"] != speakers.UNKNOWN]
    tp = fp = fn = 0
    errors = []
    for g, i in matched.items():
        s, t = _set(system.at[i, "themes"]), _set(gold.at[g, "themes"])
        tp, fp, fn = tp + len(s & t), fp + len(s - t), fn + len(t - s)
        if system.at[i, "speaker"] != gold.at[g, "speaker"]:
            errors.append(("speaker", gold.at[g, "sentence"], system.at[i, "speaker"], gold.at[g, "speaker"]))
        if "about" in system.columns and _set(system.at[i, "about"]) != _set(gold.at[g, "about"]):
            errors.append(("about", gold.at[g, "sentence"], system.at[i, "about"], gold.at[g, "about"]))
        if s != t:
            errors.append(("themes", gold.at[g, "sentence"], "; ".join(sorted(s)), "; ".join(sorted(t))))
    for g in sorted(set(range(len(gold))) - set(matched)):
        errors.append(("missing", gold.at[g, "sentence"], "", gold.at[g, "speaker"]))
    for i in sorted(duplicates | spurious):
        kind = "duplicate" if i in duplicates else "spurious"
        errors.append((kind, system.at[i, "sentence"][:80], system.at[i, "speaker"], ""))
    pairs = list(matched.items())
    return {
        "gold_claims": len(gold),
        "system_claims": len(system),
        "matched": len(matched),
        "duplicates": len(duplicates),
        "spurious": len(spurious),
        "speaker_precision": _ratio(len(right_named), len(named)),
        "speaker_recall": _ratio(len(right_named), len(gold_named)),
        "side_accuracy": _ratio(
            sum(system.at[i, "side"] == gold.at[g, "side"] for g, i in pairs), len(pairs)
        ),
        "theme_precision": _ratio(tp, tp + fp),
        "theme_recall": _ratio(tp, tp + fn),
        "about_accuracy": _ratio(
            sum(_set(system.at[i, "about"]) == _set(gold.at[g, "about"]) for g, i in pairs), len(pairs)
        )
        if "about" in system.columns
        else float("nan"),
        "scope_accuracy": _ratio(
            sum(system.at[i, "scope"] == gold.at[g, "scope"] for g, i in pairs), len(pairs)
        )
        if "scope" in system.columns
        else float("nan"),
        "errors": errors,
    }


def noise_kind(wording: str, resolver: speakers.Resolver) -> str:
    """ "name" (a person of the actors table), "title" (a role phrase or only title and nationality
    words), "reporting clause" (holds a speech verb) or "" for ``wording`` (as written)."""
    text = normalise.variants(wording)
    found = resolver.entities(text, speakers.Context(None, speakers.UNKNOWN))
    if any(sp.pronoun in ("he", "she") and kind == "alias" for *_, sp, kind in found):
        return "name"
    words = re.findall(r"[\w'-]+", text.lower())
    plain = set(resolver.words["title"]) | set(resolver.words["nationality"])
    if any(kind == "role" for *_, kind in found) or (words and all(w in plain for w in words)):
        return "title"
    _, verbs = attribution.speech_verbs()
    forms = [f for f, k in verbs_forms().items() if k in ("say", "tell")]
    if any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text, re.IGNORECASE) for f in forms):
        return "reporting clause"
    return ""


def verbs_forms() -> dict[str, str]:
    return attribution.speech_verbs()[0]


def score_families(occurrences: pd.DataFrame, gold: pd.DataFrame, resolver: speakers.Resolver) -> dict:
    """Family recall (gold wordings found in the family matched to theirs), precision (system
    families that are some gold family's match) and the noise families."""
    occ = occurrences.assign(_k=[key(w) for w in occurrences["wording"]])
    found_total = 0
    best_of: dict[str, str] = {}
    misses = []
    for fam, rows in gold.groupby("family", sort=True):
        hits: dict[str, set[int]] = {}
        for idx, rec in rows.iterrows():
            want = key(rec["wording"])
            here = occ[(occ["doc_id"] == rec["doc_id"]) & occ["_k"].map(lambda k, w=want: w in k)]
            for sys_fam in here["family"].unique():
                hits.setdefault(sys_fam, set()).add(idx)
        best = max(sorted(hits), key=lambda f: len(hits[f]), default=None)
        got = hits.get(best, set())
        found_total += len(got)
        if best is not None:
            best_of[fam] = best
        misses += [(fam, rows.at[i, "wording"], rows.at[i, "doc_id"]) for i in rows.index if i not in got]
    families = sorted(occurrences["family"].unique())
    shown = (
        occurrences.groupby("family")["wording"].agg(lambda w: w.value_counts().index[0])
        if len(occurrences)
        else pd.Series(dtype=str)
    )
    noise = {f: noise_kind(shown[f], resolver) for f in families}
    noise = {f: k for f, k in noise.items() if k}
    return {
        "gold_wordings": len(gold),
        "found": found_total,
        "family_recall": _ratio(found_total, len(gold)),
        "family_precision": _ratio(len(set(best_of.values())), len(families)),
        "system_families": len(families),
        "noise_families": noise,
        "misses": misses,
    }


def score_passages(passages: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Passage recall (gold passages found) and precision (system passages that are gold ones)."""
    used: set[int] = set()
    found = 0
    for _, rec in gold.iterrows():
        for i, p in passages.reset_index(drop=True).iterrows():
            pair = {(p["doc_a"], p["text_a"]), (p["doc_b"], p["text_b"])}
            texts = {d: key(t) for d, t in pair}
            if {rec["doc_a"], rec["doc_b"]} == set(texts) and (
                key(rec["fragment_a"]) in texts[rec["doc_a"]]
                and key(rec["fragment_b"]) in texts[rec["doc_b"]]
            ):
                used.add(i)
                found += 1
                break
    return {
        "gold_passages": len(gold),
        "system_passages": len(passages),
        "passage_recall": _ratio(found, len(gold)),
        "passage_precision": _ratio(len(used), len(passages)),
    }
