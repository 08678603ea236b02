"""Every path of the project, anchored at the project root (never the working directory)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
# one copy of the notebooks: notebooks/ at the top of the repository, reached through the
# corpus_utils/notebooks link (a wheel holds them as package data at the same place)
NOTEBOOKS_DIR = (PACKAGE_DIR / "notebooks").resolve()
OUTPUTS_DIR = PROJECT_ROOT / "outputs"


@lru_cache(maxsize=64)
def data_file(name: str) -> Path:
    """Path of a data file shipped with the package (rules, word lists, tables)."""
    return Path(str(resources.files("corpus_utils") / "data" / name))


def resolve(path: str | Path) -> Path:
    """Resolve a user path: absolute as given; relative to the working directory when it
    exists there, otherwise relative to the project root (so notebooks run from any folder)."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve()
    return (PROJECT_ROOT / p).resolve()
