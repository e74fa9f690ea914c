"""Writes eval/sets/reports-heldout7 from the report texts and gold answers below. NEVER TUNED ON.

Usage: python eval/sets/reports-heldout7/make_set.py eval/sets/reports-heldout7

The texts are invented for this set (see README.md): work reports, a statistical bulletin, a department summary
and news releases with made-up figures, four laid out as text extracted from PDFs (running headers, page
footers, lines broken mid-sentence, space-padded tables whose header spans two lines, a footnote), two as
scraped web pages and four as clean report text. Every gold answer is written here by reading its text, never by
running the assistant. `eval.report_sets.build_set` checks what it can mechanically: each gold span is found in
its text (after script conversion), a numeric gold is unique in its text (or pinned by an `anchor||gold`), and
the stated value and unit are what the gold text says, read by the independent little parser of
eval/report_sets.py — not by the project's number extractor.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The repo root, so the shared reader imports when this file runs as a script (python eval/sets/<set>/make_set.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from eval.report_sets import build_set  # noqa: E402

PREFIX = "rh7"

# A PDF text layer breaks lines at the column width, wherever that falls in a sentence. The break is kept off a
# figure (a digit, a numeral, its unit or qualifier) only so that every gold answer stays one span of the text.
KEEP_TOGETHER = set("0123456789.,%‰．，。、；：）」”！？")
DIGITS = set("0123456789０１２３４５６７８９")
FIGURE_SIDE = set("0123456789.,%‰万亿千百十余多近约第个人元次家名项户所场件台年月日岁倍处宗届批萬億項個員屆")
FIGURE_SIDE |= set("一二三四五六七八九十两零〇")


def breakable(line: str, cut: int) -> bool:
    before, after = line[cut - 1], line[cut]
    if after in KEEP_TOGETHER or before in "（「“" or before in DIGITS or after in DIGITS:
        return False
    return not (before in FIGURE_SIDE and after in FIGURE_SIDE)


def wrap(paragraph: str, width: int) -> list[str]:
    """A paragraph as a PDF text layer gives it: first line indented two ideographic spaces, then cut at ~width."""
    rest, lines = "\u3000\u3000" + paragraph.strip(), []
    while len(rest) > width:
        cut = next((c for c in (width, width - 1, width + 1, width - 2, width + 2, width - 3, width - 4, width + 3)
                    if breakable(rest, c)), width)
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return lines


def pdf(blocks: list[str], width: int, page_lines: int, header: str, footer: str, first_page: int = 1) -> str:
    """Paragraphs wrapped, `PRE` blocks (tables, footnotes, headings) kept line for line, cut into pages: each
    page ends in its footer (`footer.format(page=…, pages=…)`) and the next starts with the running header."""
    lines: list[str] = []
    for block in blocks:
        if block.startswith("PRE\n"):
            lines.extend(block[4:].rstrip("\n").split("\n"))
        else:
            lines.extend(wrap(block, width))
    pages = [lines[i : i + page_lines] for i in range(0, len(lines), page_lines)]
    total = first_page + len(pages) - 1
    out: list[str] = []
    for k, page in enumerate(pages):
        number = first_page + k
        if k:
            out.append(header)
        out.extend(page)
        out.append(footer.format(page=number, pages=total))
    return "\n".join(out)


# (id, title, script, text, [(question, gold as written before conversion, value, unit, question script s|t)])
T: list = []

# 1. 安徽 淮南: a city union's 2024 work report as a PDF's text layer (running header, "— n —" footers, a
# two-line table header, a footnote); a county list that leaves 大通区 and 八公山区 out, last year's figures in
# the table, 2025 targets, 85 used for medals and for workers' libraries.
HUAINAN = pdf(
    [
        "PRE\n淮南市总工会第九届委员会第四次全体会议文件\n\n凝心聚力建新功　团结奋斗促发展\n——淮南市总工会2024年工作报告\n（2025年1月16日）",
        "2024年，全市各级工会组织坚持以职工为中心，围绕市委、市政府中心工作，团结动员广大职工建功新时代，"
        "各项工作取得新进展。一年来，市总工会被省总工会评为“工会工作先进单位”，全市工会系统共有17个集体和个人获得全国和"
        "全省表彰。现将主要情况报告如下。",
        "PRE\n一、组织建设持续加强",
        "全年新建基层工会组织136个，新发展会员1.28万人，其中农民工会员7460人。截至年底，全市基层工会组织总数达到"
        "3215个，会员总数41.6万人，比上年末增加0.9万人。分县区看，凤台县新建基层工会31个、潘集区22个、田家庵区27个、"
        "谢家集区15个，其余县区和市直单位合计41个。",
        "持续推进新就业形态劳动者入会，新建快递、外卖、网约车等行业工会联合会9个，吸纳货车司机、快递员、网约配送员"
        "等新就业形态劳动者入会8600余人，新就业形态劳动者入会率达到86.3%，比上年提高4.7个百分点。",
        "PRE\n二、服务职工更加精准",
        "全市建成职工服务中心（站点）208个，其中县区级职工服务中心6个；建成户外劳动者服务站点152个，全年累计服务户外"
        "劳动者近45万人次。新建职工书屋85家，其中全国职工书屋示范点3家。",
        "全年筹集帮扶资金2360万元，走访慰问困难职工和一线职工2.1万人次，发放慰问金和物资1850万元。建档困难职工由上年的"
        "612户减少到438户。开展金秋助学，资助困难职工子女521名，发放助学金156.3万元。",
        "“淮南工会”App注册会员27.4万人，占会员总数的65.9%。全年发放普惠消费券1200万元，带动消费约1.1亿元。",
        "关心关爱女职工，全市建成爱心母婴室213个，其中2024年新建41个；组织女职工“两癌”筛查1.36万人。举办第十二届全市职工"
        "运动会，设比赛项目14个，参赛职工2300余名。",
        "PRE\n三、建功立业活动广泛开展",
        "组织开展市级劳动和技能竞赛26项，参赛职工3.6万人次。评选淮南市五一劳动奖状12个、五一劳动奖章85名、"
        "工人先锋号20个，命名第三届“淮南工匠”30名。全市已建会企业集体合同签订率达到92.5%，覆盖职工33.8万人，"
        "签订工资专项集体合同1420份。",
        "PRE\n表1　2024年主要工作指标完成情况\n"
        "指　标                  2023年      2024年      2024年\n"
        "                        实　际      目　标      完　成\n"
        "新建基层工会（个）      118         120         136\n"
        "新发展会员（人）        11260       12000       12800\n"
        "建档困难职工（户）      612         500         438\n"
        "职工服务站点（个）      187         200         208\n"
        "注：新发展会员含新就业形态劳动者；建档困难职工为年末在档户数。",
        "产业工人队伍建设改革深入推进，全市技能人才总量达到18.7万人，其中高技能人才5.6万人，占技能人才总量的29.9%。",
        "PRE\n四、维权服务扎实有效",
        "全市工会法律援助中心受理职工法律援助案件318件，为职工挽回经济损失2140万元；开展服务农民工公益法律服务行动，"
        "举办法律宣讲活动64场，受益职工1.5万余人。推动落实职工带薪休假制度，组织劳模和一线职工疗休养1120人次，"
        "其中劳模疗休养186人次。",
        "全年工会经费收入4.32亿元，比上年增长5.1%；下拨基层工会经费1.86亿元，向县区和基层倾斜的比例达到60%以上。",
        "PRE\n五、2025年主要目标",
        "2025年是“十四五”规划收官之年，也是全面深化工会改革的关键之年。全市工会将力争新建基层工会120个以上、"
        "新发展会员1.2万人以上，职工服务站点达到230个左右，建档困难职工动态清零率保持100%，"
        "市级劳动和技能竞赛项目不少于30项。",
    ],
    width=34,
    page_lines=14,
    header="淮南市总工会2024年工作报告",
    footer="— {page} —",
)

T.append(
    (
        "huainan-union-2024",
        "淮南市总工会2024年工作报告",
        "s",
        HUAINAN,
        [
            ("淮南2024年新建基层工会多少个", "全年新建基层工会组织136个||136个", 136, "个", "s"),
            ("淮南新发展会员有多少", "1.28万人", 12800, "人", "s"),
            ("凤台新建基层工会几个", "31个", 31, "个", "s"),
            ("潘集区新建了多少个基层工会", "潘集区22个||22个", 22, "个", "s"),
            ("淮南工会会员总数", "41.6万人", 416000, "人", "s"),
            ("淮南新就业形态劳动者入会率", "86.3%", 86.3, "%", "s"),
            ("新就业形态劳动者入会率比上年提高了多少", "4.7个百分点", 4.7, "个百分点", "s"),
            ("淮南户外劳动者服务站点数量", "152个", 152, "个", "s"),
            ("淮南市总工会筹集帮扶资金多少", "2360万元", 23600000, "元", "s"),
            ("淮南2023年建档困难职工多少户", "由上年的612户||612户", 612, "户", "s"),
            ("淮南金秋助学发放助学金是多少", "156.3万元", 1563000, "元", "s"),
            ("淮南五一劳动奖章评了几名", "五一劳动奖章85名||85名", 85, "名", "s"),
            ("淮南新建职工书屋多少家", "新建职工书屋85家||85家", 85, "家", "s"),
            ("淮南工会App注册会员占会员总数的比例", "65.9%", 65.9, "%", "s"),
            ("淮南2024年新建基层工会的目标是多少", "新建基层工会（个）      118         120||120", 120, "个", "s"),
            ("淮南2023年新发展会员多少人", "新发展会员（人）        11260||11260", 11260, "人", "s"),
            ("淮南工匠是第几届", "第三届||三届", 3, "届", "s"),
            ("淮南市总工会被省总工会评为什么", "工会工作先进单位", None, None, "s"),
            ("淮南爱心母婴室有几个", "213个", 213, "个", "s"),
            ("淮南高技能人才占技能人才总量的比重", "29.9%", 29.9, "%", "s"),
            ("淮南工会受理法律援助案件多少件", "318件", 318, "件", "s"),
            ("淮南劳模疗休养人次", "劳模疗休养186人次||186人次", 186, "人次", "s"),
            ("淮南2025年新发展会员目标", "1.2万人", 12000, "人", "s"),
        ],
    )
)


# 2. 贵州 都匀: a county-level city union's report to its plenary meeting, as clean text: 2024 actuals beside
# 2023's, a 乡镇 list that leaves most towns out, Chinese numerals, 2025 targets, 20 used for tea-making masters
# and for model workers' homes.
DUYUN = """
都匀市总工会2024年工作报告
——在市总工会十届五次全委（扩大）会议上的报告
（2025年2月18日）

各位委员、同志们：
现在，我代表都匀市总工会常务委员会向全委（扩大）会议报告2024年工作，请予审议。

一、2024年工作回顾
过去一年，市总工会在市委和州总工会的坚强领导下，团结带领全市职工在推动茶产业、文旅产业和新型工业化发展中建功立业，较好完成了年初确定的各项目标任务。

（一）基层组织不断夯实。全市基层工会组织达到862个，覆盖单位2140家，会员6.35万人。全年新建基层工会47个，比上年的39个多8个；新发展会员3260人，其中新就业形态劳动者1180人。从乡镇（街道）看，匀东镇新建基层工会9个，广惠街道8个，墨冲镇6个，毛尖镇5个，其余乡镇（街道）共19个。全市小微企业联合工会和村（社区）工会实现全覆盖。

（二）建功立业成效明显。围绕都匀毛尖茶产业，组建茶叶行业工会联合会1个，覆盖茶企73家、茶业职工2100余人。举办第五届“都匀毛尖”制茶技能大赛，参赛选手186名，评出“都匀毛尖制茶能手”20名，其中3名选手被推荐参加全省茶叶加工职业技能竞赛。全年开展各类劳动和技能竞赛38项，参与职工一万一千余人次。命名市级模范职工之家20个、模范职工小家35个。

（三）帮扶救助精准有力。春节“送温暖”期间，慰问困难职工、一线职工和困难劳模一千二百余户，发放慰问金及物资276.5万元。推进职工医疗互助，参加互助保障的职工达到2.8万人，全年为1460人次报销互助金312万元。开展金秋助学，资助困难职工子女96名，发放助学金28.8万元。全市建档困难职工由年初的57户减少到年底的19户。

（四）劳模工作扎实推进。全市现有省部级以上劳动模范58名，其中全国劳动模范3名。全年发放劳模困难帮扶资金和生活补助24.6万元，组织劳模和一线职工疗休养16批次、共640人次。建成劳模和工匠人才创新工作室12个，其中州级以上7个。

（五）维权服务持续加强。市总工会职工法律服务中心全年接待来访咨询430人次，参与调处劳动争议案件92件，涉及金额近860万元。建成户外劳动者服务站点41个，新建职工之家“暖心驿站”14个，全年服务户外劳动者约9.6万人次；夏送清凉、冬送温暖，为环卫工人、快递员等户外劳动者送去物资价值38.5万元。

（六）自身建设不断加强。全年工会经费收入2865万元，比上年增长6.4%，其中税务代收1930万元，占67.4%。经费向基层倾斜，全年返拨基层工会经费1210万元。

（七）职工文化生活丰富多彩。举办全市职工“村超”足球联赛，32支职工球队、760余名职工参赛；开展“工会进万家”文艺演出和电影放映活动46场次。全市建成职工书屋68家，其中2024年新建11家。

（八）普惠服务扩面增效。“黔工惠”都匀专区注册会员4.12万人，占全市会员总数的64.9%；联合商户开展普惠活动23场次，发放消费券85万元，带动消费620余万元。

（九）工会改革持续深化。全市乡镇（街道）工会实现“会、站、家”一体化建设全覆盖，配备专职工会干部26名、社会化工会工作者41名；扎实推进县级工会加强年专项工作，在全省县级工会考核中排名第6位，比上年前移5位。

同时也要清醒看到，工会工作还存在一些不足：部分非公企业工会作用发挥不够，新就业形态劳动者入会率仍然偏低，仅为61.5%，离州总工会下达的70%目标还有差距；工会干部队伍专业化水平有待提高。

二、2025年工作安排
2025年是“十四五”规划的收官之年。全市工会工作的主要目标是：新建基层工会40个，新发展会员3000人以上，其中新就业形态劳动者不少于1000人；新建户外劳动者服务站点15个；举办第六届“都匀毛尖”制茶技能大赛；开展劳动和技能竞赛40项以上；继续办好职工“村超”足球联赛；推动“黔工惠”注册会员占会员总数的比例提高到70%。
重点抓好五个方面工作：一是深化产业工人队伍建设改革，力争新培育“都匀工匠”10名；二是扎实做好职工帮扶，确保建档困难职工动态清零；三是推进户外劳动者服务站点提质增效；四是加强职工法律服务，力争劳动争议调解成功率保持在90%以上；五是持续推进工会自身建设，提升工会干部履职能力。

同志们，新的一年，我们将更加紧密地团结在以习近平同志为核心的党中央周围，奋力开创都匀工会工作新局面！
"""

T.append(
    (
        "duyun-union-2024",
        "都匀市总工会2024年工作报告",
        "s",
        DUYUN,
        [
            ("都匀有多少个基层工会组织", "862个", 862, "个", "s"),
            ("都匀工会会员多少人", "6.35万人", 63500, "人", "s"),
            ("都匀2024年新建基层工会数量", "全年新建基层工会47个||47个", 47, "个", "s"),
            ("都匀2023年新建基层工会多少个", "比上年的39个||39个", 39, "个", "s"),
            ("都匀新发展的新就业形态劳动者会员", "1180人", 1180, "人", "s"),
            ("匀东镇新建基层工会几个", "匀东镇新建基层工会9个||9个", 9, "个", "s"),
            ("毛尖镇新建了几个基层工会", "毛尖镇5个||5个", 5, "个", "s"),
            ("都匀毛尖制茶技能大赛参赛选手有多少", "186名", 186, "名", "s"),
            ("都匀毛尖制茶技能大赛是第几届", "举办第五届||五届", 5, "届", "s"),
            ("都匀劳动和技能竞赛参与职工人次", "一万一千余人次", 11000, "人次", "s"),
            ("都匀送温暖慰问了多少户", "一千二百余户", 1200, "户", "s"),
            ("都匀送温暖发放慰问金及物资", "276.5万元", 2765000, "元", "s"),
            ("都匀职工医疗互助报销互助金多少", "312万元", 3120000, "元", "s"),
            ("都匀年初建档困难职工多少户", "年初的57户||57户", 57, "户", "s"),
            ("都匀全国劳动模范几名", "全国劳动模范3名||3名", 3, "名", "s"),
            ("都匀劳模疗休养人次", "640人次", 640, "人次", "s"),
            ("都匀工会经费收入多少", "2865万元", 28650000, "元", "s"),
            ("都匀工会经费收入增长", "6.4%", 6.4, "%", "s"),
            ("都匀税务代收工会经费占比", "67.4%", 67.4, "%", "s"),
            ("都匀市级模范职工之家命名了几个", "模范职工之家20个||20个", 20, "个", "s"),
            ("都匀2025年新建基层工会目标", "新建基层工会40个||40个", 40, "个", "s"),
            ("都匀围绕毛尖茶产业组建了什么工会", "茶叶行业工会联合会", None, None, "s"),
            ("都匀职工书屋有多少家", "68家", 68, "家", "s"),
            ("都匀黔工惠注册会员占比", "64.9%", 64.9, "%", "s"),
            ("都匀新就业形态劳动者入会率是多少", "61.5%", 61.5, "%", "s"),
            ("都匀社会化工会工作者有多少名", "41名", 41, "名", "s"),
            ("都匀在全省县级工会考核中排第几", "排名第6位||6位", 6, "位", "s"),
            ("都匀村超联赛有几支职工球队", "32支", 32, "支", "s"),
        ],
    )
)

UNANSWERABLE: list[str] = []

if __name__ == "__main__":
    build_set(T, UNANSWERABLE, Path(sys.argv[1]), PREFIX, max_chars=3200, unit_required=False)
