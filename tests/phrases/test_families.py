import random

import pandas as pd
import pytest

from corpus_utils.corpus import tokens
from corpus_utils.errors import CorpusError
from corpus_utils.phrases import discovery, families, family_sources, matching, reuse
from tests.conftest import synthetic_doc

SPP = "special and privileged strategic partnership"


def corpus(rows: list[tuple]) -> pd.DataFrame:
    """(doc_id, year or None, side, text): a minimal corpus with text == text_norm."""
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "outlet": [f"outlet {r[2]}" for r in rows],
            "side": [r[2] for r in rows],
            "text": [r[3] for r in rows],
            "text_norm": [r[3] for r in rows],
            "included": True,
        }
    )


@pytest.mark.parametrize(
    ("wording", "canonical", "expected"),
    [
        (SPP, SPP, ("exact", 0)),
        ("Special & Privileged Strategic Partnership", SPP, ("exact", 0)),
        ("military-technical cooperation", "military technical cooperation", ("exact", 0)),
        ("special privileged strategic partnership", SPP, ("contained", 1)),
        ("Special & Privileged Partnership", SPP, ("contained", 1)),
        ("particularly privileged strategic partnership", SPP, ("edit", 2)),
        ("special and privileged strategic and defence partnership", SPP, ("contains", 2)),
        ("the special and privileged strategic partnership", SPP, ("contains", 1)),
        ("Russia and India", "India and Russia", ("reordered", 2)),
        ("technical & military cooperation", "military-technical cooperation", ("reordered", 3)),
    ],
)
def test_relation(wording, canonical, expected):
    assert matching.relation(wording, canonical) == expected


def test_seed_family_groups_the_four_wordings(seeds):
    occ = families.occurrences(seeds, watch_phrases=[SPP], discover_families=False)
    assert list(occ.columns[:6]) == ["family", "variant", "doc_id", "year", "outlet", "side"]
    fam = occ[occ["family"] == SPP]
    got = dict(zip(fam["doc_id"].str[:3], zip(fam["variant"], fam["relation"], strict=True), strict=True))
    assert got == {
        "000": ("particularly privileged strategic partnership", "edit"),
        "002": ("special privileged strategic partnership", "contained"),
        "003": ("Special & Privileged Partnership", "contained"),
        "004": ("special and privileged strategic partnership", "exact"),
    }
    assert set(occ["relation"]) <= {"exact", "contains", "contained", "reordered", "edit"}
    assert (fam["distance"] > 0).sum() == 3  # only 004 is an exact match
    summary = families.summary(occ).set_index("family").loc[SPP]
    assert (summary["first_year"], summary["last_year"], summary["n_variants"]) == (2018, 2021, 4)
    assert summary["prefers_india"] == "Special & Privileged Partnership"


def test_variant_keeps_the_original_wording(make_corpus):
    body = (
        "The two ministers praised military-technical cooperation. "
        "Defense cooperation grew under the Make-in-India programme. "
        "They held the first two plus two dialogue in Delhi."
    )
    loaded = make_corpus({"a": synthetic_doc("2021-03-01", body)})
    assert "2+2 dialogue" in loaded["text_norm"].iloc[0]
    occ = families.occurrences(
        loaded,
        watch_phrases=[
            "military technical cooperation",
            "defence cooperation",
            "make in india programme",
            "first 2+2 dialogue",
        ],
        discover_families=False,
    )
    assert set(occ["variant"]) == {
        "military-technical cooperation",
        "Defense cooperation",
        "Make-in-India programme",
        "first two plus two dialogue",
    }
    assert set(occ["relation"]) == {"exact"}


PLANTED = [
    (
        "p1",
        2018,
        "russia",
        "Both sides hailed the comprehensive defence technology partnership today.",
    ),
    ("p2", 2019, "russia", "They praised the comprehensive defence and technology partnership."),
    (
        "p3",
        2019,
        "india",
        "Officials cited the comprehensive defence-technology partnership, again.",
    ),
    ("p4", 2020, "india", "It is a comprehensive technology & defence partnership."),
    ("p5", 2021, "india", "The wide defence technology partnership was renewed."),
    ("p6", 2021, "russia", "A comprehensive defence technology and trade partnership is planned."),
    ("p7", 2022, "india", "The comprehensive economic partnership is another matter."),
    ("p8", 2022, "india", "Defence technology is a field. Partnership is a word."),
    ("p9", None, "other", "An undated note on the comprehensive defence technology partnership."),
]


def test_planted_variants_form_one_family():
    occ = families.occurrences(
        corpus(PLANTED),
        watch_phrases=["comprehensive defence technology partnership"],
        discover_families=False,
    )
    got = {d: (v, r) for d, v, r in zip(occ["doc_id"], occ["variant"], occ["relation"], strict=True)}
    assert got == {
        "p1": ("comprehensive defence technology partnership", "exact"),
        "p2": ("comprehensive defence and technology partnership", "contains"),
        "p3": ("comprehensive defence-technology partnership", "exact"),
        "p4": ("comprehensive technology & defence partnership", "reordered"),
        "p5": ("wide defence technology partnership", "edit"),
        "p6": ("comprehensive defence technology and trade partnership", "contains"),
        "p9": ("comprehensive defence technology partnership", "exact"),
    }
    matrix = families.matrix(occ)
    assert matrix.columns.tolist() == [2018, 2019, 2020, 2021]  # the undated p9 is left out
    assert matrix.iloc[0].tolist() == [1, 2, 1, 2]
    assert families.matrix(occ, value="docs", years=[2017]).columns.tolist() == [
        2017,
        2018,
        2019,
        2020,
        2021,
    ]


def test_discovery_finds_a_recurring_formula_and_leaves_seeds_alone():
    rows = [
        (
            f"d{i}",
            2018 + i % 3,
            "india",
            f"Story {i} about rifles. The joint venture for assault rifles "
            f"production began. Talks on {w} continued.",
        )
        for i, w in enumerate(["oil", "gas", "wheat", "coal"])
    ]
    rows += PLANTED[:3]
    found = discovery.discover(corpus(rows), exclude=["comprehensive defence technology partnership"])
    assert "joint venture for assault rifles production" in found
    assert not any("comprehensive" in f for f in found)
    occ = families.occurrences(corpus(rows), watch_phrases=["comprehensive defence technology partnership"])
    assert set(occ["source"]) == {"watch", "discovered"}
    fam = occ[occ["family"] == "joint venture for assault rifles production"]
    assert sorted(fam["doc_id"]) == ["d0", "d1", "d2", "d3"]


def test_watch_phrases_from_a_file(tmp_path, seeds):
    path = tmp_path / "watch.txt"
    path.write_text(f"# formulae to follow\n{SPP}\n\nMake in India\nmake  in india\n", encoding="utf-8")
    assert families.watch_list(path) == [SPP, "Make in India"]
    from_file = families.occurrences(seeds, watch_phrases=str(path), discover_families=False)
    from_list = families.occurrences(seeds, watch_phrases=[SPP, "Make in India"], discover_families=False)
    pd.testing.assert_frame_equal(from_file, from_list)


@pytest.mark.parametrize(
    ("watch", "message"),
    [
        ("special and privileged strategic partnership", "no file"),
        ([SPP, 3], "must be a string"),
        (["..."], "has no word"),
    ],
)
def test_bad_watch_phrases(seeds, watch, message):
    with pytest.raises(CorpusError, match=message):
        families.occurrences(seeds, watch_phrases=watch, discover_families=False)


def test_bad_options(seeds):
    with pytest.raises(ValueError, match="min_shared"):
        families.occurrences(seeds, watch_phrases=[SPP], min_shared=0)
    with pytest.raises(ValueError, match="value must be"):
        families.matrix(families.occurrences(seeds, watch_phrases=[SPP], discover_families=False), value="x")


def test_wordings_per_side_and_determinism(seeds):
    occ = families.occurrences(seeds, watch_phrases=[SPP, "Make in India"])
    pd.testing.assert_frame_equal(occ, families.occurrences(seeds, watch_phrases=[SPP, "Make in India"]))
    words = families.wordings(occ)
    assert list(words.columns) == ["family", "side", "variant", "count", "docs", "share"]
    make = words[words["family"] == "Make in India"]
    assert make.iloc[0]["variant"] == "Make in India" and make["share"].sum() == pytest.approx(1.0)


# ---------------------------------------------------------------- variants: whole, not fragments


def found_in(sentence: str, canonical: str) -> list[str]:
    occ = families.occurrences(
        corpus([("d", 2020, "india", sentence)]), watch_phrases=[canonical], discover_families=False
    )
    return occ["variant"].tolist()


@pytest.mark.parametrize(
    ("sentence", "canonical", "expected"),
    [
        # a substituted head noun, and the coordinated modifiers before it (the seeds, 2018 and 2023)
        (
            "They acknowledged the unique, long-lasting and time-tested relationship between India and Russia.",
            "time-tested friendship",
            ["unique, long-lasting and time-tested relationship"],
        ),
        (  # "strong" has no adjective ending: left out (no part-of-speech tagger)
            "Russia and India are bound by the strong and time-tested friendship based on sympathy.",
            "time-tested friendship",
            ["time-tested friendship"],
        ),
        (
            "They hailed the unique and time-tested relationship.",
            "time-tested friendship",
            ["unique and time-tested relationship"],
        ),
        (
            "It praised the frigates and time-tested friendship.",
            "time-tested friendship",
            ["time-tested friendship"],
        ),  # a noun conjunct is not a modifier
        (
            "India values its special and privileged strategic partnership with Russia.",
            "strategic partnership",
            ["special and privileged strategic partnership"],
        ),
        ("They welcomed defence cooperation.", "defence cooperation", ["defence cooperation"]),
        (
            "Issues of bilateral defence cooperation came up.",
            "defence cooperation",
            ["bilateral defence cooperation"],
        ),
        ("The time-tested relationship was praised.", "time-tested friendship", ["time-tested relationship"]),
        ("The time-tested relationship building began.", "time-tested friendship", []),  # the NP goes on
        ("Both sides stressed mutual interest.", "mutual trust", []),  # one modifier kept: not enough
        (
            "The special and privileged strategic relationship was praised.",
            SPP,
            ["special and privileged strategic relationship"],
        ),
        # a formula split by inserted modifiers
        (
            "They praised the time-tested and enduring friendship of the peoples.",
            "time-tested friendship",
            ["time-tested and enduring friendship"],
        ),
        ("They built mutual respect and trust over the years.", "mutual trust", ["mutual respect and trust"]),
        # not ending inside a coordination (the seeds, 2023), not taking a conjunct of its own
        (
            "They expressed satisfaction over the continued trust and mutual respect in the ties.",
            "mutual trust",
            [],
        ),
        ("Relations rest on deep sympathy and mutual trust.", "mutual trust", ["mutual trust"]),
        ("It rests on the special and privileged strategic", SPP, []),  # ends on a modifier
        # not crossing a clause boundary
        ("Ties rest on mutual respect; trust grows.", "mutual trust", []),
        ("It is mutual, which builds trust.", "mutual trust", []),
        ("Mutual, Shoigu said, trust matters.", "mutual trust", []),
        # not inside a compound; reordering still a variant
        ("The Russian-Indian inter-governmental commission met.", "Russian-Indian cooperation", []),
        ("Russia and India signed pacts.", "India and Russia", ["Russia and India"]),
    ],
)
def test_variant_rules(sentence, canonical, expected):
    assert found_in(sentence, canonical) == expected


@pytest.mark.parametrize(
    ("phrase", "why"),
    [
        ("general sergei shoigu", "name"),
        ("defence minister rajnath singh", "name"),
        ("prime minister narendra", "name"),
        ("sergei shoigu said", "name"),
        ("shoigu said at a meeting", "name"),
        ("shanghai cooperation", "name"),  # part of a forum's name (mentions table)
        ("russian defence minister", "title"),
        ("defence minister general", "title"),
        ("defence ministry", "title"),  # part of an organisation's name (actors table)
        ("defence ministry said", "reporting clause"),
        ("officials said on sunday", "reporting clause"),
        ("said at a meeting", "reporting clause"),
        ("india and russia", ""),
        ("defence cooperation", ""),
        ("military and technical cooperation", ""),
        ("continued trust and mutual respect", ""),  # "continued" opens it but is no speech verb here
        ("special and privileged strategic partnership", ""),
        ("issues of mutual interest", ""),
    ],
)
def test_names_titles_and_reporting_clauses(phrase, why):
    assert discovery.is_speaker(matching.match_tokens(phrase)) == why


def test_name_lookups_match_the_scan_of_every_name():
    # the set lookups of _why give what scanning every name and organisation gives, on word runs
    # cut from the names themselves, with words around them, and on unrelated phrases
    sp = discovery.speakers()
    rng = random.Random(4)
    seqs = sorted(sp["names"] | sp["organisations"])
    filler = ["india", "and", "russia", "talks", "defence", "the", "cooperation"]
    for _ in range(3_000):
        seq = rng.choice(seqs)
        i = rng.randrange(len(seq))
        run = seq[i : rng.randrange(i + 1, len(seq) + 1)]
        words = (
            tuple(rng.sample(filler, rng.randrange(3))) + run + tuple(rng.sample(filler, rng.randrange(3)))
        )
        for w in (words, run, tuple(rng.sample(filler, 3))):
            scan_name = any(discovery._holds(w, s) or discovery._holds(s, w) for s in sp["names"])
            fast_name = w in sp["name_pieces"] or any(r in sp["names"] for r in discovery._runs(w))
            assert scan_name == fast_name, w
            scan_org = any(discovery._holds(s, w) for s in sp["organisations"])
            assert scan_org == (w in sp["organisation_pieces"]), w


@pytest.mark.parametrize(("years", "found"), [((2019, 2019), False), ((2019, 2021), True)])
def test_two_word_formulae_must_recur_across_years(years, found):
    rows = [
        ("d0", years[0], "india", "The navies held naval drills near port alpha."),
        ("d1", years[1], "india", "Officials praised the naval drills in the bay."),
    ]
    assert ("naval drills" in discovery.discover(corpus(rows))) is found


def test_seed_families_are_formulae(seeds):
    passages = reuse.passages(seeds, min_words=8)
    occ = families.occurrences(
        seeds,
        watch_phrases=[SPP, "time-tested friendship", "mutual trust", "military and technical cooperation"],
        watch_terms=["Make in India", "AK-203", "trust"],
        passages=passages,
    )
    by = occ.groupby("family")
    time_tested = occ[occ["family"] == "time-tested friendship"]
    assert dict(zip(time_tested["year"], time_tested["variant"], strict=True)) == {
        2018: "time-tested friendship",
        2023: "unique, long-lasting and time-tested relationship",
    }
    assert "trust and mutual" not in set(occ["variant"])
    discovered = occ.loc[occ["source"] == "discovered", "family"].unique()
    assert len(discovered) >= 5
    assert not [f for f in discovered if discovery.is_speaker(matching.match_tokens(f))]
    for noise in [
        "general sergei shoigu",
        "sergei shoigu said",
        "defence ministry said",
        "shoigu said at a meeting",
    ]:
        assert noise not in set(occ["family"])
    assert "india and russia" in discovered  # two-word formula across years
    # pieces of Shoigu's recycled 2018 remarks are shown as the passages, not as formulae
    pieces = occ[occ["source"] == "passage"]
    assert {"passage R001", "passage R003"} <= set(pieces["family"].str[:12])
    assert (by["year"].nunique()[pieces["family"].unique()] == 2).all()
    assert "interaction of the general staffs" not in set(occ["family"])
    # a watched term's spellings form a family; Make in India only once (spelled as in variants.csv)
    ak = occ[occ["family"] == "AK-203"]
    assert (set(ak["variant"]), set(ak["source"])) == ({"AK203", "AK 203"}, {"spelling"})
    # a discovered family does not take passages of a watched formula
    assert "military and technical cooperation" not in set(
        occ.loc[occ["family"] == "military cooperation", "variant"].str.lower()
    )


@pytest.mark.parametrize(
    ("terms", "exclude", "expected"),
    [
        (["AK-203", "trust", "S-400"], [], ["AK-203", "S-400"]),
        (["Make in India", "AK 203"], ["Make in India"], ["AK 203"]),
        (["AK-203", "AK203"], [], ["AK-203"]),  # one family per term
        (["strategic partnership"], [], []),
    ],
)
def test_spelling_terms(terms, exclude, expected):
    assert family_sources.spelling_terms(terms, exclude=exclude) == expected


def test_planted_drift_is_found_in_every_year():
    """benchmarks.synthetic plants each formula's wordings by year ("Both sides praised the
    <wording> between ..."): every planted wording is found, as that wording, where it was planted."""
    from benchmarks import synthetic
    from corpus_utils.corpus import normalise

    docs, answers = synthetic.news(120, seed=3, years=(2000, 2024), outlets=10, groups=4, undated=0.05)
    table = pd.DataFrame(
        {
            "doc_id": [d["doc_id"] for d in docs],
            "year": pd.array([d["year"] for d in docs], dtype="Int64"),
            "outlet": [d["outlet"] for d in docs],
            "side": [d["group"] for d in docs],
            "text": [d["body"] for d in docs],
            "included": True,
        }
    )
    table["text_norm"] = table["text"].map(normalise.variants)
    occ = families.occurrences(table, watch_phrases=list(answers["drift"]), discover_families=False)
    for family, planted in answers["drift"].items():
        got = occ[occ["family"] == family]
        for wording in planted:
            where = {d["doc_id"] for d in docs if f"praised the {wording} between" in d["body"]}
            found = set(got.loc[got["variant"].str.lower() == wording, "doc_id"])
            assert where and where <= found, (family, wording, sorted(where - found))


def test_original_builds_the_token_spans_once_per_document(monkeypatch):
    """Each occurrence used to rebuild the document's token spans (quadratic in a document's length):
    the spans handed to ``char_span`` are one list for all ranges, and doubling the document and its
    ranges doubles the calls, not more."""
    from corpus_utils.corpus import normalise, wording

    seen = []
    real = wording.char_span

    def spy(mapping, spans, i, j):
        seen.append(spans)  # kept alive, so two lists are never one id
        return real(mapping, spans, i, j)

    monkeypatch.setattr(wording, "char_span", spy)
    piece = "The AK 203 rifles and the S400 systems were discussed. "
    for reps in (20, 40):
        text = piece * reps
        norm = normalise.variants(text)
        assert norm != text
        starts = [k for k in range(len(norm)) if norm.startswith("rifles", k)]
        seen.clear()
        found = families._original(text, norm, [(a, a + len("rifles")) for a in starts])
        assert found == ["rifles"] * reps
        assert len(seen) == reps and all(s is seen[0] for s in seen)


def test_passage_versions_match_the_row_by_row_definition(generated_with_passages):
    # each passage side's character span in text_norm, in passage order (side a before b), as read
    # one row at a time; sides outside their document's words are left out
    docs, passages = generated_with_passages
    passages = pd.concat(
        [passages, passages.head(2).assign(end_a=10**6, start_b=5, end_b=5)], ignore_index=True
    )  # two rows whose side a runs past the document and whose side b is empty
    norm = docs.drop_duplicates("doc_id").set_index("doc_id")["text_norm"]
    expected = []
    for k, p in enumerate(passages.itertuples(index=False)):
        for side in ("a", "b"):
            ws = tokens.word_spans(str(norm.get(getattr(p, f"doc_{side}"), "")))
            w0, w1 = getattr(p, f"start_{side}"), getattr(p, f"end_{side}")
            if ws and w1 <= len(ws) and w0 < w1:
                expected.append(
                    (p.cluster, getattr(p, f"doc_{side}"), 2 * k + (side == "b"), ws[w0][0], ws[w1 - 1][1])
                )
    got = family_sources._norm_spans(docs, passages)
    assert (
        list(got[["cluster", "doc_id", "order", "start", "end"]].itertuples(index=False, name=None))
        == expected
    )
    assert len(expected) == 2 * len(passages) - 4 and len(expected) > 20
    texts = dict(zip(got["order"], got["text"], strict=True))
    assert texts[1] == passages["text_b"].iloc[0]


@pytest.fixture(scope="module")
def generated_with_passages(tmp_path_factory):
    from benchmarks import synthetic
    from corpus_utils.corpus import load_corpus

    docs = load_corpus(synthetic.write(tmp_path_factory.mktemp("gen"), 40, seed=3))
    return docs, reuse.passages(docs, min_words=8)
