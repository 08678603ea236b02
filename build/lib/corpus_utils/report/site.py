"""``index.html``: the front page of a run, linking every report, figure and table.

Built from the run folder only (manifest, findings/*.json, figures/*.json, html/, tables/), with
every string escaped, inline CSS and a Content-Security-Policy: it works from the file system
or any static server with no network request.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import nbformat

STUDY_TITLE = "The official language of India–Russia defence cooperation"
STUDY_QUESTION = (
    "How does the official language of the India–Russia defence relationship change over the years: "
    "which phrases recur, mutate, appear or vanish, which passages are recycled, and which claims "
    "does each side make?"
)

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.q{font-size:1.05em;color:#444} .meta{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
.nb{border:1px solid #e3e3e3;border-radius:6px;padding:.6em 1em;margin:.8em 0}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1em}
.figs figure{margin:0;border:1px solid #e3e3e3;border-radius:6px;padding:.5em;background:#fafafa}
.figs img{width:100%;height:auto} figcaption{font-size:.85em;color:#444}
code{background:#f3f3f3;padding:0 .2em}
"""
CSP = (
    "default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)


def _title(nb_path: Path) -> str:
    nb = nbformat.read(str(nb_path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def index(run: Path) -> Path:
    """Write ``run/index.html``."""
    manifest = _json(run / "manifest.json")
    e = escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(STUDY_TITLE)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(STUDY_TITLE)}</h1><p class='q'>{e(STUDY_QUESTION)}</p>",
        f"<p class='meta'>Run on {e(str(manifest.get('run_at', '')))} · corpus <code>{e(str(manifest.get('corpus', '')))}</code>"
        f" · fingerprint <code>{e(str(manifest.get('corpus_fingerprint', ''))[:16])}</code> · "
        f"<a href='manifest.json'>manifest.json</a></p>",
        "<h2>Reports and findings</h2>",
    ]
    status = {n["notebook"]: n for n in manifest.get("notebooks", [])}
    for nb_path in sorted((run / "notebooks").glob("*.ipynb")):
        stem = nb_path.stem
        found = _json(run / "findings" / f"{stem}.json").get("findings", [])
        secs = status.get(stem, {}).get("seconds", "")
        links = [
            f"<a href='html/{e(stem)}.html'>report</a>",
            f"<a href='html/{e(stem)}.full.html'>full version with code</a>",
            f"<a href='notebooks/{e(nb_path.name)}'>executed notebook</a>",
        ]
        parts.append(
            f"<div class='nb' id='{e(stem)}'><h3>{e(_title(nb_path))}</h3><p class='meta'>{e(stem)} · {e(str(secs))} s · "
            + " · ".join(links)
            + "</p>"
        )
        parts.append(
            "<ul>" + "".join(f"<li>{e(str(f))}</li>" for f in found) + "</ul></div>"
            if found
            else "<p class='meta'>No findings recorded.</p></div>"
        )
    figures = sorted((run / "figures").glob("*.png"))
    if figures:
        parts.append("<h2>Figures</h2><div class='figs'>")
        for png in figures:
            meta = _json(png.with_suffix(".json"))
            alt = meta.get("alt") or png.stem
            cap = meta.get("caption") or png.stem
            parts.append(
                f"<figure><a href='figures/{e(png.name)}'><img src='figures/{e(png.name)}' alt='{e(alt)}' loading='lazy' width='480'></a>"
                f"<figcaption><strong>{e(png.stem)}</strong> — {e(cap)} "
                f"(<a href='figures/{e(png.stem)}.svg'>SVG</a>, <a href='figures/{e(png.stem)}.csv'>data</a>)</figcaption></figure>"
            )
        parts.append("</div>")
    tables = sorted((run / "tables").glob("*.csv"))
    if tables:
        parts.append(
            "<h2>Tables</h2><ul>"
            + "".join(f"<li><a href='tables/{e(t.name)}'>{e(t.name)}</a></li>" for t in tables)
            + "</ul>"
        )
    params = manifest.get("parameters", {})
    if params:
        rows = "".join(
            f"<tr><th>{e(str(k))}</th><td><code>{e(json.dumps(v, ensure_ascii=False, default=str))}</code></td></tr>"
            for k, v in sorted(params.items())
        )
        parts.append(f"<h2>Parameters</h2><table>{rows}</table>")
    versions = manifest.get("versions", {})
    if versions:
        parts.append(
            "<h2>Software</h2><p class='meta'>"
            + ", ".join(f"{e(k)} {e(str(v))}" for k, v in versions.items())
            + "</p>"
        )
    parts.append("</body></html>\n")
    path = run / "index.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
