"""Read report files into clean `Document`s: decode, normalise, repair PDF line breaks.

A `Document`'s `text` is what every offset in the index (chunks, citations) refers to and what
`GET /api/documents/{doc_id}` returns: NFKC-normalised, one paragraph per line.

Plain text (.txt/.md) is decoded and repaired here; PDF, DOCX, saved HTML pages and scanned images go
through `index.readers`, chosen by content and extension. A file that cannot be read is listed in
`CorpusReadResult.failed` with the reason and the rest are still read.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import html
import json
import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from index.errors import CorpusError
from index.normalize import normalize_text, to_simplified
from index.readers import SUFFIXES, ReadOutput, UnreadableFile, detect_format, read_laid_out
from index.readers.text_layout import drop_page_furniture, footnote_marks, tabbed_columns
from index.segments import SENTENCE_END, is_flattened_row

REPORT_SUFFIXES = tuple(SUFFIXES)
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
# Corpus folders carry their own README (what each report is); it is documentation, not a report.
IGNORED_NAMES = frozenset({"readme.md", "readme.txt"})

# Tried strictly in this order after a BOM check. GB18030 is a superset of GBK and GB2312.
FALLBACK_ENCODINGS = ("utf-8", "gb18030")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# A line ending in one of these closes a sentence/paragraph; anything else may be a hard wrap.
_LINE_FINAL = set("。！？；：…!?;:】")  # not closing quotes: PDF columns often wrap right after one
_LINE_CLOSERS = set("，,、。！？；：…”’」』）)!?;:%")
_LINE_START_BREAK = set("●■◆★·-—(（【“")
_SENTENCE_END = SENTENCE_END
# Formal numerals (壹、貳、參、) number the parts of official reports, Taiwan's above all, as 一、 does elsewhere.
_LIST_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[壹贰貳叁參肆伍陆陸柒捌玖拾]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、](?!\d)|"
    r"第[一二三四五六七八九十]{1,3}[章节部分条]|■|●)"
)
_LINE_OPEN = set("，,、")
_CJK_END = re.compile(r"[\u3400-\u9fff]$")
_FULL_STOP = re.compile("[。！？!?]")  # not ";": flattened table rows ("指标: X; 完成值: 1.2万人") use it
# A figure opening a line: digits not followed by a date's 年/月/日 (or more digits of a year).
_QUANTITY_START = re.compile(r"^\d[\d,]*(?:\.\d+)?(?![\d年月日号./-])")
# A yearbook's or a bulletin's entry: "【概况】 2024年,…" runs on as body text after its bracketed head.
_ENTRY_HEAD = re.compile(r"^[【\[][^】\]]{1,16}[】\]]\s*\S")
# A line that is a date and nothing else: a byline's or a signature's ("中華民國114年2月", "二〇二四年一月十日").
_DATE_NUMERAL = r"[\d〇零一二三四五六七八九十]"
_DATE_LINE = re.compile(
    rf"^(?:(?:中[华華])?民[国國]|公元|西元)?{_DATE_NUMERAL}{{1,4}}年(?:{_DATE_NUMERAL}{{1,2}}月(?:{_DATE_NUMERAL}{{1,3}}[日号號])?)?$"
)
_MIN_WRAPPED_LINE = 8  # PDF columns wrap at ≥ 8 characters; shorter unpunctuated lines are headings
_MAX_BLANK_SHARE = 0.4  # blank lines after more lines than this: double-spaced text, blank lines mean nothing
_MIN_WRAPPED_LINES = 20  # lines stopping mid-sentence needed before a text's wrap width is trusted
# A row of a table pasted with cell separators ("A区｜734.2亿元｜5.9%", or tab-separated as copied from a
# spreadsheet): a line of its own, never a wrap, so a cell's column header and the row's first cell stay
# readable (qa.features.column_header).
_TABLE_ROW = re.compile(r"[|｜][^|｜]*[|｜]|^[^|｜]{1,20}[|｜][^|｜]{1,20}$|[^\t]\t+[^\t]")


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    title: str
    text: str
    source: str
    sha256: str  # of the raw bytes / row: identical files are indexed once
    format: str = "text"  # "text" (.txt/.md/BEIR row), "pdf", "docx", "html", "image"
    pages: int | None = None  # pages of a PDF / DOCX / image file, when known
    ocr: bool = False  # some or all of the text was recognised from page images (may hold OCR errors)


@dataclass(frozen=True, slots=True)
class FailedFile:
    source: str
    reason: str


# A file whose mtime is this close to when it was recorded may still have been changing then (timestamps are
# coarser than writes): it is hashed again next time rather than trusted by size and time (git's "racy" rule).
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What a build knew of one input file (index.incremental stores these in files.jsonl)."""

    source: str
    size: int
    mtime_ns: int
    sha256: str  # "" for a file not read (too large)
    outcome: str  # "document", "empty", "failed", "duplicate"
    reason: str = ""  # why it failed
    trusted: bool = True  # size + mtime may stand for the content next time (not modified just before)


class PreviousFiles(Protocol):
    """What an earlier build knew (index.incremental.PreviousBuild): files by source, documents by content."""

    @property
    def files(self) -> Mapping[str, FileRecord]: ...

    def document(self, doc_id: str, sha256: str) -> Document | None: ...


@dataclass(slots=True)
class CorpusReadResult:
    documents: list[Document] = field(default_factory=list)
    skipped_empty: list[str] = field(default_factory=list)
    skipped_duplicate: list[str] = field(default_factory=list)
    failed: list[FailedFile] = field(default_factory=list)  # unreadable files, each with the reason
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, why): not read at all
    inputs: list[tuple[str, int, str]] = field(default_factory=list)  # (path, size, sha256) for the fingerprint
    records: list[FileRecord] = field(default_factory=list)  # every report file (not BEIR rows), as seen now
    unread: int = 0  # files not read at all: size and mtime as recorded by the previous build
    reused: int = 0  # documents taken from the previous build (not decoded, parsed or OCRed again)


# Control characters other than tab, line breaks and form feed. Text holds a stray one at most (a report
# with a NUL pasted in is still a report); binary files hold them everywhere (random bytes: ~12%), or runs
# of NULs (padding, UTF-16 without a byte-order mark).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BINARY_SHARE = 0.05
_BINARY_MIN = 8
_NUL_RUN = "\x00" * 4
# A valid UTF-8 multi-byte sequence (RFC 3629): how much of a file that fails as UTF-8 still is UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_MOSTLY_UTF8 = 0.5  # pure GBK text forms valid UTF-8 sequences only by chance (~10–20% of its bytes)
# Real text: ≥ 99.7% of the seed reports' non-ASCII characters are common (`_is_common`), ≥ 94% of every DRCD
# passage's; Big5 or UTF-16 read as GB18030: far fewer.
_COMMON_SHARE = 0.8


def _check_text(text: str, name: str) -> str:
    """Refuse decoded text that is a binary file (runs of NUL bytes, many control characters)."""
    if _NUL_RUN in text:
        raise CorpusError(
            f"{name}: holds runs of NUL bytes, so it is a binary file, not a text report; remove it from the corpus"
        )
    controls = len(_CONTROL.findall(text))
    if controls >= _BINARY_MIN and controls > _BINARY_SHARE * len(text):
        raise CorpusError(
            f"{name}: {controls} control characters in {len(text)}, so it is a binary file, not a text report; "
            "remove it from the corpus"
        )
    return text


def _is_common(c: str) -> bool:
    """In GB2312 (the 6,763 common simplified characters and punctuation), or the traditional form of one."""
    for form in (c, to_simplified(c)):
        try:
            form.encode("gb2312")
            return True
        except UnicodeEncodeError:
            pass
    return False


def _decoded_by_accident(data: bytes, text: str, utf8_error: int) -> str | None:
    """Why a GB18030 decoding of bytes that are not UTF-8 is garbage, or None when it reads as Chinese.

    Mixed files (a UTF-8 report with a pasted GBK paragraph) decode without error as GB18030, all of it
    wrong. They are mostly valid UTF-8 sequences; real GBK text is mostly GB2312 characters."""
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    if not non_ascii:
        return None
    utf8 = len(data) - len(_UTF8_SEQUENCE.sub(b"", data))  # bytes in valid sequences, without a list of them
    if utf8 >= _MOSTLY_UTF8 * non_ascii:
        return (
            f"{100 * utf8 // non_ascii}% of its non-ASCII bytes are UTF-8 but byte {utf8_error} is not: mixed "
            "encodings, which would decode as garbage"
        )
    counts = Counter(text)  # a report has a few thousand distinct characters: each is tested once
    chars = common = 0
    for c, n in counts.items():
        if ord(c) > 0x7F:
            chars += n
            common += n if _is_common(c) else 0
    if chars and common < _COMMON_SHARE * chars:
        return (
            f"as GB18030 only {100 * common // chars}% of its characters are common Chinese ones: "
            "another encoding (Big5? Shift-JIS?) or a binary file"
        )
    return None


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a report: BOM (UTF-8/UTF-16), else UTF-8, else GB18030 — strictly, never with replacement;
    binary files and files that would decode only by accident (mixed encodings) are refused by name."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); re-save it as UTF-8"
                ) from None
    if _NUL_RUN.encode() in data:
        _check_text(_NUL_RUN, name)
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise CorpusError(
            f"{name}: cannot be decoded as UTF-8 or GB18030 (tried BOM, utf-8, gb18030); re-save it as UTF-8"
        ) from None
    if (why := _decoded_by_accident(data, text, utf8_error)) is not None:
        raise CorpusError(f"{name}: not valid UTF-8, and {why}; re-save it as UTF-8")
    return _check_text(text, name)


def _is_closed(line: str) -> bool:
    return line[-1] in _LINE_FINAL or (line[0] in "(（【" and line[-1] in ")）】")


def _word_across(line: str, following: str) -> bool:
    """Does a word run across the line break ("…扩容,作" + "为一项…": 作为)? jieba decides what a word is."""
    from index.tokenize import jieba_module  # the tokenizer loads it anyway; lazy so reading stays cheap

    jieba = jieba_module()

    head, tail = line[-3:], following[:3]
    position = 0
    for word in jieba.cut(head + tail, HMM=False):
        if position < len(head) < position + len(word):
            return True
        position += len(word)
    return False


def wrap_width(lines: list[str]) -> float | None:
    """The width a text extracted from a PDF was wrapped at, in characters, when its lines show one: most of the
    lines that stop without a sentence end are about as long as each other (within 12% of their median), and
    few lines are much longer (an unwrapped paragraph). None for text typed or pasted by paragraph."""
    prose = [x for x in lines if "\t" not in x and not _TABLE_ROW.search(x)]
    open_lengths = [len(x) for x in prose if len(x) >= _MIN_WRAPPED_LINE and x[-1] not in _LINE_FINAL]
    if len(open_lengths) < _MIN_WRAPPED_LINES:
        return None
    width = statistics.median(open_lengths)
    near = sum(abs(n - width) <= 0.12 * width for n in open_lengths) / len(open_lengths)
    longer = sum(len(x) > 1.3 * width for x in prose) / len(prose)
    return width if near >= 0.65 and longer <= 0.15 else None


def _is_hard_wrap(lines: list[str], i: int, width: float | None = None, paragraph_break: bool = False) -> bool:
    """Was line i cut mid-sentence by PDF extraction (and so belongs with line i + 1)? `width`: the text's
    wrap width (`wrap_width`), when it has one; `paragraph_break`: a blank line follows line i (then only a
    number cut from its unit, a word or a sentence running on joins the lines)."""
    line = lines[i]
    if len(line) < _MIN_WRAPPED_LINE or i + 1 >= len(lines):
        return False
    following = lines[i + 1]
    as_wide = (
        width is not None
        and len(line) >= 0.88 * width
        and len(following) <= 1.15 * width
        and following[0] not in _LINE_START_BREAK
    )
    # A line ending a sentence ends its paragraph, except a ";" at the wrap width: a clause of the same
    # paragraph that happened to fill the line.
    if _is_closed(line) and not (as_wide and line[-1] in ";；"):
        return False
    if any(_TABLE_ROW.search(x) or is_flattened_row(x) for x in (line, following)):
        return False  # a table row is a line of its own
    if _LIST_MARKER.match(following):
        return False  # "二、…" / "(一)…" / "1." open a block
    if line[-1] in _LINE_OPEN or as_wide:
        return True  # stopping on a comma or a list's 、, or at the wrap width with the next line no wider:
        # a wrapped line, not a heading (no heading ends on a comma; a heading is narrower than the page)
    if _LIST_MARKER.match(line) and not _SENTENCE_END.search(line):
        return False  # such a line without a sentence end is a heading
    if line[-1].isdigit() and not following[0].isdigit() and following[0] not in _LINE_START_BREAK:
        return True  # a number cut from its unit: "总数9394" + "家"
    if following[0] in _LINE_CLOSERS or _word_across(line, following):
        return True  # the next line cannot start a paragraph, or a word runs across the break
    if _DATE_LINE.match(line.replace(" ", "")):
        return False  # a line that is a date and nothing else (a byline's) stands alone
    if paragraph_break:
        return False
    if _CJK_END.search(line) and (_FULL_STOP.search(line) or _QUANTITY_START.match(following)):
        # A paragraph ends on a mark and a heading holds no sentence: a line with a sentence in it that stops on
        # a character stops mid-sentence ("…。全年" + "预警信息…"), and so does a line before a figure with
        # its unit ("服务平台注册老年人" + "8.6万人,…"; a year "2030年…" may open a paragraph after a heading).
        return True
    starts_block = i == 0 or _is_closed(lines[i - 1])
    if starts_block and not _SENTENCE_END.search(line) and not _ENTRY_HEAD.match(line):
        return False  # a heading: it opens a block and holds no sentence end ("“强队伍+建阵地”,区域共建抓保障")
    # Otherwise: as long as the lines around it (a column width), where headings are short next to paragraphs.
    window = [len(x) for x in lines[max(0, i - 3) : i + 4]]
    return len(line) >= 0.7 * statistics.median(window)


_SPACES = re.compile(r"[ \u3000]+")
# Web pages put a space before every figure: after a closing bracket it parts the figure from what it counts
# ("地区生产总值(GDP) 1,786亿元"; a space between Chinese and a digit is left out of the matching view anyway).
_SPACE_AFTER_CLOSER = re.compile(r"(?<=[)\]】”’]) +(?=\d)")
_CELL_TAB = re.compile(r" *\t *")


# Text copied from a web page's source keeps its character entities ("&nbsp;" as indents and between a label and
# its figure, "&gt;" in breadcrumbs): decoded, as a browser would show them.
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,7}|#[xX][0-9A-Fa-f]{2,6});")


def _indented(lines: list[str]) -> list[bool]:
    """Lines set in by two spaces or more from the line before them: web pages and typed reports indent a
    paragraph's first line (with spaces, 　 or &nbsp;), so such a line opens a paragraph. Not after a list
    marker's line, whose continuation may hang under the item's text."""
    out = [False] * len(lines)
    previous: str | None = None
    for i, x in enumerate(lines):
        if not x.strip():
            continue
        indent = len(x) - len(x.lstrip(" "))
        if previous is not None:
            before = len(previous) - len(previous.lstrip(" "))
            out[i] = indent >= before + 2 and not _LIST_MARKER.match(previous.strip())
        previous = x
    return out


def clean_text(raw: str) -> str:
    """Normalise and rejoin hard-wrapped lines; paragraphs end up one per line, blank lines dropped.

    Text extracted from a PDF loses its page furniture (page numbers, running headers, table-of-contents
    entries) and a table laid out in space-separated columns gets tabs between its cells, as the PDF reader
    does from the page's geometry (index.readers.text_layout)."""
    if _ENTITY.search(raw):
        raw = html.unescape(raw)
    lines = drop_page_furniture(normalize_text(footnote_marks(raw)).splitlines())
    indented = _indented(lines)
    # Runs of spaces become one space; each tab stays a tab (an empty cell is two), the cell separator of a
    # pasted table.
    tabbed = tabbed_columns(lines)  # a header set on several lines becomes one: its other lines go
    indented = [indented[k] for k, _ in tabbed]
    lines = [_SPACE_AFTER_CLOSER.sub("", _CELL_TAB.sub("\t", _SPACES.sub(" ", x))).strip() for _, x in tabbed]
    # A blank line is a paragraph break where blank lines are few; text with a blank line after most lines
    # (double-spaced, as some PDF extractors write it) says nothing by them.
    filled: list[str] = []
    opens: list[bool] = []  # per line of `filled`: indented, so it opens a paragraph
    blank_after: set[int] = set()  # indexes into `filled` of the lines a blank line follows
    for x, indent in zip(lines, indented, strict=True):
        if x:
            filled.append(x)
            opens.append(indent)
        elif filled:
            blank_after.add(len(filled) - 1)
    if len(blank_after) > _MAX_BLANK_SHARE * len(filled):
        blank_after = set()
    lines = filled
    paragraphs: list[str] = []
    current = ""
    width = wrap_width(lines)
    for i, line in enumerate(lines):
        current += line
        if (i + 1 < len(lines) and opens[i + 1]) or not _is_hard_wrap(
            lines, i, width, paragraph_break=i in blank_after
        ):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


_BYLINE = re.compile(r"^(■|文/|图/|文图|本报|记者|来源|责任编辑|通讯员)|记者|主席 |书记 ")


def guess_title(text: str, fallback: str) -> str:
    """The first heading-like line (no sentence end, not a byline or a 【column】), else the opening clause."""
    lines = text.splitlines()
    for line in lines[:6]:
        if (
            4 <= len(line) <= 40
            and not _SENTENCE_END.search(line)
            and not _BYLINE.search(line)
            and not (line.startswith("【") and line.endswith("】"))
        ):
            return line
    opening = re.split("[。！？;；,，]", lines[0])[0] if lines else ""
    return (opening[:30] + ("…" if len(opening) > 30 else "")) or fallback


def _document(doc_id: str, raw: str, source: str, digest: str, title: str | None = None) -> Document:
    text = clean_text(raw)
    return Document(
        doc_id=doc_id,
        title=(normalize_text(title).strip() if title else "") or guess_title(text, doc_id),
        text=text,
        source=source,
        sha256=digest,
    )


def _laid_out_document(doc_id: str, read: ReadOutput, source: str, digest: str) -> Document:
    """A reader's text is final (paragraphs joined by geometry, tables as rows): no line repair here."""
    return Document(
        doc_id=doc_id,
        title=read.title or guess_title(read.text, doc_id),
        text=read.text,
        source=source,
        sha256=digest,
        format=read.format,
        pages=read.pages,
        ocr=read.ocr,
    )


def iter_report_files(path: Path, skipped: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """Report files under `path`. A symbolic link whose target lies outside `path` is not followed (a
    corpus folder must not pull in ~/.ssh or /etc); it goes to `skipped` with the reason."""
    if path.is_file():
        yield path
        return
    root = path.resolve()
    for child in sorted(path.rglob("*")):
        # Every file, not only known extensions: one that cannot be read is listed as failed, not passed over.
        if (
            not child.is_dir()
            and child.name.lower() not in IGNORED_NAMES
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
        ):
            try:
                target = child.resolve()
            except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
                if skipped is not None:
                    skipped.append((str(child), "a symbolic link that leads back to itself: not followed"))
                continue
            if target != root and root not in target.parents:
                if skipped is not None:
                    skipped.append((str(child), "a symbolic link to a file outside the corpus folder: not followed"))
                continue
            if child.is_file():
                yield child


# Document ids appear in URLs (/api/documents/{doc_id}) and citations: ids that a URL path cannot carry
# as one segment are refused rather than silently changed (qrels and answers refer to them).
_BAD_ID = re.compile(r"[/\\\x00-\x1f\x7f]")


def check_doc_id(doc_id: str, where: str) -> str:
    if not doc_id.strip() or not doc_id.strip("."):  # empty, or dots only: "." and ".." are path steps
        raise CorpusError(
            f"{where}: document id {doc_id!r} cannot be part of a URL (empty, or dots only); give the document "
            "another id"
        )
    if _BAD_ID.search(doc_id):
        raise CorpusError(
            f"{where}: document id {doc_id!r} cannot be part of a URL (a slash or a control character); give "
            "the document another id"
        )
    return doc_id


def _read_beir(
    path: Path, result: CorpusReadResult, seen: set[str], ids: dict[str, str], previous: PreviousFiles | None = None
) -> None:
    data = path.read_bytes()
    result.inputs.append((str(path), len(data), hashlib.sha256(data).hexdigest()))
    for lineno, line in enumerate(decode_bytes(data, str(path)).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
            raw_id, text, title = row["_id"], row.get("text"), row.get("title")
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise CorpusError(f'{where}: not a BEIR corpus row ({{"_id", "title", "text"}}): {exc}') from None
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
            raise CorpusError(f'{where}: "_id" must be a string, not {type(raw_id).__name__}')
        for key, value in (("text", text), ("title", title)):
            if value is not None and not isinstance(value, str):
                raise CorpusError(f'{where}: "{key}" must be a string, not {type(value).__name__}')
        doc_id = check_doc_id(str(raw_id), where)
        if doc_id in ids:  # found while reading, before any chunking or embedding work
            raise CorpusError(
                f"{where}: duplicate _id {doc_id!r} (first at {ids[doc_id]}); document ids must be unique"
            )
        ids[doc_id] = where
        text = text or ""
        if not text.strip():
            result.skipped_empty.append(where)
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in seen:
            result.skipped_duplicate.append(where)
            continue
        seen.add(digest)
        earlier = previous.document(doc_id, digest) if previous is not None else None
        if earlier is not None:  # the same row text: not cleaned again (the line repair is most of reading)
            stated = normalize_text(title or doc_id).strip()
            result.documents.append(dataclasses.replace(earlier, source=where, title=stated or earlier.title))
            result.reused += 1
        else:
            result.documents.append(_document(doc_id, text, where, digest, title=title or doc_id))


def _reason(exc: Exception, name: str) -> str:
    message = str(exc)
    return message[len(name) + 2 :] if message.startswith(f"{name}: ") else message


def read_corpus(
    paths: Iterable[Path], *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, previous: PreviousFiles | None = None
) -> CorpusReadResult:
    """Read every report under `paths` (folders of reports, single files, or BEIR corpus.jsonl files).
    Files that cannot be read land in `failed` with the reason; the others are still read.

    `previous`: what an earlier build of the same settings knew. A file with the size and mtime it recorded is
    not read (its hash is taken from the record), and one with the content it recorded is not decoded, parsed
    or OCRed again: the earlier document, or the earlier reason it failed, is taken instead."""
    result = CorpusReadResult()
    seen: set[str] = set()
    ids: dict[str, str] = {}
    for root in paths:
        root = Path(root)
        if not root.exists():
            raise CorpusError(f"{root}: no such file or folder")
        if root.is_dir() and (root / "corpus.jsonl").is_file():
            root = root / "corpus.jsonl"
        if root.suffix == ".jsonl":
            _read_beir(root, result, seen, ids, previous)
            continue
        for file in iter_report_files(root, result.skipped):
            seen_file = _SeenFile(str(file))
            try:
                document = _read_file(file, result, seen, ids, max_file_bytes, previous, seen_file)
            except (UnreadableFile, CorpusError, OSError) as exc:
                _failed(result, seen_file, _reason(exc, str(file)))
                continue
            except Exception as exc:
                logging.getLogger(__name__).exception("%s: reader failed", file)
                _failed(result, seen_file, f"cannot be read ({type(exc).__name__}: {exc})"[:300])
                continue
            if document is not None:
                result.documents.append(document)
            seen_file.outcome = "document" if document is not None else seen_file.outcome
            result.records.append(seen_file.record())
    return result


@dataclass(slots=True)
class _SeenFile:
    """One file as this read found it, becoming its FileRecord."""

    source: str
    size: int = -1
    mtime_ns: int = 0
    sha256: str = ""
    outcome: str = "failed"
    reason: str = ""
    # Failures that depend on the other files (a name taken) are not remembered: they are checked every time.
    cacheable: bool = True

    def record(self) -> FileRecord:
        outcome = self.outcome if self.cacheable or self.outcome != "failed" else "unread"
        trusted = self.mtime_ns < time.time_ns() - RACY_NS
        return FileRecord(self.source, self.size, self.mtime_ns, self.sha256, outcome, self.reason, trusted)


def _failed(result: CorpusReadResult, seen_file: _SeenFile, reason: str) -> None:
    result.failed.append(FailedFile(seen_file.source, reason))
    seen_file.outcome, seen_file.reason = "failed", reason
    if seen_file.size >= 0:
        result.records.append(seen_file.record())


def _read_file(
    file: Path,
    result: CorpusReadResult,
    seen: set[str],
    ids: dict[str, str],
    max_file_bytes: int,
    previous: PreviousFiles | None = None,
    seen_file: _SeenFile | None = None,
) -> Document | None:
    seen_file = seen_file or _SeenFile(str(file))
    stat = file.stat()
    size = seen_file.size = stat.st_size
    seen_file.mtime_ns = stat.st_mtime_ns
    if size > max_file_bytes:
        result.inputs.append((str(file), size, ""))
        raise UnreadableFile(
            f"file too large ({size / 2**20:.1f} MB; the limit is {max_file_bytes / 2**20:.0f} MB, "
            "setting QA_MAX_FILE_MB)"
        )
    known = previous.files.get(str(file)) if previous is not None else None
    data: bytes | None = None
    if known is not None and known.trusted and known.size == size and known.mtime_ns == stat.st_mtime_ns:
        digest = known.sha256  # unchanged by size and time: not read at all
        result.unread += 1
    else:
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
    seen_file.sha256 = digest
    result.inputs.append((str(file), size, digest))
    if known is not None and known.sha256 == digest:
        if known.outcome == "empty":
            seen_file.outcome = "empty"
            result.skipped_empty.append(str(file))
            return None
        if known.outcome == "failed":  # the same bytes fail the same way: not parsed (or OCRed) again
            raise UnreadableFile(known.reason)
    earlier = previous.document(file.stem, digest) if previous is not None else None
    if earlier is None and data is None:
        data = file.read_bytes()  # recorded, but not as a document of the earlier build: read it
        if hashlib.sha256(data).hexdigest() != digest:  # changed under the same size and mtime
            digest = seen_file.sha256 = hashlib.sha256(data).hexdigest()
            result.inputs[-1] = (str(file), size, digest)
    fmt = earlier.format if earlier is not None else detect_format(data or b"", file.suffix)
    raw = ""
    if fmt == "text" and earlier is None:
        raw = decode_bytes(data or b"", str(file))
        if not normalize_text(raw).strip():
            seen_file.outcome = "empty"
            result.skipped_empty.append(str(file))
            return None
    if digest in seen:
        seen_file.outcome = "duplicate"
        result.skipped_duplicate.append(str(file))
        return None
    if file.stem in ids:
        seen_file.cacheable = False
        raise UnreadableFile(
            f"another report has the same name ({ids[file.stem]}); document ids are file stems, so rename one"
        )
    try:
        check_doc_id(file.stem, str(file))
    except CorpusError:
        seen_file.cacheable = False
        raise
    if earlier is not None:
        document = dataclasses.replace(earlier, source=str(file))
        result.reused += 1
    elif fmt == "text":
        document = _document(file.stem, raw, str(file), digest)
    else:
        document = _laid_out_document(
            file.stem,
            read_laid_out(fmt, data or b"", str(file), lambda b: decode_bytes(b, str(file))),
            str(file),
            digest,
        )
    seen.add(digest)
    ids[file.stem] = str(file)
    return document
