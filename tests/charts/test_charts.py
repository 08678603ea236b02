"""Charts: every figure draws from small synthetic tables, states a computed finding, labels its
axes, stays readable (>= 8 pt at 6.5 in), degrades to a NoChart note, and saves reproducibly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from corpus_utils import charts
from corpus_utils.charts import style
from corpus_utils.errors import CorpusError

ROOT = Path(__file__).resolve().parents[2]

# ---- synthetic tables, shaped like the documented tables (issues 4 and 5) ---------------------


def corpus_table() -> pd.DataFrame:
    """Five included dated documents (2018, 2020, 2021 x2, 2023), one undated, one excluded."""
    rows = [
        ("d1", "2018-12-14", "TASS", "russia", True),
        ("d2", "2020-09-03", "PIB", "india", True),
        ("d3", "2021-12-06", "Russian MoD", "russia", True),
        ("d4", "2021-12-06", "unknown", "unknown", True),
        ("d5", "2023-04-28", "Business Standard", "india", True),
        ("d6", None, "The Hindu", "india", True),
        ("d7", "2021-12-07", "TASS", "russia", False),
    ]
    df = pd.DataFrame(rows, columns=["doc_id", "date", "outlet", "side", "included"])
    df["date"] = pd.to_datetime(df["date"])
    df.insert(2, "year", df["date"].dt.year.astype("Int64"))
    return df


def occurrences_table() -> pd.DataFrame:
    spp = "special and privileged strategic partnership"
    rows = [
        (spp, "special privileged strategic partnership", "d1", 2018, "TASS", "russia"),
        (spp, "special & privileged partnership", "d2", 2020, "PIB", "india"),
        (spp, "particularly privileged strategic partnership", "d3", 2021, "Russian MoD", "russia"),
        (spp, "particularly privileged strategic partnership", "d3", 2021, "Russian MoD", "russia"),
        (spp, "special and privileged strategic partnership", "d4", 2021, "unknown", "unknown"),
        ("make in india", "make in india", "d5", 2023, "Business Standard", "india"),
        ("make in india", "make-in-india", "d2", 2020, "PIB", "india"),
    ]
    return pd.DataFrame(rows, columns=["family", "variant", "doc_id", "year", "outlet", "side"])


def keyness_table() -> pd.DataFrame:
    rows = [  # year, ngram, log_likelihood, log_ratio, q_value
        (2018, "special privileged", 5.0, 2.0, 0.01),
        (2018, "exchange of delegations", 2.0, -1.5, 0.3),
        (2021, "military education", 12.0, 3.0, 0.001),
        (2021, "in the sphere", 7.0, -2.0, 0.02),
        (2021, "general staffs", 1.0, 0.5, 0.6),
    ]
    df = pd.DataFrame(rows, columns=["year", "ngram", "log_likelihood", "log_ratio", "q_value"])
    for col, value in [("count_year", 4), ("count_rest", 1), ("docs_year", 1), ("docs_rest", 1)]:
        df.insert(2, col, value)
    df["dp"] = 0.5
    return df[
        [
            "year",
            "ngram",
            "count_year",
            "count_rest",
            "docs_year",
            "docs_rest",
            "log_likelihood",
            "log_ratio",
            "dp",
            "q_value",
        ]
    ]


def dispersion_table() -> pd.DataFrame:
    starts = {"d1": 0, "d2": 400, "d3": 900, "d4": 1500, "d5": 2000}
    dates = corpus_table().set_index("doc_id")["date"]
    rows = [("strategic partnership", d, at) for d, at in [("d1", 10), ("d2", 30), ("d3", 5), ("d5", 70)]]
    rows += [("S-400", "d1", 50), ("S-400", "d1", 90)]
    return pd.DataFrame(
        [
            {
                "term": t,
                "doc_id": d,
                "date": dates[d],
                "year": dates[d].year,
                "offset": starts[d] + at,
                "doc_start": starts[d],
                "position": at,
            }
            for t, d, at in rows
        ]
    )


def passages_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_a": ["d1", "d3"],
            "doc_b": ["d3", "d4"],
            "year_a": [2018, 2021],
            "year_b": [2021, 2021],
            "text_a": [
                "the exchange of military delegations is expanding " * 2,
                "one two three four five six seven eight",
            ],
            "text_b": [
                "the exchange of military delegations is growing " * 2,
                "one two three four five six seven eight",
            ],
            "similarity": [0.9, 1.0],
            "cluster": ["R001", "R002"],
        }
    )


def themes_table() -> pd.DataFrame:
    rows = [
        ("arms_deals", 2018, "russia", 3, 1),
        ("arms_deals", 2021, "russia", 1, 1),
        ("trust_partnership", 2021, "russia", 4, 2),
        ("arms_deals", 2020, "india", 2, 1),
        ("make_in_india", 2023, "india", 5, 1),
        ("make_in_india", 2021, "unknown", 1, 1),
    ]
    return pd.DataFrame(rows, columns=["theme", "year", "side", "claims", "documents"])


def claims_table() -> pd.DataFrame:
    rows = [
        ("Sergei Shoigu", "russia", 2018, "quote"),
        ("Sergei Shoigu", "russia", 2018, "reported_speech"),
        ("Sergei Shoigu", "russia", 2021, "quote"),
        ("Rajnath Singh", "india", 2020, "reported_speech"),
        ("Rajnath Singh", "india", 2023, "joint"),
        ("PIB", "india", 2020, "reported"),
        ("unknown", "unknown", 2021, "quote"),
        ("unknown", "unknown", 2021, "quote"),
        ("unknown", "unknown", 2021, "quote"),
        ("unknown", "unknown", 2021, "quote"),
    ]
    df = pd.DataFrame(rows, columns=["speaker", "side", "year", "kind"])
    df.insert(0, "claim_id", [f"C{i:03d}" for i in range(len(df))])
    df.insert(1, "doc_id", "d1")
    return df.assign(claim="...", themes="[]", numbers="[]", group_id="G001")[
        [
            "claim_id",
            "doc_id",
            "year",
            "speaker",
            "side",
            "kind",
            "claim",
            "themes",
            "numbers",
            "group_id",
        ]
    ]


def mentions_table() -> pd.DataFrame:
    rows = [
        ("actor", "Sergei Shoigu", 2018, 5, 1),
        ("actor", "Sergei Shoigu", 2021, 4, 1),
        ("actor", "Rajnath Singh", 2020, 2, 1),
        ("weapon_system", "S-400", 2018, 12, 1),
        ("weapon_system", "AK-203", 2021, 3, 1),
        ("forum", "SCO", 2023, 1, 1),
    ]
    return pd.DataFrame(rows, columns=["category", "entity", "year", "mentions", "documents"])


CASES = {  # name -> (function, tables)
    "documents_over_time": (charts.documents_over_time, lambda: (corpus_table(),)),
    "family_heatmap": (charts.family_heatmap, lambda: (occurrences_table(),)),
    "keyness_bars": (charts.keyness_bars, lambda: (keyness_table(),)),
    "dispersion": (charts.dispersion, lambda: (dispersion_table(),)),
    "reuse_arcs": (charts.reuse_arcs, lambda: (passages_table(), corpus_table())),
    "claims_theme_heatmap": (charts.claims_theme_heatmap, lambda: (themes_table(),)),
    "claims_timeline": (charts.claims_timeline, lambda: (claims_table(),)),
    "mentions_by_year": (charts.mentions_by_year, lambda: (mentions_table(),)),
}


def draw(name: str) -> Figure:
    fn, tables = CASES[name]
    return fn(*tables())


def axis_labels(fig: Figure) -> tuple[list[str], list[str]]:
    xs = [ax.get_xlabel() for ax in fig.axes if ax.get_xlabel()]
    ys = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    xs += [fig._supxlabel.get_text()] if fig._supxlabel is not None else []
    ys += [fig._supylabel.get_text()] if fig._supylabel is not None else []
    return xs, ys


# ---- style ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "side, color",
    [
        ("india", "#D55E00"),
        ("russia", "#0072B2"),
        ("other", "#009E73"),
        ("unknown", "#999999"),
        ("India ", "#D55E00"),
        (None, "#999999"),
        (float("nan"), "#999999"),
        ("", "#999999"),
        (pd.NA, "#999999"),
        ("joint", "#000000"),
    ],
)
def test_side_colours_are_fixed(side, color):
    assert style.side_color(side) == color


def test_side_order_is_fixed_then_alphabetical():
    assert style.side_order(["unknown", "joint", "russia", "India", None]) == [
        "india",
        "russia",
        "unknown",
        "joint",
    ]


@pytest.mark.parametrize("n", [0, 1, 4, 8])
def test_palette_gives_distinct_okabe_ito_colours(n):
    colors = style.palette(n)
    assert len(colors) == len(set(colors)) == n
    assert set(colors) <= set(style.OKABE_ITO.values())


@pytest.mark.parametrize("n", [9, -1, 2.0, True, "3"])
def test_palette_rejects_bad_n(n):
    with pytest.raises(ValueError, match="palette"):
        style.palette(n)


def test_apply_and_context_set_deterministic_readable_rcparams():
    with mpl.rc_context():
        style.apply()
        assert mpl.rcParams["svg.hashsalt"] == "corpus-utils"
        assert mpl.rcParams["svg.fonttype"] == "none"
    before = mpl.rcParams["font.size"]
    with style.context():
        assert mpl.rcParams["font.size"] == 9
    assert mpl.rcParams["font.size"] == before
    sizes = [v for k, v in style.RC.items() if k.endswith("size") and isinstance(v, int | float)]
    assert sizes and min(sizes) >= style.MIN_FONT_PT


# ---- every chart -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_chart_is_a_titled_labelled_readable_figure(name, monkeypatch):
    def no_show(*args, **kwargs):
        raise AssertionError("plt.show() must never be called")

    monkeypatch.setattr(plt, "show", no_show)
    open_before = plt.get_fignums()
    fig = draw(name)
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == open_before  # not registered with pyplot
    assert charts.title(fig)
    xs, ys = axis_labels(fig)
    assert xs and ys, (xs, ys)
    assert fig.get_size_inches()[0] == pytest.approx(style.WIDTH)
    small = [
        (t.get_text(), t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_text() and t.get_visible() and t.get_fontsize() < style.MIN_FONT_PT
    ]
    assert not small
    assert charts.chart_name(fig) == name
    data = charts.figure_data(fig)
    assert isinstance(data, pd.DataFrame) and not data.empty
    assert "How to read:" in (CASES[name][0].__doc__ or "")
    alt = charts.alt_text(fig)
    assert alt.startswith(f"Chart: {charts.title(fig)}.") and "axis" in alt


@pytest.mark.parametrize("name", list(CASES))
def test_chart_does_not_mutate_its_input(name):
    fn, tables = CASES[name]
    given = tables()
    copies = [t.copy(deep=True) for t in given]
    fn(*given)
    for t, c in zip(given, copies, strict=True):
        pd.testing.assert_frame_equal(t, c)


def test_import_under_python_OO():
    """No docstring is read at import: ``python -OO`` strips them all."""
    env = {**os.environ, "PYTHONPATH": str(Path(charts.__file__).parents[2]), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-OO", "-c", "import corpus_utils.charts, corpus_utils.report.nb"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "name, expected",
    [
        ("documents_over_time", "Most documents come from 2021 (2 of 5); none from 2019 and 2022"),
        (
            "family_heatmap",
            "\u201cspecial and privileged strategic partnership\u201d recurs in 3 of 4 years; "
            "the groups word it differently",
        ),
        (
            "keyness_bars",
            "2 of 2 years have phrases over-used at q < 0.05; strongest: "
            "\u201cmilitary education\u201d in 2021 (Log Ratio +3.0, q 0.001)",
        ),
        (
            "dispersion",
            "\u201cstrategic partnership\u201d is the most widespread term (4 of 4 years); "
            "\u201cS-400\u201d appears only in 2018",
        ),
        (
            "reuse_arcs",
            "1 passage recycled across years, 2018 \u2192 2021; 1 more shared within a year",
        ),
        (
            "claims_theme_heatmap",
            # a tie for the top theme is shown as a tie
            "Most claims by theme: india \u201cmake in india\u201d (5); "
            "russia \u201carms deals\u201d and \u201ctrust partnership\u201d (tied) (4)",
        ),
        (
            "claims_timeline",
            "Sergei Shoigu (russia) is the named speaker with most claims: 3 in 2 years; 4 speakers in all",
        ),
        (
            "mentions_by_year",
            "Most mentioned: \u201cS-400\u201d (weapon_system; 12 mentions in 1 of 4 years)",
        ),
    ],
)
def test_titles_state_the_finding_computed_from_the_data(name, expected):
    assert charts.title(draw(name)) == expected


def test_documents_over_time_on_the_seeds(seeds):
    fig = charts.documents_over_time(seeds)
    assert charts.title(fig) == "Most documents come from 2021 (2 of 5); none from 2019 and 2022"
    assert len(charts.figure_data(fig)) == 5


def test_documents_over_time_notes_undated_and_skips_excluded():
    fig = charts.documents_over_time(corpus_table())
    data = charts.figure_data(fig)
    assert "d6" not in set(data["doc_id"]) and "d7" not in set(data["doc_id"])
    assert "(1 undated document not shown)" in fig.axes[-1].get_xlabel()


def test_documents_over_time_groups_outlets_beyond_the_cap():
    corpus = corpus_table().iloc[:5]
    data = charts.figure_data(charts.documents_over_time(corpus, max_outlets=3))
    assert data["shown_as"].nunique() == 3
    assert "3 other outlets" in set(data["shown_as"])


@pytest.mark.parametrize("n", [50, 5_000])
def test_documents_over_time_svg_stays_small_with_many_documents(tmp_path, n):
    # one mark per document: past RASTER_MARKS they are an image inside the SVG, text stays vector
    rng = np.random.default_rng(1)
    dates = pd.to_datetime("2008-01-01") + pd.to_timedelta(rng.integers(0, 6000, n), unit="D")
    corpus = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "year": pd.array(dates.year, dtype="Int64"),
            "date": dates,
            "outlet": [f"outlet {i % 30}" for i in range(n)],
            "side": np.where(np.arange(n) % 2, "india", "russia"),
            "included": True,
        }
    )
    svg = charts.save(charts.documents_over_time(corpus), "docs", folder=tmp_path)["svg"].read_text()
    assert ("<image" in svg) == (n > charts.kit.RASTER_MARKS)
    assert len(svg) < 400_000


def test_family_heatmap_names_each_sides_wording():
    data = charts.figure_data(charts.family_heatmap(occurrences_table()))
    spp = data[data["family"] == "special and privileged strategic partnership"].iloc[0]
    assert spp["wording_russia"] == "particularly privileged strategic partnership"
    assert spp["wording_india"] == "special & privileged partnership"
    assert data.groupby("family")["occurrences"].sum().to_dict() == {
        "make in india": 2,
        "special and privileged strategic partnership": 5,
    }


def test_family_heatmap_years_parameter_adds_empty_years():
    data = charts.figure_data(charts.family_heatmap(occurrences_table(), years=[2019, 2022]))
    assert sorted(data["year"].unique()) == [2018, 2019, 2020, 2021, 2022, 2023]


@pytest.mark.parametrize(
    "alpha, expected",
    [
        (
            0.05,
            {
                "military education": "significant",
                "in the sphere": "significant",
                "special privileged": "significant",
                "exchange of delegations": "not significant",
                "general staffs": "not significant",
            },
        ),
        (
            0.01,
            {
                "military education": "significant",
                "in the sphere": "not significant",
                "special privileged": "not significant",  # q = 0.01 is not < 0.01
                "exchange of delegations": "not significant",
                "general staffs": "not significant",
            },
        ),
    ],
)
def test_keyness_bars_mark_significance_by_q(alpha, expected):
    table = keyness_table().assign(log_likelihood=100.0)  # G² alone never makes a bar significant
    fig = charts.keyness_bars(table, alpha=alpha)
    data = charts.figure_data(fig)
    assert dict(zip(data["ngram"], data["significance"], strict=True)) == expected
    if alpha == 0.01:
        assert charts.title(fig).startswith("1 of 2 years")


@pytest.mark.parametrize(
    "note, significant, expected, title",
    [
        (  # 2018 holds too few documents: its bars make no claim, 2021's still do
            {2018: "too few documents (1 < 3) to separate year from outlet", 2021: ""},
            {2018: None, 2021: True},
            {"special privileged": "no claim (too few documents)", "military education": "significant"},
            "1 of 2 years have phrases over-used at q < 0.05",
        ),
        (
            {2018: "too few documents", 2021: "too few documents"},
            {2018: None, 2021: None},
            {
                "special privileged": "no claim (too few documents)",
                "military education": "no claim (too few documents)",
            },
            "No year holds enough documents to separate year from outlet",
        ),
    ],
)
def test_keyness_bars_make_no_claim_for_thin_years(note, significant, expected, title):
    table = keyness_table()
    table["significant"] = pd.array(table["year"].map(significant), dtype="boolean")
    table["note"] = table["year"].map(note)
    table["confounded_with"] = table["year"].map({2018: "outlet AzerNews; side russia", 2021: ""})
    fig = charts.keyness_bars(table)
    data = charts.figure_data(fig).set_index("ngram")["significance"]
    assert {k: data[k] for k in expected} == expected
    assert charts.title(fig).startswith(title)


def test_keyness_bars_top_limits_bars_per_direction():
    data = charts.figure_data(charts.keyness_bars(keyness_table(), top=1))
    assert data.groupby(["year", "direction"]).size().max() == 1
    assert "general staffs" not in set(data["ngram"])  # weaker G² than "military education"


def test_keyness_bars_with_no_significant_phrase():
    table = keyness_table().assign(q_value=0.5)
    assert charts.title(charts.keyness_bars(table)) == (
        "No phrase is significantly more frequent in any year (every q \u2265 0.05)"
    )


def test_dispersion_with_documents_marks_years_without_terms():
    docs = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d9", "d5"],
            "year": [2018, 2020, 2022, 2023],
            "doc_start": [0, 400, 1500, 2000],
            "n_tokens": [400, 500, 300, 900],
        }
    )
    fig = charts.dispersion(dispersion_table(), documents=docs)
    top = fig.axes[0].child_axes[0]
    assert [t.get_text() for t in top.get_xticklabels()] == ["2018", "2020", "2021", "2022", "2023"]
    assert fig.axes[0].get_xlim()[1] >= 2900


def test_dispersion_shades_density_when_ticks_would_merge():
    # 3,000 occurrences: a shaded row per term, denser where the term clusters; few: one tick each
    rng = np.random.default_rng(2)
    offsets = np.r_[rng.integers(0, 100_000, 1_000), rng.integers(40_000, 45_000, 2_000)]
    many = pd.DataFrame(
        {
            "term": np.where(np.arange(3_000) % 2, "trust", "talks"),
            "doc_id": [f"d{o // 1000}" for o in offsets],
            "date": pd.to_datetime("2010-01-01") + pd.to_timedelta(offsets // 1000 * 30, unit="D"),
            "year": 2010 + offsets // 20_000,
            "offset": offsets,
            "doc_start": offsets // 1000 * 1000,
        }
    )
    fig = charts.dispersion(many)
    (image,) = fig.axes[0].get_images()
    shade = image.get_array()
    assert shade.shape == (2, charts.phrases.DENSITY_BINS)
    assert shade.max() == 1 and shade[:, 80:90].mean() > 5 * shade[:, :40].mean()  # the cluster at 40-45k
    assert "shade" in fig.axes[0].get_xlabel()
    assert not [ln for ln in fig.axes[0].lines if ln.get_marker() == "|"]  # no ticks under the shading
    few = charts.dispersion(dispersion_table())
    assert not few.axes[0].get_images() and [ln for ln in few.axes[0].lines if ln.get_marker() == "|"]


def test_dispersion_shade_spans_each_terms_range_and_ticks_stay_short():
    # a term found in every stretch still shows where it is densest and sparsest: min-max per row
    rng = np.random.default_rng(3)
    offsets = np.r_[np.arange(0, 14_000_000, 2_000), rng.integers(7_000_000, 7_070_000, 3_000)]
    many = pd.DataFrame(
        {
            "term": "trust",
            "doc_id": [f"d{o // 1000}" for o in offsets],
            "date": pd.to_datetime("2008-01-01"),
            "year": 2008 + offsets // 1_000_000,
            "offset": offsets,
            "doc_start": offsets // 1000 * 1000,
        }
    )
    fig = charts.dispersion(many)
    shade = fig.axes[0].get_images()[0].get_array()
    assert shade.min() == 0 and shade.max() == 1  # not: the sparsest stretch shaded above white
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert "10M" in labels and max(map(len, labels)) <= 5, labels


@pytest.mark.parametrize(
    "x, text", [(0, "0"), (950, "950"), (12_500, "12.5k"), (12_500_000, "12.5M"), (2.5, "2.5")]
)
def test_compact_tick_labels(x, text):
    assert charts.kit.compact(x) == text


def test_distinct_labels_tell_cut_phrases_apart():
    phrases = [
        "praised the special strategic partnership",
        "praised the special strategic friendship",
        "the india russia aaa bbb ccc ddd defence ties",
        "the india russia aaa bbb xxx ddd defence ties",
        "short one",
    ]
    labels = charts.kit.distinct(phrases, 25)
    assert len(set(labels)) == len(phrases) and max(map(len, labels)) <= 25
    assert labels[-1] == "short one"
    assert [charts.kit.shorten(p, 25) for p in phrases[:2]] == ["praised the special stra\u2026"] * 2


def test_keyness_bars_never_print_q_0():
    table = keyness_table()
    table.loc[table["ngram"] == "military education", "q_value"] = 0.0  # underflowed
    table.loc[table["ngram"] == "special privileged", "ngram"] = "military education and training"
    title = charts.title(charts.keyness_bars(table))
    assert "q < 1e-300" in title and "q 0)" not in title


def test_reuse_arcs_one_link_per_document_pair():
    fig = charts.reuse_arcs(passages_table(), corpus_table())
    data = charts.figure_data(fig)
    assert list(data[["doc_a", "doc_b", "relation", "words"]].itertuples(index=False, name=None)) == [
        ("d1", "d3", "cross_year", 14),
        ("d3", "d4", "same_year", 8),
    ]
    assert list(data.columns[:4]) == ["doc_a", "doc_b", "date_a", "date_b"]


def test_reuse_arcs_uses_relation_and_word_columns_when_given():
    passages = passages_table().assign(relation=["cross_year", "cross_year"], n_words_a=[30, 10])
    data = charts.figure_data(charts.reuse_arcs(passages, corpus_table()))
    assert list(data["words"]) == [30, 10] and set(data["relation"]) == {"cross_year"}


def test_reuse_arcs_draws_other_relations_in_grey_with_their_name():
    passages = passages_table().assign(relation=["cross_year", "undated"])
    fig = charts.reuse_arcs(passages, corpus_table(), label_docs=0)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[:2] == ["across years", "undated"]
    assert charts.title(fig) == "1 passage recycled across years, 2018 \u2192 2021"
    assert not [t for t in fig.axes[0].texts if t.get_text().startswith("d")]  # no id labels


def test_claims_timeline_caps_speakers_and_says_so():
    fig = charts.claims_timeline(claims_table(), top=2)
    assert fig.axes[0].get_ylabel() == "Speaker (top 2 of 4)"
    assert set(charts.figure_data(fig)["speaker"]) == {"unknown speaker", "Sergei Shoigu"}


# ---- graceful degradation --------------------------------------------------------------------


def _one_year(df):
    return df[df["year"] == 2021]


NO_CHART = [
    ("documents_over_time", lambda: (corpus_table().assign(date=pd.NaT),), "no timeline"),
    ("documents_over_time", lambda: (corpus_table().iloc[:0],), "no timeline"),
    ("family_heatmap", lambda: (_one_year(occurrences_table()),), "one year"),
    ("family_heatmap", lambda: (occurrences_table().assign(year=pd.NA),), "dated"),
    ("keyness_bars", lambda: (_one_year(keyness_table()),), "one year"),
    ("keyness_bars", lambda: (keyness_table().iloc[:0],), "No keyness"),
    ("dispersion", lambda: (dispersion_table().iloc[:0],), "watched terms"),
    ("reuse_arcs", lambda: (passages_table().iloc[:0], corpus_table()), "No recycled passages"),
    ("reuse_arcs", lambda: (passages_table(), corpus_table().assign(date=pd.NaT)), "no dates"),
    ("claims_theme_heatmap", lambda: (themes_table().assign(side="india"),), "one side"),
    ("claims_theme_heatmap", lambda: (themes_table().assign(claims=0),), "No dated claim"),
    ("claims_timeline", lambda: (claims_table().assign(year=pd.NA),), "no timeline"),
    ("mentions_by_year", lambda: (_one_year(mentions_table()),), "one year"),
    ("mentions_by_year", lambda: (mentions_table().assign(mentions=0),), "Nothing"),
]


@pytest.mark.parametrize("name, tables, note", NO_CHART)
def test_degenerate_data_gives_a_one_line_note(name, tables, note):
    fn, _ = CASES[name]
    open_before = plt.get_fignums()
    with pytest.raises(charts.NoChart, match=note) as caught:
        fn(*tables())
    message = str(caught.value)
    assert message and "\n" not in message
    assert plt.get_fignums() == open_before


@pytest.mark.parametrize(
    "name, drop",
    [
        ("documents_over_time", "side"),
        ("family_heatmap", "variant"),
        ("keyness_bars", "log_ratio"),
        ("keyness_bars", "q_value"),
        ("dispersion", "offset"),
        ("reuse_arcs", "similarity"),
        ("claims_theme_heatmap", "documents"),
        ("claims_timeline", "kind"),
        ("mentions_by_year", "entity"),
    ],
)
def test_missing_column_is_named(name, drop):
    fn, tables = CASES[name]
    first, *rest = tables()
    with pytest.raises(CorpusError, match=drop):
        fn(first.drop(columns=drop), *rest)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: charts.keyness_bars(keyness_table(), top=0), "top must be"),
        (lambda: charts.keyness_bars(keyness_table(), top=True), "top must be"),
        (lambda: charts.keyness_bars(keyness_table(), alpha=0), "alpha must be"),
        (lambda: charts.keyness_bars(keyness_table(), alpha=1.5), "alpha must be"),
        (lambda: charts.keyness_bars(keyness_table(), alpha=float("nan")), "alpha must be"),
        (lambda: charts.family_heatmap(occurrences_table(), top=0), "top must be"),
        (lambda: charts.documents_over_time(corpus_table(), max_outlets=1), "max_outlets"),
        (lambda: charts.claims_timeline(claims_table(), top=-1), "top must be"),
        (lambda: charts.mentions_by_year(mentions_table(), top=0), "top must be"),
        (lambda: charts.claims_theme_heatmap(themes_table(), top=0), "top must be"),
        (lambda: charts.reuse_arcs(passages_table(), corpus_table(), label_docs=-1), "label_docs"),
        (lambda: charts.documents_over_time("corpus.csv"), "expected a DataFrame"),
    ],
)
def test_bad_arguments_fail_at_once(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---- saving ----------------------------------------------------------------------------------


def test_save_writes_png_svg_csv(tmp_path):
    fig = draw("documents_over_time")
    paths = charts.save(fig, "documents_over_time", folder=tmp_path / "figures")
    assert set(paths) == {"png", "svg", "csv"}
    assert all(p.exists() and p.parent == tmp_path / "figures" for p in paths.values())
    with Image.open(paths["png"]) as png:
        assert png.size[0] == round(style.WIDTH * 300)
        assert png.size[1] == round(fig.get_size_inches()[1] * 300)
        assert png.info["dpi"] == pytest.approx((300, 300), abs=0.5)
        assert "Software" not in png.info
        assert png.info["Title"] == charts.title(fig)
    svg = paths["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert f"<title>{charts.title(fig)}</title>" in svg
    raw = paths["csv"].read_bytes()
    assert raw.endswith(b"\n") and b"\r" not in raw
    back = pd.read_csv(paths["csv"])
    assert list(back.columns) == list(charts.figure_data(fig).columns)
    assert len(back) == 5
    assert fig.get_layout_engine() is not None  # the caller's layout is restored


@pytest.mark.parametrize("chart", ["documents_over_time", "dispersion"])
def test_a_png_written_in_the_background_has_the_same_bytes(tmp_path, chart):
    from corpus_utils.engine import processes

    here = charts.save(draw(chart), chart, folder=tmp_path / "here")
    there = charts.save(draw(chart), chart, folder=tmp_path / "there", background=True)
    processes.finish_background()
    assert {k: p.read_bytes() for k, p in here.items()} == {k: p.read_bytes() for k, p in there.items()}


def test_save_takes_explicit_data_with_fixed_float_format(tmp_path):
    data = pd.DataFrame({"year": [2021, 2018], "value": [1 / 3, 2.0]})
    paths = charts.save(draw("dispersion"), "dispersion", folder=tmp_path, data=data)
    assert paths["csv"].read_text() == "year,value\n2021,0.3333333333\n2018,2\n"


@pytest.mark.parametrize("name", ["Bad", "a-b", "a b", "", "../x", "x.png", None, "é"])
def test_save_rejects_names_that_are_not_slugs(tmp_path, name):
    with pytest.raises(ValueError, match="slug"):
        charts.save(draw("dispersion"), name, folder=tmp_path)


def test_save_needs_data_for_a_foreign_figure(tmp_path):
    with pytest.raises(ValueError, match="data="):
        charts.save(Figure(), "plain", folder=tmp_path)


@pytest.mark.parametrize("name", list(CASES))
def test_saved_files_are_byte_identical_across_fresh_figures(tmp_path, name):
    first = charts.save(draw(name), name, folder=tmp_path / "a")
    second = charts.save(draw(name), name, folder=tmp_path / "b")
    for ext in ("svg", "png", "csv"):
        assert first[ext].read_bytes() == second[ext].read_bytes(), ext


ACROSS_PROCESSES = [
    "documents_over_time",
    "keyness_bars",
    "mentions_by_year",
]  # the multi-panel ones
_SUBPROCESS = """
import runpy, sys
mod = runpy.run_path(sys.argv[1])
from corpus_utils import charts
for name in sys.argv[3:]:
    charts.save(mod["draw"](name), name, folder=sys.argv[2])
"""


def test_svg_is_byte_identical_across_processes(tmp_path):
    """String hashing and memory layout change per process (and the layout solver's last float
    bits with them); the saved files must not."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "MPLBACKEND": "Agg"}
    subprocess.run(
        [sys.executable, "-c", _SUBPROCESS, __file__, str(tmp_path / "other"), *ACROSS_PROCESSES],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    for name in ACROSS_PROCESSES:
        here = charts.save(draw(name), name, folder=tmp_path / "here")
        for ext in ("svg", "csv"):
            assert (tmp_path / "other" / f"{name}.{ext}").read_bytes() == here[ext].read_bytes(), (
                name,
                ext,
            )


def test_saving_twice_from_one_figure_is_identical(tmp_path):
    fig = draw("mentions_by_year")
    a = charts.save(fig, "m", folder=tmp_path / "a")
    b = charts.save(fig, "m", folder=tmp_path / "b")
    assert a["svg"].read_bytes() == b["svg"].read_bytes()
    assert np.array_equal(np.asarray(Image.open(a["png"])), np.asarray(Image.open(b["png"])))


def test_theme_heatmap_colours_follow_the_square_root_only_when_one_side_dominates():
    """One shared colour scale, linear while the panels are alike; when one side's cells are many
    times another's, the colours follow the square root so the smaller side's pattern shows."""
    import matplotlib.colors as mcolors

    def norms(fig):
        return {type(c.norm) for ax in fig.axes for c in ax.collections if hasattr(c, "norm")}

    assert norms(charts.claims_theme_heatmap(themes_table())) == {mcolors.Normalize}
    table = themes_table()
    dominant = table.assign(claims=np.where(table["side"] == "russia", table["claims"] * 30, table["claims"]))
    fig = charts.claims_theme_heatmap(dominant)
    assert norms(fig) == {mcolors.PowerNorm}
    assert all(c.norm.gamma == 0.5 for ax in fig.axes for c in ax.collections if hasattr(c, "norm"))


def test_theme_heatmap_puts_years_under_the_last_panel_of_every_column():
    """Panels share the year axis; when the last row is not full, the panel that ends a column
    higher up still shows its years (shared axes hide every tick label but the bottom row's)."""
    rows = [
        (theme, year, side, 1 + (year + len(side)) % 4, 1)
        for theme in ("arms_deals", "trust_partnership")
        for year in range(2008, 2024)
        for side in ("india", "russia", "other", "group-a", "group-b")
    ]
    fig = charts.claims_theme_heatmap(
        pd.DataFrame(rows, columns=["theme", "year", "side", "claims", "documents"])
    )
    fig.canvas.draw()
    panels = [
        ax
        for ax in fig.axes
        if ax.get_title(loc="left") in {"india", "russia", "other", "group-a", "group-b"}
    ]
    assert len(panels) == 5
    ends = [ax for ax in panels if ax.get_xlabel() == "Year"]
    assert len(ends) >= 2  # one per column
    for ax in ends:
        shown = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        assert shown, f"no year under {ax.get_title(loc='left')!r}"


def test_mentions_heatmap_shares_the_square_root_rule():
    """The same rule (``layout.colour_gamma``) for the mentions panels: linear on small counts,
    square root when one category's counts dwarf another's."""
    import matplotlib.colors as mcolors

    def norms(fig):
        return {type(c.norm) for ax in fig.axes for c in ax.collections if hasattr(c, "norm")}

    assert norms(charts.mentions_by_year(mentions_table())) == {mcolors.Normalize}
    table = mentions_table()
    actor = table["category"] == "actor"
    fig = charts.mentions_by_year(
        table.assign(mentions=np.where(actor, table["mentions"] * 30, table["mentions"]))
    )
    assert norms(fig) == {mcolors.PowerNorm}
