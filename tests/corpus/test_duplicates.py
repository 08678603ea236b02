import pytest

from corpus_utils.corpus import duplicates

A = (
    "The two ministers met in Moscow on Friday to review the supply of spare parts. They agreed to speed up "
    "deliveries of the frigates before the end of the year. The next meeting will be held in New Delhi in spring."
)
B = A.replace("Friday", "Monday")
C = (
    "A different story about the annual summit and its agenda for trade and energy. "
    "They agreed to speed up deliveries of the frigates before the end of the year. Officials gave no details."
)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([A, A.upper()], ["", "a"]),  # exact copy: case and punctuation ignored
        ([A, B], ["", "a"]),  # near copy: one word changed
        ([A, C], ["", ""]),  # one shared sentence is not a copy
        ([A, B, A + " "], ["", "a", "a"]),  # a copy of a copy points at the first copy
        (["", A], ["", ""]),
    ],
)
def test_find(texts, expected):
    ids = ["a", "b", "c"][: len(texts)]
    eligible = [bool(t.strip()) for t in texts]
    assert duplicates.find(texts, ids, eligible=eligible) == expected


def test_precomputed_signatures_give_the_same_answer():
    texts = [A, C, B]
    sigs = [duplicates.signature(t) for t in texts]
    assert (
        duplicates.find(texts, ["a", "c", "b"], signatures=sigs)
        == duplicates.find(texts, ["a", "c", "b"])
        == ["", "", "a"]
    )


def test_bad_similarity():
    with pytest.raises(ValueError, match="similarity must be in"):
        duplicates.find([A], ["a"], similarity=0)
