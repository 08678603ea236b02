"""The output folder: the runner replaces what it wrote itself, and nothing else.

A report folder carries a marker file, ``.corpus-report`` (beside ``manifest.json``), listing every
file the run wrote. ``--out`` may name a folder that does not exist, a report folder, or a folder
holding nothing but placeholders (``README.md``, ``.gitkeep``, ``.gitignore``: ``outputs/`` in git);
anything else (a folder of the user's files, a file, the corpus or a folder around it, ``/``) is
refused before any notebook runs. Files in a report folder that the runner did not write (a README,
notes) are carried over into the new run; one that clashes with a new output is kept as
``NAME.yours.EXT``.

The run is built in ``.OUT.build-*`` beside the folder, whose marker holds the process id and host
of the run: a later run on the same host removes the build folders of runs that are no longer alive.
A folder written by an earlier version of the runner (no marker, but its ``manifest.json`` and
``index.html``) is recognised by those files; its known outputs are replaced, the rest kept.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from .execution import alive

MARKER = ".corpus-report"
PLACEHOLDERS = frozenset({"README.md", ".gitkeep", ".gitignore"})
KNOWN_OUTPUTS = ("index.html", "manifest.json", "html", "notebooks", "tables", "figures", "findings")


def failed_folder(out: Path) -> Path:
    """Where executed copies of failed notebooks are kept."""
    return out.parent / f"{out.name}-failed"


def _marker(folder: Path) -> dict[str, Any] | None:
    path = folder / MARKER
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_marker(folder: Path, **fields: Any) -> None:
    text = json.dumps({"made_by": "corpus-report", **fields}, indent=1, sort_keys=True) + "\n"
    (folder / MARKER).write_text(text, encoding="utf-8")


def _legacy(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    keys = {"parameters", "notebooks", "versions", "corpus_fingerprint"}
    return isinstance(manifest, dict) and keys <= manifest.keys() and (folder / "index.html").is_file()


def is_report(folder: Path) -> bool:
    """A folder that corpus-report made (marker) or an earlier version of it wrote (legacy)."""
    return folder.is_dir() and not folder.is_symlink() and (_marker(folder) is not None or _legacy(folder))


def _only_placeholders(folder: Path) -> bool:
    return all(p.name in PLACEHOLDERS and p.is_file() and not p.is_symlink() for p in folder.iterdir())


def _all_files(folder: Path) -> list[str]:
    """Relative paths of every file (and link) under ``folder``, links not followed."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in files + [d for d in dirs if (base / d).is_symlink()]:
            found.append((base / name).relative_to(folder).as_posix())
    return sorted(found)


def written(folder: Path) -> set[str]:
    """The files of ``folder`` that the runner wrote (relative paths)."""
    info = _marker(folder)
    if info and isinstance(info.get("files"), list):
        return {str(f) for f in info["files"]} | {MARKER}
    if info is not None or _legacy(folder):  # unreadable marker or an older runner: the known outputs
        return {rel for rel in _all_files(folder) if rel.split("/", 1)[0] in KNOWN_OUTPUTS or rel == MARKER}
    return set()


def _refuse(path: Path, why: str = "is not a report folder") -> CorpusError:
    return CorpusError(f"'{path}' exists and {why}; choose another --out")


def check(out: Path, *, corpus: Path | None = None) -> None:
    """Refuse, with one line, an output folder the runner must not replace."""
    real = out.resolve()
    if real == Path(real.anchor):
        raise CorpusError(f"--out '{out}' is the root of the file system; choose a folder of its own")
    if corpus is not None:
        source = corpus.resolve()
        if real == source or source in real.parents:
            raise CorpusError(f"--out '{out}' is the corpus or inside it; choose a folder outside the corpus")
        if real in source.parents:
            raise CorpusError(f"--out '{out}' contains the corpus '{corpus}'; choose a folder outside it")
    if out.is_symlink():
        raise _refuse(out, "is a symbolic link")
    if out.exists() and not out.is_dir():
        raise _refuse(out)
    if out.is_dir() and not is_report(out) and not _only_placeholders(out):
        raise _refuse(out)
    failed = failed_folder(out)
    if failed.is_symlink() or (failed.exists() and not failed.is_dir()):
        raise _refuse(failed, "is not a folder of failed notebooks")
    if failed.is_dir() and _marker(failed) is None and any(failed.iterdir()):
        raise _refuse(failed, "was not made by corpus-report (it keeps failed notebooks there)")


def new_build(out: Path) -> Path:
    """A fresh build folder beside ``out``, marked with this run's process id and host."""
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    _write_marker(build, pid=os.getpid(), host=socket.gethostname(), state="building")
    return build


def remove_stale(out: Path) -> list[Path]:
    """Remove the build folders (and half-swapped old folders) that dead runs left beside ``out``."""
    removed = []
    for kind in ("build", "old"):
        for path in sorted(out.parent.glob(f".{_glob_escape(out.name)}.{kind}-*")):
            info = _marker(path) if path.is_dir() and not path.is_symlink() else None
            if not info or info.get("host") != socket.gethostname() or alive(info.get("pid")):
                continue
            if kind == "old" and not out.exists() and not out.is_symlink():
                path.rename(out)  # killed before the new run was in place: the previous one returns
                removed.append(path)
                continue
            if kind == "old":
                _carry_over(path, out)  # killed after: the user's files join the new run
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def replace(build: Path, out: Path) -> list[str]:
    """Move the finished ``build`` to ``out``. The previous folder's own files go; every other
    file in it is carried over. Returns one note per file kept under another name."""
    _write_marker(build, files=[rel for rel in _all_files(build) if rel != MARKER])
    if not out.exists():
        build.rename(out)
        return []
    old = out.parent / f".{out.name}.old-{build.name.rsplit('-', 1)[-1]}"
    ours = sorted(written(out) - {MARKER})
    out.rename(old)
    # if this run is killed now, a later run puts the previous folder back or carries the user's files over
    _write_marker(old, files=ours, pid=os.getpid(), host=socket.gethostname())
    build.rename(out)
    notes = _carry_over(old, out)
    shutil.rmtree(old)
    return notes


def _carry_over(old: Path, out: Path) -> list[str]:
    """Move the files of ``old`` that the runner did not write into ``out``."""
    ours = written(old)
    holding = {str(Path(rel).parent.as_posix()) for rel in ours}
    holding |= {p.rsplit("/", i)[0] for p in holding for i in range(1, p.count("/") + 1)}
    notes = []

    def visit(folder: Path) -> None:
        for entry in sorted(folder.iterdir()):
            rel = entry.relative_to(old).as_posix()
            if rel in ours:
                continue
            if entry.is_dir() and not entry.is_symlink() and rel in holding:
                visit(entry)  # a folder of outputs that also holds a file of the user's
                continue
            dest = out / rel
            if dest.exists() or dest.is_symlink():
                dest = _free_name(dest)
                notes.append(
                    f"'{rel}' kept as '{dest.relative_to(out).as_posix()}' (a new output has its name)"
                )
            dest.parent.mkdir(parents=True, exist_ok=True)
            entry.rename(dest)

    visit(old)
    return notes


def _free_name(path: Path) -> Path:
    stem, suffix = (path.stem, path.suffix) if path.is_file() else (path.name, "")
    for i in range(1, 1000):
        candidate = path.with_name(f"{stem}.yours{'' if i == 1 else f'-{i}'}{suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise CorpusError(f"no free name to keep '{path}' under; move your copies of it away")


def clear_failed(out: Path) -> None:
    """Remove the failed-notebook copies an earlier run kept (and nothing else)."""
    folder = failed_folder(out)
    info = _marker(folder) if folder.is_dir() and not folder.is_symlink() else None
    if info is None:
        return
    for name in info.get("files", []):
        if "/" not in str(name):
            (folder / str(name)).unlink(missing_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()


def keep_failed(out: Path, executed: Path) -> Path:
    """Copy a failed notebook's executed copy into the failed folder; returns where it is."""
    folder = failed_folder(out)
    folder.mkdir(exist_ok=True)
    info = _marker(folder) or {}
    files = sorted({*info.get("files", []), executed.name})
    shutil.copy2(executed, folder / executed.name)
    _write_marker(folder, files=files)
    return folder / executed.name
