"""Train / held-out splits of every question set, fixed by question id.

A question's split depends only on its id (a hash, not its position or content), so adding questions
never moves old ones between splits. Weights are fitted and settings tuned on `train` only; `heldout`
figures are reported separately and never tuned on.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["train", "heldout"]
SPLITS: tuple[Split, ...] = ("train", "heldout")
HELDOUT_SHARE = 0.3


def split_of(question_id: str) -> Split:
    """`heldout` for about 30% of ids, `train` for the rest; stable across runs and machines."""
    bucket = int(hashlib.sha1(question_id.encode("utf-8")).hexdigest(), 16) % 100
    return "heldout" if bucket < HELDOUT_SHARE * 100 else "train"
