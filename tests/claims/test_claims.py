"""Claims: who said what, per year, on the seeds and on tricky synthetic sentences."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import synthetic_doc

from corpus_utils import CorpusError
from corpus_utils.claims import extraction as claims
from corpus_utils.claims import speakers
from corpus_utils.corpus import tokens

COLUMNS = [
    "claim_id",
    "doc_id",
    "year",
    "speaker",
    "side",
    "kind",
    "claim",
    "themes",
    "numbers",
    "group_id",
]
MOD_INDIA = "Ministry of Defence (India)"
JOINT = "Rajnath Singh & Sergei Shoigu"


@pytest.fixture(scope="module")
def seed_claims(seeds):
    return claims.extract(seeds)


def row_with(table: pd.DataFrame, doc: str, fragment: str) -> pd.Series:
    """The claim of document ``doc`` (id prefix) whose sentence contains ``fragment``."""
    wording = table["sentence"] + " | " + table["paraphrase_sentence"]  # a merged paraphrase is in its claim
    hits = table[table["doc_id"].str.startswith(doc) & wording.str.contains(fragment, regex=False)]
    assert len(hits) == 1, f"{len(hits)} claims of {doc} contain {fragment!r}"
    return hits.iloc[0]


# doc, fragment of the sentence, year, kind, speaker, side
SEED_ATTRIBUTION = [
    (
        "000",
        "The defence sector is one of the main areas of Russian-Indian cooperation and",
        2021,
        "quote",  # the lead paraphrase is counted with the quotation it paraphrases
        "Sergei Shoigu",
        "russia",
    ),
    ("000", "Regular meetings of the leaders", 2021, "quote", "Sergei Shoigu", "russia"),
    (
        "000",
        "For many years we have been in fruitful contact",
        2021,
        "quote",
        "Sergei Shoigu",
        "russia",
    ),
    (
        "000",
        "He stressed that joint operational",
        2021,
        "reported_speech",
        "Sergei Shoigu",
        "russia",
    ),
    ("000", "The Indra series exercises", 2021, "quote", "Sergei Shoigu", "russia"),
    (
        "000",
        "He also said that Russia and India maintain",
        2021,
        "reported_speech",
        "Sergei Shoigu",
        "russia",
    ),
    (
        "001",
        "The ministry said Singh and Shoigu discussed",
        2023,
        "quote",
        MOD_INDIA,
        "india",
    ),
    ("001", "vowed on Friday", 2023, "quote", MOD_INDIA, "india"),  # folded into the quotation
    ("001", "They expressed satisfaction", 2023, "quote", MOD_INDIA, "india"),
    ("001", "They acknowledged the unique", 2023, "quote", MOD_INDIA, "india"),
    ("001", "The two ministers discussed wide-ranging", 2023, "quote", MOD_INDIA, "india"),
    ("001", "'Make in India' initiative and ways", 2023, "quote", MOD_INDIA, "india"),
    ("001", "Singh described the meeting", 2023, "reported_speech", "Rajnath Singh", "india"),
    ("001", "An Indian readout", 2023, "quote", MOD_INDIA, "india"),  # the readout's body, named before
    ("001", "It said Singh and Shoigu", 2023, "reported_speech", MOD_INDIA, "india"),
    ("003", "Raksha Mantri extended an invitation", 2020, "reported_speech", "Rajnath Singh", "india"),
    (
        "001",
        "The defence minister informed Ming",
        2023,
        "reported_speech",
        "Rajnath Singh",
        "india",
    ),
    ("001", "He also held talks with Belarusian", 2023, "reported", "Business Standard", "india"),
    (
        "002",
        "The level of cooperation between India and Russia",
        2018,
        "quote",
        "Sergei Shoigu",
        "russia",
    ),
    ("002", "The intensity and the depth", 2018, "quote", "Sergei Shoigu", "russia"),
    ("002", "no other state cooperates", 2018, "quote", "Sergei Shoigu", "russia"),
    ("002", "Russia's defense chief cited", 2018, "reported_speech", "Sergei Shoigu", "russia"),
    ("002", "Defense is a key area", 2018, "reported_speech", "Sergei Shoigu", "russia"),
    (
        "002",
        "According to Shoigu, this session",
        2018,
        "reported_speech",
        "Sergei Shoigu",
        "russia",
    ),
    ("002", "Shoigu emphasized", 2018, "reported_speech", "Sergei Shoigu", "russia"),
    (
        "002",
        "The special privileged strategic partnership",
        2018,
        "quote",
        "Sergei Shoigu",
        "russia",
    ),
    (
        "003",
        "Raksha Mantri noted that these exercises",
        2020,
        "reported_speech",
        "Rajnath Singh",
        "india",
    ),
    (
        "003",
        "Defence Minister General Shoigu conveyed",
        2020,
        "reported_speech",
        "Sergei Shoigu",
        "russia",
    ),
    (
        "003",
        "It was noted that",
        2020,
        "reported",
        "Press Information Bureau (Government of India)",
        "india",
    ),
    ("003", "Both sides welcomed", 2020, "joint", JOINT, "joint"),
    ("003", "General Shoigu reiterated", 2020, "reported_speech", "Sergei Shoigu", "russia"),
    (
        "003",
        "States (CIS) countries",
        2020,
        "reported",
        "Press Information Bureau (Government of India)",
        "india",
    ),
    ("004", "The Ministers discussed about", 2021, "joint", JOINT, "joint"),
    ("004", "Had a productive, fruitful", 2021, "quote", "Rajnath Singh", "india"),
    ("004", "Officials said", 2021, "reported_speech", "unknown", "unknown"),
    ("004", "India cleared the long-pending", 2021, "reported", "unknown", "unknown"),
    (
        "004",
        "Ministry of External Affairs said",
        2021,
        "quote",
        "Ministry of External Affairs",
        "india",
    ),
]


@pytest.mark.parametrize(("doc", "fragment", "year", "kind", "speaker", "side"), SEED_ATTRIBUTION)
def test_seed_attribution(seed_claims, doc, fragment, year, kind, speaker, side):
    row = row_with(seed_claims, doc, fragment)
    assert (row["year"], row["kind"], row["speaker"], row["side"]) == (year, kind, speaker, side)


def test_columns_and_ids(seed_claims):
    assert list(seed_claims.columns[:10]) == COLUMNS
    assert {"sentence", "paragraph", "speaker_raw", "date", "outlet"} <= set(seed_claims.columns)
    assert seed_claims["claim_id"].is_unique
    assert seed_claims["claim_id"].is_monotonic_increasing
    assert set(seed_claims["kind"]) <= set(claims.KINDS)
    assert seed_claims["claim_id"].str.fullmatch(r"\d{3}_[0-9a-f]{16}:\d{3}[b-z]?").all()


def test_every_sentence_of_every_included_document_is_in_a_claim(seeds, seed_claims):
    for doc in seeds[seeds["included"]].itertuples():
        mine = seed_claims[seed_claims["doc_id"] == doc.doc_id]
        covered = " ".join(mine["sentence"]) + " " + " ".join(mine["paraphrase_sentence"])
        for sentence in tokens.sentences(doc.text):
            assert sentence in covered, sentence


def test_quotation_over_several_sentences_is_one_claim(seed_claims):
    row = row_with(seed_claims, "000", "For many years we have been in fruitful contact")
    assert row["claim"].startswith("For many years")
    assert row["claim"].endswith("Work is underway in the field of military education")
    assert row["speaker_raw"] == "the Minister"


def test_reported_speech_keeps_the_statement_and_the_sentence(seed_claims):
    row = row_with(seed_claims, "000", "He stressed that joint operational")
    assert (
        row["claim"]
        == "joint operational and combat training activities occupy a special place in military cooperation."
    )
    assert row["sentence"].startswith("He stressed that")
    assert row["speaker_raw"] == "He"


def test_numbers_and_themes_of_the_rifle_deal(seed_claims):
    row = row_with(seed_claims, "004", "India cleared the long-pending")
    numbers = json.loads(row["numbers"])
    assert [(n["value"], n["unit"], n["qualifier"]) for n in numbers] == [
        (5e10, "INR", "nearly"),
        (5e5, "", "over"),
    ]
    assert "arms_deals_platforms" in row["themes"].split("; ")
    assert (
        json.loads(row_with(seed_claims, "002", "Russia's defense chief cited")["numbers"]) == []
    )  # S-400, Project 11356


def test_extract_is_deterministic_and_leaves_the_corpus_alone(seeds):
    before = seeds.copy()
    first, second = claims.extract(seeds), claims.extract(seeds)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(seeds, before)


# name, date, body, [(kind, speaker, side, words the claim contains)]
TRICKY = [
    (
        "split_quote",
        "2021-12-06",
        '"We are ready to deepen our cooperation," Sergei Shoigu said, "and to expand joint production in India."',
        [
            (
                "quote",
                "Sergei Shoigu",
                "russia",
                "We are ready to deepen our cooperation, and to expand joint production",
            )
        ],
    ),
    (
        "split_sentences",
        "2021-12-06",
        '"We are ready to deepen our cooperation," Sergei Shoigu said. "The partnership will grow stronger."',
        [("quote", "Sergei Shoigu", "russia", "cooperation The partnership will grow stronger")],
    ),
    (
        "nested_quote",
        "2021-12-06",
        "\"We discussed the 'Make in India' initiative and the supply of spare parts,\" Shoigu said.",
        [("quote", "Sergei Shoigu", "russia", "the 'Make in India' initiative")],
    ),
    (
        "curly_quotes",
        "2021-12-06",
        "\u201cWe value the special and privileged strategic partnership,\u201d Rajnath Singh said.",
        [("quote", "Rajnath Singh", "india", "We value the special")],
    ),
    (
        "multi_sentence",
        "2019-09-04",
        '"The partnership is strong. It will grow stronger. Nothing can stop it," said Sergei Shoigu.',
        [
            (
                "quote",
                "Sergei Shoigu",
                "russia",
                "strong. It will grow stronger. Nothing can stop it",
            )
        ],
    ),
    (
        "pronoun_next_sentence",
        "2021-12-06",
        "Sergei Shoigu arrived in New Delhi on Monday. He said Russia was ready to deepen cooperation.",
        [
            ("reported", "unknown", "unknown", "arrived"),
            ("reported_speech", "Sergei Shoigu", "russia", "Russia was ready"),
        ],
    ),
    (
        "pronoun_two_people",
        "2021-12-06",
        "Rajnath Singh met Sergei Shoigu in New Delhi on Monday. He said the talks were productive.",
        [
            ("reported", "unknown", "unknown", "met"),
            ("reported_speech", "unknown", "unknown", "talks were productive"),
        ],
    ),
    (
        "pronoun_she",
        "2018-10-05",
        "Nirmala Sitharaman met Sergei Shoigu in Moscow. She said India valued the time-tested partnership.",
        [
            ("reported", "unknown", "unknown", "met"),
            ("reported_speech", "Nirmala Sitharaman", "india", "India valued"),
        ],
    ),
    (
        "pronoun_next_paragraph",
        "2021-12-06",
        '"We are ready," Sergei Shoigu said.\n\nHe stressed that the exercises were a success.',
        [
            ("quote", "Sergei Shoigu", "russia", "We are ready"),
            ("reported_speech", "Sergei Shoigu", "russia", "the exercises were a success"),
        ],
    ),
    (
        "two_speakers",
        "2021-12-06",
        "Rajnath Singh said India valued the partnership, while Sergei Shoigu said Russia was ready to expand cooperation.",
        [
            ("reported_speech", "Rajnath Singh", "india", "India valued the partnership"),
            (
                "reported_speech",
                "Sergei Shoigu",
                "russia",
                "Russia was ready to expand cooperation",
            ),
        ],
    ),
    (
        "new_minister_by_name",
        "2024-06-20",
        "Russian Defence Minister Andrei Belousov said Russia would deliver the remaining S-400 regiments on time.",
        [("reported_speech", "Andrei Belousov", "russia", "Russia would deliver")],
    ),
    (
        "unknown_name",
        "2025-02-10",
        "Indian Defence Minister Arjun Mehra said India would buy more frigates.",
        [("reported_speech", "Arjun Mehra", "india", "India would buy more frigates")],
    ),
    (
        "role_by_year_2018",
        "2018-10-05",
        "The Indian defence minister said the S-400 deal worth Rs 39,000 crore was signed.",
        [("reported_speech", "Nirmala Sitharaman", "india", "S-400 deal")],
    ),
    (
        "role_by_year_2020",
        "2020-09-03",
        "Raksha Mantri said the talks were productive.",
        [("reported_speech", "Rajnath Singh", "india", "talks were productive")],
    ),
    (
        "role_two_holders",
        "2024-06-20",
        "The Russian defence minister said the deliveries were on time.",
        [("reported_speech", "unknown", "russia", "deliveries were on time")],
    ),
    (
        "counterpart",
        "2018-12-14",
        "Shoigu met his Indian counterpart in Moscow.\n\nHis Indian counterpart said the talks were useful.",
        [
            ("reported", "unknown", "unknown", "met"),
            ("reported_speech", "Nirmala Sitharaman", "india", "talks were useful"),
        ],
    ),
    (
        "joint_phrase",
        "2018-10-05",
        "Nirmala Sitharaman met Sergei Shoigu in Moscow. The two ministers discussed the S-400 deal.",
        [
            ("reported", "unknown", "unknown", "met"),
            ("joint", "Nirmala Sitharaman & Sergei Shoigu", "joint", "discussed the S-400 deal"),
        ],
    ),
    (
        "joint_names",
        "2018-10-05",
        "Nirmala Sitharaman and Sergei Shoigu agreed to expand military education contacts.",
        [("joint", "Nirmala Sitharaman & Sergei Shoigu", "joint", "agreed to expand")],
    ),
    (
        "according_to",
        "2019-09-04",
        "The 2+2 dialogue will take place in December, according to Sergei Lavrov.",
        [
            (
                "reported_speech",
                "Sergei Lavrov",
                "russia",
                "The 2+2 dialogue will take place in December",
            )
        ],
    ),
    (
        "told",
        "2022-04-01",
        "Sergei Lavrov told reporters that Russia would supply whatever India wanted to buy.",
        [("reported_speech", "Sergei Lavrov", "russia", "Russia would supply")],
    ),
    (
        "passive",
        "2022-04-01",
        "It was noted that the exercises were a success.",
        [("reported", "unknown", "unknown", "It was noted that")],
    ),
    (
        "surname_of_someone_else",
        "2012-09-04",
        "Manmohan Singh said the relationship was time-tested.",
        [("reported_speech", "Manmohan Singh", "unknown", "time-tested")],
    ),
    # speakers: a document speaks for the body named before it; "It said" reaches back to it
    (
        "readout_body_named_before",
        "2023-04-28",
        "The Indian Defence Ministry hosted the talks.\n\n"
        "An Indian readout of the meeting said the two ministers discussed joint production.\n\n"
        "It said they also reviewed the exercises.",
        [
            ("reported", "unknown", "unknown", "hosted the talks"),
            ("reported_speech", MOD_INDIA, "india", "the two ministers discussed joint production"),
            ("reported_speech", MOD_INDIA, "india", "they also reviewed the exercises"),
        ],
    ),
    (
        "it_said_with_no_body_before",
        "2023-04-28",
        "Singh met Shoigu in Delhi.\n\nIt said the talks went well.",
        [
            ("reported", "unknown", "unknown", "Singh met Shoigu"),
            ("reported_speech", "unknown", "unknown", "the talks went well"),
        ],
    ),
    (
        "role_extends_an_invitation",
        "2020-09-03",
        "Raksha Mantri extended an invitation for General Shoigu to visit India next year.",
        [("reported_speech", "Rajnath Singh", "india", "extended an invitation")],
    ),
    (
        "role_in_another_year",
        "2018-04-03",
        "Raksha Mantri extended an invitation for General Shoigu to visit India.",
        [("reported_speech", "Nirmala Sitharaman", "india", "extended an invitation")],
    ),
    (
        "organisation_under_its_own_name",
        "2023-04-28",
        "Belarus's defence ministry said the talks with Singh were useful.",
        [("reported_speech", "Belarus's defence ministry", "other", "the talks with Singh were useful")],
    ),
    (
        "organisation_with_nationality_word",
        "2023-04-28",
        "The Pakistani army said the exercise was routine.",
        [("reported_speech", "Pakistani army", "other", "the exercise was routine")],
    ),
    (
        "side_of_unknown_speaker_is_the_documents",
        "2023-04-28",
        "Press Trust of India New Delhi\n\nOfficials said the talks were useful.",
        [("reported_speech", "unknown", "india", "the talks were useful")],
    ),
    (
        "unattributed_quote",
        "2019-09-04",
        '"The partnership is strong and will grow stronger."',
        [("quote", "unknown", "unknown", "The partnership is strong")],
    ),
]


@pytest.fixture(scope="module")
def tricky_claims(tmp_path_factory):
    from corpus_utils import load_corpus

    folder = tmp_path_factory.mktemp("tricky")
    for name, date, body, _ in TRICKY:
        (folder / f"{name}.txt").write_text(synthetic_doc(date, body), encoding="utf-8")
    return claims.extract(load_corpus(folder))


@pytest.mark.parametrize(("name", "date", "body", "expected"), TRICKY, ids=[t[0] for t in TRICKY])
def test_tricky_sentences(tricky_claims, name, date, body, expected):
    got = tricky_claims[tricky_claims["doc_id"] == name]
    assert len(got) == len(expected), got[["kind", "speaker", "claim"]].to_string()
    for row, (kind, speaker, side, words) in zip(got.itertuples(), expected, strict=True):
        assert (row.kind, row.speaker, row.side) == (kind, speaker, side), row.claim
        assert words in row.claim
        assert row.year == int(date[:4])


def test_two_claims_in_one_sentence_get_distinct_ids(tricky_claims):
    ids = tricky_claims.loc[tricky_claims["doc_id"] == "two_speakers", "claim_id"].tolist()
    assert ids == ["two_speakers:000", "two_speakers:000b"]


def test_ministry_resolves_by_the_documents_side(make_corpus):
    corpus = make_corpus(
        {
            "indian": synthetic_doc(
                "2023-04-28",
                "Press Trust of India New Delhi\n\nSingh met Shoigu in New Delhi.\n\n"
                "The defence ministry said the talks were productive.",
            ),
            "unsure": synthetic_doc(
                "2023-04-29",
                "The two ministers met in Astana.\n\nThe defence ministry said the meeting was useful.",
            ),
        }
    )
    got = claims.extract(corpus).set_index("claim_id")
    assert got.loc["indian:001", ["speaker", "side"]].tolist() == [MOD_INDIA, "india"]
    assert got.loc["unsure:001", ["speaker", "side"]].tolist() == ["unknown", "unknown"]


def test_actors_table_can_be_swapped(make_corpus, tmp_path):
    table = speakers.actors()
    table = table[table["canonical"] != "Andrei Belousov"]
    corpus = make_corpus(
        {"a": synthetic_doc("2024-06-20", "The Russian defence minister said the deliveries were on time.")}
    )
    with_table = claims.extract(corpus)
    without = claims.extract(corpus, actors=table)
    assert with_table.loc[0, "speaker"] == "unknown"  # Shoigu and Belousov both held the post in 2024
    assert without.loc[0, "speaker"] == "Sergei Shoigu"  # a table that knows only Shoigu
    bad = tmp_path / "actors.csv"
    bad.write_text("canonical,aliases,side,role,years,pronoun\nX,,moon,minister,,he\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"actors\.csv, line 2: side 'moon'"):
        claims.extract(corpus, actors=bad)


def test_bad_years_in_actors_table(tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text(
        "# c\ncanonical,aliases,side,role,years,pronoun\nX,,india,minister,since 2019,he\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"line 3: years 'since 2019'"):
        speakers.actors(bad)


def test_extract_needs_the_corpus_dataframe():
    with pytest.raises(CorpusError, match="load_corpus"):
        claims.extract(pd.DataFrame({"text": ["x"]}))


@pytest.mark.parametrize(
    ("speaker", "year", "side"),
    [
        ("Rajnath Singh", 2021, "india"),  # a canonical name
        ("Singh", 2021, "india"),  # an alias
        ("Raksha Mantri", 2020, "india"),  # a role phrase: its holder's side
        ("the Russian defence minister", 2018, "russia"),
        ("Rajnath Singh & Sergei Shoigu", 2021, "joint"),
        ("Belarus's defence ministry", 2023, "other"),  # a nationality word
        ("Business Standard", 2023, "DOC"),  # an outlet: the document's side
        ("unknown", 2023, "DOC"),
        ("", 2023, "DOC"),
    ],
)
def test_side_of_follows_the_speaker_else_the_document(speaker, year, side):
    assert speakers.side_of(speaker, year, document_side="DOC") == side
