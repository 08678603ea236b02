"""Watch lists: the seeds' India-Russia lists on the seeds, the corpus's own elsewhere, given ones always."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import load_corpus
from corpus_utils.errors import CorpusError
from corpus_utils.explore import concordance, watch
from corpus_utils.paths import SEEDS_DIR
from corpus_utils.report import findings

SEED_TERMS = ["strategic partnership", "Make in India", "S-400", "AK-203", "trust"]
SEED_PHRASES = [
    "special and privileged strategic partnership",
    "time-tested friendship",
    "mutual trust",
    "military and technical cooperation",
    "Make in India",
]
OPENINGS = [
    "Storms closed the north quay for a week and the ferry ran late.",
    "Tourists filled the old town during the festival of boats.",
    "A new school opened beside the market with two hundred pupils.",
    "The mayor visited the hospital wards and praised the nurses.",
]
SPEECH = "Fishermen pay the harbour levy twice a year. The council will review the harbour levy soon."


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    path = tmp_path_factory.mktemp("harbour") / "speeches.csv"
    rows = [(f"d{i}", f"{1990 + i}-01-02", f"{opening} {SPEECH}") for i, opening in enumerate(OPENINGS)]
    pd.DataFrame(rows, columns=["id", "date", "text"]).to_csv(path, index=False)
    return path, load_corpus(path, id_col="id")


def test_seed_lists_are_package_data():
    assert watch.seed_lists() == (SEED_TERMS, SEED_PHRASES)


@pytest.mark.parametrize("source", ["seeds", str(SEEDS_DIR), SEEDS_DIR / "."])
def test_the_seeds_keep_the_india_russia_lists(seeds, source):
    terms, phrases, note = watch.watch_lists(seeds, source=source)
    assert (terms, phrases) == (SEED_TERMS, SEED_PHRASES)
    assert "India\u2013Russia" in note


@pytest.mark.parametrize(
    ("given_terms", "given_phrases", "terms", "phrases"),
    [
        (["levy"], ["harbour levy"], ["levy"], ["harbour levy"]),
        ([], [], [], []),  # an empty list is a choice too: follow nothing
        (["levy"], "phrases.txt", ["levy"], "phrases.txt"),  # a file path is kept for families.watch_list
    ],
)
def test_given_lists_always_win(harbour, given_terms, given_phrases, terms, phrases):
    _, corpus = harbour
    got = watch.watch_lists(corpus, source=SEEDS_DIR, watch_terms=given_terms, watch_phrases=given_phrases)
    assert got == (terms, phrases, "Watch lists as given.")


def test_another_corpus_gets_its_own_lists(harbour):
    path, corpus = harbour
    terms, phrases, note = watch.watch_lists(corpus, source=path)
    assert terms[:2] == ["harbour", "levy"]  # 8 occurrences each, in every document
    assert "said" not in terms and len(terms) == 5
    assert phrases[0] == "council will review the harbour levy"  # the longest most recurrent formula
    assert not set(terms) & {t.lower() for t in SEED_TERMS}
    assert (
        note.startswith("Watch lists chosen from the corpus (none given)")
        and "'council will review the harbour levy'" in note
    )
    kwic = concordance.kwic(corpus, terms, window=4)
    text = " ".join(
        findings.exploration(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), kwic, pd.DataFrame(), terms)
    )
    assert "Never found" not in text and "S-400" not in text


def test_terms_only_when_the_notebook_follows_no_phrases(harbour):
    path, corpus = harbour
    terms, phrases, note = watch.watch_lists(corpus, source=path, phrases=False)
    assert terms and phrases == [] and "phrases" not in note


def test_nothing_selected_gives_empty_lists(harbour):
    path, corpus = harbour
    terms, phrases, note = watch.watch_lists(corpus.assign(included=False), source=path)
    assert (terms, phrases) == ([], [])
    assert "none found" in note and "none recurs" in note


def test_a_bad_seed_table_names_its_line(tmp_path):
    bad = tmp_path / "w.csv"
    bad.write_text("list,item\nterms,x\nwords,y\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 3: list 'words' is not terms or phrases"):
        watch.seed_lists(bad)
