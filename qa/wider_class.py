"""Question-level "not stated" where a class of people is asked as a stock and the report counts a narrower class of it,
or those of it a deed reached (branch near23).

"甲市有多少志愿者" (invented) asks how many volunteers there are. A report's "其中志愿者党员N人" counts the party members
among them (a class noun after the one asked), "注册平台志愿者N人" under "有多少社区志愿者" another class in the slot of
the question's modifier, "慰问志愿者N人" or "志愿者参加培训N人" those a deed reached: none is how many there are. Read on
the top number's own clause (`qa.sibling_measures.own_clause`) by the shape of the phrase, not by a list of classes:
- `narrower_after`: the clause says every word of the class and, after its last word, a run of two Han characters or
  more that is no word of stating or measuring (`_STATING`: 达到, 总数, 人数…) — a class noun (党员 of 志愿者党员) or a deed
  (参加培训 of 志愿者参加培训);
- `deed_before`: a verb of a deed done to people (`_DEED_TO_PEOPLE`: 覆盖, 慰问, 帮扶, 培训…) before the class in the
  clause, the question not saying it;
- `other_in_slot`: the question's one modifier (社区 of 社区志愿者) unsaid in the statement up to the number, the clause
  saying two Han characters or more right before the head that the question does not (认证平台志愿者).
A near number counting people whose own clause says the class bare (none of the three) states the stock: the rule stays
silent; so does a class named in more than three words (`_MAX_WORDS`), a narrow class of its own. Reports and work articles alike: a narrower class or a deed's reach is no paraphrase of a class's stock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import DEED, PERSON_UNITS, SUM_OR_LIST_ASKED, Question, names_people
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names
from qa.sibling_measures import own_clause
from qa.thing_asked import number_unit

NARROWER_COUNTED = "报告只给出了所问人群中某一部分（或某项工作涉及）的人数，没有给出所问人群的总数。"

# A stock asked: what there is (有多少, 共有几) or its total (总数, 人数 at the end).
_STOCK_ASKED = re.compile(
    r"(?:有|共有|现有|拥有|总共有|一共有)(?:多少|几)|(?:总数|总量|人数|数量)(?:是|为|有)?(?:多少)?[?？]?$"
)
# Words of stating or measuring a figure between the class and its number ("职工总数达到", "会员人数为", "志愿者已超过",
# "甲县、乙县志愿者分别达到").
_STATING = re.compile(
    r"总数|总量|人数|数量|规模|分别|达到|已达|增至|增加到|突破|超过|共计|合计|总计|累计|约为|约|近|逾|超|达|为|有|共|计|已|现|均|各"
)
# Verbs of a deed done to people (general vocabulary): the figure after them counts those it reached.
_DEED_TO_PEOPLE = re.compile(
    r"覆盖|惠及|慰问|走访|帮扶|帮助|救助|资助|服务|培训|表彰|接待|安置|体检|筛查|吸纳|带动|组织|招聘|录用|转移|疗休养"
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_MIN_RUN = 2  # Han characters of a class noun, a deed or a modifier read
# Words of the class asked, places aside: a class named in more (a platform's registered worker members) is a narrow
# class of its own, not the wide one this rule reads, and a report words it in its own way.
_MAX_WORDS = 3


def class_stock_asked(q: Question, words: Sequence[str]) -> bool:
    """A count of what there is of a class of people (`_STOCK_ASKED`; the thing's last word names people: 职工, 会员,
    劳动者, 人员), no deed asked outside the class's own name (服务 of 服务人员 is its name; "有多少人参加培训" asks a deed)."""
    if q.kind != "count" or not words or not names_people(words[-1]):
        return False
    text = q.text.lower()
    if _STOCK_ASKED.search(text) is None:
        return False
    head = (q.head or q.target).lower()
    start = text.find(head)
    for deed in DEED.finditer(text):
        if start < 0 or not (start <= deed.start() and deed.end() <= start + len(head)):
            return False
    return True


def _rest(text: str) -> str:
    """`text`'s first run of Han characters, words of stating or measuring at its start taken off (总数达到 of
    "职工总数达到"; 党员 of 志愿者党员 stays)."""
    runs = _HAN_RUN.findall(text)
    rest = runs[0] if runs and text.startswith(runs[0]) else ""
    while (lead := _STATING.match(rest)) is not None and lead.end():
        rest = rest[lead.end() :]
    return rest


def narrower_after(clause: str, thing: Sequence[str], question: str) -> bool:
    """The clause says every word of the class (`thing`, head last) and after the head a run the question does not say
    (`_rest`, two Han characters or more: 党员 of 志愿者党员, 参加培训 of 志愿者参加培训)."""
    if not thing or not all(w in clause for w in thing):
        return False
    after = clause[clause.rfind(thing[-1]) + len(thing[-1]) :]
    # what the question says right after the head too is the head's own word (人口 of 高龄人 + 口)
    asked_after = question[question.rfind(thing[-1]) + len(thing[-1]) :] if thing[-1] in question else ""
    shared = 0
    while shared < min(len(after), len(asked_after)) and after[shared] == asked_after[shared]:
        shared += 1
    rest = _rest(after[shared:])
    return len(rest) >= _MIN_RUN and rest not in question


def deed_before(clause: str, thing: Sequence[str], question: str) -> bool:
    """A verb of a deed done to people (`_DEED_TO_PEOPLE`) before the class's head in the clause, unsaid in the question
    ("覆盖社区N个、志愿者" under "有多少志愿者")."""
    at = clause.rfind(thing[-1]) if thing else -1
    if at < 0:
        return False
    return any(d.group() not in question for d in _DEED_TO_PEOPLE.finditer(clause[:at]))


def other_in_slot(clause: str, before: str, thing: Sequence[str], question: str) -> bool:
    """The question's modifiers (`thing` but its head) unsaid in the statement up to the number (`before`), the clause
    saying the head right after a run of two Han characters or more the question does not say (认证平台志愿者 under
    社区志愿者)."""
    modifiers = [w for w in thing[:-1] if len(w) >= _MIN_RUN]
    at = clause.rfind(thing[-1]) if thing else -1
    # one modifier: a class named in more words is a name of its own, which a report may word otherwise
    if len(modifiers) != 1 or at < _MIN_RUN or any(w in before for w in modifiers):
        return False
    runs = _HAN_RUN.findall(clause[:at])
    slot = runs[-1][-_MIN_RUN:] if runs and clause[:at].endswith(runs[-1]) else ""
    return len(slot) == _MIN_RUN and not set(slot) & set(question)


def _class_bare(n: NearText, thing: Sequence[str], question: str) -> bool:
    """A near number counting people whose own clause says the class with no narrower class, deed or other modifier:
    a figure of the stock asked."""
    if number_unit(n) not in PERSON_UNITS:
        return False
    clause = own_clause(n)
    if not all(w in clause for w in thing):
        return False
    return not (narrower_after(clause, thing, question) or deed_before(clause, thing, question))


def narrower_counted(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A stock of a class of people asked (`class_stock_asked`) where the top number counts people and its own clause
    reads a narrower class, a deed's reach or another class in the modifier's slot (`narrower_after`, `deed_before`,
    `other_in_slot`), and no near number's own clause states the class bare (`_class_bare`): the report does not say how
    many there are (`words`: the thing's words, head last)."""
    if not class_stock_asked(q, words) or not all_reports(near[:1]):
        return False
    names = [p.lower() for p in place_names(q)]
    thing = [w.lower() for w in words if not any(w.lower() in p or p in w.lower() for p in names)]
    top = near[0]
    if not thing or len(thing) > _MAX_WORDS or number_unit(top) not in PERSON_UNITS:
        return False
    question = q.text.lower()
    clause = own_clause(top)
    narrower = (
        narrower_after(clause, thing, question)
        or deed_before(clause, thing, question)
        or other_in_slot(clause, top.before.lower(), thing, question)
    )
    return narrower and not any(_class_bare(n, thing, question) for n in near[1:NEAR_DEPTH])


# -- the whole extent asked, the body's own level given ---------------------------------------------------------------
# An extent asked (全市) and the word of its government's own level (市级, 市本级): "市级税收收入" is the city
# government's own budget, not the whole city's (its districts and counties aside).
_OWN_LEVEL: dict[str, tuple[str, ...]] = {
    "全省": ("省级", "省本级"),
    "全市": ("市级", "市本级"),
    "全州": ("州级", "州本级"),
    "全县": ("县级", "县本级"),
    "全区": ("区级", "区本级"),
}
LEVEL_FOR_EXTENT = "报告只给出了本级（如市级、市本级）的数字，没有给出所问全域（如全市）的数字。"


def level_for_extent(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """An extent asked (`Question.scope`: 全市) where the top number's own clause, in a report, says its own level's word
    right before the thing's first word (`_OWN_LEVEL`: "市级税收收入N亿元") and its statement up to it not the
    extent, the question saying no level word, and no near number's statement says the extent with every word of the
    thing (`words`): the report gives the government's own level, not the whole extent."""
    extent = q.scope or ""
    levels = _OWN_LEVEL.get(extent)
    if not levels or not words or any(level in q.text for level in levels) or not all_reports(near[:1]):
        return False
    thing = [w.lower() for w in words if w != extent]  # 全市 of 全市税收收入 is the extent, not the thing
    if not thing:
        return False
    top = near[0]
    clause = own_clause(top)
    if extent in top.before or not any(level + thing[0] in clause for level in levels):
        return False
    return not any(extent in n.before and all(w in n.before.lower() for w in thing) for n in near[1:NEAR_DEPTH])


# -- two things summed where one is asked ---------------------------------------------------------------------------
# Two things joined by 和/及/与 and summed right before the number ("发放助学金和学习用品合计", "补贴和奖励共计").
# A bare 共 is not read: "甲中心及乙中心共N间" names one class by its kinds, as users ask it.
_JOINED_SUM = re.compile(
    r"([\u4e00-\u9fff]{2,}?)(?:和|及|与|以及)([\u4e00-\u9fff]{2,}?)(?:合计|共计|总计|折合)(?:为|达|达到|约)?$"
)
_OTHER_MAX = 4  # Han characters of the other thing summed: a noun (慰问品), not a clause
_ASKED_EXTRA = 2  # characters the asked side may hold before the thing's last word where it is the second side
JOINED_SUM = "报告只给出了所问事项与另一项合在一起的数字，没有单独给出所问事项的数字。"


def joined_sum_only(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count or amount of one thing where the top number's own clause, in a report, sums it with another thing
    (`_JOINED_SUM`: "发放助学金和学习用品合计N万元" under a question on 助学金): one side ends with the thing's last word
    (`words`, head last), the other is a noun of at most four characters that names no people, ends otherwise than the
    thing (two kinds of one thing, 甲中心和乙中心, name a class) and is no word of the question. Not where a sum or a
    list is asked."""
    if q.kind not in ("count", "amount") or not words or not all_reports(near[:1]):
        return False
    if SUM_OR_LIST_ASKED.search(q.text):
        return False
    joined = _JOINED_SUM.search(own_clause(near[0]))
    if joined is None:
        return False
    head, question = words[-1].lower(), q.text.lower()
    first, second = joined.groups()
    for asked, other, second_asked in ((first, second, False), (second, first, True)):
        if not asked.endswith(head) or len(other) > _OTHER_MAX or names_people(other):
            continue  # not the thing's noun joined with another noun (people joined are `people_joined_only`'s)
        if second_asked and len(asked) > len(head) + _ASKED_EXTRA:
            continue  # the second side holds a clause ("家属发放补助资金"): the joiner joins something else
        if other[-1] == head[-1]:
            continue  # two kinds of one thing (甲中心和乙中心): a class named by its kinds
        if other not in question and not set(other) <= set(question):
            return True
    return False


# -- a national or provincial body asked, a local one's figure given --------------------------------------------------
# A body of the nation or the province named with its extent (全国人大代表, 全省政协委员): an extent that names the body,
# not the scope of the question (`qa.analysis` reads no scope there).
_BODY_ASKED = re.compile(r"(全国|全省)(人大|政协|总工会|妇联|团委)")
WIDER_BODY_UNSAID = "报告给出的是本地机构（如本地人大、政协）的数字，没有给出所问全国（全省）一级机构的数字。"


def wider_body_unsaid(q: Question, near: Sequence[NearText]) -> bool:
    """A body of the nation or the province asked by name (`_BODY_ASKED`: 全国人大代表) where the top number's statement,
    heading and report title, in a report, do not name it so (全国人大): the figure is a local body's (镇人大代表)."""
    asked = _BODY_ASKED.search(q.text)
    if asked is None or q.kind not in ("count", "amount", "share") or not all_reports(near[:1]):
        return False
    top = near[0]
    return asked.group() not in f"{top.statement}\n{top.heading}\n{top.title}"


# -- a place asked, the report a town's or a village's inside it ------------------------------------------------------
# A town, a township, a subdistrict, a village or a community named right after a wider place in a report's title
# ("甲县乙镇人民政府工作报告", "甲镇乙村两委工作总结"): the report speaks for that narrower place.
_PLACE_INSIDE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|村|社区)(?![村镇])")
# Words ending so that name no place (美丽乡村, 新农村, 特色小镇 are kinds of places, 城乡 both).
_NO_PLACE = re.compile(r"(?:乡村|农村|城乡|城镇|乡镇|村镇|小镇|新村)$")
PLACE_INSIDE_ONLY = "报告是所问地方下属某个镇（村）的报告，给出的是该镇（村）的数字，没有给出所问地方的数字。"


def report_of_place_inside(q: Question, near: Sequence[NearText]) -> bool:
    """A place asked (`place_names`) that the top number's report title, in a report, names right before a narrower
    place's name (`_PLACE_INSIDE`: 乙镇 of "甲县乙镇人民政府工作报告") the question does not say, where the top number's
    statement up to it does not name the place asked: the figure is the town's (the village's), not the place's."""
    if q.kind not in ("count", "amount", "share") or not all_reports(near[:1]):
        return False
    top, question = near[0], q.text.lower()
    title = top.title.lower()
    for name in (n.lower() for n in place_names(q)):
        at = title.find(name)
        if at < 0 or name in top.before.lower():
            continue
        inside = _PLACE_INSIDE.match(title, at + len(name))
        if inside is None or _NO_PLACE.search(inside.group()):
            continue
        if inside.group() not in question and inside.group() != name:
            return True
    return False
