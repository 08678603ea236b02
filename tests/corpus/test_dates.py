import datetime as dt

import pytest

from corpus_utils.corpus import dates
from corpus_utils.errors import CorpusError

TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        (" date 2021-12-06 Log in\nBody.", dt.date(2021, 12, 6), "header"),
        ("date 2019-02-03 close\nBody.", dt.date(2019, 2, 3), "header"),
        (
            "Title\nPosted On: 03 SEP 2020 9:53PM by PIB Delhi\nBody.",
            dt.date(2020, 9, 3),
            "posted_on",
        ),
        (
            "2 min read Last Updated : Apr 28 2023 | 6:54 PM IST",
            dt.date(2023, 4, 28),
            "last_updated",
        ),
        ("First Published: Apr 28 2023 | 7:13 PM IST", dt.date(2023, 4, 28), "first_published"),
        (
            "Text.\n- Rajnath Singh (@rajnathsingh) December 6, 2021\n",
            dt.date(2021, 12, 6),
            "tweet_signature",
        ),
        # ambiguous numeric stamp resolved by a named-month date elsewhere in the document
        (
            "12/06/2021 | 03:22am EST\nBody.\npublished this content on 06 December 2021 and",
            dt.date(2021, 12, 6),
            "numeric_stamp",
        ),
        (
            "06.12.2021 (09:10)\nThe talks of 6 December 2021 were long.",
            dt.date(2021, 12, 6),
            "numeric_stamp",
        ),
        # unambiguous numeric stamp (day > 12)
        ("25/06/2021\nBody.", dt.date(2021, 6, 25), "numeric_stamp"),
        ("06/25/2021\nBody.", dt.date(2021, 6, 25), "numeric_stamp"),
        ("06.06.2021\nBody.", dt.date(2021, 6, 6), "numeric_stamp"),
    ],
)
def test_dates_found(text, expected, source):
    result = dates.resolve(text, today=TODAY)
    assert (result.date, result.source) == (expected, source)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("12/06/2021 | 03:22am EST\nNo other date here.", "ambiguous"),
        ("The meeting will be held on December 13.", "no reliable date"),
        ("Posted On: 03 SEP 1585 9:53PM", "rejected"),
        ("Posted On: 03 SEP 2031 9:53PM", "rejected"),
        (" date 2021-02-30 Log in\nBody.", "impossible"),
        (" date 2031-02-03 Log in\nBody.", "out of range"),
    ],
)
def test_no_date_is_guessed(text, warning):
    result = dates.resolve(text, today=TODAY)
    assert result.date is None and result.source == "none"
    assert any(warning in w for w in result.warnings), result.warnings


def test_first_reliable_stamp_wins():
    text = "Posted On: 03 SEP 2020 9:53PM\nLast Updated : Apr 28 2023"
    assert dates.resolve(text, today=TODAY).date == dt.date(2020, 9, 3)


@pytest.mark.parametrize(
    ("text", "years", "expected", "warning"),
    [
        ("Posted On: 03 SEP 1985 9:53PM", None, dt.date(1985, 9, 3), ""),
        ("Posted On: 03 SEP 1612 9:53PM", None, dt.date(1612, 9, 3), ""),
        ("Posted On: 03 SEP 1985 9:53PM", (1990, None), None, "outside the years 1990-2026"),
        ("Posted On: 03 SEP 2021 9:53PM", (1990, 2020), None, "outside the years 1990-2020"),
        (" date 1985-02-03 Log in\nBody.", (1990, None), None, "out of range"),
        (" date 1985-02-03 Log in\nBody.", (1980, 1990), dt.date(1985, 2, 3), ""),
    ],
)
def test_date_window_is_an_option(text, years, expected, warning):
    result = dates.resolve(text, today=TODAY, years=years)
    assert result.date == expected
    assert not warning or any(warning in w for w in result.warnings), result.warnings


@pytest.mark.parametrize("years", [(2000, 1990), ("1990", None), (1990.5, 2000)])
def test_bad_date_window_is_one_line(years):
    with pytest.raises(CorpusError, match="date_window must be two years"):
        dates.window(years, today=TODAY)
