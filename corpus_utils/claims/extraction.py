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
  the speaker is the document's own speaker when its metadata names one (``speaker`` of
  ``load_corpus``: a speech, a statement), else its outlet; the side is that speaker's side in the
  actors table, else the document's, so nothing is lost. With a document speaker, first-person
  attributions ("I said", "We believe") are that speaker's too; quotations of others keep theirs.

Speakers are resolved by ``speakers.Resolver`` (names, titles, roles by year, pronouns; unknown
when not certain). A sentence with two attributed clauses by different speakers ("Singh said A,
while Shoigu said B") gives two claims. The claim text is the statement without its attribution
(the quotation, or what was said); ``sentence`` keeps the whole original wording. Themes come from
the codebook (``themes.code``), amounts from ``amounts.parse``. ``claim_id`` is
``{doc_id}:{sentence:03d}`` (the document's sentence number, from 0), with "b", "c" ... for a
second and third claim in one sentence. Grouping: ``grouping``; comparison across years: ``tables``.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import progress
from ..corpus import normalise, tokens
from ..corpus.selection import select
from ..engine import processes
from . import about, amounts, attribution, merging, quotes, speakers, themes
from .grouping import group

COLUMNS = [
    "claim_id",
    "doc_id",
    "year",
    "speaker",
    "side",
    "kind",
    "claim",
    "themes",
    "numbers",
    "group_id",
]
# added after the claims are merged (merging.MERGE_COLUMNS, themes by label, about.annotate)
LATE_COLUMNS = ["paraphrase", "paraphrase_sentence", "merged_ids", "theme_labels", "about", "scope"]
EXTRA_COLUMNS = ["sentence", "paragraph", "speaker_raw", "date", "outlet", "mentions", *LATE_COLUMNS]
KINDS = ("quote", "reported_speech", "joint", "reported")
__all__ = ["COLUMNS", "EXTRA_COLUMNS", "KINDS", "extract"]


def _join(parts: list[str]) -> str:
    """Quotation pieces as one statement: '"A," he said, "b."' -> "A, b."; no comma at the end."""
    return " ".join(p.strip() for p in parts if p.strip()).rstrip(" ,;:")


def _clauses(masked: str) -> list[tuple[int, int]]:
    """Clauses between "; ", ", and ", "while", "whereas", "but": (start, end), connectors left out."""
    out, start = [], 0
    for m in attribution.CLAUSE_CUT.finditer(masked):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(masked)))
    return [(a, b) for a, b in out if b > a]


def _unit_claims(text: str, qs: list[quotes.Quote], res, ctx) -> list[dict]:
    """Claims of one unit (a sentence, or sentences joined by a quotation)."""
    masked = quotes.mask(text, qs)
    clauses = _clauses(masked)
    found = (
        [(a, b, (attribution.attributions(masked[a:b], res, ctx) or [None])[0]) for a, b in clauses]
        if len(clauses) > 1
        else []
    )
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
        parts = [
            (a, b, attribution.attributions(masked[a:b], res, ctx)[0] if att else None) for a, b, att in parts
        ]
    else:
        whole = attribution.attributions(masked, res, ctx)
        parts = [(0, len(text), whole[0] if whole else None)]
    out = []
    for a, b, att in parts:
        speech = [q for q in qs if q.speech and a <= q.start < b]
        claim = {"sentence": text, "speaker": att["speaker"] if att else None}
        if speech:
            claim.update(kind="quote", claim=_join([q.text for q in speech]))
        elif att is not None:
            kind = "joint" if att["speaker"].how == "joint" else "reported_speech"
            claim.update(kind=kind, claim=attribution.content(text[a:b], att, res, ctx))
        else:
            claim.update(kind="reported", claim=attribution.clean(text[a:b]))
        out.append(claim)
    return out


def _units(
    par: str, spans: list[tuple[int, int]], qs: list[quotes.Quote]
) -> list[tuple[int, int, list[int]]]:
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


def _merge_quotes(items: list[dict]) -> list[dict]:
    """Join each unattributed quotation of a paragraph to the attributed quotation right before
    it ('"A," he said. "B."'), else to the next one ('"A." "B," he said.'); left alone otherwise."""
    out: list[dict] = []
    pending: list[dict] = []
    for c in items:
        if c["kind"] == "quote" and c["speaker"] is None:
            prev = out[-1] if out else None
            if prev and not pending and prev["kind"] == "quote" and prev["speaker"] is not None:
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
        out.extend(pending)
        pending = []
        out.append(c)
    return out + pending


def attributions_of(text: str, res: speakers.Resolver, ctx: speakers.Context) -> list[speakers.Speaker]:
    """The speakers a text attributes something to (its speech quotations masked)."""
    text = normalise.quotes(text)
    masked = quotes.mask(text, quotes.find(text))
    return [a["speaker"] for a in attribution.attributions(masked, res, ctx) if a["speaker"] is not None]


def _document(doc, res: speakers.Resolver) -> list[dict]:
    """The claims of one document, paragraph by paragraph, in order (the context of pronouns)."""
    year = None if pd.isna(doc.year) else int(doc.year)
    ctx = speakers.Context(year, doc.side)
    ctx.author = res.author(getattr(doc, "speaker", ""), year, doc.side)
    # what the document asserts itself: its own speaker when the metadata names one, else its outlet
    outlet = ctx.author or speakers.Speaker(doc.outlet or speakers.UNKNOWN, doc.side, "", "outlet")
    nobody = speakers.Speaker(speakers.UNKNOWN, speakers.UNKNOWN, "", "none")
    if getattr(doc, "dek", ""):
        ctx.paragraph = -1  # the dek is read before the body: what it names is named before
        res.mention(normalise.quotes(doc.dek), ctx)
        for att in attributions_of(doc.dek, res, ctx):
            ctx.heard(att)
    rows, n = [], 0
    for p, par in enumerate(p for p in re.split(r"\n\s*\n", doc.text) if p.strip()):
        ctx.paragraph = p
        par = normalise.quotes(par)
        spans = tokens.sentence_spans(par)
        qs = quotes.find(par)
        items: list[dict] = []
        for a, b, idx in _units(par, spans, qs):
            unit_q = [quotes.Quote(q.start - a, q.end - a, q.text, q.speech) for q in qs if a <= q.start < b]
            for k, c in enumerate(_unit_claims(par[a:b], unit_q, res, ctx)):
                items.append({**c, "paragraph": p, "suffix": k, "sentence_no": n + idx[0]})
                if c["speaker"] is not None:
                    ctx.heard(c["speaker"])
            res.mention(par[a:b], ctx)
        n += len(spans)
        for c in _merge_quotes(items):
            sp = c["speaker"] or (nobody if c["kind"] == "quote" else outlet)
            side = (
                sp.side if sp.side != speakers.UNKNOWN else doc.side
            )  # the speaker's side, else the document's
            rows.append({**c, "speaker": sp.name, "side": side, "speaker_raw": sp.raw})
    return rows


def _rows(doc, res: speakers.Resolver) -> list[dict]:
    """The rows of one document's claims (before merging and grouping)."""
    out = []
    for c in _document(doc, res):
        ctx = speakers.Context(None if pd.isna(doc.year) else int(doc.year), doc.side)
        mentioned = sorted(
            {
                sp.name
                for *_, sp, kind in res.entities(normalise.variants(c["claim"]), ctx)
                if kind != "joint" and sp.name != speakers.UNKNOWN
            }
        )
        suffix = "" if c["suffix"] == 0 else "bcdefghijklmnopqrstuvwxyz"[c["suffix"] - 1]
        out.append(
            {
                "claim_id": f"{doc.doc_id}:{c['sentence_no']:03d}{suffix}",
                "doc_id": doc.doc_id,
                "year": doc.year,
                "speaker": c["speaker"],
                "side": c["side"],
                "kind": c["kind"],
                "claim": c["claim"],
                "themes": "",  # coded after merging, from the claim and its paraphrase
                "numbers": amounts.to_json(amounts.parse(c["claim"])),
                "group_id": "",
                "sentence": c["sentence"],
                "paragraph": c["paragraph"],
                "speaker_raw": c["speaker_raw"],
                "date": doc.date,
                "outlet": doc.outlet,
                "mentions": "; ".join(mentioned),
            }
        )
    return out


GROUP_COLUMNS = ["group_ids", "group_wording"]  # added by grouping.group
_TYPES = {"year": "Int64", "paragraph": "int64", "date": "datetime64[ms]"}


def _chunk(docs: pd.DataFrame, **options) -> pd.DataFrame:
    return extract(docs, grouped=False, workers=1, **options)


def _in_processes(docs: pd.DataFrame, workers: int | None, *, grouped: bool, **options) -> pd.DataFrame:
    """``extract`` over order-preserving chunks of documents in forked processes
    (``engine.processes``), as the Dask engine does per partition: concatenated, sorted by
    claim_id, grouped here."""
    parts = processes.frames(_chunk, docs, workers=workers, desc="claims: documents", **options)
    out = pd.concat(parts, ignore_index=True) if parts else _empty(COLUMNS + EXTRA_COLUMNS)
    out = out.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
    return group(out) if grouped and len(out) else out


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=_TYPES.get(c, "str")) for c in columns})


def extract(
    corpus: pd.DataFrame,
    *,
    actors=None,
    codebook=None,
    roles=None,
    grouped: bool = True,
    engine: str = "local",
    workers: int | None = None,
) -> pd.DataFrame:
    """The claims of the included documents of ``corpus`` (the DataFrame of ``load_corpus``).

    ``actors``, ``roles``, ``codebook``: a path or DataFrame replacing ``data/actors.csv``,
    ``data/roles.csv``, ``data/codebook.csv``. ``grouped``: fill ``group_id`` with
    ``claim_groups.group`` (default threshold); else it is empty.
    Columns: ``COLUMNS`` then ``EXTRA_COLUMNS``; one row per claim, sorted by claim_id.
    ``engine``: "local", "dask" or "tcp://HOST:PORT": extracted per partition on a Dask cluster.
    ``workers`` (local engine): processes that extract; default one per core from
    ``engine.processes.PARALLEL_MIN`` documents. Documents are independent, so the table is the
    same for any number."""
    if engine != "local":
        from ..engine import stages

        return stages.claims(
            corpus, engine=engine, grouped=grouped, actors=actors, codebook=codebook, roles=roles
        )
    docs = select(corpus, columns=("date", "side", "text"))
    if processes.workers_for(len(docs), workers) > 1:
        return _in_processes(docs, workers, grouped=grouped, actors=actors, codebook=codebook, roles=roles)
    res = speakers.Resolver(actors, roles)
    book = themes.codebook(codebook)
    code = themes.coder(book)
    rows = []
    with progress.bar(total=len(docs), desc="claims: documents") as bar:
        for doc in docs.itertuples(index=False):
            rows += _rows(doc, res)
            bar.update(1)
    if not rows:  # nothing included: the same columns and types as a table with claims
        return _empty(COLUMNS + EXTRA_COLUMNS + (GROUP_COLUMNS if grouped else []))
    out = pd.DataFrame(rows, columns=COLUMNS + EXTRA_COLUMNS[: -len(LATE_COLUMNS)])
    out["year"] = out["year"].astype("Int64")
    out = out.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
    out = merging.merge(out) if len(out) else out.assign(**{c: "" for c in merging.MERGE_COLUMNS})
    both = [f"{c} {p}".strip() for c, p in zip(out["claim"], out["paraphrase"], strict=True)]
    # text columns typed as text, so that a table of no claims keeps them (not float)
    out["themes"] = pd.Series(["; ".join(code(t)) for t in both], index=out.index, dtype="str")
    names = themes.labels(book)
    out["theme_labels"] = pd.Series(
        ["; ".join(names[t] for t in ts.split("; ") if t) for ts in out["themes"]],
        index=out.index,
        dtype="str",
    )
    out = about.annotate(out, {n: i["side"] for n, i in res.info.items()})
    out["group_id"] = ""
    out = out[COLUMNS + EXTRA_COLUMNS]
    return group(out) if grouped else out
