"""Batched local alignment (``alignment.local_many``): the same alignments, ties and bound as
``dp`` one pair at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_utils.phrases import alignment


def words(text: str) -> np.ndarray:
    return np.array([ord(w[0]) for w in text.split()], dtype=np.uint64)


def stops(text: str) -> np.ndarray:
    return np.array([w in {"of", "the"} for w in text.split()], dtype=bool)


@pytest.mark.parametrize(
    ("a", "b", "score", "ops", "content"),
    [
        ("a b c d", "a b c d", 8, "====", 4),
        ("a b c d", "a x c d", 5, "=~==", 3),
        ("a b c d", "a c d", 5, "=-==", 3),
        ("q a b c", "a b c r", 6, "===", 3),
        ("a b", "x y", 0, "", 0),
        ("of the of", "of the x", 4, "==", 0),  # stop words match but are no content
    ],
)
def test_local_many_cases(a, b, score, ops, content):
    pair = (words(a), words(b), stops(a), stops(b))
    (found_content, al), *_ = alignment.local_many([pair, pair], 2, -1, -1)
    assert (al.score, "".join(op for op, _, _ in al.ops), found_content) == (score, ops, content)
    assert al == alignment.dp(words(a), words(b), 2, -1, -1, local=True)


def test_ties_pick_the_same_cell_as_dp():
    a, b = words("k"), words("k x k")  # two cells score 2: the last one
    ((_, al),) = alignment.local_many([(a, b, np.zeros(1, bool), np.zeros(3, bool))], 2, -1, -1)
    assert (al.start_a, al.end_a, al.start_b, al.end_b) == (0, 1, 2, 3)
    assert al == alignment.dp(a, b, 2, -1, -1, local=True)


sequences = st.lists(st.integers(1, 4), min_size=0, max_size=30)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(sequences, sequences), min_size=1, max_size=12),
    st.sampled_from([(2, -1, -1), (3, 0, -2), (1, -1, -1)]),
    st.integers(2_000, 1 << 22),
)
def test_local_many_equals_dp_pair_by_pair(pairs, scores, cells):
    arrays = [(np.array(x, np.uint64), np.array(y, np.uint64)) for x, y in pairs]
    batch = [(x, y, x == 1, y == 1) for x, y in arrays]  # word 1 plays the stop word
    found = alignment.local_many(batch, *scores, cells=cells)
    for (x, y, stop_x, stop_y), (content, al) in zip(batch, found, strict=True):
        assert al == alignment.dp(x, y, *scores, local=True)
        assert content == int(np.isin(x[~stop_x], y[~stop_y]).sum())
