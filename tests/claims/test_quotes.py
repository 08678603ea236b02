"""Quotations in a paragraph: speech versus scare quotes, nesting, a stray closing quote."""

from __future__ import annotations

import pytest

from corpus_utils.claims import quotes
from corpus_utils.corpus import normalise


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ('"We are ready to cooperate," Shoigu said.', [("We are ready to cooperate,", True)]),
        ('Singh described the meeting as "excellent".', [("excellent", False)]),
        (
            "The level of cooperation is 'unprecedented' and Moscow is ready.",
            [("unprecedented", False)],
        ),
        ("the 'Make-in-India' defence programme and Russia's role", [("Make-in-India", False)]),
        (
            "\"They also discussed the 'Make in India' initiative,\" the ministry added.",
            [("They also discussed the 'Make in India' initiative,", True)],
        ),
        (
            "'The special privileged strategic partnership of our countries is strong,\" the minister said.",
            [("The special privileged strategic partnership of our countries is strong,", True)],
        ),
        (
            'He said "the talks were productive and useful for both countries" on Monday.',
            [("the talks were productive and useful for both countries", True)],
        ),
        (
            'Singh\'s office tweeted,"Had a productive meeting today." tweet read.',
            [("Had a productive meeting today.", True)],
        ),
        (
            '"This quotation goes on into the next paragraph',
            [("This quotation goes on into the next paragraph", True)],
        ),
        ("Shoigu's visit to India and the ministers' talks", []),
    ],
)
def test_find(paragraph, expected):
    assert [(q.text, q.speech) for q in quotes.find(paragraph)] == expected


def test_curly_quotes_after_normalising_keep_offsets():
    text = "\u201cWe are ready to cooperate,\u201d Shoigu said."
    straight = normalise.quotes(text)
    assert len(straight) == len(text)
    (q,) = quotes.find(straight)
    assert text[q.start] == "\u201c" and text[q.end - 1] == "\u201d"


def test_mask_hides_speech_only():
    text = '"We are ready to cooperate," Singh said of the "excellent" talks.'
    masked = quotes.mask(text, quotes.find(text))
    assert len(masked) == len(text)
    assert masked.endswith('Singh said of the "excellent" talks.')
    assert set(masked[:28]) == {"\x01"}
