"""Bytes to text: which encoding a file is in, and what was lost in decoding it.

The rules, in order:

1. Empty or whitespace-only bytes are reported as such.
2. A byte-order mark decides: UTF-8 (``utf-8-sig``), UTF-16 or UTF-32.
3. UTF-16 without a mark is recognised by its NUL bytes: text that is mostly Latin script puts a
   zero in every other byte (the high byte of each character), in the odd positions for
   little-endian, the even ones for big-endian. Other NUL bytes, more than a few, mean a binary
   file.
4. UTF-8. When a few bytes are invalid (no more of them than valid multi-byte characters, so the
   file is mostly good UTF-8) each one becomes U+FFFD and ``encoding`` says how many, for example
   "utf-8, 1 byte replaced". Reading such a file as Latin-1 would garble every accented letter.
5. Only when UTF-8 fails broadly is the file in another encoding. With enough non-ASCII bytes to
   judge (``DETECT_MIN_BYTES``), charset-normalizer (https://github.com/jawah/charset_normalizer)
   picks it: it decodes with every candidate code page and keeps the least "chaotic" reading,
   so it finds Windows-1251 or KOI8-R Russian, Shift-JIS and the like, which fixed rules would
   read as Western gibberish. When Windows-1252 reads the bytes as well as its pick (Western
   code pages tie on most text), Windows-1252 is used, the most common of them. With fewer
   non-ASCII bytes, or no pick, the rules try Windows-1252, then Latin-1.

A decoded text full of control characters is reported as binary, whatever the encoding.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

DETECT_MIN_BYTES = 20
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # invalid UTF-8 bytes under "surrogateescape"
_ASCII = bytes(range(128))
_ASCII_NOT_CONTROL = bytes(b for b in range(128) if not _CONTROL.match(chr(b)))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes fall in every other position, else ''."""
    sample = data[: 8192 - 8192 % 2] if len(data) >= 8192 else data[: len(data) - len(data) % 2]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2].count(0) / (len(sample) // 2), sample[1::2].count(0) / (len(sample) // 2)
    if odd >= 0.1 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.1 and odd <= 0.02:
        return "utf-16-be"
    return ""


def utf8(data: bytes) -> tuple[str, int, int]:
    """(text, invalid bytes replaced by U+FFFD, valid multi-byte characters)."""
    try:
        text = data.decode("utf-8")
        return text, 0, len(text) - len(text.encode("ascii", "ignore"))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return _ESCAPED.sub("\ufffd", text), bad, good


def legacy(data: bytes) -> tuple[str, str]:
    """(text, encoding) of bytes that are not UTF-8 (see the module docstring, rule 5)."""
    if len(data.translate(None, _ASCII)) >= DETECT_MIN_BYTES:
        matches = charset_normalizer.from_bytes(data)
        best = matches.best()
        if best is not None:
            western = any(
                m.chaos <= best.chaos and "cp1252" in (m.encoding, *m.could_be_from_charset) for m in matches
            )
            if not western:
                return str(best), best.encoding
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _checked(text: str, enc: str) -> tuple[str, str, str]:
    if text.isascii():  # counted by deleting every other byte, no regex pass
        controls = len(text.encode("ascii").translate(None, _ASCII_NOT_CONTROL))
    else:
        controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 100):
        return "", "", f"binary or undecodable file ({controls} control characters as {enc})"
    if not text.strip():
        return "", enc, "whitespace-only file"
    return text, enc, ""


def decode(data: bytes) -> tuple[str, str, str]:
    """(text, encoding, problem) of a file's bytes; ``problem`` is '' for usable text."""
    if not data.strip():
        return "", "", "empty file" if not data else "whitespace-only file"
    if data.startswith(codecs.BOM_UTF8):
        text, bad, _ = utf8(data[3:])
        return _checked(text, "utf-8-sig" + (f", {_plural(bad, 'byte')} replaced" if bad else ""))
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                return "", "", f"undecodable: {enc.upper()} byte-order mark but invalid {enc.upper()}"
    nuls = data.count(0)
    if nuls:
        enc = utf16_without_bom(data)
        if enc:
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                pass
        if nuls > max(3, len(data) // 1000):
            return "", "", "binary file (contains NUL bytes)"
    text, bad, good = utf8(data)
    if bad == 0:
        return _checked(text, "utf-8")
    if bad <= good:
        return _checked(text, f"utf-8, {_plural(bad, 'byte')} replaced")
    return _checked(*legacy(data))
