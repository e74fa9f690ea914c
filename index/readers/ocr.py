"""OCR of scanned pages with Debian's tesseract (`apt-get install tesseract-ocr tesseract-ocr-chi-sim`).

Run as a subprocess (no Python binding needed). Output is read as TSV so each recognised line keeps its box,
and the lines go through the same geometric paragraph joining as a PDF text layer.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from PIL import Image

from index.readers.base import UnreadableFile, tidy_line
from index.readers.layout import Line

LANGUAGE = "chi_sim"
MISSING = f"install tesseract-ocr-{LANGUAGE.replace('_', '-')} for OCR"
PAGE_TIMEOUT_S = 180
OCR_DPI = 300  # pages whose scan resolution is unknown are rendered at this
MIN_DPI, MAX_DPI = 150, 400  # below 150 dpi characters are too small for tesseract; above 400 only slower


_SPECK = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]")
_SPECK_CONF = 60.0
_DIGIT_GROUP_GAP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    """tesseract on PATH with the simplified-Chinese model installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in (listed.stdout + listed.stderr).split()


def ocr_image(image: Image.Image, page: int, scale: float = 1.0) -> list[Line]:
    """Recognise one page image; line boxes are divided by `scale` (pixels per PDF point for rendered pages)."""
    exe = shutil.which("tesseract")
    if exe is None or not ocr_available():
        raise UnreadableFile(MISSING)
    with tempfile.TemporaryDirectory(prefix="qa-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        image.convert("L").save(path)
        try:
            done = subprocess.run(
                [exe, str(path), "stdout", "-l", LANGUAGE, "--psm", "3", "-c", "preserve_interword_spaces=1", "tsv"],
                capture_output=True,
                text=True,
                timeout=PAGE_TIMEOUT_S,
                check=False,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one page per process; no thread oversubscription
            )
        except subprocess.TimeoutExpired:
            raise UnreadableFile(f"OCR of page {page + 1} took over {PAGE_TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise UnreadableFile(f"OCR failed on page {page + 1}: {done.stderr.strip()[:200]}")
    return _lines_from_tsv(done.stdout, page, scale)


def _lines_from_tsv(tsv: str, page: int, scale: float) -> list[Line]:
    words: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip() and float(row.get("conf") or -1) >= 0:
            words.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines = []
    for group in words.values():  # insertion order is tesseract's reading order
        # Specks of dust read as a lone mark ("_", "|", "'") with low confidence are not text.
        group = [w for w in group if not (_SPECK.fullmatch(w["text"].strip()) and float(w["conf"]) < _SPECK_CONF)]
        if not group:
            continue
        # Tesseract splits a long number at a wide gap ("8 000个"); a 3-digit group after digits belongs to it.
        text = _DIGIT_GROUP_GAP.sub("", tidy_line(" ".join(w["text"] for w in group)))
        if not text:
            continue
        x0 = min(int(w["left"]) for w in group)
        top = min(int(w["top"]) for w in group)
        x1 = max(int(w["left"]) + int(w["width"]) for w in group)
        bottom = max(int(w["top"]) + int(w["height"]) for w in group)
        lines.append(Line(text, page, x0 / scale, top / scale, x1 / scale, bottom / scale))
    return lines
