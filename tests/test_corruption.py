"""A damaged index on disk is refused, naming the file, by every face: `qa ask` prints one line and exits 1
(no traceback), the API answers 503 with `detail` (not 500, not empty results), the page says what to run.
tests/test_store.py covers the loader itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from index import store
from qa.config import Settings
from tests.helpers_forkserver import fork_server
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow

CORPUS = {
    "a.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n",
    "b.md": "台州市总工会报告。\n全市基层工会总数8125家,联合工会846家。\n",
}
OTHER = {"a.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站31个。\n"}


def flip_byte(build: Path, other: Path) -> None:
    path = build / "chunks.jsonl"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def truncate(build: Path, other: Path) -> None:
    path = build / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:100])


def delete(build: Path, other: Path) -> None:
    (build / "bm25_indptr.npy").unlink()


def foreign(build: Path, other: Path) -> None:
    shutil.copy(other / "documents.jsonl", build / "documents.jsonl")


def garble_manifest(build: Path, other: Path) -> None:
    path = build / "manifest.json"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def dangling_current(build: Path, other: Path) -> None:
    shutil.rmtree(build)


# (id, damage, what the message must name)
DAMAGE: list[tuple[str, Callable[[Path, Path], None], list[str]]] = [
    ("flipped-byte", flip_byte, ["chunks.jsonl", "checksum"]),
    ("truncated", truncate, ["vectors.faiss", "truncated"]),
    ("deleted", delete, ["bm25_indptr.npy", "missing"]),
    ("from-another-build", foreign, ["documents.jsonl"]),
    ("manifest-garbled", garble_manifest, ["manifest.json", "damaged"]),
    ("current-dangling", dangling_current, ["no index"]),
]
IDS = [d[0] for d in DAMAGE]


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """id → an index directory with that damage (two real `qa index` builds, then the damage)."""
    root = tmp_path_factory.mktemp("corruption")
    dirs = {}
    for name, files in (("good", CORPUS), ("other", OTHER)):
        corpus = root / f"{name}-corpus"
        corpus.mkdir()
        for file, text in files.items():
            (corpus / file).write_text(text, "utf-8")
        dirs[name] = (corpus, root / name)
    server = fork_server()
    pids = server.start_many(
        [(["index", "--corpus", str(c), "--index-dir", str(d)], root / f"{n}.log", None) for n, (c, d) in dirs.items()]
    )
    assert server.wait(pids) == [0, 0], (root / "good.log").read_text() + (root / "other.log").read_text()
    good, other = dirs["good"][1], dirs["other"][1]
    out = {"good": good}
    for name, damage, _ in DAMAGE:
        target = root / name
        shutil.copytree(good, target, symlinks=True)
        damage(store.current_build(target), store.current_build(other))
        out[name] = target
    return out


@pytest.fixture(scope="module")
def cli_runs(damaged: dict[str, Path]) -> dict[str, subprocess.CompletedProcess[str]]:
    """`qa ask` (a real process each, side by side) on every damaged index, and on the good one."""
    script = Path(sys.executable).with_name("qa")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qa.cli"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    procs = {
        name: subprocess.Popen(
            [*command, "ask", "江门有多少爱心驿站", "--index-dir", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name, path in damaged.items()
        if name != "good"
    }
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        out[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return out


@pytest.mark.parametrize("case, names", [(d[0], d[2]) for d in DAMAGE], ids=IDS)
def test_qa_ask_prints_what_is_wrong_and_exits_non_zero(cli_runs: dict, case: str, names: list[str]) -> None:
    run = cli_runs[case]
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert run.stdout == ""
    message = " ".join(run.stderr.split())  # rich wraps long lines
    assert message.startswith("error:")
    for name in names:
        assert name in message, message
    assert "qa index" in message


@pytest.fixture(params=DAMAGE, ids=IDS)
def damaged_server(request: pytest.FixtureRequest, damaged: dict[str, Path]) -> Iterator[tuple[str, list[str]]]:
    case, _, names = request.param
    with LiveServer(create_app(Settings(index_dir=damaged[case]))) as url:
        yield url, names


def test_the_api_answers_503_naming_the_file(damaged_server: tuple[str, list[str]]) -> None:
    url, names = damaged_server
    with httpx.Client(base_url=url, timeout=60) as http:
        response = http.post("/api/ask", json={"question": "江门有多少爱心驿站"})
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"detail"}
        detail = body["detail"]
        for name in names:
            assert name in detail, detail
        assert "qa index" in detail
        for path in ("/healthz", "/api/search?q=爱心驿站", "/api/documents", "/api/documents/a"):
            other = http.get(path)
            assert other.status_code == 503 and other.json() == {"detail": detail}, (path, other.text)
        page = http.get("/")
        assert page.status_code == 200 and names[0] in page.text  # the chat page says what is wrong
        form = http.post("/ask", data={"question": "江门有多少爱心驿站"})
        assert form.status_code == 503 and names[0] in form.text
