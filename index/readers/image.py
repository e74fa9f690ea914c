"""Scanned pages saved as images (PNG, JPEG, TIFF): OCR every frame."""

from __future__ import annotations

import io

from PIL import Image, ImageSequence, UnidentifiedImageError

from index.readers import ocr
from index.readers.base import ReadOutput, UnreadableFile
from index.readers.layout import join_paragraphs


def read_image(data: bytes, name: str) -> ReadOutput:
    if not ocr.ocr_available():
        raise UnreadableFile(f"image file; {ocr.MISSING}")
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableFile(f"corrupt image ({exc})") from None
    lines = [line for n, frame in enumerate(frames) for line in ocr.ocr_image(frame, n)]
    text = "\n".join(join_paragraphs(lines))
    if not text:
        raise UnreadableFile("no text recognised in the image")
    return ReadOutput(text, "image", None, len(frames), ocr=True)
