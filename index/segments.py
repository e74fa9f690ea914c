"""Where sentences, clauses and list items end in Chinese report text: the one definition, used by
chunking, place and document cleaning, answering and the bench.

Levels, widest first: a sentence ends at 。！？； (full or half width) or at a line end; a clause also at a
comma or colon; a segment (one item of a 、-list) also at 、. `is_heading` uses the same sentence ends.
"""

from __future__ import annotations

import re

SENTENCE_END_CHARS = "。！？；!?;"
CLOSING_QUOTES = "”’」』)）"  # stay with the sentence they close
CLAUSE_MARKS = "，,、：:"  # where an over-long sentence may be cut

# A comma after a figure's first digits (three at most, `index.numbers` reads no longer group) and before a group of
# exactly three ("1,126家", "23,960元", "4,404,013") groups the figure's thousands: no clause or list item ends there.
# The full-width comma too: the matching view writes it as ",", and the figure is read there.
_THOUSANDS_COMMA = r"(?<=\d)(?<!\d{4})[,，](?=\d{3}(?!\d))"
THOUSANDS_COMMA = re.compile(_THOUSANDS_COMMA)
# A comma that breaks a clause: every comma but a thousands separator. The splitters of clauses the rules and the
# features read use it (`qa.features`, `qa.given_instead`, `qa.place_scope`, the question's analysis), and so does
# the cut of an over-long sentence.
BREAK_COMMA = rf"(?!{_THOUSANDS_COMMA})[,，]"

SENTENCE_END = re.compile(f"[{SENTENCE_END_CHARS}]")
SENTENCE_OR_LINE_END = re.compile(f"[{SENTENCE_END_CHARS}\n]")
# A number's own clause and list item still end at a thousands comma before it: the number model's weights were
# fitted on those bounds, and reading them with `BREAK_COMMA` moved answers both ways on the training sets' held-out
# splits (docs/answering.md, branch whole17). The number's own figure is never cut: the bounds are looked for
# outside it.
CLAUSE_END = re.compile(f"[{SENTENCE_END_CHARS}\n,，:：]")
SEGMENT_END = re.compile(f"[{SENTENCE_END_CHARS}\n,，、:：]")
_SENTENCE = re.compile(
    f"[^{SENTENCE_END_CHARS}\n]*(?:[{SENTENCE_END_CHARS}]+[{CLOSING_QUOTES}]*|$)",
    re.MULTILINE,
)
# Characters that continue a number (traditional forms, and the space of "30 家", too): a cut may never fall
# right after one of these and before a unit.
_NUMBER_PART = re.compile(r"[\d.,%余餘多万萬亿億千百十 ]")
# A ratio clause ("占比18.2%") says what it is a share of in the clause before it.
_RATIO_LEAD = re.compile(r"^(?:占比|占|比例为?|比重为?|比上年|同比)")
# A change with nothing before it in its clause ("…8.2亿元，增长6.1%"): read with the clause before where a change is asked.
_CHANGE_LEAD = re.compile(r"^(?:比上年|同比|较上年|比去年)?(?:增长|下降|提高|增加|减少|上升|回落|降低)了?(?:到|至)?$")
# A note of how a figure was computed ("按不变价格计算", "扣除价格因素") between a figure and its change: the change
# is still the figure's, so the clause before the note says what changed.
METHOD_NOTE = r"按[^，,。；;]{1,10}(?:计算|计)|扣除价格因素|剔除[^，,。；;]{1,6}因素"
_METHOD_NOTE = re.compile(rf"^(?:{METHOD_NOTE})$")

# A clause that names no thing before its figure, only a running total's or a part's words ("…工作室18家，累计达到
# 126家", "…站点286个，其中当年新建41个"): what it counts is said in the clause before.
_ELIDED_LEAD = re.compile(
    r"^(?=\S)(?:其中|累计|总计|合计|共计?|全年|当年|本年|今年|(?:19|20)\d{2}年)*"
    r"(?:新建|建成|新增|达到|达|增至|增加到|发展到|共有|有|完成|"
    r"新?(?:认定|命名|培育|设立|组建|创建|评定|获批|纳入|引进|招收|注册|登记|吸收|发展))?了?$"
)

HEADING_MAX_CHARS = 45


def is_heading(line: str) -> bool:
    """A short line with no sentence end: a section title, a byline or a column name."""
    return 0 < len(line) <= HEADING_MAX_CHARS and not SENTENCE_END.search(line)


def _safe_cut(text: str, start: int, limit: int) -> int:
    """A cut point in text[start:limit] for an over-long sentence: after a clause mark if there is one in
    the second half, else at `limit` moved back so no number loses its unit."""
    window = text[start:limit]
    for i in range(len(window) - 1, len(window) // 2, -1):
        if window[i] in CLAUSE_MARKS and not THOUSANDS_COMMA.match(text, start + i):
            return start + i + 1
    cut = limit
    while cut > start + 1 and (_NUMBER_PART.match(text[cut - 1]) or _NUMBER_PART.match(text[cut])):
        cut -= 1
    return cut if cut > start + 1 else limit


def sentence_spans(text: str, max_chars: int = 300) -> list[tuple[int, int]]:
    """(start, end) of each sentence (ending at 。！？； and closing quotes, or a line end), leading spaces
    left out; a sentence longer than `max_chars` is cut at a clause mark (or before a number's unit)."""
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start] in " \n":
            start += 1
        while end - start > max_chars:
            cut = _safe_cut(text, start, start + max_chars)
            spans.append((start, cut))
            start = cut
        if start < end:
            spans.append((start, end))
    return spans


# How far a sentence or clause is looked for around a span: keeps every lookup linear in the span, not in the
# passage (a 50 MB report with no punctuation must not make each lookup scan it all).
_CLAUSE_REACH = 400
_SENTENCE_REACH = 600


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(left, right) of the sentence holding text[start:end], its end mark included; at most
    _SENTENCE_REACH characters either side."""
    floor = max(0, start - _SENTENCE_REACH)
    left = max((m.end() for m in SENTENCE_OR_LINE_END.finditer(text, floor, start)), default=floor)
    right = SENTENCE_OR_LINE_END.search(text, end, end + _SENTENCE_REACH)
    return left, right.end() if right else min(len(text), end + _SENTENCE_REACH)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], with its end mark, stripped."""
    left, right = sentence_bounds(text, start, end)
    return text[left:right].strip()


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(left, right) of the comma clause holding text[start:end] (a 、-list stays whole), without its closing
    mark; at most _CLAUSE_REACH characters either side."""
    floor = max(0, start - _CLAUSE_REACH)
    left = max((m.end() for m in CLAUSE_END.finditer(text, floor, start)), default=floor)
    right = CLAUSE_END.search(text, end, end + _CLAUSE_REACH)
    return left, right.start() if right else min(len(text), end + _CLAUSE_REACH)


def clause_around(text: str, start: int, end: int) -> str:
    """The comma clause holding text[start:end] (a 、-list stays whole)."""
    left, right = clause_bounds(text, start, end)
    return text[left:right]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Every comma clause of a passage, as (start, end) without its closing mark; empty ones dropped."""
    spans, left = [], 0
    for m in CLAUSE_END.finditer(text):
        if text[left : m.start()].strip():
            spans.append((left, m.start()))
        left = m.end()
    if text[left:].strip():
        spans.append((left, len(text)))
    return spans


# The list item before ends on a figure (its measure word or %): "…142班、" — not on a noun, as "甲区、" does.
_MEASURE_BEFORE = re.compile(r"\d[^\d、，,；;。]{0,3}$")


def segment_bounds(text: str, start: int, end: int, change_asked: bool = False) -> tuple[int, int]:
    """(left, right) of the list item or clause holding text[start:end]: "户外服务驿站128个" out of a long 、-list.
    A figure with no words of its own after another figure's 、 ("职前训练142班、3,405人": the same item in a second
    measure) takes in that figure's item. A ratio clause ("…产业工人20名,占比18.2%") takes in the clause before it, which
    says what it is a share of; where
    a change is asked (`change_asked`), so does a change clause ("…收入8.2亿元，增长6.1%"), past a note of method
    ("…N亿元，按可比价格计算，比上年增长M%"). A change's figure is no answer to a level asked: there it stays alone."""
    bounds = [m.end() for m in SEGMENT_END.finditer(text, 0, start)]
    left = bounds[-1] if bounds else 0
    lead = text[left:start]
    if len(bounds) > 1 and (change_asked and _CHANGE_LEAD.match(lead)):
        k = len(bounds) - 2
        while k > 0 and _METHOD_NOTE.match(text[bounds[k] : bounds[k + 1] - 1].strip()):
            k -= 1
        left = bounds[k]
    elif len(bounds) > 1 and _RATIO_LEAD.match(lead):
        left = bounds[-2]
    elif (
        bounds
        and not lead.strip()
        and text[bounds[-1] - 1] == "、"
        and _MEASURE_BEFORE.search(text, before := bounds[-2] if len(bounds) > 1 else 0, bounds[-1] - 1)
    ):
        # "职前训练142班、3,405人": a figure with no words of its own, listed after another of the same item in
        # another measure, counts that item
        left = before
    right = SEGMENT_END.search(text, end)
    return left, right.start() if right else len(text)


def elided_thing_left(text: str, left: int, start: int) -> int | None:
    """Where the clause before starts, when the clause from `left` to a figure at `start` names no thing
    (`_ELIDED_LEAD`: "累计达到", "其中2024年新建") and a clause of the same sentence comes before it; else None."""
    if not _ELIDED_LEAD.match(text[left:start].strip()) or left == 0 or text[left - 1] not in ",，;；":
        return None
    bounds = [m.end() for m in SEGMENT_END.finditer(text, max(0, left - _CLAUSE_REACH), left - 1)]
    return bounds[-1] if bounds else max(0, left - _CLAUSE_REACH)


# A breakdown by place written as prose: "分县看，甲县完成地区生产总值386.7亿元；乙县212.3亿元；丙县198.6亿元" names
# what it counts in its first item only; the items after it are a place and a figure. Read like a table's column
# header: the first item's words are what each bare place item counts. A place is two characters or more before its
# level suffix (丙县, 某某自治县), so "全市" or "社区" opening an item is no such row.
_PLACE_NAME = r"[\u4e00-\u9fff]{2,10}?(?:自治县|自治州|自治旗|新区|开发区|街道|省|市|县|区|旗|州|盟|镇|乡)"
_BARE_PLACE_ITEM = re.compile(rf"{_PLACE_NAME}(?:为|达到?|完成|实现)?")
_THING_ITEM = re.compile(rf"\s*{_PLACE_NAME}(?P<thing>[^\d、，,；;。：:\n]{{2,16}}?)\d")
_ITEM_VERB = re.compile(r"(?:为|达到?|完成|实现|有)")
_FULL_STOP = re.compile(r"[。！？!?\n]")
_LIST_ITEM_BREAK = re.compile(r"[；;，,、]")
# A sentence that opens a breakdown ("分县区看，", "从各镇看，") and whose items name no thing breaks down the figure the
# sentence before opens on ("全年全市地区生产总值N亿元，…。分县区看，甲区N1亿元…"): its words before the figure, the
# extent and period that frame them left out.
_BREAKDOWN_OPENER = re.compile(r"[\s　]*(?:分|从|按)[^，,。；;\d]{1,10}看[，,：:]")
_FIRST_FIGURE = re.compile(r"([\u4e00-\u9fff]{2,20})\s*\d")
_FRAME_LEAD = re.compile(
    r"^(?:初步核算|全年|上半年|下半年|前三季度|[一二三四]季度|\d{1,2}[-—至]\d{1,2}月|年末|年底|当年|本年|"
    r"全省|全市|全区|全县|全旗|全州|全镇|本市|本县|本区)+"
)


def listed_thing(text: str, left: int, start: int) -> str | None:
    """What a bare place item of a place-by-place list counts (`_BARE_PLACE_ITEM` from `left` to its figure at
    `start`), as the list's first item with words between its place and its figure says it; else None. Items end at
    ；，、 and belong to one sentence up to its full stop, at most _CLAUSE_REACH characters back."""
    if left == 0 or not _LIST_ITEM_BREAK.match(text, left - 1):
        return None
    if not _BARE_PLACE_ITEM.fullmatch(text[left:start].strip()):
        return None
    floor = max(0, left - _CLAUSE_REACH)
    stop = max((m.end() for m in _FULL_STOP.finditer(text, floor, left)), default=floor)
    starts = [stop] + [m.end() for m in _LIST_ITEM_BREAK.finditer(text, stop, left - 1)]
    for item_start in starts:  # the first item of the list that names a thing: what the list counts
        if (found := _THING_ITEM.match(text, item_start)) and not _ITEM_VERB.fullmatch(found["thing"]):
            return found["thing"]
    if stop == 0 or not _BREAKDOWN_OPENER.match(text, stop):
        return None
    # the sentence before, past other breakdowns of the same figure ("分产业看，…。分县区看，…")
    floor = max(0, stop - _CLAUSE_REACH)
    while stop > floor:
        before = max((m.end() for m in _FULL_STOP.finditer(text, floor, stop - 1)), default=floor)
        if not _BREAKDOWN_OPENER.match(text, before):
            break
        stop = before
    else:
        return None
    for clause in re.split(r"[，,；;：:]", text[before:stop]):  # the first clause with a figure after words
        if figure := _FIRST_FIGURE.search(clause.replace("　", "")):
            thing = _FRAME_LEAD.sub("", figure[1])
            return thing if len(thing) >= 2 else None
    return None


def segment_around(text: str, start: int, end: int) -> str:
    """The list item or clause holding text[start:end] (`segment_bounds`)."""
    left, right = segment_bounds(text, start, end)
    return text[left:right]


# A table flattened into a line of "label: value" fields ("指标: X; 完成值: 1.2万人; 增速: 3%"), as converted
# spreadsheets and scraped tables read: the row is one statement, its ";" no sentence end.
# Labels and values are short and hold no prose punctuation (a prose line with "注：…；其中A：…" is no row).
_CELL = r"[^:：;；\n。！？，]{1,16}[:：][^;；\n。！？，]{0,30}"
_TABLE_ROW = re.compile(rf"^{_CELL}(?:\s*[;；]\s*{_CELL})+[;；]?$")


def is_flattened_row(line: str) -> bool:
    """A line that is a flattened table row (two "label: value" fields or more, ";"-separated)."""
    return len(line) <= _SENTENCE_REACH and bool(_TABLE_ROW.match(line.strip()))


def table_row_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line holding text[start:end] when it is a flattened table row (two "label: value" fields or more,
    ";"-separated), else None."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    line = text[left:right]
    return (left, right) if len(line) <= _SENTENCE_REACH and _TABLE_ROW.match(line.strip()) else None


def statement_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], or its whole row in a flattened table."""
    return table_row_bounds(text, start, end) or sentence_bounds(text, start, end)


# A table written with cell separators (｜, |, tabs), as reports paste them: "县市区｜地区生产总值｜增速" over
# "A区｜734.2亿元｜5.9%". What a cell's number counts is in its column's header, the row's subject in its
# first cell.
_CELL_SEP = re.compile(r"\s*[｜|\t]\s*")
_TABLE_REACH = 40  # lines walked up to a row's header
# A header holds no figure; a year naming a column ("2023年", "2024年1—6月", "113年") is a label, not a figure.
_FIGURE = re.compile(r"\d")
_YEAR_LABEL = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}(?:[-—~至]\d{1,2})?月)?|(?<!\d)1[01]\d年")


def is_header_row(cells: list[str]) -> bool:
    """No figure in the cells: a table's header row (a year naming a column is a label: "2030年")."""
    return not any(_FIGURE.search(_YEAR_LABEL.sub("", c)) for c in cells)


def table_cell_labels(text: str, start: int, end: int) -> tuple[list[str], list[str], int] | None:
    """(the header line's cells, the row's cells, the column holding text[start:end]) for a number in a row of a
    separated table — the header is the nearest line above with as many cells and no digit ([] when none) —
    else None (no such row)."""
    found = _table_header(text, start, end)
    return None if found is None else found[:3]


def _table_header(text: str, start: int, end: int) -> tuple[list[str], list[str], int, int] | None:
    """table_cell_labels' answer and where the header line starts (-1 when there is none)."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    cells = _CELL_SEP.split(text[left:right].strip())
    if len(cells) < 2:
        return None
    column = min(len(_CELL_SEP.findall(text[left:start].lstrip())), len(cells) - 1)
    line_end = left - 1
    for _ in range(_TABLE_REACH):
        if line_end <= 0:
            break
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end].strip()
        above = _CELL_SEP.split(line)
        if len(above) != len(cells):
            break
        if is_header_row(above):
            return above, cells, column, line_start
        line_end = line_start - 1
    return [], cells, column, -1


_CAPTION_LINES = 2  # a table's caption (`表1 …`, `单位：万元`) sits on the lines right above its header


def table_caption(text: str, start: int, end: int, depth: int = 0) -> str:
    """The lines right above the header of the separated table holding text[start:end] that are no row of it
    (its caption, a `单位：万元` line), joined by newlines; "" outside a table with a header."""
    found = _table_header(text, start, end)
    if found is None or found[3] <= 0:
        return ""
    lines: list[str] = []
    line_end = found[3] - 1
    while len(lines) < _CAPTION_LINES and line_end > 0:
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end]
        if _CELL_SEP.search(line.strip()):
            # A row of another table; where this table is marked as continuing one ("表2（续）" after a page
            # break), the caption is that table's.
            if lines and _CONTINUED.search(lines[0]) and depth < _CAPTION_LINES:
                return table_caption(text, line_start, line_start + 1, depth + 1)
            break
        lines.insert(0, line)
        line_end = line_start - 1
    return "\n".join(lines)


_CONTINUED = re.compile(r"[(（]\s*[续續]\s*[)）]|[续續]表")

# A caption's parts that name no thing: its number ("表1-2", "附表3", "附："), a continuation mark, a stated unit.
_CAPTION_NOISE = re.compile(
    r"^\s*(?:附\s*[:：]|[续續附]?表\s*(?:[\d一二三四五六七八九十]+(?:[-—.．]\d+)*(?![\d年]))?\s*[:：]?)"
    r"|[(（]\s*[续續]\s*[)）]|[(（]?\s*[单單]\s*位\s*[:：][^)）\n]*[)）]?"
)
_CAPTION_MAX = 40  # a caption is a short line; a longer one, or one ending like prose, is a lead-in paragraph
_PROSE_END = re.compile(r"[。；;：:，,]\s*$")
# A section heading above a table ("一、组织建设", "（七）…", "第二章 …", "肆、…") is the passage's heading, not the
# table's caption; a line still holding a colon or 【】 is a byline or page furniture ("撰稿：…", "【打印本页】").
_NOT_CAPTION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[壹贰叁肆伍陆柒捌玖拾貳參陸]+、|[(（][一二三四五六七八九十\d]+[)）]"
    r"|第[一二三四五六七八九十\d]+[章节節篇部])|[:：【】]"
)


# A line that opens a list of rows: "分乡镇看，新增就业人数如下：" — short, ending on a colon.
_LEAD_IN_MAX = 60
_LEAD_IN_END = re.compile(r"[:：]\s*$")


def table_lead_in(text: str, start: int, end: int) -> str:
    """The line that opens a separated table with no header holding text[start:end] ("…完成情况如下：" over rows
    "甲县｜36个"), without its colon: with no header, it alone says what the rows' figures are. "" for a table with a
    header (its caption is `table_title`'s), outside a table, or where the line above the rows is no short lead-in."""
    found = _table_header(text, start, end)
    if found is None or found[0]:
        return ""
    width = len(found[1])
    line_end = text.rfind("\n", 0, start)
    for _ in range(_TABLE_REACH):
        if line_end <= 0:
            return ""
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end].strip()
        if len(_CELL_SEP.split(line)) != width:
            return _LEAD_IN_END.sub("", line) if len(line) <= _LEAD_IN_MAX and _LEAD_IN_END.search(line) else ""
        line_end = line_start - 1
    return ""


def table_title(text: str, start: int, end: int) -> str:
    """What the separated table holding text[start:end] is about, from its caption (`table_caption`): the caption
    lines without their number, continuation mark and stated unit ("表2（续） 2031年各县财政收入（单位：万元）" →
    "2031年各县财政收入"); a lead-in paragraph above the table ("…情况如下：") is no caption. "" when none."""
    kept = []
    for line in table_caption(text, start, end).split("\n"):
        line = line.strip()
        if not line or len(line) > _CAPTION_MAX or _PROSE_END.search(line):
            continue
        line = _CAPTION_NOISE.sub("", line).strip()
        if not _NOT_CAPTION.search(line):
            kept.append(line)
    return " ".join(k for k in kept if k)
