"""The evaluation in eval/: gold files well-formed, scores computed right, the runner runs.

No test here asserts that a target is met: the targets are a benchmark (``make evaluate``)."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils.claims import speakers
from corpus_utils.errors import CorpusError
from eval import gold, run, score


@pytest.fixture(scope="module")
def ids(seeds):
    return set(seeds.loc[seeds["included"], "doc_id"])


def test_gold_claims_are_well_formed_and_each_is_in_its_document(seeds, ids):
    claims = gold.claims(doc_ids=ids)
    assert len(claims) >= 50 and set(claims["doc_id"]) == ids
    texts = seeds.set_index("doc_id")["text"].map(gold.key)
    for rec in claims.itertuples():
        assert gold.key(rec.sentence) in texts[rec.doc_id], rec.sentence
        assert not rec.also or gold.key(rec.also) in texts[rec.doc_id], rec.also
    assert not claims.duplicated(["doc_id", "sentence"]).any()


def test_gold_families_and_passages_are_in_their_documents(seeds, ids):
    norm = seeds.set_index("doc_id")
    for rec in gold.families(doc_ids=ids).itertuples():
        assert gold.key(rec.wording) in gold.key(norm.at[rec.doc_id, "text"]), rec.wording
        assert rec.year == norm.at[rec.doc_id, "year"]
    passages = gold.passages(doc_ids=ids)
    assert len(passages) == 3
    for rec in passages.itertuples():
        assert gold.key(rec.fragment_a) in gold.key(norm.at[rec.doc_a, "text"])
        assert gold.key(rec.fragment_b) in gold.key(norm.at[rec.doc_b, "text"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc_id,sentence,also,speaker,side,themes,about,scope\na,x,,S,moon,,,bilateral\n", "side must be"),
        (
            "doc_id,sentence,also,speaker,side,themes,about,scope\na,x,,S,india,nope,,bilateral\n",
            "theme 'nope'",
        ),
        ("doc_id,sentence\na,x\n", "lacks columns"),
    ],
)
def test_bad_gold_claims_name_the_problem(tmp_path, content, message):
    path = tmp_path / "claims.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        gold.claims(path)


def _claims(rows):
    cols = ["doc_id", "sentence", "speaker", "side", "themes", "about", "scope"]
    return pd.DataFrame(rows, columns=cols)


def test_claim_scores_count_duplicates_and_wrong_speakers():
    truth = pd.DataFrame(
        [
            ("d", "Alpha said one", "the lead of one", "A", "india", "x; y", "India", "bilateral"),
            ("d", "Beta said two", "", "B", "russia", "z", "Russia", "bilateral"),
            ("d", "Gamma said three", "", "unknown", "unknown", "", "India", "bilateral"),
        ],
        columns=gold.CLAIM_COLUMNS,
    )
    system = _claims(
        [
            ("d", "Alpha said one.", "A", "india", "x", "India", "bilateral"),
            ("d", "The lead of one, he said.", "A", "india", "x", "India", "bilateral"),  # counted twice
            ("d", "Beta said two.", "C", "russia", "z; w", "Russia", "bilateral"),  # wrong speaker
            ("d", "Gamma said three.", "unknown", "unknown", "", "India", "bilateral"),
        ]
    )
    got = score.score_claims(system, truth)
    assert (got["matched"], got["duplicates"], got["spurious"]) == (3, 1, 0)
    assert got["speaker_precision"] == pytest.approx(1 / 3)  # A right; the duplicate A and C count against
    assert got["speaker_recall"] == pytest.approx(1 / 2)
    assert got["theme_precision"] == pytest.approx(2 / 3) and got["theme_recall"] == pytest.approx(2 / 3)


def test_family_scores_need_one_family_per_drift_and_flag_names():
    truth = pd.DataFrame(
        [("f", "time-tested friendship", "a", 2018), ("f", "time-tested relationship", "b", 2023)],
        columns=gold.FAMILY_COLUMNS,
    )
    occ = pd.DataFrame(
        {
            "family": ["time-tested friendship", "tested relationship", "sergei shoigu said"],
            "wording": [
                "time-tested friendship",
                "unique and time-tested relationship",
                "Sergei Shoigu said",
            ],
            "doc_id": ["a", "b", "a"],
        }
    )
    got = score.score_families(occ, truth, speakers.Resolver())
    assert got["family_recall"] == 0.5  # the drift is split over two families
    assert got["noise_families"] == {"sergei shoigu said": "name"}


@pytest.mark.parametrize(
    ("wording", "kind"),
    [
        ("General Sergei Shoigu", "name"),
        ("Defence Minister Rajnath Singh", "name"),
        ("Russian Defence Minister", "title"),
        ("defence ministry said", "reporting clause"),
        ("special and privileged strategic partnership", ""),
        ("issues of mutual interest", ""),
    ],
)
def test_noise_kind(wording, kind):
    assert score.noise_kind(wording, speakers.Resolver()) == kind


@pytest.mark.slow
def test_evaluation_runs_and_prints_every_figure(capsys):
    assert run.main([]) == 0
    out = capsys.readouterr().out
    for label in (
        "speakers: precision",
        "themes: precision",
        "families: recall",
        "passages: recall",
        "targets:",
    ):
        assert label in out
    assert out.count(" met") >= 4  # each target reported, met or NOT met
