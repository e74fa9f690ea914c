"""The chat page and the document page in real headless Chromium (playwright), against a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from qa.config import Settings
from tests.helpers_browser import SCREENSHOTS
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow
# Answers take well under a second on an idle machine; a shared, loaded one (2 cores, many processes) can
# take several, so waits on the page allow that much.
expect.set_options(timeout=20_000)

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE_REPORT = f"""{SCRIPT}温州工会
温州市总工会一年来的工作 {{{{ 7*7 }}}}。
温州市现有户外劳动者爱心驿站42个{SCRIPT},{{{{ 7*7 }}}}位职工参与{IMG}。
"""


@pytest.fixture(scope="module")
def base_url(seed_server_url: str) -> str:
    return seed_server_url


class Watched:
    """A page plus what went wrong on it: console errors (CSP violations show up there) and requests
    that left the server (the page must not load anything from outside)."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith((base_url, "data:")) else self.outside.append(r.url))

    def check_clean(self) -> None:
        assert self.errors == [] and self.outside == []


@pytest.fixture
def watched(browser: Browser, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    yield Watched(context, base_url)
    context.close()


def ask_by_enter(page: Page, question: str) -> None:
    page.fill("#question", question)
    page.press("#question", "Enter")


def test_typing_a_question_and_pressing_enter_shows_the_number_and_its_source(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "/")
    expect(page.locator("h1")).to_have_text("问报告里的数字")
    ask_by_enter(page, "江门有多少爱心驿站")
    answer = page.locator(".turn .answer").last
    expect(answer.locator(".figure")).to_have_text("27个")
    expect(answer.locator(".subject")).to_contain_text("爱心驿站")
    expect(answer.locator("mark", has_text="27个").first).to_be_visible()
    expect(answer.locator(".cite-no").first).to_have_text("1")
    assert re.match(
        r"^/documents/004_[^?]+\?start=\d+&end=\d+&mark=\d+-\d+#passage$",
        answer.locator("a.source").first.get_attribute("href") or "",
    )
    assert page.url == base_url + "/"  # answered in place by the JSON API, no page load
    expect(page.locator("#question")).to_have_value("")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # A window as tall as the page, rather than a full-page shot: the sticky header and question box then
    # sit where a reader sees them, at the top and the bottom.
    page.set_viewport_size({"width": 1100, "height": page.evaluate("document.documentElement.scrollHeight")})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "answer.png"))
    watched.check_clean()


def test_example_questions_are_answered_and_the_conversation_is_kept(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "/")
    page.get_by_role("button", name="陕西建成了多少家省级职工书屋").click()
    expect(page.locator(".turn")).to_have_count(1)
    expect(page.locator(".turn .figure").first).to_have_text(re.compile(r"\d+家"))
    page.get_by_role("button", name="台州有多少爱心驿站").click()
    expect(page.locator(".turn")).to_have_count(2)
    second = page.locator(".turn").nth(1)
    expect(second.locator(".question")).to_have_text("台州有多少爱心驿站")
    expect(second.locator(".figure")).to_have_text("报告中未找到")
    expect(second.locator(".citation").first).to_be_visible()  # the closest passage is still cited
    expect(page.locator(".turn").first.locator(".question")).to_have_text("陕西建成了多少家省级职工书屋")
    watched.check_clean()


def test_the_citation_link_opens_the_document_with_the_passage_and_its_number_marked(
    watched: Watched, base_url: str
) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ask_by_enter(page, "江门有多少爱心驿站")
    citation = page.locator(".turn .citation").first
    passage_text = citation.locator(".passage").inner_text()
    citation.locator("a.source").click()
    page.wait_for_url(re.compile(r"/documents/004_.*mark=\d+-\d+"))
    passage = page.locator("#passage")
    expect(passage).to_have_count(1)
    assert passage.inner_text().split() == passage_text.split()
    number = page.locator("#passage mark#number")
    expect(number).to_have_text("27个")  # the number itself is marked, not the whole passage
    expect(number).to_be_in_viewport()  # scrolled to, not left below the fold
    expect(page.locator(".doc-text mark")).to_have_count(1)
    expect(page.locator(".document .doc-place")).to_have_text("江门市")
    assert page.evaluate("window.scrollY") > 0  # the passage is deep in the report
    watched.check_clean()


def test_a_bad_question_shows_the_error_in_the_conversation(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "/")
    page.evaluate("document.getElementById('question').removeAttribute('maxlength')")
    ask_by_enter(page, "问" * 1001)
    expect(page.locator(".turn .error")).to_contain_text("问题无效")
    expect(page.locator(".turn .error")).to_contain_text("最多 1000 个字")  # in Chinese, and
    assert "问问问" not in page.locator(".turn .error").inner_text()  # the question is not echoed back


def test_without_javascript_the_form_posts_and_the_answer_is_rendered_by_the_server(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(base_url + "/")
    ask_by_enter(page, "江门有多少爱心驿站")
    page.wait_for_url(base_url + "/ask#answer")
    expect(page.locator(".turn .figure")).to_have_text("27个")
    expect(page.locator(".turn .figure")).to_be_in_viewport()  # #answer scrolls to it
    expect(page.locator(".turn mark", has_text="27个").first).to_be_visible()
    page.locator("a.source").first.click()
    expect(page.locator("#passage")).to_be_in_viewport()  # the #passage fragment scrolls without JS
    expect(page.locator("mark#number")).to_have_text("27个")
    page.goto(base_url + "/")
    page.get_by_role("button", name="台州有多少家联合工会").click()
    expect(page.locator(".turn .figure")).to_have_text(re.compile(r"\d+家"))
    context.close()


def test_a_blank_form_post_is_a_422_page(base_url: str) -> None:
    response = httpx.post(base_url + "/ask", data={"question": "  "})
    assert response.status_code == 422 and "请输入问题" in response.text
    response = httpx.post(base_url + "/ask", data={})
    assert response.status_code == 422


def test_an_unknown_document_page_is_a_404_page(base_url: str) -> None:
    response = httpx.get(base_url + "/documents/nope", params={"start": "x", "end": "-1"})
    assert response.status_code == 404 and "找不到这份报告" in response.text


# -- untrusted report text -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a one-report index whose report carries markup and template syntax."""
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    (corpus / "900_hostile.txt").write_text(HOSTILE_REPORT, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    with LiveServer(create_app(Settings(index_dir=index_dir))) as url:
        yield url


def test_report_markup_is_shown_as_text_and_never_run(browser: Browser, hostile_url: str) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    watched = Watched(context, hostile_url)
    page = watched.page
    page.goto(hostile_url + "/")
    ask_by_enter(page, "温州有多少爱心驿站")
    answer = page.locator(".turn .answer").last
    expect(answer.locator(".citation").first).to_be_visible()
    passage = answer.locator(".passage").first.inner_text()
    assert SCRIPT in passage and "{{ 7*7 }}" in passage and IMG in passage
    assert answer.locator(".cite-title").first.inner_text().startswith(SCRIPT)
    assert page.evaluate("typeof window.__pwned") == "undefined"

    answer.locator("a.source").first.click()
    page.wait_for_url(re.compile(r"/documents/900_hostile"))
    expect(page.locator("#passage")).to_be_visible()
    text = page.locator(".doc-text").inner_text()
    assert SCRIPT in text and "{{ 7*7 }}" in text and IMG in text
    assert page.locator("h1").inner_text().startswith(SCRIPT)
    assert page.title().startswith(SCRIPT)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".doc-text script, .doc-text img, .passage script").count() == 0
    watched.check_clean()
    context.close()


def test_report_markup_is_escaped_in_the_server_rendered_answer(hostile_url: str) -> None:
    response = httpx.post(hostile_url + "/ask", data={"question": "温州有多少爱心驿站"})
    assert response.status_code == 200
    html = response.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "window.__pwned=1</script>" not in html and "<img src=x" not in html
    assert "{{ 7*7 }}" in html  # data, never template source
    assert "script-src 'self'" in response.headers["content-security-policy"]
