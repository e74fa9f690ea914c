"""index.pos_hmm gives jieba.posseg's Viterbi result exactly: route and score, on real and random runs."""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path

import pytest

from index.pos_hmm import ArrayViterbi

ROOT = Path(__file__).resolve().parent.parent
_RUN = re.compile(r"[\u4e00-\u9fffa-zA-Z0-9+#&._%\-]+")  # what jieba.posseg's re_han_detail passes to __cut


@pytest.fixture(scope="module")
def jieba_hmm() -> tuple[object, ArrayViterbi]:
    from jieba import posseg

    original = importlib.import_module("jieba.posseg.viterbi").viterbi
    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    return (lambda run: original(run, *tables)), ArrayViterbi(*tables)


def _runs() -> list[str]:
    text = "".join(p.read_text("utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))[:3])
    real = list(dict.fromkeys(_RUN.findall(text)))[:250]
    rng = random.Random(7)
    alphabet = sorted(set("".join(real))) + ["\u2603", "\U00020001"]  # characters jieba's tables lack too
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(250)]
    return real + made + ["年", "a", "1.5", "等地", "娄底市新化县"]


def test_array_viterbi_gives_jiebas_route_and_score(jieba_hmm: tuple[object, ArrayViterbi]) -> None:
    theirs, ours = jieba_hmm
    runs = _runs()
    assert len(runs) > 400
    for run in runs:
        assert ours(run) == theirs(run), run  # type: ignore[operator]


def test_ties_go_to_the_greatest_state(jieba_hmm: tuple[object, ArrayViterbi]) -> None:
    """Characters no table knows get jieba's emission floor (-3.14e100) from every state, which absorbs the
    other terms: scores tie and jieba's max() keeps the greatest state tuple — so must this."""
    theirs, ours = jieba_hmm
    for run in ("\u2603\u2603\u2603", "\U00020001", "x\u2603y"):
        assert ours(run) == theirs(run)  # type: ignore[operator]
