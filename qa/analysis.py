"""Question analysis: a typed `Question` — its kind (count, amount, share, date, ordinal, who, what, how,
other), its scope (places at any level, 全国/全省/全市…, a year, a document), the thing asked, whether a
number is wanted and in what unit — or the reason it cannot be answered (no content, a comparison or a sum
across places).

"臺中 有 多少 座圖書館？" → kind count, places [台中市], target "图书馆", measure "座".
"某市新建、改造了多少家职工之家" → kind count, target "新建、改造了职工之家", head "职工之家", measure "家".

Every step is linear in the question and capped: a long question is analysed on a window of at most
`ANALYSIS_CHARS` characters around its interrogative (what a question asks is stated near its 多少/什么),
so a 1,000-character question costs what a short one does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from index.normalize import normalize_query
from index.numbers import UNITS, calendar_years, extract_numbers
from index.places import Gazetteer, Place, PlaceMention, question_places
from index.segments import BREAK_COMMA
from qa.report_towns import town_spans
from qa.report_words import in_report_words

_UNIT = "(?:" + "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))) + ")"
# 多少/几 (not 几乎, not 哪几: "哪几种" asks which), optionally followed by a magnitude and a measure word: 多少家, 几个, 多少万元.
_ASK_NUMBER = re.compile(rf"(?:多少|(?<!哪)几(?!乎))(?P<mag>[十万亿千百]*)(?P<measure>{_UNIT})?")
# 多大/多高… ask a size, but not as the end of 许多/很多/众多 ("许多高校": many colleges).
# 多长 / 多大 / 多久…: a measure asked as 多少 asks a count (not 许多 / 很多: "many").
MEASURE_ASKED = r"(?<![许很诸众较更最好太])多[大高长久远重快]"
# 有多大 / 多高 / 多长…: the measure asked, a question word as 多少 is, not the thing asked ("X茶园多大" asks 茶园's area);
# not 大多 ("mostly") before an adjective: "大多高于…" asks no size
_SIZE_ASKED = re.compile(rf"(?:有|是)?(?<!大){MEASURE_ASKED}")
_ASK_AMOUNT = re.compile(rf"{MEASURE_ASKED}|占比|比例|比重|百分之几|百分之多少|百分比|增长率|增幅|率是")
_INTERROGATIVE = re.compile(
    r"一共|总共|共计|总计|有没有|是否|请问|到底|是什么|是多少|有哪些|哪些|什么|"
    r"怎样|怎么样|怎么|如何|为何|为什么|哪个|哪里|何时|吗|呢|[?？!！。,，]"
)
_MONEY = re.compile(
    r"资金|经费|金额|费用|款|钱|保障金|救助金|补助|补贴|奖金|报酬|工资|薪酬|投入|收入|营收|产值|"
    r"销售额|利润|税|成本|预算|GDP|生产总值|总产值|总额|元|资本|资产|市值|估值|价格|价值|价钱|票价|售价|房价|造价|花费|开支|"
    r"支出|赔偿|罚款|捐赠|贷款|债务|营业额|交易额|票房|出口额|进口额|成交额|进出口额|额度|薪资|月薪|年薪|收益|"
    # a value added (工业增加值), funds named by their purpose (抚恤金, 公积金) and a case's stake (标的额) are money too
    r"增加值|损失|标的额|融资额|授信|(?<!社会|生态)效益|罚锾|罚金|供养金|低保金|抚恤金|养老金|公积金|基金|租金|助学金|慰问金|救济金|保证金|生活费|"
    r"投资(?!者|人|方|主体|项目|企业|机构)|"
    # any sum named by its deed and 额 (签约额, 中标额, 募捐额): money; not a quota, a share or a cap (名额, 份额, 配额,
    # 限额, 定额, 超额), nor 额外 or 额定
    r"(?<![名份配限定超])额(?![外定])"
)
# A thing that is itself money by its last word (生产总值, 预算收入): no share answers it (科技投入强度 is a ratio).
MONEY_HEAD = re.compile(f"(?:{_MONEY.pattern})$")
# A change asked with no measure word ("X比上年增长多少", "X的增速"): reports state it as a percentage.
# A growth named as the thing asked is a rate too: "X增长速度" (速度 is no speed here), a lookup ending on the
# change ("X增加值增长", "X同比增长": no 多少, the change is what it names), or on its target ("X增长目标").
_GROWTH = re.compile(
    r"增速|增幅|涨幅|降幅|增长速度|增长率|"
    r"(?:增长|下?降|降低|上涨|上升|回落|提高)了?(?:多少|几)(?![万亿千百]*(?:" + _UNIT + "))|"
    r"(?:同比|比上年|较上年)?(?:增长|下降|上涨|上升|回落)(?:的?(?:预期)?目标(?:是|为)?(?:多少)?|预期)?[?？。!！\s]*$"
)
# A share named, or asked as what part of a whole something takes ("占全省多少", "占职工总数的多少"; not 占地, 占用).
_PERCENT = re.compile(r"占比|比例|比重|百分之|百分比|率|投入强度|占(?![地用有据领])[^，。？?]{0,12}?多少")
# What an attribute is measured in: "体重是多少" is answered by a 公斤 figure even when the passage never says
# 体重 ("约只有8公斤重"). General measurement vocabulary, not facts about any report.
_ATTRIBUTE_UNITS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), frozenset(units.split()))
    for pattern, units in (
        (r"体重|重量|多重", "公斤 千克 斤 克 吨 公吨 kg KG g"),
        (
            r"长度|全长|身高|高度|宽度|深度|距离|(?<!时间)多长(?!时间)|多高|多宽|多深|多远|海拔|长约|直径|半径",
            "米 公尺 厘米 公分 毫米 公里 千米 英尺 英里 海里 km KM cm CM mm m",
        ),
        (r"面积|多大", "平方公里 平方米 平米 公顷 亩"),
        (r"人口|居民|人数", "人 万人"),
        (r"藏书", "册 本"),
        # what is carried or passes through: passengers or freight, never a count of routes or sites
        (r"运量|吞吐量|客流量|客流", "人次 吨 公吨 标箱 标准箱 艘次 架次"),
        (r"速度|时速", "公里 千米 米 km"),
        (r"多久|时长|时间多长|多长时间|用时|耗时|寿命|年龄|多少年|几年", "年 岁 天 小时 分钟 秒 个月 周"),
    )
)
# What a counted thing is counted in where the question gives no measure word ("床位数" in 张, "公交车有多少" in 辆): a
# figure in another count unit (48家, of hospitals) counts something else. General vocabulary of measure words, read
# on the end of the thing asked only (公交车线路 is counted in 条).
_THING_UNITS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), frozenset(units.split()))
    for pattern, units in (
        (r"(?:床位|病床)$", "张 床"),
        (r"(?:车辆|汽车|公交车|出租车|客车|货车|校车)$", "辆 台"),
        (r"(?:学校|小学|中学|高中|幼儿园|高校)$", "所 个 家"),
    )
)
# A figure per head asked ("每一个人可以拿到多少床位", 人均, 户均, 每千人, 每名): a ratio, in no count's measure word
# (`qa.thing_asked.per_head_unsaid` reads it too).
PER_HEAD_ASKED = re.compile(r"人均|户均|平均|每(?:一个|个|一位|一名)?[人户]|每[名位]|每[十百千万]人")
_ORDINAL = re.compile(r"第几|排名|名次|排第|哪一?届")
# "哪一届X" asks a session's ordinal as "第几届X" does.
_WHICH_SESSION = re.compile(r"哪一?届")
# Kinds by their interrogatives: general Chinese question words, not phrases of any report.
_ASK_DATE = re.compile(
    r"哪一?年|何年|哪一?天|何时|什么时候|什么时间|几月|几号|哪个月|哪一?日|年份|日期|哪个时期|哪个朝代|哪个世纪|"
    # 几年 after an era or a preposition of time asks a calendar year (西元几年, 于几年), not a duration
    r"(?:西元|公元|西历|民国|于|在|从|自)(?:几|多少)年(?!级|间|来|多|左右|的时间)|"
    r"月份?的?几[日号]"  # 3月几日: a day of the month
)
# A date asked by a general time word (何时, 什么时候, 哪个朝代…), not by a year, month or day: the answer may be a
# period, a season or an event ("宋代", "秋季", "比赛结束之后") as well as a calendar date.
_ASK_WHEN = re.compile(r"何时|什么时候|什么时间|什么时期|什么年代|哪一?个?(?:时期|朝代|世纪|年代)")
# The question word names the thing asked ("什么物种", "哪一种材料"): a thing, though the question also says
# 数量/比例 ("寒潮减少了什么鸟类的数量", "哪一种成分的比例最高") — unless it asks a number outright (多少, 几, 多大).
_ASK_THING = re.compile(r"(?:什么|哪一?[种个类项家位])(?!时候|时间|时期|年|月|日|天|程度|水平)[\u4e00-\u9fff]")
_ASKS_NUMBER_OUTRIGHT = re.compile(r"多少|(?<!哪)几(?!乎)|(?<![许很诸众较更最好太])多[大高长久远重快宽深]|百分之")
_ASK_WHO = re.compile(r"谁|哪一?位|何人|什么人|哪些人|哪个人")
_ASK_HOW = re.compile(r"如何|怎样|怎么|为什么|为何|什么原因|原因是|通过什么方式|采取了什么|采取哪些")
_ASK_WHAT = re.compile(r"什么|哪些|哪一?个|哪里|哪儿|何处|哪一?种|哪类|何种|哪家|哪项|哪几|是啥|啥")
# Any word that makes a text a question (or a yes/no, either-or, follow-up one): a text with none of them is a
# bare noun phrase typed as a lookup ("某县常住人口", "某市财政收入"), which asks for the figure it names.
_ASKING = re.compile(
    f"{_ASK_DATE.pattern}|{_ASK_WHO.pattern}|{_ASK_HOW.pattern}|{_ASK_WHAT.pattern}|"
    r"多少|几|多大|多高|多长|多久|多远|多快|多重|多深|多宽|甚么|吗|呢|吧|是否|有没有|有无|能否|可否|还是|哪|谁|何|怎|啥|"
    r"(.)不\1|"  # 可不可以, 能不能, 是不是
    # a cloze ("X的首府为？", "X又称为?"): the sentence stops at its verb or preposition, the answer fills it
    r"(?:为|是|叫|称|成|于|在|有|及|了|和|与|到|向|给|被|把|从|由|的|以上|以下)\s*[?？]*\s*$|"
    r"那(?:一|裡|里|個|个|些|種|种|位|年|邊|边)|[;；:：]|"
    + BREAK_COMMA  # 那一 as 哪一 (Taiwan usage); clauses: a sentence
)
# Nouns that name no quantity: a bare noun phrase ending on one looks up a passage, not a figure (general
# vocabulary; a quantity noun is the open class, so it is the default).
_NOT_QUANTITY = re.compile(
    r"(?:时间|时候|日期|年份|年代|时期|名称|名字|品牌|地点|地址|位置|做法|措施|举措|内容|情况|经验|特点|特色|意义|"
    r"原因|作用|方式|方法|途径|机制|模式|理念|口号|主题|标志|亮点|问题|困难|建议|要求|职责|定义|含义|由来|历史|"
    r"简介|介绍|政策|规定|办法|流程|条件|对象|范围|标准是)$"
)
# A question that names no interrogative but a quantity ("某市爱心驿站数量") still asks a number.
# Compound measure words a question may end on ("…培训的人次"): what is counted and its unit at once.
COUNTED_UNITS = ("人次", "场次", "件次", "户次", "批次", "万人次")
# "…的场数" / "人数": a noun of counting names the measure word it is counted in.
_COUNTED_END = re.compile(f"(?:{'|'.join(COUNTED_UNITS)})$")
# A noun of households (农户, 低保户, 贫困户, 个体户): counted in 户 where the question names no measure word (not 门户,
# 账户, 窗户: things, not households).
_HOUSEHOLDS = re.compile(r"[\u4e00-\u9fff](?<![门账窗])户$")
_NOUN_MEASURE = {"人数": "人", "场数": "场", "次数": "次", "户数": "户", "件数": "件", "家数": "家", "个数": "个"}
# Any noun of counting (人数, 户数, 数量, 人次…): a count said as one, whatever the question's other words.
COUNTING_NOUN = re.compile("|".join([*_NOUN_MEASURE, "数量", "数目", "总数", *COUNTED_UNITS]))
_ASK_BY_NOUN = re.compile(
    rf"(?:数量|数目|总数|人数|个数|家数|场数|次数|户数|件数|规模|总额|金额|(?<=的)(?:{'|'.join(COUNTED_UNITS)}))$"
)
# A count of what there is: "有多少家X", "X共有多少", "X的总数/数量" — answered by a stated stock (全市现有N家),
# not by a count of what was done to some of them in a year (录入N家, 帮助N家).
_ASK_STOCK = re.compile(
    r"(?:有|共有|现有|拥有|总共有|一共有)(?:多少|几)|(?:总数|数量|总量|个数|家数)(?:是|为|有)?(?:多少)?[?？]?$"
)
# Verbs of something done to or by the things counted (general vocabulary): a question saying one asks that
# deed, not what there is.
DEED = re.compile(
    r"新建|新增|建成|发放|举办|开展|组织|帮助|帮扶|慰问|走访|服务|培训|录入|入驻|注册|吸收|发展|完成|参加|参与|"
    r"覆盖|对接|受理|办理|资助|救助|表彰|评选|创建|培育|认定|签订|调解|接待|改造|投入|获得|参赛|参训|参会|参保|"
    r"入会|就业|受益"
)
# 每/人均/平均: the question asks a per-unit figure, not a total.
PER_UNIT = re.compile(r"每|人均|户均|平均|均")
# An extent asked, not an honour's or a body's name or a rank (全国劳动模范, 全省总工会, 全国级).
_SCOPE_WORDS = re.compile(
    r"(?:全国|全中国|我国|全省|我省|本省|全市|全区|全县|全州|全镇|全盟|全旗|全港|全澳|全台(?![东中南北])|本港|本澳)"
    r"(?!级|劳模|劳动模范|五一|模范|先进|示范|优秀|文明|工人先锋|三八|总工会|人大|政协|技术能手|技能大师|最美)"
)
# Another word for an extent asked: 我国 and 全中国 are 全国, 我省/本省 全省; a Hong Kong or Macau user's 本港/本澳 the whole territory.
# (我市/本市 stay unread: a user of a county-level city means the city the reports are about as often as its whole.)
_SCOPE_NAMES = {"我国": "全国", "全中国": "全国", "我省": "全省", "本省": "全省", "本港": "全港", "本澳": "全澳"}
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_YEAR_PART = re.compile(r"[底末初]?")
# The year a question is about; "自20XX年以来" is where a cumulative figure starts, not the year asked — but
# "20XX年起诉多少人" starts a word (起诉, 起草), not a span of years.
_SINCE = re.compile(r"度?(?:以来|来|至今|起(?![诉草义飞降火步])|开始|之后|以后)")
# "比2022年增长了多少": the year a change is measured from, not the year asked.
_COMPARED_WITH = re.compile(r"(?:比|较|相比|比起|相较|对比)于?$")
_TITLE = re.compile(r"《([^》]{2,40})》")
# 共/一共/总共 right before 有多少 or 多少 asks what 有多少 asks (a sum across things the question lists is refused
# before retrieval, `_SUM`); searched, 共有 is a word that pulls in passages saying it about other things.
_SEARCH_SUM_FRAME = re.compile(r"(?:一共|总共|共)(?=有?(?:多少|几))")
_COMPARE = re.compile(
    r"相比|比较|对比|哪个多|哪个少|哪个更|谁更|谁多|谁少|多还是|少还是|高还是|低还是|差距|差多少|相差|[比较]+.{0,12}[多少高低]"
)
_WHICH_OF = re.compile(r"哪|谁|还是")  # with two places named: which of them
# …which of them is more or less: a comparative ends the question ("A和B哪个多", "谁的X更高"). Without one, 哪/谁
# asks something else about the places named ("A和哪一个地区", "位于B的哪一个区域"): a what/who question.
_WHICH_MORE = re.compile(
    r"(?:哪|谁)[^,，;；。?？!！]{0,12}?(?:更|较|比较|最)?(?:多|少|高|低|大|小|强|弱|快|慢|早|晚|长|短|远|近)"
    r"(?:一些|一点|呢|吗)?[?？!！。]*$"
)
_SUM = re.compile(r"加起来|合起来|总和|之和|合计|一共|总共|加在一起")
# A question that asks a sum or lists names itself ("A、B合计", "A和B一共"): the figure of a group is its answer.
SUM_OR_LIST_ASKED = re.compile(rf"{_SUM.pattern}|共计|总计|、")
# Two or more names listed before an explicit sum ("A镇、B镇和C镇的…加起来"): places the gazetteer may lack.
_ENUMERATED_SUM = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:、|和|与|及)[\u4e00-\u9fff]{2,}.{0,30}(?:加起来|合起来|总和|之和|加在一起)"
)
# The place that ranks first or last among several ("…最多的县有多少个", "哪个区的…最高，是多少"): a figure
# that needs every place's to be compared, which the assistant does not do yet.
_PLACE_NOUN = r"(?:区县|县区|县市区|区|县|市|镇|乡|街道|省|地区|地市)"
_SUPERLATIVE = r"(?:最多|最少|最高|最低|最大|最小|最快|最慢)"
_RANKED_PLACE = re.compile(
    rf"{_SUPERLATIVE}的(?:是)?(?:哪个|哪一个)?{_PLACE_NOUN}|哪(?:个|一个|些)?{_PLACE_NOUN}.{{0,20}}{_SUPERLATIVE}"
)


def ranks_places(text: str) -> bool:
    """Does the question ask which place ranks first or last ("哪个市的X最多")? Answerable only from a passage
    that ranks them (`qa.span_features.RANKING`), which a number question cannot use yet (`_reason`)."""
    return bool(_RANKED_PLACE.search(text))


_ACROSS = re.compile(r"各[区县市镇省地]|各个[区县市镇省]|所有[区县市镇省]|每个[区县市镇省]")
_TAG = re.compile(r"<[^>]{0,200}>")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUESTION_WORDS = re.compile(f"{_ASK_DATE.pattern}|{_ASK_WHO.pattern}|{_ASK_WHAT.pattern}")
NO_CONTENT = "问题中没有可以在报告里查找的内容，请用中文说明要查询的事项。"
# A question in Chinese whose thing names nothing to look up ("这是哪一年的", "还有其他的吗"): `names_nothing`.
NO_THING = "问题没有说要查询哪里的什么事项，请把问题说完整，例如“某市有多少个工会驿站”。"
ANALYSIS_CHARS = 120  # the window a long question is analysed on
_CUE = re.compile(r"多少|几|什么|哪|谁|如何|怎|吗|为何|何时|占比|比例|数量|[?？]")
_PIECE_END = re.compile(r"[。！？!?；;\n]")
_EDGE_NOISE = "的了有是在"
# X市 / X县 / X镇 / X街道: a place named with its administrative suffix (2–3 characters before it).
_LOCAL_PLACE = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[在于从到的和与及、]))"  # a name starts the question or a phrase
    r"(?P<stem>[\u4e00-\u9fff]{2,4}?)(?P<suffix>街道|社区|新区|市|县|镇|乡|村)"  # 区/省: the gazetteer's, or words (旅游区)
    r"(?!场|级|一级|民|值|委|长|政府|立|镇|县|区|市|村)"
)
# A village or community right after the town or district it lies in ("甲镇乙村", "A街道B社区").
_VILLAGE_AFTER_PLACE = re.compile(r"(?<=[镇乡县市区道])(?P<stem>[\u4e00-\u9fff]{2,4}?)(?P<suffix>社区|村)(?!民|委|级)")
_FUNCTION_CHARS = re.compile(r"[的之在有和与及了是哪些什么个多少几每各等其这那我你他全本该从向对把被给于到为]")
_LOCAL_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|街道|社区|省|市|县|区|镇|乡|村)$")
# Stem endings that make the suffix a common word, not a name (全市, 本县, 工业园区, 开发区, 城镇, 乡镇).
_GENERIC_STEM_END = {
    "区": "全本该各此园发新业税贸验范能片辖矿景山城郊社校老灾疫牧林渔商住专地",
    "市": "全本该各此我外城超门",
    "县": "全本该各此",
    "省": "全本该各外",
    "镇": "全本该各城乡小重",
    "乡": "全本该各城",
    "街道": "全本该各",
    "新区": "全本该各市设划业发技",  # a named new district (X新区), not 城市新区, 规划新区, 产业新区
}
_DATE_FRAME_END = re.compile(r"(?:是|于|在|从|自|到)*(?:西元|公元|西历|民国)?$")
_DATE_FRAME_START = re.compile(r"^(?:的)?(?:时候|时|之时|期间|间)?(?:的)?")
_GENERIC_END = re.compile(
    r"(?:的)?(?:占比|比例|比重|百分比|百分之|数量|数目|总数|总额|金额|规模|人数|场数|次数|户数|件数|家数|个数|人次|场次|件次|户次)$"
)
# Nouns that name people: a count of them is in 人/名/位 (not 元, not 个), though the question names no
# measure word ("资助了多少X子女"). General vocabulary, not words of any report.
_PEOPLE = re.compile(
    r"(?:职工|工人|员工|子女|学生|会员|人员|劳动者|农民工|群众|居民|干部|党员|教师|志愿者|代表|儿童|老人|"
    r"妇女|青年|家属|患者|游客|观众|选手|球员|士兵|孩子|子弟|劳模|工匠|模范|骑手|司机|"
    # people named by their post or calling (a chair, a doctor, a graduate, a talent)
    r"主席|书记|主任|专家|医生|护士|老师|律师|法官|警察|民警|辅警|检察官|教练|工程师|技师|师傅|毕业生|研究生|大学生|"
    r"能手|标兵|状元|者|员|人)$"
)


def names_people(noun: str) -> bool:
    """Does `noun` name people (干部, 会员, 志愿者: `_PEOPLE`)?"""
    return bool(_PEOPLE.search(noun))


# What follows a people noun that counts them as doing something: a verb, or a word of taking part that jieba
# tags as a noun (参赛, 参训, 入会). General vocabulary.
_ACTION_AFTER = re.compile(r"^(?:参|入|加入|就业|受|获|返|报名|到|在|上|得|被|已|都|实现|完成|享受|通过)")
PEOPLE_UNITS = frozenset("人 名 位 人次 万人".split())
# Units of persons counted one by one: not visits (人次), one person counted once per visit.
PERSON_UNITS = PEOPLE_UNITS - {"人次"}
# 多少个小时 / 几个月: 个 before a time unit is part of it, not the measure word.
_TIME_AFTER_GE = re.compile(r"^(?:小时|钟头|星期|月)")
_GENERIC_AFTER = re.compile(r"^(?:钱|资金|经费|金额)(?=用于|来|给|为|,|$)")
# A measure word that begins a longer word after 多少/几 ("多少年轻工人", "几年级"): the word is the thing asked.
_MEASURE_IN_WORD = re.compile(
    r"户(?:外|籍|口|型|头)|年(?:轻|纪|龄|级|代|薪|终|货)|人(?:员|民|才|口|士)|天(?:然|气|空|文|下)|场(?:馆|地|所)"
    r"|单位|家(?:庭|属|长|政|乡(?![村镇]))|项目|名(?:额|单|称)|期(?:间|限|刊)|位置|集(?:装箱|团|体|中|市|镇|资)"
)
# Which part of a date is asked: 几月/哪个月 the month, 几日/几号/哪一天 the day, else the year.
_ASK_MONTH = re.compile(r"几月|哪个月|哪一个月|什么月")
_DATE_PART_AFTER = re.compile(r"^(?:月份|月|日|号)")  # 几月开始: 月 is the part asked, not the event
_ASK_DAY = re.compile(r"几[日号]|哪一?天|哪一?日|什么日子")
# 多少日/几日 not after a month ("3月几日" asks a day of the month) counts days: 天.
_DAYS_COUNTED = re.compile(r"(?<!月)(?:多少|几)[日天](?!期|子|本|文|语|元)")
# A date the question states ("1958年7月3日至…") is scope, not an interrogative: its 日 and a following 期间
# must not read as 日期 (a date question).
_STATED_DATE = re.compile(r"\d{1,2}月\d{1,2}[日号]|(?<![月\d])\d{1,2}日")  # not 3号: 3号线 is a name
# Words that frame a date question, not the event asked about: "…是于西元几年的事情", "…几年时所进行",
# "…几年后". Stripped from the event (the thing a date question asks about).
_EVENT_FRAME_END = re.compile(
    r"(?:是|所|在|于)*(?:发生|进行|举行|出现)?(?:的)?(?:事情|事件|事|时候|时|时间|年份|年代|那年|一年)?$"
)
_EVENT_FRAME_START = re.compile(
    r"^(?:的)?(?:时候|时|之时|之后|以后|以前|之前|后|前|间|期间)?(?:的)?(?:时候|时)?(?:是|所|才)*"
)
# Words next to the interrogative (its slot): a statement of the answer says them next to the number
# ("X于几年建成" ↔ "X于1920年建成"). Places and years stay: they are words of the statement too.
ASK_SLOT = re.compile(r"(?:西元|公元|西历|民国)?(?:多少|(?<!哪)几(?!乎)|第几|哪一?年|何年)")
SLOT_CHARS = 6
_BEFORE_PUNCT = re.compile(rf"^.*(?:[。？?!！、;；:：]|{BREAK_COMMA})")  # not 1,126家's comma
_AFTER_PUNCT = re.compile(rf"(?:[。？?!！、;；:：]|{BREAK_COMMA}).*$")


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # normalised (NFKC, simplified, no spaces but one between two Latin words)
    places: tuple[Place, ...]
    place_spans: tuple[tuple[int, int], ...]
    target: str  # the question without places, interrogatives and measure word
    head: str  # the noun phrase asked about (after 多少+measure, else before it)
    wants_number: bool
    measure: str | None  # the measure word asked for (几家 → 家), or the unit family implied (资金 → 元)
    units: frozenset[str] = frozenset()  # units the attribute asked about is measured in (体重 → 公斤…)
    ordinal: bool = False  # 第几名: the answer is a position, not a count
    kind: str = "other"  # count | amount | share | date | ordinal | who | what | how | other
    scope: str | None = None  # 全国 / 全省 / 全市 …: the extent asked, when the question says it
    year: int | None = None  # 2023年
    document: str | None = None  # 《…》: a document named
    local_places: tuple[str, ...] = ()  # places named with a suffix the gazetteer lacks (X镇, Y市)
    reason: str | None = None  # why it cannot be answered (no content, comparison, sum): found: false
    date_part: str | None = None  # date questions: "year", "month" or "day" — the part of a date asked
    slot_left: str = ""  # the words just before the interrogative (up to SLOT_CHARS), as the question says them
    slot_right: str = ""  # and just after it (without its measure word)
    stated_values: tuple[float, ...] = ()  # the numbers the question itself states (12倍 → 12.0), by value
    bare: bool = False  # no interrogative at all: a noun phrase looked up, answered by the figure it names
    stock: bool = False  # a count of what there is (有多少家…, …总数), not of what was done in a period
    zone: str = ""  # a development zone asked (X经济技术开发区, 经开区, 高新区, 园区), as the question names it
    zone_stem: str = ""  # the zone's own name before its kind, where that is no gazetteer place (甲城 of 甲城经开区)

    @property
    def has_content(self) -> bool:
        """False when there is nothing to look up (`hello`, `？？？`, markup): no passage is related."""
        return self.reason not in (NO_CONTENT, NO_THING)

    @property
    def search_text(self) -> str:
        """What retrieval is asked: the text without 共/一共 before its 多少, which asks nothing but moves the question's
        words and vector ("X共有多少个" is searched as "X有多少个" is). (A trailing ？ stays: searched without it, the
        report questions gained one right number and CMRC's lost one.)"""
        return _SEARCH_SUM_FRAME.sub("", self.text) or self.text

    @property
    def open_date(self) -> bool:
        """A date question asked by a general time word (何时, 什么时候, 哪个朝代), which a period or an event may
        answer ("宋代", "秋季") where no date is stated: a sentence answers it when no number does."""
        return self.kind == "date" and self.date_part == "year" and bool(_ASK_WHEN.search(self.text))

    @property
    def numeric(self) -> bool:
        """Answered by a number mention (a count, amount, share, date or position), not a clause."""
        return self.kind in NUMERIC_KINDS


NUMERIC_KINDS = frozenset({"count", "amount", "share", "date", "ordinal"})


def window(text: str, cap: int = ANALYSIS_CHARS) -> str:
    """The part of a (normalised) question that is analysed: all of it when short; else the last sentence
    holding an interrogative, cut to `cap` characters ending at the interrogative's clause. Linear."""
    if len(text) <= cap:
        return text
    pieces = [p for p in _PIECE_END.split(text) if p.strip()]
    asking = [p for p in pieces if _CUE.search(p)]
    piece = (asking or pieces or [text])[-1]
    if len(piece) <= cap:
        return piece
    cue = None
    for found in _CUE.finditer(piece):  # the last interrogative
        cue = found
    end = min(len(piece), (cue.end() if cue else len(piece)) + cap // 2)
    return piece[max(0, end - cap) : end]


def _kind(text: str, rest: str, wants_number: bool, measure: str | None, ordinal: bool) -> str:
    if ordinal:
        return "ordinal"
    if _ASK_DATE.search(rest):
        return "date"
    if wants_number:
        if measure == "%":
            return "share"
        if measure == "元" or _ASK_AMOUNT.search(rest):
            return "amount"
        return "count"
    if _ASK_WHO.search(rest):
        return "who"
    if _ASK_HOW.search(rest):
        return "how"
    if _ASK_WHAT.search(rest):
        return "what"
    return "other"


# jieba's tags of words that name nothing a report could be searched for: pronouns and demonstratives (r…), particles
# (u…, y), interjections (e), onomatopoeia (o), conjunctions (c), prepositions (p), adverbs (d), numerals (m: 一遍,
# 第二个), locatives (f: 上面) and unknown modal characters (zg). With the closed class of discourse verbs below, a
# question whose thing is only such words ("这是哪一年的", "还有其他的吗", "哦哦", "讲讲你自己") asks about the
# conversation, not a report; a follow-up with history is resolved before it is analysed (`qa.followup`).
_EMPTY_TAGS = frozenset({"r", "rr", "rz", "ry", "rg", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "e", "o", "c", "p"})
_EMPTY_TAG_STARTS = ("d", "m", "f", "zg")
_DISCOURSE_VERBS = frozenset({"是", "有", "还有", "说", "讲", "讲讲", "来", "来着", "再说", "告诉", "知道"})


def names_nothing(target: str, pos: Callable[[str], list[tuple[str, str]]]) -> bool:
    """The thing asked holds no word a report could be searched for (`_EMPTY_TAGS`, `_DISCOURSE_VERBS`)."""
    words = [(w, f) for w, f in pos(target) if w.strip()]
    return bool(words) and all(
        f in _EMPTY_TAGS or f.startswith(_EMPTY_TAG_STARTS) or w in _DISCOURSE_VERBS for w, f in words
    )


def _reason(
    text: str,
    target: str,
    places: tuple[Place, ...],
    wants_number: bool = False,
    kind: str = "count",
    pos: Callable[[str], list[tuple[str, str]]] | None = None,
) -> str | None:
    """Why the question cannot be answered yet, in a short Chinese sentence, or None. With two places named,
    哪/谁/还是 is a comparison when a quantity is asked (`kind` count, amount, share) or a comparative ends it.
    `pos` (jieba's tagger), where given, reads a thing made only of words that name nothing (`names_nothing`)."""
    content = _TAG.sub("", text)
    if len(_HAN.findall(content)) < 2 or not target or _only_courtesy(content):
        return NO_CONTENT
    if pos is not None and not places and names_nothing(target, pos):
        return NO_THING
    if wants_number and _RANKED_PLACE.search(text):
        return "暂不支持在不同地区之间比较排名，请分别询问各地的数字。"
    which_of = _WHICH_OF.search(text) and (kind in ("count", "amount", "share") or _WHICH_MORE.search(text))
    if len(places) >= 2 and (_COMPARE.search(text) or which_of):
        return "暂不支持比较不同地区的数字，请分别询问各地。"
    if (len(places) >= 2 or _ACROSS.search(text) or _ENUMERATED_SUM.search(text)) and _SUM.search(text):
        return "暂不支持把不同地区的数字相加，请分别询问各地。"
    return None


# Suffixes that make a name of any word (农村, 贫困村, 城乡社区, 智慧社区): a village or community is read as a place
# only where its name is no word of jieba's dictionary (`_proper_name`).
_NAMED_ONLY = frozenset({"村", "社区"})
_COMMON_WORD = 20  # jieba's frequency from which a stem is an everyday word, not a village's name


# A numbered village ("甲乙一村", "丙丁三村"): a name of two characters or more and a numeral before 村.
_NUMBERED_STEM = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,3}?)[一二三四五六七八九十]$")


def _proper_name(stem: str, name: str) -> bool:
    """黄家溪村 names a village (neither 黄家溪, 溪村 nor 黄家溪村 is a dictionary word); 贫困村, 美丽乡村, 和谐社区 do not.
    A numbered village (甲乙一村) is named by the name before its numeral: 一村 is a word (一村一品), 甲乙 is none."""
    from index.tokenize import jieba_module  # loaded by the analysis anyway (part-of-speech tags)

    dictionary = jieba_module().dt
    dictionary.check_initialized()
    numbered = _NUMBERED_STEM.match(stem) if name.endswith("村") else None
    if numbered and not numbered["name"].endswith("第"):
        stem = numbered["name"]
        return dictionary.FREQ.get(stem, 0) < _COMMON_WORD and dictionary.FREQ.get(name, 0) == 0
    tail = name[len(stem) - 1 :]  # 乡村, 农村, 山村: the stem's last character makes a word with the suffix
    return all(dictionary.FREQ.get(w, 0) < _COMMON_WORD for w in (stem, tail)) and dictionary.FREQ.get(name, 0) == 0


# Suffixes the gazetteer holds every place of (cities, counties): an X市 / X县 it lacks whose stem ends in a verb
# is the level of government the verb acts on ("完成市下达的任务", "召开县总工会…"), not a place.
_LISTED_LEVELS = frozenset({"市", "县"})


def _word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tag of each word (its tagger is loaded by the analysis anyway)."""
    from index.tokenize import jieba_module

    jieba_module()
    from jieba import posseg

    return posseg.dt.word_tag_tab


def word_tag(word: str) -> str:
    """jieba's dictionary tag of `word` ("" for a word it does not list)."""
    return _word_tags().get(word, "")


def _verb_ended(stem: str, suffix: str) -> bool:
    """The stem ends in a word jieba's dictionary tags as a verb (完成, 推动, 建成) — for a city or county always;
    for a town, street or village only after other characters ("力争建成街道"): 解放街道, 前进镇 are names."""
    tags = _word_tags()
    first = 0 if suffix in _LISTED_LEVELS else 1
    return any(tags.get(stem[i:]) == "v" for i in range(first, len(stem) - 1))


# Suffixes of towns, whose names often hold 和 (太和镇, 和平镇, 永和镇): cpca's table lacks them.
_TOWN_SUFFIXES = frozenset({"镇", "乡", "街道"})


def _stray_function_char(stem: str, suffix: str) -> bool:
    """The stem holds a function character (的, 和, 有…) standing as a word of its own ("职工和镇…": two things joined),
    not a part of the name: 和 inside a word jieba cuts from a town's name (太和/镇, 和平/镇, 永和镇) is the name's."""
    found = set(_FUNCTION_CHARS.findall(stem))
    if not found:
        return False
    if found != {"和"} or suffix not in _TOWN_SUFFIXES:
        return True
    from index.tokenize import jieba_module  # loaded by the analysis anyway (part-of-speech tags)

    return any(word == "和" for word in jieba_module().lcut(stem + suffix, HMM=False))


def village_named_like(suffix: str, surface_chars: int, stem_chars: int) -> bool:
    """A village named like a county ("甲桥村"): the gazetteer reads the county's short name (no longer than the stem:
    甲桥 of 甲桥区), but 村 right after it says the name is the village's. Not 社区, which a county's name often heads as
    a kind of service ("某县社区照顾据点": the county's community care points)."""
    return suffix == "村" and surface_chars <= stem_chars


def _local_places(text: str, mentions: list[PlaceMention]) -> list[tuple[str, int, int]]:
    """(name, start, end) of places the question names with an administrative suffix (X市, X镇, X街道…)
    that the gazetteer does not hold as written (towns, streets, places outside its table): the answer must
    come from text that names them (`Question.local_places`)."""
    out = []
    for _, start, end in calendar_years(text):  # 112年X市: the year is no part of the name
        text = text[:start] + " " * (end - start) + text[end:]
    matches = list(_LOCAL_PLACE.finditer(text))
    matches += [
        v
        for v in _VILLAGE_AFTER_PLACE.finditer(text)
        if not any(v.start() < m.end() and m.start() < v.end() for m in matches)
    ]
    for m in sorted(matches, key=lambda x: x.start()):
        stem, start, end = m.group("stem"), m.start(), m.end()
        if stem[-1] in _GENERIC_STEM_END.get(m.group("suffix"), "") or _stray_function_char(stem, m.group("suffix")):
            continue
        if m.group("suffix") in _NAMED_ONLY and not _proper_name(stem, m.group()):
            continue
        if _verb_ended(stem, m.group("suffix")):
            continue
        # Known when it overlaps a gazetteer place (an X市 the gazetteer has as X县, upgraded), except a city
        # the gazetteer reads as a district of the same stem elsewhere (X市 is no X区).
        overlapping = [mention for mention in mentions if mention.start < end and start < mention.end]
        known = any(
            not (m.group("suffix") == "市" and mention.place.name == stem + "区")
            and not village_named_like(m.group("suffix"), mention.end - mention.start, len(stem))
            for mention in overlapping
        )
        if not known:
            out.append((m.group(), start, end))
    return out


# A development zone asked ("X市经开区", "甲城经济技术开发区", "园区"): its figures are not its city's. Kinds and
# the names texts give each (经济技术开发区 is said 经开区 or 开发区 too). 新区 is a suffix of `_local_places`.
ZONE_KINDS = {
    "经济技术开发区": ("经济技术开发区", "经开区", "开发区"),
    "高新技术产业开发区": ("高新技术产业开发区", "高新技术开发区", "高新区"),
    "高新技术开发区": ("高新技术产业开发区", "高新技术开发区", "高新区"),
    "经济开发区": ("经济开发区", "经开区", "开发区"),
    "自由贸易试验区": ("自由贸易试验区", "自贸试验区", "自贸区"),
    "综合保税区": ("综合保税区", "保税区"),
    "工业园区": ("工业园区", "园区"),
    "产业园区": ("产业园区", "园区"),
    "高新区": ("高新技术产业开发区", "高新技术开发区", "高新区"),
    "经开区": ("经济技术开发区", "经济开发区", "经开区", "开发区"),
    "开发区": ("开发区",),
    "自贸区": ("自由贸易试验区", "自贸试验区", "自贸区"),
    "保税区": ("保税区",),
    "园区": ("园区",),
}
_ZONE = re.compile("|".join(sorted(ZONE_KINDS, key=len, reverse=True)))
_ZONE_STEM = re.compile(r"[\u4e00-\u9fff]{2,4}$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+$")


def _zone_asked(text: str, spans: tuple[tuple[int, int], ...]) -> dict[str, str]:
    """The development zone a question asks about (`Question.zone`) and its own name before its kind, unless that
    is a place the question names (X市经开区: X市 is the city, the zone is 经开区)."""
    m = next((z for z in _ZONE.finditer(text) if not any(s < z.end() and z.start() < e for s, e in spans)), None)
    if m is None:  # (桃园区 names a place, not a 园区)
        return {}
    before = text[: m.start()]
    for s, e in spans:  # a place or a year before the kind is no part of the zone's own name
        if e <= m.start():
            before = before[:s] + " " * (e - s) + before[e:]
    for _, s, e in calendar_years(before):
        before = before[:s] + " " * (e - s) + before[e:]
    run = _HAN_RUN.search(before)
    if run and len(run.group()) == 1:
        return {}  # one character before the kind: a word of its own (桃园区 is a district, 校园区 no zone)
    stem = _ZONE_STEM.search(before)
    own = stem.group() if stem and not _FUNCTION_CHARS.search(stem.group()) else ""
    return {"zone": own + m.group(), "zone_stem": own}


# The part of a year a question asks about (全年, 上半年, 一季度, 1-9月) is scope, like its year: no part of the
# thing asked ("上半年X总额" asks X; a sentence stating another half year's figure shares the period).
PERIOD = re.compile(
    r"全年|上半年|下半年|前三季度|第?[一二三四1-4]季度|(?:1|一)(?:-|—|~|至|到)(?:1[0-2]|[2-9]|[二三四五六七八九]|十[一二]?)月"
)


def without_period(head: str) -> str:
    """The thing asked without the part of a year it names, unless nothing else is left."""
    cut = PERIOD.sub("", head)
    if cut[:1] in _EDGE_NOISE and _opens_with_word(cut):  # 在校生: the particle opens the word
        return cut.rstrip(_EDGE_NOISE) or head
    return cut.strip(_EDGE_NOISE) or head


def zone_names(q: Question) -> tuple[str, ...]:
    """The names a text may give the zone asked: its kind's (经开区 for 经济技术开发区), each with its own name where
    it has one (甲城经开区), else bare."""
    if not q.zone:
        return ()
    kind = q.zone[len(q.zone_stem) :]
    return tuple(q.zone_stem + alias for alias in ZONE_KINDS.get(kind, (kind,)))


def local_places_in(text: str, mentions: list[PlaceMention]) -> tuple[str, ...]:
    """The suffixed place names (X镇, X街道, X市…) that start a phrase of `text` and that the gazetteer, whose
    `mentions` of `text` are given, does not hold: the towns and streets of a passage's rows."""
    return tuple(name for name, _, _ in _local_places(text, mentions))


# Characters that end or start a word rather than continue a name (江门的, 在北京): a place next to one of these is
# no part of a longer word.
_WORD_EDGE = frozenset("的了是在和与及或而也都就又之其被把将对为以于从由到等个这那有年月日")


def place_words(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """The longer words the question's places may be part of: each place span with the Han character right before
    or after it ("玉山杜鹃" → 玉山杜 for a 玉山 read as 玉山县, "陈永康" → 陈永康), where that character continues a
    word (not 的/在/年…). A passage holding one of them names the same word: the place read there is no scope of the
    question but a part of a name (a pass, a company, a plant, a person) the passages did not read as a place."""
    words = []
    for start, end in spans:
        for a, b in ((start - 1, end), (start, end + 1)):
            if a >= 0 and b <= len(text):
                edge = text[a] if a < start else text[b - 1]
                if "\u4e00" <= edge <= "\u9fff" and edge not in _WORD_EDGE:
                    words.append(text[a:b])
    return tuple(dict.fromkeys(words))


def local_stems(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names as texts also write them: X镇 → X镇, X (a report says 本镇, or the bare name)."""
    return tuple(dict.fromkeys(x for name in names for x in (name, _LOCAL_SUFFIX.sub("", name)) if len(x) >= 2))


def _opens_with_word(text: str) -> bool:
    """The text opens with a word of jieba's dictionary that starts with a particle character and names a kind of
    thing (在校生, 在建, 在职 — tagged noun, verb or distinguishing word), which the particle strip would cut to a
    fragment (校生); a preposition before a place (在城镇: tagged a name) or a word of its own is cut as before."""
    if len(text) < 2:
        return False
    from index.tokenize import jieba_module  # loaded by the analysis anyway (part-of-speech tags)

    first = next(iter(jieba_module().cut(text[:6])), "")
    return len(first) >= 2 and _word_tags().get(first, "") in _THING_TAGS and first not in _PARTICLE_WORDS


_THING_TAGS = frozenset({"n", "v", "vn", "b"})


def _measure_opens_noun(text: str) -> bool:
    """The measure word after 多少/几 begins a noun of jieba's dictionary whose other character is bound, no word
    of its own (床位, 班级, 户籍: 位, 级, 籍 stand only in words or as measures), which is then the thing asked, not
    a measure word and a fragment (位). A free noun or a function word after the measure keeps the measure reading,
    even where jieba's dictionary holds the pair (几首歌, 多少人为…). `_MEASURE_IN_WORD` lists the words this misses."""
    from index.tokenize import jieba_module  # loaded by the analysis anyway (part-of-speech tags)

    first = next(iter(jieba_module().cut(text[:6])), "")
    if len(first) != 2 or re.fullmatch(_UNIT, first):  # 场次, 人次 stay measure words
        return False
    tags = _word_tags()
    if not tags.get(first, "").startswith("n"):
        return False
    if tags.get(first[1], "") in _BOUND_TAGS:
        return True
    # a free second character: the pair is the word where jieba's dictionary counts it at least a fifth as often as
    # that character alone (部门, 个体: yes; 首歌, 台风: 歌 and 风 are mostly words of their own)
    frequency = jieba_module().dt.FREQ
    return frequency.get(first, 0) >= _WORD_SHARE * frequency.get(first[1], 0)


# jieba's tags of a character that stands in words or as a measure, not as a word of its own (位 q, 款 m, 籍 ng)
_BOUND_TAGS = frozenset({"q", "m", "ng", "nr", ""})
_WORD_SHARE = 0.2
_PARTICLE_WORDS = frozenset({"在于", "是否", "了解", "的确"})  # verbs and adverbs that ask nothing of their own


def _strip_edges(text: str) -> str:
    """Drop particles at the ends ("江门有" → "江门"), but keep 共有/现有, which texts repeat ("全省共有…"), and a
    word a particle opens (在校生)."""
    edge = _EDGE_NOISE.replace("有", "") + "、 "
    while text and text[0] in edge and not _opens_with_word(text):
        text = text[1:]
    text = text.rstrip(edge)
    if text.endswith("有") and not text.endswith(("共有", "现有", "拥有")):
        text = text[:-1]
    return _FRAME_END.sub("", text.rstrip(edge)).rstrip(edge)


# The frame of a number asked that the thing does not hold: "X共有多少" and "X一共有多少" ask what "X有多少" asks, "X数量
# 为多少" what "X数量是多少" asks (是 is an edge already); left on the thing, 共/为 are words no statement of the figure
# says beside it. Not the 为 of a verb (成为, 评为, 认定为) nor the 共 of 公共.
_FRAME_END = re.compile(r"(?:(?<!公)共有?|(?<![成作认评定称改列视分行因以更划选命])为)$")


def people_counted(after: str, pos: Callable[[str], list[tuple[str, str]]]) -> bool:
    """The noun 多少 counts is a people noun followed by what they did ("多少职工参加…", "多少困难职工子女上了
    大学"): the noun phrase after 多少 ends on a people noun and a verb, a direction word or a word of taking
    part follows it. The phrase is nouns, adjectives, set phrases, and a word jieba tags as a verb only where
    it begins a people noun with the next word ("快递/v 员", "外卖/v 骑手", "选手/v"). Tagging sees at most
    `_COUNTED_TAG_CHARS` characters."""
    words = pos(after[:_COUNTED_TAG_CHARS])
    run = ""
    for i, (word, flag) in enumerate(words):
        if run and word in _NOUN_JOINERS:
            run += word  # "劳模和工匠人才创新工作室": the phrase runs on past the conjunction
            continue
        followed = flag[:1] not in _NOUN_PHRASE_TAGS and flag != "vn" or _ACTION_AFTER.match(word)
        if run and _PEOPLE.search(run) and followed:
            return True
        if flag[:1] in _NOUN_PHRASE_TAGS:
            run += word
        elif flag[:1] in "vz" and flag != "vn":
            joined = run + word + (words[i + 1][0] if i + 1 < len(words) else "")
            if not (_PEOPLE.search(run + word) or _PEOPLE.search(joined)):
                return False
            run += word
        else:
            return False
    return False


_COUNTED_TAG_CHARS = 16
_NOUN_JOINERS = frozenset({"和", "与", "及", "以及", "、"})
_NOUN_PHRASE_TAGS = frozenset("nlabj")  # jieba flags: nouns, set phrases, adjectives, distinguishers, abbreviations


# Cantonese interrogatives (Hong Kong and Macau users write them) read as their Mandarin words of the same length,
# so the question word and the thing beside it are found as in any question: 几多 is 多少, 几时 何时, 边个 哪个;
# with the particles and verbs a question's form turns on: 咗 (了: "多咗几多" asks a change), 嘅 (的), 加埋 (合计: a
# sum asked). (OpenCC, which gives the simplified view, converts script, not Cantonese words.)
_CANTONESE_ASKS = re.compile(r"几多|几时|边个|边度|边间|咗|嘅|加埋")
_MANDARIN_OF = {
    "几多": "多少",
    "几时": "何时",
    "边个": "哪个",
    "边度": "哪里",
    "边间": "哪间",
    "咗": "了",
    "嘅": "的",
    "加埋": "合计",
}


_WORD_WINDOW = 12  # characters of the question's end that jieba cuts to tell 案件/数 from 立案/件数: bounded cost


def _without_counting_noun(text: str) -> str:
    """The thing asked without the noun of counting it ends on (占比, 的数量, 件数…). A noun of counting whose measure
    word belongs to the word before it is only 数: 信访案件数 is 案件 counted (jieba: 案件/数), 工人数 工人, 农户数 农户;
    调解件数 (调解/件数) is 调解 counted in 件."""
    head = _GENERIC_END.sub("", text)
    ending = text[len(head) :].removeprefix("的")
    if ending in _NOUN_MEASURE and head:
        from index.tokenize import jieba_module  # loaded by the analysis anyway (part-of-speech tags)

        words = jieba_module().lcut(text[-_WORD_WINDOW:])
        if len(words) > 1 and words[-1] == "数" and words[-2].endswith(ending[0]) and len(words[-2]) > 1:
            return text[:-1]
    elif head == text and text.endswith("数"):
        # 床位数, 企业数: a noun counted by a bare 数, which jieba cuts off (not 指数, 系数, 分数: words of their own)
        from index.tokenize import jieba_module

        words, tags = jieba_module().lcut(text[-_WORD_WINDOW:]), _word_tags()
        last = words[-1]
        if last == "数" and len(words) > 1 and len(words[-2]) > 1 and not tags.get(words[-2], "").startswith("v"):
            return text[:-1]
        if len(last) > 2 and tags.get(last[:-1], "").startswith("n"):  # jieba's own 床位数: 床位 counted
            return text[:-1]
    return head


def _in_mandarin(text: str) -> str:
    return _CANTONESE_ASKS.sub(lambda m: _MANDARIN_OF[m.group()], text)


# Courtesy a question may open on ("请问", "我想知道", "您好，"): it asks nothing, and kept in the text it moves the
# retrieval (its words weigh in BM25 and in the question's vector) and what the question is read as opening on, so
# "请问X有多少个Y" would not be answered as "X有多少个Y" is. General vocabulary of politeness, not any question's words.
_COURTESY = re.compile(
    r"^(?:(?:你好|您好|老师好)[,，!！。]?|请问(?:一下)?|(?:麻烦|我想|想)?问一下|我想问|(?:我)?想(?:要)?(?:知道|了解)(?:一下)?|"
    r"请(?:帮我)?(?:告诉|查一下|查询)(?:我)?(?:一下)?)[,，:：]?"
)


# A year written in Chinese numerals (二〇二三年, 二零二三年), as reports write it in digits: read as 2023年, so the
# question's text, retrieval and the words beside its interrogative are those of the question written with digits.
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_CN_YEAR = re.compile(r"(?<![〇零○一二三四五六七八九十百千万])[一二][〇零○一二三四五六七八九]{3}(?=年)")


# A year a user shortens to two digits ("18年江门…", "截至23年底"), as spoken Chinese does: read as 20XX (19XX from 50
# up). Only where nothing makes it a span of time — it opens the question or a clause, or follows a preposition of
# time (在, 于, 截至, 自…), and no 来/间/多/以上/工龄… follows ("18年来", "工作满18年" stay durations).
_SHORT_YEAR = re.compile(
    r"(?:(?<=^)|(?<=[\s,，、;；:：(（])|(?<=[在于至到自从])|(?<=截[至止]))"
    r"(?P<yy>\d{2})(?=年[\d,，、\u4e00-\u9fff])"
    r"(?!年(?:[来间代多余内半前后龄级纪轻]|以[上下内后前]|之|左右|工龄|的时间))"
)


def _full_year(two_digits: str) -> str:
    number = int(two_digits)
    return f"{2000 + number if number < 50 else 1900 + number}"


def digit_years(text: str) -> str:
    """`text` with each year written in Chinese numerals written in digits (二〇二三年 → 2023年), and a year shortened
    to two digits written in full (18年 → 2018年, `_SHORT_YEAR`)."""
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group()), text)
    return _SHORT_YEAR.sub(lambda m: _full_year(m["yy"]), text)


def _only_courtesy(text: str) -> bool:
    """`text` is courtesy and punctuation alone ("您好，", "请问一下？"): it asks nothing."""
    rest = text.strip()
    while rest and (found := _COURTESY.match(rest)) and found.end() > 0:
        rest = rest[found.end() :].strip(" ?？!！。,，")
    return not rest


def without_courtesy(text: str) -> str:
    """`text` without the courtesy it opens on (`_COURTESY`, repeated: "您好，请问…"), where something is left."""
    while (found := _COURTESY.match(text)) and found.end() < len(text):
        text = text[found.end() :]
    return text


def analyze(
    question: str,
    gazetteer: Gazetteer | None = None,
    pos: Callable[[str], list[tuple[str, str]]] | None = None,
    *,
    opening_place: bool = True,
    reported: Callable[[Place], bool] | None = None,
    towns: Mapping[str, str] | None = None,
) -> Question:
    """`pos` (jieba part-of-speech tags), where given, finds a people noun that is not the last word.
    `opening_place`: read a common word that opens the question as the county of that name
    (`Gazetteer.opening_place`); the assistant turns it off where no indexed report is about that county and jieba
    calls the word no noun (`Assistant._opening_word`). `reported`: the places the indexed reports are about, where
    a city whose short name is an everyday word (来宾) opening the question is read as that city. `towns`: {stem:
    name} of the towns the indexed reports are about (`qa.report_towns`): one the question names, by its stem or its
    name, is a local place."""
    gazetteer = gazetteer or Gazetteer.default()
    text = window(digit_years(in_report_words(without_courtesy(_in_mandarin(normalize_query(question))))))
    mentions = gazetteer.find(text)
    places = tuple(question_places(text, gazetteer))
    if opening_place and not places and (opening := gazetteer.opening_place(text, reported)) is not None:
        mentions, places = [*mentions, opening], (opening.place,)
    local = _local_places(text, mentions)
    if local:  # a place the gazetteer reads as another one (X市 is no X区) is not that place
        wrong = {m.place for m in mentions if any(m.start < e and s < m.end for _, s, e in local)}
        mentions = [m for m in mentions if m.place not in wrong]
        places = tuple(p for p in places if p not in wrong)
    if towns:
        taken = [(m.start, m.end) for m in mentions] + [(s, e) for _, s, e in local]
        names = [name for name, _, _ in local]
        local = sorted(local + town_spans(text, taken, names, towns), key=lambda x: x[1])
    spans = tuple(sorted({(m.start, m.end) for m in mentions} | {(s, e) for _, s, e in local}))

    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    rest = "".join(chars)
    for _, start, end in calendar_years(rest):  # the year is scope, not the thing (底/末/初: its end, its start)
        end += len(_YEAR_PART.match(rest, end).group())  # type: ignore[union-attr]
        rest = rest[:start] + " " * (end - start) + rest[end:]
    rest_text = _YEAR.sub(lambda y: " " * len(y.group()), rest)
    rest_text = _STATED_DATE.sub(lambda d: " " * len(d.group()), rest_text)
    rest_text = statistical_terms(rest_text)

    ordinal = bool(_ORDINAL.search(rest_text))
    if ordinal:
        rest_text = _WHICH_SESSION.sub("多少届", rest_text.replace("第几", "多少"))
    ask = _ASK_NUMBER.search(rest_text)
    stripped = _strip_edges(_INTERROGATIVE.sub(" ", rest_text).replace(" ", ""))
    bare = not ordinal and not _ASKING.search(rest_text) and bool(_HAN.search(stripped))
    bare = bare and not _NOT_QUANTITY.search(stripped)
    wants_number = bool(ask) or bool(_ASK_AMOUNT.search(rest_text)) or bool(_ASK_BY_NOUN.search(stripped)) or bare
    wants_number = wants_number and not _ASK_DATE.search(rest_text) or ordinal
    if wants_number and not ordinal and _ASK_THING.search(rest_text) and not _ASKS_NUMBER_OUTRIGHT.search(rest_text):
        wants_number = False  # "什么物种的数量会下降": a thing is asked
    measure = ask.group("measure") if ask else None
    if ask:
        before, after = rest_text[: ask.start()], rest_text[ask.end() :]
        if measure == "个" and (time_unit := _TIME_AFTER_GE.match(after)):
            measure, after = (
                "个" + time_unit.group() if time_unit.group() == "月" else time_unit.group(),
                after[time_unit.end() :],
            )
        elif measure and _MEASURE_IN_WORD.match(measure + after):
            after, measure = measure + after, None  # 多少年轻工人: 年 begins a word, it is no measure word
        elif measure == "个" and after.startswith("人"):
            measure, after = "人", after[1:]  # 几十个人: people
        elif measure and _measure_opens_noun(measure + after):
            after, measure = measure + after, None  # 多少床位, 多少个体户: a noun the measure character begins
        elif measure is None and _DAYS_COUNTED.match(rest_text, ask.start()):
            measure, after = "天", after[1:]  # 不少于几日: days counted, not a date
    else:
        before, after = rest_text, ""
        if wants_number and (noun := _ASK_BY_NOUN.search(stripped)):
            ending = noun.group()
            measure = _NOUN_MEASURE.get(ending[-2:], ending if ending in COUNTED_UNITS else None)
    before, after = (
        _strip_edges(_INTERROGATIVE.sub(" ", _QUESTION_WORDS.sub(" ", _SIZE_ASKED.sub(" ", x))).replace(" ", ""))
        for x in (before, after)
    )
    asks_date = bool(_ASK_DATE.search(rest_text)) and not ordinal
    if asks_date:
        # "…于西元几年的时候X": the era, the preposition and 时候 frame the year; the event is the thing asked
        before, after = _DATE_FRAME_END.sub("", before), _DATE_FRAME_START.sub("", _DATE_PART_AFTER.sub("", after))
    asked = after or before
    after = _GENERIC_AFTER.sub("", after)  # "多少钱用于…": 钱 only says money
    head = _without_counting_noun(after or before) or after or before  # 占比, 的数量: the unit, not the thing
    head = without_period(head)
    if asks_date and (event := date_event(before, after)):
        head = event
    if wants_number and measure is None and (counted := _COUNTED_END.search(head)) and counted.start() > 0:
        measure, head = counted.group(), head[: counted.start()]  # "…的人次数量": counted in 人次
    if wants_number and measure is None and not after and (counted := _COUNTED_END.search(asked)):
        # a lookup ending on its unit ("X借阅人次", "X参与人次多少"): counted in it
        measure = counted.group().removeprefix("万")
    target = _strip_edges((before + after).replace(" ", ""))
    if wants_number and not target and measure == "人" and places:
        target = head = "人口"  # "X有多少人": nothing but people counted at a place asks how many live there
    if wants_number and measure is None:
        if _PERCENT.search(text) or _GROWTH.search(text):
            measure = "%"
        elif _HOUSEHOLDS.search(head):
            # "有多少低保户", "低保户数量", "救助惠及困难户": the thing counted is households, counted in 户 as "低保户有多少户"
            # says (a share of them is a share, above; money said before them is what reached them, not the count)
            measure = "户"
        elif _MONEY.search(asked or text):
            measure = "元"
    units = frozenset(u for pattern, family in _ATTRIBUTE_UNITS if pattern.search(text) for u in family)
    if measure in ("%", "元") or ordinal:
        # a share is a percentage whatever the attribute it is a share of; money is counted in money whatever
        # people it is of (居民人均可支配收入, 城乡居民基础养老金: no 人 figure answers); a position (面积排名第几)
        # is no measure of the attribute ranked
        units = frozenset()
    if wants_number and measure is None and not units and not ordinal and not PER_HEAD_ASKED.search(text):
        units = next((family for pattern, family in _THING_UNITS if pattern.search(head)), frozenset())
    if (
        wants_number
        and measure is None
        and not units
        and not ordinal
        and (_PEOPLE.search(head) or (pos is not None and ask is not None and people_counted(after, pos)))
    ):
        units = PEOPLE_UNITS
    kind = _kind(text, rest_text, wants_number, measure, ordinal)
    scope = _SCOPE_WORDS.search(rest_text)
    year = next(
        (
            y
            for y, start, end in calendar_years(text)
            if not _SINCE.match(text, end) and not _COMPARED_WITH.search(text[max(0, start - 3) : start])
        ),
        None,
    )
    title = _TITLE.search(text)
    slot = ask_slot(text, measure)
    zone = _zone_asked(text, spans)
    return Question(
        text=text,
        places=places,
        place_spans=spans,
        target=without_zone(target, zone.get("zone", ""), zone.get("zone_stem", "")),
        head=without_zone(head, zone.get("zone", ""), zone.get("zone_stem", "")),
        wants_number=wants_number,
        measure=measure,
        units=units,
        ordinal=ordinal,
        kind=kind,
        scope=_SCOPE_NAMES.get(scope.group(), scope.group()) if scope else None,
        year=year,
        document=title.group(1) if title else None,
        local_places=tuple(name for name, _, _ in local),
        reason=_reason(text, target, places, wants_number, kind, pos),
        date_part=date_part(rest_text) if kind == "date" else None,
        slot_left=slot[0],
        slot_right=slot[1],
        stated_values=tuple(float(m.value) for m in extract_numbers(text) if m.kind not in ("ordinal", "identifier")),
        bare=bare,
        stock=kind == "count" and bool(_ASK_STOCK.search(rest_text)) and not DEED.search(rest_text),
        **zone,
    )


def without_zone(thing: str, zone: str, stem: str = "") -> str:
    """The thing asked without the development zone it is asked of by its kind alone ("某市高新区研发投入" → 研发投入): the
    zone is where, as a place is (`Question.zone`, read by `qa.features` zone_unnamed), and its words in the thing
    would count against a report's item that, under the zone's own report, never repeats them ("其中出口N亿元"). A zone
    with a name of its own (`stem`: 甲城 of 甲城经开区, 茶叶文化 of 茶叶文化园区) stays: its name is what tells it from
    the city's other parks. Unchanged where nothing else is left."""
    if not zone or stem or zone not in thing:
        return thing
    rest = thing.replace(zone, "", 1).strip()
    return rest if len(rest) >= 2 else thing


# Abbreviations of statistical vocabulary a question may use where reports write the term ("某区GDP" asks the
# 地区生产总值 a bulletin states, a country's the 国内生产总值): the thing asked is read as the term common to both.
_STATISTICAL_TERMS = ((re.compile(r"(?<![A-Za-z])GDP(?![A-Za-z])", re.IGNORECASE), "生产总值"),)


def statistical_terms(text: str) -> str:
    """`text` with statistical abbreviations (GDP) written as the terms reports use."""
    for pattern, term in _STATISTICAL_TERMS:
        text = pattern.sub(term, text)
    return text


def date_part(text: str) -> str:
    """The part of a date a date question asks: "month" (几月), "day" (几日, 哪一天) or "year"."""
    return "month" if _ASK_MONTH.search(text) else "day" if _ASK_DAY.search(text) else "year"


def date_event(before: str, after: str) -> str:
    """What a date question asks the date of: the words before and after its interrogative without the
    frame ("X是于西元几年的事情" → X; "X于几年时Y" → XY; "几年后X" → X): the event is what the sentence
    stating the date names, not 事情/时候."""
    before = _EVENT_FRAME_END.sub("", before)
    after = _EVENT_FRAME_END.sub("", _EVENT_FRAME_START.sub("", after))
    return (before + after).strip(_EDGE_NOISE)


def ask_slot(text: str, measure: str | None) -> tuple[str, str]:
    """(left, right): up to SLOT_CHARS characters either side of the question's interrogative (the measure
    word after it left out), the words a statement of the answer says next to its number."""
    found = ASK_SLOT.search(text)
    if found is None:
        return "", ""
    right = text[found.end() :]
    if measure and right.startswith(measure):
        right = right[len(measure) :]
    right = _DATE_PART_AFTER.sub("", right)
    left = text[max(0, found.start() - SLOT_CHARS) : found.start()]
    return _BEFORE_PUNCT.sub("", left), _AFTER_PUNCT.sub("", right[:SLOT_CHARS])
