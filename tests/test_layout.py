"""The package's shape: no module over 400 lines; ``__init__.py`` files only re-export."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "corpus_utils"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by concern"


INITS = [p for p in MODULES if p.name == "__init__.py"]


@pytest.mark.parametrize("path", INITS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_init_files_only_re_export_from_their_defining_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == [
            "__all__"
        ]:
            continue
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            _check_lazy(path, tree, node)  # a re-export on first use (PEP 562)
            continue
        assert isinstance(node, ast.ImportFrom), f"{path}: line {node.lineno} is not an import"
        module = node.module or ""
        for alias in node.names:
            # every name is defined in the module it is imported from, not passed on from elsewhere
            target = _module_file(path.parent, node.level, module)
            assert target is not None, f"{path}: cannot find module {module!r}"
            assert _defines(target, alias.name), (
                f"{path}: {alias.name!r} is not defined in {target.relative_to(PACKAGE)}; "
                "import it from the module that defines it"
            )


def _check_lazy(path: Path, tree: ast.Module, fn: ast.FunctionDef) -> None:
    """A package's ``__getattr__`` only imports its own modules, and every name of ``__all__`` is
    defined in a module it imports eagerly or lazily."""
    sources = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Import):
            raise AssertionError(f"{path}: __getattr__ may only import the package's own modules")
        if isinstance(node, ast.ImportFrom):
            assert node.level >= 1, (
                f"{path}: __getattr__ imports {node.module!r}, not a module of the package"
            )
            for alias in node.names:
                module = ".".join(m for m in (node.module or "", alias.name) if m)
                target = _module_file(path.parent, node.level, module) or _module_file(
                    path.parent, node.level, node.module or ""
                )
                assert target is not None, f"{path}: cannot find module {module!r}"
                sources.append(target)
    eager = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    names = next(
        (
            ast.literal_eval(n.value)
            for n in tree.body
            if isinstance(n, ast.Assign) and n.targets[0].id == "__all__"
        ),
        [],
    )
    for name in names:
        assert name in eager or any(_defines(src, name) for src in sources), (
            f"{path}: {name!r} of __all__ is defined in no module it imports"
        )


def _module_file(folder: Path, level: int, module: str) -> Path | None:
    base = folder
    for _ in range(level - 1):
        base = base.parent
    candidate = base.joinpath(*module.split(".")) if module else base
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if path.is_file():
            return path
    return None


def _defines(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name:
            return True
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
    return False
