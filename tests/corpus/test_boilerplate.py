import pytest

from corpus_utils.corpus import boilerplate, clean


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Log in", "page_chrome"),
        ("Menu", "page_chrome"),
        ("By Trend", "byline"),
        ("Press Trust of India New Delhi", "wire_credit"),
        ("2 min read Last Updated : Apr 28 2023 | 6:54 PM IST", "read_time"),
        ("First Published: Apr 28 2023 | 7:13 PM IST", "timestamp"),
        ("12/06/2021 | 03:22am EST", "numeric_timestamp"),
        ("Topics : India Russia", "tags"),
        ("© Publicnow 2021", "copyright"),
        ("Follow us on Twitter @AzerNewsAz", "follow_us"),
        ("(Release ID: 1651150)", "release_id"),
        ("ABB/Nampi/KA/DK/Savvy/ADA", "staff_initials"),
        ("Photo: Reuters", "photo_credit"),
        ("- Rajnath Singh (@rajnathsingh) December 6, 2021", "tweet_signature"),
        ("Sign up for our daily newsletter", "newsletter"),
    ],
)
def test_line_rules(line, rule):
    kept, removed = boilerplate.strip_lines([line])
    assert kept == [] and removed == [(rule, line)]


@pytest.mark.parametrize(
    "sentence",
    [
        "By 2025 the two sides hope to finish the project.",
        "The minister said the deal was updated in 2021 after long talks.",
        "Close cooperation continues.",
        "Menu options for the delegation included local dishes.",
        "Russia and India maintain close military contacts in multilateral formats.",
    ],
)
def test_article_sentences_survive(sentence):
    kept, removed = boilerplate.strip_lines([sentence])
    assert kept == [sentence] and removed == []


def test_teaser_only_after_a_wire_credit():
    lines = [
        "Press Trust of India New Delhi",
        "Amit Shah chairs SCO meet on emergencies",
        "Body sentence here.",
    ]
    kept, removed = boilerplate.strip_lines(lines)
    assert kept == ["Body sentence here."]
    assert [r for r, _ in removed] == ["wire_credit", "unrelated_teaser"]
    kept, _ = boilerplate.strip_lines(["Amit Shah chairs SCO meet on emergencies", "Body."])
    assert kept[0] == "Amit Shah chairs SCO meet on emergencies"


def test_inline_rule_keeps_rest_of_line():
    kept, removed = boilerplate.strip_lines(["India values the partnership. pic.twitter.com/abc123"])
    assert kept == ["India values the partnership."]
    assert removed == [("pic_twitter", "pic.twitter.com/abc123")]


def test_bad_rules_file_is_named(tmp_path):
    bad = tmp_path / "rules.csv"
    bad.write_text("name,scope,pattern,follows,description\nx,line,(unclosed,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rules.csv.*bad regex"):
        boilerplate.rules(str(bad))


def test_repeated_sentence_kept_once():
    doc = clean.document(
        "Title here\n\nThe two sides signed the deal today. It was long.\n\nThe two sides signed the deal today.\n"
    )
    assert doc.text.count("The two sides signed the deal today") == 1
    assert ("repeated_passage", "The two sides signed the deal today.") in doc.removed


@pytest.mark.parametrize(
    ("raw", "dek", "body_starts"),
    [
        (
            "A headline about the talks\n\nThe ministry said the two sides met\n\n"
            "The two sides met in Delhi. The ministry said the two sides met.\n",
            "The ministry said the two sides met",
            "The two sides met in Delhi. The ministry said the two sides met.",  # the body copy is kept
        ),
        ("A headline about the talks\n\nThe two sides met in Delhi.\n\nThey talked.\n", "", "The two"),
        ("A headline about the talks\n\nDiscusses defence cooperation\n", "", "Discusses"),  # nothing after
        ("The two sides met in Delhi on Monday and talked.\n\nShort line here\n\nMore.\n", "", "The two"),
    ],
)
def test_dek_is_split_from_the_body(raw, dek, body_starts):
    doc = clean.document(raw)
    assert doc.dek == dek
    assert doc.text.startswith(body_starts)
