"""From raw scraped text to the article body: header, title, boilerplate, dek, broken paragraphs, repeats.

``document(raw)`` returns the article body, its title, its dek (standfirst) and every removal as ``(rule, text)``.
Each stage is a small function so a user can run them one by one on a document that puzzles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import boilerplate, dates, metadata, normalise

# a fast split, good enough to find a sentence repeated verbatim (both copies split alike): the
# whitespace after ., ! or ? (and a closing quote) before a capital, a digit or an opening quote
_SENTENCE_GAP = re.compile(r"[.!?][\"')]?(\s+)(?=[\"'(]?[A-Z0-9])")
_SHORT = 20_000  # characters of earlier text searched as one string; beyond, an index of word runs


def sentences(para: str) -> list[str]:
    """The sentences of a paragraph, cut at each ``_SENTENCE_GAP`` (the scan stops only at . ! ?,
    not at every space, so it is four times faster than a split on look-behinds)."""
    out, start = [], 0
    for m in _SENTENCE_GAP.finditer(para):
        out.append(para[start : m.start(1)])
        start = m.end(1)
    out.append(para[start:])
    return out


@dataclass
class Cleaned:
    text: str
    title: str
    title_source: str
    removed: list[tuple[str, str]] = field(default_factory=list)
    dek: str = ""
    keys: list[str] = field(default_factory=list)  # the text's sentence keys (``duplicates.keyed``)


def _key(s: str) -> str:
    return normalise.fold(s)


def drop_header(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Remove the `` date YYYY-MM-DD <junk>`` first line (its date is read separately)."""
    if lines and dates.HEADER.match(lines[0]):
        return lines[1:], [("date_header", lines[0].strip())]
    return lines, []


def split_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first non-empty line is the title when it reads like a headline and text follows it."""
    for i, line in enumerate(lines):
        if line.strip():
            if metadata.is_headline(line.strip()) and any(ln.strip() for ln in lines[i + 1 :]):
                return line.strip().rstrip(";:,").strip(), lines[i + 1 :]
            break
    return "", lines


def split_dek(paras: list[str], *, max_words: int = 40) -> tuple[str, list[str]]:
    """The standfirst (dek, sub-headline) right under a headline: a first paragraph of one line that
    does not end like a sentence ("Discusses issues of defence cooperation between India and
    Russia"), with more text after it. It is metadata, not body text: a sentence it shares with
    the body is then kept in the body, where it stands in the article's own flow."""
    if len(paras) < 2:
        return "", paras
    first = paras[0].strip()
    if metadata.is_headline(first) and len(first.split()) <= max_words:
        return first.rstrip(";:,").strip(), paras[1:]
    return "", paras


def paragraphs(lines: list[str]) -> list[str]:
    """Each non-empty line is a paragraph; a paragraph broken mid-sentence is joined again."""
    return normalise.join_broken_paragraphs([ln for ln in lines if ln.strip()])


def _earlier_copy(words: list[str], seen: list[str], index: dict[int, list[int]], k: int) -> bool:
    """Whether ``words`` occur, contiguous and in order, in ``seen``. ``index`` maps the hash of
    every run of ``k`` words of ``seen`` to its start positions: a copy must contain each run of
    ``words``, so one missing run rules it out, and only the starts of the rarest run are checked
    (word by word, so a hash collision costs time, never a wrong answer)."""
    best, best_at = None, 0
    for i in range(len(words) - k + 1):
        starts = index.get(hash(tuple(words[i : i + k])))
        if starts is None:
            return False
        if best is None or len(starts) < len(best):
            best, best_at = starts, i
            if len(best) == 1:
                break
    m = len(words)
    return any(s - best_at >= 0 and seen[s - best_at : s - best_at + m] == words for s in best or ())


def _add_runs(index: dict[int, list[int]], seen: list[str], start: int, k: int) -> None:
    """Index the runs of ``k`` words of ``seen`` that start at ``start`` or later."""
    runs = zip(*(seen[start + j :] for j in range(k)), strict=False)
    for i, run in enumerate(runs, start):
        h = hash(run)
        found = index.get(h)
        if found is None:
            index[h] = [i]
        else:
            found.append(i)


def sentence_keys(paras: list[str]) -> list[list[str]]:
    """Per paragraph, the ``normalise.fold`` key of each of its sentences (``sentences``), all
    folded in one call: each sentence gap becomes a NUL word and each paragraph break a SOH word,
    marks ``fold`` keeps, and the folded text is cut at them. (Paragraphs holding either mark
    themselves have their sentences folded one by one.)"""
    if not paras or any("\x00" in p or "\x01" in p for p in paras):
        return [[_key(x) for x in sentences(p) if x.strip()] for p in paras]
    folded = normalise.fold(_SENTENCE_MARK.sub("\\1 \x00 ", " \x01 ".join(paras))).split("\x01")
    return [
        [k.strip() for k in f.split("\x00")] if p.strip() else [] for p, f in zip(paras, folded, strict=True)
    ]


_SENTENCE_MARK = re.compile(r"([.!?][\"')]?)\s+(?=[\"'(]?[A-Z0-9])")  # ``_SENTENCE_GAP``, the gap replaced


def drop_repeats(paras: list[str], *, min_words: int = 4) -> tuple[list[str], list[tuple[str, str]]]:
    """``repeats`` without the sentence keys."""
    out, removed, _ = repeats(paras, min_words=min_words)
    return out, removed


def repeats(paras: list[str], *, min_words: int = 4) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Keep the first copy of a passage repeated in the document (an embedded tweet quoted
    twice): a paragraph whose words all appear, in order, earlier in the document; then a
    sentence repeated verbatim. Linear in the length of the document: while the earlier words
    are short (``_SHORT`` characters, a news article) they are searched as one string, " w1 w2 ";
    past that they are indexed by runs of ``min_words`` words, never searched as one growing string.
    Returns the kept paragraphs, the removals and the sentence keys of the kept text, in order
    (cut and folded once here, they are the keys ``duplicates.sentence_keys`` gives for the text)."""
    k = min_words
    removed: list[tuple[str, str]] = []
    seen_words: list[str] = []  # the earlier words, once indexed
    seen_text: str | None = " "  # the earlier words joined, while short; None once indexed
    index: dict[int, list[int]] = {}
    split: list[tuple[str, list[str]]] = []  # kept paragraphs: text, sentence keys
    for para, keys in zip(paras, sentence_keys(paras), strict=True):
        # the key of a paragraph is its sentence keys joined
        joined = " ".join(filter(None, keys))
        n = joined.count(" ") + 1 if joined else 0
        if n >= k:
            if seen_text is not None:
                copy = f" {joined} " in seen_text
            else:
                copy = _earlier_copy(joined.split(), seen_words, index, k)
            if copy:
                removed.append(("repeated_passage", para))
                continue
        if keys:
            split.append((para, keys))
        if not n:
            continue
        if seen_text is not None:
            seen_text += joined + " "
            if len(seen_text) > _SHORT:
                seen_words = seen_text.split()
                seen_text = None
                _add_runs(index, seen_words, 0, k)
        else:
            start = max(0, len(seen_words) - k + 1)
            seen_words += joined.split()
            _add_runs(index, seen_words, start, k)
    long_keys = [key for _, keys in split for key in keys if key.count(" ") + 1 >= k]
    if len(set(long_keys)) == len(long_keys):  # no sentence repeated: every kept paragraph stays whole
        return [para for para, _ in split], removed, [key for _, keys in split for key in keys]
    seen: set[str] = set()
    out: list[str] = []
    kept_keys: list[str] = []
    for para, keys in split:
        keep, sents = [], [x for x in sentences(para) if x.strip()]
        for s, key in zip(sents, keys, strict=True):
            if key.count(" ") + 1 >= k and key in seen:
                removed.append(("repeated_sentence", s))
                continue
            seen.add(key)
            keep.append(s)
            kept_keys.append(key)
        if keep:
            out.append(para if len(keep) == len(sents) else " ".join(keep))
    return out, removed, kept_keys


def document(raw: str, *, rules: str | None = None) -> Cleaned:
    """Clean one raw document."""
    lines = normalise.text(raw).split("\n")
    # the header is matched on the raw first line (a leading space is part of the format)
    lines, removed = drop_header(lines)
    title, body_lines = split_title(lines)
    body_lines, cut = boilerplate.strip_lines(body_lines, table=rules)
    removed += cut
    paras = paragraphs(body_lines)
    dek, paras = split_dek(paras) if title else ("", paras)
    paras, repeated, keys = repeats(paras)
    removed += repeated
    text = "\n\n".join(paras)
    if title:
        return Cleaned(text, title, "headline", removed, dek, keys)
    return Cleaned(text, metadata.fallback_title(text), "first_words", removed, dek, keys)
