"""The sentence tokenizer's shortcut gives Punkt's own spans.

``tokens._sentence_tokenizer`` answers "word. Next" candidates without Punkt's token passes;
every split here is compared with NLTK's plain ``PunktSentenceTokenizer`` holding the same
parameters, on the seeds, on generated text and on rows chosen for the cases the shortcut must
leave to Punkt (abbreviations, initials, numbers, ellipses, quotes, hyphens, non-ASCII words).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer

from benchmarks import synthetic
from corpus_utils.corpus import tokens


def plain() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(tokens._sentence_tokenizer()._params)


def same(text: str) -> None:
    assert list(tokens._sentence_tokenizer().span_tokenize(text)) == list(plain().span_tokenize(text))


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Shoigu met Mr. Singh. They talked.",
        "He met J. Bach. Then he left. No. 5 was sold.",
        "It cost 2020. The deal was signed in 2021. Talks... Then more.",
        'He said "yes." Then the "No." And (this.) That.',
        "The U.S. and the U.K. agreed. So did co-operation. Make-in. India.",
        "Über. Straße. Москва. Дели. Ok. ok. OK. A. b. Cc.  Dd.\tEe.",
        "Defence ties. defence ties. DEFENCE. vs. Vs. etc. Etc. e.g. Fig. 3. Prof. Kumar.",
        "end.\nNext. last.",
        "Two words.",
        "",
    ],
)
def test_rows(text):
    same(text)


def test_seeds_and_generated_documents(seeds):
    texts = [*seeds["raw"], *seeds["text"], *(doc["body"] for doc in synthetic.news(300, seed=3)[0])]
    texts += [text for _, text in synthetic.documents(200, seed=5)]
    for text in texts:
        for line in text.split("\n"):
            same(line)


WORDS = st.sampled_from(
    [
        "Gen",
        "Mr",
        "No",
        "no",
        "J",
        "a",
        "AB",
        "India",
        "defence",
        "2020",
        "S-400",
        "U.S",
        "e.g",
        "co-op",
        "Дели",
        "vs",
        "The",
        "it",
        "Ms",
        "Fig",
        "3",
        "said",
        "x1",
    ]
)
GAPS = st.sampled_from([". ", ".  ", ".\t", '. "', '." ', "! ", "? ", " ", ", ", "... ", ".) ", ". (", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, GAPS), max_size=25))
def test_generated_sequences(parts):
    same("".join(w + g for w, g in parts))
