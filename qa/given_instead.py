"""Question-level "not stated" rules where a report gives another figure in the place of the one asked, read on the
near number candidates' texts (branch abstain10).

Like `qa.place_scope`'s rules, each reads the analysed question, its near number candidates' texts (`NearText`) and
features, best first; where one fires the answer is `found: false` with a short reason. No fitted model reads them.
- `place_named_elsewhere`: one place asked of a report on a place around it, the place named only beside other
  figures ("甲区建成养老中心1个" under a question on 甲区's old-age population): the whole's figure is no answer.
- `target_given_elsewhere`: a plan or target asked where no number whose own item says the thing is a plan (a
  programme's name "“春苗计划”" plans nothing; a target of another line in the sentence is not the thing's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question
from qa.answerable import _PLAN_ASKED_OUTRIGHT, TARGET_UNSTATED, THING_KINDS
from qa.place_scope import NEAR_DEPTH, NearText, _reports, _section_heading, place_names, plan_section

# A number's own item says the thing asked when it holds at least half of the thing's characters (`cover_item`) and
# the thing is at least half of the item (`item_precision`): "甲区建成县级失能老年人照护中心1个" holds 老年人 of 老年人口
# but says a centre.
_ABOUT = 0.5


def _whole_unnamed(n: NearText, r: dict[str, float], names: tuple[str, ...]) -> bool:
    """The number is the whole's: its report is on a place around the one asked and neither its sentence
    (`wider_unnamed`, `place_in_sentence`) nor its headings name the place (as `qa.place_scope.wider_only`)."""
    return bool(
        r.get("wider_unnamed", 0.0)
        and not r.get("place_in_sentence", 0.0)
        and not any(name in n.heading or name in _section_heading(n) for name in names)
    )


def _counts_the_thing(r: dict[str, float]) -> bool:
    """The number's own text counts the thing asked: it names the thing's head (`head_in_own`), or its item says the
    thing and little else (`cover_item`, `item_precision`)."""
    return bool(r.get("head_in_own", 0.0)) or (
        r.get("cover_item", 0.0) >= _ABOUT and r.get("item_precision", 0.0) >= _ABOUT
    )


def place_named_elsewhere(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of one place (a district, a county) where the top number is the whole's figure
    (`_whole_unnamed`: a report on a place around it, the place unnamed), and every other near number is either such a
    figure or names the place in its sentence while counting something else (`_counts_the_thing` unset): the report
    names the place only beside other figures (a table of another measure, "甲区建成照护中心1个"), and gives the whole's
    figure of the thing. `wider_only` needs no near sentence naming the place."""
    if q.kind not in THING_KINDS or len(q.places) != 1 or q.local_places or not _reports(near):
        return False
    names = place_names(q)
    if not _whole_unnamed(near[0], rows[0], names):
        return False
    for n, r in zip(near[1:NEAR_DEPTH], rows[1:NEAR_DEPTH]):
        if _whole_unnamed(n, r, names):
            continue
        # the place named in its sentence, of another thing; a figure of neither (a report on the place's own
        # neighbour, a figure the whole's report dates elsewhere) leaves the rule to the gate
        if not r.get("place_in_sentence", 0.0) or _counts_the_thing(r):
            return False
    return True


# A programme's name in quotes or title marks ("“春苗计划”资助N名", 《…规划》): its 计划 plans nothing.
_PROGRAMME_NAME = re.compile(r"[“\"《「『‘][^”\"》」』’]{1,12}(?:计划|规划|工程|行动)[”\"》」』’]")
# The words of planning a statement may say before a target (as `qa.place_scope`'s plan words).
_PLAN_WORD = re.compile(r"计划|规划|目标|预期|预计|力争|争取|打算|拟|任务")


def plan_asked(q: Question) -> bool:
    """A count, amount or share asked as a plan or target (`qa.answerable._PLAN_ASKED_OUTRIGHT`)."""
    return q.kind in THING_KINDS and _PLAN_ASKED_OUTRIGHT.search(q.text) is not None


def _programme_only(n: NearText) -> bool:
    """The statement's only words of planning are inside a programme's name ("“春苗计划”全年资助N名")."""
    return _PROGRAMME_NAME.search(n.statement) is not None and not _PLAN_WORD.search(
        _PROGRAMME_NAME.sub("", n.statement)
    )


def target_given_elsewhere(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A plan or target asked (`plan_asked`) where the top number, in a report and not under a plan's heading
    (`plan_section`), and every near number whose own item says the thing (`cover_item`) states no plan: no word of
    planning before it (`plan_unstated`) or only a programme's name (`_programme_only`). The report gives what was
    done. `qa.answerable.target_unstated` reads "about the thing" by the sentence (`target_cover`), so another line's
    target in the sentence ("新增就业N人，完成目标任务M人" under a question on 新增技能人才目标) keeps it from firing, and it
    reads a programme's 计划 as a plan."""
    if not plan_asked(q) or not near or not rows or not rows[0].get("report_genre", 0.0) or plan_section(near[0]):
        return False

    def unplanned(n: NearText, r: dict[str, float]) -> bool:
        return bool(r.get("plan_unstated", 0.0)) or _programme_only(n)

    if not unplanned(near[0], rows[0]):
        return False
    return all(
        unplanned(n, r) for n, r in zip(near[:NEAR_DEPTH], rows[:NEAR_DEPTH]) if r.get("cover_item", 0.0) >= _ABOUT
    )


def given_instead(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> str | None:
    """The reason the reports give another figure in the place of the one asked, or None (`near`, `rows`: the near
    number candidates' texts and features, best first)."""
    if place_named_elsewhere(q, near, rows):
        return "报告只在别的数字旁提到所问的地方，给出的是它所在的更大地区的数字。"
    if target_given_elsewhere(q, near, rows):
        return TARGET_UNSTATED
    return None
