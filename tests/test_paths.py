"""The repo works without its neighbours: nothing names a path outside it, and the run-time guard
(tests/conftest.py) notices a read outside it."""

from __future__ import annotations

import os
from pathlib import Path

from tests.check_paths import ROOT, PathGuard, scan


def test_no_code_or_test_names_a_path_outside_the_repo() -> None:
    assert scan() == []


def test_the_scan_finds_outside_paths(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        'from pathlib import Path\nROOT = Path(__file__).parent.parent\nA = Path("/work/shared/corpus")\n'
        'B = ROOT.parent / "shared"\nC = "../shared/eval"\nD = "/usr/bin/chromium"\nE = "/api/ask"\n'
        'F = Path("..") / "shared"\nG = ROOT / ".."\nH = doc_id in {".", ".."}\n',
        "utf-8",
    )
    problems = scan(tmp_path)
    assert sorted(p.split(":")[1] for p in problems) == ["3", "4", "5", "8", "9"], problems


def test_the_guard_records_reads_outside_the_allowed_roots(tmp_path: Path) -> None:
    guard = PathGuard()  # not installed: its hook is called directly
    inside = [str(ROOT / "corpus" / "README.md"), str(tmp_path / "x"), "/proc/self/status", "/usr/bin/python3"]
    for path in inside:
        guard.hook("open", (path, "r", 0))
    guard.hook("open", (3, "r", 0))  # a file descriptor
    guard.hook("import", ("os",))  # not a read
    assert guard.violations == []
    # Not the repo's sibling: a clone under /tmp (as CI may make) has its neighbours inside the temp root.
    outside = os.path.join(os.sep, "qa-guard-outside", "shared", "corpus")
    guard.hook("open", (outside, "r", 0))
    guard.hook("os.listdir", (outside.encode(),))
    assert guard.violations == [f"open {outside}", f"os.listdir {outside}"]
