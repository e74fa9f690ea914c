"""One error family (qa.errors.QAError) shown in one shape per face: the CLI's `error: <message>` line
(exit 1) and the API's `{"detail": "<message>"}` body."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from eval.baselines import BaselineError
from eval.datasets import EvalSetError
from qa import answer
from qa.answer import Assistant
from qa.cli import main
from qa.config import Settings
from qa.errors import (
    CorpusError,
    IndexLoadError,
    QAError,
    QuestionError,
    SettingsError,
    cli_line,
    http_status,
    json_body,
)
from tests.helpers_server import LiveServer
from web.app import create_app


def test_every_user_error_is_a_qa_error() -> None:
    for error in (QuestionError, CorpusError, IndexLoadError, SettingsError, EvalSetError, BaselineError):
        assert issubclass(error, QAError), error
    assert issubclass(QuestionError, ValueError)  # callers that caught ValueError still do
    assert answer.QuestionError is QuestionError  # the old import path names the same class


def test_the_shapes() -> None:
    exc = QuestionError("question is empty")
    assert cli_line(exc) == "error: question is empty"
    assert json_body(exc) == {"detail": "question is empty"}
    assert http_status(exc) == 422
    assert http_status(IndexLoadError("no index at x")) == 503


def _one_error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("error: "), output
    return lines[0]


def test_the_cli_prints_one_error_line_for_every_command(tmp_path: Path) -> None:
    runner = CliRunner()
    asked = runner.invoke(main, ["ask", "江门有多少爱心驿站", "--index-dir", str(tmp_path / "nowhere")])
    assert asked.exit_code == 1
    assert "qa index" in _one_error_line(asked.output)
    evaluated = runner.invoke(main, ["eval", str(tmp_path / "nope.jsonl")])
    assert evaluated.exit_code == 1
    assert "nope.jsonl" in _one_error_line(evaluated.output)
    for command in (["ask", "江门有多少爱心驿站"], ["index"], ["eval", "eval/sets/dev_questions.jsonl"]):
        bad = runner.invoke(main, command, env={"QA_RRF_K": "abc", "QA_CANDIDATE_DEPTH": "0"})
        assert bad.exit_code == 1, (command, bad.output)
        line = _one_error_line(bad.output)
        assert "QA_RRF_K" in line and "'abc'" in line and "QA_CANDIDATE_DEPTH" in line, line


@pytest.mark.slow
def test_a_question_error_is_the_same_line_and_the_same_json(seed_index_dir: Path, assistant: Any) -> None:
    asked = CliRunner().invoke(main, ["ask", "   ", "--index-dir", str(seed_index_dir)])
    assert asked.exit_code == 1
    assert _one_error_line(asked.output) == "error: question is empty"

    settings = Settings(index_dir=seed_index_dir, max_question_chars=10)  # below the contract's 1000
    strict = Assistant(assistant.index, assistant.retriever.embedder, settings)
    with LiveServer(create_app(settings, assistant=strict)) as url, httpx.Client(base_url=url) as http:
        question = "江门有多少爱心驿站,全市现有多少个"
        response = http.post("/api/ask", json={"question": question})
        assert response.status_code == 422
        expected = QuestionError(f"question is {len(question)} characters; the limit is 10")
        assert response.json() == json_body(expected)
    with (
        LiveServer(create_app(Settings(index_dir=seed_index_dir / "nowhere"))) as url,
        httpx.Client(base_url=url) as http,
    ):
        response = http.post("/api/ask", json={"question": "江门有多少爱心驿站"})
        assert response.status_code == 503
        assert list(response.json()) == ["detail"] and "qa index" in response.json()["detail"]
