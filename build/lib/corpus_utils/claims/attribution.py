"""Attribution: the speech verb of a sentence, who it names as speaker, and what was said.

``attributions(text, resolver, context)`` reads one sentence (or clause) whose speech quotations
are masked (``quotes.mask``) and returns, left to right, every speech verb of
``data/speech_verbs.csv`` that has a speaker:

- before it: "Singh said (that) ...", "..., Shoigu said on Thursday", "Singh, who ..., said";
  the speaker is the words after the last comma, colon or quotation before the verb (or the whole
  clause when an apposition ends right before it), and the statement is what follows the verb
  (after "that"), or what precedes the speaker when the speaker closes the sentence;
- after it: '"...," said Shoigu';
- after "according to": "according to Shoigu, ..." / "..., according to Shoigu".

A capitalised verb inside a sentence is a name ("Commonwealth of Independent States"), and a verb
after is/was/were/been/be/as/to is a passive or an infinitive ("It was noted that"): neither
attributes anything. Whether the words name a speaker at all is ``speakers.Resolver.resolve``'s call.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import datatable
from ..errors import CorpusError
from . import speakers

_BOUNDARY = re.compile(r"[,;:\x01(]")
CLAUSE_CUT = re.compile(r"(?:,\s*|;\s*|\s+)(?:while|whereas|but|even as)\s+|;\s+|,\s+and\s+")
_PASSIVE = {"is", "was", "were", "are", "been", "be", "being", "as", "to"}
# words after a closing speech verb that do not start a statement: "..., Shoigu said on Thursday"
_TRAILING = {
    "",
    "on",
    "at",
    "in",
    "during",
    "after",
    "before",
    "while",
    "when",
    "today",
    "yesterday",
    "earlier",
    "later",
    "adding",
    "according",
    "in a statement",
    "here",
    "there",
    "this",
    "last",
}


@lru_cache(maxsize=1)
def speech_verbs() -> tuple[dict[str, str], re.Pattern[str]]:
    """``data/speech_verbs.csv`` as ({form: kind}, pattern matching any form)."""
    src = datatable.locate(None, "speech_verbs.csv")
    forms = {}
    for line, row in datatable.rows(src, columns=["form", "kind"], what="speech verbs"):
        if row["kind"] not in ("say", "tell", "act", "source") or not row["form"]:
            raise CorpusError(
                f"{datatable.where(src, line, 'speech verbs')}: kind must be say, tell, act or source"
            )
        forms[re.sub(r"\s+", " ", row["form"].lower())] = row["kind"]
    alts = "|".join(r"\s+".join(map(re.escape, f.split())) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return forms, re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])", re.IGNORECASE)


def _words(s: str) -> int:
    return len(re.findall(r"[^\W_]+", s.replace("\x01", " ")))


def _statement_start(text: str, pos: int, kind: str) -> int:
    """Where the statement after a speech verb starts: after "that" or ":" right after the verb,
    or, for a verb with a listener ("told reporters that"), after "that" within three words."""
    skip = r"(?:[\w'-]+\s+){0,3}?" if kind == "tell" else ""
    m = re.match(r"\s*" + skip + r"that\s+|\s*:\s*|\s*", text[pos:])
    return pos + m.end()


def _phrase_after(text: str, pos: int) -> int:
    """End of the words right after ``pos`` (up to punctuation or a quotation)."""
    stop = _BOUNDARY.search(text, pos)
    return stop.start() if stop else len(text.rstrip(". "))


def _source(text: str, vs: int, ve: int, res, ctx) -> dict | None:
    """ "according to X, ..." (statement after X) or "..., according to X" (statement before)."""
    stop_at = _phrase_after(text, ve)
    sp = res.resolve(text[ve:stop_at], ctx)
    if sp is None:
        return None
    pre = text[:vs].strip(" \x01")
    lead = not pre or all(w.lower() in res.words["adverb"] for w in re.findall(r"\w+", pre))
    return {
        "speaker": sp,
        "content": (stop_at + 1, len(text)) if lead else (0, vs),
        "span": (vs, stop_at),
    }


def _subject_first(text: str, vs: int, ve: int, kind: str, res, ctx) -> dict | None:
    """ "X said (that) ...", "..., X said", "X, who ..., said": the speaker before the verb."""
    before = text[:vs]
    cuts = [b.end() for b in _BOUNDARY.finditer(before)]
    start = cuts[-1] if cuts else 0
    if not before[start:].strip() and before.rstrip().endswith(","):  # an apposition closes the subject
        hard = [b.end() for b in re.finditer(r"[;:\x01]", before)]
        start = hard[-1] if hard else 0
    if not _words(before[start:]):
        return None
    sp = res.resolve(before[start:], ctx)
    if sp is None:
        return None
    first = re.findall(r"[\w']+", text[ve:].strip(" .,\x01").lower())[:1]
    if start > 0 and _words(before[:start]) >= 3 and (not first or first[0] in _TRAILING):
        content = (0, start)  # the speaker closes the sentence: the statement comes before
    elif kind == "act":
        content = (vs, len(text))
    else:
        content = (_statement_start(text, ve, kind), len(text))
    return {"speaker": sp, "content": content, "span": (start, ve)}


def _subject_after(text: str, vs: int, ve: int, res, ctx) -> dict | None:
    """'"...," said X': the speaker right after the verb, when nothing names one before it."""
    stop_at = _phrase_after(text, ve)
    if _words(text[ve:stop_at]) > 8:
        return None
    sp = res.resolve(text[ve:stop_at], ctx)
    if sp is None:
        return None
    cuts = [b.end() for b in _BOUNDARY.finditer(text[:vs])]
    return {"speaker": sp, "content": (0, cuts[-1] if cuts else 0), "span": (vs, stop_at)}


def attributions(text: str, res: speakers.Resolver, ctx: speakers.Context) -> list[dict]:
    """The attributions of one sentence or clause (speech quotations masked with \\x01), left to
    right: dicts with ``speaker``, ``kind`` (say, tell, act, source), ``content`` (the span of
    the statement) and ``span`` (the span of the attribution)."""
    forms, pattern = speech_verbs()
    out = []
    for m in pattern.finditer(text):
        kind = forms[re.sub(r"\s+", " ", m.group().lower())]
        vs, ve = m.span()
        before = text[:vs]
        if not m.group()[:1].islower() and before.strip(" \x01\"'"):
            continue  # "Commonwealth of Independent States": a capitalised verb only opens a sentence
        prev = re.findall(r"[\w']+", before[-30:].lower())
        if kind != "source" and prev and prev[-1] in _PASSIVE:
            continue  # "It was noted that", "as noted", "to say"
        if kind == "source":
            found = _source(text, vs, ve, res, ctx)
        else:
            found = _subject_first(text, vs, ve, kind, res, ctx)
            cuts = [b.end() for b in _BOUNDARY.finditer(before)]
            if found is None and not _words(before[cuts[-1] if cuts else 0 :]):
                found = _subject_after(text, vs, ve, res, ctx)
        if found is not None:
            out.append({**found, "kind": kind})
    return out


def clean(s: str) -> str:
    """A statement as shown: masks gone, spaces collapsed, no comma or colon at either end."""
    s = re.sub(r"\s+", " ", s.replace("\x01", " ")).strip()
    return s.strip(" ,;:-").strip()


def content(text: str, att: dict, res, ctx) -> str:
    """What was said, per the attribution ``att`` of ``text``, without a second attribution
    that closes it; the whole text when nothing is left."""
    a, b = att["content"]
    body = text[a:b]
    # a second attribution closing the statement: "According to Shoigu, X, the defence minister said."
    for tail in attributions(body, res, ctx)[::-1]:
        if tail["content"] == (0, tail["span"][0]) and tail["span"][0] > 0:
            body = body[: tail["span"][0]]
            break
    return clean(body) or clean(text)
