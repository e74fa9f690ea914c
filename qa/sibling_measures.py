"""Question-level "not stated" where a report gives only a sibling of the measure asked (branch abstain17).

A typed list of families of measures whose members exclude each other (`SIBLING_FAMILIES`: the kinds of social
insurance, the dead and the injured, unions founded and members joined, value added and gross output, the people who
give a service and those who use it…), each member with the forms a report or a user writes it in. Where the question
names one member of a family (`asked_member`), the top number's own clause names another and not it ("…失业保险参保N人"
under a question on 养老保险参保人数), and no near number's own clause names the member asked with another word of the
thing (`_stated_near`), the report gives the sibling's figure, not the one asked. Like `qa.answerable.OPPOSITE_SIDES`
(one measure's two sides), the list says which words are siblings: the text alone cannot tell a sibling from a user's
paraphrase (`thing_unstated`, `head_unsaid` and the slot readings of earlier branches lose right numbers to those).
Read on the near number candidates' texts (`NearText`), reports only, by `qa.given_instead.given_instead`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.segments import BREAK_COMMA
from qa.analysis import Question
from qa.answerable import THING_KINDS
from qa.features import OPPOSITE_SIDES, SHARE_UNITS, distinguishing_words, holds_word
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names

# Each family: members that exclude each other; each member: the forms it is written in (the matching view:
# simplified, lowercase). A form inside another member's (增值税 in 土地增值税) is read only outside it.
SIBLING_FAMILIES: tuple[tuple[tuple[str, ...], ...], ...] = (
    # the kinds of social insurance
    (("养老保险",), ("失业保险",), ("工伤保险",), ("生育保险",), ("医疗保险", "医保")),
    # what the unemployment insurance pays: the benefit itself, the refunds and subsidies to firms and workers
    (("保险金",), ("稳岗返还", "技能提升补贴")),
    # casualties; a year's births and deaths
    (("死亡",), ("受伤",)),
    (("出生",), ("死亡",)),
    (("轻伤",), ("重伤",)),
    # trade unions founded and members joined
    (("建会", "组建工会", "新建工会", "建立工会"), ("入会", "发展会员", "新会员")),
    # value added against gross output; a product's output, its value, the area grown (branch thing21) and the amount sold
    (("增加值",), ("总产值", "产值")),
    (("产量", "生产"), ("总产值", "产值"), ("种植面积",), ("销量", "销售量")),
    # marriages and divorces registered
    (("结婚",), ("离婚",)),
    # cases received and cases closed
    (("受理", "收案", "新收"), ("审结", "结案", "办结", "执结")),
    (("刑事",), ("民事", "民商事"), ("行政案件", "行政诉讼")),
    # the kinds of platform workers
    (("网约车",), ("配送员", "外卖", "骑手"), ("快递员", "快递小哥"), ("货车司机",)),
    # projects signed, started and finished
    (("签约",), ("开工",), ("竣工", "完工")),
    # what projects are to cost in all, and what was put in (a year's 完成投资 is no 总投资, nor the reverse)
    (("总投资", "计划投资"), ("完成投资",)),
    # school levels; graduates of universities and of technical schools
    (("幼儿园", "学前"), ("小学",), ("初中",), ("高中",)),
    (("高校",), ("技工院校", "技工学校")),
    (("本科",), ("专科", "高职")),
    # the three sectors of an economy
    (("第一产业",), ("第二产业",), ("第三产业",)),
    # money coming in, going out and left over (a fund's 支付 as well as 支出: `OPPOSITE_SIDES` reads 收入/支出 only)
    (("收入", "筹集", "征收", "募集"), ("支出", "支付"), ("结余", "结存")),
    # people trained and people served
    (("培训",), ("服务",)),
    # the people giving a service and the people using it
    (("服务人员", "从业人员", "工作人员"), ("使用人数", "服务对象", "受益")),
    # patents by kind; budgets by account; taxes and other revenue
    (("发明专利",), ("实用新型",), ("外观设计",)),
    (("一般公共预算",), ("政府性基金",)),
    (("税收收入",), ("非税收入",)),
    # freight and passengers; resident and registered population; in-patient and out-patient
    (("货运",), ("客运",)),
    (("常住人口",), ("户籍人口",)),
    (("住院",), ("门诊",)),
    # levels of an honour or a listing; prizes; medals; scenic areas' grades
    (("国家级", "全国级"), ("省级",), ("市级",), ("县级",)),
    (("一等奖",), ("二等奖",), ("三等奖",)),
    (("金牌",), ("银牌",), ("铜牌",)),
    (("5a级",), ("4a级",), ("3a级",)),
    # firms by ownership; public housing rented and sold
    (("国有企业", "国企"), ("民营企业", "民企"), ("外资企业", "外商投资企业")),
    (("公共租住", "公屋"), ("资助出售", "居屋")),
    # taxes by kind (a form inside a longer one is not named: `members_named`)
    (
        ("增值税",),
        ("企业所得税",),
        ("个人所得税",),
        ("土地增值税",),
        ("契税",),
        ("房产税",),
        ("城镇土地使用税",),
        ("耕地占用税",),
        ("印花税",),
        ("资源税",),
        ("消费税",),
        ("环境保护税",),
        ("城市维护建设税",),
    ),
    # home care for the old by service
    (("助餐", "老年食堂", "长者食堂"), ("助浴",), ("助洁",), ("助医", "上门医疗"), ("助行",)),
    # arrests approved and prosecutions
    (("批准逮捕", "批捕"), ("提起公诉", "起诉")),
    # kinds of social assistance; the urban and the rural subsistence allowance; the two basic medical insurances
    (("低保", "最低生活保障"), ("特困",), ("临时救助",)),
    (("城市低保", "城镇低保"), ("农村低保",)),
    (("职工医保", "职工基本医疗保险", "职工医疗保险"), ("居民医保", "居民基本医疗保险", "居民医疗保险")),
    # kinds of disability
    (("视力残疾",), ("听力残疾",), ("言语残疾",), ("肢体残疾",), ("智力残疾",), ("精神残疾",)),
    # trade by mode; power by source; credit by side
    (("一般贸易",), ("加工贸易",), ("市场采购",), ("跨境电商",)),
    (("风电", "风力发电"), ("光伏", "太阳能发电"), ("水电", "水力发电"), ("火电", "火力发电")),
    (("存款",), ("贷款",)),
    # crops and livestock of one kind (names of two characters or more: 桃 is inside 杨桃)
    (("水稻",), ("小麦",), ("玉米",), ("大豆",), ("马铃薯",)),
    (("茶叶",), ("咖啡",), ("烤烟",), ("甘蔗",)),
    (
        ("苹果",),
        ("葡萄",),
        ("杨桃",),
        ("柑橘",),
        ("香蕉",),
        ("荔枝",),
        ("龙眼",),
        ("芒果",),
        ("猕猴桃",),
        ("火龙果",),
        ("草莓",),
        ("蓝莓",),
        ("樱桃",),
    ),
    (("生猪",), ("肉牛",), ("肉羊",), ("家禽",)),
    # a school's students, graduates and intake
    (("在校生", "在校学生"), ("毕业生",), ("招生", "新生")),
    # jobs: new urban jobs, the unemployed back in work, people hard to place
    (("新增就业",), ("再就业",), ("就业困难人员",)),
    (("登记失业",), ("调查失业",)),
    # hospitals by grade; roads by class; tourists from home and abroad; public transport by mode
    (("三级医院",), ("二级医院",), ("一级医院",)),
    (("高速公路",), ("国道", "省道", "国省干线"), ("农村公路",)),
    (("国内游客",), ("入境游客", "境外游客")),
    (("公交",), ("地铁", "轨道交通")),
    # the two pension schemes; labour and personnel disputes; intellectual property by kind
    (
        ("城镇职工基本养老保险", "职工养老保险", "企业职工基本养老保险"),
        ("城乡居民基本养老保险", "居民养老保险"),
    ),
    (("劳动争议",), ("人事争议",)),
    (("专利",), ("商标",), ("著作权", "版权")),
    # waste produced and the capacity to treat it; rain added by cloud seeding and the year's rainfall; farmland kept,
    # the protected basic farmland, the well-facilitated farmland built and the farmland added (branch near23)
    (("产生量",), ("利用处置", "处置能力", "处置量")),
    (("人工增雨", "增雨量"), ("年降水量", "平均降水量")),
    (("耕地保有量",), ("永久基本农田", "基本农田保护"), ("高标准农田",), ("新增耕地", "补充耕地")),
    # accidents by kind; patents applied for and granted
    (("火灾",), ("交通事故",), ("生产安全事故",)),
    (("专利申请", "申请专利"), ("专利授权", "授权专利")),
)

# A clause ends at a break (not a thousands separator: 1,126家) or a table cell's edge.
_CLAUSE_BREAK = re.compile(rf"[；;。：:！？!?\n\t|]|{BREAK_COMMA}")
# A clause stating a change (…增加值增长N%): its figure is a rate, no figure of the measure itself.
_CHANGE_END = re.compile(r"(?:增长|下降|提高|降低|减少|增幅|降幅)$")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Words that measure a thing, no noun of their own (人数 of 入会人数, 收入 of 土地增值税收入: the tax is its revenue):
# never the thing's other word.
_MEASURE_WORDS = frozenset(
    {"总量", "总额", "数量", "总数", "数目", "金额", "规模", "人数", "人次", "户数", "个数", "收入"}
)


def _without(text: str, forms: Sequence[str]) -> str:
    for form in forms:
        text = text.replace(form, "")
    return text


def members_named(text: str, family: Sequence[tuple[str, ...]]) -> list[int]:
    """The members of `family` that `text` names by one of their forms, a form inside a longer one's occurrence not
    counted (增值税 in 土地增值税, 所得税 in 企业所得税)."""
    found = [
        (at.start(), at.start() + len(form), k)
        for k, forms in enumerate(family)
        for form in forms
        for at in re.finditer(re.escape(form), text)
    ]
    inside = {
        (start, end, k)
        for start, end, k in found
        if any(s <= start and end <= e and e - s > end - start for s, e, _ in found)
    }
    return sorted({k for start, end, k in found if (start, end, k) not in inside})


def asked_members(q: Question) -> list[tuple[int, int]]:
    """(family, member) for each family of which the question names exactly one member (a question naming two —
    培训服务 — asks neither alone)."""
    text = q.text.lower()
    out = []
    for f, family in enumerate(SIBLING_FAMILIES):
        named = members_named(text, family)
        if len(named) == 1:
            out.append((f, named[0]))
    return out


def sibling_may_be_given(q: Question) -> bool:
    """Whether `sibling_given_only` may refuse the question (its near texts are built only then): a count, an amount
    or a share naming one member of a family."""
    return q.kind in THING_KINDS and bool(asked_members(q))


def own_clause(n: NearText) -> str:
    """The number's own clause: its statement from the last clause break up to the number."""
    return _CLAUSE_BREAK.split(n.before)[-1].lower()


def clause_after(n: NearText) -> str:
    """The rest of the number's clause: its statement from the number up to the next clause break (the number and its
    unit first)."""
    return _CLAUSE_BREAK.split(n.statement[len(n.before) :])[0].lower()


def other_words(q: Question, words: Sequence[str], forms: tuple[str, ...]) -> list[str]:
    """The thing's distinguishing words (`distinguishing_words`) other than the member asked and measure words."""
    kept = distinguishing_words(words, place_names(q), q.text)
    return [
        w.lower()
        for w in kept
        if len(w) > 1 and w not in _MEASURE_WORDS and not any(f in w.lower() or w.lower() in f for f in forms)
    ]


def _stated_near(
    q: Question,
    near: Sequence[NearText],
    family: Sequence[tuple[str, ...]],
    asked: int,
    rest: list[str],
    holds: Callable[[str, str], bool] = holds_word,
    share_figure: bool = False,
) -> bool:
    """A near number's own clause names the member asked and every other word of the thing (`rest`, each as `holds`
    reads it; a fund's 总收入 is not its 生育保险's; an earlier figure's words are not this one's: "甲种植面积N亩，乙产量M
    吨"), or is the member alone and its statement up to it names them ("…事故N起，死亡M人，受伤K人" names the accidents
    once), and it states no change (an amount's growth rate is no figure of it; a share asked may be one). With
    `share_figure`, a share asked is stated by a share only (大病保险参保N万人 states no 大病保险参保率)."""
    for n in near[:NEAR_DEPTH]:
        clause = own_clause(n)
        if share_figure and q.kind == "share" and not is_share(n):
            continue
        if q.kind != "share" and _CHANGE_END.search(clause):
            continue
        if asked not in members_named(clause, family):
            continue
        # the clause's own words; a clause of the member alone (…N起，死亡M人，受伤K人) is said of its statement's subject
        said = clause if len(_HAN_CHAR.findall(_without(clause, family[asked]))) > 1 else n.before.lower()
        if all(holds(said, w) for w in rest):
            return True
    return False


def sibling_given_only(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count, amount or share naming one member of a family (`asked_members`: 养老保险 of 养老保险参保人数), where the
    top number, in a report, names another member in its own clause and not the one asked (`own_clause`: "…失业保险
    参保N人"; a clause naming no member is read with its statement before it), and no near number's own clause states
    the member asked of the thing (`_stated_near`): the report gives a sibling's figure (`words`: the thing's words,
    head last)."""
    if q.kind not in THING_KINDS or not all_reports(near):
        return False
    top = own_clause(near[0])
    for f, asked in asked_members(q):
        family = SIBLING_FAMILIES[f]
        # the own clause, or where it names no member the statement before it (a subject said once for its figures:
        # "小学在校生N人，毕业生M人")
        given = members_named(top, family) or members_named(near[0].before.lower(), family)
        if not given or asked in given:
            continue
        if not _stated_near(q, near, family, asked, other_words(q, words, family[asked])):
            return True
    return False


# -- the whole given where one member is asked (branch abstain18) ---------------------------------------------
# A word ending in a measure (出口额, 吞吐量) is said where its stem is: "出口N亿元" says 出口额.
_MEASURE_END = "额量数"
# A figure's unit right after the number: a share (%, 个百分点) or not.
_SHARE_AFTER = re.compile("|".join(re.escape(u) for u in sorted(SHARE_UNITS, key=len, reverse=True)))


def said_whole(text: str, word: str) -> bool:
    """`text` says `word` (`holds_word`, or its stem where it ends in a measure: 出口 of 出口额), not only inside the word
    joining both sides of a measure (`OPPOSITE_SIDES`: 出口 in 进出口 — the sum of both sides is neither)."""
    forms = {word, word[:-1]} if len(word) > 2 and word[-1] in _MEASURE_END else {word}
    for _, _, joined in OPPOSITE_SIDES:
        if joined and any(form in joined and form != joined for form in forms):
            text = text.replace(joined, "\0")
    return any(holds_word(text, form) for form in forms)


def is_share(n: NearText) -> bool:
    """The number is a share: a share unit follows it in its statement (21.7%, 3个百分点)."""
    after = n.statement[len(n.before) :]
    unit = re.match(r"[约近超逾]?[\d.,，万亿千百十]+", after)
    return unit is not None and _SHARE_AFTER.match(after[unit.end() :]) is not None


def _words_after(q: Question, rest: Sequence[str], forms: Sequence[str]) -> list[str]:
    """The thing's other words (`rest`) the question says after the member asked: the words it modifies (进口额 of
    加工贸易进口额), not a measure of it (入会 of 保安员入会人数 modifies nothing)."""
    text = q.text.lower()
    found = [(text.find(f), len(f)) for f in forms if f in text]
    if not found:
        return []
    end = min(found)[0] + max(n for _, n in found)
    return [w for w in rest if text.find(w, end) >= end]


# A statement's sentence runs on over ；: "甲基金总收入N亿元；总支出M亿元；累计结存K亿元" says 甲基金 once, in its first
# part. The first part ends at a ；, the sentence before it at 。！？ or a line end.
_RUN_ON_PART = re.compile(r"[；;]")
_PERIOD = re.compile(r"[。！？!?\n]")
_DIGIT = re.compile(r"\d")


def sentence_subject(n: NearText) -> str:
    """The subject a run-on sentence says once for all its ；-parts: its first part up to its first number, where the
    number's statement is a later part ("…基金总收入N亿元；总支出M亿元" gives 总支出 the fund); empty otherwise."""
    earlier = _PERIOD.split(n.passage[: n.start])[-1]
    if not _RUN_ON_PART.search(earlier):
        return ""
    first = _RUN_ON_PART.split(earlier)[0]
    return _DIGIT.split(first)[0].lower()


# A statement of both members at once: a list said 分别 of each, or 城乡 (the urban and the rural together).
BOTH_MEMBERS = re.compile(r"分别|城乡")


def whole_given_only(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count, amount or share naming one member of a family as a modifier (`asked_members`, the thing's other words
    after it: 加工贸易 of 加工贸易进口额) where the top number, in a report, names no member of the family in its
    statement up to it while its own clause says the word the member modifies ("其中，出口N亿元": all trade, not the
    mode asked), and no near number's own clause states the member asked of the thing (`_stated_near`, words said whole): the
    report gives the whole's figure. Not a statement of both members at once (`BOTH_MEMBERS`: "城乡低保标准分别为…"), nor
    a later part of a run-on sentence whose subject names the member asked (`sentence_subject`: "医疗保险基金收入N亿元；
    总支出M亿元")."""
    if q.kind not in THING_KINDS or not all_reports(near) or BOTH_MEMBERS.search(near[0].statement):
        return False
    top = own_clause(near[0])
    subject = sentence_subject(near[0])
    for f, asked in asked_members(q):
        family = SIBLING_FAMILIES[f]
        if members_named(near[0].before.lower(), family) or asked in members_named(subject, family):
            continue
        rest = other_words(q, words, family[asked])
        # the words it modifies, not a change of them (增长 of 茶叶产量增长: any figure's clause may say it)
        modified = [w for w in _words_after(q, rest, family[asked]) if not _CHANGE_END.search(w)]
        if not modified or not any(said_whole(top, w) for w in modified):
            continue
        # a near statement of the member, its words said whole (not 出口 in 港澳台资企业进出口), a share by a share
        if not _stated_near(q, near, family, asked, rest, said_whole, share_figure=True):
            return True
    return False
