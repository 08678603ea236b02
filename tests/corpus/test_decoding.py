"""Bytes to text: UTF-8 with a few bad bytes, BOM-less UTF-16, legacy code pages, binary files."""

from __future__ import annotations

import codecs

import pytest

from corpus_utils.corpus.decoding import decode, utf16_without_bom

FRENCH = "Le ministre a été reçu à Moscou pour la fête nationale, déjà très attendue."
RUSSIAN = "Министр обороны России Сергей Шойгу встретился с индийским коллегой в Москве."
ENGLISH = "Defence Minister Rajnath Singh met his Russian counterpart in Moscow on Friday."


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (FRENCH.encode(), FRENCH, "utf-8"),
        (codecs.BOM_UTF8 + FRENCH.encode(), FRENCH, "utf-8-sig"),
        # one stray byte in UTF-8: replaced, the accents survive (Latin-1 would give "Ã©tÃ©")
        ("été ".encode() + b"\xff" + b" ok", "été \ufffd ok", "utf-8, 1 byte replaced"),
        (FRENCH.encode() + b"\x92\x93", FRENCH + "\ufffd\ufffd", "utf-8, 2 bytes replaced"),
        (codecs.BOM_UTF8 + "été ".encode() + b"\xe9", "été \ufffd", "utf-8-sig, 1 byte replaced"),
        # UTF-8 fails broadly: a Windows code page
        (FRENCH.encode("cp1252"), FRENCH, "cp1252"),
        (b"The minister\x92s visit", "The minister\u2019s visit", "cp1252"),
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),  # charset-normalizer finds it
        # UTF-16 with and without a byte-order mark
        (ENGLISH.encode("utf-16"), ENGLISH, "utf-16"),
        (ENGLISH.encode("utf-16-le"), ENGLISH, "utf-16-le"),
        (ENGLISH.encode("utf-16-be"), ENGLISH, "utf-16-be"),
        (RUSSIAN.encode("utf-16-le"), RUSSIAN, "utf-16-le"),
        (ENGLISH.encode("utf-32"), ENGLISH, "utf-32"),
        # a few NUL bytes in a long text do not make it binary
        ((ENGLISH * 20).encode() + b"\x00", ENGLISH * 20 + "\x00", "utf-8"),
    ],
)
def test_decode(data, text, encoding):
    assert decode(data) == (text, encoding, "")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "whitespace-only file"),
        ("   ".encode("utf-16"), "whitespace-only file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (contains NUL bytes)"),
        (bytes(range(256)) * 4, "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 20, "binary or undecodable file"),
    ],
)
def test_unusable_bytes_give_a_reason(data, problem):
    text, _, reason = decode(data)
    assert text == "" and reason.startswith(problem)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ENGLISH.encode("utf-16-le"), "utf-16-le"),
        (ENGLISH.encode("utf-16-be"), "utf-16-be"),
        (ENGLISH.encode(), ""),
        (b"\x00\x00ab" * 100, ""),  # NULs in both positions: not UTF-16
        (b"a\x00", ""),
    ],
)
def test_utf16_without_bom(data, expected):
    assert utf16_without_bom(data) == expected
