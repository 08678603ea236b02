"""Where the watched terms occur: keyword in context (KWIC) and lexical dispersion.

Matching. A watched term ("S-400", "Make in India", "strategic partnership") goes through the same
clean-up and spelling variants as the corpus (``normalise.text``, ``normalise.variants``), so
"defense" finds "defence" and "AK 203" finds "AK-203". It is then looked up as a sequence of word
tokens in the lower-cased word tokens of ``text_norm``: whole words only, case-insensitive, and the
punctuation between the words must be the term's own (none for "strategic partnership", so
"strategic, partnership" is no match; "&" for "Special & Privileged").

Original wording. KWIC lines quote ``text``, not ``text_norm``. Both have the same word tokens
except where a variant replaced some ("AK 203" -> "AK-203" is two words to one,
"Make-in-India" -> "Make in India" one to three). ``align`` maps one token sequence onto the
other: identity when they are equal (the usual case); otherwise it walks both and, where they part,
resynchronises at the nearest point where a few tokens agree again (difflib's ``SequenceMatcher``
takes over if none is near). A run of normalised tokens that replaced a run of original ones maps
to that whole run. A match in ``text_norm`` thus maps to a character span of ``text``, and
``window`` original words on each side make the context. (Searching ``text`` with a regex that
accepts every variant would need the variant table inverted; the alignment needs nothing.)

Dispersion. The dated included documents are laid end to end in date order; each occurrence of a
term gets its token offset in that concatenation: the data of a lexical dispersion plot
(as NLTK's ``Text.dispersion_plot``), which shows whether a term runs through the years or
clusters in a few documents.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

import pandas as pd
from matplotlib.figure import Figure

from ..corpus import normalise, tokens
from .lexical import included

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
    """Parse watched terms (one string or a list); duplicates dropped, order kept."""
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
    if not out:
        raise ValueError("give at least one watched term")
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


def _block(out: list, i: int, di: int, j: int, dj: int, n_orig: int) -> None:
    """Map the replaced run norm[j:j+dj] onto orig[i:i+di]."""
    if di == dj:  # one-to-one (Sergey -> Sergei)
        for k in range(dj):
            out[j + k] = (i + k, i + k + 1)
    else:  # "AK 203" -> "AK-203", "Make-in-India" -> "Make in India": each new token, the whole run
        run = (i, i + di) if di else ((i, i + 1) if i < n_orig else (i - 1, i))
        for k in range(dj):
            out[j + k] = run


def _split(out: list, orig: list[str], norm: list[str], i: int, di: int, j: int, dj: int) -> None:
    """Map a run of several variants ("AK203 Aatma Nirbhar" -> "AK-203 Atmanirbhar") token by
    token, by the letters and digits they share (difflib on characters); a new token that shares
    none ("2+2" for "two plus two") takes the original tokens between its neighbours'."""
    chars: list[list[tuple[str, int]]] = [[], []]
    for side, toks, base in ((0, orig, i), (1, norm, j)):
        for k in range(base, base + (di if side == 0 else dj)):
            chars[side] += [(ch, k) for ch in toks[k] if ch.isalnum()]
    matcher = difflib.SequenceMatcher(
        None, [c for c, _ in chars[0]], [c for c, _ in chars[1]], autojunk=False
    )
    owners: dict[int, list[int]] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            owners.setdefault(chars[1][b + k][1], []).append(chars[0][a + k][1])
    lo = i
    for k in range(j, j + dj):
        if k in owners:
            start, end = max(min(owners[k]), lo), max(owners[k]) + 1
            out[k] = (start, max(end, start + 1))
            lo = out[k][0]
        else:
            later = [min(owners[m]) for m in range(k + 1, j + dj) if m in owners]
            end = max(later[0], lo + 1) if later else i + di
            out[k] = (lo, min(max(end, lo + 1), i + di))


def align(orig: list[str], norm: list[str], *, reach: int = 12, anchor: int = 3) -> list[tuple[int, int]]:
    """For each token of ``norm``, the range [start, end) of ``orig`` tokens it stands for.

    Walks both sequences together; where they part, finds the nearest point (fewest skipped tokens,
    at most ``reach`` on each side) where ``anchor`` tokens agree again, and maps the run in
    between (with ``difflib.SequenceMatcher`` when the run holds several variants, so the words
    they share map one to one). Variants change a few words at a time, so this is linear; if no
    such point exists, ``difflib.SequenceMatcher`` aligns the rest."""
    if orig == norm:
        return [(i, i + 1) for i in range(len(norm))]
    out: list[tuple[int, int]] = [(0, 0)] * len(norm)
    i = j = 0
    n_orig, n_norm = len(orig), len(norm)
    while j < n_norm:
        if i < n_orig and orig[i] == norm[j]:
            out[j] = (i, i + 1)
            i, j = i + 1, j + 1
            continue
        found = None
        for total in range(1, 2 * reach + 1):
            steps = sorted(
                range(max(0, total - reach), min(total, reach) + 1),
                key=lambda d: abs(2 * d - total),
            )
            for di in steps:
                dj = total - di
                a, b = orig[i + di : i + di + anchor], norm[j + dj : j + dj + anchor]
                if a == b and (len(a) == anchor or (i + di + len(a) == n_orig and j + dj + len(b) == n_norm)):
                    found = (di, dj)
                    break
            if found:
                break
        if found is None:  # too far apart for the walk: let difflib align the rest
            _diff(out, orig, norm, i, n_orig, j, n_norm)
            break
        di, dj = found
        if di > 1 and dj > 1:  # variants close together: align the words they share inside the run
            _diff(out, orig, norm, i, i + di, j, j + dj)
        else:
            _block(out, i, di, j, dj, n_orig)
        i, j = i + di, j + dj
    return out


def _diff(out: list, orig: list[str], norm: list[str], i1: int, i2: int, j1: int, j2: int) -> None:
    """Align orig[i1:i2] with norm[j1:j2] with difflib (equal runs one to one)."""
    matcher = difflib.SequenceMatcher(None, orig[i1:i2], norm[j1:j2], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "replace" and a2 - a1 > 1 and b2 - b1 > 1 and a2 - a1 != b2 - b1:
            _split(out, orig, norm, i1 + a1, a2 - a1, j1 + b1, b2 - b1)
        elif tag != "delete":
            _block(out, i1 + a1, a2 - a1, j1 + b1, b2 - b1, len(orig))


_PUNCT_AFTER = re.compile(r"[^\w\s]*")


def _punct_before(text: str, at: int) -> int:
    """Move ``at`` back over punctuation attached to the word that starts there."""
    while at > 0 and not (text[at - 1].isspace() or text[at - 1].isalnum() or text[at - 1] == "_"):
        at -= 1
    return at


def _context(text: str, a: int, b: int) -> str:
    return re.sub(r"\s+", " ", text[a:b]).strip()


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
    rows = []
    for doc in included(corpus).itertuples(index=False):
        norm = _Tokens(doc.text_norm)
        hits = [(t_idx, t, i) for t_idx, t in enumerate(watched) for i in norm.find(t)]
        if not hits:
            continue
        orig = _Tokens(doc.text)
        mapping = align(orig.words, norm.words)
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
    out = pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "_t"])
    out = out.sort_values(["date", "doc_id", "position", "_t"], na_position="last", kind="mergesort")
    out = out.drop(columns="_t").reset_index(drop=True)
    return out.astype({"date": "datetime64[ns]", "year": "Int64", "position": "int64"})


def document_offsets(corpus: pd.DataFrame) -> pd.DataFrame:
    """The dated included documents end to end in date order: doc_id, date, year, doc_start (token
    offset of the first word), n_tokens (word tokens of ``text_norm``)."""
    docs = included(corpus, dated=True)
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
    return out.astype({"date": "datetime64[ns]", "year": "Int64", "doc_start": "int64", "n_tokens": "int64"})


def dispersion(corpus: pd.DataFrame, terms: str | Iterable[str]) -> pd.DataFrame:
    """One row per occurrence of each watched term in the dated included corpus, in date order.

    Columns: term, doc_id, date, year, offset (token offset in the concatenated corpus),
    doc_start (offset of the document's first token), position (offset - doc_start).
    Sorted by offset, then term order. ``document_offsets`` gives every document's span.
    """
    watched = watch_terms(terms)
    docs = included(corpus, dated=True)
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
            "date": "datetime64[ns]",
            "year": "Int64",
            "offset": "int64",
            "doc_start": "int64",
            "position": "int64",
        }
    )


def plot_dispersion(
    df: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    terms: Iterable[str] | None = None,
    title: str | None = None,
) -> Figure:
    """A lexical dispersion plot of ``dispersion(...)``: one row per term, a tick per occurrence.
    With ``documents`` (``document_offsets(...)``) the x axis spans the whole corpus and dotted lines
    mark where each year begins. Returns a Figure; never calls ``plt.show()``."""
    order = list(dict.fromkeys(terms if terms is not None else df["term"]))
    fig = Figure(figsize=(8, 0.45 * max(len(order), 1) + 1.4), layout="constrained")
    ax = fig.subplots()
    for row, term in enumerate(order):
        x = df.loc[df["term"] == term, "offset"]
        ax.plot(x, [row] * len(x), "|", markersize=12, color="#0072B2")
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(max(len(order), 1) - 0.5, -0.5)
    if documents is not None and not documents.empty:
        firsts = documents.drop_duplicates("year", keep="first")
        for start, year in zip(firsts["doc_start"], firsts["year"], strict=True):
            ax.axvline(start, color="#999999", linestyle=":", linewidth=0.8)
            ax.annotate(
                str(year),
                (start, 1),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=8,
                va="bottom",
            )
        ax.set_xlim(0, int(documents["doc_start"].iloc[-1] + documents["n_tokens"].iloc[-1]))
    if not order:
        ax.text(
            0.5,
            0.5,
            "no watched term occurs in the dated corpus",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    ax.set_xlabel("word offset in the corpus (documents in date order)")
    ax.set_title(
        title or "Where the watched terms occur across the dated corpus",
        loc="left",
        pad=14 if documents is not None else 6,
    )
    return fig
