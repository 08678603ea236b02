import pytest

from corpus_utils.corpus import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
        ("a \u2013 b \u2014 c", "a - b - c"),
        ("ﬁne\u00a0day", "fine day"),
        ("on [24 June 2020](#) at", "on 24 June 2020 at"),
        ("worth nearly ₹ 5,000 crore", "worth nearly ₹5,000 crore"),
        ("a\r\nb\r\n\r\n\r\n\r\nc  d", "a\nb\n\nc d"),
    ],
)
def test_text(raw, expected):
    assert normalise.text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the defense minister", "the defence minister"),
        ("Defense is key", "Defence is key"),
        ("Sergey Shoygu", "Sergei Shoigu"),
        ("AK203, AK 203 and AK-203", "AK-203, AK-203 and AK-203"),
        ("the Make-in-India push", "the Make in India push"),
        ("S400 systems", "S-400 systems"),
        ("defenseless", "defenseless"),
    ],
)
def test_variants(raw, expected):
    assert normalise.variants(raw) == expected


def test_join_broken_paragraphs():
    paras = ["support provided by Russia", "consistent with the needs of India.", "New paragraph."]
    assert normalise.join_broken_paragraphs(paras) == [
        "support provided by Russia consistent with the needs of India.",
        "New paragraph.",
    ]


def test_steps_can_be_chosen():
    assert normalise.text("\u201cx\u201d  y", steps=[normalise.quotes]) == '"x"  y'
