"""The command line (``parser``) and its values, checked before anything is read or run: options (``--jobs``,
``--timeout``, ``--out``), parameters from ``-f`` and ``-p`` against ``params.SPEC``, paths resolved
where the user stands, and how to read the corpus checked against the corpus itself."""

from __future__ import annotations

import argparse
from typing import Any

import yaml

from .. import memory
from ..errors import CorpusError
from ..paths import resolve
from . import params as params_mod
from . import schedule

PATH_PARAMS = ("corpus", "codebook", "actors", "watch_phrases", "metadata")  # a str watch_phrases is a file
CORPUS_SUFFIXES = (".txt", ".csv", ".jsonl", ".json", ".parquet")  # a --corpus FILE: what the loader reads
CORPUS_KINDS = "a folder of .txt files, a .txt file, or a .csv/.jsonl/.json/.parquet table"


def _yaml_value(name: str, text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        raise CorpusError(f"parameter {name!r}: value {text!r} is not valid YAML") from None


def gather(args: argparse.Namespace, valid: list[str], *, read: bool = True) -> dict[str, Any]:
    """Parameters from -f, then -p, then --corpus/--out; checked against the spec, and with
    ``read`` against the corpus (``check_corpus_options``; the runner does that while its kernels
    start)."""
    values: dict[str, Any] = {}
    if args.file:
        path = resolve(args.file)
        if not path.is_file():
            raise CorpusError(f"parameters file '{args.file}' does not exist")
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise CorpusError(
                f"parameters file '{args.file}' is not valid YAML ({str(exc).splitlines()[0]})"
            ) from None
        if not isinstance(loaded, dict):
            raise CorpusError(f"parameters file '{args.file}' must be a YAML mapping of name: value")
        values.update(loaded)
    for name, text in args.param or []:
        spec = params_mod.SPEC.get(name)
        values[name] = text if spec is not None and spec.kind is str else _yaml_value(name, text)
    if "out" in values:
        raise CorpusError("parameter 'out' is set with --out DIR, not with -p or -f")
    if args.corpus is not None:
        values["corpus"] = args.corpus
    checked = params_mod.check_all({k: v for k, v in values.items()}, valid=valid)
    if "corpus" in checked and not checked["corpus"].strip():
        raise CorpusError(f"parameter 'corpus' is empty; give {CORPUS_KINDS}")
    # kernels run in the project root: hand them absolute paths, resolved where the user stands
    for name in PATH_PARAMS:
        value = checked.get(name)
        if isinstance(value, str) and value:
            path = resolve(value)
            if not path.exists():
                what = CORPUS_KINDS if name == "corpus" else "an existing file"
                raise CorpusError(f"{name} path '{value}' does not exist; give {what}")
            if name == "corpus" and path.is_file() and path.suffix.lower() not in CORPUS_SUFFIXES:
                raise CorpusError(
                    f"corpus file '{value}' is not a corpus ({path.suffix or 'no suffix'}); give {CORPUS_KINDS}"
                )
            checked[name] = str(path)
    if read:
        check_corpus_options(checked)
    return checked


def check_corpus_options(values: dict[str, Any]) -> None:
    """How to read the corpus (columns, file-name pattern, metadata table), checked against the corpus
    before any notebook runs: the loader's own checks on its input listing or table, one line each."""
    from ..corpus import load

    given = {name: values.get(name) or None for name in params_mod.LOAD_PARAMS}
    if "corpus" not in values and not any(given.values()):
        return
    columns = {name: given[name] for name in load.TABLE_OPTIONS}
    load.records(
        values.get("corpus", "seeds"),
        filename_pattern=given["filename_pattern"],
        metadata=given["metadata"],
        columns=columns,
    )
    memory.release()  # the records read for the check: the runner holds nothing while notebooks run


def check_options(args: argparse.Namespace) -> None:
    """The command-line options, checked before anything is read or run."""
    if args.jobs is not None and args.jobs < 1:
        raise CorpusError(f"--jobs must be 1 or more, got {args.jobs}")
    if getattr(args, "max_memory", None) is not None and not args.max_memory > 0:
        raise CorpusError(f"--max-memory must be a number of GB above 0, got {args.max_memory}")
    if args.timeout < 1:
        raise CorpusError(f"--timeout must be 1 second or more, got {args.timeout}")
    if not args.out.strip():
        raise CorpusError("--out is empty; give the folder the reports go to")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="corpus-report",
        description="Run the notebook sequence and export HTML reports, figures and tables.",
    )
    p.add_argument("--corpus", help=f"{CORPUS_KINDS} (default: seeds)")
    p.add_argument(
        "--out",
        default="outputs",
        help="output folder (default: outputs/); a new folder or one an earlier run made",
    )
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a parameter (YAML value)",
    )
    p.add_argument("-f", "--file", help="YAML file of parameters (use it for lists)")
    p.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell (default 3600)")
    p.add_argument(
        "--jobs",
        type=int,
        help="notebooks run side by side (default: 2, or 1 on a one-core machine; fewer when the"
        " corpus is so large that two would not fit in --max-memory)",
    )
    p.add_argument(
        "--max-memory",
        type=float,
        metavar="GB",
        help="memory the notebooks may take together, in GB, when --jobs is not given (default: half"
        " the machine's memory); a large corpus then runs its notebooks one at a time",
    )
    p.add_argument(
        "--fresh-kernels",
        action="store_true",
        help=f"a new kernel for every notebook (default: up to {schedule.REUSE_MAX_DOCS:,} documents, where"
        " start-up costs more than a notebook, a kernel runs one notebook after another, reset between)",
    )
    return p
