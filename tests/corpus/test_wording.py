"""The one mapping from normalised tokens back to the original wording (``corpus.wording``)."""

from __future__ import annotations

import pytest

from corpus_utils.corpus import wording


@pytest.mark.parametrize(
    ("orig", "norm", "expected"),
    [
        ("a b c", "a b c", [(0, 1), (1, 2), (2, 3)]),
        ("sergey met x", "sergei met x", [(0, 1), (1, 2), (2, 3)]),  # one to one
        ("the ak 203 deal", "the ak-203 deal", [(0, 1), (1, 3), (3, 4)]),  # two to one
        (
            "the make-in-india plan",
            "the make in india plan",
            [(0, 1), (1, 2), (1, 2), (1, 2), (2, 3)],
        ),
        ("two plus two talks", "2+2 talks", [(0, 3), (3, 4)]),
        # several variants side by side: split by the letters they share
        ("ak203 aatma nirbhar bharat", "ak-203 atmanirbhar bharat", [(0, 1), (1, 3), (3, 4)]),
        ("two plus two aatma nirbhar x", "2+2 atmanirbhar x", [(0, 3), (3, 5), (5, 6)]),
        (
            "x make-in-india ak 203 y",
            "x make in india ak-203 y",
            [(0, 1), (1, 2), (1, 2), (1, 2), (2, 4), (4, 5)],
        ),
    ],
)
def test_token_map(orig, norm, expected):
    assert wording.token_map(orig.split(), norm.split()) == expected


def test_token_map_falls_back_to_difflib_when_runs_differ_too_far():
    orig = "a b c d e f g h".split()
    norm = "x y z w v u g h".split()
    out = wording.token_map(orig, norm, reach=2)
    assert out[-2:] == [(6, 7), (7, 8)]
    assert all(0 <= a < b <= 6 for a, b in out[:-2])


@pytest.mark.parametrize(
    ("orig", "norm", "i", "j", "expected"),
    [
        ("the AK 203 deal", "the AK-203 deal", 1, 2, "AK 203"),  # one normalised token, two original
        ("the Make-in-India plan", "the Make in India plan", 1, 4, "Make-in-India"),
        ("the Make-in-India plan", "the Make in India plan", 2, 3, "Make-in-India"),  # inside a run
        ("Sergey met Rajnath", "Sergei met Rajnath", 0, 3, "Sergey met Rajnath"),
        ("a b c", "a b c", 2, 3, "c"),
    ],
)
def test_char_span_quotes_the_original_wording(orig, norm, i, j, expected):
    spans = [(m, m + len(w)) for m, w in _positions(orig)]
    mapping = wording.token_map([orig[a:b] for a, b in spans], norm.split())
    a, b = wording.char_span(mapping, spans, i, j)
    assert orig[a:b] == expected


def _positions(text):
    out, at = [], 0
    for w in text.split():
        at = text.index(w, at)
        out.append((at, w))
        at += len(w)
    return out


def test_char_span_without_original_tokens():
    assert wording.char_span([(0, 0)], [], 0, 1) == (0, 0)
