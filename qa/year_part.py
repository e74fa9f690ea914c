"""A part of a year asked (上半年, 一季度, 1-9月) where the near passages state no part of any year (branch train11).

A year's work summary gives the year's figures ("全年查办案件N件"); asked "上半年查办案件多少件" the assistant gave the
year's figure as the half year's. `qa.features.period_other` covers the other way round (a half year's figure under a
question on the year). No fitted model reads this rule: where it fires the answer is `found: false` with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import PERIOD
from qa.place_scope import NearText, all_reports

PART_OF_YEAR_UNSTATED = "报告只给出了全年的数字，没有给出所问时段（如上半年、某一季度）的数字。"

# Words that date a figure to a part of a year beyond `PERIOD`'s (三季度末, 近半年, 第四季度, 6月末): a passage saying
# any of them may give the part asked in words the rule does not map (1—6月 for 上半年), so the rule keeps out.
_PART_SAID = re.compile(r"季度|半年|(?:[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])月(?:份|末|底|止)")


def asked_parts(question: str) -> frozenset[str]:
    """The parts of a year a question names (上半年, 一季度, 1-9月); 全年 is the whole year, not a part."""
    return frozenset(m.group() for m in PERIOD.finditer(question)) - {"全年"}


def states_part_of_year(text: str) -> bool:
    """Whether a text dates anything to a part of a year (上半年, 第三季度, 1—9月, 6月末)."""
    return any(m.group() != "全年" for m in PERIOD.finditer(text)) or _PART_SAID.search(text) is not None


def part_of_year_unstated(question: str, kind: str, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked for a part of a year ("甲市上半年新增就业多少人", invented) where every near
    number candidate is a report's and none of their passages, headings or report titles dates anything to a part of
    a year: the reports give the year's figures only (a half-year report's title says 上半年, and keeps the rule out)."""
    if kind not in ("count", "amount", "share") or not asked_parts(question) or not all_reports(near):
        return False
    return not any(states_part_of_year(text) for n in near for text in (n.passage, n.heading, n.title))
