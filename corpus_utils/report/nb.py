"""What every notebook does around its analysis: check parameters, load the corpus, show tables,
figures and findings as escaped HTML, and write tables, figures and findings under ``out``.

Corpus text is untrusted. Everything shown here goes through ``html.escape`` or through
``DataFrame.to_html(escape=True)``; notebooks should display corpus-derived content only with these
helpers, never with ``IPython.display.HTML``/``Markdown`` on raw strings.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, display

from .. import csvout
from ..corpus import selection, store
from ..corpus.load import load_corpus
from ..errors import CorpusError
from ..explore.watch import watch_lists
from ..paths import resolve
from . import params as params_mod

TABLE_FLOAT_FORMAT = "%.6g"
OUT_LABEL = "CORPUS_REPORT_OUT"  # set by the runner: the output folder to name in reports


@dataclass
class Context:
    """Parameters in force and the output folders of one notebook run."""

    params: dict[str, Any]
    notebook: str
    out: Path
    groups: dict[str, str] = field(default_factory=dict)  # group -> colour, set by ``load``

    @property
    def tables(self) -> Path:
        return self.out / "tables"

    @property
    def figures(self) -> Path:
        return self.out / "figures"

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


def setup(notebook: str, **values: Any) -> Context:
    """Check the parameters, create the output folders and print the parameters in force."""
    checked = params_mod.check_all(values)
    out = resolve(checked.get("out", "outputs"))
    for sub in ("tables", "figures", "findings"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    ctx = Context(checked, notebook, out)
    if checked.get("engine", "local") != "local":  # connect now: a missing cluster fails here, in one line
        from ..engine import executor

        executor(checked["engine"], wait=checked.get("engine_wait", 60))
    shown = dict(checked)
    if "out" in shown and os.environ.get(OUT_LABEL):  # the runner builds in a temporary folder
        shown["out"] = os.environ[OUT_LABEL]
    rows = [
        (k, json.dumps(v, ensure_ascii=False) if isinstance(v, list) else str(v)) for k, v in shown.items()
    ]
    show(pd.DataFrame(rows, columns=["parameter", "value"]), caption="Parameters in force")
    return ctx


def load(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every input row, the selected documents) for this run's parameters (``selection.select``),
    and a note of the years in force: the corpus's own first or last year where a bound is None."""
    p = ctx.params  # an empty string means "not given"
    options = {name: p.get(name) or None for name in params_mod.LOAD_PARAMS}
    everything = corpus(
        resolve(ctx["corpus"]), options, folder=ctx.out / "corpus", engine=p.get("engine") or "local"
    )
    year_min, year_max = ctx.params.get("year_min"), ctx.params.get("year_max")
    selected = selection.select(
        everything, year_min=year_min, year_max=year_max, outlets=ctx.params.get("outlets", [])
    )
    note(years_note(everything, selected, year_min=year_min, year_max=year_max))
    note(groups_note(selected))
    from ..charts import style  # one fixed colour per group for every chart of this run

    ctx.groups = style.group_colours(selected["side"])
    return everything, selected


def selected(ctx: Context) -> pd.DataFrame:
    """The selected documents of ``load``, without the table of every input row (notebooks after
    01 need no other: at 100,000 documents that table is half a gigabyte a kernel)."""
    return load(ctx)[1]


def watch(ctx: Context, docs: pd.DataFrame) -> tuple[list[str], list[str] | str]:
    """(watch_terms, watch_phrases) in force for the selected ``docs``: the parameters as given, or,
    where None, the seeds' lists or the corpus's own (``explore.watch``); a note says which. A
    notebook without a ``watch_phrases`` parameter follows no phrases ([])."""
    terms, phrases, text = watch_lists(
        docs,
        source=ctx.params.get("corpus"),
        watch_terms=ctx.params.get("watch_terms"),
        watch_phrases=ctx.params.get("watch_phrases"),
        phrases="watch_phrases" in ctx.params,
    )
    note(text)
    return terms, phrases


def corpus(source: Path, options: dict[str, Any], *, folder: Path, engine: str = "local") -> pd.DataFrame:
    """The loaded corpus, loaded once per run: ``folder/corpus.parquet`` when its key (the loader's
    version, its options and the inputs' fingerprint) matches, else ``load_corpus`` saved there.
    Notebook 01 loads and saves it; the notebooks after it read it (``corpus.store``). ``engine``
    (where it is loaded) is not part of the key: every engine gives the same table."""
    path = folder / "corpus.parquet"
    table = resolve(options["metadata"]) if options.get("metadata") else None
    key = store.key(store.fingerprint(source, metadata=table), options)
    if store.stored_key(path) == key:
        return store.read(path)
    loaded = load_corpus(source, **options, engine=engine)
    store.save(loaded, path, cache_key=key)
    return loaded


def groups_note(selected: pd.DataFrame) -> str:
    """ "Groups (side): india 3, russia 2." -- the groups found in the selected documents, largest
    first (ties by name), with their documents; missing or blank groups count as "unknown"."""
    sides = selected["side"].astype("string").str.strip().str.lower().replace("", pd.NA).fillna("unknown")
    counts = sides.value_counts()
    order = sorted(counts.index, key=lambda g: (-counts[g], g))
    if not order:
        return "Groups (side): none (no document selected)."
    shown = ", ".join(f"{g} {counts[g]:,}" for g in order[:20])
    more = f" and {len(order) - 20} more" if len(order) > 20 else ""
    return f"Groups (side), documents each: {shown}{more}."


def years_note(
    everything: pd.DataFrame, selected: pd.DataFrame, *, year_min: int | None, year_max: int | None
) -> str:
    """ "Years in force: 2018-2023 (...)", with the included documents the selection left out."""
    lo, hi = selection.years(everything, year_min=year_min, year_max=year_max)
    if lo is None or hi is None:
        text = "Years in force: none (no included document has a date)"
    else:
        own = [name for name, v in (("year_min", year_min), ("year_max", year_max)) if v is None]
        text = f"Years in force: {lo}\u2013{hi}" if lo != hi else f"Years in force: {lo}"
        if own:
            text += f" ({' and '.join(own)} not set: the corpus's own range)"
    left_out = int(everything["included"].fillna(False).astype(bool).sum()) - len(selected)
    if left_out:
        text += f"; {left_out:,} included document(s) outside the years or outlets left out"
    return text + "."


# ---------------------------------------------------------------- display (always escaped)
def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def show(df: pd.DataFrame, *, max_rows: int = 25, caption: str = "", table: str = "") -> None:
    """Display a table as escaped HTML, capped at ``max_rows`` (the full table is in tables/)."""
    shown = df.head(max_rows)
    parts = []
    if caption:
        parts.append(f"<p><strong>{esc(caption)}</strong></p>")
    parts.append(
        shown.to_html(
            index=False,
            escape=True,
            na_rep="",
            border=0,
            classes="cu-table",
            float_format=lambda x: f"{x:.4g}",
        )
    )
    if len(df) > max_rows or table:
        note = f"Showing {len(shown)} of {len(df)} rows." if len(df) > max_rows else f"{len(df)} rows."
        if table:
            note += f" Full table: tables/{table}.csv"
        parts.append(f"<p><em>{esc(note)}</em></p>")
    display(HTML("\n".join(parts)))


def note(text: str) -> None:
    """A short escaped note for the reader."""
    display(HTML(f"<p><em>{esc(text)}</em></p>"))


def bullets(items: Iterable[str], *, heading: str = "") -> None:
    head = f"<p><strong>{esc(heading)}</strong></p>" if heading else ""
    display(HTML(head + "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"))


def findings(ctx: Context, items: list[str]) -> list[str]:
    """Show the notebook's findings and write them to ``findings/<notebook>.json`` for the index,
    once the figures they describe are written (``figure`` leaves the PNGs to a second process)."""
    from ..engine import processes

    processes.finish_background()
    items = [str(i) for i in items] or ["No finding: the selected corpus is empty."]
    bullets(items, heading="Findings")
    (ctx.out / "findings" / f"{ctx.notebook}.json").write_text(
        json.dumps({"notebook": ctx.notebook, "findings": items}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return items


# ---------------------------------------------------------------- files (deterministic)
def save_table(ctx: Context, df: pd.DataFrame, name: str) -> Path:
    """Write ``tables/<name>.csv``: UTF-8, '\\n' line ends, fixed float format, no index, text cells
    that a spreadsheet would run as formulas quoted (``csvout``); and ``tables/<name>.parquet`` beside
    it with the types and the raw text intact, which later notebooks read (``read_table``)."""
    path = ctx.tables / f"{name}.csv"
    out = df.copy(deep=False)  # copy-on-write: only the date columns below are new
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    df.to_parquet(ctx.tables / f"{name}.parquet", index=False)  # types intact, raw text: what 05 reads
    return csvout.write(out, path, float_format=TABLE_FLOAT_FORMAT)


def read_table(ctx: Context, name: str, *, made_by: str) -> pd.DataFrame:
    """A table an earlier notebook saved (``tables/<name>.parquet``, types intact), so no analysis
    runs twice in a run; when it is missing, one line says which notebook to run first."""
    return pd.read_parquet(_made(ctx, ctx.tables / f"{name}.parquet", made_by))


def _made(ctx: Context, path: Path, made_by: str) -> Path:
    """``path``, which notebook ``made_by`` writes; a one-line error naming it when it is missing."""
    if not path.is_file():
        raise CorpusError(
            f"{path.parent.name}/{path.name} is missing in '{os.environ.get(OUT_LABEL) or ctx.out}': run "
            f"notebook {made_by} first (or the whole report with corpus-report)"
        )
    return path


def figure(
    ctx: Context,
    make: Callable[[], Any],
    name: str,
    *,
    caption: str,
    data: pd.DataFrame | None = None,
) -> str:
    """Draw a chart, save it under figures/ (PNG 300 dpi, SVG, CSV, and its title, caption and alt
    text as JSON) and show it embedded with its caption and alt text. When the data cannot support
    the chart, show the reason instead (and record it in the JSON).
    Returns the chart's title (which states its finding) or the reason there is no chart. Each
    figure is drawn once, by the notebook that computes its data; notebook 05 shows the saved set
    (``saved_figure``)."""
    from .. import charts  # imported here: matplotlib set-up only where figures are drawn
    from ..charts import style

    try:
        with style.groups(ctx.groups) if ctx.groups else contextlib.nullcontext():
            fig = make()
    except charts.NoChart as why:
        for ext in ("png", "svg", "csv"):  # an earlier run's chart of this name no longer holds
            (ctx.figures / f"{name}.{ext}").unlink(missing_ok=True)
        _describe(ctx, name, caption=caption, no_chart=str(why))
        return _no_chart(name, str(why))
    alt = charts.alt_text(fig)
    paths = charts.save(fig, name, folder=ctx.figures, data=data, background=True)
    title = charts.title(fig)
    _describe(ctx, name, caption=caption, alt=alt, title=title)
    svg = paths["svg"].read_bytes()  # embed the saved SVG: no second rendering
    _show_svg(svg, alt=alt, caption=caption)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return title


def saved_figure(ctx: Context, name: str, *, made_by: str) -> str:
    """Show a figure that notebook ``made_by`` drew and saved with ``figure``: its SVG with caption
    and alt text, or the reason it has no chart. Returns its title or that reason, as ``figure``
    does. When it is missing, one line says which notebook to run first."""
    info = json.loads(_made(ctx, ctx.figures / f"{name}.json", made_by).read_text(encoding="utf-8"))
    if "no_chart" in info:
        return _no_chart(name, info["no_chart"])
    svg = _made(ctx, ctx.figures / f"{name}.svg", made_by).read_bytes()
    _show_svg(svg, alt=info["alt"], caption=info["caption"])
    return info["title"]


def _describe(ctx: Context, name: str, **info: str) -> None:
    """figures/NAME.json: which notebook drew the figure, its caption, and its title and alt text
    or why there is no chart."""
    (ctx.figures / f"{name}.json").write_text(
        json.dumps({"name": name, "notebook": ctx.notebook, **info}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def _no_chart(name: str, why: str) -> str:
    display(HTML(f'<div class="cu-nochart"><p><strong>No chart ({esc(name)}):</strong> {esc(why)}</p></div>'))
    return f"No chart {name}: {why}"


def _show_svg(svg: bytes, *, alt: str, caption: str) -> None:
    # an <img> with a data URI: the SVG cannot run scripts there, and the report stays one file
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    display(
        HTML(
            f'<figure class="cu-figure"><img src="{data_uri}" alt="{esc(alt)}" style="max-width:100%">'
            f"<figcaption>{esc(caption)}</figcaption></figure>"
        )
    )


def side_by_side(
    rows: Iterable[tuple[str, str, str]],
    *,
    headings: tuple[str, str, str] = ("", "earlier", "later"),
) -> None:
    """Show pairs of passages side by side. Each row is (label, html_a, html_b): ``label`` is plain
    text (escaped here); ``html_a``/``html_b`` must already be escaped HTML fragments, such as
    those of ``alignment.diff_html`` (which escapes all text and only adds <del>/<ins>)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headings)
    body = "".join(f"<tr><td>{esc(label)}</td><td>{a}</td><td>{b}</td></tr>" for label, a, b in rows)
    display(
        HTML(
            f'<table class="cu-pairs"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            "<style>.cu-pairs td{vertical-align:top;max-width:40em} .cu-pairs del{background:#fdd;}"
            " .cu-pairs ins{background:#dfd;text-decoration:none}</style>"
        )
    )
