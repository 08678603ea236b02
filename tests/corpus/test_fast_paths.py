"""The loader's fast paths (issue 13) give what their plain definitions give.

Each fast function is checked against the slow formula it replaces, written out here, on rows
chosen for the edge cases (non-ASCII spaces, the letters that regex case-folding pairs unlike
``str.lower``, repeats in short and in long documents) and on generated text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_utils.corpus import clean, decoding, duplicates, literals, load, metadata, normalise, store

OLD_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')]))\s+(?=[\"'(]?[A-Z0-9])")
PUNCT = str.maketrans(
    {
        ch: " "
        for ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb"
    }
)
TRICKY = st.lists(
    st.sampled_from(
        list("aZs9 .!?\"'()-\n\t\r\x1c\x0b\u00a0\u2028\u3000\u2019\u201c\u2014İıſΣ\u212a")
        + ["defense", "S 400", "Make-in-India", "ak203", ". The ", '." A']
    ),
    max_size=40,
).map("".join)


def plain_fold(s: str) -> str:
    return " ".join(s.lower().translate(PUNCT).split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Minister, said: 'yes'.", "the minister said yes"),
        ("a\x1cb\u2028c\u3000d\u00a0e", "a b c d e"),  # str.split's spaces outside bytes.split's
        ("Rs\u2014₹5,000 \u201cquoted\u201d", "rs ₹5 000 quoted"),
        (
            "\u0130stanbul \u039f\u0394\u039f\u03a3",
            "i\u0307stanbul \u03bf\u03b4\u03bf\u03c2",
        ),  # İ lower-cases to two characters; final sigma
        ("bad \ud800 surrogate", "bad \ud800 surrogate"),
        ("", ""),
    ],
)
def test_fold_rows(text, expected):
    assert normalise.fold(text) == expected == plain_fold(text)


@settings(max_examples=50, deadline=None)
@given(TRICKY)
def test_fold_is_the_plain_formula(text):
    assert normalise.fold(text) == plain_fold(text)


@settings(max_examples=50, deadline=None)
@given(TRICKY)
def test_sentence_splits_are_the_look_behind_splits(text):
    assert clean.sentences(text) == OLD_SENTENCE_END.split(text)
    keys = [normalise.fold(x) for line in text.split("\n") for x in OLD_SENTENCE_END.split(line) if x.strip()]
    assert duplicates.sentence_keys(text) == keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'He said "Yes." Then left! (A) 3 more. "Quote?" B',
            ['He said "Yes."', "Then left!", "(A) 3 more.", '"Quote?"', "B"],
        ),
        ("e.g. this. and that", ["e.g. this. and that"]),
    ],
)
def test_clean_sentences_rows(text, expected):
    assert clean.sentences(text) == expected


def test_signature_is_digest_of_folded_text_and_sentence_prints():
    text = "One two three four five six.\nShort one.  Seven eight nine ten eleven!"
    digest, prints = duplicates.signature(text)
    assert digest == hashlib.blake2b(plain_fold(text).encode(), digest_size=16).hexdigest()
    assert prints == frozenset(duplicates.fingerprints(text))
    assert len(prints) == 2  # "Short one." has under five words


@settings(max_examples=60, deadline=None)
@given(st.lists(TRICKY, max_size=8))
def test_the_cleaners_sentence_keys_give_the_texts_signature(paras):
    """The loader fingerprints the keys ``clean.document`` folded while dropping repeats; they
    must be the keys of the cleaned text (repeats removed from inside paragraphs too)."""
    raw = "\n".join([*paras, *paras[:2], "One two three four five. One two three four five. Six."])
    cleaned = clean.document(raw)
    assert duplicates.keyed(cleaned.keys) == duplicates.signature(cleaned.text)
    assert cleaned.keys == duplicates.sentence_keys(cleaned.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the S 400 and s-400, S400", "the S-400 and S-400, S-400"),
        ("buys AK 203s and AK 203", "buys AK 203s and AK-203"),
        ("the Su 30MKI fleet", "the Su-30MKI fleet"),
        ("Make-in-India and make in india", "Make in India and Make in India"),
        ("₹5 for defense", "₹5 for defence"),  # non-ASCII text, mapped letter for letter
        ("defen\u017fe and DEFENSE", "defen\u017fe and Defence"),  # long s: matched, no canonical form
        ("İ defense", "İ defence"),  # İ lower-cases to two characters: the whole pattern runs
        ("predefense, defense-minded", "predefense, defense-minded"),
    ],
)
def test_variants_rows(text, expected):
    assert normalise.variants(text) == expected


@settings(max_examples=50, deadline=None)
@given(TRICKY)
def test_variants_are_the_whole_pattern(text):
    alts, folded, exact, _ = normalise._variant_rules(str(normalise.data_file("variants.csv")))

    def swap(m):
        key = re.sub(r"[\s-]+", " ", m.group())
        if key in exact:
            return exact[key]
        canonical = folded.get(key.lower())
        return m.group() if canonical is None else normalise._match_case(m.group(), canonical)

    assert normalise.variants(text) == normalise._alternation(alts).sub(swap, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("caf\u00e9 \u2013 \u201cok\u201d", 'caf\u00e9 - "ok"'),
        ("caf\u00e9 plain", "caf\u00e9 plain"),
        ("ascii only", "ascii only"),
    ],
)
def test_quotes_rows(text, expected):
    assert normalise.quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a \n b", "a\nb"),
        ("a\tb  c", "a b c"),
        ("a\r\n\r\n\r\nb", "a\n\nb"),
        ("one space only\nhere", "one space only\nhere"),
        (" a\u2028b ", "a\u2028b"),
    ],
)
def test_whitespace_rows(text, expected):
    assert normalise.whitespace(text) == expected


A = "India and Russia signed the agreement on rifles."
B = "The ministers met in Moscow on Friday afternoon."


@pytest.mark.parametrize("short", [5, 20_000])  # earlier text indexed at once, or searched as one string
@pytest.mark.parametrize(
    ("paras", "kept", "rules"),
    [
        ([A, B, A], [A, B], ["repeated_passage"]),
        ([A, B, "signed the agreement on rifles. The ministers met"], [A, B], ["repeated_passage"]),
        ([f"{A} {B}", f"{B} {A}"], [f"{A} {B}"], ["repeated_sentence", "repeated_sentence"]),
        ([A, "and Russia signed"], [A, "and Russia signed"], []),
    ],
)
def test_drop_repeats_short_and_long_documents(monkeypatch, short, paras, kept, rules):
    monkeypatch.setattr(clean, "_SHORT", short)
    out, removed = clean.drop_repeats(paras)
    assert out == kept
    assert [rule for rule, _ in removed] == rules


def doc(i: int, body: str) -> str:
    return f" date 2021-03-{1 + i % 28:02d} Log in\nHeadline number {i} on the talks\n\n{body}\n"


def test_chunks_in_two_processes_find_copies_across_chunks(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    bodies = [
        f"Story {i} tells how the ministers of country {i} met on day {i} to discuss topic {i} at length. "
        f"They agreed on point {i} and parted after {i} hours of talks in the capital."
        for i in range(450)
    ]
    bodies[440] = bodies[3]  # an exact copy, two chunks of 200 later, dated later
    for i, body in enumerate(bodies):
        (folder / f"d{i:03d}.txt").write_text(doc(i, body))
    df = load.load_corpus(folder, workers=2)
    assert len(df) == 450 and list(df.columns) == load.COLUMNS
    assert df.loc[df["doc_id"] == "d440", "duplicate_of"].item() == "d003"
    assert df.loc[df["doc_id"] == "d440", "excluded_reason"].item() == "duplicate of d003"
    assert int(df["included"].sum()) == 449
    assert str(df["date"].dtype) == "datetime64[ms]" and str(df["year"].dtype) == "Int64"
    assert df["n_removed"].tolist() == [1] * 450  # the date header


def test_stored_file_does_not_depend_on_chunks(tmp_path, seeds):
    import pandas as pd

    whole = store.save(seeds, tmp_path / "whole.parquet")
    parts = pd.concat([seeds.iloc[:2], seeds.iloc[2:]], ignore_index=True)
    parts.attrs = seeds.attrs
    cut = store.save(parts, tmp_path / "cut.parquet")
    assert whole.read_bytes() == cut.read_bytes()


def old_drop_repeats(paras: list[str], k: int = 4) -> tuple[list[str], list[tuple[str, str]]]:
    """The plain definition ``clean.drop_repeats`` speeds up: every sentence folded on its own, the
    earlier words searched as one string, every sentence checked in a second pass."""
    removed: list[tuple[str, str]] = []
    seen_text = " "
    split = []
    for para in paras:
        sents = [x for x in clean.sentences(para) if x.strip()]
        keys = [normalise.fold(x) for x in sents]
        words = " ".join(keys).split()
        if len(words) >= k and f" {' '.join(words)} " in seen_text:
            removed.append(("repeated_passage", para))
            continue
        split.append((para, sents, keys))
        seen_text += " ".join(words) + " " if words else ""
    seen: set[str] = set()
    out = []
    for para, sents, keys in split:
        keep = []
        for s, key in zip(sents, keys, strict=True):
            repeat = key.count(" ") + 1 >= k and key in seen  # a key already seen adds nothing
            removed += [("repeated_sentence", s)] if repeat else []
            keep += [] if repeat else [s]
            seen.add(key)
        out += [para if len(keep) == len(sents) else " ".join(keep)] if keep else []
    return out, removed


PARAGRAPH = st.lists(
    st.sampled_from(
        [
            A,
            B,
            "India and Russia signed.",
            "the agreement on rifles. The ministers met",
            "...",
            " ",
            "\x00 A. B",
            "ON RIFLES! \u201cThe\u201d ministers",
            "Met in. 3 Moscow",
            "\u0130stanbul talks. On rifles.",
        ]
    ).map(str),
    max_size=8,
).map(" ".join)


@pytest.mark.parametrize("short", [30, 20_000])  # earlier text indexed early, or searched as one string
@settings(max_examples=60, deadline=None)
@given(paras=st.lists(PARAGRAPH | TRICKY, max_size=8))
def test_drop_repeats_is_the_plain_definition(short, paras):
    old_short = clean._SHORT
    clean._SHORT = short
    try:
        assert clean.drop_repeats(paras) == old_drop_repeats(paras)
    finally:
        clean._SHORT = old_short


@settings(max_examples=80, deadline=None)
@given(st.lists(TRICKY | PARAGRAPH, max_size=5))
def test_sentence_keys_fold_each_sentence(paras):
    expected = [[normalise.fold(x) for x in clean.sentences(p) if x.strip()] for p in paras]
    assert clean.sentence_keys(paras) == expected


ASCII_WORDS = st.lists(
    st.sampled_from(
        ["the", "and", "of", "der", "und", "le", "de", "la", "India", "S-400", "2021", "x1", ".", ","]
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(ASCII_WORDS | TRICKY.filter(str.isascii))
def test_language_of_ascii_text_is_the_str_path(text):
    # a leading em space makes the sample non-ASCII (the str path) and changes no word and no letter
    assert metadata.language(text) == metadata.language("\u2003" + text)


def test_language_counts_only_words_of_letters():
    text = "the " + "2021 x1 " * 15 + "india russia talks"  # 4 words of letters, one of them 'the'
    assert metadata.language(text) == metadata.language("\u2003" + text) == "en"


def plain_whitespace(s: str) -> str:
    s = re.sub(r"[ \t\f\v]+", " ", s.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in s.split("\n"))).strip()


@settings(max_examples=80, deadline=None)
@given(
    TRICKY
    | TRICKY.map(lambda s: s.encode("ascii", "ignore").decode())
    | st.lists(st.sampled_from(["₹", "$", "£", " ", "5", "\n", "a", "\x0b", "\r", "\x7f"]), max_size=20).map(
        "".join
    )
)
def test_text_steps_are_their_plain_formulas(text):
    assert normalise.whitespace(text) == plain_whitespace(text)
    assert normalise.unicode(text) == normalise._CONTROL.sub("", unicodedata.normalize("NFKC", text))
    assert normalise.currency(text) == re.sub(r"([₹$€£])\s+(?=\d)", r"\1", text)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=40))
def test_decoding_counts_controls_as_the_regex_does(text):
    controls = len(decoding._CONTROL.findall(text))
    problem = decoding._checked(text, "utf-8")[2]
    if controls > 3:
        assert f"({controls} control characters as utf-8)" in problem
    else:
        assert not problem.startswith("binary")


WORDS = st.lists(
    st.sampled_from(["a", "aa", "ab", "India", "india", "dia", "₹", "é", "s400", "s", " "]), max_size=6
)


@settings(max_examples=80, deadline=None)
@given(WORDS.map(lambda ws: tuple(dict.fromkeys(ws))), TRICKY | st.just("aaa india s400 ₹ éab"))
def test_literals_are_the_in_and_find_loops(words, text):
    assert literals.found(words, text) == {w for w in words if w in text}
    where = {}
    for w in words:
        i = text.find(w)
        while i >= 0 and w:
            where.setdefault(w, []).append(i)
            i = text.find(w, i + 1)
    assert literals.starts(tuple(w for w in words if w), text) == where
