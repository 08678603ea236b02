"""HTML reports from executed notebooks, in one process with nbconvert's Python API.

For each notebook two files: ``html/NN_name.html`` (reader version: no code) and
``html/NN_name.full.html`` (code and outputs). The ``offline`` template drops the require.js,
MathJax and Mermaid scripts the lab template loads from CDNs and adds a Content-Security-Policy
that blocks every script and every network load; figures are embedded as data URIs.

nbconvert's ``HTMLExporter`` ends each export by parsing the whole page again with BeautifulSoup's
pure-Python parser, only to add ``alt`` text to images without one and ``tabindex="0"`` to input
and output areas: half the time of an export, and on the seeds a tenth of the CPU time of the whole
run. ``Offline`` makes the same two additions with two regular expressions over the tags the lab
template writes (``accessible``); the page is otherwise the template's output as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


NO_ALT = "No description has been provided for this image"  # nbconvert's own words
# the tags of the lab template that nbconvert makes focusable: the input wrapper of a cell, and an
# output area (its class list, then its attributes: a div of a notebook's own HTML output is kept
# as it is unless it names that class itself, as nbconvert's selector would find it too)
_FOCUSABLE = re.compile(
    r'(<div(?: id="[^"<>]*")? class="(?:jp-Cell-inputWrapper|(?:[^"<>]*\s)?jp-OutputArea-output(?:\s[^"<>]*)?)")'
)
_IMG_NO_ALT = re.compile(r"<img\b(?![^<>]*\balt=)")


def accessible(html: str) -> str:
    """``html`` with what nbconvert's BeautifulSoup pass adds: ``tabindex="0"`` on each input
    wrapper and output area, and ``alt`` text on each image that has none."""
    return _IMG_NO_ALT.sub(f'<img alt="{NO_ALT}"', _FOCUSABLE.sub(r'\1 tabindex="0"', html))


@lru_cache(maxsize=1)
def _offline_class() -> type:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Offline(HTMLExporter):
        """``HTMLExporter`` whose last step is ``accessible`` instead of a BeautifulSoup pass."""

        def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any) -> tuple[str, dict]:
            lang = nb.metadata.get("language_info", {})  # as HTMLExporter.from_notebook_node
            lexer = lang.get("pygments_lexer", lang.get("name", None))
            self.register_filter(
                "highlight_code",
                self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

    return Offline


@lru_cache(maxsize=2)
def exporter(reader: bool):
    exp = _offline_class()(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
    exp.exclude_input = reader
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    exp.embed_images = True
    return exp


def notebook_html(nb_path: Path, *, reader: bool, nb: nbformat.NotebookNode | None = None) -> str:
    """One HTML version of the executed notebook ``nb_path`` (``nb``: that notebook, already read)."""
    if nb is None:
        nb = nbformat.read(str(nb_path), as_version=4)
    if nb.metadata.get("papermill", {}).get("exception"):
        raise ValueError(f"{nb_path.name} carries an execution error; it is never exported")
    body, _ = exporter(reader).from_notebook_node(nb, resources={"metadata": {"name": nb_path.stem}})
    return body


def notebook_reports(nb_path: Path, folder: Path) -> list[Path]:
    """Write the reader and full HTML versions of one executed notebook into ``folder``."""
    folder.mkdir(exist_ok=True)
    nb = nbformat.read(str(nb_path), as_version=4)  # once: the exporter works on a copy
    written = []
    for reader, suffix in ((True, ".html"), (False, ".full.html")):
        dest = folder / f"{nb_path.stem}{suffix}"
        dest.write_text(notebook_html(nb_path, reader=reader, nb=nb), encoding="utf-8")
        written.append(dest)
    return written
