"""Saved web pages: the main text only (readability-lxml picks the article; navigation, footers, scripts
and styles go), then block elements become lines and tables rows like the PDF ones.

readability-lxml rather than trafilatura: it needs only lxml (which python-docx brings anyway), while
trafilatura pulls date parsing and language packages a saved report page does not need."""

from __future__ import annotations

import re
from collections.abc import Callable

from index.numbers import caption_unit
from index.readers.base import ReadOutput, UnreadableFile, tidy_line
from index.readers.tables import table_rows

_CAPTION_LINES = 2  # lines right above a table read for its caption's unit (as `index.readers.pdf` does)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "br",
        "hr",
        "tr",
        "table",
        "caption",
        "figure",
        "figcaption",
        "header",
        "footer",
        "address",
    ]
)
# Page furniture inside the article container: the "来源/发布时间/浏览次数" line, share and print tools. Matched
# on class/id words (readability's own signal) and only on short elements, so an article body is never dropped.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:meta|byline|info|share|print|tools?|toolbar|source|pubtime|date)(?:$|[\s_-])", re.IGNORECASE
)
_FURNITURE_MAX_CHARS = 200
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def decode_html(data: bytes, decode_plain: Callable[[bytes], str]) -> str:
    """The declared charset (<meta charset>), else the plain-text decoding (BOM, UTF-8, GB18030)."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared[1].decode("ascii").lower().replace("gb2312", "gb18030"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_plain(data)


def read_html(html: str, name: str) -> ReadOutput:
    import lxml.html
    from readability import Document as Readability

    if not html.strip():
        raise UnreadableFile("empty HTML page")
    try:
        article = Readability(html)
        main = article.summary(html_partial=True)
        title = tidy_line(article.short_title() or "") or None
        root = lxml.html.fromstring(main)
    except Exception as exc:  # noqa: BLE001 - lxml/readability errors on malformed pages
        raise UnreadableFile(f"HTML page cannot be parsed ({type(exc).__name__})") from None
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _FURNITURE.search(marks) and len(element.text_content()) <= _FURNITURE_MAX_CHARS:
            element.drop_tree()
    lines: list[str] = []
    _walk(root, lines)
    text = "\n".join(x for x in lines if x)
    if not text:
        raise UnreadableFile("HTML page has no main text")
    return ReadOutput(text, "html", title)


def _walk(element: object, lines: list[str]) -> None:
    """Depth-first: inline text gathers into the current line, a block element ends it."""
    import lxml.html

    current: list[str] = []
    state = {"after_table": 0}  # where the lines since the last table start in `lines`

    def flush() -> None:
        text = tidy_line(re.sub(r"\s+", " ", "".join(current)))  # HTML whitespace is one space
        if text:
            lines.append(text)
        current.clear()

    def visit(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "nav", "template"):
            if node.tail:
                current.append(node.tail)
            return
        if tag == "table":
            flush()
            rows = [[c.text_content() for c in tr.iter("td", "th")] for tr in node.iter("tr")]
            # The table's <caption> is a line of its own; the unit it or the lines right above state
            # ("（单位：万元）") is the bare figures' unit.
            caption = " ".join(tidy_line(re.sub(r"\s+", " ", c.text_content())) for c in node.iter("caption"))
            above = lines[max(state["after_table"], len(lines) - _CAPTION_LINES) :]
            if caption.strip():
                lines.append(caption.strip())
            lines.extend(table_rows(rows, unit=caption_unit("\n".join([*above, caption]))))
            state["after_table"] = len(lines)
        else:
            if tag in _BLOCKS:
                flush()
            if node.text:
                current.append(node.text)
            for child in node:
                visit(child)
            if tag in _BLOCKS:
                flush()
        if node.tail:
            current.append(node.tail)

    visit(element)
    flush()
