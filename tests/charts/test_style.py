"""Group colours: fixed per group, colour-blind-safe up to 8 groups, then the largest 7 plus "other"."""

import pytest

from corpus_utils.charts import style


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        (["india", "russia", "russia"], {"india": "#D55E00", "russia": "#0072B2", "unknown": "#999999"}),
        (["", None, "India"], {"india": "#D55E00", "unknown": "#999999"}),
        (["b", "a", "a", "c"], {"a": "#0072B2", "b": "#D55E00", "c": "#009E73", "unknown": "#999999"}),
        (["labour", "india"], {"india": "#D55E00", "labour": "#0072B2", "unknown": "#999999"}),
    ],
)
def test_group_colours(sides, expected):
    assert style.group_colours(sides) == expected


def test_more_than_eight_groups_keep_the_largest_seven_and_other():
    sides = [f"g{k:02d}" for k in range(12) for _ in range(20 - k)]
    colours = style.group_colours(sides)
    assert list(colours) == [f"g{k:02d}" for k in range(7)] + ["other", "unknown"]
    assert len(set(colours.values())) == 9  # 8 distinct colours and the grey of "unknown"
    with style.groups(colours):
        assert style.side_key("g11") == "other"
        assert style.side_key("g00") == "g00"
        assert style.side_color("g11") == colours["other"]
        assert style.side_order(["g11", "unknown", "g03", "g00"]) == ["g00", "g03", "other", "unknown"]
    assert style.side_key("g11") == "g11"  # the mapping holds only inside the block


def test_colours_do_not_depend_on_order_of_the_documents():
    sides = ["x"] * 3 + ["y"] * 3 + ["z"]
    assert style.group_colours(sides) == style.group_colours(list(reversed(sides)))


def test_a_group_outside_the_mapping_is_other_and_ordered_before_unknown():
    with style.groups(style.group_colours(["india", "russia", "russia"])):
        assert style.side_order(["unknown", "belarus", "india", "russia"]) == [
            "india",
            "russia",
            "other",
            "unknown",
        ]
        assert style.side_color("belarus") == style.OKABE_ITO["black"]
