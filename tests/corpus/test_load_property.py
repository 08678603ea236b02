"""Property: any folder of files loads, one row per file, and valid UTF-8 text is decoded exactly."""

from __future__ import annotations

import codecs
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_utils import load_corpus
from corpus_utils.corpus.decoding import decode

# printable text in any script (no control characters, no byte-order mark)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from("\n\t "),
    max_size=300,
)
SENTENCE = "India and Russia discussed the supply of frigates and the training of crews. "


@st.composite
def contents(draw) -> tuple[bytes, str | None]:
    """(bytes of a file, the text it holds when it is valid UTF-8 text without a BOM)."""
    kind = draw(
        st.sampled_from(
            ["utf8", "utf8", "bom", "utf16", "utf16le", "cp1252", "bytes", "nul", "long", "blank"]
        )
    )
    text = draw(TEXT)
    if kind == "utf8":
        return text.encode(), text
    if kind == "bom":
        return codecs.BOM_UTF8 + text.encode(), None
    if kind == "utf16":
        return text.encode("utf-16"), None
    if kind == "utf16le":
        return (SENTENCE + text).encode("utf-16-le"), None
    if kind == "cp1252":
        return text.encode("cp1252", "ignore"), None
    if kind == "bytes":
        return draw(st.binary(max_size=400)), None
    if kind == "nul":
        return text.encode() + b"\x00" * draw(st.integers(1, 50)) + text.encode(), None
    if kind == "long":
        line = (SENTENCE + text).replace("\n", " ") * draw(st.integers(100, 1500))
        return line.encode(), line
    return draw(st.sampled_from([b"", b" ", b"\n\n", b"\t \r\n", " \u3000 ".encode()])), None


NAMES = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\\x00", max_codepoint=0x2FFF
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    files=st.lists(
        st.tuples(NAMES, contents(), st.sampled_from([".txt", ".txt", ".TXT", ".md", ""])),
        min_size=1,
        max_size=6,
    )
)
def test_any_folder_loads_one_row_per_file(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus folder ü"
        (root / "sub dir").mkdir(parents=True)
        expected = {}
        for i, (name, (data, text), suffix) in enumerate(files):
            stem = f"{i:02d} {name.strip('. ')}"  # unique, never hidden, never a README
            folder = root / "sub dir" if i % 2 else root
            try:
                path = folder / f"{stem}{suffix}"
                path.write_bytes(data)
            except OSError:  # a name the file system refuses (too long in bytes)
                path = folder / f"{i:02d}{suffix}"
                path.write_bytes(data)
            expected[path.stem] = (data, text, path.suffix)  # "00 a.TXT" given no suffix is still .TXT
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = load_corpus(root)
        assert len(df) == len(files)
        assert sorted(df["doc_id"]) == sorted(expected)
        for row in df.itertuples():
            data, text, suffix = expected[row.doc_id]
            assert isinstance(row.raw, str) and isinstance(row.excluded_reason, str)
            assert row.included == (row.excluded_reason == "")
            if suffix.lower() != ".txt":
                assert row.excluded_reason.startswith("not a text file")
            elif text is not None and text.strip():
                assert row.raw == text and row.encoding == "utf-8"
            if row.included:
                assert row.text.strip() and row.encoding


@settings(max_examples=50, deadline=None)
@given(text=TEXT)
def test_valid_utf8_is_decoded_exactly(text):
    decoded, encoding, problem = decode(text.encode())
    if text.strip():
        assert (decoded, encoding, problem) == (text, "utf-8", "")
    else:
        assert decoded == "" and problem == ("empty file" if not text else "whitespace-only file")


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=2000))
def test_decode_never_raises(data):
    decoded, encoding, problem = decode(data)
    assert (decoded == "") == bool(problem)
