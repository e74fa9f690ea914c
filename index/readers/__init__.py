"""Readers for report files, chosen by content (magic bytes) first and extension second.

`detect_format` names the reader a file needs (or raises `UnreadableFile` with the reason);
`read_laid_out` runs the readers of laid-out formats (PDF, DOCX, HTML, images). Plain text (.txt/.md) is
decoded and cleaned by `index.documents`, which also turns every `UnreadableFile` into a listed failure.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from index.readers.base import ReadOutput, UnreadableFile
from index.readers.ocr import ocr_available

__all__ = ["READERS_VERSION", "SUFFIXES", "ReadOutput", "UnreadableFile", "detect_format", "ocr_available"]

# Part of the index fingerprint: a reader change rebuilds (2: page numbers "· 3 ·", "第3頁"; 3: PDF tables
# drawn without rules read as rows, a PDF's or Word file's table of contents left out; 4: table headers and cells
# on two or more lines, two-level merged headers, read into one row line per row; 5: a unit the caption states, "单位：万元", goes to a table's bare figures;
# 6: a group name centred over sub-columns of a PDF table drawn without rules names each of them; 7: a row label's
# unit "（万人）" and a 单位 column go to the row's bare figures, a first row merged across is the table's caption,
# Word and HTML tables take the unit their caption states, an HTML <caption> is kept).
READERS_VERSION = "7"
SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ASKS_FOR = "save it as .docx, PDF or .txt"


def detect_format(data: bytes, suffix: str) -> str:
    """ "text", "pdf", "docx", "html" or "image"; content decides where it can, the extension otherwise."""
    suffix = suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise UnreadableFile(f"corrupt {suffix or 'zip'} file (broken zip package)") from None
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            raise UnreadableFile(f"OpenDocument file (.odt); {_ASKS_FOR}")
        raise UnreadableFile("a zip package that is not a Word document")
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableFile("encrypted Office file (password protected); save an unprotected copy")
        raise UnreadableFile(f"legacy Office 97–2003 file (.doc/.xls); {_ASKS_FOR}")
    if data.startswith(b"{\\rtf"):
        raise UnreadableFile(f"RTF file; {_ASKS_FOR}")
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    expected = SUFFIXES.get(suffix)
    if expected in ("pdf", "docx", "image"):
        what = {"pdf": "PDF (no %PDF header)", "docx": "Word file (not a zip package)", "image": "image"}[expected]
        raise UnreadableFile("empty file" if not data.strip() else f"corrupt {what}")
    if expected is None:
        lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return "html"
        known = " ".join(sorted(SUFFIXES))
        raise UnreadableFile(f"unsupported file type {suffix or '(no extension)'} (readable: {known})")
    return expected


def read_laid_out(fmt: str, data: bytes, name: str, decode_plain: Callable[[bytes], str]) -> ReadOutput:
    """Run the reader for `fmt` (not "text"); raises `UnreadableFile` with the reason."""
    if fmt == "pdf":
        from index.readers.pdf import read_pdf

        return read_pdf(data, name)
    if fmt == "docx":
        from index.readers.docx import read_docx

        return read_docx(data, name)
    if fmt == "html":
        from index.readers.html import decode_html, read_html

        return read_html(decode_html(data, decode_plain), name)
    if fmt == "image":
        from index.readers.image import read_image

        return read_image(data, name)
    raise ValueError(f"no reader for {fmt!r}")
