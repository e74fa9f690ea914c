"""`qa serve` (and so `make run`) on a port that is taken: one line naming the port and how to pick another."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_busy_port_says_which_and_how_to_pick_another(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--index-dir", str(tmp_path / "none")],
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        )
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr
    assert "make run PORT=" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "serving on" not in result.stdout
