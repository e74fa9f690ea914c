"""A year asked of a multi-year run: the year's own item, not the run's total or the present year's figure.

Reports give several years of one thing in a sentence ("近三年累计获奖N项，其中2022年a项、2023年b项、2024年c项") and the
present year's figure again elsewhere ("现有X达到c家"). Asked "2023年X多少", the total and the present year's figure
cover the thing's words better (their items name X, the year's item names only the year), and the model gave them. The
item of the year asked (`year_attached`) answers; a number of the same unit in its sentence that has no year of its
own, or the present year's figure (`present_year_other`), is another period's — marked `year_attached_other`, as an
item of another year in the run is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Near(NamedTuple):
    """What this rule reads of a scored number candidate."""

    sentence: str  # the candidate's sentence ("chunk:offset")
    unit: str
    features: dict[str, float]
    score: float


def other_period_beside_year_item(year: int | None, near: Sequence[Near], abstain: float) -> list[int]:
    """Indexes of the candidates to mark as another period's figure: those that outscore an item of the year asked
    (`year_attached`, scoring above the number model's cut `abstain`) with the same unit, and carry no year of their
    own — in that item's sentence (the run's total), or anywhere when they are the present year's (`present_year_other`).
    Empty when no year is asked or no candidate is the year's own item."""
    if year is None:
        return []
    items = [c for c in near if c.features.get("year_attached") and c.score > abstain]
    out = []
    for k, cand in enumerate(near):
        if cand.features.get("year_attached") or cand.features.get("year_attached_other"):
            continue
        if any(
            item.unit == cand.unit
            and item.score < cand.score
            and (item.sentence == cand.sentence or cand.features.get("present_year_other"))
            for item in items
        ):
            out.append(k)
    return out
