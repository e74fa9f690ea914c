"""Read report files into clean `Document`s: decode, normalise, repair PDF line breaks.

A `Document`'s `text` is what every offset in the index (chunks, citations) refers to and what
`GET /api/documents/{doc_id}` returns: NFKC-normalised, one paragraph per line.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import CorpusError
from index.normalize import normalize_text

REPORT_SUFFIXES = (".txt", ".md")
# Corpus folders carry their own README (what each report is); it is documentation, not a report.
IGNORED_NAMES = frozenset({"readme.md", "readme.txt"})

# Tried strictly in this order after a BOM check. GB18030 is a superset of GBK and GB2312.
FALLBACK_ENCODINGS = ("utf-8", "gb18030")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# A line ending in one of these closes a sentence/paragraph; anything else may be a hard wrap.
_LINE_FINAL = set("。！？；：…!?;:】")  # not closing quotes: PDF columns often wrap right after one
_LINE_CLOSERS = set("，,、。！？；：…”’」』）)!?;:%")
_LINE_START_BREAK = set("●■◆★·-—(（【“")
_SENTENCE_END = re.compile("[。！？；!?;]")
_LIST_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、](?!\d)|"
    r"第[一二三四五六七八九十]{1,3}[章节部分条]|■|●)"
)
_MIN_WRAPPED_LINE = 8  # PDF columns wrap at ≥ 8 characters; shorter unpunctuated lines are headings


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    title: str
    text: str
    source: str
    sha256: str  # of the raw bytes / row: identical files are indexed once


@dataclass(slots=True)
class CorpusReadResult:
    documents: list[Document] = field(default_factory=list)
    skipped_empty: list[str] = field(default_factory=list)
    skipped_duplicate: list[str] = field(default_factory=list)
    inputs: list[tuple[str, int, str]] = field(default_factory=list)  # (path, size, sha256) for the fingerprint


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a report: BOM (UTF-8/UTF-16), else UTF-8, else GB18030 — strictly, never with replacement."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); re-save it as UTF-8"
                ) from None
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorpusError(f"{name}: cannot be decoded as UTF-8 or GB18030 (tried BOM, utf-8, gb18030); re-save it as UTF-8")


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


def _is_hard_wrap(lines: list[str], i: int) -> bool:
    """Was line i cut mid-sentence by PDF extraction (and so belongs with line i + 1)?"""
    line = lines[i]
    if line[-1] in _LINE_FINAL or len(line) < _MIN_WRAPPED_LINE or i + 1 >= len(lines):
        return False
    following = lines[i + 1]
    if _LIST_MARKER.match(following) or (_LIST_MARKER.match(line) and not _SENTENCE_END.search(line)):
        return False  # "二、…" / "(一)…" / "1." open a block; such a line without a sentence end is a heading
    if line[-1].isdigit() and not following[0].isdigit() and following[0] not in _LINE_START_BREAK:
        return True  # a number cut from its unit: "总数9394" + "家"
    if following[0] in _LINE_CLOSERS or _word_across(line, following):
        return True  # the next line cannot start a paragraph, or a word runs across the break
    starts_block = i == 0 or _is_closed(lines[i - 1])
    if starts_block and not _SENTENCE_END.search(line):
        return False  # a heading: it opens a block and holds no sentence end ("“强队伍+建阵地”,区域共建抓保障")
    # Otherwise: as long as the lines around it (a column width), where headings are short next to paragraphs.
    window = [len(x) for x in lines[max(0, i - 3) : i + 4]]
    return len(line) >= 0.7 * statistics.median(window)


def clean_text(raw: str) -> str:
    """Normalise and rejoin hard-wrapped lines; paragraphs end up one per line, blank lines dropped."""
    lines = [re.sub(r"[ \t\u3000]+", " ", x).strip() for x in normalize_text(raw).splitlines()]
    lines = [x for x in lines if x]
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        current += line
        if not _is_hard_wrap(lines, i):
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


def iter_report_files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for child in sorted(path.rglob("*")):
        if (
            child.is_file()
            and child.suffix.lower() in REPORT_SUFFIXES
            and child.name.lower() not in IGNORED_NAMES
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
        ):
            yield child


def _read_beir(path: Path, result: CorpusReadResult, seen: set[str]) -> None:
    data = path.read_bytes()
    result.inputs.append((str(path), len(data), hashlib.sha256(data).hexdigest()))
    for lineno, line in enumerate(decode_bytes(data, str(path)).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            doc_id, text = str(row["_id"]), row.get("text") or ""
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorpusError(f'{path}:{lineno}: not a BEIR corpus row ({{"_id", "title", "text"}}): {exc}') from None
        where = f"{path}:{lineno}"
        if not text.strip():
            result.skipped_empty.append(where)
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in seen:
            result.skipped_duplicate.append(where)
            continue
        seen.add(digest)
        result.documents.append(_document(doc_id, text, where, digest, title=row.get("title") or doc_id))


def read_corpus(paths: Iterable[Path]) -> CorpusReadResult:
    """Read every report under `paths` (folders of .txt/.md, single files, or BEIR corpus.jsonl files)."""
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
            _read_beir(root, result, seen)
            continue
        for file in iter_report_files(root):
            data = file.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            result.inputs.append((str(file), len(data), digest))
            raw = decode_bytes(data, str(file))
            if not normalize_text(raw).strip():
                result.skipped_empty.append(str(file))
                continue
            if digest in seen:
                result.skipped_duplicate.append(str(file))
                continue
            seen.add(digest)
            if file.stem in ids:
                raise CorpusError(
                    f"{file}: another report has the same name ({ids[file.stem]}); "
                    "document ids are file stems, so rename one"
                )
            ids[file.stem] = str(file)
            result.documents.append(_document(file.stem, raw, str(file), digest))
    return result
