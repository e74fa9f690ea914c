"""What every reader returns, the error a reader raises for a file it cannot read, and the text tidying
shared by the readers of laid-out files (PDF, DOCX, OCR, HTML)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.errors import QAError
from index.normalize import normalize_text
from index.readers.text_layout import footnote_marks

# Han, CJK punctuation, full-width forms (before NFKC) and the CJK symbols block.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# Extractors and OCR put spaces between Chinese and digits ("全市已培育 30 家") or between every Chinese
# character; Chinese needs none, and a space would part a number from its unit.
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_SPACE_BETWEEN_QUOTES = re.compile(r"(?<=[”’])[ \t\u00a0\u3000]+(?=[“‘])")  # “班前十分钟” “车间话奋斗”


class UnreadableFile(QAError):
    """A report file that cannot be read; the message is the reason shown next to its name."""


@dataclass(frozen=True, slots=True)
class ReadOutput:
    text: str  # NFKC-normalised, one paragraph (or table row) per line; what all offsets refer to
    format: str  # "text", "pdf", "docx", "html", "image"
    title: str | None = None  # from the file's metadata or main heading; None: guessed from the text
    pages: int | None = None
    ocr: bool = False  # some or all of the text was recognised from images


def tidy_line(line: str) -> str:
    """Normalise one extracted line: NFKC, spaces collapsed, spaces next to Chinese removed."""
    line = normalize_text(footnote_marks(line))
    return _SPACES.sub(" ", _SPACE_BETWEEN_QUOTES.sub("", _SPACE_NEXT_TO_CJK.sub("", line))).strip()


def join_text(lines: list[str]) -> str:
    """Tidied lines, blank ones dropped, one per line."""
    return "\n".join(t for t in (tidy_line(x) for x in lines) if t)


def glue(left: str, right: str) -> str:
    """Join a wrapped line to the next: nothing between Chinese, a space between Latin words."""
    # Only words need a space; a number wrapped across lines ("名额8" + "000个") is one number.
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    if left.endswith("-") and right[:1].isascii() and right[:1].isalpha():
        return left[:-1] + right  # a hyphenated English word
    return left + right
