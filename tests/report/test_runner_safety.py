"""The runner never loses a user's files and leaves nothing behind: --out checks, the marker, the
swap that keeps the user's files, stale folders of dead runs, interrupts, failed-notebook copies."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from corpus_utils.corpus import store
from corpus_utils.errors import CorpusError
from corpus_utils.paths import OUTPUTS_DIR, PROJECT_ROOT, SEEDS_DIR
from corpus_utils.report import arguments, execution, outdir, signals
from corpus_utils.report import runner as report

NOT_REPORT = r"'.*' exists and is not a report folder; choose another --out"


def write(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def report_folder(folder: Path, files: dict[str, str]) -> Path:
    """A folder as a finished run leaves it: its files and the marker listing them."""
    for rel, text in files.items():
        write(folder / rel, text)
    write(folder / outdir.MARKER, json.dumps({"made_by": "corpus-report", "files": sorted(files)}))
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------- which --out is accepted
@pytest.mark.parametrize(
    ("make", "accepted"),
    [
        (lambda out: None, True),  # a new folder
        (lambda out: out.mkdir(), True),  # an empty folder
        (lambda out: write(out / "README.md"), True),  # outputs/ on a fresh clone
        (lambda out: (write(out / "README.md"), write(out / ".gitkeep")), True),
        (lambda out: report_folder(out, {"index.html": "<p>", "notes.txt": "mine"}), True),
        (lambda out: write(out / "notes.csv", "keep"), False),  # a folder of the user's
        (lambda out: (write(out / "README.md"), write(out / "data" / "a.txt")), False),
        (lambda out: write(out, "a file"), False),
        (lambda out: write(out / "manifest.json", "{}"), False),  # a manifest alone is not a report
    ],
    ids=["new", "empty", "readme", "readme-gitkeep", "marked", "user-folder", "nested", "file", "manifest"],
)
def test_out_is_accepted_only_when_ours_or_empty(tmp_path, make, accepted):
    out = tmp_path / "out"
    make(out)
    if accepted:
        outdir.check(out)
    else:
        with pytest.raises(CorpusError, match=NOT_REPORT):
            outdir.check(out)


def test_a_report_of_an_earlier_runner_is_recognised(tmp_path):
    out = tmp_path / "out"
    manifest = {"parameters": {}, "notebooks": [], "versions": {}, "corpus_fingerprint": "0" * 64}
    write(out / "manifest.json", json.dumps(manifest))
    write(out / "index.html")
    write(out / "tables" / "corpus.csv")
    write(out / "my_notes.md", "mine")
    outdir.check(out)
    assert outdir.written(out) == {"manifest.json", "index.html", "tables/corpus.csv"}


@pytest.mark.parametrize(
    ("out", "corpus", "message"),
    [
        ("c", "c", r"is the corpus or inside it"),
        ("c/out", "c", r"is the corpus or inside it"),
        ("c/sub/out", "c", r"is the corpus or inside it"),
        (".", "c", r"contains the corpus"),
        (".", "t.csv", r"contains the corpus"),
        ("t.csv", "t.csv", r"is the corpus or inside it"),
    ],
)
def test_out_and_corpus_never_overlap(tmp_path, out, corpus, message):
    write(tmp_path / "c" / "a.txt")
    write(tmp_path / "t.csv", "text\nhello\n")
    with pytest.raises(CorpusError, match=message):
        outdir.check(tmp_path / out, corpus=tmp_path / corpus)


def test_out_elsewhere_is_fine_and_root_and_links_are_refused(tmp_path):
    write(tmp_path / "c" / "a.txt")
    outdir.check(tmp_path / "out", corpus=tmp_path / "c")
    with pytest.raises(CorpusError, match=r"--out '/' is the root of the file system"):
        outdir.check(Path("/"))
    (tmp_path / "link").symlink_to(tmp_path / "c")
    with pytest.raises(CorpusError, match=r"exists and is a symbolic link"):
        outdir.check(tmp_path / "link")


def test_a_failed_folder_of_the_users_is_refused(tmp_path):
    write(tmp_path / "out-failed" / "mine.ipynb")
    with pytest.raises(CorpusError, match=r"out-failed' exists and was not made by corpus-report"):
        outdir.check(tmp_path / "out")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], r"--jobs must be 1 or more, got 0"),
        (["--jobs", "-2"], r"--jobs must be 1 or more, got -2"),
        (["--max-memory", "0"], r"--max-memory must be a number of GB above 0, got 0"),
        (["--max-memory", "nan"], r"--max-memory must be a number of GB above 0, got nan"),
        (["--timeout", "0"], r"--timeout must be 1 second or more, got 0"),
        (["--timeout", "-1"], r"--timeout must be 1 second or more, got -1"),
        (["--out", ""], r"--out is empty"),
        (["--out", "/"], r"--out '/' is the root of the file system"),
        (["-p", "corpus", ""], r"parameter 'corpus' is empty; give a folder of \.txt files"),
        (["-p", "corpus", "   "], r"parameter 'corpus' is empty"),
        (["--corpus", ""], r"parameter 'corpus' is empty"),
        (["--corpus", "seeds", "--out", "seeds"], r"is the corpus or inside it"),
        (["--corpus", "seeds", "--out", "seeds/out"], r"is the corpus or inside it"),
    ],
)
def test_bad_options_stop_with_one_line(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(PROJECT_ROOT)
    before = snapshot(SEEDS_DIR)
    code = report.main(["--out", str(tmp_path / "out"), *args])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith("corpus-report: error:"), err
    assert re.search(message, err), err
    assert snapshot(SEEDS_DIR) == before and not (SEEDS_DIR / "out").exists()


@pytest.mark.parametrize("name", ["notes.docx", "corpus.pdf", "README"])
def test_a_corpus_file_of_another_kind_is_refused(tmp_path, capsys, name):
    write(tmp_path / name, "text")
    code = report.main(["--corpus", str(tmp_path / name), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert re.search(rf"corpus file '.*{name}' is not a corpus \(.*\); give a folder of \.txt files", err), (
        err
    )


@pytest.mark.parametrize("name", ["a.txt", "a.csv", "a.jsonl", "a.json", "a.parquet"])
def test_corpus_files_of_the_loaders_kinds_pass(tmp_path, name):
    import pandas as pd

    table = pd.DataFrame({"text": ["Defence ministers met in Delhi."]})
    if name.endswith(".parquet"):
        table.to_parquet(tmp_path / name)
    else:
        content = {
            ".txt": "Defence ministers met in Delhi.",
            ".csv": table.to_csv(index=False),
            ".jsonl": table.to_json(orient="records", lines=True),
            ".json": table.to_json(orient="records"),
        }[Path(name).suffix]
        write(tmp_path / name, content)
    args = report.parser().parse_args(["--corpus", str(tmp_path / name)])
    assert arguments.gather(args, ["corpus"]) == {"corpus": str(tmp_path / name)}


# ---------------------------------------------------------------- replacing a report folder
def test_replace_keeps_every_file_the_runner_did_not_write(tmp_path):
    out = report_folder(
        tmp_path / "out",
        {"index.html": "old", "tables/corpus.csv": "old", "tables/gone.csv": "old", "figures/f.png": "old"},
    )
    write(out / "README.md", "my readme")
    write(out / "notes" / "n.txt", "my notes")
    write(out / "tables" / "mine.csv", "my table")
    write(out / "tables" / "new.csv", "my file, named like a new output")
    build = outdir.new_build(out)
    write(build / "index.html", "new")
    write(build / "tables" / "corpus.csv", "new")
    write(build / "tables" / "new.csv", "new")
    notes = outdir.replace(build, out)
    assert snapshot(out) == {
        outdir.MARKER: (out / outdir.MARKER).read_bytes(),
        "README.md": b"my readme",
        "index.html": b"new",
        "notes/n.txt": b"my notes",
        "tables/corpus.csv": b"new",
        "tables/mine.csv": b"my table",
        "tables/new.csv": b"new",
        "tables/new.yours.csv": b"my file, named like a new output",
    }
    assert notes == ["'tables/new.csv' kept as 'tables/new.yours.csv' (a new output has its name)"]
    marker = json.loads((out / outdir.MARKER).read_text())
    assert marker["files"] == ["index.html", "tables/corpus.csv", "tables/new.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no build, no old folder


def test_a_fresh_clones_outputs_folder_keeps_its_readme(tmp_path):
    out = tmp_path / "outputs"
    write(out / "README.md", "committed")
    outdir.check(out)
    build = outdir.new_build(out)
    write(build / "index.html", "new")
    outdir.replace(build, out)
    assert snapshot(out)["README.md"] == b"committed" and (out / outdir.MARKER).is_file()
    outdir.check(out)  # and the next run may replace it


# ---------------------------------------------------------------- leftovers of dead runs
def test_stale_build_folders_of_dead_runs_are_removed(tmp_path):
    out = tmp_path / "out"
    dead, here = dead_pid(), socket.gethostname()
    cases = {
        ".out.build-dead": {"pid": dead, "host": here},
        ".out.build-alive": {"pid": os.getpid(), "host": here},
        ".out.build-elsewhere": {"pid": dead, "host": here + "-other"},
        ".other.build-dead": {"pid": dead, "host": here},
    }
    for name, info in cases.items():
        write(tmp_path / name / outdir.MARKER, json.dumps(info))
        write(tmp_path / name / "tables" / "t.csv")
    write(tmp_path / ".out.build-unmarked" / "t.csv")
    removed = outdir.remove_stale(out)
    assert [p.name for p in removed] == [".out.build-dead"]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".other.build-dead", ".out.build-alive", ".out.build-elsewhere", ".out.build-unmarked"]


def test_an_interrupted_swap_gives_the_users_files_back(tmp_path):
    out = report_folder(tmp_path / "out", {"index.html": "new"})
    old = tmp_path / ".out.old-abc"
    write(old / "index.html", "old")
    write(old / "mine.txt", "mine")
    info = {"files": ["index.html"], "pid": dead_pid(), "host": socket.gethostname()}
    write(old / outdir.MARKER, json.dumps(info))
    assert outdir.remove_stale(out) == [old]
    assert (out / "mine.txt").read_text() == "mine" and (out / "index.html").read_text() == "new"


def test_a_swap_killed_before_the_new_run_was_in_place_puts_the_old_folder_back(tmp_path):
    out = tmp_path / "out"
    old = report_folder(tmp_path / ".out.old-abc", {"index.html": "previous"})
    write(old / "mine.txt", "mine")
    write(
        old / outdir.MARKER,
        json.dumps({"files": ["index.html"], "pid": dead_pid(), "host": socket.gethostname()}),
    )
    assert outdir.remove_stale(out) == [old]
    assert (out / "mine.txt").read_text() == "mine" and (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_old_folder_of_a_swap_is_marked_even_without_a_marker_before(tmp_path, monkeypatch):
    out = tmp_path / "outputs"
    write(out / "README.md", "committed")
    build = outdir.new_build(out)
    write(build / "index.html", "new")
    seen = {}
    real_carry = outdir._carry_over

    def spy(old, dest):
        seen.update(json.loads((old / outdir.MARKER).read_text()))
        return real_carry(old, dest)

    monkeypatch.setattr(outdir, "_carry_over", spy)
    outdir.replace(build, out)
    assert seen["files"] == [] and seen["pid"] == os.getpid() and seen["host"] == socket.gethostname()
    assert (out / "README.md").read_text() == "committed"


def test_the_repositorys_outputs_folder_is_accepted():
    outdir.check(
        OUTPUTS_DIR
    )  # README.md only on a fresh clone, a report folder after a run: make report works


def test_stale_kernel_socket_folders_are_removed(tmp_path):
    prefix = execution.SOCKETS_PREFIX
    for name in (f"{prefix}{dead_pid()}-ab", f"{prefix}{os.getpid()}-cd", f"{prefix}xyz", "other-1"):
        write(tmp_path / name / "kernel.json", "{}")
    removed = execution.remove_stale_sockets(tmp_path)
    assert len(removed) == 1 and not removed[0].exists()
    assert len(list(tmp_path.iterdir())) == 3


# ---------------------------------------------------------------- signals and kernels
def test_a_signal_raises_interrupted_with_the_shells_exit_code():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(signals.Interrupted) as caught, signals.Stop() as stop:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)
    assert caught.value.code == 143 and stop.event.is_set()
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_signal_during_the_swap_waits_for_the_swap():
    done = []
    with pytest.raises(signals.Interrupted) as caught, signals.Stop() as stop:
        with stop.held():
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)  # a second Ctrl-C changes nothing
            time.sleep(0.1)
            done.append("swapped")
    assert done == ["swapped"] and caught.value.code == 130


def test_stopping_kernels_ends_their_process_groups():
    kernels = execution.Kernels()
    procs = [
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
        for _ in range(2)
    ]
    for proc in procs:
        kernels.add(proc)
    t0 = time.monotonic()
    kernels.stop()
    assert time.monotonic() - t0 < 2 and all(p.poll() is not None for p in procs)
    late = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    with pytest.raises(execution.NotebookFailed, match="run interrupted"):
        kernels.add(late)  # a kernel launched while stopping is stopped too
    assert late.wait(timeout=5) == -signal.SIGKILL


# ---------------------------------------------------------------- several failures, each named
def test_every_failed_notebook_gets_its_line_and_its_copy(tmp_path, monkeypatch, capsys):
    def fake_execute(nb, dest, parameters, **kw):
        dest.write_text(json.dumps({"ran": nb.stem}), encoding="utf-8")
        if nb.stem != "02_b":
            raise execution.NotebookFailed(f"KeyError: 'year' in {nb.stem}")

    monkeypatch.setattr(execution, "execute", fake_execute)
    monkeypatch.setattr(execution, "warm_kernel", lambda folder, kernels: None)  # no real kernel
    monkeypatch.setattr("corpus_utils.report.export.notebook_reports", lambda dest, folder: [])
    out, build = tmp_path / "out", tmp_path / "build"
    (build / "notebooks").mkdir(parents=True)
    write(outdir.failed_folder(out) / "09_old.ipynb")  # an earlier run's copy, which goes
    write(outdir.failed_folder(out) / outdir.MARKER, json.dumps({"files": ["09_old.ipynb"]}))
    plans = [(Path(f"{name}.ipynb"), {}) for name in ("01_a", "02_b", "03_c", "04_d")]
    needs = {"01_a": (), "02_b": (), "03_c": (), "04_d": ("01_a",)}
    with signals.Stop() as stop:
        run = report.Run(stop, execution.Kernels(), tmp_path / "sockets", 60, 2, needs)
        run.sockets.mkdir()
        manifest = {"notebooks": []}
        failures = report._execute_all(plans, build, out, manifest, run=run)
    failed = outdir.failed_folder(out)
    assert failures == [
        f"notebook 01_a.ipynb failed: KeyError: 'year' in 01_a (executed copy kept at {failed / '01_a.ipynb'})",
        f"notebook 03_c.ipynb failed: KeyError: 'year' in 03_c (executed copy kept at {failed / '03_c.ipynb'})",
        "notebook 04_d.ipynb not run: it needs 01_a, which failed",
    ]
    assert sorted(p.name for p in failed.iterdir()) == [outdir.MARKER, "01_a.ipynb", "03_c.ipynb"]
    assert json.loads((failed / "03_c.ipynb").read_text()) == {"ran": "03_c"}
    assert [n["status"] for n in manifest["notebooks"]] == ["FAILED", "ok", "FAILED", "NOT RUN"]
    assert capsys.readouterr().out.count("FAILED") == 2


def test_no_notebook_starts_when_the_corpus_check_fails(tmp_path, monkeypatch):
    started, warmed = [], threading.Event()

    def warm(folder, kernels):
        warmed.set()  # the kernels start while the corpus is read
        return None

    monkeypatch.setattr(execution, "execute", lambda nb, *a, **kw: started.append(nb.stem))
    monkeypatch.setattr(execution, "warm_kernel", warm)

    def check():
        assert warmed.wait(10)
        raise CorpusError("column 'body' not found in 'c.csv'")

    plans = [(Path(f"{name}.ipynb"), {}) for name in ("01_a", "02_b")]
    with signals.Stop() as stop:
        run = report.Run(stop, execution.Kernels(), tmp_path / "sockets", 60, 2, {"01_a": (), "02_b": ()})
        run.sockets.mkdir()
        with pytest.raises(CorpusError, match="column 'body'"):
            report._execute_all(plans, tmp_path, tmp_path / "out", {"notebooks": []}, run=run, check=check)
    time.sleep(0.2)  # the workers, released, find the queue closed
    assert started == []
    assert run.kernels.stopped


# ---------------------------------------------------------------- fingerprint
def test_fingerprint_hashes_exactly_what_the_loader_reads(tmp_path):
    corpus = tmp_path / "c"
    write(corpus / "a.txt", "alpha")
    write(corpus / "sub" / "b.txt", "beta")
    expected = hashlib.sha256(b"a.txt\0alpha" + b"sub/b.txt\0beta").hexdigest()
    assert store.fingerprint(corpus) == expected
    write(corpus / "README.md", "about")
    write(corpus / ".hidden" / "x.txt", "hidden")
    write(corpus / ".out.build-1" / "tables" / "t.csv", "build")
    write(corpus / ".DS_Store", "junk")
    assert store.fingerprint(corpus) == expected
    write(corpus / "a.txt", "alpha, edited")
    assert store.fingerprint(corpus) != expected


# ---------------------------------------------------------------- real runs (slow)
def tiny_notebook(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("print('first', x)"), nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, str(path))
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("raise ValueError('boom')", r"ValueError: boom"),
        ("import time; time.sleep(60)", r"CellTimeoutError: A cell timed out"),
        ("import os; os._exit(1)", r"DeadKernelError: Kernel died"),
    ],
    ids=["exception", "timeout", "dead-kernel"],
)
def test_a_failed_notebook_is_written_up_to_the_failing_cell(tmp_path, body, error):
    src = tiny_notebook(tmp_path / "01_t.ipynb", body)
    dest, sockets = tmp_path / "run.ipynb", execution.socket_folder()
    try:
        with pytest.raises(execution.NotebookFailed, match=error):
            execution.execute(src, dest, {"x": 7}, timeout=3, socket_dir=sockets, kernels=execution.Kernels())
        nb = nbformat.read(str(dest), as_version=4)
        assert nb.metadata["papermill"]["exception"] is True  # so it is never exported
        printed = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert "first 7\n" in printed
        assert not list(sockets.iterdir())  # sockets and connection file gone with the kernel
    finally:
        sockets.rmdir()


@pytest.fixture
def short_tmp():
    """A temporary folder with a short path (pytest's are too long for Unix socket names)."""
    folder = Path(tempfile.mkdtemp(prefix="crt-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start_run(tmpdir: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "corpus_utils.report", "--corpus", str(SEEDS_DIR), "--out", str(out)],
        env=env,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def processes_mentioning(text: str) -> list[int]:
    found = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            if text.encode() in Path(cmdline).read_bytes():
                found.append(int(cmdline.split("/")[2]))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_stops_at_once_and_leaves_nothing(tmp_path, short_tmp, signum, code):
    out = report_folder(tmp_path / "out", {"index.html": "previous", "tables/corpus.csv": "a,b\n"})
    write(out / "README.md", "mine")
    before = snapshot(out)
    proc = start_run(short_tmp, out)
    deadline = time.monotonic() + 120
    while not glob.glob(str(short_tmp / f"{execution.SOCKETS_PREFIX}*" / "*" / "kernel.json")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.5)  # a notebook is running
    t0 = time.monotonic()
    os.killpg(proc.pid, signum)
    stdout, stderr = proc.communicate(timeout=30)
    seconds = time.monotonic() - t0
    assert proc.returncode == code, stderr
    assert seconds < 4, seconds
    assert stderr.strip().splitlines() == [
        f"corpus-report: interrupted ({signal.Signals(signum).name}); kernels stopped, "
        "previous outputs left as they were"
    ]
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no build, no -failed
    assert list(short_tmp.iterdir()) == []  # no kernel socket folder, no connection file
    assert processes_mentioning(str(short_tmp)) == []  # no kernel left running


@pytest.mark.slow
def test_a_users_folder_is_refused_by_the_command(tmp_path):
    out = write(tmp_path / "t" / "notes.csv", "keep").parent
    proc = subprocess.run(
        [sys.executable, "-m", "corpus_utils.report", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"corpus-report: error: '{out}' exists and is not a report folder; choose another --out"
    )
    assert snapshot(out) == {"notes.csv": b"keep"} and sorted(p.name for p in tmp_path.iterdir()) == ["t"]


@pytest.mark.slow
def test_a_warm_kernel_runs_the_notebook_with_its_modules_imported_then_stops(short_tmp):
    src = tiny_notebook(short_tmp / "01_t.ipynb", "import sys; print('colorsys' in sys.modules)")
    kernels, sockets = execution.Kernels(), short_tmp / "sockets"
    sockets.mkdir()
    warm = execution.warm_kernel(sockets / "w1", kernels, code="import colorsys")
    assert warm is not None and len(kernels._procs) == 1  # registered: an interrupt stops it too
    proc = kernels._procs[0]
    execution.execute(
        src, short_tmp / "run.ipynb", {"x": 3}, timeout=30, socket_dir=None, kernels=kernels, warm=warm
    )
    nb = nbformat.read(str(short_tmp / "run.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [o["text"] for c in code[-2:] for o in c.outputs] == ["first 3\n", "True\n"]
    assert code[0].execution_count == 1  # the warm-up is not counted
    assert len(kernels._procs) == 1 and proc.wait(timeout=10) is not None  # its kernel, stopped
    assert not list((sockets / "w1").iterdir())  # sockets and connection file gone


def _run_warm(tmp: Path, src: Path, kernels: execution.Kernels, warm: object, **kw) -> object:
    """``execute`` a ``tiny_notebook`` (x = 1) in the kernel ``warm``."""
    out = tmp / f"{src.stem}.run.ipynb"
    return execution.execute(
        src, out, {"x": 1}, timeout=30, socket_dir=None, kernels=kernels, warm=warm, **kw
    )


def _warm(tmp: Path) -> tuple[object, execution.Kernels, Path]:
    """(a warm kernel, the kernels of its run, its socket folder)."""
    kernels, sockets = execution.Kernels(), tmp / "sockets"
    sockets.mkdir()
    return execution.warm_kernel(sockets / "w1", kernels, code="import json"), kernels, sockets / "w1"


@pytest.mark.slow
def test_a_kept_kernel_runs_the_next_notebook_afresh_with_its_modules_still_imported(short_tmp):
    first = tiny_notebook(short_tmp / "01_a.ipynb", "secret = 42; import colorsys; print(secret)")
    second = tiny_notebook(
        short_tmp / "02_b.ipynb", "import sys; print('secret' in dir(), 'colorsys' in sys.modules)"
    )
    warm, kernels, folder = _warm(short_tmp)
    kept = _run_warm(short_tmp, first, kernels, warm, keep=True)
    assert kept is warm and kernels._procs[0].poll() is None  # still running
    assert execution.recycle(kept) is kept
    assert _run_warm(short_tmp, second, kernels, kept) is None
    nb = nbformat.read(str(short_tmp / "02_b.run.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [o["text"] for c in code[-2:] for o in c.outputs] == ["first 1\n", "False True\n"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # counted afresh
    assert len(kernels._procs) == 1  # one kernel ran both
    assert kernels._procs[0].wait(timeout=10) is not None and not list(folder.iterdir())  # now stopped


@pytest.mark.slow
def test_a_failed_notebook_never_hands_its_kernel_on(short_tmp):
    src = tiny_notebook(short_tmp / "01_t.ipynb", "raise ValueError('boom')")
    warm, kernels, folder = _warm(short_tmp)
    with pytest.raises(execution.NotebookFailed, match="ValueError: boom"):
        _run_warm(short_tmp, src, kernels, warm, keep=True)
    assert kernels._procs[0].wait(timeout=10) is not None and not list(folder.iterdir())


class _Ready:  # the part of schedule.Queue that execution.reused uses
    def __init__(self, room: bool):
        self.room, self.released = room, 0

    def reserve_warm(self) -> bool:
        return self.room

    def release_warm(self) -> None:
        self.released += 1


@pytest.mark.parametrize(
    ("reuse", "room", "resets", "held"),
    [
        (True, True, True, True),
        (False, True, True, False),
        (True, False, True, False),
        (True, True, False, False),
    ],
    ids=["reused", "not-reused", "no-notebook-left", "reset-fails"],
)
def test_a_kept_kernel_is_handed_on_only_when_reused_with_a_notebook_left(
    monkeypatch, reuse, room, resets, held
):
    stopped = []
    monkeypatch.setattr(execution, "shutdown", stopped.append)
    monkeypatch.setattr(execution, "recycle", lambda km: km if resets else stopped.append(km))
    ready, km = _Ready(room), object()
    assert execution.reused(km, ready, reuse) is (km if held else None)
    assert stopped == ([] if held else [km])
    assert ready.released == (1 if reuse and room and not resets else 0)
    assert execution.reused(None, ready, reuse) is None


def test_a_kernel_that_cannot_import_its_modules_is_not_handed_on(short_tmp):
    kernels, sockets = execution.Kernels(), short_tmp / "sockets"
    sockets.mkdir()
    assert execution.warm_kernel(sockets / "w1", kernels, code="import no_such_module_here") is None
    assert kernels._procs[0].wait(timeout=10) is not None
    assert not list((sockets / "w1").iterdir())


@pytest.mark.slow
def test_a_deep_temporary_folder_falls_back_to_tcp(tmp_path):
    deep = tmp_path / ("d" * 60) / "sockets"
    deep.mkdir(parents=True)
    src = tiny_notebook(tmp_path / "01_t.ipynb", "print('second')")
    execution.execute(
        src, tmp_path / "run.ipynb", {}, timeout=30, socket_dir=deep, kernels=execution.Kernels()
    )
    nb = nbformat.read(str(tmp_path / "run.ipynb"), as_version=4)
    assert nb.cells[-1].outputs[0]["text"] == "second\n" and not list(deep.iterdir())


def test_earlier_failed_copies_go_when_a_not_run_line_comes_first(tmp_path, monkeypatch):
    # 02_b's "not run" line is queued before 01_a's failure (its dependents are released first):
    # the earlier run's copies must still go, and this run's copy stay
    def fake_execute(nb, dest, parameters, **kw):
        dest.write_text(json.dumps({"ran": nb.stem}), encoding="utf-8")
        raise execution.NotebookFailed(f"KeyError: 'year' in {nb.stem}")

    monkeypatch.setattr(execution, "execute", fake_execute)
    monkeypatch.setattr(execution, "warm_kernel", lambda folder, kernels: None)
    out, build = tmp_path / "out", tmp_path / "build"
    (build / "notebooks").mkdir(parents=True)
    write(outdir.failed_folder(out) / "09_old.ipynb")
    write(outdir.failed_folder(out) / outdir.MARKER, json.dumps({"files": ["09_old.ipynb"]}))
    plans = [(Path("01_a.ipynb"), {}), (Path("02_b.ipynb"), {})]
    with signals.Stop() as stop:
        run = report.Run(
            stop, execution.Kernels(), tmp_path / "sockets", 60, 2, {"01_a": (), "02_b": ("01_a",)}
        )
        run.sockets.mkdir()
        failures = report._execute_all(plans, build, out, {"notebooks": []}, run=run)
    assert failures[1] == "notebook 02_b.ipynb not run: it needs 01_a, which failed"
    assert sorted(p.name for p in outdir.failed_folder(out).iterdir()) == [outdir.MARKER, "01_a.ipynb"]
