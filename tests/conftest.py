"""Shared fixtures: the seeds, a tiny synthetic corpus factory, a folder of bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Any hidden dependency on downloaded NLTK data fails here, not at a user's desk.
os.environ["NLTK_DATA"] = str(Path(__file__).parent / "_no_nltk_data")
os.environ.setdefault("MPLBACKEND", "Agg")

from corpus_utils import load_corpus  # noqa: E402
from corpus_utils.paths import SEEDS_DIR  # noqa: E402


@pytest.fixture(scope="session")
def seeds():
    """The five seed documents, loaded."""
    return load_corpus(SEEDS_DIR)


@pytest.fixture
def make_corpus(tmp_path):
    """Write documents as .txt files and load them: ``make_corpus({"a": "date 2020-01-01 x\\nText."})``.
    A value may be ``str`` (written as UTF-8) or ``bytes`` (written as is)."""

    def _make(docs: dict[str, str | bytes], **options):
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, body in docs.items():
            path = folder / (name if "." in name else f"{name}.txt")
            path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        return load_corpus(folder, **options)

    return _make


def synthetic_doc(date: str, body: str) -> str:
    """A document in the seeds' format: header line with page junk, then the body."""
    return f" date {date} Log in\n\n{body}\n\nTags:\n"
