"""Deterministic synthetic corpora in the seeds' format, for benchmarks.

Documents are assembled from the seeds' own article sentences with words swapped from a fixed
vocabulary, wrapped in the page chrome the loader must remove (header line, timestamps, tags,
disclaimers). The same ``n`` and ``seed`` always give the same files.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from corpus_utils import load_corpus
from corpus_utils.paths import SEEDS_DIR

CHROME_TOP = ["Log in", "close", "By Trend", "Menu"]
CHROME_BOTTOM = [
    "Tags:",
    "Topics : India Russia",
    "Follow us on Twitter @example",
    "---",
    "(Release ID: {rid})",
    "First Published: Apr 28 {year} | 7:13 PM IST",
    "© Publicnow {year}",
]
SWAP = [
    "cooperation",
    "partnership",
    "defence",
    "trust",
    "exercises",
    "delivery",
    "frigates",
    "rifles",
    "summit",
    "ministers",
    "security",
    "production",
    "technology",
    "agreements",
    "talks",
    "relations",
    "region",
]


@lru_cache(maxsize=1)
def _sentences() -> list[str]:
    seeds = load_corpus(SEEDS_DIR)
    from corpus_utils.corpus import tokens

    return [s for t in seeds["text"] for s in tokens.sentences(t) if len(s.split()) >= 6]


def documents(n: int, *, seed: int = 0):
    """Yield (name, text) for ``n`` synthetic documents."""
    rng = random.Random(seed)
    pool = _sentences()
    for i in range(n):
        year = rng.randint(2018, 2023)
        body = []
        for _ in range(rng.randint(6, 14)):
            words = rng.choice(pool).split()
            for _ in range(3):
                j = rng.randrange(len(words))
                if words[j].isalpha() and words[j].islower():
                    words[j] = rng.choice(SWAP)
            body.append(" ".join(words))
        paras = ["\n".join(body[k : k + 3]) for k in range(0, len(body), 3)]
        top = rng.choice(CHROME_TOP)
        bottom = rng.sample(CHROME_BOTTOM, 2)
        text = (
            f" date {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {top}\n"
            f"Headline number {i} on India and Russia\n\n"
            + "\n\n".join(paras)
            + "\n\n"
            + "\n".join(b.format(rid=1000000 + i, year=year) for b in bottom)
            + "\n"
        )
        yield f"{i:07d}", text


def write(folder: Path, n: int, *, seed: int = 0) -> Path:
    """Write the corpus as .txt files into ``folder`` (skipped when it already holds ``n`` files)."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.txt"))) == n:
        return folder
    for name, text in documents(n, seed=seed):
        sub = folder / name[:3]
        sub.mkdir(exist_ok=True)
        (sub / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- news corpora of any shape
DRIFT = (  # a formula and its later wordings: (family, [(first year share, wording), ...])
    (
        "time-tested friendship",
        [(0.0, "time-tested friendship"), (0.5, "unique and time-tested relationship")],
    ),
    (
        "strategic partnership",
        [
            (0.0, "strategic partnership"),
            (0.4, "special strategic partnership"),
            (0.7, "special and privileged strategic partnership"),
        ],
    ),
)


def news(
    n: int,
    *,
    seed: int = 0,
    years: tuple[int, int] = (1990, 2024),
    outlets: int = 40,
    groups: int = 6,
    undated: float = 0.05,
    wire: float = 0.05,
    passages: int = 10,
    passage_docs: tuple[int, int] = (3, 8),
) -> tuple[list[dict], dict]:
    """A news corpus spanning decades, with many outlets and groups, wire copies, undated documents,
    planted recycled passages and formula drift; returns (documents, known answers).

    Each document is a dict with ``doc_id``, ``date`` ('' when undated), ``year`` (None when undated),
    ``outlet``, ``group``, ``title`` and ``body``. The answers hold ``passages`` (text and the doc ids
    that carry it), ``copies`` (doc id -> the doc it copies) and ``drift`` (family -> {wording: years}).
    """
    rng = random.Random(seed)
    pool = _sentences()
    y0, y1 = years
    outlet_names = [f"Outlet {k:02d}" for k in range(outlets)]
    group_names = [f"group-{chr(97 + k % 26)}{k // 26 or ''}" for k in range(groups)]
    planted = [" ".join(_swap(rng, rng.choice(pool)).split()[:20]) + "." for _ in range(passages)]
    docs: list[dict] = []
    answers: dict = {"passages": [], "copies": {}, "drift": {}}
    for i in range(n):
        year = rng.randint(y0, y1)
        dated = rng.random() >= undated
        body = [_swap(rng, rng.choice(pool)) for _ in range(rng.randint(5, 12))]
        for family, wordings in DRIFT:
            if rng.random() < 0.3:
                share = (year - y0) / max(1, y1 - y0)
                wording = [w for start, w in wordings if share >= start][-1]
                body.insert(
                    rng.randrange(len(body) + 1),
                    f"Both sides praised the {wording} between the two countries.",
                )
                if dated:
                    answers["drift"].setdefault(family, {}).setdefault(wording, set()).add(year)
        outlet = rng.choice(outlet_names)
        docs.append(
            {
                "doc_id": f"n{i:07d}",
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if dated else "",
                "year": year if dated else None,
                "outlet": outlet,
                "group": group_names[outlet_names.index(outlet) % groups],
                "title": f"Report {i} on defence ties",
                "body": body,
            }
        )
    for i, doc in enumerate(docs):  # wire copies: a later document repeats an earlier one whole
        if i and rng.random() < wire:
            src = docs[rng.randrange(i)]
            doc["body"] = list(src["body"])
            answers["copies"][doc["doc_id"]] = src["doc_id"]
    for text in planted:  # each planted passage goes into a few documents of different years
        k = min(len(docs), rng.randint(*passage_docs))
        chosen = sorted(rng.sample(range(len(docs)), k)) if k >= 2 else []
        for j in chosen:
            docs[j]["body"].insert(rng.randrange(len(docs[j]["body"]) + 1), text)
        if chosen:
            answers["passages"].append({"text": text, "doc_ids": [docs[j]["doc_id"] for j in chosen]})
    for doc in docs:
        paras = [" ".join(doc["body"][k : k + 3]) for k in range(0, len(doc["body"]), 3)]
        doc["body"] = "\n\n".join(paras)
    answers["drift"] = {f: {w: sorted(ys) for w, ys in d.items()} for f, d in answers["drift"].items()}
    return docs, answers


def _swap(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    for _ in range(3):
        j = rng.randrange(len(words))
        if words[j].isalpha() and words[j].islower():
            words[j] = rng.choice(SWAP)
    return " ".join(words)


def write_news(path: Path, docs: list[dict], *, form: str = "csv") -> Path:
    """Write a ``news`` corpus as a CSV table (columns id, published, outlet, group, headline, body) or
    as a folder of .txt files named ``YEAR-OUTLET-GROUP-ID.txt`` (``undated-…`` when undated)."""
    import pandas as pd

    if form == "csv":
        path.parent.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame(
            {
                "id": [d["doc_id"] for d in docs],
                "published": [d["date"] for d in docs],
                "outlet": [d["outlet"] for d in docs],
                "group": [d["group"] for d in docs],
                "headline": [d["title"] for d in docs],
                "body": [d["body"] for d in docs],
            }
        )
        frame.to_csv(path, index=False)
        return path
    if form != "folder":
        raise ValueError(f"form must be 'csv' or 'folder', got {form!r}")
    path.mkdir(parents=True, exist_ok=True)
    for d in docs:
        stamp = d["date"] or "undated"
        name = f"{stamp}-{d['outlet'].replace(' ', '')}-{d['group']}-{d['doc_id']}.txt"
        (path / name).write_text(f"{d['title']}\n\n{d['body']}\n", encoding="utf-8")
    return path
