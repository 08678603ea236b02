"""Who said it: the speaker of a claim, resolved to a canonical actor, or "unknown".

A speaker is named in one of five ways, tried in this order on the words before (or after) a speech verb;
the rules are data a researcher edits, not code:

1. A pronoun alone ("He", "it", "They also"): "he"/"she" -> the last speaker of the paragraph with that
   pronoun; failing that the one person of that pronoun named earlier in the paragraph (two -> unknown);
   failing that, when the paragraph has named nobody yet, the last speaker of the paragraph before (news
   paragraphs are often one sentence: "Shoigu said ..." / "He stressed ..."). "it" does the same with
   organisations; "they" is a joint statement.
2. A name of ``data/actors.csv`` (canonical or alias, with titles around it: "General of the Army Sergei
   Shoigu", "Raksha Mantri Shri Rajnath Singh"). Two people joined by "and" make a joint statement ("Singh
   and Shoigu discussed ...").
3. A name that is not in the table: two or more capitalised words that are not titles ("Russian Defence
   Minister Andrei Belousov" -> "Andrei Belousov"), or one after a title ("Minister Belousov"). It is
   attributed by its own name, never mapped to someone else; its side comes from a nationality word next
   to it (``data/speaker_words.csv``), else "unknown".
4. A role phrase of ``data/roles.csv`` ("the Russian defence minister", "his Indian counterpart", "Raksha
   Mantri", "the ministry"), resolved by the document's year and side to the one actor who held the role
   then; none or several -> unknown (Shoigu and Belousov were both Russian defence minister in 2024).
5. A generic speaker ("officials", "a statement", "An Indian readout"): speaker unknown, side from a
   nationality word.

No resolution beats a wrong one: whenever the rules do not single out one actor the speaker is "unknown".
``Context`` carries what the document has said so far (speakers and people named, by paragraph), which
pronouns, "the Minister" and joint statements need."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import pandas as pd

from ..corpus import normalise
from ..corpus.tokens import stopwords
from .actor_tables import SIDES, actors, roles, words, years_span
from .context import UNKNOWN, Context, Speaker

__all__ = ["UNKNOWN", "Context", "Resolver", "Speaker", "actors", "roles", "side_of", "words"]

PRONOUNS = {"he": ("he", "person"), "she": ("she", "person"), "it": ("it",), "they": ()}
FIRST_PERSON = {"i", "we"}  # the document's own speaker, when its metadata names one
_AUX = {"has", "have", "had", "will", "would", "also", "then", "further", "once"}
_RELATIVE = {"which", "that", "who", "whom", "whose", "where"}
_TOKEN = re.compile(r"[A-Za-z][\w'.-]*|&")


def _key(s: str) -> str:
    return re.sub(r"[\s.\-]+", " ", s).strip().lower()


def _alias_pattern(aliases: list[str], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    parts = []
    for alias in sorted(aliases, key=lambda a: (-len(a), a)):
        pieces = [re.escape(p).replace(r"\.", r"\.?") for p in re.split(r"[\s-]+", alias) if p]
        parts.append(r"[\s-]+".join(pieces))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags)


class Resolver:
    """Speaker resolution with one actors table and one roles table (see the module docstring)."""

    def __init__(self, actors_table=None, roles_table=None):
        table = actors(actors_table)
        self.info: dict[str, dict] = {}
        self.holders: dict[tuple[str, str], list[tuple[str, tuple[int, int] | None]]] = {}
        alias_of: dict[str, set[str]] = {}
        for rec in table.itertuples(index=False):
            info = self.info.setdefault(
                rec.canonical, {"side": rec.side, "pronoun": rec.pronoun, "roles": []}
            )
            span = years_span(rec.years, "actors")
            info["roles"].append((rec.role, span))
            self.holders.setdefault((rec.role, rec.side), []).append((rec.canonical, span))
            for alias in [rec.canonical, *str(rec.aliases).split("|")]:
                alias = normalise.variants(alias.strip())
                if alias:
                    alias_of.setdefault(_key(alias), set()).add(rec.canonical)
        self.alias_of = alias_of
        exact = [a for a in alias_of if " " not in a and len(a) <= 5]
        self._exact = _alias_pattern(self._spellings(table, exact), 0)
        self._loose = _alias_pattern(
            self._spellings(table, [a for a in alias_of if a not in exact]), re.IGNORECASE
        )
        self.roles = [
            (re.compile(r"(?<!\w)(?:" + r.pattern + r")(?!\w)", re.IGNORECASE), r)
            for r in roles(roles_table).itertuples(index=False)
        ]
        # one pass finds where some role phrase starts; each phrase is then tried there
        self._any_role = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(f"(?:{r.pattern})" for _, r in self.roles) + r")(?!\w)",
                re.IGNORECASE,
            )
            if self.roles
            else None
        )
        self.words = words()
        self._not_name = set().union(*(set(v) for v in self.words.values())) | stopwords()

    @staticmethod
    def _spellings(table: pd.DataFrame, keys: list[str]) -> list[str]:
        wanted, out = set(keys), set()
        for rec in table.itertuples(index=False):
            for alias in [rec.canonical, *str(rec.aliases).split("|")]:
                alias = normalise.variants(alias.strip())
                if alias and _key(alias) in wanted:
                    out.add(alias)
        return sorted(out)

    # --- actors and roles -------------------------------------------------------------------
    def actor(self, canonical: str, year: int | None, *, raw: str = "", how: str = "alias") -> Speaker:
        info = self.info[canonical]
        held = [
            r
            for r, span in info["roles"]
            if span is None or (year is not None and span[0] <= year <= span[1])
        ]
        role = held[0] if held else info["roles"][0][0]
        return Speaker(canonical, info["side"], raw, how, info["pronoun"], role)

    def author(self, name: str, year: int | None, document_side: str) -> Speaker | None:
        """The document's own speaker (``speaker`` of ``load_corpus``; "" -> None): an actor of the
        table by its canonical name or an alias (with the actor's side), else the name as given with
        the document's side."""
        name = " ".join(str(name or "").split())
        if not name or name.lower() == UNKNOWN:
            return None
        known = sorted(self.alias_of.get(_key(normalise.variants(name)), ()))
        if len(known) == 1:
            return self.actor(known[0], year, raw=name, how="document")
        return Speaker(name, document_side, name, "document", "person")

    def holder(self, role: str, side: str, year: int | None) -> str | None:
        """The one actor who held ``role`` on ``side`` in ``year``, else None."""
        names = {
            c
            for c, span in self.holders.get((role, side), [])
            if span is None or (year is not None and span[0] <= year <= span[1])
        }
        return names.pop() if len(names) == 1 else None

    def _role(self, row, raw: str, ctx: Context, before: list[Speaker]) -> Speaker:
        if row.by == "joint":
            return self.joint(ctx, row.role, raw)
        if row.context:
            found = ctx.recent(lambda s: row.context in s.role and s.name != UNKNOWN)
            if found:
                return replace(found, raw=raw, how="role")
        side = row.side if row.by != "doc" else (ctx.side if ctx.side in ("india", "russia") else "")
        role = row.role
        if row.by == "counterpart":
            people = [s for s in before if s.side in SIDES and s.side != row.side and s.role]
            people = people or [
                s
                for _, s in ctx.mentions
                if s.side in SIDES and s.side != row.side and s.role and s.pronoun != "it"
            ]
            role = people[-1].role if people else ""
        name = self.holder(role, side, ctx.year) if side and role else None
        if name:
            return self.actor(name, ctx.year, raw=raw, how="role")
        kind = "it" if "ministry" in row.role else "person"
        return Speaker(UNKNOWN, side or UNKNOWN, raw, "role", kind, role)

    def joint(self, ctx: Context, role: str, raw: str, people: list[Speaker] | None = None) -> Speaker:
        """A joint statement: the people given, or the last person named on each side."""
        if people is None:
            last: dict[str, Speaker] = {}
            for _, s in [*reversed(ctx.speakers), *reversed(ctx.mentions)]:
                if s.side in ("india", "russia") and s.pronoun in ("he", "she") and role in s.role:
                    last.setdefault(s.side, s)
            people = [last[k] for k in ("india", "russia") if k in last]
            if len(people) < 2:
                people = []
        names = sorted(
            {p.name for p in people},
            key=lambda n: ([p.side for p in people if p.name == n][0] not in ("india",), n),
        )
        known = len(names) >= 2 and UNKNOWN not in names
        sides = {p.side for p in people}
        side = sides.pop() if len(sides) == 1 and known else "joint"
        return Speaker(" & ".join(names) if known else UNKNOWN, side, raw, "joint", "they", "")

    def _pronoun(self, word: str, raw: str, ctx: Context) -> Speaker:
        if word == "they":
            return self.joint(ctx, "", raw)
        want = PRONOUNS[word]

        def accept(s: Speaker) -> bool:
            return s.pronoun in want and s.name != UNKNOWN

        here = [s for p, s in ctx.speakers if p == ctx.paragraph]
        found = next((s for s in reversed(here) if accept(s)), None)
        if found is None:
            named = {s.name: s for p, s in ctx.mentions if p == ctx.paragraph and accept(s)}
            if len(named) == 1:
                found = next(iter(named.values()))
            elif not here and not named:
                found = ctx.recent(accept)
        if found is None and word == "it":
            found = ctx.last_body()  # "It said": the body named just before, in an earlier paragraph
        if found is None:
            return Speaker(UNKNOWN, UNKNOWN, raw, "pronoun", want[0] if want else "they")
        return replace(found, raw=raw, how="pronoun")

    # --- matching ---------------------------------------------------------------------------
    def entities(self, s: str, ctx: Context) -> list[tuple[int, int, Speaker, str]]:
        """Actors and role phrases named in ``s`` (variants-normalised), left to right, the
        longest match winning where two overlap: (start, end, speaker, "alias"|"role"|"joint")."""
        out: list[tuple[int, int, Speaker, str]] = []
        for start, end, kind, payload in self._matches(s):
            raw = s[start:end]
            if kind == "alias":
                sp = self.actor(next(iter(payload)), ctx.year, raw=raw) if len(payload) == 1 else None
                sp = sp or Speaker(UNKNOWN, UNKNOWN, raw, "alias", "person")
            else:
                sp = self._role(payload, raw, ctx, [o[2] for o in out])
                kind = "joint" if payload.by == "joint" else "role"
            out.append((start, end, sp, kind))
        return out

    @lru_cache(maxsize=100_000)  # noqa: B019 (one Resolver per run): syndicated copy repeats sentences
    def _matches(self, s: str) -> tuple[tuple[int, int, str, object], ...]:
        """The spans of ``entities`` before they are resolved in context, kept per text."""
        found = []
        for pattern in (self._exact, self._loose):
            for m in pattern.finditer(s) if pattern else ():
                names = self.alias_of.get(_key(m.group()), set())
                if " " not in m.group().strip() and self._inside_name(s, m.start()):
                    continue
                found.append((m.start(), m.end(), "alias", names))
        for start in (m.start() for m in self._any_role.finditer(s)) if self._any_role else ():
            for pattern, row in self.roles:
                m = pattern.match(s, start)
                if m:
                    found.append((m.start(), m.end(), "role", row))
        kept: list[tuple[int, int, str, object]] = []
        for f in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(f[1] <= k[0] or f[0] >= k[1] for k in kept):
                kept.append(f)
        return tuple(sorted(kept, key=lambda f: f[0]))

    def _inside_name(self, s: str, start: int) -> bool:
        """A one-word alias right after a capitalised non-title word is part of another name
        (not after a sentence's end: "... Jaishankar. Singh also met ...")."""
        m = re.search(r"([A-Za-z][\w'.-]*)(\s+)$", s[max(0, start - 40) : start])
        ended = m is not None and ("\n" in m.group(2) or (m.group(1).endswith(".") and len(m.group(1)) > 2))
        return bool(
            m
            and not ended
            and m.group(1)[0].isupper()
            and m.group(1).lower().rstrip(".") not in self._not_name
            and m.group(1).lower() not in self._not_name
        )

    def names(self, s: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Capitalised names not in the table: two or more capitalised non-title words, or one
        right after a title."""
        out, run, titled = [], [], False
        for m in [*_TOKEN.finditer(s), None]:
            tok = m.group() if m else ""
            low = tok.lower().rstrip(".")
            base = low[:-2] if low.endswith("'s") else low
            inside = m is not None and any(a <= m.start() < b for a, b in taken)
            is_name = m is not None and not inside and tok[0].isupper() and base not in self._not_name
            if is_name:
                run.append((m.start(), m.start() + len(tok) - (2 if low.endswith("'s") else 0)))
            if run and (not is_name or low.endswith("'s")):
                if len(run) >= 2 or titled:
                    out.append((run[0][0], run[-1][1], s[run[0][0] : run[-1][1]]))
                run, titled = [], False
            if m is not None and not is_name:
                titled = base in self.words["title"] and not inside
        return out

    def side_of(self, s: str) -> str:
        """The side given by nationality words in ``s`` ("Russian" -> russia), else unknown."""
        low = " " + re.sub(r"[^\w'\s]", " ", s.lower()) + " "
        sides = {
            side
            for word, side in self.words["nationality"].items()
            if f" {word} " in low or f" {word}'s " in low
        }
        return sides.pop() if len(sides) == 1 else UNKNOWN

    def organisation(self, s: str) -> str:
        """An organisation not in the actors table, under its own name: a country or another
        capitalised word before an organisation word ("Belarus's defence ministry", "the
        Pakistani army"), else ""."""
        toks = list(_TOKEN.finditer(s))
        heads = [i for i, m in enumerate(toks) if m.group().lower() in self.words["organisation"]]
        if not heads:
            return ""
        end = heads[-1]
        start = end
        while start > 0 and end - start < 4 and toks[start - 1].group().lower() not in ("the", "a", "an"):
            start -= 1
        common = (
            stopwords() | set(self.words["adverb"]) | set(self.words["title"]) | set(self.words["generic"])
        )
        proper = [
            m
            for m in toks[start:end]
            if m.group()[0].isupper() and re.sub(r"'s$", "", m.group().lower()) not in common
        ]
        if not proper:
            return ""
        first = proper[0]
        return s[first.start() : toks[end].end()]

    def mention(self, text: str, ctx: Context) -> None:
        """Record the people and organisations ``text`` names (for pronouns and joint statements)."""
        for _, _, sp, kind in self.entities(normalise.variants(text), ctx):
            if kind != "joint" and sp.name != UNKNOWN:
                ctx.mentions.append((ctx.paragraph, sp))
                if sp.pronoun == "it":
                    ctx.bodies.append(sp)

    def resolve(self, subject: str, ctx: Context) -> Speaker | None:
        """The speaker named by ``subject`` (the words before or after a speech verb), or None
        when they name no speaker at all (then the verb is not an attribution)."""
        raw = subject.strip(" ,;:\x01\"'")
        s = normalise.variants(raw)
        toks = [t.lower() for t in _TOKEN.findall(s)]
        if not toks or len(toks) > 20:
            return None
        if toks[0] in PRONOUNS and all(t in self.words["adverb"] or t in _AUX for t in toks[1:]):
            return self._pronoun(toks[0], raw, ctx)
        if toks[0] in FIRST_PERSON and all(t in self.words["adverb"] or t in _AUX for t in toks[1:]):
            return replace(ctx.author, raw=raw) if ctx.author is not None else None
        head = [t.lower() for t in _TOKEN.findall(s.split(",")[0])]
        if _RELATIVE & set(head) or (len(toks) > 12 and "," not in s):
            return None
        ents = self.entities(s, ctx)
        joints = [sp for *_, sp, kind in ents if kind == "joint"]
        if joints:
            people = [sp for *_, sp, kind in ents if kind != "joint" and sp.pronoun in ("he", "she")]
            return self.joint(ctx, "", raw, people) if len(people) >= 2 else replace(joints[0], raw=raw)
        side = self.side_of(s)
        items = [(a, b, sp, kind) for a, b, sp, kind in ents]
        items += [
            (a, b, Speaker(name, side, name, "name", "person"), "name")
            for a, b, name in self.names(s, [(a, b) for a, b, *_ in ents])
        ]
        items.sort(key=lambda it: it[0])
        people = [it for it in items if it[2].pronoun in ("he", "she", "person")]
        if len(people) >= 2 and re.search(r"\band\b|&", s[people[0][1] : people[1][0]]):
            return self.joint(ctx, "", raw, [p[2] for p in people])
        for group in (
            [p for p in people if p[3] in ("alias", "name")],
            people,
            [it for it in items if it[2].pronoun == "it"],
        ):
            if group:
                return replace(group[0][2], raw=raw)
        if set(self.words["document"]) & set(toks):  # "An Indian readout said": its body, named before
            body = ctx.last_body(side)
            if body is not None:
                return replace(body, raw=raw, how="document")
        org = self.organisation(s)
        if org:
            return Speaker(org, side, raw, "organisation", "it")
        generic = (
            set(self.words["generic"])
            | set(self.words["document"])
            | set(self.words["title"]) - {"of", "the"}
        )
        capitalised = [t for t in _TOKEN.findall(s) if t[0].isupper() and t.lower() not in self._not_name]
        if generic & set(toks) or capitalised:
            return Speaker(UNKNOWN, side, raw, "generic", "")
        return None


@lru_cache(maxsize=1)
def _default() -> Resolver:
    return Resolver()


def side_of(speaker: str, year: int | None = None, *, document_side: str = UNKNOWN, resolver=None) -> str:
    """The side of ``speaker`` in ``year``: a name of the actors table (canonical or alias) -> its
    side; a role phrase ("Raksha Mantri") -> the side of its holder that year, or the role's own
    side; "A & B" -> their side, or "joint" when they differ; a nationality word ("Belarus's
    defence ministry") -> that side. Otherwise (unknown speaker, an outlet) ``document_side``:
    the side of an occurrence is its speaker's when the speaker is known, else the document's.
    ``resolver``: a ``Resolver`` with other tables (default: the shipped ones)."""
    res = resolver if resolver is not None else _default()
    if not isinstance(speaker, str) or not speaker.strip() or speaker == UNKNOWN:
        return document_side
    if speaker in res.info:
        return res.info[speaker]["side"]
    if " & " in speaker:
        sides = {side_of(p, year, document_side=UNKNOWN, resolver=res) for p in speaker.split(" & ")}
        return "joint" if len(sides) > 1 or UNKNOWN in sides else sides.pop()
    found = res.resolve(speaker, Context(year, document_side))
    return found.side if found is not None and found.side not in (UNKNOWN, "") else document_side
