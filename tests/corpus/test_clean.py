"""clean.drop_repeats: which passages go, and a cost that grows with the length of the document."""

from __future__ import annotations

import random
import time

import pytest

from corpus_utils.corpus import clean

A = "India and Russia signed the agreement on rifles."
B = "The ministers met in Moscow on Friday afternoon."
C = "Officials said talks would resume next month."


@pytest.mark.parametrize(
    ("paras", "kept", "rules"),
    [
        ([A, B, A], [A, B], ["repeated_passage"]),
        ([A, B, "signed the agreement on rifles. The ministers met"], [A, B], ["repeated_passage"]),
        ([A, "India and Russia signed an agreement"], [A, "India and Russia signed an agreement"], []),
        ([A, "and Russia signed"], [A, "and Russia signed"], []),  # under four words: kept
        ([A, f"{C} {B}", B], [A, f"{C} {B}"], ["repeated_passage"]),
        ([f"{A} {B}", f"{C} {A}"], [f"{A} {B}", C], ["repeated_sentence"]),
        ([A.upper(), A], [A.upper()], ["repeated_passage"]),  # compared case-folded
        ([], [], []),
    ],
)
def test_drop_repeats(paras, kept, rules):
    out, removed = clean.drop_repeats(paras)
    assert out == kept
    assert [rule for rule, _ in removed] == rules


def test_drop_repeats_is_linear():
    """40,000 distinct paragraphs (about 3 MB): the old growing-string search took over 10 s of CPU."""
    rng = random.Random(0)
    words = [f"w{i}" for i in range(5000)]
    paras = [" ".join(rng.choice(words) for _ in range(12)) + "." for _ in range(40_000)]
    paras += paras[:100]  # repeats at the end are found
    start = time.process_time()
    out, removed = clean.drop_repeats(paras)
    assert time.process_time() - start < 8
    assert len(out) == 40_000 and len(removed) == 100
