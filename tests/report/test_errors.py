"""A CorpusError shows as one line in a notebook, not as a traceback."""

import nbformat
import pytest
from nbclient import NotebookClient


@pytest.mark.slow
def test_corpus_error_in_a_kernel_is_one_line(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from corpus_utils.errors import CorpusError\n"
            'def deep():\n    raise CorpusError("tables/keyness.parquet is missing: run 03 first")\n'
            "deep()"
        )
    )
    client = NotebookClient(nb, kernel_name="python3", timeout=60, allow_errors=True)
    client.execute(cwd=str(tmp_path))
    (out,) = nb.cells[0].outputs
    assert out.output_type == "error"
    assert out.traceback == ["CorpusError: tables/keyness.parquet is missing: run 03 first"]
