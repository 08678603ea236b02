"""Boilerplate removal by rules kept as data (``data/boilerplate.csv``).

A rule removes a whole line (``scope=line``: the stripped line must match) or a piece of a line
(``scope=inline``); a rule may require the previous non-empty line to match ``follows``
(an unrelated headline teaser sits right under a wire credit). Every removal is returned with
the rule's name, so the audit shows exactly what went and why. Article sentences are never
matched by these rules: the tests check every seed sentence by sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import datatable
from ..errors import CorpusError
from . import literals


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str
    pattern: re.Pattern[str]
    follows: re.Pattern[str] | None
    hints: tuple[str, ...]
    description: str


@lru_cache(maxsize=8)
def rules(path: str | None = None) -> tuple[Rule, ...]:
    """Load the rules table (the shipped one by default)."""
    source = datatable.locate(path, "boilerplate.csv")
    out = []
    for line, row in datatable.rows(
        source,
        columns=["name", "scope", "pattern", "follows", "hint", "description"],
        what="boilerplate rules",
        optional=("follows", "hint", "description"),
    ):
        if row["scope"] not in {"line", "inline"}:
            raise CorpusError(
                f"{datatable.where(source, line, 'boilerplate rules')}: scope {row['scope']!r}; "
                "use 'line' or 'inline'"
            )
        out.append(
            Rule(
                row["name"],
                row["scope"],
                datatable.regex(row["pattern"], source, line, "boilerplate rules"),
                datatable.regex(row["follows"], source, line, "boilerplate rules")
                if row["follows"]
                else None,
                tuple(h.strip() for h in row["hint"].split("|") if h.strip()),
                row["description"],
            )
        )
    return tuple(out)


def _scoped(pattern: str) -> str:
    """Turn a leading global flag group such as ``(?i)`` into a scoped one, for use in an alternation."""
    m = re.match(r"\(\?([aiLmsux]+)\)", pattern)
    return f"(?{m[1]}:{pattern[m.end() :]})" if m else f"(?:{pattern})"


@lru_cache(maxsize=8)
def _combined(table: str | None) -> re.Pattern[str]:
    """All line rules without a ``follows`` condition as one alternation, tried in table order
    (the first alternative that matches the whole line is the first matching rule)."""
    plain = _kinds(table)[0]
    return re.compile("|".join(f"(?P<r{i}>{_scoped(r.pattern.pattern)})" for i, r in enumerate(plain)))


@lru_cache(maxsize=8)
def _hints(table: str | None) -> tuple[str, ...]:
    return tuple(sorted({h for r in rules(table) for h in r.hints}))


@lru_cache(maxsize=16)
def _kinds(table: str | None, *, hinted: bool = True) -> tuple[list[Rule], list[Rule], list[Rule]]:
    """The rules by kind, in table order: whole-line rules without conditions (``_combined``),
    whole-line rules with a ``follows`` or hints, inline rules (``hinted`` false: those without hints)."""
    use = [r for r in rules(table) if hinted or not r.hints]
    return (
        [r for r in use if r.scope == "line" and r.follows is None and not r.hints],
        [r for r in use if r.scope == "line" and (r.follows is not None or r.hints)],
        [r for r in use if r.scope == "inline"],
    )


def strip_lines(lines: list[str], *, table: str | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Apply the rules to a list of lines. Returns the kept lines (blank lines kept as paragraph
    breaks) and the removals as ``(rule name, removed text)`` pairs in document order."""
    plain, conditional, inline_rules = _kinds(table)
    combined = _combined(table)
    # a line holds a hint only if the document does: most documents hold none, and then no line
    # is searched for hints at all (one pass over the document, not a scan per line and hint)
    found = literals.found(_hints(table), "\n".join(lines).lower())
    if not found:  # and no rule with hints applies to any line
        conditional, inline_rules = _kinds(table, hinted=False)[1:]
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        m = combined.fullmatch(stripped)
        lower = stripped.lower() if found else ""
        hinted = bool(found) and any(h in lower for h in found)  # else no rule with hints applies
        hit = (
            plain[int(m.lastgroup[1:])]
            if m
            else next(
                (
                    r
                    for r in conditional
                    if (r.follows is None or r.follows.fullmatch(previous))
                    and (not r.hints or (hinted and any(h in lower for h in r.hints)))
                    and r.pattern.fullmatch(stripped)
                ),
                None,
            )
        )
        previous = stripped
        if hit:
            removed.append((hit.name, stripped))
            continue
        for r in inline_rules:
            if r.hints and not (hinted and any(h in lower for h in r.hints)):
                continue
            for m in r.pattern.finditer(stripped):
                removed.append((r.name, m.group().strip()))
            stripped = r.pattern.sub("", stripped).strip()
        if stripped:
            kept.append(stripped)
    return kept, removed
