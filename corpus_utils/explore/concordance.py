"""Where the watched terms occur: keyword in context (KWIC) and lexical dispersion.

Matching. A watched term ("S-400", "Make in India", "strategic partnership") goes through the same
clean-up and spelling variants as the corpus (``normalise.text``, ``normalise.variants``), so
"defense" finds "defence" and "AK 203" finds "AK-203". It is then looked up as a sequence of word
tokens in the lower-cased word tokens of ``text_norm``: whole words only, case-insensitive, and the
punctuation between the words must be the term's own (none for "strategic partnership", so
"strategic, partnership" is no match; "&" for "Special & Privileged").

Original wording. KWIC lines quote ``text``, not ``text_norm``: ``wording.token_map`` maps the word
tokens of ``text_norm`` onto those of ``text`` (they differ only where a spelling variant replaced
some), so a match in ``text_norm`` maps to a character span of ``text``, and ``window`` original
words on each side make the context. (Searching ``text`` with a regex that accepts every variant
would need the variant table inverted; the mapping needs nothing.)

Dispersion. The dated included documents are laid end to end in date order; each occurrence of a
term gets its token offset in that concatenation: the data of a lexical dispersion plot
(as NLTK's ``Text.dispersion_plot``), which shows whether a term runs through the years or
clusters in a few documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

import pandas as pd

from ..corpus import normalise, tokens, wording
from ..corpus.selection import by_date, select
from ..engine import processes

_NEEDED = ("date", "text", "text_norm")

KWIC_COLUMNS = ["doc_id", "date", "term", "left", "match", "right", "year", "position"]
DISPERSION_COLUMNS = ["term", "doc_id", "date", "year", "offset", "doc_start", "position"]


@dataclass(frozen=True)
class Term:
    """A watched term as given, and the word tokens and in-between punctuation it matches."""

    label: str
    words: tuple[str, ...]
    gaps: tuple[str, ...]


def _gaps(text: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """Punctuation between consecutive word tokens, whitespace removed."""
    gaps = (text[a[1] : b[0]] for a, b in zip(spans, spans[1:], strict=False))
    return tuple("" if g == " " else "".join(g.split()) for g in gaps)


def watch_terms(terms: str | Iterable[str]) -> list[Term]:
    """Parse watched terms (one string or a list); duplicates dropped, order kept. An empty list
    is no term: ``kwic`` and ``dispersion`` then give empty tables (watch lists chosen from a
    corpus may be empty, ``explore.watch``)."""
    if isinstance(terms, str):
        terms = [terms]
    out: list[Term] = []
    seen: set[str] = set()
    for label in terms:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"each watched term must be a non-empty string, got {label!r}")
        label = label.strip()
        if label in seen:
            continue
        seen.add(label)
        norm = normalise.variants(normalise.text(label))
        spans = tokens.word_spans(norm)
        if not spans:
            raise ValueError(f"watched term {label!r} has no word in it")
        out.append(Term(label, tuple(norm[a:b].lower() for a, b in spans), _gaps(norm, spans)))
    return out


_WORD = re.compile(tokens.WORD_PATTERN)


class _Tokens:
    """Word tokens of one text: lower-cased words, character spans, punctuation gaps."""

    def __init__(self, text: str):
        self.text = text
        # tokens.word_spans without NLTK's per-match wrapper: same pattern, a third of the time
        self.spans = [m.span() for m in _WORD.finditer(text)]
        self.words = [text[a:b].lower() for a, b in self.spans]
        self.gaps = _gaps(text, self.spans)
        self._first: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self._first.setdefault(w, []).append(i)

    def find(self, term: Term) -> list[int]:
        """Token positions where ``term`` starts."""
        k = len(term.words)
        return [
            i
            for i in self._first.get(term.words[0], [])
            if tuple(self.words[i : i + k]) == term.words and self.gaps[i : i + k - 1] == term.gaps
        ]


_PUNCT_AFTER = re.compile(r"[^\w\s]*")


def _punct_before(text: str, at: int) -> int:
    """Move ``at`` back over punctuation attached to the word that starts there."""
    while at > 0 and not (text[at - 1].isspace() or text[at - 1].isalnum() or text[at - 1] == "_"):
        at -= 1
    return at


def _context(text: str, a: int, b: int) -> str:
    return re.sub(r"\s+", " ", text[a:b]).strip()


def _kwic_rows(docs: pd.DataFrame, *, watched: list[Term], window: int) -> list[dict]:
    """The rows of ``kwic`` for ``docs``, in their order (any chunk of them: ``engine.processes``)."""
    rows = []
    for doc in docs.itertuples(index=False):
        norm = _Tokens(doc.text_norm)
        hits = [(t_idx, t, i) for t_idx, t in enumerate(watched) for i in norm.find(t)]
        if not hits:
            continue
        orig = norm if doc.text == doc.text_norm else _Tokens(doc.text)  # the usual case: one text
        mapping = wording.token_map(orig.words, norm.words)
        for t_idx, term, i in hits:
            start = mapping[i][0]
            end = max(mapping[i + len(term.words) - 1][1], start + 1)
            a, b = orig.spans[start][0], orig.spans[end - 1][1]
            left_at, right_at = a, b
            if window:  # widen to whole words, with punctuation attached to the outer ones
                left_at = _punct_before(doc.text, orig.spans[max(start - window, 0)][0])
                right_at = _PUNCT_AFTER.match(
                    doc.text, orig.spans[min(end + window, len(orig.spans)) - 1][1]
                ).end()
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "date": doc.date,
                    "term": term.label,
                    "left": _context(doc.text, left_at, a),
                    "match": _context(doc.text, a, b),
                    "right": _context(doc.text, b, right_at),
                    "year": doc.year,
                    "position": start,
                    "_t": t_idx,
                }
            )
    return rows


def kwic(corpus: pd.DataFrame, terms: str | Iterable[str], *, window: int = 8) -> pd.DataFrame:
    """Keyword in context for each watched term over the included documents.

    Columns: doc_id, date, term (as given), left, match, right (the original wording of ``text``,
    ``window`` words each side with the punctuation attached to them, whitespace collapsed), year,
    position (word index of the match in
    ``text``). Sorted by date (undated last), doc_id, position, then term order.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"window must be an integer >= 0, got {window!r}")
    watched = watch_terms(terms)
    docs = by_date(select(corpus, columns=_NEEDED))
    rows = processes.rows(_kwic_rows, docs, watched=watched, window=window, desc="kwic: documents")
    out = pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "_t"])
    out = out.sort_values(["date", "doc_id", "position", "_t"], na_position="last", kind="mergesort")
    out = out.drop(columns="_t").reset_index(drop=True)
    return out.astype({"date": "datetime64[ms]", "year": "Int64", "position": "int64"})


def document_offsets(corpus: pd.DataFrame) -> pd.DataFrame:
    """The dated included documents end to end in date order: doc_id, date, year, doc_start (token
    offset of the first word), n_tokens (word tokens of ``text_norm``)."""
    docs = by_date(select(corpus, dated=True, columns=_NEEDED))
    n_tokens = [sum(1 for _ in _WORD.finditer(t)) for t in docs["text_norm"]]
    starts = list(accumulate(n_tokens[:-1], initial=0)) if n_tokens else []
    out = pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "date": docs["date"],
            "year": docs["year"],
            "doc_start": starts,
            "n_tokens": n_tokens,
        }
    )
    return out.astype({"date": "datetime64[ms]", "year": "Int64", "doc_start": "int64", "n_tokens": "int64"})


def dispersion(corpus: pd.DataFrame, terms: str | Iterable[str]) -> pd.DataFrame:
    """One row per occurrence of each watched term in the dated included corpus, in date order.

    Columns: term, doc_id, date, year, offset (token offset in the concatenated corpus),
    doc_start (offset of the document's first token), position (offset - doc_start).
    Sorted by offset, then term order. ``document_offsets`` gives every document's span.
    """
    watched = watch_terms(terms)
    docs = by_date(select(corpus, dated=True, columns=_NEEDED))
    rows = []
    doc_start = 0
    for doc in docs.itertuples(index=False):
        norm = _Tokens(doc.text_norm)
        for t_idx, term in enumerate(watched):
            for i in norm.find(term):
                rows.append(
                    {
                        "term": term.label,
                        "doc_id": doc.doc_id,
                        "date": doc.date,
                        "year": doc.year,
                        "offset": doc_start + i,
                        "doc_start": doc_start,
                        "position": i,
                        "_t": t_idx,
                    }
                )
        doc_start += len(norm.words)
    out = pd.DataFrame(rows, columns=[*DISPERSION_COLUMNS, "_t"])
    out = out.sort_values(["offset", "_t"], kind="mergesort").drop(columns="_t").reset_index(drop=True)
    return out.astype(
        {
            "date": "datetime64[ms]",
            "year": "Int64",
            "offset": "int64",
            "doc_start": "int64",
            "position": "int64",
        }
    )
