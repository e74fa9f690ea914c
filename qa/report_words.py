"""How a user says a thing a report words otherwise: colloquial verbs and nouns read as the report's vocabulary.

A user asks "某市去年事故死了几个人", "卖地收入有多少", "公积金今年贷了几笔", "今年下了多少雨"; a report writes 死亡, 土地出让收入,
发放贷款, 降水量. Coverage of the thing asked is measured on bigrams of the question's words (`qa.features.Needle`), so
a colloquial word shares nothing with the report's and the figure is refused as unstated. Two readings, both general
report vocabulary (no list entry comes from any evaluation set's sentence):

- `in_report_words`: colloquial phrasing no report writes (死了, 卖地, 贷了, 下…雨, 几块金牌, 每月挣多少) is rewritten
  in the question's words before its thing asked is read (`qa.analysis.analyze`), so every coverage feature, the
  measure asked and the rules see the report's word.
- `said_otherwise`: a question word reports also write, but name a class of people or a measure by another term
  (护士 / 护理人员, 骑手 / 网约配送员, 老师 / 教师): the question keeps its word, and a text that writes the report's
  term covers it as if it wrote the word (`Needle.found_in`, `Needle.words_in`, `said_in`), so a report that writes the
  word itself still matches it.
"""

from __future__ import annotations

import re

# (colloquial phrasing, the report's words). Each is common report usage: 死亡/受伤 of accidents, 土地出让 of land sold,
# 发放贷款 of loans made, 降水量 of rain fallen, 枚 counting medals, 月工资 / 收入 of earnings, 吞吐量 of a port's
# handling, 每平方米 of a price per square metre. Only phrasing a report does not write itself (a verb with 了 before the
# interrogative, a spoken measure), so nothing a report says is read away.
_COLLOQUIAL: tuple[tuple[re.Pattern[str], str], ...] = (
    # 死了几个人 → 死亡几个人 (only before the interrogative or at the end: 病死猪, 死角 are words of their own)
    (re.compile(r"死(?:掉)?了?(?=几|多少|$)"), "死亡"),
    (re.compile(r"(?<!受)伤了(?=几|多少|$)"), "受伤"),
    (re.compile(r"卖地"), "土地出让"),
    (re.compile(r"(?:放贷|贷放|贷出)了?|(?<![发放])贷了"), "发放贷款"),  # 贷了多少笔 → 发放贷款多少笔
    # 下了几毫米雨, 今年下了多少雨, 下雨多少: the rain fallen is the 降水量 a report states
    (re.compile(r"下了?(?P<ask>多少|几)(?P<unit>毫米)?的?雨(?:水)?"), r"降水量\g<ask>\g<unit>"),
    (re.compile(r"下雨量?(?=多少|几|有多少|是多少|$)"), "降水量"),
    (re.compile(r"(?P<ask>多少|几)块(?=金牌|银牌|铜牌|奖牌)"), r"\g<ask>枚"),  # medals are counted in 枚
    # 每月能挣多少钱, 一个月挣几千: monthly earnings are the 月(平均)工资 a report states; 挣多少 alone the 工资
    (re.compile(r"(?:一个|每个?)月(?:能)?挣(?:了)?(?P<ask>多少|几)(?:钱)?"), r"月工资\g<ask>"),
    (re.compile(r"(?:挣|赚)(?:了)?(?P<ask>多少|几)(?:钱)?"), r"收入\g<ask>"),
    # a fine, a donation, a sale and trees planted, asked by the plain verb: 罚款, 捐款, 销售额, 植树 in a report
    (re.compile(r"罚了(?P<ask>多少|几)(?:钱)?"), r"罚款\g<ask>"),
    (re.compile(r"捐了(?P<ask>多少|几)(?:钱)?"), r"捐款\g<ask>"),
    (re.compile(r"卖了(?P<ask>多少|几)钱"), r"销售额\g<ask>"),
    (re.compile(r"种了(?P<ask>多少|几)(?P<mag>[万千百十]*)(?P<unit>棵|株)树"), r"植树\g<ask>\g<mag>\g<unit>"),
    # 装卸了几万个集装箱, 运了多少集装箱: the containers a port handles are its 集装箱吞吐量, counted in 标准箱 (TEU)
    (
        re.compile(r"(?:装卸|吞吐|运|进出)了?(?P<ask>多少|几)(?P<mag>[万千百十]*)(?:个|标箱|标准箱)?集装箱"),
        r"集装箱吞吐量\g<ask>\g<mag>标准箱",
    ),
    (re.compile(r"装卸(?=了|量)了?"), "吞吐"),  # a port's handling of goods is its 吞吐量 (not 装卸工, 装卸作业)
    # 多少钱一平, 均价一平米多少: a price per square metre, which a report states 每平方米 (平 / 平米 / 平方 for 平方米)
    (re.compile(r"(?P<ask>多少钱|多少元|多少)一平(?:方米|米)?(?![方公千])"), r"每平方米\g<ask>"),
    (re.compile(r"一平(?:方米|米)?(?![方公千])(?=多少|几)"), "每平方米"),
    # 村里, 镇上, 县里 opening a question: the unit the report is about, which a report calls 全村, 全镇, 全县
    (re.compile(r"^(?P<unit>[村镇乡县市省])(?:里|上)(?=[\u4e00-\u9fff])"), r"全\g<unit>"),
    # 一年提取多少, 村里一年分红多少: "in a year" is the 全年 a report states its year's figure for (not 一年级, 一年期,
    # 一年内, 一年来, 第一年, 每一年, 哪一年; nor a person's earnings in a year, "村民一年收入有多少": a per-head figure)
    (
        re.compile(
            r"(?<![第每前后近这那上下头哪某同另任整])一年"
            r"(?![级期内来多半以前后中度底末初一])(?!能?(?:收入|挣|赚|工资|花|开支|消费|支出))"
        ),
        "全年",
    ),
)


def in_report_words(text: str) -> str:
    """`text` with colloquial phrasing written in the report's words (`_COLLOQUIAL`)."""
    for pattern, words in _COLLOQUIAL:
        text = pattern.sub(words, text)
    return text


# {a question's word: terms a report names the same thing by}. People classes a report names by their official term
# (护理人员 for nurses, 网约配送员 / 外卖送餐员 for delivery riders, 教师 for teachers) and a store's capacity (库容).
_SAME_AS: dict[str, tuple[str, ...]] = {
    "护士": ("护理人员",),
    "骑手": ("配送员", "送餐员"),
    "外卖": ("网约配送", "送餐"),
    "老师": ("教师", "教职工"),
    "参加": ("参赛", "参训", "参与"),
    "容量": ("库容",),
    "新房": ("商品住宅", "商品房"),  # a new home is a 新建商品住宅 (商品房) in a housing report
    "交易额": ("成交额",),  # a market's turnover: reports write both
    "成交额": ("交易额",),
}


def said_otherwise(word: str, text: str) -> bool:
    """Does `text` name `word` by a report's term for it (`_SAME_AS`: 护士 by 护理人员)?"""
    return any(term in text for term in _SAME_AS.get(word, ()))
