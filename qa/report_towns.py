"""The towns the indexed reports are about, read from their titles (branch townplace19).

cpca's table stops at counties: a town, a township or a street (X镇, X乡, X街道) is no gazetteer place. A question
naming one with its suffix at a phrase's start is read as a local place (`qa.analysis._local_places`); one naming it
bare ("甲溪长照据点") or right after its county ("丙县甲溪镇") was not, and was answered from any report. The reports
themselves say which towns they are about: a title (or the first line of the text) that opens on the town, or on its
county and then the town ("丙县甲溪镇公所2024年工作报告", "乙街道2024年工作总结"). Those names, read once per index,
let a question naming the town's stem (≥ 2 characters, with or without its suffix) be read as asking that town.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from index.normalize import match_view
from index.places import Gazetteer

# A town's administrative suffix; 区 and 市 are the gazetteer's (or words: 园区, 城市), 村 and 社区 are villages the
# question-side reading already keeps to names (`qa.analysis._proper_name`).
_TOWN = re.compile(r"(?P<stem>[\u4e00-\u9fff]{2,4}?)(?P<suffix>街道|镇|乡)")
# Stem endings and characters that make the suffix a common word, not a name (全镇, 城乡, 乡镇, 小镇, 各街道).
_GENERIC_END = "全本该各此城乡小重集特名古新"
_FUNCTION_CHARS = re.compile(r"[的之在有和与及了是哪些什么个多少几每各等其这那我你他全本该从向对把被给于到为年度]")
# Characters after the suffix that make it part of a longer word (乡村, 镇区, 街道办 is the town's office: kept).
_NOT_AFTER = re.compile(r"村|镇|级|域|区|民")  # read with `match` at the suffix's end
# How far into a title (or first line) the town may start: after the places that locate it only.
_FIRST_LINE_CHARS = 60


@dataclass(frozen=True)
class Town:
    name: str  # as the title writes it (matching view): 甲溪镇
    stem: str  # 甲溪
    within: tuple[str, ...] = ()  # adcodes of the gazetteer places the title names before it (its county, city)


def title_town(text: str, gazetteer: Gazetteer) -> Town | None:
    """The town a title (or a report's first line) is about: the name with a town's suffix right where the title
    opens, or right after the gazetteer places that open it (its county, city), in the matching view; None where
    the title opens on something else, or the stem is a gazetteer place's name or a common word's ending."""
    view = match_view(text[:_FIRST_LINE_CHARS]).text.strip()
    mentions = sorted(gazetteer.find_normalized(view), key=lambda m: m.start)
    at, within = 0, list[str]()
    for m in mentions:
        if m.start != at:
            break
        at, within = m.end, [*within, m.place.adcode]
    found = _TOWN.match(view, at)
    if found is None:
        return None
    stem = found.group("stem")
    if stem[-1] in _GENERIC_END or _FUNCTION_CHARS.search(stem) or _NOT_AFTER.match(view, found.end()):
        return None
    if any(m.start < found.end() and found.start() < m.end for m in mentions):
        return None  # the gazetteer reads a place there (a county named like a town): its reading stands
    if gazetteer.find_normalized(stem):
        return None  # the stem alone is a gazetteer place's name: a question naming it asks that place
    return Town(found.group(), stem, tuple(within))


# A first line read as a heading: short, no sentence's punctuation (an article's first line is a sentence:
# "甲镇位于…，…", and a verb may end in a town's suffix there: 镇压, 乡亲).
_SENTENCE_MARK = re.compile(r"[，,。；;：:！!？?]")


def first_heading(text: str) -> str:
    """A text's first line where it is a heading (`_SENTENCE_MARK`), else nothing."""
    for line in text[:400].splitlines():
        if line.strip():
            line = line.strip()
            return "" if _SENTENCE_MARK.search(line) or len(line) > _FIRST_LINE_CHARS else line
    return ""


@dataclass
class ReportTowns:
    """{doc_id: the town its report is about}, read from each document's title, else its first line (a heading).
    Reports only (`is_report`): an encyclopedia's article on a town is asked loosely, and its questions read places
    as the gazetteer does."""

    towns: dict[str, Town] = field(default_factory=dict)

    @classmethod
    def read(
        cls,
        titles: Iterable[tuple[str, str]],
        gazetteer: Gazetteer,
        is_report: Callable[[str], bool],
        text_of: Callable[[str], str],
    ) -> ReportTowns:
        """`titles`: (doc_id, title) of every document; `text_of` is read only for a title that names no place (a
        file's name, "2024年工作总结"): its first line may (`first_heading`)."""
        towns = {}
        for doc_id, title in titles:
            town = title_town(title, gazetteer)
            if town is None and not gazetteer.find_normalized(match_view(title).text):
                town = title_town(first_heading(text_of(doc_id)), gazetteer)
            if town is not None and is_report(doc_id):
                towns[doc_id] = town
        return cls(towns)

    def __post_init__(self) -> None:
        self._names: dict[str, str] = {}
        for town in self.towns.values():
            self._names.setdefault(town.stem, town.name)

    def names(self) -> dict[str, str]:
        """{stem: name} of every town a report is about (a stem two towns share keeps the first name read)."""
        return self._names

    def of(self, doc_id: str) -> Town | None:
        return self.towns.get(doc_id)


# jieba's frequency from which a stem is an everyday word (港口, 新城, 城关): a town so named is read only with its
# suffix (港口镇), never bare.
_COMMON_WORD = 20


def common_word(stem: str) -> bool:
    """The stem is a word of jieba's dictionary at an everyday frequency."""
    from index.tokenize import jieba_module  # loaded by the analysis anyway (part-of-speech tags)

    dictionary = jieba_module().dt
    dictionary.check_initialized()
    return dictionary.FREQ.get(stem, 0) >= _COMMON_WORD


def town_spans(
    text: str, taken: Iterable[tuple[int, int]], local_places: Iterable[str], names: Mapping[str, str]
) -> list[tuple[str, int, int]]:
    """(name, start, end) of the report towns a question names (`text`: its analysed window) by their name (甲溪镇)
    or by their stem alone where the stem is no everyday word (`common_word`), outside the places it names already
    (`taken`: gazetteer places and local places) and not one of its local places."""
    spans = list(taken)
    known = "".join(local_places)
    out = []
    for stem, name in names.items():
        if stem in known:
            continue
        said = name if name in text or common_word(stem) else stem
        for found in re.finditer(re.escape(said), text):
            if not any(s < found.end() and found.start() < e for s, e in spans):
                out.append((name, found.start(), found.end()))
                spans.append((found.start(), found.end()))
                break
    return out


def towns_asked(
    text: str, spans: Iterable[tuple[int, int]], local_places: Iterable[str], names: Mapping[str, str]
) -> tuple[str, ...]:
    """The names of the report towns a question names (`town_spans`)."""
    return tuple(name for name, _, _ in town_spans(text, spans, local_places, names))
