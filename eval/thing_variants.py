"""Questions the reports cannot answer because the THING asked is near, not the same: is the refusal kept?

    python -m eval.thing_variants make OUTCOMES.jsonl… --out=VARIANTS.jsonl [--cap=40] [--per-source=3]
    python -m eval.thing_variants score VARIANTS.jsonl SCORED.jsonl [--split=train]
    python -m eval.thing_variants summary SCORED.jsonl [BEFORE_SCORED.jsonl]

The sibling of `eval.counterfactual` (which swaps the place, extent or year asked): `make` reads `eval.question_outcomes
run` files and, from every count, amount or share question answered right with a number (training sets and seed
files; the never-tuned sets are never read), makes variants asking a thing next to the one answered, each of one kind:

- `narrower_class`: a modifier from a short generic list (女, 青年, 农民工, 退休, 外资, 涉外, 农村 …) put right before the
  thing's head noun (a noun of people for the people's modifiers, of bodies, works or cases for the others) — kept
  only where no text of the set says the modifier with that noun and the source's documents never say the modifier;
- `other_measure`: the question's measure swapped for another of the same thing (多少人 → 多少人次, 多少个驿站 → 多少平方米驿站,
  人数 → 人次, 数量 → 金额 …) — kept only where the source's documents state no number in the new unit (or never say
  the new measure word) and no sentence of the set says the new one with the thing's head noun;
- `per_capita`, `share_of`, `growth_of`: the thing asked per head (…人均多少), as a share (…的占比是多少) or as a change
  (…比上年增长了多少) — kept only where no sentence of the set's texts says the head noun with such a word;
- `other_period`: a part of the year (上半年, 第一季度, 1至6月, 前三季度) put after the question's year or before it —
  kept only where the source's documents never name that part of the year in any form and no sentence of the set names
  it with the head noun.

Every check reads the simplified matching view (`index.normalize.match_view`) of the set's whole corpus. `--per-source`
keeps at most that many variants per source question (one per kind), `--cap` at most that many per set and kind (a
fixed sample). A variant's split is its source question's (`eval.splits.split_of`). `score` and `summary` are
`eval.counterfactual`'s, over this module's kinds: a variant is right when it is refused (`found: false`).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from eval.counterfactual import _relevant, _set_path, _thing_words, in_script_of, load_corpus, sources
from eval.counterfactual import score as _score
from eval.counterfactual import summary as _summary
from eval.datasets import load_set
from eval.splits import split_of
from eval.variant_args import split_argv
from index.normalize import match_view, to_simplified
from qa.analysis import Question

SEED = 21
KINDS = ("narrower_class", "other_measure", "per_capita", "share_of", "growth_of", "other_period")
ASKED_KINDS = frozenset({"count", "amount", "share"})

# A narrower class's modifier and the head nouns it may stand before (generic word lists, no sentence of any set).
PEOPLE_NOUNS = (
    "职工",
    "工人",
    "会员",
    "劳动者",
    "员工",
    "人员",
    "居民",
    "学生",
    "教师",
    "干部",
    "农民",
    "人才",
    "志愿者",
    "家庭",
    "老人",
    "儿童",
    "毕业生",
)
PEOPLE_MODIFIERS = ("女", "青年", "农民工", "退休", "残疾", "困难", "农村", "外籍", "少数民族")
BODY_NOUNS = (
    "企业",
    "公司",
    "项目",
    "工会",
    "合同",
    "站点",
    "驿站",
    "学校",
    "医院",
    "基地",
    "案件",
    "工作室",
    "机构",
    "组织",
    "园区",
    "小区",
    "学位",
)
BODY_MODIFIERS = ("外资", "涉外", "新建", "省级", "农村", "困难", "民营", "乡镇")

# A unit asked after 多少/几 and the units of the same thing's other measures tried in its place.
_UNIT_ASKED = re.compile(r"(?:多少|几)(人次|人|名|位|个|家|件|项|所|座|处|宗|份|户|起)(?!次)")
UNIT_SWAPS: dict[str, tuple[str, ...]] = {
    "人": ("人次", "户"),
    "名": ("人次", "户"),
    "位": ("人次",),
    "人次": ("户", "家"),
    "户": ("人次",),
}
# A count of places or buildings asked by their area instead (多少个驿站 → 多少平方米驿站).
_COUNT_SWAPS = ("平方米",)
SITE_NOUNS = (
    "站点",
    "驿站",
    "学校",
    "医院",
    "基地",
    "园区",
    "小区",
    "文化宫",
    "之家",
    "书屋",
    "中心",
    "工作室",
    "服务站",
    "场馆",
)
# A measure noun of the question and the other measures of the same thing tried in its place.
WORD_SWAPS: dict[str, tuple[str, ...]] = {
    "人数": ("人次", "户数"),
    "数量": ("金额", "产值", "面积"),
    "个数": ("面积", "金额"),
    "面积": ("产量", "产值"),
    "产量": ("产值", "面积"),
    "产值": ("产量", "面积"),
    "金额": ("件数", "人次"),
    "投资": ("产值", "面积"),
    "里程": ("投资额", "面积"),
}
# Words that say a share or a change: a sentence saying one with the thing's head may give the variant's figure.
_PER_CAPITA_WORDS = re.compile(r"人均|每人|平均每")
_SHARE_WORDS = re.compile(r"占|比重|比例|%|％|百分之|成以上")
_GROWTH_WORDS = re.compile(r"增长|增加|提高|提升|下降|减少|增速|增幅|降幅|同比|比上年|翻番|倍")
# Parts of a year, each with every form a text writes it in.
PERIODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("上半年", ("上半年", "1-6月", "1至6月", "1～6月", "1~6月", "一至六月", "前两季度", "二季度")),
    ("第一季度", ("一季度", "1-3月", "1至3月", "1～3月", "1~3月", "一至三月", "首季")),
    ("1至6月", ("上半年", "1-6月", "1至6月", "1～6月", "1~6月", "一至六月", "二季度")),
    ("前三季度", ("三季度", "1-9月", "1至9月", "1～9月", "1~9月", "一至九月")),
)
# Time words that date a question already: a part of a year put in would contradict or double them.
_TIMED = re.compile(
    r"今年|去年|前年|明年|上年|本年|当年|目前|现在|截至|截止|以来|年度|季度|半年|年底|年末|年初|\d+月|月份"
)
_YEAR = re.compile(r"(?:19|20)\d{2}年")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
# A question asking a change or a comparison already: another ask on top of it is no question.
_CHANGE_ASKED = re.compile(r"比|增长|增加|减少|下降|提高|降低|增速|增幅|降幅")
_ASK_END = re.compile(r"[？?。！!\s]+$")
_NUMBER = r"\d[\d.,]*\s*(?:万|亿|千|百)?"
# Words that measure a thing and name none (人数 of 入会人数): never the thing's head noun.
_MEASURE_ONLY = frozenset({"人数", "数量", "总数", "总量", "总额", "金额", "规模", "个数", "户数", "人次", "多少"})


@dataclass(frozen=True)
class Texts:
    """What a variant is checked against: the source question's documents and the set's sentences, in the matching
    view (simplified, lowercase)."""

    documents: str
    sentences: tuple[str, ...]

    def said_with(self, noun: str, words: re.Pattern[str]) -> bool:
        """Some sentence of the set says `noun` or its last two characters (收入 of 居民收入: "居民人均可支配收入" says it)
        with a match of `words`."""
        forms = {noun, noun[-2:]}
        return any(any(f in s for f in forms) and words.search(s) for s in self.sentences)


def head_noun(q: Question) -> str | None:
    """The thing's head noun: the last word of two characters or more of the head (`Question.head`) that is no
    measure word (入会 of 劳动者入会人数, 驿站 of 工会驿站), or None."""
    words = [w for w in _thing_words(q.head or q.target) if len(w) >= 2 and w not in _MEASURE_ONLY]
    return match_view(words[-1]).text if words else None


def narrower_class(question: str, q: Question, texts: Texts, rng: random.Random) -> tuple[str, str] | None:
    """A modifier (`PEOPLE_MODIFIERS` before a noun of people, `BODY_MODIFIERS` before a body's) put right before the
    last such noun of the head — where no sentence of the set says the modifier with the noun, the source's documents
    never say the modifier and the question does not already."""
    simplified = to_simplified(question)
    head = q.head or q.target
    at_head = simplified.rfind(head) if head else -1
    if at_head < 0:
        return None
    found = [
        (simplified.rfind(noun, at_head, at_head + len(head)), noun, modifiers)
        for nouns, modifiers in ((PEOPLE_NOUNS, PEOPLE_MODIFIERS), (BODY_NOUNS, BODY_MODIFIERS))
        for noun in nouns
    ]
    found = [f for f in found if f[0] >= 0]
    if not found:
        return None
    at, noun, modifiers = max(found)
    choices = list(modifiers)
    rng.shuffle(choices)
    for modifier in choices:
        if modifier in simplified or modifier in texts.documents:
            continue
        if any(modifier + noun in s or (modifier in s and noun in s) for s in texts.sentences):
            continue
        put = in_script_of(question, modifier)
        return question[:at] + put + question[at:], modifier
    return None


def _unit_stated(text: str, unit: str) -> bool:
    """`text` states a number in `unit` (人 not read inside 人次)."""
    tail = r"(?!次)" if unit == "人" else ""
    return re.search(_NUMBER + re.escape(unit) + tail, text) is not None


def other_measure(question: str, q: Question, texts: Texts, rng: random.Random) -> tuple[str, str] | None:
    """The unit asked after 多少/几 swapped for another measure of the same thing (`UNIT_SWAPS`; a count unit for an
    area, a sum or a weight), or a measure noun of the question for another (`WORD_SWAPS`) — where the source's
    documents state no number in the new unit (never say the new word) and no sentence of the set says it with the
    thing's head noun."""
    noun = head_noun(q)
    if noun is None:
        return None
    simplified = to_simplified(question)
    asked = _UNIT_ASKED.search(simplified)
    if asked is not None:
        unit = asked.group(1)
        swaps = UNIT_SWAPS.get(unit) or (_COUNT_SWAPS if any(n in q.head for n in SITE_NOUNS) else ())
        for new in swaps:
            if _unit_stated(texts.documents, new):
                continue
            if texts.said_with(noun, re.compile(_NUMBER + re.escape(new))):
                continue
            start, end = asked.span(1)
            return question[:start] + in_script_of(question, new) + question[end:], new
        return None
    for word, swaps in WORD_SWAPS.items():
        at = simplified.find(word)
        if at < 0:
            continue
        for new in swaps:
            if new in texts.documents or texts.said_with(noun, re.compile(re.escape(new))):
                continue
            return question[:at] + in_script_of(question, new) + question[at + len(word) :], new
        return None
    return None


def _opening(question: str, q: Question) -> str:
    """The question's year and places as it writes them (2023年甲市), for a question rebuilt on its thing."""
    year = _YEAR.search(question)
    places = "".join(q.text[s:e] for s, e in q.place_spans)
    return (year.group() if year else "") + places


def _thing(q: Question) -> str:
    return re.sub(r"^(?:截至|截止)", "", q.target)


def rebuilt(question: str, q: Question, texts: Texts, kind: str) -> tuple[str, str] | None:
    """The thing asked per head, as a share or as a change (`kind`: per_capita, share_of, growth_of), the question
    rebuilt as its year, places and thing (`Question.target`) with the new ask — where no sentence of the set says the
    thing's head noun with such a word (`_PER_CAPITA_WORDS`, `_SHARE_WORDS`, `_GROWTH_WORDS`)."""
    noun = head_noun(q)
    thing = _thing(q)
    if noun is None or len(thing) < 2 or q.kind == "share" or _CHANGE_ASKED.search(q.text):
        return None
    if to_simplified(question) != question:
        return None  # a traditional-script question: its thing rebuilt from the simplified analysis would be misspelt
    words, ask = {
        "per_capita": (_PER_CAPITA_WORDS, "人均多少？"),
        "share_of": (_SHARE_WORDS, "的占比是多少？"),
        "growth_of": (_GROWTH_WORDS, "比上年增长了多少？"),
    }[kind]
    if words.search(q.text) or texts.said_with(noun, words):
        return None
    new = _opening(question, q) + thing + ask
    return new, ask.rstrip("？")


def other_period(question: str, q: Question, texts: Texts, rng: random.Random) -> tuple[str, str] | None:
    """A part of the year (`PERIODS`) put after the question's year, or before the question — where the question says
    no time word, the source's documents never name the part in any form and no sentence of the set names it with
    the thing's head noun."""
    noun = head_noun(q)
    simplified = to_simplified(question)
    if noun is None or _TIMED.search(simplified):
        return None
    periods = list(PERIODS)
    rng.shuffle(periods)
    for name, forms in periods:
        named = re.compile("|".join(re.escape(f) for f in (name, *forms)))
        if named.search(texts.documents) or texts.said_with(noun, named):
            continue
        year = _YEAR.search(simplified)
        at = year.end() if year else 0
        put = in_script_of(question, name)
        return question[:at] + put + question[at:], name
    return None


def variants(
    question: str, q: Question, texts: Texts, rng: random.Random, per_source: int
) -> list[tuple[str, str, str]]:
    """(kind, question, what was put in) of a count, amount or share question's variants, one per kind, at most
    `per_source` (a fixed sample)."""
    if q.kind not in ASKED_KINDS or q.reason:
        return []
    out: list[tuple[str, str, str]] = []
    if made := narrower_class(question, q, texts, rng):
        out.append(("narrower_class", *made))
    if made := other_measure(question, q, texts, rng):
        out.append(("other_measure", *made))
    for kind in ("per_capita", "share_of", "growth_of"):
        if made := rebuilt(question, q, texts, kind):
            out.append((kind, *made))
    if made := other_period(question, q, texts, rng):
        out.append(("other_period", *made))
    out = [v for v in out if _ASK_END.sub("", v[1]) != _ASK_END.sub("", question)]
    return rng.sample(out, per_source) if len(out) > per_source else out


def make(outcomes: list[Path], out: Path, cap: int, per_source: int) -> None:
    from index.places import Gazetteer
    from qa.analysis import analyze

    gazetteer = Gazetteer.default()
    out.parent.mkdir(parents=True, exist_ok=True)
    total = 0
    with out.open("w", encoding="utf-8") as f:
        for set_name, rows in sources(outcomes):
            rng = random.Random(f"{SEED}:{set_name}")
            corpus = load_corpus(set_name)
            questions = {q.id: q for q in load_set(_set_path(set_name)).questions}
            sentences = tuple(s for view in corpus.views for s in _SENTENCE.findall(view))
            made: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                source = questions.get(row["id"])
                if source is None:
                    continue
                relevant = partial(_relevant, source)
                documents = "\n".join(v for doc_id, v in zip(corpus.ids, corpus.views) if relevant(doc_id))
                if not documents:
                    continue  # no document known: the modifier and the period checks could not be made
                texts = Texts(documents, sentences)
                text = row["question"]
                base = {"set": set_name, "source": row["id"], "split": split_of(row["id"]), "original": text}
                for kind, question, put in variants(text, analyze(text, gazetteer), texts, rng, per_source):
                    made[kind].append(base | {"kind": kind, "question": question, "put": put})
            for kind in KINDS:
                chosen = made[kind]
                if len(chosen) > cap:
                    chosen = random.Random(f"{SEED}:{set_name}:{kind}").sample(chosen, cap)
                for variant in chosen:
                    f.write(json.dumps(variant, ensure_ascii=False) + "\n")
                total += len(chosen)
            print(set_name, {k: len(made[k]) for k in KINDS}, flush=True)
    print(f"wrote {total} variants to {out}")


def main(argv: list[str]) -> None:
    args, options = split_argv(argv)
    if args[:1] == ["make"] and len(args) >= 2:
        out = Path(options.get("out") or "var/eval/thing_variants.jsonl")
        make([Path(a) for a in args[1:]], out, int(options.get("cap") or 40), int(options.get("per-source") or 3))
    elif args[:1] == ["score"] and len(args) == 3:
        _score(Path(args[1]), Path(args[2]), options.get("split") or None)
    elif args[:1] == ["summary"] and len(args) in (2, 3):
        _summary(Path(args[1]), Path(args[2]) if len(args) == 3 else None, KINDS)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
