"""Imports run one way: index ← qa ← web / eval; bench uses index and qa (tests may use any). Read from the
source with ast, so a new import that breaks the direction fails here, not in a code review."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("index", "qa", "web", "eval", "bench")


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, inside a function) for every import of a project package in `path`."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module] + [f"{child.module}.{a.name}" for a in child.names]
            for name in names:
                if name.split(".")[0] in LAYERS:
                    found.append((name, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _violations(package: str, allowed: set[str], *, late: dict[str, set[str]] | None = None) -> list[str]:
    """Imports in `package` of a layer not in `allowed`; `late` allows more layers to one module's functions."""
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for name, line, in_function in _imports(path):
            top = name.split(".")[0]
            if top == package or top in allowed:
                continue
            if late and in_function and top in late.get(rel, set()):
                continue
            problems.append(f"{rel}:{line}: imports {name}")
    return problems


def test_index_imports_no_layer_above_it() -> None:
    assert _violations("index", set()) == []


def test_qa_imports_web_and_eval_only_in_the_cli_commands() -> None:
    assert _violations("qa", {"index"}, late={"qa/cli.py": {"web", "eval"}}) == []


def test_qa_cli_loads_eval_lazily() -> None:
    from qa.cli import LAZY_COMMANDS

    assert LAZY_COMMANDS["eval"].startswith("eval.")


def test_web_uses_only_qa() -> None:
    assert _violations("web", {"qa"}) == []


def test_eval_uses_index_and_qa_but_not_web() -> None:
    assert _violations("eval", {"index", "qa"}) == []


def test_bench_measures_index_and_qa_and_drives_web_only_over_http() -> None:
    assert _violations("bench", {"index", "qa"}) == []  # the load test starts `qa serve` in a process


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom web.app import create_app\n\ndef f():\n    import eval.cli\n", "utf-8")
    assert _imports(module) == [("web.app", 2, False), ("web.app.create_app", 2, False), ("eval.cli", 5, True)]
