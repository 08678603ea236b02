"""A document's own speaker (``speaker`` of ``load_corpus``) owns its statements in the claims."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import claims, load_corpus

SPEECHES = [
    (
        "s1",
        "1994-05-02",
        "Ann Kumar",
        "Labour",
        "Our schools need more teachers. I said last year that the budget was too small. "
        '"The budget is a disgrace," John Smith said on Monday.',
    ),
    (
        "s2",
        "1995-03-09",
        "Rajnath Singh",
        "Cabinet",
        "We believe the partnership is strong. The new plant will open next year.",
    ),
    (
        "s3",
        "1995-06-01",
        "",
        "Labour",
        "The hospital will open next year.",
    ),
]


@pytest.fixture(scope="module")
def speech_claims(tmp_path_factory):
    path = tmp_path_factory.mktemp("speeches") / "speeches.csv"
    pd.DataFrame(SPEECHES, columns=["id", "when", "who", "party", "body"]).to_csv(path, index=False)
    corpus = load_corpus(
        path, id_col="id", date_col="when", speaker_col="who", group_col="party", text_col="body"
    )
    return claims.extract(corpus, grouped=False)


# doc, fragment of the claim, kind, speaker, side
EXPECTED = [
    ("s1", "schools need more teachers", "reported", "Ann Kumar", "Labour"),  # a statement of fact
    ("s1", "budget was too small", "reported_speech", "Ann Kumar", "Labour"),  # "I said"
    ("s1", "is a disgrace", "quote", "John Smith", "Labour"),  # someone else quoted keeps the quote
    ("s2", "partnership is strong", "reported", "Rajnath Singh", "india"),  # the actors table's side
    ("s2", "plant will open", "reported", "Rajnath Singh", "india"),
    ("s3", "hospital will open", "reported", "unknown", "Labour"),  # no speaker given: the outlet's
]


@pytest.mark.parametrize(("doc", "fragment", "kind", "speaker", "side"), EXPECTED)
def test_statements_go_to_the_documents_speaker(speech_claims, doc, fragment, kind, speaker, side):
    rows = speech_claims[(speech_claims["doc_id"] == doc) & speech_claims["claim"].str.contains(fragment)]
    assert len(rows) == 1, speech_claims[["doc_id", "kind", "speaker", "claim"]].to_string()
    row = rows.iloc[0]
    assert (row["kind"], row["speaker"], row["side"]) == (kind, speaker, side)


SEEDLIKE = (
    " date 2021-12-06 Log in\n\nPress Trust of India New Delhi\n\n"
    "The two countries signed a deal for rifles. "
    '"Our cooperation is based on trust," Rajnath Singh said.\n\nTags:\n'
)


@pytest.mark.parametrize(
    ("metadata", "reported_speaker", "reported_side"),
    [
        (None, "unknown", "india"),  # no speaker: the outlet (none found here), as before
        ("file,speaker\nstatement.txt,Sergei Shoigu\n", "Sergei Shoigu", "russia"),
        (
            "file,speaker\nstatement.txt,Maria Lopez\n",
            "Maria Lopez",
            "india",
        ),  # not an actor: the document's side
    ],
)
def test_seed_like_document_with_a_speaker_from_the_metadata_table(
    make_corpus, tmp_path, metadata, reported_speaker, reported_side
):
    options = {}
    if metadata:
        (tmp_path / "meta.csv").write_text(metadata, encoding="utf-8")
        options["metadata"] = tmp_path / "meta.csv"
    got = claims.extract(make_corpus({"statement": SEEDLIKE}, **options), grouped=False)
    reported = got[got["claim"].str.contains("signed a deal")].iloc[0]
    quote = got[got["kind"] == "quote"].iloc[0]
    assert (reported["kind"], reported["speaker"]) == ("reported", reported_speaker)
    assert reported["side"] == reported_side
    assert (quote["speaker"], quote["side"]) == ("Rajnath Singh", "india")  # the person quoted
