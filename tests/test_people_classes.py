"""Not stated where one class of people is asked and the report counts everyone (`qa.people_classes`, branch
abstain17). Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.given_instead import PEOPLE_CLASS_UNSAID, given_instead, may_be_given_instead
from qa.people_classes import PEOPLE_CLASSES, asked_class, people_class_may_be_unsaid, people_class_unsaid
from qa.place_scope import NearText
from tests.helpers_rules import near_text, thing_words


def _near(passage: str, number: str, heading: str = "二、就业创业", report: bool = True) -> NearText:
    return near_text(passage, number, heading=heading, title="江山市2024年人社工作总结", report=report)


def test_the_class_asked_and_the_longest_name() -> None:
    assert asked_class(analyze("江山市女性新增就业人数")) == PEOPLE_CLASSES.index(("女性", "妇女"))
    assert asked_class(analyze("江山市留守儿童多少人")) == PEOPLE_CLASSES.index(("留守儿童",))  # not 儿童 too
    assert asked_class(analyze("江山市青年和老年人志愿者多少人")) is None  # two classes: neither alone
    assert not people_class_may_be_unsaid(analyze("江山市新增就业人数"))


def test_everyone_counted_the_class_said_of_another_measure() -> None:
    q = analyze("江山市女性新增就业人数")
    words = thing_words(q.head or q.target)
    assert may_be_given_instead(q)
    jobs = _near("全市城镇新增就业2.46万人，完成年度目标的112%。", "2.46")
    loans = _near("发放创业担保贷款1.2亿元，其中扶持妇女创业386人。", "386")
    near = [jobs, loans]
    assert people_class_unsaid(q, near, words)
    assert given_instead(q, near, [{"report_genre": 1.0}] * 2, words) == PEOPLE_CLASS_UNSAID
    # a near figure names the class with the thing: the report counts it
    women = _near("其中女性新增就业1.02万人。", "1.02")
    assert not people_class_unsaid(q, [jobs, women], words)
    # the top number's heading names the class: its figure may be the class's
    headed = _near("全市城镇新增就业2.46万人。", "2.46", heading="三、妇女就业")
    assert not people_class_unsaid(q, [headed], words)
    # the top number counts something else: left to the other rules
    other = _near("全市举办招聘会86场。", "86")
    assert not people_class_unsaid(q, [other], words)
    # not a report
    assert not people_class_unsaid(q, [_near("全市城镇新增就业2.46万人。", "2.46", report=False)], words)


def test_a_programme_named_for_the_class_counts_no_one_of_it() -> None:
    q = analyze("江山市青年创业人数")
    words = thing_words(q.head or q.target)
    everyone = _near("全市扶持自主创业3,120人。", "3,120")
    named = _near("举办「青年创业训练营」活动24场。", "24")
    assert people_class_unsaid(q, [everyone, named], words)  # the class said only in a programme's name
    unquoted = _near("举办青年创业训练营活动24场。", "24")
    assert not people_class_unsaid(q, [everyone, unquoted], words)  # said of a figure, not in a name: left


def test_one_class_given_where_everyone_is_asked() -> None:
    from qa.people_classes import one_class_for_everyone

    q = analyze("江山市工会会员有多少人")
    words = thing_words(q.head or q.target)
    part = _near("全市工会会员总数未公布，其中女职工会员12.6万人。", "12.6")
    assert one_class_for_everyone(q, [part], words)
    # everyone's figure near: the whole is there
    whole = _near("全市工会会员38.2万人。", "38.2")
    assert not one_class_for_everyone(q, [part, whole], words)
    # the report is the class's own (its organisation in the title): its figures count the class by default
    own = NearText(part.statement, part.before, part.passage, "二、组织建设", "江山市总工会女职工委员会2024年工作总结")
    assert not one_class_for_everyone(q, [own], words)
    # a class asked: the other rule's
    assert not one_class_for_everyone(analyze("江山市女职工会员有多少人"), [part], words)
