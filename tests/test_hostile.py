"""Hostile input, end to end: odd questions never give a 500, and hostile report files are indexed safely
(bounded time, bounded chunks) and shown as text, never as markup.

One index (a real `qa index` process) of a corpus mixing an ordinary report with hostile ones; one real
server over it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from index import store
from index.chunking import MAX_CHARS
from index.embed import DEFAULT_EMBED_MODEL
from index.reader import CorpusIndex
from qa.config import Settings
from qa.schemas import Answer
from tests.helpers_forkserver import fork_server
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow

SCRIPT = "<script>window.__pwned=1</script>"
ZW = "\u200b"  # zero-width space
LONG_LINE_BYTES = 200 * 1024
# The whole `qa index` of this corpus. Embedding the long line's ~250 chunks dominates: 20 s on an idle
# 2-core machine, 50-60 s on a busy one.
BUILD_LIMIT_S = 240
ANSWER_KEYS = {"question", "found", "answer", "numbers", "citations", "took_ms"}


def long_line() -> str:
    """A 200 KB line with no punctuation at all (a PDF extraction that lost every stop), with numbers."""
    unit = "职工服务中心建设工作推进会议精神落实情况汇报材料第1234期"
    text = unit * (LONG_LINE_BYTES // len(unit.encode()) + 1)
    return text


REPORTS: dict[str, bytes] = {
    "a.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n".encode(),
    "markup.txt": (
        f"{SCRIPT}温州工会\n温州市总工会一年来的工作 {{{{ 7*7 }}}} {{% for x in y %}}。\n"
        f"温州市现有户外劳动者爱心驿站42个{SCRIPT},{{{{ 7*7 }}}}位职工参与<img src=x onerror=alert(1)>。\n"
        "控制字符\x00与\x07在这里,回车\r\n换行。\n"
    ).encode(),
    "zerowidth.txt": f"宁波市总工{ZW}会报告。\n宁波市现有职{ZW}工\u200d书\ufeff屋88家,爱{ZW}心驿站19个。\n".encode(),
    "long.txt": long_line().encode(),
    "gb18030.txt": "䶮城市总工会报告。\n䶮城市现有职工书屋5家,𠀀字也在。\n".encode("gb18030"),
    "empty.txt": b"",
    "invisible.txt": f"{ZW}\n \u3000\n\ufeff".encode(),
    "dup.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n".encode(),  # = a.txt
}


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, str]:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, data in REPORTS.items():
        (corpus / name).write_bytes(data)
    server = fork_server()
    server.start_many([])  # wait for the fork server's imports, so the timing below is the build's own
    started = time.monotonic()
    code = server.run(
        ["index", "--corpus", str(corpus), "--index-dir", str(root / "index")],
        root / "index.log",
        timeout=BUILD_LIMIT_S + 60,
    )
    seconds = time.monotonic() - started
    log = (root / "index.log").read_text()
    assert code == 0, log
    return root / "index", seconds, log


@pytest.fixture(scope="module")
def url(hostile_index: tuple[Path, float, str]) -> Iterator[str]:
    with LiveServer(create_app(Settings(index_dir=hostile_index[0]))) as base:
        yield base


@pytest.fixture(scope="module")
def http(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=120) as client:
        yield client


# -- hostile reports -----------------------------------------------------------------------------------------


def test_hostile_reports_are_indexed_in_bounded_time_and_chunk_size(hostile_index: tuple[Path, float, str]) -> None:
    index_dir, seconds, log = hostile_index
    assert seconds < BUILD_LIMIT_S, f"indexing took {seconds:.0f} s"
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    assert set(index.documents) == {"a", "markup", "zerowidth", "long", "gb18030"}
    manifest = store.read_manifest(index.path)
    assert manifest["counts"]["skipped_empty"] == 2 and manifest["counts"]["skipped_duplicate"] == 1
    assert {Path(p).name for p in manifest["skipped"]["empty"]} == {"empty.txt", "invisible.txt"}
    assert [Path(p).name for p in manifest["skipped"]["duplicate"]] == ["dup.txt"]
    lengths = [len(c.text) for c in index.chunks]
    assert max(lengths) <= min(MAX_CHARS, 300) and min(lengths) > 0
    for chunk in index.chunks:
        assert index.documents[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
    long_doc = index.documents["long"].text
    assert len(long_doc.encode()) >= LONG_LINE_BYTES
    long_chunks = [c for c in index.chunks if c.doc_id == "long"]
    assert len(long_chunks) >= len(long_doc) // MAX_CHARS
    assert "".join(c.text for c in long_chunks) == long_doc  # split, nothing lost, nothing repeated


def test_invisible_characters_are_removed_and_gb18030_is_decoded(hostile_index: tuple[Path, float, str]) -> None:
    index = CorpusIndex.load(hostile_index[0], DEFAULT_EMBED_MODEL)
    text = index.documents["zerowidth"].text
    assert "职工书屋88家" in text and "爱心驿站19个" in text
    assert not re.search("[\u200b\u200c\u200d\ufeff]", "".join(d.text for d in index.documents.values()))
    gb = index.documents["gb18030"].text
    assert "䶮城市" in gb and "𠀀" in gb
    with pytest.raises(UnicodeEncodeError):
        "䶮".encode("gbk")  # the point of the file: a character GBK does not have


def test_words_split_by_zero_width_characters_are_found(http: httpx.Client) -> None:
    answer = ask(http, "宁波有多少职工书屋")
    assert answer["found"] and answer["numbers"][0]["value"] == 88


def test_gb18030_only_characters_are_searchable(http: httpx.Client) -> None:
    hits = http.get("/api/search", params={"q": "䶮城市职工书屋", "mode": "bm25"}).json()["hits"]
    assert hits and hits[0]["doc_id"] == "gb18030"


def test_report_markup_is_data_in_the_api_and_text_on_the_pages(http: httpx.Client) -> None:
    doc = http.get("/api/documents/markup").json()
    assert SCRIPT in doc["text"] and "{{ 7*7 }}" in doc["text"] and "\x00" in doc["text"]
    page = http.get("/documents/markup")
    assert page.status_code == 200
    html = page.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "window.__pwned=1</script>" not in html and "<img src=x" not in html
    assert "{{ 7*7 }}" in html and "{% for x in y %}" in html and "49位" not in html
    assert "script-src 'self'" in page.headers["content-security-policy"]
    answered = http.post("/ask", data={"question": "温州有多少爱心驿站"})
    assert answered.status_code == 200
    assert "window.__pwned=1</script>" not in answered.text and "&lt;script&gt;" in answered.text


def test_the_long_report_page_renders(http: httpx.Client) -> None:
    chunk = http.get("/api/search", params={"q": "职工服务中心建设工作推进会议", "k": 1, "mode": "bm25"}).json()
    hit = chunk["hits"][0]
    assert hit["doc_id"] == "long" and len(hit["text"]) <= MAX_CHARS
    page = http.get("/documents/long", params={"start": 300, "end": 600})
    assert page.status_code == 200 and '<span id="passage" class="cited">' in page.text


# -- hostile questions -------------------------------------------------------------------------------------


def ask(http: httpx.Client, question: str, **extra: Any) -> dict[str, Any]:
    response = http.post("/api/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def post_raw(http: httpx.Client, body: bytes) -> httpx.Response:
    return http.post("/api/ask", content=body, headers={"content-type": "application/json"})


def assert_clean(response: httpx.Response) -> None:
    """A clean answer (200 with the contract's fields) or a clean refusal (422 with `detail`), never a 500."""
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        assert ANSWER_KEYS <= set(body) <= set(Answer.model_fields)
    else:
        assert set(body) == {"detail"} and body["detail"]


QUESTIONS = {
    "nul": "\x00",
    "nul-inside": "江门\x00有多少爱心驿站",
    "control": "\x07\x1b[31m江门\x7f",
    "emoji": "🙂🔥👨\u200d👩\u200d👧",
    "emoji-question": "江门有多少爱心驿站🙂",
    "punctuation": "？！。，、；：……——",
    "ascii-punctuation": "?!.,;:'\"()[]{}<>",
    "template": "{{ 7*7 }}{% raw %}",
    "markup": "<script>alert(1)</script>",
    "sql": "' OR 1=1; DROP TABLE chunks; --",
    "rtl-override": "\u202e江门有多少爱心驿站",
    "full-width": "ＪＩＡＮＧＭＥＮ有多少爱心驿站２７",
    "newlines": "\r\n\t江门\r\n有多少\n",
    "combining": "江\u0301门\u0308",
    "private-use": "\ue000\uf8ff",
    "noncharacter": "\ufffe\uffff",
    "astral": "𠀀𪚥䶮",
    "exactly-1000": ("？" * 1000),
    "4000-chars": "江门" * 2000,
}


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=QUESTIONS.keys())
def test_odd_questions_get_a_clean_answer_or_a_422(http: httpx.Client, question: str) -> None:
    response = http.post("/api/ask", json={"question": question})
    assert_clean(response)
    if len(question) > 1000:
        assert response.status_code == 422
    search = http.get("/api/search", params={"q": question})
    assert search.status_code in (200, 422), search.text[:300]
    page = http.post("/ask", data={"question": question})
    assert page.status_code in (200, 422), page.text[:300]


@pytest.mark.parametrize(
    "body",
    [
        b'{"question": "\\ud800"}',  # a lone high surrogate, as JSON allows writing it
        b'{"question": "\\udfff"}',
        b'{"question": "\\u6c5f\\u95e8\\ud800\\u6709\\u591a\\u5c11"}',
        b'{"question": "\\ud83d\\ude42"}',  # a proper surrogate pair: an emoji
        b'{"question": "x", "top_k": "\\ud800"}',
        b'{"\\ud800": "x"}',
        b'{"question": "\\u0000"}',
        b'{"question": "\xed\xa0\x80"}',  # a surrogate encoded as UTF-8 bytes: not valid UTF-8
        b'{"question": "\xc0\xaf"}',  # an overlong encoding
        b'{"question": "x", "question": "\\ud800"}',
        b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}",  # deep nesting
        b'{"question": 1e999999}',
        b'{"question": "' + "江".encode() * 4000 + b'"}',
    ],
    ids=[
        "lone-high",
        "lone-low",
        "lone-inside",
        "pair",
        "lone-top-k",
        "lone-key",
        "nul-escape",
        "cesu8",
        "overlong",
        "duplicate-key",
        "deep-nesting",
        "huge-number",
        "4000-chars",
    ],
)
def test_raw_json_bodies_never_give_a_500(http: httpx.Client, body: bytes) -> None:
    assert_clean(post_raw(http, body))


def test_a_lone_surrogate_is_refused_with_a_422(http: httpx.Client) -> None:
    # It cannot be encoded as UTF-8, so no answer that echoes the question could be sent back.
    response = post_raw(http, b'{"question": "\\u6c5f\\u95e8\\ud800"}')
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "question"] and error["msg"]
    assert "input" not in error and "江门" not in json.dumps(error, ensure_ascii=False)  # never echoed


@pytest.mark.parametrize("query", ["%ED%A0%80", "%00", "%FF%FE", "%C0%AF", "%F0%9F%99%82", "%E4%B6%AE"])
def test_odd_bytes_in_the_query_string_never_give_a_500(http: httpx.Client, query: str) -> None:
    for path in (f"/api/search?q={query}", f"/api/search?q=x&mode={query}", f"/api/search?q=x&k={query}"):
        response = http.get(path)
        assert response.status_code in (200, 422), (path, response.text[:300])
    for path in (f"/api/documents/{query}", f"/documents/{query}", f"/documents/a?start={query}&end={query}"):
        response = http.get(path)
        assert response.status_code in (200, 404), (path, response.text[:300])
    form = http.post(
        "/ask", content=f"question={query}".encode(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code in (200, 422), form.text[:300]


def test_bodies_over_the_limit_are_413(http: httpx.Client) -> None:
    big = json.dumps({"question": "江门" * 40_000}).encode()
    assert len(big) > 64 * 1024
    response = post_raw(http, big)
    assert response.status_code == 413 and "detail" in response.json()
    form = http.post("/ask", data={"question": "江" * 70_000})
    assert form.status_code == 413
