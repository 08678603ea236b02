"""Amounts of money and quantities in a sentence, read and normalised to one number.

``parse(text)`` finds every amount and returns dicts ``{text, value, unit, qualifier, what,
start, end}``: "worth nearly ₹5,000 crore" -> value 5e10, unit "INR", qualifier "nearly";
"over five lakh such rifles" -> value 500000, unit "" (a bare quantity), qualifier "over",
what "rifles".

The method is a small hand-written reader, because Indian and Russian defence news mixes two
number systems that general-purpose parsers get wrong (price-parser reads "S-400" as 400,
quantulum3 misreads crore and lakh):

1. A candidate starts at a figure ("5,000", "5,00,000", "5.43") or a number word ("five",
   "twenty-five", "a" before a scale word). A figure glued to letters, hyphens or other figures
   is part of a name, a time or a date and never starts an amount: "S-400", "Su-30MKI", "T-90",
   "Ka-226T", "75th", "9:53PM", "2+2".
2. Scale words multiply: hundred, thousand, lakh (10^5), crore (10^7), million, billion,
   trillion (and mn, bn, cr, and k/m/b glued to a figure after a currency sign). Scale words
   that follow each other multiply again, Indian style: "2.5 lakh crore" = 2.5 x 10^5 x 10^7.
   Number words add up the usual way ("two hundred and fifty thousand" = 250,000).
3. The currency comes from a sign or code before the figure (₹, Rs, Rs., INR, $, US$, USD, €, EUR,
   ₽, RUB) or a word after it (rupees, dollars, euros, roubles). "$" after other letters (A$, HK$)
   is another currency and the amount is left out.
4. The qualifier is the word or phrase right before the amount ("nearly", "over", "more than").
5. A figure is an amount only with a currency or a scale word. A bare number counts only right
   before a counted noun of ``data/count_nouns.txt`` ("two frigates"), and then not when it reads
   as a model number or a year ("Project 11356 frigates", "AK 203 rifles", "2021 rifles"): when in
   doubt the reader leaves a number out. Years, dates, ordinals and times are never amounts.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..corpus.tokens import stopwords
from ..paths import data_file

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "crs": 1e7,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# one-letter scales only glued to a figure that has a currency sign: "$5m", "$50k"
SHORT_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9}
CURRENCY_CODES = {
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "$": "USD",
    "us$": "USD",
    "us $": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "₽": "RUB",
    "rub": "RUB",
    "£": "GBP",
    "gbp": "GBP",
}
CURRENCY_WORDS = {
    "rupee": "INR",
    "rupees": "INR",
    "inr": "INR",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rub": "RUB",
}
QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "up to",
    "upto",
    "in excess of",
    "upwards of",
    "close to",
    "as much as",
    "as many as",
    "at least",
    "at most",
    "just over",
    "just under",
    "well over",
    "an estimated",
    "estimated",
    "nearly",
    "almost",
    "around",
    "about",
    "over",
    "under",
    "approximately",
    "approx.",
    "roughly",
    "some",
    "above",
    "below",
)
# words skipped between a quantity and what it counts: "five lakh such rifles"
_SKIP_BEFORE_NOUN = {"such", "more", "additional", "new", "further", "of"}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?"
_PIECE = re.compile(r"(?P<sep>\s*-\s*|\s+|)(?:(?P<num>" + _NUMBER + r")|(?P<word>[A-Za-z]+))")
_START = re.compile(r"\d|\b(?:" + "|".join([*UNITS, *TENS, "a"]) + r")\b", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?P<code>US\s?\$|USD|INR|[Rr][Ss]\.?|EUR|RUB|GBP)|(?P<sym>[₹$€£₽]))\s*$"
)
_CURRENCY_AFTER = re.compile(
    r"\s+(?P<word>US dollars|rupees?|dollars?|euros?|roubles?|rubles?|INR|USD|EUR|RUB)\b",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?<![A-Za-z])(?P<q>" + "|".join(re.escape(q) for q in QUALIFIERS) + r")\s+$", re.IGNORECASE
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z-]*)")
_PREV_WORD = re.compile(r"([A-Za-z][\w'.]*)\s+$")


@lru_cache(maxsize=1)
def count_nouns() -> frozenset[str]:
    """Nouns that turn a bare number into a quantity (``data/count_nouns.txt``)."""
    lines = data_file("count_nouns.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def _kind(word: str) -> str:
    lw = word.lower()
    if lw in UNITS or lw in TENS:
        return "count"
    if lw in SCALES:
        return "scale"
    return ""


def _read_number(text: str, start: int, *, currency: bool) -> tuple[list, int] | None:
    """The pieces of one number phrase from ``start``: [(kind, value)], end. None: not a number
    (a figure glued to letters or symbols, as in "30MKI", "75th", "9:53", "2+2")."""
    items: list[tuple[str, float]] = []
    pos = start
    while True:
        m = _PIECE.match(text, pos)
        if not m or (not items and m.group("sep")):
            break
        sep, prev = m.group("sep"), items[-1][0] if items else ""
        if m.group("num") is not None:
            if items and prev not in ("scale", "and"):
                break
            after = text[m.end() : m.end() + 2]
            if re.match(r"[:+]|[/,-]\d", after):
                return None
            glued = re.match(r"[A-Za-z]+", text[m.end() :])
            if glued:
                g = glued.group().lower()
                if not (g in SCALES or (currency and g in SHORT_SCALES)):
                    return None
            items.append(("num", float(m.group("num").replace(",", ""))))
            pos = m.end()
            continue
        word = m.group("word")
        lw = word.lower()
        if not sep and prev == "num":
            value = SCALES.get(lw) or (SHORT_SCALES.get(lw) if currency else None)
            if value is None:
                return None
            items.append(("scale", value))
        elif lw == "a" and not items:
            nxt = _PIECE.match(text, m.end())
            if not (nxt and nxt.group("sep") and nxt.group("word") and nxt.group("word").lower() in SCALES):
                return None
            items.append(("num", 1.0))
        elif _kind(lw) == "count" and (
            not items or prev in ("scale", "and") or (prev == "tens" and UNITS.get(lw, 0) in range(1, 10))
        ):
            items.append(("tens" if lw in TENS else "count", float(TENS.get(lw, UNITS.get(lw, 0)))))
        elif lw in SCALES and items and sep:
            items.append(("scale", SCALES[lw]))
        elif lw == "and" and prev == "scale":
            nxt = _PIECE.match(text, m.end())
            if not (
                nxt and (nxt.group("num") or (nxt.group("word") and _kind(nxt.group("word")) == "count"))
            ):
                break
            items.append(("and", 0.0))
        else:
            break
        pos = m.end()
    while items and items[-1][0] == "and":
        items.pop()
    if not items:
        return None
    # the end is that of the last piece kept
    end = start
    for _ in items:
        m = _PIECE.match(text, end)
        end = m.end()
    return items, end


def _value(items: list[tuple[str, float]]) -> tuple[float, bool]:
    """Sum number pieces: counts add, hundred multiplies the running group, larger scales close a
    group; scale words in a row multiply ("lakh crore"). Returns (value, has_scale)."""
    total, current, last_scale, has_scale = 0.0, 0.0, False, False
    for kind, v in items:
        if kind in ("num", "count", "tens"):
            current += v
            last_scale = False
        elif kind == "scale":
            has_scale = True
            if v == 100 and not last_scale:
                current = (current or 1.0) * 100
            elif last_scale:
                total = (total + current) * v
                current = 0.0
            else:
                total += (current or 1.0) * v
                current = 0.0
            last_scale = v != 100 or last_scale
    return total + current, has_scale


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    """(unit, start of the sign) when a currency sign or code ends right before ``start``;
    ("", -1) for another dollar (A$, HK$), which is left out."""
    window_start = max(0, start - 8)
    m = _CURRENCY_BEFORE.search(text, window_start, start)
    if not m:
        return None
    if m.group("code"):
        code = re.sub(r"\s+", " ", m.group("code")).lower()
        return CURRENCY_CODES[code], m.start()
    sym = m.group("sym")
    if sym == "$" and m.start() > 0 and text[m.start() - 1].isalpha():
        return "", -1
    return CURRENCY_CODES[sym], m.start()


def _looks_like_model(text: str, start: int) -> bool:
    """A figure after a capitalised word that is not a stop word or qualifier: "Project 11356",
    "AK 203", "S 400"."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    if not m:
        return False
    prev = m.group(1)
    return prev[:1].isupper() and prev.lower() not in stopwords() and prev.lower() not in QUALIFIERS


def _next_noun(text: str, end: int) -> tuple[str, int]:
    """The word a quantity counts ("five lakh such rifles" -> "rifles"), or ""; and its end."""
    pos = end
    for _ in range(3):
        m = _NEXT_WORD.match(text, pos)
        if not m:
            return "", end
        word = m.group(1)
        if word.lower() in _SKIP_BEFORE_NOUN:
            pos = m.end()
            continue
        if word.islower() and word not in stopwords() and not word.endswith("ly"):
            return word, m.end()
        return "", end
    return "", end


def parse(text: str) -> list[dict]:
    """Every amount and quantity in ``text``, in order of appearance.

    Each is a dict: ``text`` (the amount as written, without its qualifier), ``value`` (float, in
    units: rupees, dollars, or items), ``unit`` ("INR", "USD", "EUR", "RUB", "GBP", or "" for a bare
    quantity), ``qualifier`` ("nearly", "over", ... or ""), ``what`` (the noun a bare quantity
    counts, or ""), ``start`` and ``end`` (character offsets of ``text``)."""
    return [dict(a) for a in _parse(text)]  # copies: a caller may change its dicts


@lru_cache(maxsize=100_000)  # syndicated copy repeats its sentences word for word
def _parse(text: str) -> tuple[dict, ...]:
    if not isinstance(text, str):
        raise TypeError(f"parse() needs a string, got {type(text).__name__}")
    out: list[dict] = []
    pos = 0
    for m in _START.finditer(text):
        s = m.start()
        if s < pos:
            continue
        before = text[s - 1] if s else " "
        if before.isalnum() or before in "_-+/:,":
            continue
        if before == "." and not re.search(r"(?i)\brs\.$", text[max(0, s - 3) : s]):
            continue
        currency = _currency_before(text, s)
        if currency == ("", -1):
            continue
        read = _read_number(text, s, currency=currency is not None)
        if read is None:
            continue
        items, end = read
        value, has_scale = _value(items)
        unit, amount_start = currency if currency else ("", s)
        suffix = _CURRENCY_AFTER.match(text, end)
        if suffix and not unit:
            unit, end = CURRENCY_WORDS[suffix.group("word").lower()], suffix.end()
        what = ""
        if not unit:
            what, noun_end = _next_noun(text, end)
            if not has_scale:
                digits = items[0][0] == "num" and m.group()[0].isdigit()
                year_like = digits and len(items) == 1 and 1800 <= value <= 2100 and value.is_integer()
                if what.lower() not in count_nouns() or year_like or (digits and _looks_like_model(text, s)):
                    continue
        q = _QUALIFIER.search(text, max(0, amount_start - 30), amount_start)
        qualifier = (
            q.group("q").lower().replace("upto", "up to").replace("approx.", "approximately") if q else ""
        )
        out.append(
            {
                "text": text[amount_start:end],
                "value": float(value),
                "unit": unit,
                "qualifier": qualifier,
                "what": what,
                "start": amount_start,
                "end": end,
            }
        )
        pos = end
    return tuple(out)


def to_json(amounts: list[dict]) -> str:
    """The amounts as a JSON list of ``{qualifier, text, unit, value, what}`` (sorted keys), the
    form the claims table stores; "[]" when there are none."""
    keep = ("qualifier", "text", "unit", "value", "what")
    return json.dumps([{k: a[k] for k in keep} for a in amounts], sort_keys=True, ensure_ascii=False)
