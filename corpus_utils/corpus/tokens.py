"""Sentences and words with NLTK and no downloaded NLTK data.

Sentences: NLTK's Punkt tokenizer, untrained, with the abbreviations of ``data/abbreviations.txt``
filled into its parameters (so "Gen. Shoigu met Mr. Singh." stays one sentence).
Words: one regular expression that keeps model names and amounts whole ("AK-203", "S-400", "2+2",
"₹5,000", "Su-30MKI", "11356"), run with the standard library's ``re`` (what NLTK's
``RegexpTokenizer`` does with it, without its wrapper around the slower ``regex`` module: 10 times
faster on short texts, the same tokens).
Segments: runs of words between punctuation marks and line breaks, where every n-gram of the
package is taken (``segments``).
Stop words: ``data/stopwords_en.txt``, a plain list a researcher can edit.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING

from ..paths import data_file

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# amounts with a currency sign; words and numbers joined by - + . ' / (AK-203, 2+2, U.S., Shoigu's)
WORD_PATTERN = r"[₹$€£]\d[\d,]*(?:\.\d+)?|\w+(?:[-+'.&/]\w+)*"
# a word, a run of punctuation, or a line break: the tokens that ``segments`` cuts at
SEGMENT_RE = re.compile(WORD_PATTERN + r"|[^\w\s]+|\n")
WORDLIKE = re.compile(r"\w|[₹$€£]\d")
WORD_RE = re.compile(WORD_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL)  # RegexpTokenizer's flags


def import_nltk() -> None:
    """Import NLTK without two imports its package import makes for parts we never use: scipy.stats
    (0.7 s of each kernel, for the Fisher test of ``nltk.metrics``; NLTK's other uses of scipy.stats
    fall back on their own code) and scikit-learn (0.2 s, for ``nltk.classify.SklearnClassifier``,
    which catches the ImportError). That Fisher test imports scipy.stats on its first call instead."""
    if "nltk" in sys.modules:
        return
    blocked = [name for name in ("scipy.stats", "sklearn") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment] - import fails, NLTK does without
    try:
        import nltk  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]

    def fisher_exact(*args, **kwargs):
        from scipy.stats import fisher_exact

        return fisher_exact(*args, **kwargs)

    sys.modules["nltk.metrics.association"].fisher_exact = fisher_exact  # (``nltk.metrics`` is shadowed)


def _read_list(name: str) -> list[str]:
    lines = data_file(name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English stop words shipped as package data (lower case)."""
    return frozenset(w.lower() for w in _read_list("stopwords_en.txt"))


# a candidate sentence end Punkt settles without its token passes: a word of two or more ASCII
# letters, a period, whitespace and a next token
_PLAIN_END = re.compile(r"([A-Za-z]{2,})\.\s+\S")


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    import_nltk()
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    class Punkt(PunktSentenceTokenizer):
        """Punkt, answering its most frequent question directly. For a candidate end "word. Next"
        (``_PLAIN_END``) with a word that is not an abbreviation, Punkt's first pass marks a break
        (a period-final token that is no abbreviation, ellipsis or lone initial), and its second
        pass keeps it: that pass changes only abbreviations, ellipses, initials, numbers and
        learned collocations, and these parameters hold no collocation. Half of the time spent
        splitting a news article into sentences went into these checks; the spans are Punkt's
        (tested against the plain tokenizer)."""

        def text_contains_sentbreak(self, text: str) -> bool:
            m = _PLAIN_END.match(text)
            if m and not self._params.collocations and m.group(1).lower() not in self._params.abbrev_types:
                return True
            return super().text_contains_sentbreak(text)

    params = PunktParameters()
    params.abbrev_types = {a.lower().rstrip(".") for a in _read_list("abbreviations.txt")}
    return Punkt(params)


def sentences(text: str) -> list[str]:
    """Split a text into sentences; paragraph breaks always end a sentence."""
    tok = _sentence_tokenizer()
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if para:
            out.extend(s.strip() for s in tok.tokenize(para) if s.strip())
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (paragraph breaks end a sentence)."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        spans.extend((m.start() + start, m.start() + end) for start, end in _line_spans(m.group()))
    return spans


@lru_cache(maxsize=100_000)  # syndicated copy repeats its paragraphs word for word
def _line_spans(line: str) -> tuple[tuple[int, int], ...]:
    return tuple(_sentence_tokenizer().span_tokenize(line))


def words(text: str, *, lower: bool = False) -> list[str]:
    """Word tokens (no punctuation). Keeps "AK-203", "S-400", "2+2" and "₹5,000" whole."""
    toks = WORD_RE.findall(text)
    toks = [t.rstrip(".") if t.endswith(".") and t.count(".") == 1 else t for t in toks]
    return [t.lower() for t in toks] if lower else toks


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens of ``text``."""
    return [m.span() for m in WORD_RE.finditer(text)]


def segments(text: str, *, lower: bool = True) -> list[list[str]]:
    """Runs of words between punctuation marks and line breaks: n-grams never bridge a comma, a
    quote or a sentence end. Punkt ends a sentence only after a punctuation mark or at a line break,
    so these are the runs of each of ``sentences(text)``, found without running Punkt."""
    runs: list[list[str]] = [[]]
    for tok in SEGMENT_RE.findall(text):
        if WORDLIKE.match(tok):
            runs[-1].append(tok.lower() if lower else tok)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def is_stopword(token: str) -> bool:
    return token.lower() in stopwords()
