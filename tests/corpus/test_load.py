"""load_corpus on the seeds and on a folder of bad files."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from corpus_utils import COLUMNS, CorpusError, CorpusWarning, load_corpus
from corpus_utils.corpus import normalise, tokens
from corpus_utils.paths import SEEDS_DIR

SEED_META = [
    # doc_id prefix, date, date_source, outlet, side
    ("000", "2021-12-06", "header", "Ministry of Defence of the Russian Federation", "russia"),
    ("001", "2023-04-28", "header", "Business Standard", "india"),
    ("002", "2018-12-14", "header", "AzerNews", "russia"),
    ("003", "2020-09-03", "posted_on", "Press Information Bureau (Government of India)", "india"),
    ("004", "2021-12-06", "tweet_signature", "unknown", "unknown"),
]

# Lines (or fragments) of each raw seed that are page furniture, not article.
BOILERPLATE = {
    "000": [
        "date 2021-12-06 Log in",
        "12/06/2021 | 03:22am EST",
        "06.12.2021 (09:10)",
        "Tags:",
        "Disclaimer",
        "published this content on 06 December 2021",
        "Publicnow 2021",
    ],
    "001": [
        "date 2023-04-28 close",
        "Press Trust of India New Delhi",
        "Amit Shah chairs SCO meet",
        "2 min read",
        "Only the headline and picture",
        "Topics : India Russia",
        "First Published: Apr 28 2023",
    ],
    "002": ["date 2018-12-14 By Trend", "---", "Follow us on Twitter @AzerNewsAz"],
    "003": ["Posted On: 03 SEP 2020", "ABB/Nampi/KA/DK/Savvy/ADA", "Release ID: 1651150"],
    "004": [
        "pic.twitter.com/9WNBx6m7ok",
        "(@rajnathsingh) December 6, 2021",
        "As an independent media platform",
        "Please contribute",
    ],
}


def _key(s: str) -> str:
    return " ".join(re.findall(r"\w+", normalise.text(s).lower()))


def _row(seeds, prefix):
    return seeds[seeds["doc_id"].str.startswith(prefix)].iloc[0]


def test_seeds_are_five_included_english_documents(seeds):
    assert list(seeds.columns) == COLUMNS
    assert len(seeds) == 5
    assert seeds["included"].all()
    assert (seeds["language"] == "en").all()
    assert (seeds["excluded_reason"] == "").all() and (seeds["duplicate_of"] == "").all()
    assert str(seeds["date"].dtype) == "datetime64[ms]" and str(seeds["year"].dtype) == "Int64"


@pytest.mark.parametrize(("prefix", "date", "source", "outlet", "side"), SEED_META)
def test_seed_metadata(seeds, prefix, date, source, outlet, side):
    row = _row(seeds, prefix)
    assert row["date"] == pd.Timestamp(date)
    assert row["year"] == int(date[:4])
    assert row["date_source"] == source
    assert row["outlet"] == outlet
    assert row["side"] == side


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE))
def test_named_boilerplate_is_gone_and_recorded(seeds, prefix):
    row = _row(seeds, prefix)
    removed = " || ".join(text for _, text in row["removed"])
    for fragment in BOILERPLATE[prefix]:
        assert fragment not in row["text"], fragment
        assert fragment.replace("--", "-") in removed.replace("--", "-"), fragment


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE))
def test_no_article_sentence_is_removed(seeds, prefix):
    """Every sentence of every raw line that is not named boilerplate survives in title + dek + text."""
    row = _row(seeds, prefix)
    kept = _key(row["title"] + " " + row["dek"] + " " + row["text"])
    checked = 0
    for line in row["raw"].splitlines():
        if not line.strip() or any(frag in line for frag in BOILERPLATE[prefix]):
            continue
        for sentence in tokens.sentences(normalise.text(line)):
            assert _key(sentence) in kept, sentence
            checked += 1
    assert checked >= 8


def test_seed_titles(seeds):
    assert _row(seeds, "000")["title"].startswith("Cooperation in the defence sphere")
    assert (
        _row(seeds, "001")["title"]
        == "SCO Summit 2023: India, Russia resolve to strengthen defence cooperation"
    )
    assert _row(seeds, "003")["title"].endswith("in Moscow")
    assert _row(seeds, "002")["title_source"] == "first_words"


def test_embedded_tweet_kept_once_and_paragraph_rejoined(seeds):
    text = _row(seeds, "004")["text"]
    assert text.count("India values its special and privileged strategic partnership with Russia") == 1
    pib = _row(seeds, "003")["text"]
    assert "steadfast support provided by Russia consistent with the defence" in pib


def test_normalised_copy_keeps_original_for_quoting(seeds):
    row = _row(seeds, "002")
    assert "Defense Minister" in row["text"] and "Defence Minister" in row["text_norm"]
    row = _row(seeds, "004")
    assert "AK 203" in row["text"] and "AK-203" in row["text_norm"]
    assert "Sergey Shoigu" in row["text"] and "Sergei Shoigu" in row["text_norm"]
    assert "₹5,000 crore" in row["text"]


def test_folder_is_read_in_sorted_order_and_readme_is_ignored(seeds):
    assert list(seeds["doc_id"]) == sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))
    assert any("README.md" in n for n in seeds.attrs["notes"])


def test_loading_twice_gives_identical_tables():
    a, b = load_corpus("seeds"), load_corpus("seeds")
    pd.testing.assert_frame_equal(a, b)


HINDI = "भारत और रूस ने रक्षा सहयोग को मजबूत करने का संकल्प लिया। दोनों देशों के रक्षा मंत्रियों ने बैठक में कई मुद्दों पर चर्चा की।"
STORY = (
    "Defence Minister Rajnath Singh met his Russian counterpart in Moscow on Friday. "
    "The two ministers discussed joint production of military equipment and the supply of spares. "
    "They agreed to meet again before the end of the year to review the progress of the projects."
)


def test_folder_of_bad_files_is_fully_accounted_for(make_corpus):
    cp1252 = (
        " date 2021-03-04 Menu\r\nThe minister\u2019s visit to Moscow \u2013 the first this year \u2013 was described "
        "as \u201cproductive\u201d by officials in New Delhi on Thursday.\r\n"
    ).encode("cp1252")
    with pytest.warns(CorpusWarning, match="no reliable date"):
        df = make_corpus(
            {
                "a_story": f" date 2020-05-01 Log in\n\n{STORY}\n",
                "b_copy": f" date 2020-05-02 close\nShare\n\n{STORY}\n\nFollow us on Twitter @someone\n",
                "c_empty": "",
                "d_blank": "   \n\t\n",
                "e_binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
                "f_cp1252": cp1252,
                "g_bom": b"\xef\xbb\xbf date 2019-07-08 Log in\r\n"
                + STORY.replace("Friday", "Monday").encode()
                + b"\r\n",
                "h_hindi": f" date 2022-01-01 Log in\n{HINDI}\n",
                "i_nodate": "The talks covered the supply of frigates and the training of naval crews in both countries.\n",
                "j_notes.pdf": b"%PDF-1.4",
            }
        )
    by_id = df.set_index("doc_id")
    assert len(df) == 10
    assert by_id.loc["b_copy", "duplicate_of"] == "g_bom"
    assert by_id.loc["b_copy", "excluded_reason"] == "duplicate of g_bom"
    assert by_id.loc["g_bom", "included"]
    assert by_id.loc["c_empty", "excluded_reason"] == "empty file"
    assert by_id.loc["d_blank", "excluded_reason"] == "whitespace-only file"
    assert "binary" in by_id.loc["e_binary", "excluded_reason"]
    assert by_id.loc["f_cp1252", "encoding"] == "cp1252" and by_id.loc["f_cp1252", "included"]
    assert "minister's visit to Moscow - the first this year" in by_id.loc["f_cp1252", "text"]
    assert '"productive"' in by_id.loc["f_cp1252", "text"]
    assert by_id.loc["g_bom", "encoding"] == "utf-8-sig"
    assert by_id.loc["g_bom", "date"] == pd.Timestamp("2019-07-08")
    # g_bom is the same story with one word changed, dated earlier: the first copy
    assert by_id.loc["a_story", "duplicate_of"] == "g_bom"
    assert by_id.loc["h_hindi", "language"] == "hi"
    assert by_id.loc["h_hindi", "excluded_reason"] == "not English (language: hi)"
    assert pd.isna(by_id.loc["i_nodate", "date"]) and by_id.loc["i_nodate", "date_source"] == "none"
    assert by_id.loc["i_nodate", "included"]
    assert "not a text file" in by_id.loc["j_notes", "excluded_reason"]
    assert "\r" not in "".join(df["text"])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing", "does not exist"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "holds no files"),
    ],
)
def test_bad_paths_raise_one_clear_error(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_table_sources(tmp_path):
    rows = pd.DataFrame(
        {
            "id": ["x1", "x2", "x3"],
            "body": [STORY, "", "Plain text with no date at all, said officials in Delhi."],
            "published": ["2021-02-03", "2022-01-01", ""],
            "site": ["Example Times", "", ""],
        }
    )
    rows.to_csv(tmp_path / "t.csv", index=False)
    rows.to_json(tmp_path / "t.jsonl", orient="records", lines=True)
    rows.to_parquet(tmp_path / "t.parquet")
    for name in ("t.csv", "t.jsonl", "t.parquet"):
        with pytest.warns(CorpusWarning):
            df = load_corpus(
                tmp_path / name,
                text_col="body",
                date_col="published",
                id_col="id",
                outlet_col="site",
            )
        assert list(df["doc_id"]) == ["x1", "x2", "x3"], name
        assert df.loc[0, "date"] == pd.Timestamp("2021-02-03") and df.loc[0, "date_source"] == "column"
        assert df.loc[0, "outlet"] == "Example Times"
        assert df.loc[1, "excluded_reason"] == "empty text"
        assert pd.isna(df.loc[2, "date"])


def test_table_with_a_missing_column_names_it(tmp_path):
    pd.DataFrame({"content": ["x"]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(CorpusError, match="no column 'text'.*content"):
        load_corpus(tmp_path / "t.csv")


def test_single_file(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(f" date 2022-02-02 Log in\n{STORY}\n", encoding="utf-8")
    df = load_corpus(path)
    assert list(df["doc_id"]) == ["one"] and df.loc[0, "included"]
