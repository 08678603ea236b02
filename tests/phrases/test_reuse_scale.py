"""Recycled passages at scale: star hits, copies collapsed onto their anchor, the bound on
candidates per document, and the cluster table, on small inputs with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_reuse import PASSAGE, edited, filler, frame

from corpus_utils import CorpusError
from corpus_utils.phrases import ngram_index, reuse, shingles

N = 100  # n_docs in the pair keys below


def pairs_of(key) -> list[tuple[int, int]]:
    return sorted({divmod(int(k), N) for k in key})


@pytest.mark.parametrize(
    ("clique_df", "expected"),
    [
        (10, [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]),  # rare n-gram: every pair
        (3, [(0, 1), (0, 2), (0, 3)]),  # common n-gram: a star on the earliest holder
    ],
)
def test_hits_are_a_clique_for_rare_and_a_star_for_common_ngrams(clique_df, expected):
    doc, pos = np.array([0, 1, 2, 3]), np.array([5, 7, 9, 11])
    gid, df = np.zeros(4, np.int64), np.full(4, 4)
    key, pa, pb, star = shingles.hits(doc, pos, gid, df, N, clique_df=clique_df)
    assert pairs_of(key) == expected
    assert star.all() == (clique_df < 4)
    first = np.flatnonzero(key == 0 * N + 3)[0]
    assert (pa[first], pb[first]) == (5, 11)  # position in the earlier, then the later document


def test_star_pairs_each_occurrence_with_every_occurrence_of_the_anchor():
    doc, pos = np.array([4, 4, 6, 9, 9]), np.array([1, 30, 2, 3, 40])
    key, pa, pb, _ = shingles.hits(doc, pos, np.zeros(5, np.int64), np.full(5, 3), N, clique_df=2)
    got = sorted(zip((key // N).tolist(), (key % N).tolist(), pa.tolist(), pb.tolist(), strict=True))
    assert got == [(4, 6, 1, 2), (4, 6, 30, 2), (4, 9, 1, 3), (4, 9, 1, 40), (4, 9, 30, 3), (4, 9, 30, 40)]


def hits_table(rows):
    """Hit arrays from (earlier, later, n_hits, from_star) rows."""
    key = np.concatenate([np.full(n, a * N + b) for a, b, n, _ in rows])
    star = np.concatenate([np.full(n, s) for _, _, n, s in rows])
    pos = np.arange(len(key))
    return key, pos, pos.copy(), star


@pytest.mark.parametrize(
    ("max_candidates", "kept"),
    [
        (1, [(1, 9)]),
        (2, [(0, 9), (1, 9)]),  # 0 and 2 tie on 3 hits: the earlier partner wins
        (3, [(0, 9), (1, 9), (2, 9)]),
        (9, [(0, 9), (1, 9), (2, 9)]),  # 3 has one hit, fewer than min_shared
    ],
)
def test_bound_keeps_the_partners_with_most_hits(max_candidates, kept):
    key, pa, pb, star = hits_table([(0, 9, 3, False), (1, 9, 5, False), (2, 9, 3, False), (3, 9, 1, False)])
    out = shingles.bound(key, pa, pb, star, n_docs=N, min_shared=2, max_candidates=max_candidates)
    assert pairs_of(out[0]) == kept


def test_copies_of_one_anchor_collapse_onto_it():
    rows = [
        (0, 1, 4, True),  # 1 and 2 are copies of anchor 0
        (0, 2, 3, True),
        (1, 2, 2, False),  # two copies sharing rare n-grams: not a candidate
        (1, 3, 2, False),  # 3 is no copy of 0: kept
        (2, 5, 2, True),  # star hits between the two: kept
        (0, 5, 3, True),
    ]
    key, pa, pb, star = hits_table(rows)
    out = shingles.bound(key, pa, pb, star, n_docs=N, min_shared=2, max_candidates=20)
    assert pairs_of(out[0]) == [(0, 1), (0, 2), (0, 5), (1, 3), (2, 5)]


def syndicated(n_copies: int, *, extra=()):
    """A source (2018) and ``n_copies`` edited copies of PASSAGE in later years, each in its own filler."""
    docs = [("src", "2018-01-01", filler("qa", 30, 1) + PASSAGE + filler("qa", 30, 2))]
    for k in range(n_copies):
        copy = edited(PASSAGE, subs=(3 + k % 29, 7 + (k * 7) % 25), drop=(k % 31,))
        tag = "z" + "".join(chr(97 + int(d)) for d in f"{k:03d}")
        docs.append((f"c{k:03d}", f"{2019 + k % 4}-02-01", filler(tag, 20, k) + copy + filler(tag, 20, -k)))
    return frame(*docs, *extra)


def test_a_passage_in_more_than_100_documents_is_one_star_shaped_cluster():
    corpus = syndicated(120)
    found = reuse.passages(corpus)
    assert len(found) == 120 and set(found["doc_a"]) == {"src"} and set(found["cluster"]) == {"R001"}
    assert sorted(found["doc_b"]) == [f"c{k:03d}" for k in range(120)]
    assert (found["end_a"] == 66).all()  # PASSAGE is words 30-66 of the source
    dropped_first = found.loc[found["start_a"] == 31, "doc_b"]  # copies k = 0 mod 31 drop its first word
    assert sorted(dropped_first) == ["c000", "c031", "c062", "c093"] and (found["start_a"] >= 30).all()


def test_a_small_cluster_keeps_every_pair():
    found = reuse.passages(syndicated(4))
    assert len(found) == 10 and found["cluster"].nunique() == 1  # 5 documents, 5 * 4 / 2 pairs


def shared_edit(n_copies: int):
    """A source (2018) and ``n_copies`` copies that all carry one edit the source lacks (word 10
    substituted), and one of their own (word 20 + k): the copies share n-grams with each other too."""
    docs = [("src", "2018-01-01", filler("qa", 30, 1) + PASSAGE + filler("qa", 30, 2))]
    for k in range(n_copies):
        copy = edited(PASSAGE, subs=(10, 20 + k))
        tag = "z" + "".join(chr(97 + int(d)) for d in f"{k:03d}")
        docs.append((f"c{k:03d}", f"2019-{1 + k % 12:02d}-{1 + k // 12:02d}", filler(tag, 20, k) + copy))
    return frame(*docs)


@pytest.mark.parametrize(
    ("n_copies", "n_rows", "sources"),
    [
        (4, 10, {"src", "c000", "c001", "c002"}),  # 5 documents: the n-grams are rare, every pair
        (15, 15, {"src"}),  # 16 documents: each copy aligned once, with the source
    ],
)
def test_a_copy_is_aligned_once_with_its_best_earlier_partner(n_copies, n_rows, sources):
    found = reuse.passages(shared_edit(n_copies))
    assert len(found) == n_rows and set(found["doc_a"]) == sources
    assert found["cluster"].nunique() == 1


def window(da, db, hits_b, *, n_hits=None):
    hb = np.array(hits_b if n_hits is None else [hits_b[0]] * n_hits)
    return [da, db, 0, 100, 0, 100, hb.copy(), hb]


@pytest.mark.parametrize(
    ("windows", "info", "kept"),
    [
        # two star windows on one region of doc 9: the one with more hits stays
        ([window(1, 9, [10, 12, 14]), window(2, 9, [11, 13])], [[3, 10, 18], [2, 11, 17]], [1]),
        # equal hits: the earlier partner stays
        ([window(3, 9, [10, 14]), window(2, 9, [11, 13])], [[2, 10, 18], [2, 11, 17]], [2]),
        # different regions of doc 9: both stay
        ([window(1, 9, [10, 14]), window(2, 9, [40, 44])], [[2, 10, 18], [2, 40, 48]], [1, 2]),
        # overlap of less than half the shorter span: both stay
        ([window(1, 9, [10, 14]), window(2, 9, [15, 19])], [[2, 10, 18], [2, 15, 23]], [1, 2]),
        # rare n-grams (fewer than half the hits from stars): every pair stays
        ([window(1, 9, [10, 14]), window(2, 9, [11, 13])], [[0, 10, 18], [2, 11, 17]], [1, 2]),
        # one region in two later documents: one window each
        ([window(1, 8, [10, 14]), window(1, 9, [10, 14])], [[2, 10, 18], [2, 10, 18]], [1, 1]),
    ],
)
def test_one_per_copy_keeps_one_star_window_per_region(windows, info, kept):
    assert [w[0] for w in shingles.one_per_copy(windows, info)] == kept


def test_max_candidates_bounds_the_partners_of_a_document():
    first, second, third = PASSAGE[:12], PASSAGE[12:24], PASSAGE[24:]
    sources = [
        (f"s{i}", f"2018-0{i + 1}-01", filler(f"q{i}", 20, i) + part + filler(f"q{i}", 20, 10 + i))
        for i, part in enumerate((first, second, third))
    ]
    late = ("late", "2021-01-01", first + filler("zz", 15, 7) + second + filler("zz", 15, 8) + third)
    corpus = frame(*sources, late)
    assert reuse.passages(corpus, min_words=8)["doc_a"].tolist() == ["s0", "s1", "s2"]
    assert len(reuse.passages(corpus, min_words=8, max_candidates=2)) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"clique_df": 1}, "clique_df must be an integer >= 2, got 1"),
        ({"max_candidates": 0}, "max_candidates must be an integer >= 1, got 0"),
        ({"max_df": 1}, "max_df must be an integer >= 2, got 1"),
    ],
)
def test_passages_rejects_bad_candidate_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        reuse.passages(syndicated(1), **kwargs)


def test_cluster_table_of_a_syndicated_passage():
    corpus = syndicated(15)
    corpus["outlet"] = ["Origin"] + [f"outlet {k % 5}" for k in range(15)]
    table = reuse.clusters(reuse.passages(corpus), corpus)
    assert list(table.columns) == reuse.CLUSTER_COLUMNS
    row = table.iloc[0]
    assert len(table) == 1
    assert (row.cluster, row.n_docs, row.n_pairs, row.first_doc, row.first_outlet) == (
        "R001",
        16,
        15,
        "src",
        "Origin",
    )
    assert (row.first_year, row.last_year, row.spread_years, row.n_years, row.n_outlets) == (
        2018,
        2022,
        4,
        5,
        6,
    )
    assert row.passage == " ".join(PASSAGE)
    assert row.docs.split()[:3] == ["src", "c000", "c004"]  # by date, then doc_id


def test_cluster_table_without_outlets_and_when_empty():
    corpus = syndicated(2)
    table = reuse.clusters(reuse.passages(corpus))
    assert table["n_docs"].tolist() == [3] and table["first_outlet"].isna().all()
    empty = reuse.clusters(reuse.passages(frame(("a", "2019-01-01", PASSAGE))))
    assert empty.empty and list(empty.columns) == reuse.CLUSTER_COLUMNS


def test_cluster_table_needs_a_passages_table():
    with pytest.raises(CorpusError, match="passages table lacks columns"):
        reuse.clusters(pd.DataFrame({"doc_a": ["x"]}))


def test_token_hashes_are_each_words_hash_and_stop_word_flag():
    import hashlib

    from corpus_utils.corpus import tokens

    texts = [
        "The S-400 deal and the deal",
        "",
        "Ünïcode WORDS of the ÉTAT",
        "of " * 3,
    ] * 700  # > 2,000: chunks
    toks, offsets, stop = shingles.token_hashes(texts)
    words = [w for t in texts for w in shingles.words(t)]
    want = [int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little") for w in words]
    assert toks.tolist() == want
    assert stop.tolist() == [w in tokens.stopwords() for w in words]
    assert stop.any() and not stop.all()
    assert offsets.tolist() == [0, *np.cumsum([len(shingles.words(t)) for t in texts]).tolist()]


@pytest.mark.parametrize("max_df", [None, 3])
@pytest.mark.parametrize(("block", "bucket"), [(1, 1), (5, 4), (37, 64), (1 << 20, 1 << 19)])
def test_keys_and_shared_grams_do_not_depend_on_the_block_or_bucket_size(monkeypatch, block, bucket, max_df):
    rng = np.random.default_rng(3)
    vocab = ["the", "of", "deal", "s-400", "missile", "india", "russia", "and", "talks", "signed"]
    lengths = [0, 3, 60, 4, 2, 25, 9, 41, 0, 7] * 10  # some texts longer than a block, some empty
    texts = [" ".join(rng.choice(vocab, size=k)) for k in lengths]
    toks, offsets, stop = shingles.token_hashes(texts)
    bits = ngram_index.key_bits(len(toks), 3)
    starts = (
        offsets[:-1] + 1000 + 50 * np.arange(len(texts))
    )  # a partition: its texts placed apart in the corpus
    monkeypatch.setattr(ngram_index, "BLOCK_WORDS", 1 << 30)
    monkeypatch.setattr(ngram_index, "BUCKET_KEYS", 1 << 40)  # one bucket: every key sorted at once
    whole = [ngram_index.gram_keys(toks, offsets, stop, 3, bits=bits + 11, starts=starts)]
    whole.append(ngram_index.shared_grams(toks, offsets, stop, 3, max_df))
    monkeypatch.setattr(ngram_index, "BLOCK_WORDS", block)
    monkeypatch.setattr(ngram_index, "BUCKET_KEYS", bucket)  # 1: 2**16 buckets, most of them empty
    keys = ngram_index.gram_keys(toks, offsets, stop, 3, bits=bits + 11, starts=starts)
    grams = ngram_index.shared_grams(toks, offsets, stop, 3, max_df)
    assert keys.tolist() == whole[0].tolist() and len(keys) > 50
    assert all(a.tolist() == b.tolist() for a, b in zip(grams, whole[1], strict=True)) and len(grams[0]) > 20
