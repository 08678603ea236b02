"""A non-editable install works: the wheel carries the notebooks, templates and data, and its
``corpus-report`` runs the study from a folder outside the repository."""

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from corpus_utils.paths import PROJECT_ROOT, SEEDS_DIR


def _wheel(tmp_path: Path) -> Path:
    # build from a copy: setuptools writes build/ and *.egg-info/ beside the sources
    source = tmp_path / "source"
    skip = shutil.ignore_patterns(".venv", ".git", "outputs*", "_data", "build", "*.egg-info", "__pycache__")
    shutil.copytree(PROJECT_ROOT, source, symlinks=True, ignore=skip)
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, "-w", str(tmp_path), "."], cwd=source, check=True, capture_output=True)
    (wheel,) = tmp_path.glob("corpus_utils-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_carries_notebooks_templates_and_data(tmp_path):
    names = set(zipfile.ZipFile(_wheel(tmp_path)).namelist())
    notebooks = sorted(p.name for p in (PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks and all(f"corpus_utils/notebooks/{n}" in names for n in notebooks)
    assert "corpus_utils/templates/offline/index.html.j2" in names
    data = sorted(p.name for p in (PROJECT_ROOT / "corpus_utils" / "data").iterdir())
    assert all(f"corpus_utils/data/{d}" in names for d in data)


@pytest.mark.slow
def test_wheel_install_runs_the_report_from_any_folder(tmp_path):
    wheel = _wheel(tmp_path / "dist")
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    # the dependencies come from the test environment; the package itself only from the wheel
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib, "test-deps.pth").write_text("\n".join(deps) + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    proc = subprocess.run(
        [str(env_dir / "bin" / "corpus-report"), "--corpus", str(SEEDS_DIR), "--out", "report"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        # a real install has nbconvert's templates in its own prefix; here they are in the test environment's
        env={**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    where = subprocess.run(
        [str(py), "-c", "import corpus_utils; print(corpus_utils.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(purelib), (where, purelib)
    assert (work / "report" / "index.html").is_file()
    assert (work / "report" / "tables" / "corpus.csv").is_file()
