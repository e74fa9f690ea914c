"""The repo must work on its own: no code or test may read a path outside it (a sibling `../shared`, a
developer's `/work/...`). Two checks:

- `scan()`, static: every string literal in the packages and tests that names an absolute path outside the
  system directories, or a `..` step, and every `ROOT.parent` / `parent.parent.parent` climb out of the repo.
  `python -m tests.check_paths` runs it (from `.ci/run` and `make lint`); tests/test_paths.py too.
- `PathGuard`, at run time: an audit hook (PEP 578) installed by tests/conftest.py that records every file
  opened or directory listed during the test session outside the repo, the virtualenv, the temp directory
  and the system directories; the test that did it fails (see conftest.py).
"""

from __future__ import annotations

import ast
import os
import site
import sys
import sysconfig
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("qa", "index", "web", "eval", "bench", "tests")
# Absolute paths code may name: the OS and its tools (/usr/bin/chromium, /proc/self/status, /dev/null).
SYSTEM_DIRS = ("usr", "proc", "dev", "tmp", "etc", "sys", "bin", "lib", "lib64", "run")
# Where a checkout's neighbours usually live; named even where this machine has no such directory.
OUTSIDE_DIRS = ("work", "home", "root", "mnt", "srv", "data", "Users", "media", "workspace", "shared")


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _outside_literal(value: str) -> str | None:
    """Why a string literal names a path outside the repo, or None."""
    if value.startswith(("../", "..\\")) or "/../" in value:
        return "a `..` step out of the repo"
    if value.startswith("~/"):
        return "a path in the user's home"
    if not value.startswith("/") or value.startswith("//") or len(value) < 2:
        return None
    first = value[1:].split("/", 1)[0]
    if first in OUTSIDE_DIRS:
        return f"an absolute path under /{first}"
    if first and first not in SYSTEM_DIRS and (Path("/") / first).is_dir():
        return f"an absolute path under /{first} (exists on this machine, outside the system directories)"
    return None


_PATH_CALLS = {"Path", "PurePath", "join", "joinpath", "open", "chdir", "resolve"}


def _is_dotdot(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == ".."


def _climbs(node: ast.AST) -> bool:
    """`ROOT.parent` (the repo root's parent), `x.parent.parent.parent` (tests/ and bench/ sit one level
    down, so three steps up leave the repo), or a bare ".." made into a path (`Path("..")`, `root / ".."`);
    a ".." compared or listed as data is no path."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_dotdot(node.right):
        return True
    if isinstance(node, ast.Call) and any(_is_dotdot(a) for a in node.args):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in _PATH_CALLS
    if not (isinstance(node, ast.Attribute) and node.attr == "parent"):
        return False
    if isinstance(node.value, ast.Name) and node.value.id == "ROOT":
        return True
    depth, inner = 1, node.value
    while isinstance(inner, ast.Attribute) and inner.attr == "parent":
        depth, inner = depth + 1, inner.value
    return depth >= 3


def scan(root: Path = ROOT) -> list[str]:
    """`file:line: why` for every path outside the repo that the code or tests name."""
    problems = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "sets" in path.relative_to(root).parts[:2] or path == Path(__file__).resolve():
                continue  # the question sets are data; this file names what it looks for
            source = path.read_text("utf-8")
            rel = path.relative_to(root)
            tree = ast.parse(source, str(rel))
            docstrings = _docstring_nodes(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    why = _outside_literal(node.value)
                    if why:
                        problems.append(f"{rel}:{node.lineno}: {why}: {node.value!r}")
                if _climbs(node):
                    problems.append(f"{rel}:{node.lineno}: climbs out of the repo: {ast.unparse(node)}")
    return problems


class PathGuard:
    """Records reads outside the allowed roots: files opened (any mode), directories listed or globbed."""

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})

    def __init__(self, extra_roots: tuple[str, ...] = ()) -> None:
        roots = {
            str(ROOT),
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            tempfile.gettempdir(),
            *site.getsitepackages(),
            *([site.getusersitepackages()] if site.ENABLE_USER_SITE else []),
            *sysconfig.get_paths().values(),
            *(f"/{d}" for d in SYSTEM_DIRS),
            *extra_roots,
        }
        # Read-only caches of the libraries in use (fonts, Chromium's profile), never project data.
        home = Path.home()
        roots |= {str(home / ".cache" / "fontconfig"), str(home / ".config" / "chromium")}
        self.roots = tuple(sorted({os.path.realpath(r) for r in roots if r} | {r for r in roots if r}))
        self.violations: list[str] = []
        self._local = threading.local()

    def allowed(self, path: str) -> bool:
        absolute = os.path.abspath(path)
        return any(absolute == r or absolute.startswith(r.rstrip("/") + "/") for r in self.roots)

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if event not in self.EVENTS or getattr(self._local, "busy", False):
            return
        target = args[0] if args else None
        if isinstance(target, bytes):
            target = os.fsdecode(target)
        if not isinstance(target, str) or not target:  # a file descriptor, or the current directory
            return
        self._local.busy = True  # abspath/startswith below raise no events, but stay safe from recursion
        try:
            if not self.allowed(target):
                self.violations.append(f"{event} {target}")
        finally:
            self._local.busy = False

    def install(self) -> PathGuard:
        sys.addaudithook(self.hook)
        return self


def main() -> int:
    problems = scan()
    for problem in problems:
        print(problem)
    print(f"check_paths: {len(problems)} path(s) outside the repo" if problems else "check_paths: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
