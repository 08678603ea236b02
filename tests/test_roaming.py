"""Tests that roam: generated corpora of every awkward shape go through every analysis the notebooks
run, with no exception and every input accounted for in the audit table (issue 11, points 7 and 9).

The corpora are tables shaped like a user's own (id, date, outlet, group, speaker, text), loaded by
``load_corpus`` with the column options, mixing: undated documents anywhere, a single document, a
single year, years of one document, spans past 60 years, no outlets or 60 of them, one group or
twelve, exact copies, and corpora whose every document is excluded. Nothing to compare (one year,
one group) is an empty keyness table, not an error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from corpus_utils import charts, claims, explore, load_corpus, phrases
from corpus_utils.corpus import audit, selection
from corpus_utils.explore import concordance, mentions, watch
from corpus_utils.phrases import families, keyness, reuse
from corpus_utils.report import findings

SENTENCES = [
    "India and Russia reaffirmed their special and privileged strategic partnership.",
    "The two ministers discussed the supply of frigates and the training of crews.",
    '"Our cooperation is based on trust," Rajnath Singh said.',
    "Sergei Shoigu said the interaction of the armed forces is strengthening.",
    "The council approved a harbour levy of Rs 5,000 crore for the new port.",
    "I said last year that the budget for schools was too small.",
    "We believe the joint venture will produce rifles under Make in India.",
    "Officials said the talks in Moscow were productive and frank.",
    "The delegation visited the shipyard and the training centre on Monday.",
    "Grain prices fell sharply after the harvest in the southern provinces.",
]
PASSAGE = "Both sides agreed to expand the exchange of military delegations and joint exercises in the coming years."


@st.composite
def corpora(draw) -> pd.DataFrame:
    """A user's table: id, date ('' undated), outlet, group, speaker, text."""
    n = draw(st.integers(1, 12))
    start = draw(st.sampled_from([1650, 1901, 1985, 2018]))
    span = draw(st.sampled_from([0, 0, 3, 70]))  # one year, a few, more than 60
    undated = draw(st.sampled_from([0.0, 0.3, 1.0]))
    n_groups = draw(st.sampled_from([0, 1, 2, 3, 12]))
    n_outlets = draw(st.sampled_from([0, 1, 60]))
    empty = draw(st.sampled_from([False, False, False, True]))  # every document excluded
    rows = []
    for i in range(n):
        year = start + draw(st.integers(0, span))
        dated = draw(st.floats(0, 1)) >= undated
        picks = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
        if draw(st.booleans()):
            picks.insert(draw(st.integers(0, len(picks))), PASSAGE)
        text = "" if empty else " ".join(picks)
        if rows and draw(st.integers(0, 9)) == 0:
            text = rows[draw(st.integers(0, len(rows) - 1))]["text"]  # a wire copy
        rows.append(
            {
                "id": f"doc{i:02d}",
                "date": f"{year}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
                if dated
                else "",
                "outlet": f"Outlet {draw(st.integers(0, n_outlets - 1))}" if n_outlets else "",
                "group": f"g{draw(st.integers(0, n_groups - 1))}" if n_groups else "",
                "speaker": draw(st.sampled_from(["", "", "Ann Kumar", "Sergei Shoigu"])),
                "text": text,
            }
        )
    return pd.DataFrame(rows)


def every_analysis(corpus: pd.DataFrame) -> dict:
    """What notebooks 01-05 compute and draw, in their order."""
    docs = selection.select(corpus)
    out = {"docs": docs}
    out["audit"] = audit.table(corpus)
    audit.problems(corpus), audit.removals(corpus), audit.removals_by_rule(corpus)
    audit.by_year_outlet(corpus), audit.by_year_side(corpus), audit.findings(corpus, docs)
    terms, watched, _ = watch.watch_lists(docs, source="generated")
    out["lengths"] = explore.lengths(docs)
    by_year = explore.lengths_by_year(docs)
    words = explore.frequent_terms(docs, n=1, top=15)
    bigrams = explore.frequent_terms(docs, n=2, top=15)
    explore.frequent_terms(docs, n=3, top=10)
    explore.collocations(docs, measure="likelihood_ratio", top=25, min_freq=2)
    kwic = concordance.kwic(docs, terms, window=8)
    dispersion = concordance.dispersion(docs, terms)
    named = mentions.mentions_by_year(docs)
    findings.exploration(by_year, words, bigrams, kwic, named, terms)
    counts = phrases.counts(docs, n_max=5)
    phrases.by_year(counts, n_max=5, min_count=2, min_docs=1)
    change = phrases.changes(counts, n_max=5, min_count=2, min_docs=1)
    key_years = keyness.year_vs_rest(counts, n_max=5, min_count=2)  # one year: no rows, no error
    key_sides = keyness.side_vs_side(counts, n_max=5, min_count=2)
    passages = reuse.passages(docs, min_words=8)
    occ = families.occurrences(docs, watch_phrases=watched, watch_terms=terms, passages=passages)
    summary = families.summary(occ)
    families.matrix(occ)
    findings.phrases(docs, change, key_years, summary, passages, keyness_sides=key_sides)
    table = claims.extract(docs)
    scoped = claims.scoped(table, scope="bilateral")
    by_theme = claims.by_theme_year(scoped)
    recurring = claims.recurring(scoped)
    claims.new_and_dropped(scoped)
    numbers = claims.numbers_table(table)
    findings.claims(table, by_theme, recurring, numbers)
    out["claims"] = table
    out["charts"] = [
        draw(make)
        for make in (
            lambda: charts.documents_over_time(docs),
            lambda: charts.dispersion(dispersion, documents=concordance.document_offsets(docs)),
            lambda: charts.mentions_by_year(named),
            lambda: charts.family_heatmap(occ),
            lambda: charts.keyness_bars(findings.content_phrases(key_years)),
            lambda: charts.reuse_arcs(passages, docs),
            lambda: charts.claims_theme_heatmap(by_theme),
            lambda: charts.claims_timeline(scoped),
        )
    ]
    return out


def draw(make) -> str:
    """A chart's title, or why it was not drawn (``NoChart``, e.g. an empty table)."""
    try:
        fig = make()
    except charts.NoChart as why:
        return f"no chart: {why}"
    title = charts.title(fig)
    plt.close(fig)
    return title


@pytest.mark.slow  # 25 corpora through every analysis: 35-55 s on the shared machine
@pytest.mark.filterwarnings("ignore::corpus_utils.corpus.load.CorpusWarning")  # undated on purpose
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: a failing corpus is printed as found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(table=corpora())
def test_every_analysis_runs_on_any_corpus_and_every_input_is_accounted_for(table):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.csv"
        table.to_csv(path, index=False)
        options = {"id_col": "id", "speaker_col": "speaker"}
        options |= {"outlet_col": "outlet"} if table["outlet"].ne("").any() else {}
        options |= {"group_col": "group"} if table["group"].ne("").any() else {}
        corpus = load_corpus(path, **options)
    got = every_analysis(corpus)
    rows = got["audit"]
    assert rows["doc_id"].tolist() == table["id"].tolist()  # one row per input, in input order
    excluded = ~rows["included"].astype(bool)
    assert rows.loc[excluded, "excluded_reason"].astype(bool).all()  # each exclusion says why
    assert len(got["docs"]) == int((~excluded).sum())  # the selection keeps every included document
    assert len(got["lengths"]) == len(got["docs"])
    assert set(got["claims"]["doc_id"]) <= set(got["docs"]["doc_id"])
    dated = table["date"].ne("")
    years = {int(d[:4]) for d in table.loc[dated, "date"]}
    assert set(rows["year"].dropna().astype(int)) <= years
    assert all(got["charts"])  # every chart drew with a title, or said why not
