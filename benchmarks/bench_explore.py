"""Time the exploration functions on a deterministic synthetic corpus.

    .venv/bin/python -m benchmarks.bench_explore [--docs N] [--words W]

Documents are random sentences (seeded) from a small vocabulary with spelling variants mixed in
("defense", "AK 203", "Make-in-India"), so KWIC has to align text with text_norm. Prints seconds
and documents per second for each function, the sliding-count MATTR against the naive one, and
peak resident memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import pandas as pd

from corpus_utils.corpus import normalise
from corpus_utils.explore import concordance, mentions
from corpus_utils.explore import lexical as explore

VOCAB = (
    "the of and to in a defence cooperation Russia India minister Shoigu Singh said military "
    "strategic partnership talks joint production rifles frigates summit SCO exercise navy "
    "army technology agreement bilateral visit Moscow Delhi deal contract security"
).split()
VARIANTS = ["defense", "AK 203", "Make-in-India", "S 400", "Sergey Lavrov", "two plus two dialogue"]


def synthetic_corpus(n_docs: int, n_words: int, seed: int = 42) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n_docs):
        sents, count = [], 0
        while count < n_words:
            k = rng.randint(6, 25)
            words = [rng.choice(VOCAB) for _ in range(k)]
            if rng.random() < 0.3:
                words.insert(rng.randrange(k), rng.choice(VARIANTS))
            sents.append(" ".join(words).capitalize() + rng.choice([".", ".", ", said officials."]))
            count += k
        text = " ".join(sents)
        date = pd.Timestamp(2018, 1, 1) + pd.Timedelta(days=rng.randrange(6 * 365))
        rows.append(
            {
                "doc_id": f"d{i:05d}",
                "date": date,
                "year": date.year,
                "outlet": f"o{i % 7}",
                "side": ("india", "russia", "other")[i % 3],
                "text": text,
                "text_norm": normalise.variants(text),
                "included": True,
            }
        )
    return pd.DataFrame(rows).astype({"year": "Int64", "date": "datetime64[ns]"})


def naive_mattr(words: list[str], window: int) -> float:
    ttrs = [len(set(words[i : i + window])) / window for i in range(len(words) - window + 1)]
    return sum(ttrs) / len(ttrs)


def timed(label: str, fn, n_docs: int) -> None:
    start = time.perf_counter()
    out = fn()
    secs = time.perf_counter() - start
    print(f"{label:<38} {secs:8.3f} s  {n_docs / secs:10.1f} docs/s  {len(out):7d} rows")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args(argv)
    corpus = synthetic_corpus(args.docs, args.words)
    terms = ["defence", "AK-203", "Make in India", "strategic partnership", "S-400", "2+2"]
    print(f"synthetic corpus: {args.docs} documents of ~{args.words} words (seed 42)")
    timed("lengths (MATTR 50; first Punkt pass)", lambda: explore.lengths(corpus), args.docs)
    timed(
        "frequent_terms n=1 (n-gram engine)",
        lambda: explore.frequent_terms(corpus, n=1),
        args.docs,
    )
    timed(
        "frequent_terms n=3 (n-gram engine)",
        lambda: explore.frequent_terms(corpus, n=3),
        args.docs,
    )
    timed("collocations", lambda: explore.collocations(corpus), args.docs)
    timed("kwic (6 terms)", lambda: concordance.kwic(corpus, terms), args.docs)
    timed("dispersion (6 terms)", lambda: concordance.dispersion(corpus, terms), args.docs)
    timed("mentions (default table)", lambda: mentions.mentions(corpus), args.docs)

    rng = random.Random(7)
    words = [rng.choice(VOCAB) for _ in range(20_000)]
    for window in (50, 500):
        t0 = time.perf_counter()
        fast = explore.mattr(words, window=window)
        t1 = time.perf_counter()
        slow = naive_mattr(words, window)
        t2 = time.perf_counter()
        assert abs(fast - slow) < 1e-12
        print(
            f"MATTR of 20,000 words, window {window}: sliding {t1 - t0:.4f} s, "
            f"naive {t2 - t1:.4f} s, x{(t2 - t1) / (t1 - t0):.0f}"
        )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
