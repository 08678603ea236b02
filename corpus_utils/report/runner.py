"""``corpus-report``: run the notebook sequence with papermill and export the reports.

    corpus-report --corpus seeds --out outputs -p year_min 2020 -f params.yaml

Every ``notebooks/NN_*.ipynb`` runs in number order in one process (kernel ``python3`` of this
environment), each parameter going to every notebook that declares it. Values are checked before
anything runs. The run is built in a temporary folder beside ``--out`` and moved into place only
when every notebook succeeded, so a failed or interrupted run leaves the previous outputs whole.
HTML export uses nbconvert's Python API with an offline template (no CDN scripts).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import yaml

from ..errors import CorpusError
from ..paths import NOTEBOOKS_DIR, resolve
from . import params as params_mod

PACKAGES = [
    "corpus-utils",
    "pandas",
    "numpy",
    "matplotlib",
    "nltk",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "scipy",
    "rapidfuzz",
    "pyarrow",
]


PATH_PARAMS = ("corpus", "codebook", "actors", "watch_phrases")  # a str watch_phrases is a file


class NotebookFailed(RuntimeError):
    pass


def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    found = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise CorpusError(f"no notebooks named NN_*.ipynb in '{folder}'")
    return found


def declared(nbs: list[Path]) -> dict[str, dict[str, Any]]:
    """The parameters each notebook declares (name -> default), read from its tagged cell."""
    import papermill

    return {
        nb.stem: {
            name: ast.literal_eval(p["default"]) for name, p in papermill.inspect_notebook(str(nb)).items()
        }
        for nb in nbs
    }


def _yaml_value(name: str, text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        raise CorpusError(f"parameter {name!r}: value {text!r} is not valid YAML") from None


def gather(args: argparse.Namespace, valid: list[str]) -> dict[str, Any]:
    """Parameters from -f, then -p, then --corpus/--out; checked against the spec."""
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
    # kernels run in the project root: hand them absolute paths, resolved where the user stands
    for name in PATH_PARAMS:
        value = checked.get(name)
        if isinstance(value, str) and value:
            path = resolve(value)
            if not path.exists():
                what = (
                    "a folder of .txt files, a .txt file, or a table"
                    if name == "corpus"
                    else "an existing file"
                )
                raise CorpusError(f"{name} path '{value}' does not exist; give {what}")
            checked[name] = str(path)
    return checked


def fingerprint(corpus: str) -> str:
    """SHA-256 over the corpus files' relative paths and bytes (a folder) or the file's bytes."""
    path = resolve(corpus)
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in files:
        h.update((p.relative_to(path).as_posix() if path.is_dir() else p.name).encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for pkg in PACKAGES:
        try:
            out[pkg] = importlib_metadata.version(pkg)
        except importlib_metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _kernel_manager_class(socket_dir: str):
    """Kernels talk to the runner over Unix sockets in a private folder: no TCP ports to race
    for when notebooks run side by side, and nothing readable by other users of the machine."""
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(Path(socket_dir) / "kernel")

    return IpcKernelManager


def execute(nb: Path, dest: Path, parameters: dict[str, Any], *, timeout: int, socket_dir: str) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(nb),
            str(dest),
            parameters=parameters,
            kernel_name="python3",
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            cwd=str(Path.cwd()),  # every path handed to the kernel is absolute
            request_save_on_cell_execute=False,
            kernel_manager_class=_kernel_manager_class(socket_dir),
            # the kernel's own log (e.g. "KeyboardInterrupt caught" at shutdown) is
            # noise on the console; errors in cells are in the notebook and the exit line
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        raise NotebookFailed(
            f"{exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}"
        ) from None
    except Exception as exc:  # noqa: BLE001 - kernel death, timeout: one line, notebook named by caller
        raise NotebookFailed(
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        ) from None


def _longest_first(plans: list, out: Path) -> list:
    """Start the slowest notebooks first (seconds from the previous run's manifest, else the
    later, heavier notebooks first), so that two workers finish together."""
    try:
        before = {
            n["notebook"]: n["seconds"] for n in json.loads((out / "manifest.json").read_text())["notebooks"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        before = {}
    return sorted(plans, key=lambda plan: (-before.get(plan[0].stem, 0.0), plan[0].stem), reverse=not before)


def _execute_all(
    nbs: list[Path],
    decl: dict[str, dict[str, Any]],
    user: dict[str, Any],
    build: Path,
    out: Path,
    manifest: dict[str, Any],
    *,
    timeout: int,
    jobs: int,
) -> str:
    """Run the notebooks, ``jobs`` at a time (each in its own kernel; they share no state).
    Returns '' on success, else one line naming the failed notebook and its error."""
    import threading
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from . import export

    export_lock = threading.Lock()  # nbconvert's exporters are shared: one export at a time
    socket_dir = tempfile.mkdtemp(prefix="corpus-report-kernels-")
    plans = []
    for nb in nbs:
        given = {k: v for k, v in user.items() if k in decl[nb.stem]}
        given["out"] = str(build)
        manifest["parameters"].update({**decl[nb.stem], **given, "out": str(out)})
        plans.append((nb, given))

    def one(plan):
        nb, given = plan
        t0 = time.perf_counter()
        dest = build / "notebooks" / nb.name
        try:
            own = Path(socket_dir) / nb.stem  # one folder per kernel: no two kernels share a socket name
            own.mkdir()
            execute(nb, dest, given, timeout=timeout, socket_dir=str(own))
            seconds = time.perf_counter() - t0
            with export_lock:  # export while the other notebook still runs
                export.notebook_reports(dest, build / "html")
            return nb, dest, seconds, ""
        except NotebookFailed as exc:
            return nb, dest, time.perf_counter() - t0, str(exc)

    failure = ""
    try:
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            futures = [pool.submit(one, plan) for plan in _longest_first(plans, out)]
            for i, future in enumerate(as_completed(futures), start=1):
                if future.cancelled():  # not started: an earlier notebook failed
                    continue
                nb, dest, seconds, error = future.result()
                status = "ok" if not error else "FAILED"
                print(f"[{i}/{len(nbs)}] {nb.stem}: {status} ({seconds:.1f} s)", flush=True)
                manifest["notebooks"].append(
                    {"notebook": nb.stem, "status": status, "seconds": round(seconds, 2)}
                )
                if error and not failure:
                    kept = out.parent / f"{out.name}-failed" / nb.name
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    if dest.exists():
                        shutil.copy2(dest, kept)
                    failure = f"notebook {nb.name} failed: {error} (executed copy kept at {kept})"
                    for f in futures:
                        f.cancel()
        manifest["notebooks"].sort(key=lambda n: n["notebook"])
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
    return failure


def run(args: argparse.Namespace) -> int:
    nbs = notebooks()
    decl = declared(nbs)
    valid = sorted({name for names in decl.values() for name in names})
    user = gather(args, valid)
    out = Path(args.out).expanduser().resolve()  # an output folder is where the user stands
    out.parent.mkdir(parents=True, exist_ok=True)
    os.environ["CORPUS_REPORT_OUT"] = str(out)  # kernels inherit it: reports name the real folder
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    started = time.time()
    manifest: dict[str, Any] = {"parameters": {}, "notebooks": [], "versions": _versions()}
    try:
        (build / "notebooks").mkdir()
        failure = _execute_all(nbs, decl, user, build, out, manifest, timeout=args.timeout, jobs=args.jobs)
        if failure:
            print(f"corpus-report: error: {failure}", file=sys.stderr)
            return 1
        corpus = manifest["parameters"].get("corpus", "seeds")
        manifest.update(
            corpus=str(corpus),
            corpus_fingerprint=fingerprint(corpus),
            run_at=time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            seconds_total=round(time.time() - started, 2),
        )
        from . import site

        (build / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
        site.index(build)
        _swap(build, out)
        failed = out.parent / f"{out.name}-failed"
        if failed.exists():
            shutil.rmtree(failed)
    finally:
        if build.exists():
            shutil.rmtree(build, ignore_errors=True)
    print(f"done in {time.time() - started:.1f} s: {out / 'index.html'}")
    return 0


def _swap(build: Path, out: Path) -> None:
    """Move the finished build into place; the previous outputs are removed only afterwards."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{build.name.rsplit('-', 1)[-1]}"
        out.rename(old)
    build.rename(out)
    keep = old / "README.md" if old else None
    if keep and keep.exists():
        shutil.copy2(keep, out / "README.md")
    if old:
        shutil.rmtree(old, ignore_errors=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="corpus-report",
        description="Run the notebook sequence and export HTML reports, figures and tables.",
    )
    p.add_argument(
        "--corpus",
        help="folder of .txt files, a .txt file, or a .csv/.jsonl/.parquet table (default: seeds)",
    )
    p.add_argument("--out", default="outputs", help="output folder (default: outputs/)")
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a parameter (YAML value)",
    )
    p.add_argument("-f", "--file", help="YAML file of parameters (use it for lists)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    p.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="notebooks run side by side (default: 2, or 1 on a one-core machine)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # nbformat's validator loads jsonschema, whose optional URI-format checker builds a parser
    # grammar at import (over a second). No notebook here carries URI formats to check: skip it.
    sys.modules.setdefault("rfc3987_syntax", None)
    try:
        return run(args)
    except CorpusError as exc:
        print(f"corpus-report: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ncorpus-report: interrupted; previous outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
