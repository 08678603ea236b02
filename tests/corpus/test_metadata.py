import pytest

from corpus_utils.corpus import metadata


@pytest.mark.parametrize(
    ("raw", "outlet", "side"),
    [
        (
            "Body.\nMinistry of Defense of the Russian Federation published this content on 06 December 2021",
            "Ministry of Defence of the Russian Federation",
            "russia",
        ),
        (
            "Posted On: 03 SEP 2020 9:53PM by PIB Delhi\nBody.",
            "Press Information Bureau (Government of India)",
            "india",
        ),
        (
            "Press Trust of India New Delhi\nBody.\n(reworked by the Business Standard staff; the rest)",
            "Business Standard",
            "india",
        ),
        (
            " date 2018-12-14 By Trend\nShoigu said, Trend reports referring to TASS.\nFollow us on Twitter @AzerNewsAz",
            "AzerNews",
            "russia",
        ),
        ("New Delhi : Defence Minister Rajnath Singh held talks.", "unknown", "unknown"),
    ],
)
def test_source(raw, outlet, side):
    src = metadata.source(raw)
    assert (src.outlet, src.side) == (outlet, side)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The defence ministers of India and Russia met in New Delhi and discussed the supply of spares.",
            "en",
        ),
        ("भारत और रूस ने रक्षा सहयोग को मजबूत करने का संकल्प लिया।", "hi"),
        ("ભારત અને રશિયાએ સંરક્ષણ સહકાર મજબૂત કરવાનો સંકલ્પ કર્યો.", "gu"),
        ("Министр обороны России Сергей Шойгу провел переговоры с индийским коллегой.", "ru"),
        (
            "Le ministre de la Défense a rencontré son homologue indien pour discuter de la coopération.",
            "fr",
        ),
        ("1234 5678", "und"),
    ],
)
def test_language(text, lang):
    assert metadata.language(text) == lang
