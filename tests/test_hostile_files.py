"""Hostile files at index time: links out of the corpus, binary and mis-encoded files, BEIR rows that
cannot be documents, escape codes aimed at the terminal, and failures that must stay one `error:` line."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from index.documents import read_corpus
from index.errors import CorpusError
from qa.cli import os_error_message
from qa.render import json_terminal_safe, render_answer, terminal_safe
from qa.schemas import Answer, CitationOut, NumberOut

ROOT = Path(__file__).resolve().parent.parent
REPORT = "江门市总工会报告。\n全市现有基层工会4716家,职工书屋588家。\n"
# UTF-8 words that happen to form valid GB18030 pairs, then a GBK sentence: the whole file decodes as
# GB18030 without an error, every UTF-8 character of it as garbage.
MIXED = ("工会 会员 职工 服务 " * 20 + "2023\n").encode() + "职工之家建设情况良好。\n".encode("gbk")


def _qa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    env.pop("QA_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_links_leaving_the_corpus_are_skipped_with_the_reason(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("机密文件。\n", "utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(REPORT, "utf-8")
    (corpus / "link.txt").symlink_to(outside)
    (corpus / "sub" / "inside.txt").symlink_to(corpus / "a.txt")  # inside the corpus: followed
    (corpus / "outdir").symlink_to(tmp_path, target_is_directory=True)
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    read = read_corpus([corpus])
    assert [d.doc_id for d in read.documents] == ["a"]
    assert read.skipped_duplicate == [str(corpus / "sub" / "inside.txt")]  # read, and the same bytes as a.txt
    assert [s for s, _ in read.skipped] == [str(corpus / "link.txt"), str(corpus / "loop.txt")]
    assert "outside the corpus" in read.skipped[0][1] and "itself" in read.skipped[1][1]
    assert all("机密" not in d.text for d in read.documents)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00" * 4096, "NUL"),
        (bytes(range(1, 32)) * 50 + "工会".encode(), "control characters"),
        (MIXED, "mixed encodings"),
        ("工会报告".encode("utf-16-le") * 20, "another encoding"),
        ("report 2023 工会".encode("utf-16-le") * 20, "another encoding"),
    ],
)
def test_binary_and_accidentally_decodable_files_are_refused_by_name(tmp_path: Path, data: bytes, reason: str) -> None:
    assert MIXED.decode("gb18030")  # the premise: it does decode
    (tmp_path / "bad report.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text("报告正文。", "utf-8")
    read = read_corpus([tmp_path])  # listed as failed with the reason; the rest still read (issue 13)
    assert [d.doc_id for d in read.documents] == ["good"]
    (failed,) = read.failed
    assert Path(failed.source).name == "bad report.txt" and reason in failed.reason


def test_real_gbk_and_a_stray_control_character_are_still_reports(tmp_path: Path) -> None:
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:3]:
        (tmp_path / f"gbk-{path.name}").write_bytes(path.read_text("utf-8").encode("gbk"))
    (tmp_path / "stray.txt").write_text(REPORT.replace("报告", "报\x00告\x07") + REPORT * 3, "utf-8")
    read = read_corpus([tmp_path])
    assert len(read.documents) == 4
    assert "工会" in read.documents[0].text


def _beir(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (({"_id": "a", "text": "甲"}, {"_id": "b", "text": "乙"}, {"_id": "a", "text": "丙"}), ":3: duplicate _id 'a'"),
        (({"_id": "a", "text": 5},), ':1: "text" must be a string, not int'),
        (({"_id": "a", "text": "甲", "title": ["x"]},), ':1: "title" must be a string, not list'),
        (({"_id": ["a"], "text": "甲"},), ':1: "_id" must be a string'),
        (({"_id": "", "text": "甲"},), "cannot be part of a URL"),
        (({"_id": ".", "text": "甲"},), "cannot be part of a URL"),
        (({"_id": "." * 2, "text": "甲"},), "cannot be part of a URL"),  # the parent-folder step
        (({"_id": "x/y", "text": "甲"},), "cannot be part of a URL"),
        ((["not", "an", "object"],), ":1: not a BEIR corpus row"),
    ],
)
def test_beir_rows_that_cannot_be_documents_are_refused_with_the_line(
    tmp_path: Path, rows: tuple[object, ...], message: str
) -> None:
    with pytest.raises(CorpusError, match=message.replace("(", r"\(")):
        read_corpus([_beir(tmp_path, *rows)])


def test_a_duplicate_id_fails_before_any_index_work(tmp_path: Path) -> None:
    corpus = _beir(tmp_path, {"_id": "a", "text": "甲"}, {"_id": "a", "text": "乙"})
    done = _qa("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: {corpus}:2: duplicate _id 'a' (first at {corpus}:1); document ids must be unique"
    ]
    assert not (tmp_path / "index" / "builds").exists()


def test_qa_index_failures_are_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "evil\x1b[31m.txt").write_bytes(b"\x00" * 100)
    done = _qa("index", "--corpus", str(tmp_path / "corpus"), "--index-dir", str(tmp_path / "index"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "NUL" in lines[0]
    assert "\x1b" not in done.stderr and "\\x1b[31m" in done.stderr  # the name is shown, its escape is not sent


def test_os_errors_say_what_to_do() -> None:
    with pytest.raises(OSError) as caught, open("/dev/full", "wb") as full:  # a real ENOSPC: /dev/full refuses writes
        full.write(b"x" * 10)
        full.flush()
    assert caught.value.errno == errno.ENOSPC
    assert "no space left" in os_error_message(caught.value) and "free some space" in os_error_message(caught.value)
    read_only = OSError(errno.EROFS, "Read-only file system", "/idx/.lock")
    assert "use a writable folder" in os_error_message(read_only) and "/idx/.lock" in os_error_message(read_only)


def test_escape_codes_from_reports_never_reach_the_terminal() -> None:
    evil = "江门\x1b]0;pwned\x07\x1b[2J\r\x9b31m\u202eabc 27个"
    assert terminal_safe("a\tb\nc") == "a\tb\nc"
    assert "\x1b" not in terminal_safe(evil) and "\\x1b" in terminal_safe(evil)
    body = json.dumps({"text": evil}, ensure_ascii=False)
    assert json.loads(json_terminal_safe(body)) == {"text": evil}
    assert not any(c in json_terminal_safe(body) for c in "\x1b\x9b\u202e\r\x07")
    start = evil.index("27个")
    answer = Answer(
        question="江门有多少",
        found=True,
        answer=evil,
        numbers=[
            NumberOut(
                value=27, unit="个", text="27个", qualifier=None, subject=evil, citation=1, start=start, end=start + 3
            )
        ],
        citations=[
            CitationOut(id=1, doc_id="d\x1b", title=evil, chunk_id="d#0", text=evil, score=1.0, start=0, end=len(evil))
        ],
        took_ms=1.0,
    )
    out = io.StringIO()
    render_answer(Console(file=out, force_terminal=True, width=200), answer)
    shown = out.getvalue()
    for forbidden in ("\x1b]0;", "\x1b[2J", "\x9b", "\u202e", "\x07", "\r"):
        assert forbidden not in shown
