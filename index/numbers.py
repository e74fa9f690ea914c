"""Number mentions in Chinese report text (any script: matched on `index.normalize.match_view`).

One job: find every number in a passage, fold its magnitude into the value (65.2万人 -> 652000 人), keep
the exact surface span, say what kind of number it is (only ``kind == "quantity"`` ones are answer
candidates; years, dates, list markers, ranges and codes are labelled so callers can filter), and guess
what it counts (``subject``) from the words around it. Regex-based and deterministic; Chinese numerals
go through cn2an.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from index.normalize import match_view
from index.segments import table_caption, table_cell_labels


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: float | int  # magnitude folded in: 65.2万人 -> 652000; int when integral
    unit: str  # measure word as written after the magnitude ("" if none)
    text: str  # exact surface span, qualifier + number + magnitude + unit
    qualifier: str | None  # approximation / bound word (余 多 近 约 超过 以上 …) or None
    subject: str  # what it counts, as written nearby; "" if nothing sensible
    start: int  # text[start:end] == self.text
    end: int
    kind: str  # quantity | year | date | ordinal | range | identifier | other


# Currencies other than 元 (public: a question about money is answered in any of them). 澳门元 is the pataca, 澳元
# the Australian dollar.
CURRENCIES: tuple[str, ...] = tuple(
    """美元 欧元 英镑 日元 港元 澳门元 澳门币 澳元 卢布 人民币 越南盾 韩元 韩圆 新台币 台币 日圆 美金 法郎 马克 卢比 比索 泰铢
    先令 里拉 林吉特 披索 加元 港币 澳币 新币""".split()
)
# Multi-character units first so 人次 wins over 人 and 个月 over 个. 万元/亿元 are magnitude + 元.
_UNITS = sorted(
    [*CURRENCIES]
    # concentrations (PM2.5 28微克/立方米, 0.25毫克/升) name their unit with a slash: the whole is the unit
    + """微克/立方米 毫克/立方米 毫克/升 微克/升 个百分点 百分点 人次 件次 场次 户次 批次 车次 架次 家次 班次 课时 学时 个月 周年 周岁 平方公里
    平方米 平米 立方米 平方英里 公里 千米 厘米 毫米 公尺 公分 公吨 英尺 英里 英寸 海里 公斤 千克 千公顷 公顷 千瓦时 千瓦 千伏 千焦 千卡 小时 分钟 个 家 人 名 位 元 块 场
    项 件 次 户 所 支 期 条 篇 套 种 类 批 座 处 间 台 辆 艘 部 本 册 份 张 根 对 组 队 届 轮 班 堂 级 门
    节 首 幅 集 株 棵 头 只 枚 面 盏 单 起 宗 笔 例 床 箱 袋 瓶 包 盒 双 顿 餐 趟 遍 回 页 款 层 栋 片
    标箱 标准箱 标台 列 格 架 眼 孔 颗 幢 兆瓦 吉瓦 吨公里 人公里 项次 辆次 艘次
    吨 斤 克 亩 米 度 分 秒 天 周 年 岁 倍 成 胜 负 败 % ‰""".split(),
    key=len,
    reverse=True,
)
UNITS: tuple[str, ...] = tuple(_UNITS)  # public: question analysis reads measure words (几家 → 家) with it
# Latin units only when no further letter follows (30km, 182CM); a bare G stays a code (5G).
_LATIN_UNITS = "km KM cm CM mm MM m kg KG mg g ml mL MB GB TB KB kHz MHz GHz Hz kW kWh mAh".split()
_UNIT = (
    "(?:"
    + "|".join(map(re.escape, _UNITS))
    + "|(?:"
    + "|".join(sorted(_LATIN_UNITS, key=len, reverse=True))
    + ")(?![A-Za-z]))"
)
# Only words that change exactness; 要约/节约, 最近/附近 are words, not qualifiers.
_PRE = (
    "(?:将近|接近|大约|超过|不足|不到|不低于|不少于|不超过|至少|最多|(?<![附就临最亲])近|"
    "(?<![要合契节特预签履制邀])约|逾|超|[数几](?=[十百千万]))"
)
_POST = "(?:以上|以下|以内|左右)"
_MAGS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_CN_DIGITS = "零〇一二两三四五六七八九"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"  # 1,234 only with 3-digit groups
_CN = f"(?:[{_CN_DIGITS}十百千万亿]+(?:点[{_CN_DIGITS}]+)?)"
_NUM_START = r"(?<![\d.A-Za-z])"
_BOUND = r"(?<![^\s,;:!?。、“”\"'(《])"  # start of text, line or clause
_DASH = "(?:-|—|–|~|至|到)"
_MON = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_MD = rf"{_MON}月(?:份|初|底|末|上旬|中旬|下旬)?(?:{_DAY}[日号])?"
_CN_NUMCH = f"[{_CN_DIGITS}十]"
# 5个百分点 / 百分之: 百 there is no magnitude; 486亿千瓦时, 12千克: 千 there starts an SI unit (kilo-), not 1000×
_KILO_UNIT = "(?:瓦|克|米|焦|卡|伏|公顷)"
_MAG = rf"(?:[十百万亿](?!分[之点])|千(?!{_KILO_UNIT}))"

# One alternation, tried in this order at each position: the specific kinds before the generic quantity.
# Every alternative below starts with one of these characters (a digit, a Chinese numeral, a bracket, 第/其,
# a Latin letter of a code, or the first character of a qualifier in _PRE). Checked first, in one lookahead,
# so the alternation is not tried at the other ~90% of positions: extraction runs ~2x faster, same matches.
_FIRST = "[0-9A-Za-z〔\\[【(（第其零〇一二两三四五六七八九十百千万亿将接大超不至最近约逾数几]"
_MENTION = re.compile(
    rf"""
    (?={_FIRST})
    (?:
    (?P<identifier>
        [〔\[【(](?:19|20)\d{{2}}[〕\]】)]\d+号 | (?:19|20)\d{{2}}[〔\[【(]\d+[〕\]】)]号
      | {_NUM_START}\d{{3,4}}-\d{{7,8}}(?!\d)
      | {_NUM_START}(?!(?:19|20)\d{{2}}-{_MON}-{_DAY}(?!\d))\d+(?:-\d+){{2,}}  # ISBN 4-04-42530
      | {_NUM_START}\d{{7,}}(?![\d.,万亿千百余多]|{_UNIT})
      | (?<![\d.])[A-Za-z]+\d[A-Za-z\d]*(?:\.\d+)? | {_NUM_START}\d+(?!{_UNIT})[A-Za-z][A-Za-z\d]*
      | {_NUM_START}\d+号 )
  | (?P<date>
        {_NUM_START}(?:19|20)\d{{2}}[-/.]{_MON}[-/.]{_DAY}(?!\d)
      | {_NUM_START}(?:(?:19|20)\d{{2}}年)?{_MD}(?:{_DASH}(?:{_MD}|{_DAY}[日号]))?
      | {_NUM_START}{_MON}{_DASH}{_MON}月份?
      | (?<!{_CN_NUMCH})(?:十[一二]?|[一二三四五六七八九])月份?(?!{_CN_NUMCH})
      | {_NUM_START}{_DAY}日 )
  | (?P<year>
        {_NUM_START}(?:19|20)\d{{2}}(?:{_DASH}(?:19|20)\d{{2}})?年度?
      | (?<=西元|公元|西历|民国)\d{{1,4}}年  # an era names a calendar year of any length
      | (?<![\d.,达约近逾超])1[0-8]\d{{2}}年(?!来|间|之久|多|左右|以上|以前|前|后)  # 1000–1899: years, not spans
      # 100–119: a year of the Republic calendar (Taiwan's reports: 113年, 112年度), as calendar_years reads it
      | (?<![\d.达约近逾超历])(?<!\d,)1[01]\d年度?(?![来间代多余前内]|之久|左右|以上|周[期年岁])
      | (?<![{_CN_DIGITS}])[〇零一二三四五六七八九]{{4}}年度? )
  | (?P<ordinal>
        第(?:{_ARABIC}|{_CN}){_UNIT}?
      | [(\[【](?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[)\]】]
      | 其[一二三四五六七八九十](?!{_UNIT})
      | {_BOUND}[一二三四五六七八九十]{{1,3}}是
      | {_BOUND}(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:、|\.(?!\d)|\)(?!\d))
      | (?<!{_CN_NUMCH})十[一二三四五]五(?!{_CN_NUMCH})
      | (?<!{_CN_NUMCH})(?:[二三四五六七八九]十[一二三四五六七八九]?|十[一二三四五六七八九])大 )
  | (?P<range>
        {_NUM_START}(?P<r_lo>{_ARABIC})(?P<r_lomag>[十百千万亿]*){_DASH}(?P<r_hi>{_ARABIC})
        (?P<r_mag>[十百千万亿]*)(?P<r_mid>[余多])?(?P<r_unit>{_UNIT})?(?P<r_post>{_POST})? )
  | (?P<other>{_NUM_START}\d+:\d+)
  | (?P<mix>(?P<x_pre>{_PRE})?{_NUM_START}(?P<x_num>\d{{1,4}}[亿万千百十]+(?:\d{{1,4}}[亿万千百十]+)+)
        (?P<x_mid>[余多])?(?P<x_unit>{_UNIT})?(?P<x_post>{_POST})?)  # 2亿3千4百万元, 3千5百万: digits and 千百
  | (?P<frac>{_NUM_START}(?P<f_den>[一二三四五六七八九十]{{1,2}}|[千万]|\d{{1,3}})分之(?P<f_num>[一二三四五六七八九十]{{1,3}}|\d{{1,3}})
      | {_NUM_START}(?P<f_num2>\d{{1,2}})/(?P<f_den2>\d{{1,2}})(?![\d/.]))  # 三分之一, 1/3: a share
  | (?P<cmp>(?P<c_pre>{_PRE})?{_NUM_START}(?P<c_hi>\d+)
        (?:亿(?P<c_lo_y>\d{{1,4}}(?:,\d{{3}})?)(?P<c_m_y>万)?|万(?P<c_lo_w>\d{{1,4}}(?:,\d{{3}})?)(?P<c_m_w>[千百])?)
        (?P<c_mid>[余多])?(?P<c_unit>{_UNIT})?(?P<c_post>{_POST})?)  # 4万5,000余件, 3亿1,200万元, 27万8千人
  | (?P<pct>(?P<p_pre>{_PRE})?百分之(?P<p_num>{_ARABIC}|{_CN})(?P<p_post>{_POST})?)
  | (?P<qty>(?P<pre>{_PRE})?{_NUM_START}(?P<num>{_ARABIC}|{_CN})(?P<mid>[余多])?(?P<mag>{_MAG}*)
        (?P<mid2>[余多])?(?P<unit>{_UNIT})?(?P<post>{_POST})?)
    )
    """,
    re.VERBOSE,
)
# A short code of digits and capitals (5A, 5G, 3D, 4K): part of the name it prefixes, not a bound of its neighbours.
_CODE = re.compile(r"\d{1,2}[A-Z]{1,2}")
_COUNTED_ONE = re.compile(r"(?:至少|最少|最多|仅|只有|只|不少于|不超过|每)$")
_FIRST_NUM = re.compile(rf"{_ARABIC}|[{_CN_DIGITS}十]+")
_TRAILING_UNIT = re.compile(rf"{_UNIT}$")


def _to_number(d: Decimal) -> float | int:
    return int(d) if d == d.to_integral_value() else float(d)


def _arabic(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _chinese(s: str) -> tuple[Decimal | None, bool]:
    """Value of a Chinese numeral and whether it is a bare magnitude (百/千/万 with no digit before)."""
    if s[0] in "百千万亿":
        value = Decimal(1)
        for ch in s:
            if ch not in _MAGS:
                return None, True
            value *= _MAGS[ch]
        return value, True
    # Digit strings without 十百千万亿 (一一, 五一, 三八) are names/idioms, not numbers; 二〇二三-style years
    # are matched by the year pattern before they get here.
    if len(s.split("点")[0]) > 1 and not any(ch in _MAGS for ch in s):
        return None, False
    try:
        return Decimal(str(cn2an.cn2an(s, "normal"))), False
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None, False


def _number(s: str) -> Decimal | None:
    return _arabic(s) if s[0].isdigit() else _chinese(s)[0]


def _mixed(numeral: str) -> Decimal | None:
    """Digits with Chinese magnitudes between them, read as a Chinese numeral: 2亿3千4百万 = 234000000 (cn2an's
    "smart" mode reads digits and Chinese numerals mixed); None for a run that is no numeral (3亿2亿)."""
    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart")))
    except ValueError:
        return None


def _magnitude(mag: str | None) -> int:
    factor = 1
    for ch in mag or "":
        factor *= _MAGS[ch]
    return factor


# A bare number that numbers a table, figure or attachment ("表2 各区县…", "附件1", "图 3"): a label, no count.
_LABEL_BEFORE = re.compile(r"(?:(?<![代发外列报年])表|(?<![地蓝企])图|附件|附录)[^\S\n]*$")


def _classify(m: re.Match[str], text: str, lenient: bool) -> tuple[Decimal, str, str | None, str] | None:
    """(value, unit, qualifier, kind) for one regex match, or None when it is not a number after all."""
    kind = m.lastgroup or ""
    surface = m.group(0)
    value: Decimal | None
    if kind == "qty":
        num, unit = m["num"], m["unit"] or ""
        qualifier = m["pre"] or m["mid"] or m["mid2"] or m["post"]
        mag = _magnitude(m["mag"])
        if num[0].isdigit():
            value = _arabic(num) * mag
            around = text[max(m.start() - 1, 0) : m.start()] + text[m.end() : m.end() + 1]
            if unit or mag > 1 or qualifier:
                kind = "quantity"
            else:  # a bare number: “555” (quoted) and 3+3+5 are names/formulas, 表2 and 附件1 labels; others may count
                labelled = _LABEL_BEFORE.search(text, max(m.start() - 4, 0), m.start())
                kind = "other" if labelled or re.search(r"[+×*/=]|“”", around) else "quantity"
            return value, unit, qualifier, kind
        value, bare = _chinese(num)
        if value is None or (bare and not qualifier and not lenient):
            return None  # 万家, 千方百计: magnitude characters inside words
        if (not unit and not m["mag"] or unit == "分") and not lenient:
            return None  # 三联, 统一, 十分: Chinese numerals without a measure word are mostly words
        value *= mag
        # A lone 一 + measure word (一个, 一批, 一家人) is nearly always an article or idiom, not a count —
        # unless a bound says it is one ("至少一名", "仅一家"). Inside quotes a Chinese count is a slogan
        # (“两个确立”, “五位一体”), not a statistic.
        slogan = m.start() > 0 and text[m.start() - 1] in "“‘「『"
        article = num == "一" and not m["mag"] and not qualifier and not _COUNTED_ONE.search(text, 0, m.start())
        kind = "other" if (article or slogan) and not lenient else "quantity"
        return value, unit, qualifier, kind
    if kind == "mix":
        value = _mixed(m["x_num"])
        if value is None:
            return None
        return value, m["x_unit"] or "", m["x_pre"] or m["x_mid"] or m["x_post"], "quantity"
    if kind == "frac":
        num, den = (m["f_num"], m["f_den"]) if m["f_den"] else (m["f_num2"], m["f_den2"])
        top, bottom = _number(num), _MAGS.get(den) and Decimal(_MAGS[den]) or _number(den)
        if top is None or not bottom or top > bottom:
            return None
        return (top * 100 / bottom).quantize(Decimal("0.01")), "%", None, "quantity"
    if kind == "cmp":  # a magnitude with a remainder after it: 4万5,000 = 45000
        big, lo, low_mag = (10**8, m["c_lo_y"], m["c_m_y"]) if m["c_lo_y"] else (10**4, m["c_lo_w"], m["c_m_w"])
        value = _arabic(m["c_hi"]) * big + _arabic(lo) * _magnitude(low_mag)
        qualifier = m["c_pre"] or m["c_mid"] or m["c_post"]
        return value, m["c_unit"] or "", qualifier, "quantity"
    if kind == "pct":
        value = _number(m["p_num"])
        return None if value is None else (value, "%", m["p_pre"] or m["p_post"], "quantity")
    if kind == "range":
        lo_mag = _magnitude(m["r_lomag"]) if m["r_lomag"] else _magnitude(m["r_mag"])
        return _arabic(m["r_lo"]) * lo_mag, m["r_unit"] or "", m["r_mid"] or m["r_post"], "range"
    first = _FIRST_NUM.search(surface)
    digits = first.group(0) if first else ""
    value = None
    if kind == "year" and digits and not digits[0].isdigit():
        try:
            value = Decimal(str(cn2an.cn2an(digits, "normal")))  # 二〇二三: digit by digit
        except ValueError:
            return None
    while digits and value is None:  # 十四五 is no numeral; its value is its leading 十四
        value, digits = _number(digits), digits[:-1]
    if value is None:
        return None
    unit = "年" if kind == "year" else ""
    if kind == "ordinal" and (tail := _TRAILING_UNIT.search(surface)) and surface.startswith("第"):
        unit = tail.group(0)
    return value, unit, None, kind


# --- subject ---------------------------------------------------------------------------------------
_HARD = set(",;:!?。\n\t●■◆▲★•·…")  # clause boundaries
_SOFT = set("、 ")  # boundaries only outside brackets: 镇(街、园区) is one phrase
_OPENERS, _CLOSERS = "“‘(《「『[【", "”’)》」』]】"
# Verbs / prepositions that end a noun phrase going forward, and start the object going backward.
_ACTION_WORDS = """发放 筹集 举办 办理 开展 建成 建立 新建 组建 成立 设立 创建 培育 培养 吸纳 吸引 招引 引进
    帮助 协助 慰问 走访 资助 救助 惠及 覆盖 投入 拿出 列支 支付 发出 发布 推出 打造 选树 评选 表彰 录入
    对接 受理 处理 挽回 追回 理赔 返还 撬动 带动 推动 促进 输出 输送 提供 签订 达成 提出 完成 实现 获得
    荣获 聘请 配备 选派 新增 增加 提高 参与 参加 参评 参保 受益 享受 拥有 从事 报名 深入 下沉 来到 悬挂
    开设 成为 加入 进行 通过 按照 实施 安排 募集 筹措 被 与""".split()
_ACTION = "(?:" + "|".join(sorted(_ACTION_WORDS, key=len, reverse=True)) + ")"
# 获得者 is a noun; so is 参保人数: a bare measure noun (人数, 人次) after the verb counts the verb's doers, no object.
_CUT = re.compile(rf"{_ACTION}(?!者|(?:人数|人次|户数|家数|个数|数量|总数|总量)$)|(?<![行作认成因])为")
_SCOPE = (
    r"(?:截至目前|今年以来|近年来|以来|截至|目前|其中|此外|同时|今年|去年|全市|全省|全区|全县|全国|全镇|"
    r"全体|各级|各地|各项|各类|各种|已经|已|共计|共有|一共|共|累计|总计|合计|现有|先后|分别|陆续|均|并|"
    r"为|向|在|每|等|又|连续)"
)
_LEADING = re.compile(rf"^(?:{_SCOPE}|(?:{_ACTION}|组织|发展|培训|采购|销售|改造)了?)")
_MID_SCOPE = re.compile(r"(?:共计|共有|累计|现有|合计|总计|(?<!公)共(?![享建同有计性识]))")
_TRAIL = re.compile(r"(?:达到|达|为|共计|共有|共|计|合计|总计|累计|约为|是|有|占|给予|投入|了|的|已|及|和|与)$")
_FWD_STOP = re.compile(
    rf"^(?:{_ACTION}|入会|在|从|将|把|对|向|为|由|以|全部|均|都|已|未|经(?!费)|增长|中|内|后|前|来|之|次|共|达|占)"
)
_MODIFIER = re.compile(r"^(?:组成|构成|各|具有|拥有|来自|涉及|覆盖|参与|参加|不同|获得|具备|符合|经过|通过)")


def _scan(s: str, forward: bool) -> str:
    """The phrase adjacent to the number, up to a clause boundary or an unmatched bracket/quote."""
    depth = 0
    for i in range(len(s)) if forward else range(len(s) - 1, -1, -1):
        c = s[i]
        inward, outward = (_OPENERS, _CLOSERS) if forward else (_CLOSERS, _OPENERS)
        if c in _HARD or (c in _SOFT and depth == 0) or (c in outward and depth == 0):
            return s[:i] if forward else s[i + 1 :]
        depth += 1 if c in inward else -1 if c in outward else 0
    return s


def _tidy(s: str) -> str:
    depth = 0
    for i, c in enumerate(s):  # a closer without its opener: the phrase starts after it
        depth += 1 if c in _OPENERS else -1 if c in _CLOSERS else 0
        if depth < 0:
            return _tidy(s[i + 1 :])
    s = s.strip(" 的")
    while s and s[-1] in _OPENERS:
        s = s[:-1]
    if len(s) > 2 and s[0] in "“‘" and s[-1] in "”’" and not re.search("[“”‘’]", s[1:-1]):
        s = s[1:-1]  # “两支队伍” -> 两支队伍
    # a joiner alone is no noun: "达到8.82万元和5.16万元" — 和 neither follows the first figure's thing nor leads the second's
    return "" if re.fullmatch(f"(?:{_SCOPE}|{_ACTION}|组织|发展|培训|和|与|及|或|、)*", s) else s


def _forward(after: str) -> str:
    """Noun phrase right after the number ("75家地方工人文化宫"), or "" when what follows is no noun."""
    if not after or not (after[0] in "“‘《" or "\u4e00" <= after[0] <= "\u9fff"):
        return ""
    phrase = _scan(after, forward=True)
    if phrase.startswith("的"):
        phrase = phrase[1:]  # 120人的“两支队伍”
    elif 0 < (k := phrase.find("的")) <= 8 and len(phrase) - k > 2:
        # "组成的服务队…", "各具特色的书屋…" count what follows 的; "30家企业的职工" counts 企业.
        phrase = phrase[k + 1 :] if _MODIFIER.match(phrase) else phrase[:k]
    if _FWD_STOP.match(phrase):
        return ""
    if cut := _CUT.search(phrase, 2):
        phrase = phrase[: cut.start()]
    while (t := _TRAIL.search(phrase)) and t.start() >= 2:
        phrase = phrase[: t.start()]
    return _tidy(phrase[:20])


def _backward(before: str) -> str:
    """Noun phrase between the previous clause boundary and the number ("职工书屋46家")."""
    phrase = _scan(before, forward=False)
    if (k := phrase.rfind("”等")) >= 0:
        phrase = phrase[k + 2 :]  # “某某故事”等宣讲活动 -> 宣讲活动
    while (t := _TRAIL.search(phrase)) and t.start() >= 2:
        phrase = phrase[: t.start()]
    if 0 <= (k := phrase.rfind("的")) < len(phrase) - 2:
        phrase = phrase[k + 1 :]  # "…的快递从业者" -> 快递从业者
    # The object of the last verb is what is counted: "农民工追回劳动报酬" -> 劳动报酬.
    splits = [m.end() for p in (_CUT, _MID_SCOPE) for m in p.finditer(phrase) if len(phrase) - m.end() >= 2]
    if splits:
        phrase = phrase[max(splits) :]
    while (m := _LEADING.match(phrase)) and len(phrase) - m.end() >= 2:
        phrase = phrase[m.end() :]  # 全X现有…, 共X…, 发放…
    return _tidy(phrase[-20:])


def _subject(text: str, start: int, end: int, prev_end: int, next_start: int) -> str:
    before = text[prev_end:start]
    if before.endswith("(") and text[end : end + 1] == ")":
        before = before[:-1]  # 专刊(1万份): the subject is outside the brackets
    if found := _forward(text[end:next_start]) or _backward(before):
        return found
    label = re.match(r"^(.*?)\s*:\s*$", before, re.DOTALL)  # "驿站数: 141个": a label and its value (table rows)
    return _backward(label[1]) if label else ""


# --- line breaks inside numbers --------------------------------------------------------------------
# Hard-wrapped PDF text splits numbers ("总数9394\n\n家", "103.31\n\n万人"); such breaks are skipped
# while matching and kept in `text`, so spans stay exact. A following list marker ("1.") is not glued.
_BREAK = re.compile(rf"(?<=\d)[ \t\r]*\n\s{{0,3}}(?=\.\d|[万亿千百余多%]|{_UNIT}|\d(?!\d?[.、)](?!\d)))")


_ROW_LINE = re.compile(r"[\t|｜]")  # a separated table's row: its last cell ends there, never wrapped
_WHOLE_GROUP = re.compile(r",\d{3}$")


def _join_breaks(text: str) -> tuple[str, list[int] | None]:
    if "\n" not in text or not _BREAK.search(text):
        return text, None
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _BREAK.finditer(text):
        # "中寮乡\t24" over "名间乡\t…": a row's last cell and the next row's label, no figure cut from its unit.
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _ROW_LINE.search(text, line_start, m.start()) or _row_fields(text[line_start : m.start()]):
            continue
        # "阅读量：2,086" over "2024年，…": a figure whose last group of three is whole takes no more digits.
        if _WHOLE_GROUP.search(text, max(0, m.start() - 4), m.start()) and text[m.end() : m.end() + 1].isdigit():
            continue
        parts.append(text[pos : m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(text[pos:])
    index.extend(range(pos, len(text) + 1))  # +1: the end offset of a span at the very end
    return "".join(parts), index


_RANKED = re.compile(r"(?:排名|名列|位列|排列|排行|位居|排在|列第|居第|排第)(?:为|是|第)?$")


def _in_book_title(text: str, start: int) -> bool:
    opened = text.rfind("《", max(start - 100, 0), start)
    return opened != -1 and text.rfind("》", opened, start) == -1 and "》" in text[start : start + 60]


# --- calendar years ---------------------------------------------------------------------------------
# Years as reports write them: 2023年; Republic of China years (Taiwan's reports: 民国112年, 112年度, 较111年)
# are 1911 + n. A bare 100–119年 is read as one (a span of a hundred-odd years is rare in reports). 年 before
# 周期/周年/周岁 is a span; before another 周 (a place: 2021年周至…) it is a year.
# A financial year written as its two calendar years ("2024-25年度", "2024/25年度": Hong Kong's April to March) is
# the year it starts in, as "2024年度" asks it.
# A year in Chinese digits, digit by digit ("二〇二四年度", as formal datelines and Macau's reports write it), is the
# same year.
_CALENDAR_YEAR = re.compile(
    r"(?<![\d.])(?<!\d,)(?:(?P<ad>(?:19|20)\d{2})(?:[-/－–](?:\d{2})(?=年度))?|民国(?P<roc>\d{1,3})|(?P<bare>1[01]\d)"
    r"|(?<![〇零一二两三四五六七八九十])(?P<cn>[一二][〇零一二三四五六七八九]{3}))"
    r"年度?(?![来间代多余前内]|周[期年岁])"
)
_ROC_OFFSET = 1911


# Where a match of _CALENDAR_YEAR may start, before the 年 it ends on: 3 (110年, 民国5年), 4 (2023年, 民国12年),
# 5 (民国112年) or 7 (2024-25年度) characters.
_YEAR_STARTS = (7, 5, 4, 3)


def calendar_years(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of every calendar year a (matching-view) text states, in order: `_CALENDAR_YEAR.finditer`'s
    matches, found by trying the pattern only where one may start, a few characters before each 年 (a document's
    present year scans its whole text; the pattern's leading lookbehinds would be tried at every character)."""
    out = []
    pos = 0  # where finditer would search on from: the end of the last match
    at = text.find("年")
    while at != -1:
        for back in _YEAR_STARTS:  # leftmost start first, as finditer tries them
            if at - back < pos:
                continue
            m = _CALENDAR_YEAR.match(text, at - back)  # its lookbehinds read the text before the start
            if m is not None:
                if m["cn"]:
                    year = int(cn2an.cn2an(m["cn"], "normal"))  # digit by digit, as a year mention's value is read
                else:
                    year = int(m["ad"]) if m["ad"] else _ROC_OFFSET + int(m["roc"] or m["bare"])
                out.append((year, m.start(), m.end()))
                pos = m.end()
                break
        at = text.find("年", max(at + 1, pos))
    return out


# --- public ----------------------------------------------------------------------------------------
def extract_numbers(text: str) -> list[NumberMention]:
    """All number mentions in `text`, in order of position. Only kind == "quantity" ones are answer
    candidates.

    Matching runs on the normalised view (`match_view`: simplified script, NFKC, no pinyin glosses, no
    space between a number and its unit), so 三萬個 and 30 家 are found as 三万个 and 30家; `start`/`end`
    and `text` are the span in `text` as written, `unit` and `subject` come from the view."""
    view = match_view(text)
    joined, index = _join_breaks(view.text)
    found: list[tuple[int, int, Decimal, str, str | None, str]] = []
    for m in _MENTION.finditer(joined):
        parsed = _classify(m, joined, lenient=False)
        if parsed is not None:
            found.append((m.start(), m.end(), *parsed))
    # Subjects are bounded by the neighbouring mentions, except those inside names: "other" ones (一家人, “555”)
    # and short codes of digits and capitals (5A级景区, 5G基站, 3D打印).
    inside = [
        f[5] == "other" or (f[5] == "identifier" and _CODE.fullmatch(joined, f[0], f[1]) is not None) for f in found
    ]
    next_starts, nxt = [], len(joined)
    for f, in_name in zip(reversed(found), reversed(inside)):
        next_starts.append(nxt)
        nxt = f[0] if not in_name else nxt
    next_starts.reverse()
    mentions: list[NumberMention] = []
    prev_end = 0
    for (s, e, value, unit, qualifier, kind), next_start, in_name in zip(found, next_starts, inside):
        subject = ""
        if kind in ("quantity", "other") and _in_book_title(joined, s):
            kind = "identifier"  # numbers inside 《…》 are part of a document's name
        elif kind == "quantity" and unit in ("名", "位") and _RANKED.search(joined, max(0, s - 4), s):
            kind = "ordinal"  # 排名37名, 位列第3位: a position, not a count of people
        elif kind in ("quantity", "range"):
            subject = _subject(joined, s, e, prev_end, next_start)
        prev_end = e if not in_name else prev_end
        start, end = (s, e) if index is None else (index[s], index[e - 1] + 1)
        start, end = view.span_to_original(start, end)
        number = _to_number(value)
        if kind == "quantity" and not unit and (labelled := _labelled_unit(joined, s, e)) is not None:
            number, unit = labelled
        if kind == "quantity":  # a table cell counts what its row and column say, not the cells before it
            subject = _cell_subject(joined, s, e) or _field_subject(joined, s, e) or subject
        mentions.append(NumberMention(number, unit, text[start:end], qualifier, subject, start, end, kind))
    return mentions


# A unit a table states once for a row or a column: "城镇新增就业（万人）｜5.2", a header "增速(%)", or a
# "单位" column ("产值｜亿元｜12.5").
_LABEL_UNIT = re.compile(r"[(（]\s*(?:单位[:：]\s*)?([^()（）\d]{1,5})\s*[)）]\s*$")


def _labelled_unit(text: str, start: int, end: int) -> tuple[float | int, str] | None:
    """(value, unit) of a bare number in a separated table's row whose first cell or column header ends on a
    unit in brackets, or whose row has a 单位 column: 5.2 under "（万人）" is 52000 人. None otherwise."""
    labels = table_cell_labels(text, start, end)
    if labels is None:
        return None
    header, cells, column = labels
    found = (_LABEL_UNIT.search(cells[0]), _LABEL_UNIT.search(header[column] if header else ""))
    label = next((m.group(1) for m in found if m), None)
    unit_column = next((c for c, name in enumerate(header) if _UNIT_COLUMN.match(name)), None)
    if label is None and unit_column is not None and unit_column < len(cells):
        label = cells[unit_column]
    if label is None and column + 1 < len(cells) and _bare_cell(text, start, end) and _is_unit(cells[column + 1]):
        # "项目 数值 单位" rows without a header: a figure alone in its cell, its unit alone in the next one.
        label = cells[column + 1]
    if label is None and column > 0 and not names_rate(header[column] if header else "") and not names_rate(cells[0]):
        # A unit stated once for the whole table in its caption ("表2 主要指标（单位：万元）", a line "单位：人"):
        # a bare cell is in it, except in a column or row of rates or growth (those are % or 个百分点).
        label = caption_unit(table_caption(text, start, end)) or None
    parsed = parse_number_text(text[start:end] + label) if label else None
    return (parsed[0], parsed[1]) if parsed is not None and parsed[1] else None


# A column that states each row's unit ("单位", "计量单位"; "单位名称" names organisations).
_UNIT_COLUMN = re.compile(r"^(?:计量|计算)?[单單]位$")


def is_unit_column(name: str) -> bool:
    """A column header naming a column of units ("单位", "计量单位"), not of organisations ("单位名称")."""
    return bool(_UNIT_COLUMN.match(name.strip()))


def label_unit(label: str) -> str:
    """The unit a row label or column name states in brackets at its end ("年末常住人口（万人）" → "万人",
    "增速(%)" → "%"), "" when it states none or the bracket holds no unit ("县（市、区）")."""
    found = _LABEL_UNIT.search(label)
    parsed = parse_number_text("1" + found.group(1)) if found else None
    return found.group(1).strip() if found and parsed is not None and parsed[1] else ""


def without_label_unit(label: str) -> str:
    """The label without the unit in brackets at its end ("年末常住人口（万人）" → "年末常住人口")."""
    return _LABEL_UNIT.sub("", label).strip() if label_unit(label) else label


def _bare_cell(text: str, start: int, end: int) -> bool:
    """text[start:end] is all of its table cell (tabs or ｜ either side, or the line's end)."""
    return text[start - 1 : start] in ("\t", "|", "｜") and text[end : end + 1] in ("\t", "|", "｜", "\n", "")


def _is_unit(cell: str) -> bool:
    """A cell that is a unit and nothing else ("亿元", "万人", "%")."""
    parsed = parse_number_text("1" + cell.strip()) if cell.strip() and not _FIGURE_IN.search(cell) else None
    return parsed is not None and parsed[1] != "" and len(cell.strip()) <= 4


_FIGURE_IN = re.compile(r"\d")
_CAPTION_UNIT = re.compile(r"[单單]\s*位\s*[:：]\s*([^\s,，;；:：()（）\d]{1,6}?)\s*(?:[)）,，;；]|$)", re.MULTILINE)
_RATE_NAME = re.compile(r"增长|增速|增幅|下降|比重|占比|[率%‰]|比上年|同比")


def caption_unit(caption: str) -> str:
    """The unit a table's caption states for its figures ("（单位：万元）", a line "单位：人"), "" when it states none
    (or a thing that is no unit: "主办单位：…")."""
    for found in reversed(list(_CAPTION_UNIT.finditer(caption))):
        parsed = parse_number_text("1" + found.group(1))
        if parsed is not None and parsed[1]:
            return found.group(1)
    return ""


def names_rate(column_name: str) -> bool:
    """A column of rates or growth (增速, 比上年增长, 占比, …): a caption's unit of amount does not apply to it."""
    return bool(_RATE_NAME.search(column_name))


def _cell_subject(text: str, start: int, end: int) -> str:
    """What a cell of a separated table counts: its row's label and its column's header, units in brackets left
    out ("甲县" + "会员(万人)" → "甲县会员"); "" outside such a table, for the row label itself or without a header."""
    labels = table_cell_labels(text, start, end)
    if labels is None or labels[2] == 0:
        return ""
    header, cells, column = labels
    row = _SUB_ROW.sub("", _LABEL_UNIT.sub("", cells[0]).strip())
    if not header:  # a table with no header ("如下：" over rows "甲县  36个"): the row's label is what it counts
        return row if _bare_cell(text, start, end) and not _FIGURE_IN.search(row) else ""
    return row + _LABEL_UNIT.sub("", header[column]).strip()


# A table row as the file readers write it (`index.readers.tables.table_rows`): "name: value" fields joined by ", "
# ("指标: 年末常住人口, 2030年: 86.42万人, 2031年: 87.10万人"), the first field's name left out where it is the value.
# Prose in the matching view has no space after its commas and colons (NFKC turns "，" and "：" into "," and ":").
_FIELD_SEP = ", "
_FIELD = re.compile(r"(?:(?P<name>[^:,;。\n]{1,20}): )?(?P<value>[^:;。\n]{1,40})")


def _row_fields(line: str) -> list[tuple[str, str, int]] | None:
    """(name, value, where the value starts in `line`) per field of a reader's table row, None for another line."""
    fields: list[tuple[str, str, int]] = []
    at = 0
    for k, part in enumerate(line.split(_FIELD_SEP)):
        found = _FIELD.fullmatch(part)
        if found is None or (k > 0 and found.group("name") is None):
            return None
        fields.append((found.group("name") or "", found.group("value"), at + found.start("value")))
        at += len(part) + len(_FIELD_SEP)
    return fields if len(fields) > 1 else None


def _field_subject(text: str, start: int, end: int) -> str:
    """What a figure that is the whole value of a later field of a reader's table row counts: the row's label and
    the field's name, units in brackets left out ("指标: 年末常住人口, 2031年: 87.10万人" → "年末常住人口2031年");
    "" otherwise."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    fields = _row_fields(text[left:right])
    if fields is None:
        return ""
    for name, value, at in fields[1:]:
        sign = len(value) - len(value.lstrip("-+−"))  # "-2.5%": the mention is the figure after its sign
        if left + at + sign == start and left + at + len(value) == end:
            return without_label_unit(fields[0][1]) + without_label_unit(name)
    return ""


# A row that breaks out part of the row above ("其中：苹果", "其中 女性"): what it counts is the item, not "其中".
_SUB_ROW = re.compile(r"^(?:其中\s*[:：]?|内\s*[:：])\s*(?=\S)")  # "内" only with its colon: 内蒙古 is a name


# The parts of a date mention as written: 2015年6月9日, 三月, 十二月二十五日 (digits, 年/月/日 are the same in
# both scripts, so the mention's own text is read).
_DATE_PARTS = re.compile(
    r"(?P<year>(?:\d{1,4}|[〇零一二三四五六七八九]{4})年)?"
    r"(?P<month>(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月)?份?"
    r"(?P<day>(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号號])?"
)
_PART_UNITS = {"year": "年", "month": "月", "day": "日"}


def date_part(mention: NumberMention, part: str) -> NumberMention | None:
    """The year, month or day a date or year mention states, as a mention of its own (text, offsets and value
    of that part: 2015年6月9日 → 6月 for a 几月 question), or None when it states no such part."""
    if mention.kind not in ("year", "date") or part not in _PART_UNITS:
        return None
    if mention.kind == "year":
        return mention if part == "year" else None
    for found in _DATE_PARTS.finditer(mention.text):
        if not found.group(part):
            continue
        surface = found.group(part)
        digits = surface[:-1]
        try:
            value = (
                int(digits) if digits.isdigit() else int(cn2an.cn2an(digits, "normal" if part != "year" else "smart"))
            )
        except (ValueError, KeyError, IndexError):
            return None
        start = mention.start + found.start(part)
        return NumberMention(
            value,
            _PART_UNITS[part],
            surface,
            None,
            "",
            start,
            start + len(surface),
            part == "year" and "year" or "date",
        )
    return None


def parse_number_text(surface: str) -> tuple[float | int, str, str | None] | None:
    """Parse one surface like '2183余家' -> (2183, '家', '余'); for the question side and tests. None if
    not a number. Lenient: bare Chinese numerals ("三百") parse too."""
    s = match_view(surface.strip()).text
    m = _MENTION.fullmatch(s) if s else None
    parsed = _classify(m, s, lenient=True) if m else None
    return None if parsed is None else (_to_number(parsed[0]), parsed[1], parsed[2])
