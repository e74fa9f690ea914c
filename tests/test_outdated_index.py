"""An index built by another version of the program (another chunker, reader or BM25 setting) still loads and
answers, but says so: `qa ask` warns on stderr, /healthz lists why, and `qa eval` of a question file refuses it
(figures on it would not be this program's) with the command to run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval.datasets import load_question_file
from eval.runner import prepare_index
from index import store
from index.build import CHUNKER_VERSION, outdated
from index.errors import IndexLoadError
from qa.cli import main
from qa.config import Settings

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "sets" / "dev_questions.jsonl"


@pytest.fixture(scope="module")
def old_index(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed index as an older chunker and BM25 setting would have recorded it (its files are untouched, so
    it still verifies against its checksums)."""
    copy = tmp_path_factory.mktemp("old") / "index"
    shutil.copytree(seed_index_dir, copy, symlinks=True)  # `current` is a relative link into builds/
    build = store.current_build(copy)
    assert build is not None and copy in build.parents
    manifest = store.read_manifest(build)
    manifest["chunker"] = "9"
    manifest["bm25"] = {"k1": 1.5, "b": 0.75, "epsilon": 0.25}
    (build / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return copy


def test_an_index_of_this_program_is_up_to_date(seed_index_dir: Path) -> None:
    build = store.current_build(seed_index_dir)
    assert build is not None
    assert outdated(store.read_manifest(build)) == []


def test_each_differing_setting_is_named(old_index: Path) -> None:
    build = store.current_build(old_index)
    assert build is not None
    reasons = outdated(store.read_manifest(build))
    assert len(reasons) == 2
    assert f"chunker version 9 (this program: {CHUNKER_VERSION})" in reasons[0]
    assert "BM25" in reasons[1] and "1.5" in reasons[1]


def test_qa_eval_of_a_question_file_refuses_it_with_the_command(old_index: Path, seed_index_dir: Path) -> None:
    questions = load_question_file(QUESTIONS)
    with pytest.raises(IndexLoadError, match=r"chunker version 9.*Run `qa index`"):
        prepare_index(questions, Settings(index_dir=old_index))
    assert prepare_index(questions, Settings(index_dir=seed_index_dir)) == seed_index_dir


@pytest.mark.slow
def test_qa_ask_answers_from_it_with_a_warning(old_index: Path) -> None:
    result = CliRunner().invoke(main, ["ask", "江门有多少爱心驿站", "--index-dir", str(old_index), "--json"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "chunker version 9" in result.stderr and "qa index" in result.stderr
    assert json.loads(result.stdout)["found"] is True


@pytest.mark.slow
def test_healthz_lists_why(old_index: Path) -> None:
    import httpx

    from tests.helpers_server import LiveServer
    from web.app import create_app

    with LiveServer(create_app(Settings(index_dir=old_index))) as url:
        body = httpx.get(f"{url}/healthz", timeout=30).json()
    assert body["status"] == "ok" and any("chunker version 9" in reason for reason in body["outdated"])
