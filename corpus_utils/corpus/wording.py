"""From normalised wording back to the original: the one mapping of tokens of ``text_norm`` onto
tokens of ``text``, used wherever a table quotes the original wording of a match found in
``text_norm`` (concordance lines, phrase-family variants, recycled passages).

``text`` and ``text_norm`` have the same word tokens except where a spelling variant replaced some
("AK 203" -> "AK-203" is two words to one, "Make-in-India" -> "Make in India" one to three).
``token_map`` maps one token sequence onto the other: identity when they are equal (the usual case);
otherwise it walks both and, where they part, resynchronises at the nearest point where a few tokens
agree again (difflib's ``SequenceMatcher`` takes over if none is near). A run of normalised tokens
that replaced a run of original ones maps to that whole run. ``char_span`` turns a run of normalised
tokens into the character span of the original tokens it stands for. The mapping works on any
tokenisation, as long as both texts are cut the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence


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


def token_map(orig: list[str], norm: list[str], *, reach: int = 12, anchor: int = 3) -> list[tuple[int, int]]:
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


def char_span(
    mapping: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]], i: int, j: int
) -> tuple[int, int]:
    """Character span in the original text of normalised tokens ``i``..``j - 1``, given
    ``token_map(orig, norm)`` and the character ``spans`` of the original tokens."""
    if not spans:
        return (0, 0)
    first = min(mapping[i][0], len(spans) - 1)
    last = min(max(mapping[j - 1][1], first + 1), len(spans)) - 1
    return spans[first][0], spans[last][1]
