"""Managing reports, end to end: upload through the API and through the reports page (real Chromium), the
background rebuild (a real `qa index` child process, atomic swap, reload), the uploaded report's number
answered by /api/ask, delete, and gone from answers; who may write; bad files listed with their reasons.

A real index of a two-report corpus (each rebuild re-encodes it: ~30 s on a busy 2-core machine).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from index.build import build_index
from index.embed import DEFAULT_EMBED_MODEL
from qa.config import Settings
from tests.helpers_browser import shoot
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow

REBUILD_LIMIT_S = 300
CORPUS = {
    "jiangmen.txt": "江门市总工会工作报告\n江门全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n",
    "shaanxi.txt": "陕西省总工会工作报告\n陕西建成省级职工书屋1200家,职工之家300个。\n",
}
UPLOAD = "台州市总工会工作报告\n台州全市已建成联合工会368家,覆盖职工12万人。\n"
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">温州.txt'
HOSTILE_UPLOAD = "<script>window.__pwned=2</script>温州市总工会报告\n温州市现有户外劳动者爱心驿站42个。\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    base = tmp_path_factory.mktemp("reports")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, "utf-8")
    index_dir = base / "index"
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    settings = Settings(index_dir=index_dir, corpus=[corpus], upload_dir=base / "uploads")
    app = create_app(settings)
    with LiveServer(app) as url:
        yield url, app


def wait_idle(url: str) -> dict[str, Any]:
    deadline = time.monotonic() + REBUILD_LIMIT_S
    while time.monotonic() < deadline:
        status = httpx.get(f"{url}/api/index/status", timeout=10).json()
        if status["state"] == "idle":
            return status
        time.sleep(0.5)
    raise AssertionError(f"the rebuild did not finish in {REBUILD_LIMIT_S} s")


def ask(url: str, question: str) -> dict[str, Any]:
    response = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200
    return response.json()


def listed(url: str) -> dict[str, dict[str, Any]]:
    return {d["doc_id"]: d for d in httpx.get(f"{url}/api/documents", timeout=10).json()}


def test_an_uploaded_report_is_answered_after_the_rebuild(site: tuple[str, Any]) -> None:
    url, _ = site
    assert not ask(url, "台州有多少联合工会")["found"]
    files = [
        ("files", ("taizhou.txt", UPLOAD.encode(), "text/plain")),
        ("files", ("junk.txt", bytes(range(256)) * 8, "text/plain")),  # neither UTF-8 nor GB18030
        ("files", ("report.exe", b"MZ...", "application/octet-stream")),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("jiangmen.txt", CORPUS["jiangmen.txt"].encode(), "text/plain")),  # the name is taken
    ]
    response = httpx.post(f"{url}/api/documents", files=files, timeout=60)
    assert response.status_code == 202
    results = {f["filename"]: f for f in response.json()["files"]}
    assert results["taizhou.txt"] == {
        "filename": "taizhou.txt",
        "doc_id": "taizhou",
        "status": "indexing",
        "error": None,
    }
    for name in ("junk.txt", "report.exe", "empty.txt", "jiangmen.txt"):
        assert results[name]["status"] == "failed" and results[name]["doc_id"] is None and results[name]["error"], name
    assert "UTF-8" in results["junk.txt"]["error"] and ".exe" in results["report.exe"]["error"]
    assert listed(url)["taizhou"]["status"] in ("indexing", "ready")

    status = wait_idle(url)
    assert status["last_error"] is None and status["rebuilds"] >= 1
    report = listed(url)["taizhou"]
    assert report["status"] == "ready" and report["origin"] == "upload" and report["chunks"] >= 1
    assert report["title"] == "台州市总工会工作报告" and report["place"] == "台州市" and report["added"]
    assert listed(url)["jiangmen"]["origin"] == "corpus"
    answer = ask(url, "台州有多少联合工会")
    assert answer["found"] and answer["numbers"][0]["value"] == 368
    assert answer["citations"][answer["numbers"][0]["citation"] - 1]["doc_id"] == "taizhou"


def test_reports_in_the_corpus_are_never_deleted_by_the_server(site: tuple[str, Any]) -> None:
    url, _ = site
    refused = httpx.delete(f"{url}/api/documents/jiangmen", timeout=10)
    assert refused.status_code == 409 and "qa index" in refused.json()["detail"]
    assert httpx.delete(f"{url}/api/documents/no-such-report", timeout=10).status_code == 404
    assert ask(url, "江门有多少爱心驿站")["found"]


def test_upload_and_delete_from_the_reports_page(site: tuple[str, Any], browser: Browser, tmp_path: Path) -> None:
    url, _ = site
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page: Page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())  # the delete confirm

    page.goto(url + "/")
    page.locator(".site-header a[href='/reports']").click()
    page.wait_for_url(url + "/reports")
    expect(page.locator('tr[data-doc-id="taizhou"] .status')).to_contain_text("可用")

    upload = tmp_path / HOSTILE_NAME.replace("/", "_")
    upload.write_text(HOSTILE_UPLOAD, "utf-8")
    page.set_input_files("#upload-files", str(upload))
    page.click("#upload-button")
    expect(page.locator("#upload-results")).to_contain_text("已上传")
    row = page.locator("tr[data-doc-id]").filter(has_text="温州")
    expect(row.locator(".status")).to_contain_text("可用", timeout=REBUILD_LIMIT_S * 1000)
    expect(row.locator("a")).to_contain_text("<script>window.__pwned=2</scri")  # the title, shown as text
    doc_id = row.get_attribute("data-doc-id") or ""
    assert "<" not in doc_id and ">" not in doc_id and '"' not in doc_id
    assert ask(url, "温州有多少爱心驿站")["numbers"][0]["value"] == 42

    page.locator('tr[data-doc-id="taizhou"] button.delete').click()
    expect(page.locator('tr[data-doc-id="taizhou"]')).to_have_count(0, timeout=REBUILD_LIMIT_S * 1000)
    wait_idle(url)
    assert "taizhou" not in listed(url)
    answer = ask(url, "台州有多少联合工会")
    assert not answer["found"] and all(c["doc_id"] != "taizhou" for c in answer["citations"])
    assert page.evaluate("window.__pwned") is None
    assert errors == []
    context.close()


def test_writes_need_the_admin_token_when_one_is_set(tmp_path: Path) -> None:
    app = create_app(Settings(index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads", admin_token="s3cret"))
    client = TestClient(app, client=("127.0.0.1", 1234))  # no lifespan: the checks come before any index
    files = [("files", ("a.txt", "江门市报告。全市有驿站27个。".encode(), "text/plain"))]
    assert client.post("/api/documents", files=files).status_code == 401
    wrong = client.post("/api/documents", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert client.delete("/api/documents/a").status_code == 401
    assert client.get("/api/documents").status_code == 503  # reads stay open (503: no index here)
    right = client.delete("/api/documents/a", headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 404  # past the check: there is no such report


def test_without_a_token_only_this_machine_may_write(tmp_path: Path) -> None:
    app = create_app(Settings(index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads"))
    client = TestClient(app, client=("203.0.113.7", 1234))
    files = [("files", ("a.txt", "江门市报告。".encode(), "text/plain"))]
    assert client.post("/api/documents", files=files).status_code == 403
    assert client.delete("/api/documents/a").status_code == 403
    assert client.get("/api/documents").status_code == 503  # open, but there is no index here
    assert not (tmp_path / "uploads").exists()  # nothing was written


FIXTURES = Path(__file__).parent / "fixtures" / "readers"  # made by real tools (tests/fixtures/make_fixtures.py)


def ask_on_page(page: Page, question: str) -> Any:
    """Ask on the chat page; the new answer's locator once it is shown."""
    count = page.locator(".turn").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator(".turn")).to_have_count(count + 1, timeout=60_000)
    answer = page.locator(".turn .answer").last
    expect(answer).not_to_have_attribute("aria-busy", "true", timeout=60_000)
    return answer


def test_a_pdf_and_a_docx_uploaded_answered_and_one_deleted_in_the_page(
    site: tuple[str, Any], browser: Browser, tmp_path: Path
) -> None:
    """Issue 13's check, in real Chromium: upload a PDF (LibreOffice-like layout with a ruled table), a DOCX
    (headings, a table) and a corrupt PDF on the reports page, wait for the re-index (the corrupt one listed as
    failed with its reason), ask on the chat page about a number in running text and one in a table cell of
    each, delete the DOCX, and see it gone from the answers."""
    url, _ = site
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page: Page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())  # the delete confirm
    files = []
    for fixture, name in (("onecol.pdf", "ningbo.pdf"), ("report.docx", "jiaxing.docx")):
        files.append(tmp_path / name)
        files[-1].write_bytes((FIXTURES / fixture).read_bytes())
    files.append(tmp_path / "broken.pdf")  # a PDF header, then garbage: listed as failed with the reason
    files[-1].write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)

    page.goto(url + "/reports")
    page.set_input_files("#upload-files", [str(f) for f in files])
    page.click("#upload-button")
    expect(page.locator("#upload-results")).to_contain_text("ningbo.pdf")
    expect(page.locator("#upload-results")).to_contain_text("jiaxing.docx")
    for doc_id in ("ningbo", "jiaxing"):
        expect(page.locator(f'tr[data-doc-id="{doc_id}"] .status')).to_contain_text(
            "可用", timeout=REBUILD_LIMIT_S * 1000
        )
    wait_idle(url)
    broken = page.locator('tr[data-doc-id="broken"] .status')
    expect(broken).to_contain_text("失败", timeout=30_000)
    expect(broken.locator(".reason")).to_contain_text("PDF")
    reports = listed(url)
    assert reports["broken"]["status"] == "failed" and "PDF" in reports["broken"]["reason"]
    assert reports["ningbo"]["pages"] == 2 and reports["ningbo"]["chunks"] >= 1
    assert reports["jiaxing"]["title"] == "嘉兴市职工服务工作总结" and reports["jiaxing"]["chunks"] >= 1
    shoot(page, "reports-pdf-docx.png")

    page.goto(url + "/")
    expected = {  # a number in running text and one in a table cell ("表头: 值" rows), from each file
        "宁波全年累计投入帮扶资金多少": ("3860万元", "ningbo"),
        "鄞州区会员数是多少": ("33.2万人", "ningbo"),
        "嘉兴走访慰问困难职工多少户": ("5120户", "jiaxing"),
        "海宁市基层工会有多少个": ("3120个", "jiaxing"),
    }
    for question, (figure, doc_id) in expected.items():
        answer = ask_on_page(page, question)
        expect(answer.locator(".figure").first).to_have_text(figure)
        href = answer.locator(".citation a.source").first.get_attribute("href") or ""
        assert href.startswith(f"/documents/{doc_id}?"), (question, href)
    shoot(page, "answers-pdf-docx.png")

    page.goto(url + "/reports")
    page.locator('tr[data-doc-id="jiaxing"] button.delete').click()
    expect(page.locator('tr[data-doc-id="jiaxing"]')).to_have_count(0, timeout=REBUILD_LIMIT_S * 1000)
    wait_idle(url)
    assert "jiaxing" not in listed(url) and listed(url)["ningbo"]["status"] == "ready"

    page.goto(url + "/")
    gone = ask_on_page(page, "海宁市基层工会有多少个")
    expect(gone.locator(".figure").first).not_to_have_text("3120个")
    assert gone.locator('.citation a.source[href^="/documents/jiaxing"]').count() == 0
    kept = ask_on_page(page, "鄞州区会员数是多少")
    expect(kept.locator(".figure").first).to_have_text("33.2万人")
    shoot(page, "answers-after-delete.png")
    assert not ask(url, "嘉兴走访慰问困难职工多少户")["found"] or all(
        c["doc_id"] != "jiaxing" for c in ask(url, "嘉兴走访慰问困难职工多少户")["citations"]
    )
    assert errors == []
    context.close()
