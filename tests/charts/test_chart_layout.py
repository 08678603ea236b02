"""Every chart stays readable from 1 to 60 years and 1 to 12 groups: drawn on generated corpora
(``benchmarks.synthetic.news``), no two labels overlap and no text leaves the figure, measured from
matplotlib's own text extents. The analysis tables are built from the generated documents directly
(the analyses have their own tests), shaped as the analyses give them."""

from __future__ import annotations

import random
import re
from functools import cache

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from benchmarks import synthetic
from corpus_utils import charts
from corpus_utils.charts import style

SPEAKERS = [f"Speaker {k:02d}" for k in range(25)] + [
    "The Permanent Representative of the Republic to the United Nations Office at Geneva"
]
THEMES = [f"theme_{k:02d}" for k in range(18)] + ["military technical cooperation and joint production"]
CATEGORIES = {"actor": 12, "weapon": 10, "programme": 6, "forum": 5}
KINDS = ["quote", "reported_speech", "joint", "reported"]
LAST = 2024


@cache
def tables(span: int, groups: int) -> dict[str, pd.DataFrame]:
    """The tables behind every chart for a generated corpus of ``span`` years and ``groups`` groups."""
    n = 20 + 4 * span
    docs, answers = synthetic.news(
        n,
        seed=span * 100 + groups,
        years=(LAST - span + 1, LAST),
        outlets=min(50, 2 + 2 * span),
        groups=groups,
        passages=3 + 2 * span,
        passage_docs=(2, 6),
    )
    rng = random.Random(span * 7 + groups)
    corpus = pd.DataFrame(
        {
            "doc_id": [d["doc_id"] for d in docs],
            "date": pd.to_datetime([d["date"] or None for d in docs]),
            "year": pd.array([d["year"] for d in docs], dtype="Int64"),
            "outlet": [d["outlet"] for d in docs],
            "side": [d["group"] for d in docs],
            "included": True,
        }
    )
    dated = corpus[corpus["year"].notna()].reset_index(drop=True)
    by_id = dated.set_index("doc_id")
    body = {d["doc_id"]: d["body"] for d in docs}

    occ = []
    for row in dated.itertuples():
        text = body[row.doc_id].lower()
        for family, wordings in synthetic.DRIFT:
            occ += [(family, w, row.doc_id, row.year, row.outlet, row.side) for _, w in wordings if w in text]
        for word in synthetic.SWAP:
            if f" {word} " in text:
                variant = f"{word} of the bilateral relationship" if row.side[-1] in "aeiou" else word
                occ.append((f"{word} and its wordings", variant, row.doc_id, row.year, row.outlet, row.side))
    occurrences = pd.DataFrame(occ, columns=["family", "variant", "doc_id", "year", "outlet", "side"])

    years = sorted(int(y) for y in dated["year"].unique())
    key = []
    for year in years:
        for k in range(24):
            ratio = rng.uniform(-4, 4) or 1.0
            q = rng.choice([0.001, 0.01, 0.2, 0.7])
            key.append(
                (year, f"phrase {k} of {year} said in the capital", 5, 3, 2, 2, rng.uniform(1, 40), ratio, q)
            )
    keyness = pd.DataFrame(
        key,
        columns=[
            "year",
            "ngram",
            "count_year",
            "count_rest",
            "docs_year",
            "docs_rest",
            "log_likelihood",
            "log_ratio",
            "q_value",
        ],
    ).assign(dp=0.5, significant=lambda d: d["q_value"] < 0.05, confounded_with="", note="")

    pas = []
    when = {d["doc_id"]: (d["date"], d["year"]) for d in docs}
    for k, planted in enumerate(answers["passages"]):
        ids = sorted(planted["doc_ids"], key=lambda d: (when[d][0], d))
        for a, b in zip(ids[:-1], ids[1:], strict=True):
            pas.append((a, b, when[a][1], when[b][1], planted["text"], planted["text"], 0.95, f"c{k}"))
    passages = pd.DataFrame(
        pas, columns=["doc_a", "doc_b", "year_a", "year_b", "text_a", "text_b", "similarity", "cluster"]
    )

    cl = []
    for row in dated.itertuples():
        for j in range(rng.randint(1, 3)):
            speaker = rng.choice(SPEAKERS)
            cl.append((f"{row.doc_id}-{j}", row.doc_id, row.year, speaker, row.side, rng.choice(KINDS)))
    claims = pd.DataFrame(cl, columns=["claim_id", "doc_id", "year", "speaker", "side", "kind"])
    claims["theme"] = [rng.choice(THEMES) for _ in range(len(claims))]
    by_theme = (
        claims.groupby(["theme", "year", "side"])
        .agg(claims=("claim_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )

    men = []
    for cat, k in CATEGORIES.items():
        for e in range(k):
            name = f"{cat} {e}" if e else f"The {cat} named in full with a long official title"
            for year in years:
                if rng.random() < 0.6:
                    men.append((cat, name, year, rng.randint(1, 400), rng.randint(1, 5)))
    mentions = pd.DataFrame(men, columns=["category", "entity", "year", "mentions", "documents"])

    order = dated.sort_values(["date", "doc_id"])
    lengths = np.array([len(body[d].split()) for d in order["doc_id"]])
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    offsets = pd.DataFrame(
        {
            "doc_id": order["doc_id"],
            "year": order["year"].astype(int),
            "doc_start": starts,
            "n_tokens": lengths,
        }
    )
    disp = []
    for (doc_id, start), words in zip(
        zip(order["doc_id"], starts, strict=True), (body[d].split() for d in order["doc_id"]), strict=True
    ):
        for i, w in enumerate(words):
            term = {"trust": "trust", "partnership": "strategic partnership", "summit": "summit"}.get(
                w.lower()
            )
            if term:
                disp.append(
                    (term, doc_id, by_id.at[doc_id, "date"], by_id.at[doc_id, "year"], start + i, start)
                )
    dispersion = pd.DataFrame(disp, columns=["term", "doc_id", "date", "year", "offset", "doc_start"])
    return {
        "corpus": corpus,
        "occurrences": occurrences,
        "keyness": keyness,
        "passages": passages,
        "claims": claims,
        "by_theme": by_theme,
        "mentions": mentions,
        "dispersion": dispersion,
        "offsets": offsets,
    }


DRAW = {
    "documents_over_time": lambda t: charts.documents_over_time(t["corpus"]),
    "family_heatmap": lambda t: charts.family_heatmap(t["occurrences"]),
    "keyness_bars": lambda t: charts.keyness_bars(t["keyness"]),
    "dispersion": lambda t: charts.dispersion(t["dispersion"], documents=t["offsets"]),
    "reuse_arcs": lambda t: charts.reuse_arcs(t["passages"], t["corpus"]),
    "claims_theme_heatmap": lambda t: charts.claims_theme_heatmap(t["by_theme"]),
    "claims_timeline": lambda t: charts.claims_timeline(t["claims"]),
    "mentions_by_year": lambda t: charts.mentions_by_year(t["mentions"]),
}
NEEDS_TWO_YEARS = {"family_heatmap", "keyness_bars", "mentions_by_year"}


def drawn_texts(fig) -> list[Text]:
    """The texts matplotlib draws: visible, not empty, in a visible axes, tick labels on the view."""
    hidden = set()
    for ax in fig.findobj(lambda a: hasattr(a, "xaxis") and hasattr(a, "yaxis")):
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            eps = (hi - lo) * 1e-6 + 1e-9
            shown = ax.axison and axis.get_visible() and ax.get_visible()
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not shown or not lo - eps <= tick.get_loc() <= hi + eps:
                    hidden |= {id(tick.label1), id(tick.label2)}
    out = []
    for t in fig.findobj(Text):
        if id(t) in hidden or not t.get_text().strip() or not t.get_visible():
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        out.append(t)
    return out


def layout_problems(fig) -> list[str]:
    renderer = FigureCanvasAgg(fig).get_renderer()
    with style.context():  # as ``charts.save`` draws: the layout and ticks, no pixels
        fig.draw_without_rendering()
    texts = drawn_texts(fig)
    boxes = np.array([t.get_window_extent(renderer).extents for t in texts])  # x0, y0, x1, y1
    problems = []
    fw, fh = fig.bbox.width, fig.bbox.height
    for t, (x0, y0, x1, y1) in zip(texts, boxes, strict=True):
        if x0 < -1 or y0 < -1 or x1 > fw + 1 or y1 > fh + 1:
            problems.append(f"{t.get_text()!r} leaves the figure ({x0:.0f}, {y0:.0f}, {x1:.0f}, {y1:.0f})")
    pad = 0.5  # pixels: touching is not overlapping
    ox = np.minimum(boxes[:, None, 2], boxes[None, :, 2]) - np.maximum(boxes[:, None, 0], boxes[None, :, 0])
    oy = np.minimum(boxes[:, None, 3], boxes[None, :, 3]) - np.maximum(boxes[:, None, 1], boxes[None, :, 1])
    for i, j in zip(*np.nonzero(np.triu((ox > pad) & (oy > pad), k=1)), strict=True):
        problems.append(f"{texts[i].get_text()!r} overlaps {texts[j].get_text()!r}")
    return problems


CORPORA = [(1, 1), (5, 12), (40, 2), (60, 12)]  # every span and every number of groups


@pytest.mark.parametrize(("span", "groups"), CORPORA, ids=[f"{s}y-{g}g" for s, g in CORPORA])
def test_every_chart_keeps_its_labels_apart_and_inside(span, groups):
    t = tables(span, groups)
    problems, drawn = {}, []
    with style.groups(style.group_colours(t["corpus"]["side"])):
        for name, draw in DRAW.items():
            try:
                fig = draw(t)
            except charts.NoChart as why:
                expected = (span == 1 and name in NEEDS_TWO_YEARS) or (
                    groups == 1 and name == "claims_theme_heatmap"
                )
                assert expected, f"{name} on {span} years, {groups} groups: unexpected NoChart ({why})"
                continue
            drawn.append(name)
            found = layout_problems(fig)
            if found:
                problems[name] = found[:5]
    assert not problems, problems
    assert len(drawn) >= 4


def test_overlap_check_catches_overlapping_labels():
    """The check itself: two labels drawn on top of each other, and one past the edge, are found."""
    fig = charts.new_figure(3)
    ax = fig.subplots()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.5, 0.5, "second label")
    ax.text(1.5, 0.5, "outside", transform=ax.transAxes)
    problems = layout_problems(fig)
    assert "'first label' overlaps 'second label'" in problems
    assert any(p.startswith("'outside' leaves the figure") for p in problems)


@pytest.mark.parametrize(("span", "groups"), [(60, 12)])
def test_crowded_charts_drop_cell_numbers_and_cap_rows(span, groups):
    t = tables(span, groups)
    fig = charts.mentions_by_year(t["mentions"])
    assert len(fig.axes) == len(CATEGORIES) + 1  # the panels and one colour bar instead of numbers
    assert all(not ax.texts for ax in fig.axes)
    fig = charts.reuse_arcs(t["passages"], t["corpus"])
    assert "drawn as flows between years" in charts.title(fig)
    assert list(charts.figure_data(fig).columns[:3]) == ["year_from", "year_to", "relation"]
    fig = charts.keyness_bars(t["keyness"])
    assert sum(ax.get_visible() and bool(ax.get_title(loc="left")) for ax in fig.axes) == 8
    assert re.search(r"\(8 of \d\d years shown: the strongest effects\)", charts.title(fig))


def test_keyness_periods_are_named_on_the_panels():
    t = tables(40, 2)
    binned = t["keyness"].assign(year=t["keyness"]["year"] - t["keyness"]["year"] % 10)
    binned = binned.drop_duplicates(["year", "ngram"])
    fig = charts.keyness_bars(binned, period=10)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible() and ax.get_title(loc="left")]
    assert titles == [
        "1980\u20131989",
        "1990\u20131999",
        "2000\u20132009",
        "2010\u20132019",
        "2020\u20132029",
    ]
    assert set(charts.figure_data(fig)["period"]) == set(titles)
    assert "10-year periods" in charts.title(fig)


def small_corpus() -> pd.DataFrame:
    rows = [
        ("d1", "2018-12-14", "TASS", "russia"),
        ("d2", "2020-09-03", "Press Information Bureau (Government of India)", "india"),
        ("d3", "2021-12-06", "Ministry of Defence of the Russian Federation", "russia"),
        ("d4", "2023-04-28", "Business Standard", "india"),
    ]
    df = pd.DataFrame(rows, columns=["doc_id", "date", "outlet", "side"]).assign(included=True)
    df["date"] = pd.to_datetime(df["date"])
    df.insert(2, "year", df["date"].dt.year.astype("Int64"))
    return df


def pair(a: str, b: str, ya: int, yb: int) -> tuple:
    return (
        a,
        b,
        ya,
        yb,
        "one two three four five six seven eight",
        "one two three four five six seven eight",
        1.0,
        "R1",
    )


PAIR_COLUMNS = ["doc_a", "doc_b", "year_a", "year_b", "text_a", "text_b", "similarity", "cluster"]


@pytest.mark.parametrize(
    ("pairs", "title"),
    [
        ([pair("d1", "d3", 2018, 2021)], "1 passage recycled across years, 2018 \u2192 2021"),
        (
            [pair("d1", "d3", 2018, 2021), pair("d2", "d4", 2020, 2023), pair("d1", "d4", 2018, 2023)],
            "3 passages recycled across years, the longest gap 2018 \u2192 2023",
        ),
    ],
)
def test_reuse_arcs_name_documents_by_outlet_and_date_and_the_longest_gap_only_with_two_pairs(pairs, title):
    fig = charts.reuse_arcs(pd.DataFrame(pairs, columns=PAIR_COLUMNS), small_corpus())
    assert charts.title(fig) == title
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "TASS\n2018-12-14" in labels
    assert "Ministry of Defence of the\nRussian Federation\n2021-12-06" in labels  # wrapped, not cut
    assert not any("d1" in t or "\u2026" in t for t in labels)
    assert not layout_problems(fig)


def test_claims_timeline_markers_stay_inside_their_year():
    t = tables(5, 2)
    fig = charts.claims_timeline(t["claims"])
    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    to_x = ax.transData.transform
    for coll in ax.collections:
        xs = coll.get_offsets()[:, 0]
        radius = np.sqrt(coll.get_sizes().max()) / 2 * fig.dpi / 72  # pixels
        for x in xs:
            year = round(x)
            left, right = to_x([(year - 0.5, 0)])[0][0], to_x([(year + 0.5, 0)])[0][0]
            centre = to_x([(x, 0)])[0][0]
            assert left <= centre - radius and centre + radius <= right, (x, radius)
    assert renderer is not None


def test_claims_timeline_pools_kinds_and_logs_sizes_when_years_crowd():
    # 17 years x 4 kinds: slots too narrow to see a marker in, so one mark per speaker and year;
    # counts from 1 to thousands: log areas keep the small ones visible
    rng = np.random.default_rng(0)
    speakers = [("Rajnath Singh", "india", 4000), ("TASS", "russia", 300), ("Outlet 1", "other", 40)]
    rows = []
    for name, side, n in speakers:
        kinds = rng.choice(["quote", "reported_speech", "joint", "reported"], n)
        for i, year in enumerate(rng.integers(2008, 2025, n)):
            rows.append((f"c{len(rows)}", f"d{i}", int(year), name, side, kinds[i]))
    claims = pd.DataFrame(rows, columns=["claim_id", "doc_id", "year", "speaker", "side", "kind"])
    fig = charts.claims_timeline(claims)
    data = charts.figure_data(fig)
    assert set(data["kind"]) == {"all kinds"}
    assert not data.duplicated(["speaker", "year"]).any()
    assert data["claims"].sum() == len(claims)
    (coll,) = fig.axes[0].collections
    sizes = pd.Series(coll.get_sizes(), index=data.index)
    # log areas from the smallest count to the largest: TASS (~18 a year) stays well visible beside
    # Rajnath Singh (~235 a year), where linear areas would give it about a fifth of the largest
    assert sizes[data["speaker"] == "TASS"].median() >= 0.4 * sizes.max()
    assert sizes.min() == pytest.approx(0.15 * sizes.max())
    assert "pooled" in fig.axes[0].get_xlabel() and "log" in fig.axes[0].get_xlabel()
    assert not layout_problems(fig)
    few = charts.claims_timeline(claims[claims["year"] >= 2020])  # 5 years: a mark per kind
    assert set(charts.figure_data(few)["kind"]) == {"quote", "reported_speech", "joint", "reported"}


def test_a_thick_same_year_loop_stays_a_loop_above_its_dot():
    """Flows between years: the loop of a year holding most same-year pairs (the widest line) is
    several line widths wide and high, drawn over the arcs, not a blot on its dot (seen on the
    generated news corpus, where 2008 held most pairs)."""
    t = tables(10, 2)
    passages, corpus = t["passages"], t["corpus"]
    year = int(corpus["year"].mode()[0])
    same = corpus.loc[corpus["year"] == year, "doc_id"].tolist()
    assert len(same) >= 3
    extra = passages.iloc[[0] * 200].copy()
    extra["doc_a"] = [same[i % (len(same) - 1)] for i in range(200)]
    extra["doc_b"] = same[-1]
    extra["year_a"] = extra["year_b"] = year
    fig = charts.reuse_arcs(pd.concat([passages, extra], ignore_index=True), corpus)
    assert "drawn as flows between years" in charts.title(fig)
    ax = fig.axes[0]
    fig.canvas.draw()
    loops = [p for p in ax.patches if p.get_zorder() == 2.5]
    assert loops, "no same-year loop drawn"
    widest = max(loops, key=lambda p: p.get_linewidth())
    box = widest.get_path().get_extents(widest.get_transform())  # display pixels
    to_pt = 72 / fig.dpi
    lw = widest.get_linewidth()
    # before: about one line width wide, a blot (the hole inside it closed)
    assert box.width * to_pt >= 3 * lw and box.height * to_pt >= 4 * lw, (box, lw)
