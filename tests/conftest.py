"""Shared fixtures: the seeds, a tiny synthetic corpus factory, a folder of bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Any hidden dependency on downloaded NLTK data fails here, not at a user's desk.
os.environ["NLTK_DATA"] = str(Path(__file__).parent / "_no_nltk_data")
os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import settings  # noqa: E402

from corpus_utils import load_corpus  # noqa: E402
from corpus_utils.paths import SEEDS_DIR  # noqa: E402

# Property tests draw the same examples on every run and machine (CI runs a fresh clone with no
# example database): a failure is reproducible, never a one-off. HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


# ---------------------------------------------------------------- end-to-end runs (slow)
HOSTILE_TEXT = (
    "<script>alert('corpus')</script> Defence Minister Rajnath Singh met Russian Defence Minister "
    "Sergei Shoigu in New Delhi. The two ministers discussed the special and privileged "
    'strategic partnership and the AK-203 joint venture. "We value the trust between our countries," '
    "Shoigu said."
)
SMALL_TABLE = [
    (
        "t1",
        "2019-03-01",
        "India and Russia reaffirmed their special and privileged strategic partnership. "
        "The two ministers discussed the supply of S-400 systems and joint production under Make in India. "
        '"Our cooperation is based on trust," Rajnath Singh said.',
    ),
    (
        "t2",
        "2020-06-24",
        "Defence Minister Rajnath Singh attended the Victory Day parade in Moscow. "
        "The interaction of the general staffs and branches of the armed forces is strengthening, Shoigu said. "
        "Both sides welcomed the AK-203 joint venture for the production of rifles worth Rs 5,000 crore.",
    ),
    ("t3", "2021-12-06", HOSTILE_TEXT),
    (
        "t4",
        "2022-04-01",
        "The interaction of the general staffs and military branches of the armed forces is "
        "strengthening, Shoigu said at a meeting. India values its special and privileged strategic partnership "
        "with Russia, the ministry said in a statement on the S-400 deliveries.",
    ),
]


def write_small_table(path: Path) -> Path:
    import pandas as pd

    pd.DataFrame(SMALL_TABLE, columns=["id", "date", "text"]).to_csv(path, index=False)
    return path


def run_report(*args: str) -> tuple[int, str, str]:
    """Run ``corpus-report`` in a subprocess of this environment: (exit code, stdout, stderr)."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "corpus_utils.report", *args],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="session")
def table_run(tmp_path_factory):
    """One full run of every notebook on a small CSV corpus that holds a ``<script>`` text."""
    root = tmp_path_factory.mktemp("table_run")
    corpus = write_small_table(root / "small.csv")
    out = root / "out"
    code, stdout, stderr = run_report("--corpus", str(corpus), "--out", str(out))
    assert code == 0, stdout + stderr
    return out
