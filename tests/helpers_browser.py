"""Real headless Chromium for the page tests: Debian's /usr/bin/chromium driven by playwright (no browser
download), one per test module through the `browser` fixture in conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shoot(page: Page, name: str, *, whole: bool = True) -> None:
    """The whole page in a window as tall as it (a full-page shot would paint the sticky header mid-page),
    or just what the window shows."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not whole:
        page.screenshot(path=str(SCREENSHOTS / name))
        return
    size = page.viewport_size or {"width": 1100, "height": 900}
    y = page.evaluate("window.scrollY")
    page.set_viewport_size({"width": size["width"], "height": page.evaluate("document.documentElement.scrollHeight")})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / name))
    page.set_viewport_size(size)
    page.evaluate(f"window.scrollTo(0, {y})")
