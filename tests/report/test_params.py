"""params.SPEC owns the defaults: every notebook's parameters cell agrees with it."""

import pytest

from corpus_utils.errors import CorpusError
from corpus_utils.report import params, runner

DECLARED = runner.declared(runner.notebooks())


@pytest.mark.parametrize("notebook", sorted(DECLARED))
def test_parameters_cell_defaults_agree_with_the_spec(notebook):
    for name, value in DECLARED[notebook].items():
        assert name in params.SPEC, f"{notebook} declares {name!r}, which params.SPEC lacks"
        assert value == params.SPEC[name].default, (
            f"{notebook}: {name} = {value!r}, SPEC says {params.SPEC[name].default!r}"
        )


def test_the_parameters_read_are_papermills(tmp_path):
    import ast

    import nbformat
    import papermill

    for nb in runner.notebooks():
        theirs = {n: ast.literal_eval(p["default"]) for n, p in papermill.inspect_notebook(str(nb)).items()}
        assert DECLARED[nb.stem] == theirs and list(DECLARED[nb.stem]) == list(theirs), nb.stem
    # a notebook without a parameters cell declares nothing; an annotation without a value is not one
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(bare, str(tmp_path / "01_bare.ipynb"))
    typed = nbformat.v4.new_code_cell("a: int\nb: int = 2  # two\nc = [1, 'x']")
    typed.metadata["tags"] = ["parameters"]
    nbformat.write(nbformat.v4.new_notebook(cells=[typed]), str(tmp_path / "02_typed.ipynb"))
    assert runner.declared(runner.notebooks(tmp_path)) == {"01_bare": {}, "02_typed": {"b": 2, "c": [1, "x"]}}


def test_every_parameter_is_used_by_a_notebook_and_its_default_is_valid():
    used = {name for names in DECLARED.values() for name in names}
    assert sorted(set(params.SPEC) - used) == []
    for name, value in params.defaults().items():
        assert params.check(name, value) == value


def test_defaults_are_fresh_copies():
    first = params.defaults()
    first["outlets"].append("x")
    assert params.defaults()["outlets"] == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("year_min", 1599, "out of range; use 1600"),
        ("min_count", 0, "out of range"),
        ("claims_scope", "everything", "is not one of bilateral"),
        ("outlets", "PIB", "must be list"),
        ("nope", 1, "unknown parameter 'nope'"),
    ],
)
def test_bad_values_get_one_line(name, value, message):
    with pytest.raises(CorpusError, match=message):
        params.check(name, value)
