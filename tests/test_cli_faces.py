"""The `qa` command's faces touched here: `qa serve` (and so `make run`) on a port that is taken says which
and how to pick another; `qa ask --after` asks a follow-up."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import main

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


@pytest.mark.slow
def test_qa_ask_takes_earlier_questions_for_a_follow_up(seed_index_dir: Path) -> None:
    runner = CliRunner()
    args = ["ask", "那平湖呢", "--after", "江门有多少爱心驿站", "--index-dir", str(seed_index_dir), "--json"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["question"] == "那平湖呢" and body["resolved_question"] == "平湖有多少爱心驿站"
    assert body["found"] is True and body["citations"][0]["place"] == "平湖市"
