"""report.html in real headless Chromium: opened as a file (no server), the filter (pass/fail, split, mode)
shows the right rows, untrusted text stays text, and the plots are one line each."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from eval.report import render_html
from eval.results import EvalResult, row_passed, summarise_splits
from tests.helpers_browser import SCREENSHOTS
from tests.test_eval_results import ids_in, row

pytestmark = pytest.mark.slow  # a real browser: end to end

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def make_result() -> EvalResult:
    train, held = ids_in("train", 6), ids_in("heldout", 4)
    rows = []
    for i, qid in enumerate(train + held):
        bm25 = ["A", "B"] if i % 2 == 0 else ["B", "C"]  # bm25 finds every other one
        hybrid = ["A", "B"] if i % 3 else ["C", "B"]  # hybrid misses every third
        rows.append(row(qid, {"bm25": bm25, "hybrid": hybrid}, ["A"], {"number": i % 4 != 1}))
    rows[0]["question"] = f"{HOSTILE}江门有多少个驿站"
    rows[0]["answer"] = {"found": True, "text": HOSTILE, "number": None, "citations": [], "took_ms": 1.0}
    result = EvalResult("page-set", "beir", ["bm25", "hybrid"], 2, {}, {}, rows, {"path": "x", "questions": len(rows)})
    summarise_splits(result)
    return result


def shown(page: Page) -> int:
    return page.locator("#questions tr.q:visible").count()


def test_filter_counts_in_chromium(browser: Browser, tmp_path: Path) -> None:
    result = make_result()
    report = tmp_path / "report.html"
    report.write_text(render_html(result), encoding="utf-8")
    rows = result.rows

    def expected(status: str, split: str, mode: str) -> int:
        return sum(
            1
            for r in rows
            if (split == "all" or r["split"] == split)
            and (status == "all" or (status == "pass") == row_passed(r, mode, result.k))
        )

    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else outside.append(r.url))
    page.goto(report.as_uri())

    assert shown(page) == len(rows) == 10
    assert page.locator("#shown").inner_text() == "10 of 10 questions shown"
    # every combination of the three filters shows exactly the rows it should
    for mode in ("bm25", "hybrid"):
        page.select_option("#f-mode", mode)
        for split in ("all", "train", "heldout"):
            page.select_option("#f-split", split)
            for status in ("all", "pass", "fail"):
                page.select_option("#f-status", status)
                want = expected(status, split, mode)
                assert shown(page) == want, (mode, split, status)
                assert page.locator("#shown").inner_text() == f"{want} of 10 questions shown"
    # the failing held-out rows of bm25 each show a fail badge for bm25 only
    page.select_option("#f-mode", "bm25")
    page.select_option("#f-split", "heldout")
    page.select_option("#f-status", "fail")
    badges = page.locator("#questions tr.q:visible .st:visible")
    assert badges.count() == expected("fail", "heldout", "bm25") > 0
    assert set(badges.all_inner_texts()) == {"fail"}
    assert set(page.locator("#questions tr.q:visible td.split-heldout").all_inner_texts()) == {"held-out"}

    # untrusted text is shown as text, never run
    page.select_option("#f-status", "all")
    page.select_option("#f-split", "all")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.locator("#questions tr.q").first.inner_text()

    # small multiples: one plot per mode and split, one line in each
    plots = page.locator("figure.plot")
    assert plots.count() == 2 * 3
    for i in range(plots.count()):
        assert plots.nth(i).locator("polyline").count() == 1
    assert page.locator("dl.defs dt").count() >= 8  # each metric defined
    assert page.locator("#answers th").all_inner_texts()[1:] == ["all", "train", "held-out"]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.select_option("#f-status", "fail")
    page.screenshot(path=str(SCREENSHOTS / "eval-report.png"), full_page=True)
    assert errors == [] and outside == []
    context.close()
