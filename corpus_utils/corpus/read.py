"""Reading a corpus from disk: a folder of .txt files or one .txt file (tables: ``tables``).

Every input becomes one record, even when it cannot be used: an empty, binary, undecodable or
unreadable file, a pipe, a broken link or a link that leaves the corpus folder is returned with
the reason, so the audit can account for it. Bytes become text in ``decoding`` (the encoding used
is recorded).

Symbolic links: a link whose target lies inside the corpus folder is read like any file; a link to
a file or folder outside it is not followed (the corpus is meant to hold what is in its folder,
and reports are mailed) unless ``follow_links=True``. A link to a folder inside the corpus is not
walked twice: its files are read where they are.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusError
from .decoding import decode

TEXT_SUFFIXES = {".txt", ".text"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq"}
IGNORED_NAMES = {"readme", "readme.md", "readme.txt", "license", "license.txt", ".ds_store"}
OUTSIDE = "symlink outside the corpus: not followed (follow_links=True reads it)"


@dataclass
class Record:
    """One input. ``date`` is a date given outside the text (table column, file name, metadata
    table), named by ``date_source``; ``rel`` is the path relative to the corpus folder."""

    doc_id: str
    path: str
    raw: str = ""
    encoding: str = ""
    problem: str = ""
    date: str = ""
    date_source: str = ""
    title: str = ""
    outlet: str = ""
    group: str = ""
    speaker: str = ""
    rel: str = ""
    pending: bool = False
    warnings: list[str] = field(default_factory=list)


def _name(rel: str) -> str:
    """The file name of a relative path (``walk`` joins them with '/')."""
    return rel.rpartition("/")[2]


def _suffix_at(name: str) -> int:
    """Where a file name's suffix begins, as ``pathlib``'s rule has it ("a.txt" 1, ".txt" and
    "a." none: the name's length); string slicing, not a ``Path`` per file, for 10**6 files."""
    i = name.rfind(".")
    return i if 0 < i < len(name) - 1 else len(name)


def _doc_ids(rels: list[str]) -> list[str]:
    names = [_name(r) for r in rels]
    stems = [n[: _suffix_at(n)] for n in names]
    counts = Counter(stems)
    return [
        s if counts[s] == 1 else r[: len(r) - len(n) + len(s)]
        for s, n, r in zip(stems, names, rels, strict=True)
    ]


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def walk(folder: Path, *, follow_links: bool = False) -> list[tuple[str, str, str]]:
    """(relative path, path, problem) for every entry under ``folder`` that may be a document,
    hidden names (starting with '.') left out, sorted by relative path."""
    root = os.path.realpath(folder)
    found: list[tuple[str, str, str]] = []
    visited = {root}

    def visit(directory: str, rel: str) -> None:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.name.startswith("."):
                continue
            r = f"{rel}{e.name}"
            if e.is_symlink():
                target = os.path.realpath(e.path)
                if not os.path.exists(target):
                    found.append((r, e.path, "broken symlink: its target does not exist"))
                elif not _inside(target, root) and not follow_links:
                    found.append((r, e.path, OUTSIDE))
                elif os.path.isdir(target):
                    if not _inside(target, root) and target not in visited:
                        visited.add(target)
                        visit(target, f"{r}/")
                elif os.path.isfile(target):
                    found.append((r, e.path, ""))
                else:
                    found.append((r, e.path, "not a regular file (a pipe, socket or device)"))
            elif e.is_dir(follow_symlinks=False):
                visit(e.path, f"{r}/")
            elif e.is_file(follow_symlinks=False):
                found.append((r, e.path, ""))
            else:
                found.append((r, e.path, "not a regular file (a pipe, socket or device)"))

    visit(str(folder), "")
    return sorted(found)


def files(folder: Path, *, follow_links: bool = False) -> list[Path]:
    """The files of a corpus folder that the loader reads: not hidden, not documentation (README,
    LICENSE), no pipe, no broken link, no link leaving the folder unless ``follow_links``. The
    corpus fingerprint hashes exactly these."""
    return [
        folder / rel
        for rel, _, problem in walk(folder, follow_links=follow_links)
        if not problem and _name(rel).lower() not in IGNORED_NAMES
    ]


def from_folder(folder: Path, *, follow_links: bool = False) -> tuple[list[Record], list[str]]:
    """Records for every file under ``folder`` (recursive, sorted). Returns records and notes
    about files ignored as documentation (README, LICENSE)."""
    entries = walk(folder, follow_links=follow_links)
    ignored = [_name(e[0]).lower() in IGNORED_NAMES for e in entries]
    notes = [
        f"{e[0]}: ignored (documentation, not a document)"
        for e, skip in zip(entries, ignored, strict=True)
        if skip
    ]
    entries = [e for e, skip in zip(entries, ignored, strict=True) if not skip]
    if not entries:
        raise CorpusError(f"corpus folder '{folder}' holds no files; put one .txt file per article in it")
    records = []
    for doc_id, (rel, path, problem) in zip(_doc_ids([e[0] for e in entries]), entries, strict=True):
        name = _name(rel)
        suffix = name[_suffix_at(name) :]
        if not problem and suffix.lower() not in TEXT_SUFFIXES:
            problem = f"not a text file ({suffix or 'no suffix'}); convert it to .txt"
        records.append(Record(doc_id, path, rel=rel, problem=problem, pending=not problem))
    return records, notes


def read_bytes(path: str) -> bytes:
    """The bytes of one file (one place to read, so a test can stand in for the disk)."""
    with open(path, "rb") as f:
        return f.read()


def fill(rec: Record) -> Record:
    """Read and decode a record's file if that is still to do; an unreadable file gets a reason."""
    if rec.pending:
        rec.pending = False
        try:
            data = read_bytes(rec.path)
        except PermissionError:
            rec.problem = "unreadable: permission denied"
            return rec
        except OSError as exc:
            rec.problem = f"unreadable: {(exc.strerror or type(exc).__name__).lower()}"
            return rec
        rec.raw, rec.encoding, rec.problem = decode(data)
    return rec


def from_file(path: Path) -> list[Record]:
    """One record for one text file (read by ``fill``)."""
    return [Record(path.stem, str(path), rel=path.name, pending=True)]
