"""HTML export: nbconvert's page, made without its BeautifulSoup pass (``export.accessible``)."""

from __future__ import annotations

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from corpus_utils.report import export


def test_accessible_marks_what_nbconvert_marks_and_nothing_else():
    html = (
        '<div class="jp-Cell-inputWrapper"><div class="jp-InputArea"></div></div>'
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">x</div>'
        '<div id="d1" class="jupyter-widgets jp-OutputArea-output ">y</div>'
        '<div class="jp-OutputArea-output-prompt">z</div>'
        '<img src="data:image/png;base64,AA"><img alt="a chart" src="x.svg">'
        "<p>&lt;img src=x&gt;</p>"
    )
    out = export.accessible(html)
    assert out.count('tabindex="0"') == 3
    assert '<div class="jp-OutputArea-output-prompt">' in out  # another class, untouched
    assert out.count(f'alt="{export.NO_ALT}"') == 1 and 'alt="a chart"' in out
    assert "<p>&lt;img src=x&gt;</p>" in out  # escaped text is text, not a tag


@pytest.mark.slow
@pytest.mark.parametrize("reader", [True, False])
def test_export_is_nbconverts_page(table_run, reader):
    for path in sorted((table_run / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        ref = HTMLExporter(template_name="offline", extra_template_basedirs=[str(export.TEMPLATES)])
        ref.exclude_input, ref.exclude_input_prompt, ref.exclude_output_prompt = reader, True, True
        ref.embed_images = True
        expected, _ = ref.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        ours = export.notebook_html(path, reader=reader, nb=nb)
        assert "tabindex" in ours
        assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(expected, "html.parser")), (
            path.name
        )
