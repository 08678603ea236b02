"""Amounts and quantities: crore, lakh, billions, currencies, qualifiers; model numbers never."""

from __future__ import annotations

import json

import pytest

from corpus_utils.claims import amounts

# text, [(value, unit, qualifier, what), ...]
CASES = [
    ("₹5,000 crore", [(5e10, "INR", "", "")]),
    ("₹ 5,000 crore", [(5e10, "INR", "", "")]),
    ("Rs 5,000 crore", [(5e10, "INR", "", "")]),
    ("Rs. 5,000 crore", [(5e10, "INR", "", "")]),
    ("Rs.5,000 crore", [(5e10, "INR", "", "")]),
    ("INR 5,000 crore", [(5e10, "INR", "", "")]),
    ("Rs 39,000 crore", [(3.9e11, "INR", "", "")]),
    ("a Rs 5,000-crore deal", [(5e10, "INR", "", "")]),
    ("five lakh", [(5e5, "", "", "")]),
    ("5 lakh", [(5e5, "", "", "")]),
    ("five lakh rifles", [(5e5, "", "", "rifles")]),
    ("over five lakh such rifles", [(5e5, "", "over", "rifles")]),
    ("5,00,000 rifles", [(5e5, "", "", "rifles")]),
    ("$5.43 billion", [(5.43e9, "USD", "", "")]),
    ("USD 5.43 bn", [(5.43e9, "USD", "", "")]),
    ("5.43 bn USD", [(5.43e9, "USD", "", "")]),
    ("US$ 1.2 million", [(1.2e6, "USD", "", "")]),
    ("US$1.2mn", [(1.2e6, "USD", "", "")]),
    ("$5m", [(5e6, "USD", "", "")]),
    ("2.5 lakh crore rupees", [(2.5e12, "INR", "", "")]),
    ("10 thousand crore rupees", [(1e11, "INR", "", "")]),
    ("€3 billion", [(3e9, "EUR", "", "")]),
    ("10 billion roubles", [(1e10, "RUB", "", "")]),
    ("two hundred and fifty thousand dollars", [(2.5e5, "USD", "", "")]),
    ("twenty-five lakh", [(2.5e6, "", "", "")]),
    ("a lakh rifles", [(1e5, "", "", "rifles")]),
    ("one million", [(1e6, "", "", "")]),
    ("1 lakh 20 thousand", [(1.2e5, "", "", "")]),
    ("worth nearly ₹5,000 crore", [(5e10, "INR", "nearly", "")]),
    ("more than 10 lakh", [(1e6, "", "more than", "")]),
    ("up to $2 bn", [(2e9, "USD", "up to", "")]),
    ("around Rs 500 crore", [(5e9, "INR", "around", "")]),
    ("about $1 billion", [(1e9, "USD", "about", "")]),
    ("less than 5 lakh", [(5e5, "", "less than", "")]),
    ("two frigates", [(2.0, "", "", "frigates")]),
    ("The 200 rifles", [(200.0, "", "", "rifles")]),
    (
        "India cleared the long-pending AK 203 Kalashnikov rifles deal worth nearly ₹5,000 crore for production "
        "of over five lakh such rifles at Korwa in Amethi",
        [(5e10, "INR", "nearly", ""), (5e5, "", "over", "rifles")],
    ),
]

NOT_AMOUNTS = [
    "S-400",
    "S-400 systems",
    "AK-203",
    "AK 203",
    "AK 203 rifles",
    "Project 11356",
    "Project 11356 frigates",
    "Su-30MKI",
    "MiG-29",
    "T-90",
    "T-90 tanks",
    "INS Vikramaditya",
    "Ka-226T",
    "2021",
    "in 2018",
    "2021 rifles",
    "December 6",
    "24 June 2020",
    "75th Anniversary",
    "9:53PM",
    "2+2",
    "the '2+2' dialogue",
    "one of the main areas",
    "a one-hour meeting",
    "the two ministers",
    "over the next two days",
    "Release ID: 1651150",
    "A$5 million",
    "two plus two dialogue",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_reads_the_amounts(text, expected):
    found = amounts.parse(text)
    got = [(a["value"], a["unit"], a["qualifier"], a["what"]) for a in found]
    assert len(got) == len(expected), found
    for (value, unit, qualifier, what), (v, u, q, w) in zip(got, expected, strict=True):
        assert value == pytest.approx(v)
        assert (unit, qualifier, what) == (u, q, w)


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_model_numbers_dates_and_times_are_not_amounts(text):
    assert amounts.parse(text) == []


def test_spans_point_at_the_amount_without_its_qualifier():
    text = "a deal worth nearly ₹5,000 crore was cleared"
    (a,) = amounts.parse(text)
    assert text[a["start"] : a["end"]] == a["text"] == "₹5,000 crore"


def test_to_json_is_sorted_and_keeps_value_unit_qualifier():
    data = json.loads(amounts.to_json(amounts.parse("over five lakh such rifles")))
    assert data == [
        {"qualifier": "over", "text": "five lakh", "unit": "", "value": 500000.0, "what": "rifles"}
    ]
    assert amounts.to_json([]) == "[]"


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError):
        amounts.parse(5000)
