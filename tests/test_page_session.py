"""The chat page as people keep using it, in real headless Chromium against a real server: follow-up
questions, a conversation that survives a visit to a report, Back and reload, citations a reader can place,
a question that can be cancelled or times out, a 390 px phone screen, and the API docs page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.helpers_browser import shoot
from tests.test_page import Watched

pytestmark = pytest.mark.slow
# Answers take well under a second on an idle machine; a shared, loaded one (2 cores, many processes) can
# take several, so waits on the page allow that much.
expect.set_options(timeout=20_000)


@pytest.fixture
def watched(browser: Browser, seed_server_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    yield Watched(context, seed_server_url)
    context.close()


def ask(page: Page, question: str) -> None:
    count = page.locator(".turn").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator(".turn")).to_have_count(count + 1)
    expect(page.locator(".turn .answer").last).not_to_have_attribute("aria-busy", "true")


def test_a_follow_up_question_is_understood_from_the_conversation(watched: Watched, seed_server_url: str) -> None:
    page = watched.page
    page.goto(seed_server_url + "/")
    ask(page, "江门有多少爱心驿站")
    expect(page.locator(".turn .figure").first).to_have_text("27个")
    # 陕西, not 平湖: the 平湖 report counts 户外劳动者驿站, which the fitted scorer does not take for 爱心驿站.
    ask(page, "那陕西呢")
    second = page.locator(".turn").nth(1)
    expect(second.locator(".understood")).to_have_text("理解为：陕西有多少爱心驿站")
    expect(second.locator(".figure")).to_have_text(re.compile(r"^\d+余?家$"))
    expect(second.locator(".cite-place").first).to_have_text("陕西省")  # the 陕西 report, not 江门's
    ask(page, "那呢")
    third = page.locator(".turn").nth(2)
    expect(third.locator(".figure")).to_have_text("无法回答")  # not "not in the reports": nothing was looked up
    expect(third.locator(".sentence")).to_contain_text("请把问题问完整")
    shoot(page, "follow-up.png")
    watched.check_clean()


def test_citations_are_headed_by_title_place_and_section_and_numbered_in_order(
    watched: Watched, seed_server_url: str
) -> None:
    page = watched.page
    page.goto(seed_server_url + "/")
    ask(page, "江门有多少爱心驿站")
    answer = page.locator(".turn .answer").last
    answer.locator("details.more summary").click()
    numbers = [int(n) for n in answer.locator(".cite-no").all_inner_texts()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 1  # 1, 2, 3… with nothing skipped
    api = httpx.post(seed_server_url + "/api/ask", json={"question": "江门有多少爱心驿站"}).json()
    first = api["citations"][0]
    head = answer.locator(".cite-head").first
    expect(head.locator(".cite-title")).to_have_text(first["title"])
    expect(head.locator(".cite-place")).to_have_text("江门市")
    expect(head.locator(".cite-section")).to_have_text(first["section"])
    assert head.locator(".cite-from").inner_text().count("·") == 2
    watched.check_clean()


def test_the_conversation_survives_a_report_visit_back_and_reload(watched: Watched, seed_server_url: str) -> None:
    page = watched.page
    page.goto(seed_server_url + "/")
    ask(page, "陕西建成了多少家省级职工书屋")
    ask(page, "江门有多少爱心驿站")
    questions = ["陕西建成了多少家省级职工书屋", "江门有多少爱心驿站"]
    page.locator(".turn").nth(1).locator("a.source").first.click()
    page.wait_for_url(re.compile(r"/documents/004_"))
    expect(page.locator(".document h1")).not_to_be_empty()
    expect(page.locator(".doc-place")).to_have_text("江门市")
    expect(page.locator("mark#number")).to_have_text("27个")
    expect(page.locator("mark#number")).to_be_in_viewport()
    shoot(page, "document.png", whole=False)

    page.get_by_role("link", name="← 返回问答").click()  # the link back to the chat
    page.wait_for_url(seed_server_url + "/")
    expect(page.locator(".turn .question")).to_have_text(questions)
    expect(page.locator(".turn").nth(1).locator(".figure")).to_have_text("27个")

    page.locator(".turn").nth(1).locator("a.source").first.click()
    page.wait_for_url(re.compile(r"/documents/004_"))
    page.go_back()  # the browser's Back
    expect(page.locator(".turn .question")).to_have_text(questions)

    page.reload()
    expect(page.locator(".turn .question")).to_have_text(questions)
    ask(page, "那台州呢")  # the restored turns are the history of the next question
    expect(page.locator(".turn .understood").last).to_have_text("理解为：台州有多少爱心驿站")

    page.get_by_role("button", name="新对话").click()
    expect(page.locator(".turn")).to_have_count(0)
    page.reload()
    expect(page.locator(".turn")).to_have_count(0)
    watched.check_clean()


def test_a_slow_answer_can_be_cancelled_and_times_out(watched: Watched, seed_server_url: str) -> None:
    page = watched.page
    # The one stand-in here: a server that never answers cannot be made on purpose, so /api/ask is held
    # in the browser (the request is never sent on).
    held: list[Route] = []
    page.route("**/api/ask", lambda route: held.append(route))
    page.goto(seed_server_url + "/")
    submit = page.locator("#ask-form button[type=submit]")
    cancel = page.get_by_role("button", name="取消")
    expect(cancel).to_be_hidden()

    page.fill("#question", "江门有多少爱心驿站")
    page.press("#question", "Enter")
    expect(page.locator(".turn .pending")).to_be_visible()
    expect(submit).to_be_disabled()  # no second question while one is pending
    expect(page.locator("form.examples button").first).to_be_disabled()
    shoot(page, "pending.png")
    cancel.click()
    expect(page.locator(".turn .error").last).to_have_text("已取消。")
    expect(submit).to_be_enabled()
    expect(cancel).to_be_hidden()

    page.evaluate("document.getElementById('ask-form').dataset.timeoutMs = '1000'")
    page.fill("#question", "江门有多少爱心驿站")
    page.press("#question", "Enter")
    expect(page.locator(".turn .error").last).to_contain_text("已停止等待", timeout=10_000)
    expect(submit).to_be_enabled()
    assert len(held) == 2

    page.unroute("**/api/ask")
    ask(page, "江门有多少爱心驿站")  # and the page still answers afterwards
    expect(page.locator(".turn .figure").last).to_have_text("27个")


def test_on_a_390_px_screen_numbers_stay_with_their_measure_word(browser: Browser, seed_server_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="zh-CN")
    watched = Watched(context, seed_server_url)
    page = watched.page
    page.goto(seed_server_url + "/")
    ask(page, "江门有多少爱心驿站")
    answer = page.locator(".turn .answer").last
    answer.locator("details.more summary").click()
    # Every number shown with its unit is one box on one line: a split would give two client rects.
    split = page.evaluate(
        """() => [...document.querySelectorAll('.answer .num, .answer mark, .answer .figure')]
              .filter((el) => el.getClientRects().length !== 1).map((el) => el.textContent)"""
    )
    numbers = answer.locator(".num").all_inner_texts()
    assert "27个" in answer.locator(".sentence .num").all_inner_texts()
    assert len(numbers) > 10 and split == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
    shoot(page, "answer-390px.png")
    answer.locator("a.source").first.click()  # and in the report itself
    page.wait_for_url(re.compile(r"/documents/"))
    split = page.evaluate(
        """() => [...document.querySelectorAll('.doc-text .num, .doc-text mark')]
              .filter((el) => el.getClientRects().length !== 1).map((el) => el.textContent)"""
    )
    assert page.locator(".doc-text .num").count() > 50 and split == []
    expect(page.locator("mark#number")).to_be_in_viewport()
    shoot(page, "document-390px.png", whole=False)
    watched.check_clean()
    context.close()


def test_the_api_docs_render_every_operation_offline(watched: Watched, seed_server_url: str) -> None:
    page = watched.page
    page.goto(seed_server_url + "/docs")
    spec = httpx.get(seed_server_url + "/openapi.json").json()
    expected = sorted((method.upper(), path) for path, ops in spec["paths"].items() for method in ops)
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.locator(".opblock")).to_have_count(len(expected))
    rendered = sorted(
        (
            summary.locator(".opblock-summary-method").inner_text().upper(),
            summary.locator(".opblock-summary-path").get_attribute("data-path") or "",
        )
        for summary in page.locator(".opblock-summary").all()
    )
    assert rendered == expected
    assert "Unable to render" not in page.content()
    # One operation opened: its request body schema (with the new `history` field) renders too.
    page.locator(".opblock-post .opblock-summary").first.click()
    expect(page.locator(".opblock-post .opblock-body")).to_contain_text("history")
    shoot(page, "docs.png")
    watched.check_clean()
