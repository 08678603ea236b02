"""The study's parameters: names, types, defaults and ranges, in one place.

The notebooks declare the parameters they use in their tagged ``parameters`` cell; the runner
checks every value given on the command line against this table before any notebook runs, and
each notebook checks its values again (so a run from JupyterLab is checked too).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import CorpusError


@dataclass(frozen=True)
class Param:
    kind: type | tuple[type, ...]
    help: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    default: Any = (
        None  # the one place defaults live; every notebook's parameters cell agrees (a test checks)
    )


THIS_YEAR = dt.date.today().year
SPEC: dict[str, Param] = {
    "corpus": Param(
        str, "folder of .txt files, one .txt file, or a .csv/.jsonl/.parquet table", default="seeds"
    ),
    "year_min": Param(
        (int, type(None)), "first year analysed (None: the corpus's first)", 1600, THIS_YEAR, default=None
    ),
    "year_max": Param(
        (int, type(None)), "last year analysed (None: the corpus's last)", 1600, THIS_YEAR, default=None
    ),
    "outlets": Param(list, "only these outlets (empty list: all)", default=[]),
    "watch_terms": Param(
        (list, type(None)),
        "terms followed through the corpus (KWIC, dispersion); None: chosen (explore.watch)",
        default=None,
    ),
    "out": Param(str, "output folder (tables/, figures/, findings/)", default="outputs"),
    "watch_phrases": Param(
        (list, str, type(None)),
        "formulae to follow (a list, or a text file with one per line); None: chosen (explore.watch)",
        default=None,
    ),
    "min_count": Param(int, "minimum occurrences of a phrase", 1, 1_000_000, default=2),
    "min_docs": Param(int, "minimum documents holding a phrase", 1, 1_000_000, default=1),
    "min_docs_compare": Param(
        int,
        "documents a year or side needs before keyness claims a significant difference",
        1,
        1_000_000,
        default=3,
    ),
    "ngram_max": Param(int, "longest phrase in words", 1, 5, default=5),
    "period": Param(
        int,
        "years per keyness period: 1 compares each year with the rest, 5 five-year periods (1990-1994)",
        1,
        100,
        default=1,
    ),
    "reuse_min_words": Param(int, "shortest recycled passage in words", 4, 1000, default=8),
    "codebook": Param(str, "themes codebook CSV (empty: the shipped one)", default=""),
    "actors": Param(str, "actors table CSV (empty: the shipped one)", default=""),
    # how to read the corpus (empty string: not given); see load_corpus
    "text_col": Param(str, "table column holding the text (empty: 'text')", default=""),
    "date_col": Param(
        str, "table column holding the date (empty: 'date' when the table has one)", default=""
    ),
    "id_col": Param(
        str, "table column holding unique document ids (empty: table name and row number)", default=""
    ),
    "title_col": Param(str, "table column holding the title (empty: read from the text)", default=""),
    "outlet_col": Param(str, "table column holding the outlet (empty: read from the text)", default=""),
    "group_col": Param(
        str, "table column holding the document's group, its side (empty: from the text)", default=""
    ),
    "speaker_col": Param(str, "table column holding the document's speaker (empty: unknown)", default=""),
    "filename_pattern": Param(
        str,
        "folder: regex with named groups date, year, outlet, group, speaker, title for file paths",
        default="",
    ),
    "metadata": Param(
        str, "folder: CSV or Parquet table keyed by file or doc_id (date, outlet, group, ...)", default=""
    ),
    "claims_scope": Param(
        str,
        "claims in the theme, recurrence and chart tables: bilateral (no third country a party), third_country or all",
        choices=("bilateral", "third_country", "all"),
        default="bilateral",
    ),
    "engine": Param(
        str, "where the work runs: local, dask (a local cluster) or tcp://HOST:PORT", default="local"
    ),
    "engine_wait": Param(int, "seconds to wait for the Dask scheduler's first worker", 0, 86_400, default=60),
}
LOAD_PARAMS = (
    "text_col",
    "date_col",
    "id_col",
    "title_col",
    "outlet_col",
    "group_col",
    "speaker_col",
    "filename_pattern",
    "metadata",
)


def defaults() -> dict[str, Any]:
    """Every parameter's default (a fresh copy: lists may be changed by the caller)."""
    return {name: copy.deepcopy(spec.default) for name, spec in SPEC.items()}


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join("None" if k is type(None) else k.__name__ for k in kinds)


def check(name: str, value: Any, *, valid: list[str] | None = None) -> Any:
    """Check one value; returns it (ints given as floats with no fraction become ints)."""
    valid = valid if valid is not None else sorted(SPEC)
    if name not in SPEC or name not in valid:
        raise CorpusError(f"unknown parameter {name!r}; valid parameters: {', '.join(sorted(valid))}")
    spec = SPEC[name]
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    if isinstance(value, float) and int in kinds and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, kinds):
        hint = " (give lists in YAML: -p NAME '[a, b]' or -f params.yaml)" if list in kinds else ""
        raise CorpusError(
            f"parameter {name!r} must be {_type_name(spec.kind)}, got {type(value).__name__} {value!r}{hint}"
        )
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        raise CorpusError(f"parameter {name!r} must be a list of strings, got {value!r}")
    if spec.choices and value not in spec.choices:
        raise CorpusError(f"parameter {name!r} = {value!r} is not one of {', '.join(spec.choices)}")
    if isinstance(value, int) and spec.minimum is not None and not spec.minimum <= value <= spec.maximum:
        raise CorpusError(f"parameter {name!r} = {value} is out of range; use {spec.minimum}..{spec.maximum}")
    if name == "engine":
        from ..engine.client import parse

        parse(value)
    return value


def check_all(values: dict[str, Any], *, valid: list[str] | None = None) -> dict[str, Any]:
    """Check a set of values, including ``year_min <= year_max``."""
    out = {name: check(name, value, valid=valid) for name, value in values.items()}
    lo, hi = out.get("year_min"), out.get("year_max")
    if lo is not None and hi is not None and lo > hi:
        raise CorpusError(
            f"parameter 'year_min' ({out['year_min']}) is after 'year_max' ({out['year_max']}); swap them"
        )
    return out
