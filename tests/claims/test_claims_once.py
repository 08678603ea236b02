"""Claims counted once and what they are about: merging, about, scope (corpus_utils.claims)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import synthetic_doc

from corpus_utils import claims
from corpus_utils.claims import about
from corpus_utils.errors import CorpusError
from corpus_utils.report import params

SEED_001 = "001_048e5a57887d2b5b"


@pytest.fixture(scope="module")
def seed_claims(seeds):
    return claims.extract(seeds)


# doc body (paragraphs), number of claims, kind of the first claim, words of its paraphrase ("" none)
MERGES = [
    (
        "Shoigu said Russia was ready to expand joint production of rifles in India.\n\n"
        '"Russia is ready to expand joint production of rifles in India," Shoigu said.',
        1,
        "quote",
        "Russia was ready to expand joint production",
    ),
    (  # two different propositions stay two claims
        "Shoigu said the S-400 deliveries were on schedule.\n\n"
        '"Our navies will hold the Indra exercise in the Bay of Bengal," Shoigu said.',
        2,
        "reported_speech",
        "",
    ),
    (  # no quotation: nothing to fold into
        "Shoigu said the S-400 deliveries were on schedule.\n\nSingh said the exercises went well.",
        2,
        "reported_speech",
        "",
    ),
]


@pytest.mark.parametrize(("body", "n", "kind", "paraphrase"), MERGES)
def test_lead_paraphrase_folds_into_its_quotation(make_corpus, body, n, kind, paraphrase):
    got = claims.extract(make_corpus({"a": synthetic_doc("2021-12-06", body)}))
    assert len(got) == n, got[["kind", "claim"]].to_string()
    assert got.loc[0, "kind"] == kind
    assert paraphrase in got.loc[0, "paraphrase"]
    if paraphrase:
        assert got.loc[0, "merged_ids"] == "a:000" and got.loc[0, "claim_id"] == "a:001"


def test_the_same_claim_in_two_documents_is_not_merged(make_corpus):
    body = '"Russia is ready to expand joint production of rifles in India," Shoigu said.'
    other = (
        "The visit had been planned for months by both foreign offices and the navies of the two countries."
    )
    got = claims.extract(
        make_corpus(
            {"a": synthetic_doc("2021-12-06", body), "b": synthetic_doc("2022-12-06", f"{other}\n\n{body}")}
        )
    )
    quotes = got[got["kind"] == "quote"]
    assert len(quotes) == 2 and quotes["group_id"].nunique() == 1  # recurrence, measured by the groups


@pytest.mark.parametrize(
    ("fragment", "paraphrase"),
    [
        ("They expressed satisfaction", "vowed on Friday to strengthen"),
        ("They also discussed the Russian defence industry", "the two ministers also discussed"),
        ("The two ministers discussed wide-ranging issues", "Singh and Shoigu discussed wide-ranging issues"),
    ],
)
def test_seed_leads_are_counted_with_their_quotations(seed_claims, fragment, paraphrase):
    rows = seed_claims[seed_claims["doc_id"].eq(SEED_001) & seed_claims["sentence"].str.contains(fragment)]
    assert len(rows) == 1 and paraphrase in rows.iloc[0]["paraphrase"]
    assert not seed_claims["sentence"].str.contains(paraphrase, regex=False).any()


def test_recurring_has_no_false_group_from_a_copy(seed_claims):
    recurring = claims.recurring(seed_claims)
    assert not recurring["claim"].str.contains("They expressed satisfaction").any()


def test_dek_is_no_claim_and_the_body_copy_is_kept(seeds, seed_claims):
    row = seeds.set_index("doc_id").loc[SEED_001]
    assert row["dek"].startswith("The ministry said Singh and Shoigu discussed")
    assert "The ministry said Singh and Shoigu discussed wide-ranging issues" in row["text"]
    dek_003 = seeds.set_index("doc_id").loc["003_89e9f6ed03a7e5b1", "dek"]
    assert dek_003 == "Discusses issues of defence cooperation between India and Russia"
    assert not seed_claims["sentence"].str.contains("Discusses issues").any()


# text of the claim, about, scope
ABOUT = [
    ("Singh held talks with his Uzbek counterpart.", "India; Uzbekistan", "third_country"),
    ("Singh met Kyrgyzstan's Lieutenant General Asankalievich.", "India; Kyrgyzstan", "third_country"),
    ("Singh held talks with Belarusian Defence Minister Khrenin.", "Belarus; India", "third_country"),
    ("The two sides discussed the situation in Afghanistan.", "Afghanistan; India; Russia", "bilateral"),
    ("The Indra exercises showed our common interests.", "India; Russia", "bilateral"),
    ("Russia and India signed the deal.", "India; Russia", "bilateral"),
    ("Singh and Shoigu discussed regional peace.", "India; Russia", "bilateral"),
]


@pytest.mark.parametrize(("text", "expected_about", "scope"), ABOUT)
def test_about_and_scope(text, expected_about, scope):
    table = pd.DataFrame(
        {
            "doc_id": ["a"],
            "claim": [text],
            "speaker": ["unknown"],
            "speaker_raw": [""],
            "mentions": ["; ".join(n for n in ("Rajnath Singh", "Sergei Shoigu") if n.split()[1] in text)],
        }
    )
    got = about.annotate(table, {"Rajnath Singh": "india", "Sergei Shoigu": "russia"})
    assert (got.loc[0, "about"], got.loc[0, "scope"]) == (expected_about, scope)


def test_third_countries_carry_to_the_claims_that_refer_to_them():
    table = pd.DataFrame(
        {
            "doc_id": ["a"] * 4,
            "claim": [
                "Singh held talks with his Uzbek counterpart.",
                "He also met Belarusian Defence Minister Khrenin.",
                "Cooperation with the two countries was reviewed.",
                "Issues of mutual interest were also discussed.",
            ],
            "speaker": ["outlet", "outlet", "Ministry", "Ministry"],
            "speaker_raw": ["", "", "the ministry", "it"],
            "mentions": ["Rajnath Singh", "", "", ""],
        }
    )
    table.loc[2, "claim"] = "Cooperation with the three countries was reviewed."
    got = about.annotate(table, {"Rajnath Singh": "india"})
    assert got["scope"].tolist() == ["third_country"] * 4
    assert got.loc[2, "about"] == got.loc[3, "about"] == "Belarus; Uzbekistan"


def test_seed_third_country_claims_are_kept_and_marked(seed_claims):
    marked = seed_claims[seed_claims["scope"] == "third_country"]
    assert marked["doc_id"].eq(SEED_001).all() and len(marked) == 4
    assert set(claims.scoped(seed_claims)["scope"]) == {"bilateral"}
    assert len(claims.scoped(seed_claims, scope="all")) == len(seed_claims)


@pytest.mark.parametrize("value", ["bilateral", "third_country", "all"])
def test_claims_scope_parameter_accepts_its_choices(value):
    assert params.check("claims_scope", value) == value


def test_bad_scope_is_one_line_error(seed_claims):
    with pytest.raises(CorpusError, match="claims_scope 'both' must be one of"):
        claims.scoped(seed_claims, scope="both")
    with pytest.raises(CorpusError, match="claims_scope"):
        params.check("claims_scope", "both")


def test_top_themes_keep_ties():
    table = pd.DataFrame(
        {"theme": ["a", "b", "c", "d"], "label": ["A", "B", "C", "D"], "claims": [4, 4, 2, 1]}
    )
    assert claims.top_themes(table, n=2) == [(["A", "B"], 4)]
    assert claims.top_themes(table, n=3) == [(["A", "B"], 4), (["C"], 2)]
    assert claims.top_themes(table.assign(claims=0)) == []


def test_claims_table_shows_theme_labels(seed_claims):
    row = seed_claims[seed_claims["themes"] == "bilateral_dialogue"].iloc[0]
    assert row["theme_labels"] == "Bilateral dialogue formats"


def test_findings_say_what_was_merged_and_left_out(seed_claims):
    from corpus_utils.report import findings

    scoped = claims.scoped(seed_claims)
    out = findings.claims(seed_claims, claims.by_theme_year(scoped), claims.recurring(scoped), pd.DataFrame())
    text = " ".join(out)
    assert "5 lead paraphrase(s) counted once" in text
    assert "4 claim(s) about third countries" in text
    assert "Most frequent themes: Joint production and Make in India (12)" in text
