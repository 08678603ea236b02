"""Claims: who claimed what, in which document and year, in the original wording.

Every sentence of every included document is read (``tokens.sentence_spans`` over each paragraph
of ``text``) and becomes part of exactly one claim of one of four kinds:

- ``quote``: a direct quotation that is speech (``quotes.find``). A quotation over several
  sentences, or split by "he said" ("A," he said, "B.") is one claim; a quotation with no
  attribution joins the attributed quotation next to it in the paragraph, else its speaker is
  unknown.
- ``reported_speech``: a speech verb of ``data/speech_verbs.csv`` with a speaker before it ("X said
  (that) ...", "..., X said", "X stressed ...", "X described ...") or after it ('"...," said X',
  "according to X, ..."). Passives ("It was noted that") attribute nothing.
- ``joint``: the speaker is both sides ("the two ministers discussed", "Both sides welcomed",
  "Singh and Shoigu discussed", "They expressed satisfaction").
- ``reported``: everything else the article asserts (a deal was cleared, a joint venture set up);
  the speaker is the document's outlet and the side the document's side, so nothing is lost.

Speakers are resolved by ``speakers.Resolver`` (names, titles, roles by year, pronouns; unknown
when not certain). A sentence with two attributed clauses by different speakers ("Singh said A,
while Shoigu said B") gives two claims. The claim text is the statement without its attribution
(the quotation, or what was said); ``sentence`` keeps the whole original wording. Themes come from
the codebook (``themes.code``), amounts from ``amounts.parse``. ``claim_id`` is
``{doc_id}:{sentence:03d}`` (the document's sentence number, from 0), with "b", "c" ... for a
second and third claim in one sentence. Grouping and comparison across years: ``claim_groups``.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

import pandas as pd

from . import amounts, datatable, normalise, quotes, speakers, themes, tokens
from .claim_groups import by_theme_year, group, new_and_dropped, numbers_table, recurring
from .errors import CorpusError
from .explore import included
from .paths import data_file

# spelling variants with the packaged table, located once (data_file is slow for a call per sentence)
_variants = partial(normalise.variants, table=str(data_file("variants.csv")))

COLUMNS = ["claim_id", "doc_id", "year", "speaker", "side", "kind", "claim", "themes", "numbers", "group_id"]
EXTRA_COLUMNS = ["sentence", "paragraph", "speaker_raw", "date", "outlet", "mentions"]
KINDS = ("quote", "reported_speech", "joint", "reported")
__all__ = ["COLUMNS", "extract", "group", "recurring", "new_and_dropped", "by_theme_year", "numbers_table"]

_BOUNDARY = re.compile(r"[,;:\x01(]")
_CLAUSE_CUT = re.compile(r"(?:,\s*|;\s*|\s+)(?:while|whereas|but|even as)\s+|;\s+|,\s+and\s+")
_PASSIVE = {"is", "was", "were", "are", "been", "be", "being", "as", "to"}
# words after a closing speech verb that do not start a statement: "..., Shoigu said on Thursday"
_TRAILING = {"", "on", "at", "in", "during", "after", "before", "while", "when", "today", "yesterday",
             "earlier", "later", "adding", "according", "in a statement", "here", "there", "this", "last"}


@lru_cache(maxsize=1)
def speech_verbs() -> tuple[dict[str, str], re.Pattern[str]]:
    """``data/speech_verbs.csv`` as ({form: kind}, pattern matching any form)."""
    src = datatable.locate(None, "speech_verbs.csv")
    forms = {}
    for line, row in datatable.rows(src, columns=["form", "kind"], what="speech verbs"):
        if row["kind"] not in ("say", "tell", "act", "source") or not row["form"]:
            raise CorpusError(f"{datatable.where(src, line, 'speech verbs')}: kind must be say, tell, act or source")
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
    """"according to X, ..." (statement after X) or "..., according to X" (statement before)."""
    stop_at = _phrase_after(text, ve)
    sp = res.resolve(text[ve:stop_at], ctx)
    if sp is None:
        return None
    pre = text[:vs].strip(" \x01")
    lead = not pre or all(w.lower() in res.words["adverb"] for w in re.findall(r"\w+", pre))
    return {"speaker": sp, "content": (stop_at + 1, len(text)) if lead else (0, vs), "span": (vs, stop_at)}


def _subject_first(text: str, vs: int, ve: int, kind: str, res, ctx) -> dict | None:
    """"X said (that) ...", "..., X said", "X, who ..., said": the speaker before the verb."""
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
            if found is None and not _words(before[cuts[-1] if cuts else 0:]):
                found = _subject_after(text, vs, ve, res, ctx)
        if found is not None:
            out.append({**found, "kind": kind})
    return out


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s.replace("\x01", " ")).strip()
    return s.strip(" ,;:-").strip()


def _content(text: str, att: dict, res, ctx) -> str:
    a, b = att["content"]
    body = text[a:b]
    # a second attribution closing the statement: "According to Shoigu, X, the defence minister said."
    for tail in attributions(body, res, ctx)[::-1]:
        if tail["content"] == (0, tail["span"][0]) and tail["span"][0] > 0:
            body = body[:tail["span"][0]]
            break
    return _clean(body) or _clean(text)


def _join(parts: list[str]) -> str:
    """Quotation pieces as one statement: '"A," he said, "b."' -> "A, b."; no comma at the end."""
    return " ".join(p.strip() for p in parts if p.strip()).rstrip(" ,;:")


def _clauses(masked: str) -> list[tuple[int, int]]:
    """Clauses between "; ", ", and ", "while", "whereas", "but": (start, end), connectors left out."""
    out, start = [], 0
    for m in _CLAUSE_CUT.finditer(masked):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(masked)))
    return [(a, b) for a, b in out if b > a]


def _unit_claims(text: str, qs: list[quotes.Quote], res, ctx) -> list[dict]:
    """Claims of one unit (a sentence, or sentences joined by a quotation)."""
    masked = quotes.mask(text, qs)
    clauses = _clauses(masked)
    found = [(a, b, (attributions(masked[a:b], res, ctx) or [None])[0]) for a, b in clauses] if len(clauses) > 1 else []
    named = [f for f in found if f[2] is not None]
    if len(named) >= 2 and len({f[2]["speaker"].name for f in named}) >= 2:
        parts, current = [], None
        for a, b, att in found:
            if att is not None or current is None:
                current = [a, b, att]
                parts.append(current)
            else:
                current[1] = b
        if parts[0][2] is None and len(parts) > 1:
            parts[1][0] = parts[0][0]
            parts = parts[1:]
        parts = [(a, b, attributions(masked[a:b], res, ctx)[0] if att else None) for a, b, att in parts]
    else:
        whole = attributions(masked, res, ctx)
        parts = [(0, len(text), whole[0] if whole else None)]
    out = []
    for a, b, att in parts:
        speech = [q for q in qs if q.speech and a <= q.start < b]
        claim = {"sentence": text, "speaker": att["speaker"] if att else None}
        if speech:
            claim.update(kind="quote", claim=_join([q.text for q in speech]))
        elif att is not None:
            kind = "joint" if att["speaker"].how == "joint" else "reported_speech"
            claim.update(kind=kind, claim=_content(text[a:b], att, res, ctx))
        else:
            claim.update(kind="reported", claim=_clean(text[a:b]))
        out.append(claim)
    return out


def _units(par: str, spans: list[tuple[int, int]], qs: list[quotes.Quote]) -> list[tuple[int, int, list[int]]]:
    """Sentences joined where a speech quotation crosses them: (start, end, sentence numbers)."""
    units: list[list] = []
    for i, (a, b) in enumerate(spans):
        tail = re.match(r"[\s\"'(]*[a-z]", par[a:b]) is not None  # '... Russia." tweet read.'
        joined = units and (tail or any(q.speech and q.start < units[-1][1] and q.end > a for q in qs))
        if joined:
            units[-1][1] = b
            units[-1][2].append(i)
        else:
            units.append([a, b, [i]])
    return [(a, b, idx) for a, b, idx in units]


def _document(doc, res: speakers.Resolver) -> list[dict]:
    year = None if pd.isna(doc.year) else int(doc.year)
    ctx = speakers.Context(year, doc.side)
    outlet = speakers.Speaker(doc.outlet if doc.outlet else speakers.UNKNOWN, doc.side, "", "outlet")
    rows, n = [], 0
    for p, par in enumerate(p for p in re.split(r"\n\s*\n", doc.text) if p.strip()):
        ctx.paragraph = p
        par = normalise.quotes(par)
        spans = tokens.sentence_spans(par)
        qs = quotes.find(par)
        here: list[dict] = []
        pending: list[dict] = []
        for a, b, idx in _units(par, spans, qs):
            unit_q = [quotes.Quote(q.start - a, q.end - a, q.text, q.speech) for q in qs if a <= q.start < b]
            for k, c in enumerate(_unit_claims(par[a:b], unit_q, res, ctx)):
                c.update(paragraph=p, suffix=k, sentence_no=n + idx[0])
                if c["kind"] == "quote" and c["speaker"] is None:
                    prev = here[-1] if here else None
                    if prev and prev["kind"] == "quote" and prev["speaker"] is not None and not pending:
                        prev["claim"] = _join([prev["claim"], c["claim"]])
                        prev["sentence"] += " " + c["sentence"]
                    else:
                        pending.append(c)
                    continue
                if pending and c["kind"] == "quote":
                    c["claim"] = _join([*(q["claim"] for q in pending), c["claim"]])
                    c["sentence"] = " ".join([*(q["sentence"] for q in pending), c["sentence"]])
                    c["sentence_no"], c["suffix"] = pending[0]["sentence_no"], pending[0]["suffix"]
                    pending = []
                here.extend(pending)
                pending = []
                here.append(c)
                if c["speaker"] is not None:
                    ctx.heard(c["speaker"])
            res.mention(par[a:b], ctx)
        here.extend(pending)
        n += len(spans)
        for c in here:
            sp = c["speaker"]
            if sp is None:
                sp = speakers.Speaker(speakers.UNKNOWN, speakers.UNKNOWN, "", "none") if c["kind"] == "quote" else outlet
            c.update(speaker=sp.name, side=sp.side, speaker_raw=sp.raw)
            rows.append(c)
    return rows


def extract(corpus: pd.DataFrame, *, actors=None, codebook=None, roles=None,
            grouped: bool = True) -> pd.DataFrame:
    """The claims of the included documents of ``corpus`` (the DataFrame of ``load_corpus``).

    ``actors``, ``roles``, ``codebook``: a path or DataFrame replacing ``data/actors.csv``,
    ``data/roles.csv``, ``data/codebook.csv``. ``grouped``: fill ``group_id`` with
    ``claim_groups.group`` (default threshold); else it is empty.
    Columns: ``COLUMNS`` then ``EXTRA_COLUMNS``; one row per claim, sorted by claim_id."""
    docs = included(corpus)
    res = speakers.Resolver(actors, roles)
    code = themes.coder(themes.codebook(codebook))
    rows = []
    for doc in docs.itertuples(index=False):
        for c in _document(doc, res):
            ctx = speakers.Context(None if pd.isna(doc.year) else int(doc.year), doc.side)
            mentioned = sorted({sp.name for *_, sp, kind in res.entities(_variants(c["claim"]), ctx)
                                if kind != "joint" and sp.name != speakers.UNKNOWN})
            suffix = "" if c["suffix"] == 0 else "bcdefghijklmnopqrstuvwxyz"[c["suffix"] - 1]
            rows.append({
                "claim_id": f"{doc.doc_id}:{c['sentence_no']:03d}{suffix}", "doc_id": doc.doc_id,
                "year": doc.year, "speaker": c["speaker"], "side": c["side"], "kind": c["kind"],
                "claim": c["claim"], "themes": "; ".join(code(c["claim"])),
                "numbers": amounts.to_json(amounts.parse(c["claim"])), "group_id": "",
                "sentence": c["sentence"], "paragraph": c["paragraph"], "speaker_raw": c["speaker_raw"],
                "date": doc.date, "outlet": doc.outlet, "mentions": "; ".join(mentioned)})
    out = pd.DataFrame(rows, columns=COLUMNS + EXTRA_COLUMNS)
    out["year"] = out["year"].astype("Int64")
    out = out.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
    return group(out) if grouped and len(out) else out
