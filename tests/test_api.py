"""The HTTP API against a real uvicorn server on loopback, over the real seed index (shared/API.md)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from index.embed import DEFAULT_EMBED_MODEL
from qa.config import Settings
from qa.schemas import Answer
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow

# The contract's fields: these always, and the optional ones added since (docs/API.md) beside them.
ANSWER_KEYS = {"question", "found", "answer", "numbers", "citations", "took_ms"}
NUMBER_KEYS = {"value", "unit", "text", "qualifier", "subject", "citation", "start", "end"}
CITATION_KEYS = {"id", "doc_id", "title", "chunk_id", "text", "score", "start", "end", "place", "section"}
HIT_KEYS = {"doc_id", "chunk_id", "title", "text", "score", "bm25_rank", "dense_rank"}
QUESTIONS = [
    "江门有多少爱心驿站",
    "陕西建成了多少家省级职工书屋",
    "台州有多少家联合工会",
    "平湖户外劳动者驿站累计服务了多少人次",
    "台州有多少爱心驿站",
]


def is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


@pytest.fixture(scope="module")
def client(seed_index_dir: Path) -> Iterator[httpx.Client]:
    # No assistant passed in: the app loads the index itself in its lifespan, as `qa serve` does.
    with (
        LiveServer(create_app(Settings(index_dir=seed_index_dir))) as url,
        httpx.Client(base_url=url, timeout=120) as http,
    ):
        yield http


@pytest.fixture(scope="module")
def jiangmen(client: httpx.Client) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": "江门有多少爱心驿站"})
    assert response.status_code == 200, response.text
    return response.json()


def ask(client: httpx.Client, question: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"} and body["detail"], body
    return body["detail"]


# -- POST /api/ask ---------------------------------------------------------------------------------------


def test_ask_answers_with_every_contract_field(jiangmen: dict[str, Any]) -> None:
    a = jiangmen
    assert ANSWER_KEYS <= set(a) <= set(Answer.model_fields)
    assert a["question"] == "江门有多少爱心驿站"
    assert a["found"] is True
    assert isinstance(a["answer"], str) and "27个" in a["answer"]
    assert isinstance(a["took_ms"], float) and a["took_ms"] >= 0

    assert a["numbers"], "a found numeric answer has numbers"
    for n in a["numbers"]:
        assert set(n) == NUMBER_KEYS
        assert isinstance(n["value"], int | float) and not isinstance(n["value"], bool)
        assert isinstance(n["unit"], str) and isinstance(n["text"], str) and isinstance(n["subject"], str)
        assert n["qualifier"] is None or isinstance(n["qualifier"], str)
        assert is_int(n["citation"]) and is_int(n["start"]) and is_int(n["end"])
    first = a["numbers"][0]
    assert first["value"] == 27 and first["unit"] == "个" and first["text"] == "27个"
    assert first["qualifier"] is None
    assert "爱心驿站" in first["subject"]

    assert 1 <= len(a["citations"]) <= 5  # top_k defaults to 5
    for i, c in enumerate(a["citations"], 1):
        assert set(c) == CITATION_KEYS
        assert c["id"] == i
        assert all(isinstance(c[k], str) and c[k] for k in ("doc_id", "title", "chunk_id", "text"))
        assert isinstance(c["score"], float) and 0 <= c["score"] <= 1
        assert is_int(c["start"]) and is_int(c["end"]) and c["start"] < c["end"]
        assert c["chunk_id"].startswith(c["doc_id"])
    cited = {c["id"]: c for c in a["citations"]}
    assert cited[first["citation"]]["doc_id"].startswith("004")


def test_explain_only_when_asked(client: httpx.Client, jiangmen: dict[str, Any]) -> None:
    assert "explain" not in jiangmen
    response = client.post("/api/ask?explain=true", json={"question": "江门有多少爱心驿站"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert ANSWER_KEYS | {"explain"} <= set(body) <= set(Answer.model_fields)
    assert body["numbers"] == jiangmen["numbers"]
    types = [c["type"] for c in body["explain"]]
    assert "none" in types and types[0] == "number"
    assert all({"text", "score", "probability", "features", "contributions"} <= set(c) for c in body["explain"])
    assert_error(client.post("/api/ask?explain=maybe", json={"question": "江门有多少爱心驿站"}), 422)


@pytest.mark.parametrize("question", QUESTIONS)
def test_number_offsets_point_into_the_cited_passage(client: httpx.Client, question: str) -> None:
    a = ask(client, question)
    cited = {c["id"]: c for c in a["citations"]}
    for n in a["numbers"]:
        assert cited[n["citation"]]["text"][n["start"] : n["end"]] == n["text"]


def test_citation_offsets_index_into_the_document_text(client: httpx.Client, jiangmen: dict[str, Any]) -> None:
    texts: dict[str, str] = {}
    for c in jiangmen["citations"]:
        if c["doc_id"] not in texts:
            response = client.get(f"/api/documents/{c['doc_id']}")
            assert response.status_code == 200
            texts[c["doc_id"]] = response.json()["text"]
        assert texts[c["doc_id"]][c["start"] : c["end"]] == c["text"]


def test_a_question_the_reports_do_not_answer_is_not_found(client: httpx.Client) -> None:
    a = ask(client, "台州有多少爱心驿站")
    assert a["found"] is False
    assert a["numbers"] == []
    assert a["citations"], "the closest passages are still cited"
    assert isinstance(a["answer"], str) and a["answer"]


@pytest.mark.parametrize("top_k", [1, 2, 50])
def test_top_k_bounds_the_citations(client: httpx.Client, top_k: int) -> None:
    a = ask(client, "江门有多少爱心驿站", top_k=top_k)
    assert 1 <= len(a["citations"]) <= top_k


def test_a_question_of_exactly_1000_characters_is_accepted(client: httpx.Client) -> None:
    question = ("江门有多少爱心驿站" * 112)[:1000]
    assert ask(client, question)["question"] == question


def test_concurrent_questions_get_the_same_answer(client: httpx.Client) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda q: ask(client, q), ["江门有多少爱心驿站"] * 6))
    assert {(a["numbers"][0]["value"], a["citations"][0]["chunk_id"]) for a in answers} == {
        (27, answers[0]["citations"][0]["chunk_id"])
    }


# -- follow-up questions (history) -------------------------------------------------------------------------

JIANGMEN_TURN = {"question": "江门有多少爱心驿站", "answer": "江门全市现有户外劳动者工会爱心驿站27个。"}


def test_a_follow_up_takes_the_thing_asked_before_for_the_new_place(client: httpx.Client) -> None:
    # 陕西, not 平湖: the 平湖 report counts 户外劳动者驿站, which the fitted scorer does not take for 爱心驿站.
    alone = ask(client, "陕西有多少爱心驿站")
    a = ask(client, "那陕西呢", history=[JIANGMEN_TURN])
    assert a["question"] == "那陕西呢" and a["resolved_question"] == "陕西有多少爱心驿站"
    assert a["found"] is True and a["numbers"][0]["text"] == alone["numbers"][0]["text"]
    assert a["citations"][0]["chunk_id"] == alone["citations"][0]["chunk_id"]
    assert a["citations"][0]["doc_id"].startswith("003")  # the 陕西 report, not 江门's
    # Without history the same words stand alone, as before.
    assert ask(client, "那平湖呢")["resolved_question"] is None


def test_a_chain_of_follow_ups_keeps_inheriting(client: httpx.Client) -> None:
    history = [JIANGMEN_TURN, {"question": "那平湖呢", "answer": "全市共有户外劳动者驿站192家。"}]
    a = ask(client, "去年呢", history=history)
    assert a["resolved_question"] == "去年平湖有多少爱心驿站"
    b = ask(client, "那职工书屋呢", history=[JIANGMEN_TURN])
    assert b["resolved_question"] == "江门有多少职工书屋" and b["found"] is True
    assert "书屋" in b["numbers"][0]["subject"]


@pytest.mark.parametrize(
    "question, history",
    [("那平湖呢", []), ("那呢", [JIANGMEN_TURN]), ("？", [JIANGMEN_TURN])],
    ids=["nothing-before", "nothing-to-change", "punctuation"],
)
def test_a_follow_up_that_cannot_be_resolved_says_so(
    client: httpx.Client, question: str, history: list[dict[str, str]]
) -> None:
    a = ask(client, question, history=history)
    assert a["found"] is False and a["numbers"] == [] and a["citations"] == [] and a["resolved_question"] is None
    assert "追问" in a["answer"] and "请把问题问完整" in a["answer"]


def test_a_question_that_stands_alone_ignores_the_history(client: httpx.Client) -> None:
    a = ask(client, "陕西建成了多少家省级职工书屋", history=[JIANGMEN_TURN])
    assert a["resolved_question"] is None and a["question"] == "陕西建成了多少家省级职工书屋"
    assert a["numbers"][0]["unit"] == "家"


@pytest.mark.parametrize(
    "history, says",
    [
        ([JIANGMEN_TURN] * 9, "最多 8 项"),
        ("江门有多少爱心驿站", "必须是列表"),
        ([{"question": "", "answer": ""}], "不能为空"),
        ([{"answer": "27个"}], "缺少"),
        ([{"question": "问" * 1001, "answer": ""}], "最多 1000 个字"),
        ([{"question": "江门有多少爱心驿站", "answer": "答" * 1001}], "最多 1000 个字"),
    ],
    ids=["too-many", "not-a-list", "empty-question", "no-question", "long-question", "long-answer"],
)
def test_a_bad_history_is_a_422_in_chinese_that_does_not_echo_it(client: httpx.Client, history: Any, says: str) -> None:
    detail = assert_error(client.post("/api/ask", json={"question": "那平湖呢", "history": history}), 422)
    assert isinstance(detail, list) and detail
    assert all(set(d) == {"loc", "msg", "type"} and d["loc"][:2] == ["body", "history"] for d in detail)
    text = json.dumps(detail, ensure_ascii=False)
    assert says in text and "江门有多少爱心驿站" not in text and "问问问" not in text and "答答答" not in text


def test_validation_messages_are_chinese_and_never_echo_the_input(client: httpx.Client) -> None:
    question = "江门" * 501
    [error] = assert_error(client.post("/api/ask", json={"question": question}), 422)
    assert error == {
        "loc": ["body", "question"],
        "msg": "问题（question）太长：最多 1000 个字。",
        "type": "string_too_long",
    }
    [error] = assert_error(client.post("/api/ask", json={"question": "江门", "top_k": 99}), 422)
    assert error["msg"] == "top_k超出范围：应不大于 50。"


def test_citations_carry_the_report_place_and_section(client: httpx.Client, jiangmen: dict[str, Any]) -> None:
    first = jiangmen["citations"][0]
    assert first["place"] == "江门市"
    text = client.get(f"/api/documents/{first['doc_id']}").json()["text"]
    assert first["section"] and first["section"] in text[: first["start"]]  # a heading above the passage
    pinghu = ask(client, "平湖户外劳动者驿站累计服务了多少人次")["citations"][0]
    assert pinghu["doc_id"].startswith("000") and pinghu["place"] == "平湖市"


# -- invalid input: 422 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question": ""},
        {"question": "   "},
        {"question": "\n\t\u3000"},
        {"question": "问" * 1001},
        {"question": None},
        {"question": 123},
        {"question": ["江门有多少爱心驿站"]},
        {"question": "江门有多少爱心驿站", "top_k": 0},
        {"question": "江门有多少爱心驿站", "top_k": 51},
        {"question": "江门有多少爱心驿站", "top_k": -1},
        {"question": "江门有多少爱心驿站", "top_k": "many"},
        {"question": "江门有多少爱心驿站", "top_k": 2.5},
        {"question": "江门有多少爱心驿站", "top_k": None},
        [],
        "江门有多少爱心驿站",
        None,
    ],
    ids=lambda body: json.dumps(body, ensure_ascii=False)[:40],
)
def test_invalid_questions_are_422(client: httpx.Client, body: object) -> None:
    assert_error(client.post("/api/ask", json=body), 422)


@pytest.mark.parametrize(
    "raw, content_type",
    [
        (b'{"question": ', "application/json"),
        (b"question=\xe6\xb1\x9f", "application/json"),
        (b'{"question": "\xff\xfe\xfa"}', "application/json"),  # not UTF-8
        ('{"question": "江门有多少爱心驿站"}'.encode(), "text/plain"),  # JSON is only parsed as application/json
        (b"", "application/json"),
    ],
    ids=["truncated", "not-json", "not-utf8", "text-plain", "empty"],
)
def test_malformed_bodies_are_422(client: httpx.Client, raw: bytes, content_type: str) -> None:
    assert_error(client.post("/api/ask", content=raw, headers={"content-type": content_type}), 422)


def test_a_json_body_sent_as_a_form_says_to_send_json(client: httpx.Client) -> None:
    # What `curl -d '{"question": …}'` sends without -H 'Content-Type: application/json'.
    response = client.post(
        "/api/ask",
        content='{"question": "江门有多少爱心驿站"}'.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert "Content-Type: application/json" in assert_error(response, 422)


# -- body size: 413 ------------------------------------------------------------------------------------------


def test_a_body_over_64_kb_is_413(client: httpx.Client) -> None:
    body = json.dumps({"question": "江门有多少爱心驿站", "pad": "x" * 70_000}).encode()
    response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert "65536" in assert_error(response, 413)


def test_a_streamed_body_over_64_kb_without_content_length_is_413(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "x", "pad": "'
        for _ in range(10):
            yield b"x" * 8192
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers  # sent chunked: only counting can catch it
    assert_error(response, 413)


def test_a_body_just_under_64_kb_is_answered(client: httpx.Client) -> None:
    body = '{"question": "江门有多少爱心驿站"' + " " * 60_000 + "}"
    response = client.post("/api/ask", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["numbers"][0]["value"] == 27


def test_a_large_body_on_a_route_without_a_body_is_413(client: httpx.Client) -> None:
    assert_error(client.request("GET", "/healthz", content=b"x" * 70_000), 413)


# -- the other endpoints ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_search_modes_and_rank_fields(client: httpx.Client, mode: str) -> None:
    response = client.get("/api/search", params={"q": "江门 爱心驿站", "k": 7, "mode": mode})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert set(response.json()) == {"hits"}
    assert 1 <= len(hits) <= 7
    for rank, h in enumerate(hits, 1):
        assert set(h) == HIT_KEYS
        assert isinstance(h["score"], float)
        assert all(r is None or (is_int(r) and r >= 1) for r in (h["bm25_rank"], h["dense_rank"]))
        if mode == "bm25":
            assert h["bm25_rank"] == rank and h["dense_rank"] is None
        elif mode == "dense":
            assert h["dense_rank"] == rank and h["bm25_rank"] is None
        else:
            assert h["bm25_rank"] is not None or h["dense_rank"] is not None
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    if mode != "dense":  # the packaged English model is weak on Chinese; BM25 finds the 江门 report
        assert any(h["doc_id"].startswith("004") for h in hits)


def test_search_defaults_to_ten_hybrid_hits(client: httpx.Client) -> None:
    hits = client.get("/api/search", params={"q": "职工书屋"}).json()["hits"]
    assert len(hits) == 10


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "  "},
        {"q": "x" * 1001},
        {"q": "书屋", "k": 0},
        {"q": "书屋", "k": 51},
        {"q": "书屋", "k": "ten"},
        {"q": "书屋", "mode": "fuzzy"},
    ],
    ids=str,
)
def test_invalid_search_is_422(client: httpx.Client, params: dict[str, str | int]) -> None:
    assert_error(client.get("/api/search", params=params), 422)


def test_documents_list_and_text(client: httpx.Client) -> None:
    response = client.get("/api/documents")
    assert response.status_code == 200
    docs = response.json()
    assert isinstance(docs, list) and len(docs) == 5
    for d in docs:
        assert {"doc_id", "title", "chars", "chunks", "status"} <= set(d) and d["status"] == "ready"
        assert is_int(d["chars"]) and is_int(d["chunks"]) and d["chunks"] >= 1
    one = client.get(f"/api/documents/{docs[0]['doc_id']}").json()
    assert set(one) == {"doc_id", "title", "text"}
    assert one["doc_id"] == docs[0]["doc_id"] and one["title"] == docs[0]["title"]
    assert len(one["text"]) == docs[0]["chars"]
    health = client.get("/healthz").json()
    assert sum(d["chunks"] for d in docs) == health["chunks"]


@pytest.mark.parametrize("doc_id", ["nope", "004", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E"])
def test_an_unknown_document_is_404(client: httpx.Client, doc_id: str) -> None:
    assert_error(client.get(f"/api/documents/{doc_id}"), 404)


def test_healthz(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "documents": 5,
        "chunks": response.json()["chunks"],
        "embed_model": DEFAULT_EMBED_MODEL,
        "outdated": [],
    }
    assert is_int(response.json()["chunks"]) and response.json()["chunks"] > 5


def test_openapi_docs(client: httpx.Client) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()  # offline: Swagger UI's files come from this server
    for asset in ("/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-ui.css"):
        assert asset in docs.text and client.get(asset).status_code == 200
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.0.")  # what the bundled Swagger UI (4.15) can render
    assert '"type": "null"' not in json.dumps(spec) and '"const"' not in json.dumps(spec)  # no 3.1-only schema
    assert {"/api/ask", "/api/search", "/api/documents", "/api/documents/{doc_id}", "/healthz"} <= set(spec["paths"])
    assert "/" not in spec["paths"] and "/ask" not in spec["paths"]  # the HTML pages are not API
    top_k = spec["components"]["schemas"]["AskRequest"]["properties"]["top_k"]
    assert (top_k["minimum"], top_k["maximum"], top_k["default"]) == (1, 50, 5)


# -- nothing a client sends gives a 500 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "?",
        "的",
        "多少",
        "🙂🙂",
        "\x00",
        "<script>alert(1)</script>",
        "123456",
        "SELECT * FROM chunks",
        "江门" * 500,
        "有多少个？",
        "一二三四五六七八九十",
    ],
)
def test_odd_questions_are_answered_not_500(client: httpx.Client, question: str) -> None:
    a = ask(client, question)
    assert ANSWER_KEYS <= set(a) <= set(Answer.model_fields)


@pytest.mark.parametrize("q", ["?", "的", "🙂", "\x00", "<b>", "a" * 1000])
@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_odd_searches_are_answered_not_500(client: httpx.Client, q: str, mode: str) -> None:
    response = client.get("/api/search", params={"q": q, "mode": mode})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "method, path", [("GET", "/api/nothing"), ("GET", "/api/ask"), ("DELETE", "/healthz"), ("PUT", "/api/documents")]
)
def test_unknown_routes_and_methods_answer_json(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code in (404, 405)
    assert "detail" in response.json()


# -- no index: 503, and the app still starts ------------------------------------------------------------------


def _broken_index(tmp: Path) -> Path:
    """An index whose current build has lost its manifest (an interrupted copy, say)."""
    (tmp / "builds" / "b1").mkdir(parents=True)
    (tmp / "current").symlink_to(Path("builds") / "b1")
    return tmp


@pytest.mark.parametrize("case", ["missing", "empty", "broken"])
def test_without_a_loadable_index_the_api_answers_503(tmp_path: Path, case: str) -> None:
    index_dir = {
        "missing": lambda: tmp_path / "nowhere",
        "empty": lambda: tmp_path,
        "broken": lambda: _broken_index(tmp_path),
    }[case]()
    with LiveServer(create_app(Settings(index_dir=index_dir))) as url, httpx.Client(base_url=url) as http:
        detail = assert_error(http.post("/api/ask", json={"question": "江门有多少爱心驿站"}), 503)
        assert "qa index" in detail
        if case == "broken":
            assert "manifest.json" in detail
        for path in ("/healthz", "/api/search?q=书屋", "/api/documents", "/api/documents/004"):
            assert assert_error(http.get(path), 503) == detail
        page = http.get("/")
        assert page.status_code == 200 and "qa index" in page.text  # the page says what to run


def test_a_server_bug_is_a_json_500_and_logged(
    assistant: Any, seed_index_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The only way to reach the catch-all handler is a bug, so one is planted in the real assistant.
    def broken_ask(question: str, top_k: int = 5, **options: Any) -> None:
        raise RuntimeError("planted bug")

    app = create_app(Settings(index_dir=seed_index_dir), assistant=assistant)
    with LiveServer(app) as url, httpx.Client(base_url=url) as http:
        monkeypatch.setattr(assistant, "ask", broken_ask)
        with caplog.at_level(logging.ERROR, logger="web"):
            detail = assert_error(http.post("/api/ask", json={"question": "江门有多少爱心驿站"}), 500)
        assert detail == "internal server error"
        assert any("planted bug" in str(r.exc_info) for r in caplog.records if r.exc_info)
        monkeypatch.undo()
        assert http.get("/healthz").status_code == 200
