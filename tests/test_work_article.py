"""`qa.features.work_article`: a present-day work article of a union or an administration (no report title, no
numbered headings) is read as a report; an encyclopedia passage, even one repeating one administrative word, is not.
Invented examples."""

from qa.features import report_form, report_genre, work_article

ARTICLE = (
    "甲市：让职工“暖心”又“安心”\n■ 某某\n"
    "近年来，甲市总工会聚焦职工所需，推动服务阵地建设，全市建成职工服务站点120个，累计惠及职工8万人次。\n"
    "“小站点”办成大民生\n"
    "市总工会安排资金560万元，开展送温暖活动，走访慰问困难职工2,300人，同比增长8%。全市工会会员达到36万人，"
    "其中新就业形态会员1.2万人。乙县、丙区建成爱心驿站46个，覆盖企业900余家。\n"
    "● 开展职工技能培训1.1万人次；\n● 推动企业签订工资集体合同1,500份；\n● 实施职工医疗互助，参保职工5万人。\n"
    "“大平台”连起职工心\n"
    "依托线上服务平台，职工可在线办理入会、帮扶申请、法律咨询等事项，平台注册会员12万人，全年受理职工诉求3,600件，"
    "办结率98%。各级工会干部定期走进车间班组，面对面听取职工意见建议，推动解决就餐、停车、子女托管等实际问题。\n"
    "下一步，市总工会将持续推进服务提质，力争新建职工服务站点30个，让更多职工在家门口享受到工会服务。"
)

ENCYCLOPEDIA = (
    "甲河是乙省境内的一条河流，全长386公里，流域面积1.2万平方公里。甲河发源于丙山南麓，自西向东流经丁县、戊县，"
    "在己镇注入庚江。流域内属亚热带季风气候，年平均降水量1,100毫米，汛期集中在5月至9月。沿岸有多处古镇和遗址，"
    "清代以来是重要的水运通道，民国时期曾设码头十余处。河中有鱼类60余种，其中特有鱼类8种。"
    "1958年在上游修建水库一座，库容2.3亿立方米，兼有灌溉、发电之利。"
) * 2

REPEATED_WORD = (
    "2010年起，该地区先后成为多个国际组织的会员，包括甲组织、乙组织和丙组织，并申请加入丁组织。"
    "许多非政府组织也参与国际事务，这些组织以人道救援组织居多，其他组织较少，组织的规模不一。"
) * 5


def test_a_work_article_is_read_as_a_report() -> None:
    assert work_article(ARTICLE)
    assert not report_form("甲市：让职工“暖心”又“安心”", ARTICLE)  # no report title, no numbered headings
    assert report_genre("甲市：让职工“暖心”又“安心”", ARTICLE)


def test_an_encyclopedia_passage_is_not() -> None:
    assert not work_article(ENCYCLOPEDIA)
    assert not report_genre("甲河", ENCYCLOPEDIA)


def test_one_word_repeated_is_not_a_work_article() -> None:
    assert not work_article(REPEATED_WORD)  # dense in 组织 alone: varied words are needed


def test_a_short_or_undated_text_is_not() -> None:
    assert not work_article(ARTICLE[:200])
    undated = ARTICLE.replace("近年来，", "").replace("同比增长8%", "增长8%")
    assert not work_article(undated)  # no year 20xx, no 近年来 or 今年: not of the present day


def test_a_qualifier_asked_is_named_as_a_text_would() -> None:
    """`qualifier_asked`: on a work article the wording refusals still hold for a class a user names as the text
    would (省级, 农村, 人均), not for a loosely worded thing."""
    from qa.features import qualifier_asked

    assert qualifier_asked("甲市省级职工书屋有多少家")
    assert qualifier_asked("乙县农村居民人均可支配收入")
    assert not qualifier_asked("甲市给骑手歇脚的站点有多少个")
