"""Deterministic synthetic corpora in the seeds' format, for benchmarks.

Documents are assembled from the seeds' own article sentences with words swapped from a fixed
vocabulary, wrapped in the page chrome the loader must remove (header line, timestamps, tags,
disclaimers). The same ``n`` and ``seed`` always give the same files.
"""

from __future__ import annotations

import random
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
