"""HTML reports from executed notebooks, in one process with nbconvert's Python API.

For each notebook two files: ``html/NN_name.html`` (reader version: no code) and
``html/NN_name.full.html`` (code and outputs). The ``offline`` template drops the require.js,
MathJax and Mermaid scripts the lab template loads from CDNs and adds a Content-Security-Policy
that blocks every script and every network load; figures are embedded as data URIs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import nbformat

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=2)
def exporter(reader: bool):
    from nbconvert import HTMLExporter

    exp = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
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
