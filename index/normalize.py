"""Text normalisation shared by indexing and question analysis.

One function, used on report text and on questions alike, so that full-width digits, letters and
punctuation, traditional characters and invisible characters never change what matches.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# Zero-width and other invisible format characters that PDF/Word exports leave inside words.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width) and invisible characters removed. Keeps length semantics simple:
    the result is what every offset in the index refers to."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: OpenCC loads its dictionaries on first use

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s). Character-for-character, so lengths are kept."""
    return _t2s().convert(text)


def normalize_query(text: str) -> str:
    """What a question goes through before analysis: the matching view (`match_view`: NFKC, simplified
    script, no pinyin glosses), and whitespace dropped (Chinese needs none, and users type "江门 有 多少") —
    except one space between two Latin words ("MIT OpenCourseWare"), which passages keep as well."""
    return _OTHER_SPACE.sub("", _LATIN_GAP.sub(" ", match_view(text).text))


_LATIN_GAP = re.compile(r"(?<=[A-Za-z])\s+(?=[A-Za-z])")
_OTHER_SPACE = re.compile(r"(?<![A-Za-z]) |(?<=[A-Za-z]) (?![A-Za-z])|[^\S ]+")


# Pinyin glosses that web pages put after characters: 服務(wù), 工會（gōng huì）. A gloss is lower-case Latin
# syllables with at least one tone mark or tone digit, right after a CJK character; "(AI)", "(PPP)" stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(
    rf"[(（][ ]?(?=[^)）\n]{{0,40}}[{_TONED}1-5])[a-zü{_TONED}]+[1-5]?(?:[ '’][a-zü{_TONED}]+[1-5]?)*[ ]?[)）]"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Spaces that web and PDF text puts between CJK and digits ("全市已培育 30 家", "2023 年"): dropped, so
# numbers meet their units and words their numbers. Spaces elsewhere (between Latin words) stay, and so do tabs:
# a tab separates the cells of a pasted table ("甲县\t734.2亿元"), whose row and column are read by it.
_SPACE_RUN = re.compile("[ \u3000\u00a0]+")
_DIGIT = re.compile("[0-9０-９]")
_AFTER_DIGIT = re.compile("[%％‰\u3400-\u9fff\uf900-\ufaff]")


def _deletions(text: str) -> list[tuple[int, int]]:
    """Spans of `text` the view leaves out: pinyin glosses and CJK–digit / digit–unit spaces, in order."""
    spans: list[tuple[int, int]] = []
    if "(" in text or "（" in text:
        for m in _GLOSS.finditer(text):  # after a character, or after the gloss of one: 行(háng)(xíng)
            if m.start() > 0 and (_CJK.match(text, m.start() - 1) or (spans and spans[-1][1] == m.start())):
                spans.append(m.span())
    gloss_before = {b: a for a, b in spans}  # "服務(wù) 30": the space follows 務 once the gloss is gone
    for m in _SPACE_RUN.finditer(text):
        a, b = m.span()
        before_at = gloss_before.get(a, a) - 1
        if before_at >= 0 and b < len(text):
            before, after = text[before_at], text[b]
            if (_CJK.match(before) and _DIGIT.match(after)) or (_DIGIT.match(before) and _AFTER_DIGIT.match(after)):
                spans.append((a, b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _t2s_keeping_length(text: str) -> str:
    """OpenCC t2s, character for character: where a phrase rule would change the length (none known in
    OpenCC's tables, but they are data), that line is converted one character at a time."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.split("\n"):
        out = to_simplified(line)
        lines.append(
            out
            if len(out) == len(line)
            else "".join(to_simplified(c) if len(to_simplified(c)) == 1 else c for c in line)
        )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class TextView:
    """A normalised view of a text for matching, with offsets back to the text as written. Everything that
    *matches* (tokenizer, places, numbers, answer features) reads `text`; everything that is *shown*
    (citations, start/end, highlights) uses `original` through `to_original` / `span_to_original`.

    The view is NFKC, without invisible characters, pinyin glosses and CJK–digit spaces, in simplified
    script (`match_view`). Only length-changing edits are stored, as parallel tuples: original
    [orig_starts[k], orig_ends[k]) became view [view_starts[k], view_ends[k]); between edits offsets shift
    by a constant. So a simplified or traditional report stores no map at all (t2s keeps lengths).

    Offsets inside an edit have no exact counterpart; the span functions widen to whole edits, except that
    text the view dropped (a gloss, a space) is left out at a span's ends: view "服务是" of "服務(wù)是" →
    view span (2, 3) is original (7, 8)."""

    original: str
    text: str
    orig_starts: tuple[int, ...] = ()
    orig_ends: tuple[int, ...] = ()
    view_starts: tuple[int, ...] = ()
    view_ends: tuple[int, ...] = ()

    @property
    def identity_offsets(self) -> bool:
        return not self.orig_starts

    def to_view(self, i: int, *, end: bool = False) -> int:
        """View offset of original offset i (an end offset rounds up inside an edit)."""
        k = bisect_right(self.orig_starts, i) - 1
        if k < 0:
            return i
        if i < self.orig_ends[k]:
            return self.view_ends[k] if end and i > self.orig_starts[k] else self.view_starts[k]
        return i - self.orig_ends[k] + self.view_ends[k]

    def to_original(self, j: int, *, end: bool = False) -> int:
        """Original offset of view offset j (an end offset rounds up inside an edit and stops before
        dropped text; a start skips it)."""
        k = bisect_right(self.view_starts, j) - 1
        if k < 0:
            return j
        v_start, v_end = self.view_starts[k], self.view_ends[k]
        if v_start < j < v_end:
            return self.orig_ends[k] if end else self.orig_starts[k]
        if j == v_start and (v_start < v_end or end):
            return self.orig_starts[k]
        return j - v_end + self.orig_ends[k]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        a, b = self.to_original(start), self.to_original(end, end=True)
        return a, max(a, b)

    def span_to_view(self, start: int, end: int) -> tuple[int, int]:
        a, b = self.to_view(start), self.to_view(end, end=True)
        return a, max(a, b)


def match_view(text: str) -> TextView:
    """The view every matcher reads (tokenizer, places, numbers, answer matching): NFKC, invisible
    characters removed, pinyin glosses and CJK–digit spaces removed, OpenCC t2s; with exact offset maps."""
    deletions = _deletions(text)
    if not deletions and unicodedata.is_normalized("NFKC", text) and not _INVISIBLE.search(text):
        return TextView(original=text, text=_t2s_keeping_length(text))
    pieces: list[str] = []
    edits: list[list[int]] = []  # [orig_start, orig_end, view_start, view_end], merged when adjacent
    size = 0

    def edit(a: int, b: int, length: int) -> None:
        nonlocal size
        if edits and edits[-1][1] == a:
            edits[-1][1], edits[-1][3] = b, size + length
        else:
            edits.append([a, b, size, size + length])

    pos = 0
    for a, b in [*deletions, (len(text), len(text))]:
        segment = text[pos:a]
        if unicodedata.is_normalized("NFKC", segment) and not _INVISIBLE.search(segment):
            pieces.append(segment)
            size += len(segment)
        else:
            i = 0
            while i < len(segment):  # a character with its combining marks, normalised alone
                j = i + 1
                while j < len(segment) and unicodedata.combining(segment[j]):
                    j += 1
                out = normalize_text(segment[i:j])
                if len(out) != j - i:
                    edit(pos + i, pos + j, len(out))
                pieces.append(out)
                size += len(out)
                i = j
        if b > a:
            edit(a, b, 0)
        pos = b
    view = _t2s_keeping_length("".join(pieces))
    columns = tuple(zip(*edits)) if edits else ((), (), (), ())
    return TextView(text, view, *(tuple(c) for c in columns))
