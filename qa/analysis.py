"""Question analysis: the places named, the thing asked, whether a number is wanted and in what unit.

"江門 有 多少 愛心驛站？" → places [江门市], target "爱心驿站", wants_number, measure None.
"陕西新建、改造了多少家地方工人文化宫" → places [陕西省], target "新建、改造了地方工人文化宫",
head "地方工人文化宫", measure "家".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.normalize import normalize_query
from index.numbers import UNITS
from index.places import Gazetteer, Place, question_places

_UNIT = "(?:" + "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))) + ")"
# 多少/几 (not 几乎, not 哪几: "哪几种" asks which), optionally followed by a magnitude and a measure word: 多少家, 几个, 多少万元.
_ASK_NUMBER = re.compile(rf"(?:多少|(?<!哪)几(?!乎))(?P<mag>[万亿千百]*)(?P<measure>{_UNIT})?")
_ASK_AMOUNT = re.compile(r"多大|多高|多长|多久|多远|多重|多快|占比|比例|比重|百分之几|百分比|增长率|增幅|率是")
_INTERROGATIVE = re.compile(
    r"一共|总共|共计|总计|有没有|是否|请问|到底|是什么|是多少|有哪些|哪些|什么|"
    r"怎样|怎么样|怎么|如何|为何|为什么|哪个|哪里|何时|吗|呢|[?？!！。,，]"
)
_MONEY = re.compile(
    r"资金|经费|金额|费用|款|钱|保障金|救助金|补助|补贴|奖金|报酬|工资|薪酬|投入|收入|营收|产值|"
    r"销售额|利润|税|成本|预算|GDP|总额|元"
)
_PERCENT = re.compile(r"占比|比例|比重|百分之几|百分比|率")
# What an attribute is measured in: "体重是多少" is answered by a 公斤 figure even when the passage never says
# 体重 ("约只有8公斤重"). General measurement vocabulary, not facts about any report.
_ATTRIBUTE_UNITS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), frozenset(units.split()))
    for pattern, units in (
        (r"体重|重量|多重", "公斤 千克 斤 克 吨 kg KG g"),
        (
            r"长度|全长|身高|高度|宽度|深度|距离|多长|多高|多宽|多深|多远|海拔|长约|直径|半径",
            "米 厘米 毫米 公里 千米 英尺 英里 km KM cm CM mm m",
        ),
        (r"面积|多大", "平方公里 平方米 平米 公顷 亩"),
        (r"人口|居民|人数", "人 万人"),
        (r"藏书", "册 本"),
        (r"速度|时速", "公里 千米 米 km"),
        (r"多久|时长|寿命|年龄|多少年|几年", "年 岁 天 小时 分钟 秒 个月 周"),
    )
)
_ORDINAL = re.compile(r"第几|排名|名次")
_EDGE_NOISE = "的了有是在"
_GENERIC_END = re.compile(r"(?:的)?(?:占比|比例|比重|百分比|数量|数目|总数|总额|金额|规模)$")
_GENERIC_AFTER = re.compile(r"^(?:钱|资金|经费|金额)(?=用于|来|给|为|,|$)")


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # normalised (NFKC, simplified, no spaces)
    places: tuple[Place, ...]
    place_spans: tuple[tuple[int, int], ...]
    target: str  # the question without places, interrogatives and measure word
    head: str  # the noun phrase asked about (after 多少+measure, else before it)
    wants_number: bool
    measure: str | None  # the measure word asked for (几家 → 家), or the unit family implied (资金 → 元)
    units: frozenset[str] = frozenset()  # units the attribute asked about is measured in (体重 → 公斤…)
    ordinal: bool = False  # 第几名: the answer is a position, not a count

    @property
    def search_text(self) -> str:
        return self.text


def _strip_edges(text: str) -> str:
    """Drop particles at the ends ("江门有" → "江门"), but keep 共有/现有, which texts repeat ("全省共有…")."""
    text = text.strip(_EDGE_NOISE.replace("有", "") + "、 ")
    if text.endswith("有") and not text.endswith(("共有", "现有", "拥有")):
        text = text[:-1]
    return text.strip(_EDGE_NOISE.replace("有", "") + "、 ")


def analyze(question: str, gazetteer: Gazetteer | None = None) -> Question:
    gazetteer = gazetteer or Gazetteer.default()
    text = normalize_query(question)
    mentions = gazetteer.find(text)
    places = tuple(question_places(text, gazetteer))
    spans = tuple((m.start, m.end) for m in mentions)

    rest = list(text)
    for start, end in spans:
        rest[start:end] = [" "] * (end - start)
    rest_text = "".join(rest)

    ordinal = bool(_ORDINAL.search(rest_text))
    if ordinal:
        rest_text = rest_text.replace("第几", "多少")
    ask = _ASK_NUMBER.search(rest_text)
    wants_number = bool(ask) or bool(_ASK_AMOUNT.search(rest_text))
    measure = ask.group("measure") if ask else None
    if ask:
        before, after = rest_text[: ask.start()], rest_text[ask.end() :]
    else:
        before, after = rest_text, ""
    before, after = (_strip_edges(_INTERROGATIVE.sub(" ", x).replace(" ", "")) for x in (before, after))
    asked = after or before
    after = _GENERIC_AFTER.sub("", after)  # "多少钱用于…": 钱 only says money
    head = _GENERIC_END.sub("", after or before) or after or before  # 占比, 的数量: the unit, not the thing
    target = _strip_edges((before + after).replace(" ", ""))
    if wants_number and measure is None:
        if _PERCENT.search(text):
            measure = "%"
        elif _MONEY.search(asked or text):
            measure = "元"
    units = frozenset(u for pattern, family in _ATTRIBUTE_UNITS if pattern.search(text) for u in family)
    return Question(
        text=text,
        places=places,
        place_spans=spans,
        target=target,
        head=head,
        wants_number=wants_number,
        measure=measure,
        units=units,
        ordinal=ordinal,
    )
