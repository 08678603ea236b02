"""Recycled passages: the Smith-Waterman oracle, planted reuse, direction, clusters, the seeds."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from conftest import synthetic_doc

from corpus_utils import CorpusError
from corpus_utils.corpus import normalise, tokens
from corpus_utils.phrases import alignment, reuse

# 36 words; the first and last are kept in every edited copy below
PASSAGE = (
    "the two ministers agreed that joint exercises of the army navy and air force will be held "
    "every year and that the production of modern rifles in india will begin next spring under "
    "the new contract"
).split()
SYLLABLES = ["ba", "ko", "ri", "mu", "te", "sa", "lo", "ne", "vi", "du", "pe", "ga"]


def filler(tag: str, n: int, seed: int) -> list[str]:
    """``n`` pseudo-words that only documents with the same ``tag`` can share."""
    rng = random.Random(seed)
    return [tag + rng.choice(SYLLABLES) + rng.choice(SYLLABLES) for _ in range(n)]


def edited(words: list[str], *, subs=(), insert_after=(), drop=()) -> list[str]:
    out = []
    for i, w in enumerate(words):
        if i not in drop:
            out.append(f"{w}x" if i in subs else w)
        if i in insert_after:
            out.append("indeed")
    return out


def frame(*docs) -> pd.DataFrame:
    """A corpus table from (doc_id, date or None, words or text[, included])."""
    rows = []
    for doc_id, date, body, *included in docs:
        text = body if isinstance(body, str) else " ".join(body)
        rows.append(
            {
                "doc_id": doc_id,
                "date": pd.Timestamp(date) if date else pd.NaT,
                "text": text,
                "text_norm": normalise.variants(text),
                "included": included[0] if included else True,
            }
        )
    df = pd.DataFrame(rows)
    df["date"] = df["date"].astype("datetime64[ns]")
    df["year"] = pd.array(df["date"].dt.year, dtype="Int64")
    return df


def planted(n_before_a=40, n_before_b=25, **edits):
    """Source 'src' (2019) holds PASSAGE after n_before_a words; 'dst' (2021) an edited copy."""
    copy = edited(PASSAGE, **edits)
    a = filler("qa", n_before_a, 1) + PASSAGE + filler("qa", 30, 2)
    b = filler("zu", n_before_b, 3) + copy + filler("zu", 30, 4)
    spans = (n_before_a, n_before_a + len(PASSAGE), n_before_b, n_before_b + len(copy))
    return a, b, copy, spans


# ------------------------------------------------------------------ Smith-Waterman


def test_smith_waterman_oracle_from_field_notes():
    a = tokens.words("How can we tell if this is a match, he asked?", lower=True)
    b = tokens.words("Surely, this is a good match, she replied.", lower=True)
    al = alignment.align(a, b, match=2, mismatch=-1, gap=-1)
    shown_a = " ".join("####" if i is None else a[i] for _, i, _ in al.ops)
    shown_b = " ".join("####" if j is None else b[j] for _, _, j in al.ops)
    assert (al.score, shown_a, shown_b) == (7, "this is a #### match", "this is a good match")


@pytest.mark.parametrize(
    ("a", "b", "local", "score", "ops"),
    [
        ("a b c d", "a b c d", True, 8, "===="),
        ("a b c d", "a x c d", True, 5, "=~=="),
        ("a b c d", "a c d", True, 5, "=-=="),
        ("q a b c", "a b c r", True, 6, "==="),
        ("a b", "x y", True, 0, ""),
        ("a b c d", "x b c y", False, 2, "~==~"),
        ("a b c", "a b", False, 3, "==-"),
    ],
)
def test_align_cases(a, b, local, score, ops):
    al = alignment.align(a.split(), b.split(), local=local)
    assert (al.score, "".join(op for op, _, _ in al.ops)) == (score, ops)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"match": 0}, "match must be > 0"),
        ({"mismatch": 1}, "mismatch must be <= 0"),
        ({"gap": 0}, "gap < 0"),
    ],
)
def test_align_rejects_bad_scores(kwargs, message):
    with pytest.raises(ValueError, match=message):
        alignment.align(["a"], ["a"], **kwargs)


# ------------------------------------------------------------------ passages


@pytest.mark.parametrize(
    "edits",
    [
        {},
        {"subs": (5, 12, 20)},
        {"subs": (3, 11, 19, 27), "insert_after": (15,), "drop": (24,)},
        {"subs": (6, 14), "insert_after": (9, 22), "drop": (2, 30)},
    ],
)
@pytest.mark.parametrize("ngram", [3, 4, 5])
def test_planted_passage_found_with_expected_spans(edits, ngram):
    a, b, copy, (sa, ea, sb, eb) = planted(**edits)
    found = reuse.passages(frame(("dst", "2021-03-01", b), ("src", "2019-05-01", a)), ngram=ngram)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row.doc_a, row.doc_b, row.year_a, row.year_b, row.relation) == (
        "src",
        "dst",
        2019,
        2021,
        "cross_year",
    )
    assert (row.start_a, row.end_a, row.start_b, row.end_b) == (sa, ea, sb, eb)
    assert (row.text_a, row.text_b) == (" ".join(PASSAGE), " ".join(copy))
    assert row.similarity == pytest.approx(sum(op == "=" for op, _, _ in row.ops) / len(row.ops))
    assert 0.75 <= row.similarity <= 1 and row.cluster == "R001"


def test_table_has_the_issue_columns_first_and_is_deterministic():
    a, b, _, _ = planted(subs=(5,))
    corpus = frame(
        ("src", "2019-05-01", a),
        ("dst", "2021-03-01", b),
        ("other", "2020-01-01", filler("wo", 80, 9)),
    )
    before = corpus.copy()
    first = reuse.passages(corpus)
    assert list(first.columns[:8]) == [
        "doc_a",
        "doc_b",
        "year_a",
        "year_b",
        "text_a",
        "text_b",
        "similarity",
        "cluster",
    ]
    assert list(first.columns) == reuse.COLUMNS + reuse.EXTRA_COLUMNS
    pd.testing.assert_frame_equal(corpus, before)  # input not mutated
    pd.testing.assert_frame_equal(reuse.passages(corpus.iloc[::-1]), first)


def test_two_passages_in_swapped_order_are_both_found():
    first, second = PASSAGE[:17], PASSAGE[17:]
    a = filler("qa", 10, 1) + first + filler("qa", 6, 2) + second + filler("qa", 10, 3)
    b = (
        filler("zu", 10, 4)
        + edited(second, subs=(5,))
        + filler("zu", 6, 5)
        + edited(first, subs=(8,))
        + filler("zu", 10, 6)
    )
    found = reuse.passages(frame(("a", "2019-01-01", a), ("b", "2020-01-01", b)))
    assert found[["start_a", "end_a", "start_b", "end_b"]].values.tolist() == [
        [10, 27, 35, 52],
        [33, 52, 10, 29],
    ]
    assert found["cluster"].tolist() == ["R001", "R002"]


def test_short_passage_below_min_words_is_left_out():
    shared = PASSAGE[:7]
    corpus = frame(
        ("a", "2019-01-01", filler("qa", 20, 1) + shared + filler("qa", 20, 2)),
        ("b", "2020-01-01", filler("zu", 20, 3) + shared + filler("zu", 20, 4)),
    )
    assert reuse.passages(corpus).empty
    assert len(reuse.passages(corpus, min_words=7)) == 1


def test_no_passage_between_unrelated_documents_sharing_stock_phrases():
    a = (
        "The defence minister said that the talks were held in Moscow. India and Russia agreed to "
        "expand the joint production of spare parts for fighter aircraft and helicopters. The sides "
        "discussed regional security."
    )
    b = (
        "The sides discussed the delivery schedule of the engines for the new frigates, officials "
        "said. Separately, the navy said that the talks were held on the sidelines of the summit in Goa."
    )
    corpus = frame(("a", "2019-01-01", a), ("b", "2020-01-01", b))
    assert reuse.passages(corpus).empty
    assert reuse.passages(corpus, min_words=6)["text_b"].tolist() == ["said that the talks were held"]


def test_excluded_documents_take_no_part():
    a, b, _, _ = planted(subs=(5, 12))
    corpus = frame(("src", "2019-05-01", a), ("dst", "2021-03-01", b), ("dup", "2018-01-01", a, False))
    found = reuse.passages(corpus)
    assert found[["doc_a", "doc_b"]].values.tolist() == [["src", "dst"]]
    corpus.loc[corpus["doc_id"] == "dup", "included"] = True  # the test can fail: included, it would show
    assert "dup" in set(reuse.passages(corpus)["doc_a"])


def test_loader_duplicates_are_ignored(make_corpus):
    a, b, _, _ = planted(subs=(5, 12))
    text_a = "The ministry of defence said so. " + " ".join(a) + ". It was a good day for the army."
    text_b = "The navy of India said so. " + " ".join(b) + ". It was a fine day for the navy."
    corpus = make_corpus(
        {
            "src": synthetic_doc("2019-05-01", text_a),
            "copy": synthetic_doc("2019-05-01", text_a),
            "dst": synthetic_doc("2021-03-01", text_b),
        }
    )
    assert (~corpus["included"]).sum() == 1
    dropped = corpus.loc[~corpus["included"], "doc_id"].item()
    found = reuse.passages(corpus)
    assert len(found) == 1 and dropped not in set(found["doc_a"]) | set(found["doc_b"])


@pytest.mark.parametrize(
    ("date_src", "date_dst", "doc_a", "relation"),
    [
        ("2019-05-01", "2021-03-01", "src", "cross_year"),
        (
            "2021-03-01",
            "2019-05-01",
            "dst",
            "cross_year",
        ),  # direction follows the dates, not the ids
        ("2021-01-01", "2021-11-30", "src", "same_year"),
        (
            "2021-06-01",
            "2021-06-01",
            "dst",
            "same_year",
        ),  # same day: the smaller doc_id comes first
        (None, "2021-03-01", "dst", "undated"),  # undated documents come after dated ones
    ],
)
def test_direction_earlier_to_later(date_src, date_dst, doc_a, relation):
    a, b, _, _ = planted(subs=(5,))
    found = reuse.passages(frame(("src", date_src, a), ("dst", date_dst, b)))
    assert (found.iloc[0]["doc_a"], found.iloc[0]["relation"]) == (doc_a, relation)


def test_three_documents_sharing_a_passage_form_one_cluster():
    other = "the frigates built at the yantar shipyard will be delivered to the indian navy with engines from ukraine".split()
    docs = [
        (
            "c2020",
            "2020-01-01",
            filler("ka", 30, 1) + edited(PASSAGE, subs=(4,)) + filler("ka", 20, 2),
        ),
        ("a2018", "2018-01-01", filler("ma", 10, 3) + PASSAGE + filler("ma", 20, 4)),
        (
            "b2019",
            "2019-01-01",
            filler("ti", 50, 5) + edited(PASSAGE, subs=(9, 21)) + filler("ti", 20, 6),
        ),
        ("x2022", "2022-01-01", filler("po", 10, 7) + other + filler("po", 10, 8)),
        ("w2017", "2017-01-01", filler("le", 10, 9) + other + filler("le", 10, 10)),
    ]
    found = reuse.passages(frame(*docs))
    pairs = found[["cluster", "doc_a", "doc_b"]].values.tolist()
    assert pairs == [
        ["R001", "w2017", "x2022"],
        ["R002", "a2018", "b2019"],
        ["R002", "a2018", "c2020"],
        ["R002", "b2019", "c2020"],
    ]


def test_quotes_the_original_wording_when_variants_change_the_word_count():
    shared = (
        "India ordered AK 203 rifles from the defense ministry of Russia under the Make-in-India "
        "plan for the army"
    )
    a = " ".join(filler("qa", 12, 1)) + " " + shared + " " + " ".join(filler("qa", 12, 2))
    b = (
        " ".join(filler("zu", 15, 3))
        + " "
        + shared.replace("rifles", "guns")
        + " "
        + " ".join(filler("zu", 9, 4))
    )
    row = reuse.passages(frame(("a", "2019-01-01", a), ("b", "2020-01-01", b))).iloc[0]
    assert row.text_a == shared
    assert row.text_b == shared.replace("rifles", "guns")
    assert a[row.char_start_a : row.char_end_a] == shared
    assert ("=", "ak-203", "ak-203") in row.ops and ("~", "rifles", "guns") in row.ops


def test_fewer_than_two_documents_give_an_empty_table():
    found = reuse.passages(frame(("a", "2019-01-01", PASSAGE)))
    assert found.empty and list(found.columns) == reuse.COLUMNS + reuse.EXTRA_COLUMNS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_words": 1}, "min_words must be an integer >= 2, got 1"),
        ({"ngram": 0}, "ngram must be an integer >= 1, got 0"),
        ({"max_df": 1}, "max_df must be an integer >= 2, got 1"),
        ({"min_shared": 0}, "min_shared must be an integer >= 1, got 0"),
        ({"pad": -1}, "pad must be an integer >= 0"),
        ({"min_similarity": 1.5}, r"min_similarity must be in \[0, 1\], got 1.5"),
        ({"gap": 1}, "gap < 0"),
    ],
)
def test_passages_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        reuse.passages(frame(("a", "2019-01-01", PASSAGE)), **kwargs)


def test_passages_needs_the_corpus_columns():
    with pytest.raises(
        CorpusError,
        match=r"corpus lacks column\(s\) included, text_norm: pass the table from load_corpus\(\)",
    ):
        reuse.passages(pd.DataFrame({"doc_id": ["a"], "date": [pd.NaT], "year": [None], "text": ["x"]}))


# ------------------------------------------------------------------ the seeds


def test_seeds_recycled_passages_between_the_two_shoigu_statements(seeds):
    found = reuse.passages(seeds)
    assert set(zip(found["doc_a"].str[:3], found["doc_b"].str[:3], strict=True)) == {("002", "000")}
    assert set(found["relation"]) == {"cross_year"}
    assert set(found["year_a"]) == {2018} and set(found["year_b"]) == {2021}
    staffs = found[found["text_a"].str.contains("general staffs")].iloc[0]
    assert staffs.text_a.startswith("The interaction of the general staffs and military branches")
    assert staffs.text_a.endswith("work is being carried out in the sphere of military education")
    assert staffs.text_b.startswith("the interaction of the general staffs and branches")
    assert staffs.text_b.endswith("Work is underway in the field of military education")
    meetings = found[found["text_a"].str.startswith("Regular meetings of the leaders of our countries")]
    assert len(meetings) == 1
    assert meetings.iloc[0].text_b.startswith(
        "Regular meetings of the leaders of our countries, the next of which"
    )
    assert found["cluster"].is_unique  # three separate passages, three clusters


# ------------------------------------------------------------------ HTML


def test_diff_html_escapes_corpus_text():
    html_a, html_b = alignment.diff_html(
        "<script>alert(1)</script> the army & navy",
        "<script>alert(2)</script> the army & air force",
    )
    for out in (html_a, html_b):
        assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert "<del>1</del>" in html_a and "<ins>2</ins>" in html_b
    assert "<del>navy</del>" in html_a and "<ins>air</ins> <ins>force</ins>" in html_b


@pytest.mark.parametrize(
    ("a", "b", "html_a", "html_b"),
    [
        (
            "work is being carried out in the sphere of military education",
            "work is underway in the field of military education",
            "work is <del>being</del> <del>carried</del> <del>out</del> in the <del>sphere</del> of military education",
            "work is <ins>underway</ins> in the <ins>field</ins> of military education",
        ),
        (
            "Special & Privileged Partnership",
            "special and privileged strategic partnership",
            "Special &amp; Privileged Partnership",
            "special <ins>and</ins> privileged <ins>strategic</ins> partnership",
        ),
        ("same words", "Same words.", "same words", "Same words."),
    ],
)
def test_diff_html_marks_differing_words(a, b, html_a, html_b):
    assert alignment.diff_html(a, b) == (html_a, html_b)


def test_processes_and_ops_left_out_give_the_same_passages(tmp_path, monkeypatch):
    """Alignment in forked processes (small batches, so several) gives the one-process table, and
    ops=False is that table without its ops column."""
    from benchmarks import synthetic
    from corpus_utils.corpus import load_corpus

    corpus = load_corpus(synthetic.write(tmp_path / "generated", 30, seed=7))
    one = reuse.passages(corpus)
    monkeypatch.setattr(reuse, "PARALLEL_WINDOWS", 1)
    real = reuse.aligned
    monkeypatch.setattr(reuse, "aligned", lambda *a, **k: real(*a, **{**k, "batch": 7}))
    two = reuse.passages(corpus, ops=False)
    assert len(one) > 20
    pd.testing.assert_frame_equal(one.drop(columns=["ops"]), two)
