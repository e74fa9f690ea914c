"""What the web layer needs of report files and index builds, without reaching into `index`: the kinds of
file a report may be, the plain-text decoding check, the sources of the current build, and the place a
report's title names. (The upload routes check a file before saving it as `qa index` would read it.)"""

from __future__ import annotations

from pathlib import Path

from index import store
from index.documents import REPORT_SUFFIXES, decode_bytes
from index.normalize import normalize_text
from index.places import question_places
from qa.errors import QAError

__all__ = ["REPORT_SUFFIXES", "build_sources", "decode_bytes", "has_text", "place_of_title"]


def has_text(text: str) -> bool:
    """Whether decoded text holds anything once normalised (a file of spaces and zero-width marks does not)."""
    return bool(normalize_text(text).strip())


def build_sources(index_dir: Path) -> list[str]:
    """The corpus paths the current build of `index_dir` was made from ([] without a readable build)."""
    current = store.current_build(index_dir)
    if current is None:
        return []
    try:
        return [str(s) for s in store.read_manifest(current).get("sources", [])]
    except QAError:
        return []


def place_of_title(title: str) -> str | None:
    """The most specific place named in a report's title (cheap: a title is short)."""
    if not title:
        return None
    places = question_places(title)
    return places[0].name if places else None
