"""Document metadata that is read, never guessed: outlet and side, language, title.

Outlet and side come from the editable signatures table ``data/sources.csv``; language from the
writing system and, for Latin script, from function-word profiles (``data/language_profiles.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .. import datatable
from ..errors import CorpusError
from . import literals, normalise

UNKNOWN = "unknown"
SIDES = ("india", "russia", "other", UNKNOWN)


@dataclass(frozen=True)
class SourceRule:
    name: str
    kind: str
    country: str
    side: str
    weight: int
    hints: tuple[str, ...]
    regex: re.Pattern[str]


@lru_cache(maxsize=4)
def source_rules(path: str | None = None) -> tuple[SourceRule, ...]:
    source = datatable.locate(path, "sources.csv")
    rows = datatable.rows(
        source,
        columns=["name", "kind", "country", "side", "weight", "hint", "pattern"],
        what="source signatures",
        optional=("country", "hint"),
    )
    out = []
    for line, r in rows:
        if not r["weight"].lstrip("-").isdigit():
            raise CorpusError(
                f"{datatable.where(source, line, 'source signatures')}: weight {r['weight']!r} is not a whole number"
            )
        out.append(
            SourceRule(
                r["name"],
                r["kind"],
                r["country"],
                r["side"] or UNKNOWN,
                int(r["weight"]),
                tuple(h.strip() for h in r["hint"].split("|") if h.strip()),
                datatable.regex(r["pattern"], source, line, "source signatures"),
            )
        )
    return tuple(out)


@dataclass
class Source:
    outlet: str
    side: str
    wire: str
    evidence: str


@lru_cache(maxsize=4)
def _hints(table: str | None) -> tuple[str, ...]:
    return tuple(sorted({h for r in source_rules(table) for h in r.hints}))


def source(raw: str, *, table: str | None = None) -> Source:
    """Outlet, side and wire credits of a document from the signatures it carries."""
    lower = raw.lower()
    found = literals.found(_hints(table), lower)  # all hints in one pass, not one scan per rule
    hits = [
        r
        for r in source_rules(table)
        if (not r.hints or not found.isdisjoint(r.hints)) and r.regex.search(raw)
    ]
    outlets = [r for r in hits if r.kind == "outlet"]
    outlet = max(outlets, key=lambda r: r.weight).name if outlets else UNKNOWN
    side = max(hits, key=lambda r: r.weight).side if hits else UNKNOWN
    wires = [r.name for r in hits if r.kind in {"wire", "origin"}]
    return Source(outlet, side, "; ".join(wires), "; ".join(r.name for r in hits))


# ---------------------------------------------------------------- language
_SCRIPT_LANG = [
    ("DEVANAGARI", "hi"),
    ("GUJARATI", "gu"),
    ("BENGALI", "bn"),
    ("GURMUKHI", "pa"),
    ("TAMIL", "ta"),
    ("TELUGU", "te"),
    ("KANNADA", "kn"),
    ("MALAYALAM", "ml"),
    ("ORIYA", "or"),
    ("CYRILLIC", "ru"),
    ("ARABIC", "ar"),
    ("HEBREW", "he"),
    ("GREEK", "el"),
    ("THAI", "th"),
    ("HANGUL", "ko"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("CJK", "zh"),
    ("GEORGIAN", "ka"),
    ("ARMENIAN", "hy"),
]
_URDU_LETTERS = set("ٹڈڑںےھ")


@lru_cache(maxsize=2)
def _profiles(path: str | None = None) -> dict[str, frozenset[str]]:
    rows = datatable.rows(
        datatable.locate(path, "language_profiles.csv"),
        columns=["lang", "words"],
        what="language profiles",
    )
    return {r["lang"]: frozenset(r["words"].split()) for _, r in rows}


@lru_cache(maxsize=2)
def _languages_of_words(kind: type = str) -> dict:
    """Each function word (a str, or its UTF-8 bytes) and the languages whose profile holds it
    (one lookup per word of a text)."""
    out: dict[str, list[str]] = {}
    for lang, vocab in _profiles().items():
        for w in vocab:
            out.setdefault(w, []).append(lang)
    return {(w if kind is str else w.encode()): tuple(langs) for w, langs in out.items()}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script, _ in _SCRIPT_LANG:
        if name.startswith(script) or (script == "CJK" and "CJK" in name):
            return script
    return "LATIN" if "LATIN" in name else "OTHER"


_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def language(text: str, *, sample: int = 2000) -> str:
    """ISO 639-1 code of the main language of ``text`` ('und' when it has too few letters)."""
    sample_text = text[:sample]
    n_non_ascii = len(sample_text) - len(sample_text.encode("ascii", "ignore"))
    others = _NON_ASCII_LETTER.findall(sample_text) if n_non_ascii > len(sample_text) // 10 else []
    n_letters = len(others) + len(sample_text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    if n_letters < 20:
        return "und"
    if len(others) / n_letters > 0.3:
        scripts = Counter(_script(ch) for ch in others)
        script, n = scripts.most_common(1)[0]
        if script != "LATIN" and n / n_letters > 0.3:
            code = dict(_SCRIPT_LANG).get(script, "und")
            if code == "ar" and any(ch in _URDU_LETTERS for ch in sample_text):
                return "ur"
            return code
    if sample_text.isascii():  # most texts: the words as bytes, counted without a str each
        counts: Counter = Counter(filter(bytes.isalpha, normalise.ascii_words(sample_text)))
        langs_of = _languages_of_words(bytes)
    else:
        counts = Counter(filter(str.isalpha, normalise.fold(sample_text).split()))
        langs_of = _languages_of_words(str)
    n_words = sum(counts.values())
    if not n_words:
        return "und"
    totals = dict.fromkeys(_profiles(), 0)
    for w in counts.keys() & langs_of.keys():  # each function word of the text, looked up once
        for lang in langs_of[w]:
            totals[lang] += counts[w]
    scores = {lang: total / n_words for lang, total in totals.items()}
    best = max(sorted(scores), key=lambda lang: scores[lang])
    return best if scores[best] >= 0.05 else "und"


# ---------------------------------------------------------------- title
_END = re.compile(r"""[.!?।॥]["')]*$""")


def is_headline(line: str) -> bool:
    """A headline: a short line that does not end like a sentence."""
    return 2 <= len(line.split()) <= 30 and not _END.search(line)


def fallback_title(text: str, *, width: int = 90) -> str:
    """The opening words of the text, for documents that carry no headline."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= width else first[: width - 1].rsplit(" ", 1)[0] + "…"
