"""The load-test client (`python -m bench.loadtest`, run by `make loadtest`, not by `make test`) still works:
a two-second run of two clients against a real server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import loadtest
from qa.config import Settings
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow


def test_a_short_load_run_reports_its_figures(
    seed_index_dir: Path, assistant: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "load.json"
    with LiveServer(create_app(Settings(index_dir=seed_index_dir), assistant=assistant)) as url:
        loadtest.main(
            [
                "--url",
                url,
                "--clients",
                "2",
                "--duration",
                "2",
                "--warmup",
                "0",
                "--p99-ms",
                "60000",
                "--json",
                str(out),
            ]
        )
    figures = json.loads(out.read_text())
    assert figures["errors"] == 0 and figures["requests"] > 0 and figures["ok"] == figures["requests"]
    assert figures["latency_ms"]["p50"] <= figures["latency_ms"]["p99"]
    assert figures["by_endpoint"]["ask"]["n"] > 0
    assert "requests" in capsys.readouterr().out
