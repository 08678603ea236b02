"""``corpus-report``: run the notebook sequence with papermill and export the reports.

    corpus-report --corpus seeds --out outputs -p year_min 2020 -f params.yaml

Every ``notebooks/NN_*.ipynb`` runs in number order in one process (kernel ``python3`` of this
environment), each parameter going to every notebook that declares it. Values, options and the
output folder are checked before anything runs (``outdir``: the runner replaces only a folder it
made). The run is built in a temporary folder beside ``--out`` and moved into place only when every
notebook succeeded, so a failed or interrupted run leaves the previous outputs whole; Ctrl-C or
SIGTERM stops the kernels and removes the build at once (``signals``). HTML export uses nbconvert's
Python API with an offline template (no CDN scripts).
"""

from __future__ import annotations

import argparse
import ast
import itertools
import json
import logging
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from ..engine.client import for_run
from ..errors import CorpusError
from ..paths import NOTEBOOKS_DIR, resolve
from . import execution, outdir, schedule, signals, status
from .arguments import check_corpus_options, check_options, gather, parser

PACKAGES = (  # whose versions the manifest records
    "corpus-utils pandas numpy matplotlib nltk papermill nbconvert nbclient ipykernel scipy rapidfuzz pyarrow"
).split()


def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    found = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise CorpusError(f"no notebooks named NN_*.ipynb in '{folder}'")
    return found


def declared(nbs: list[Path]) -> dict[str, dict[str, Any]]:
    """The parameters each notebook declares (name -> default): the assignments of its cell tagged
    ``parameters``, read as papermill reads them, without importing papermill (over a second, before
    the first kernel could start)."""
    out = {}
    for nb in nbs:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        source = "".join(tagged[0]["source"]) if tagged else ""
        out[nb.stem] = {
            node.targets[0].id if isinstance(node, ast.Assign) else node.target.id: ast.literal_eval(
                node.value
            )
            for node in ast.parse(source).body
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
        }
    return out


def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for pkg in PACKAGES:
        try:
            out[pkg] = importlib_metadata.version(pkg)
        except importlib_metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _execute_all(
    plans: list,
    build: Path,
    out: Path,
    manifest: dict[str, Any],
    *,
    run: Run,
    check: Callable[[], None] | None = None,
) -> list[str]:
    """Run the notebooks, ``jobs`` at a time, each in its own kernel, in daemon threads: on an
    interrupt the main thread stops the kernels and returns at once. A notebook starts when the
    notebooks it needs (``schedule``) have finished; every notebook whose inputs exist runs even
    when another fails; returns one line per failed or not-run notebook. A worker with no notebook
    ready starts the next kernel and imports its modules meanwhile (``execution.warm_kernel``), and
    a notebook's dependents, and the worker's next notebook, start while one thread makes the HTML
    reports (nbconvert's exporters are shared: one export at a time). ``check`` (the corpus read as
    the options say) runs while the first kernels start; no notebook starts before it passes."""
    execution.preload()
    exports: queue.Queue = queue.Queue()  # notebooks run, for the export thread
    by_stem = {nb.stem: (nb, given) for nb, given in plans}
    spare = 1 if run.jobs >= 2 else 0  # a worker more than notebooks side by side readies a kernel
    ready = schedule.Queue(  # (no spare while kernels may be reused: they go from one notebook to the next)
        [nb.stem for nb, _ in schedule.longest_first(plans, out)], run.needs, limit=run.jobs,
        spare=0 if run.reuse is not False else spare,
    )  # fmt: skip
    sized = not run.auto  # whether the limit is fixed (by --jobs, or from the loaded corpus)
    results: queue.Queue = queue.Queue()
    slot, line = {nb: i for i, (nb, _) in enumerate(plans, start=1)}, status.Line(len(plans), run.jobs)

    def one(nb: Path, given: dict[str, Any], warm: Any) -> tuple[tuple[Path, Path, float, str], Any]:
        """(nb, its executed copy, seconds, error or ""), and its kernel if kept for the next one."""
        t0, dest, kept, error = time.perf_counter(), build / "notebooks" / nb.name, None, ""
        try:
            own = None
            if warm is None:
                own = run.sockets / str(slot[nb])  # one folder per kernel (short: socket paths are limited)
                own.mkdir()
            kept = execution.execute(
                nb, dest, given, timeout=run.timeout, socket_dir=own, kernels=run.kernels, warm=warm,
                keep=run.reuse is not False,  # (before the corpus is loaded: kept until it is known)
            )  # fmt: skip
        except execution.NotebookFailed as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - one line, the notebook named
            error = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return (nb, dest, time.perf_counter() - t0, error), kept

    def exported(result: tuple[Path, Path, float, str]) -> tuple[Path, Path, float, str]:
        """The HTML report of a notebook that ran, made while the notebooks that need it run."""
        nb, dest, seconds, error = result
        if error:
            return result
        from . import export

        try:
            export.notebook_reports(dest, build / "html")
        except Exception as exc:  # noqa: BLE001 - an export error: one line, the notebook named
            return nb, dest, seconds, f"{type(exc).__name__}: {exc}".splitlines()[0]
        return result

    def report_blocked() -> None:
        for stem, failed in ready.blocked():
            nb = by_stem[stem][0]
            results.put((nb, build / "notebooks" / nb.name, 0.0, f"not run: it needs {failed}, which failed"))

    notes: list[str] = []
    warm_ids = itertools.count(1)

    def worker() -> None:
        warm = None  # a kernel readied while no notebook was ready (execution.warm_kernel)
        may_warm = True  # False once a kernel could not be readied: the notebook starts its own
        try:
            while not run.stop.event.is_set():
                if warm is None and may_warm and ready.reserve_warm():
                    warm = execution.warm_kernel(run.sockets / f"w{next(warm_ids)}", run.kernels)
                    if warm is None:
                        ready.release_warm()
                        may_warm = False
                checked.wait()
                stem = ready.take(warm=warm is not None, may_warm=may_warm)
                report_blocked()
                if stem is None:
                    return
                if stem == ready.WARM:
                    continue
                line.started(stem)
                result, kept = one(*by_stem[stem], warm)
                after(stem, result)  # the notebooks that need this one may start now
                warm = execution.reused(kept, ready, bool(run.reuse))
                exports.put(result)
        finally:
            if warm is not None:  # the run ended (or stopped) before a notebook took it
                ready.release_warm()
                execution.shutdown(warm)

    def after(stem: str, result: tuple[Path, Path, float, str]) -> None:
        nonlocal sized
        stored = build / "corpus" / "corpus.parquet"
        if run.reuse is None and stored.exists():  # few documents: start-up costs more than a notebook
            run.reuse = 0 <= schedule.documents(stored) <= schedule.REUSE_MAX_DOCS
            ready.spare = 0 if run.reuse else spare
        if not sized and stored.exists():
            sized = True
            # the corpus is loaded: fix how many notebooks run side by side before they start
            limit, text = _side_by_side(stored, run)
            ready.set_limit(limit)
            line.jobs, manifest["side_by_side"] = min(line.jobs, limit), limit
            notes.extend([text] if text else [])
        ready.finish(stem, ok=not result[3])
        report_blocked()

    stopper = threading.Thread(target=lambda: (run.stop.event.wait(), ready.close()), daemon=True)
    stopper.start()
    threading.Thread(
        target=lambda: [results.put(exported(exports.get())) for _ in plans], daemon=True
    ).start()
    checked = threading.Event()
    for i in range(min(run.jobs + spare, len(plans))):
        threading.Thread(target=worker, name=f"corpus-report-{i}", daemon=True).start()
    try:
        signals.waited(check)
    except BaseException:  # a bad corpus option (one line) or an interrupt: no notebook starts
        ready.close()
        run.kernels.stop()
        raise
    finally:
        checked.set()
    failures, cleared = [], False
    for _ in plans:
        nb, dest, seconds, error = line.wait(results)  # the live status line meanwhile
        state = "ok" if not error else "NOT RUN" if error.startswith("not run:") else "FAILED"
        line.finished(nb.stem, seconds, state)  # prints "[i/n] stem: state (seconds)"
        while notes:
            print(f"corpus-report: {notes.pop(0)}", flush=True)
        manifest["notebooks"].append({"notebook": nb.stem, "status": state, "seconds": round(seconds, 2)})
        if state == "NOT RUN":
            failures.append(f"notebook {nb.name} {error}")
        elif error:
            if not cleared:  # a "not run" line may come first: its notebook's need fails later
                outdir.clear_failed(out)  # copies of an earlier run's failures
                cleared = True
            kept = outdir.keep_failed(out, dest) if dest.exists() else None
            where = f"executed copy kept at {kept}" if kept else "it wrote no executed copy"
            failures.append(f"notebook {nb.name} failed: {error} ({where})")
    manifest["notebooks"].sort(key=lambda n: n["notebook"])
    manifest["kernels_reused"] = bool(run.reuse)  # (``schedule.REUSE_MAX_DOCS``)
    return sorted(failures)


def _side_by_side(corpus: Path, run: Run) -> tuple[int, str]:
    """(notebooks to run at once, a line saying why when fewer than ``run.jobs``) for the stored
    corpus: as many as the memory budget holds (``schedule.side_by_side``)."""
    n_docs = schedule.documents(corpus)
    if n_docs < 0:
        return run.jobs, ""
    limit = schedule.side_by_side(n_docs, run.jobs, run.budget_mb)
    if limit >= run.jobs:
        return limit, ""
    each = schedule.notebook_mb(n_docs) / 1024
    return limit, (
        f"{n_docs:,} documents: notebooks run {'one' if limit == 1 else limit} at a time, each may take "
        f"about {each:.1f} GB and the memory budget is {run.budget_mb / 1024:.1f} GB "
        "(--max-memory GB or --jobs N to change it)"
    )


@dataclass
class Run:
    """What one run holds while it executes: options, its kernels, and the signal state."""

    stop: signals.Stop
    kernels: execution.Kernels
    sockets: Path
    timeout: int
    jobs: int
    needs: dict[str, tuple[str, ...]]
    auto: bool = False  # --jobs not given: fewer side by side when the corpus is large (budget_mb)
    budget_mb: float = 0.0
    reuse: bool | None = (
        None  # a kernel runs the next notebook too (``execution.reused``); None: not known yet
    )


@contextmanager
def _quiet(names: tuple[str, ...] = ("papermill", "nbclient", "traitlets")) -> Iterator[None]:
    """The libraries' own log lines ("Kernel died while waiting for execute reply") repeat what the
    runner's one line per failure says: keep them off the console for the length of a run."""
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def run(args: argparse.Namespace) -> int:
    check_options(args)
    with signals.Stop() as stop, _quiet():
        nbs = notebooks()
        decl = declared(nbs)
        valid = sorted({name for names in decl.values() for name in names})
        user = gather(args, valid, read=False)  # the corpus is read while the kernels start
        out = Path(args.out).expanduser().resolve()  # an output folder is where the user stands
        outdir.check(out, corpus=resolve(user.get("corpus", "seeds")))
        out.parent.mkdir(parents=True, exist_ok=True)
        outdir.remove_stale(out)
        execution.remove_stale_sockets()
        os.environ["CORPUS_REPORT_OUT"] = str(out)  # kernels inherit it: reports name the real folder
        edges = schedule.graph(nbs)
        this = Run(
            stop,
            execution.Kernels(),
            execution.socket_folder(),
            args.timeout,
            args.jobs or min(2, os.cpu_count() or 1),
            edges,
            auto=args.jobs is None,
            budget_mb=(args.max_memory * 1024 if args.max_memory else schedule.machine_mb() / 2),
        )
        engine, user = for_run(user)  # a Dask cluster started or joined once, for every notebook
        this.reuse = None if engine.local and not args.fresh_kernels else False  # (a cluster's clients stay)
        build = None
        try:
            build = outdir.new_build(out)
            return _build(nbs, decl, user, build, out, this, engine=engine.info())
        finally:
            engine.close()
            if stop.signum is not None:
                this.kernels.stop()
            shutil.rmtree(this.sockets, ignore_errors=True)
            if build is not None and build.exists():
                shutil.rmtree(build, ignore_errors=True)


def _build(nbs, decl, user, build: Path, out: Path, run: Run, *, engine: dict[str, Any]) -> int:
    started = time.time()
    manifest: dict[str, Any] = {"parameters": {}, "notebooks": [], "versions": _versions(), "engine": engine}
    plans = []
    for nb in nbs:
        given = {k: v for k, v in user.items() if k in decl[nb.stem]}
        given["out"] = str(build)
        manifest["parameters"].update({**decl[nb.stem], **given, "out": str(out)})
        plans.append((nb, given))
    (build / "notebooks").mkdir()
    failures = _execute_all(plans, build, out, manifest, run=run, check=lambda: check_corpus_options(user))
    for line in failures:
        print(f"corpus-report: error: {line}", file=sys.stderr)
    if failures:
        return 1
    from ..corpus import store  # pandas: imported by the runner only once the notebooks are done

    corpus = manifest["parameters"].get("corpus", "seeds")
    manifest.update(
        corpus=str(corpus),
        corpus_fingerprint=store.fingerprint(
            resolve(corpus), metadata=manifest["parameters"].get("metadata") or None
        ),
        run_at=time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        seconds_total=round(time.time() - started, 2),
    )
    from . import site

    (build / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    site.index(build)
    try:
        with run.stop.held():  # the swap is a few renames: never leave it half done
            notes = outdir.replace(build, out)
            outdir.clear_failed(out)
    except signals.Interrupted as exc:
        exc.replaced = True
        raise
    for note in notes:
        print(f"corpus-report: note: {note}")
    print(f"done in {time.time() - started:.1f} s: {out / 'index.html'}")
    return 0


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
    except signals.Interrupted as exc:
        done = (
            "the new outputs were already in place" if exc.replaced else "previous outputs left as they were"
        )
        print(f"\ncorpus-report: interrupted ({exc}); kernels stopped, {done}", file=sys.stderr)
        if argv is None:  # the command line: kernels stopped and folders removed, leave now (the
            # interpreter's own shutdown would wait about a second on threads still unwinding the
            # killed kernels' connections)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(exc.code)
        return exc.code
    except KeyboardInterrupt:  # before the handlers are set
        print("\ncorpus-report: interrupted (SIGINT); previous outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
