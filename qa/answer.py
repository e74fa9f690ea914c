"""`Assistant.ask`: question → analysis → hybrid retrieval → scope filter → scored candidates → Answer.

Extractive only. Every candidate answer — a number mention for count/amount/share/date/ordinal questions, a
clause for who/what/how questions — gets the named features of `qa.features`, and one fitted scorer
(`qa.scorer`) ranks them together with an explicit "no answer" candidate: the answer is the best candidate
when it outscores "no answer", else `found: false` with the closest passages still cited. Questions the
assistant cannot answer (no content, comparisons or sums across places) get `found: false` and a reason.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from index.build import outdated
from index.chunking import Chunk
from index.documents import Document
from index.embed import E5_SMALL, Embedder
from index.normalize import TextView, match_view, to_simplified
from index.numbers import NumberMention, date_part
from index.places import Gazetteer, Place, most_specific, places_match
from index.reader import CorpusIndex
from index.segments import (
    SEGMENT_END,
    clause_around,
    clause_spans,
    segment_around,
    segment_bounds,
    sentence_around,
    sentence_spans,
    statement_bounds,
    table_row_bounds,
)
from index.sentence_vectors import BULLETS, dense_text, shown_span
from qa import followup
from qa.analysis import (
    MEASURE_ASKED,
    Question,
    analyze,
    local_places_in,
    local_stems,
    place_words,
    ranks_places,
    word_tag,
)
from qa.answerable import (
    DIMENSION_UNSTATED,
    FROM_TO_ONLY,
    GATE_MODEL,
    LAST_YEAR_UNSTATED,
    REPORT_SCOPE,
    TARGET_UNSTATED,
    THING_KINDS,
    THING_UNSTATED,
    change_unstated,
    from_to_only,
    gate_features,
    group_only,
    in_gate_scope,
    last_year_unstated,
    local_place_unstated,
    other_side_only,
    other_side_reason,
    target_unstated,
    thing_kind_unstated,
    thing_unstated,
)
from qa.config import Settings
from qa.counted_not_named import COUNTED_NOT_NAMED, counted_not_named
from qa.errors import QuestionError  # the error family lives in qa.errors; imported from here too
from qa.features import (
    GRADE_SCALES,
    RESPECTIVELY,
    SENTENCE_KEY,
    Needle,
    Passage,
    asked_core,
    best_sentence_cover,
    distinguishing_words,
    item_features,
    item_place_other,
    kind_before,
    kind_unasked,
    lone_modifiers,
    number_features,
    plain_verbs,
    present_year,
    qualifier_asked,
    relative_features,
    report_form,
    respective_items,
    whole_before_parts,
    without_base,
    word_class,
    work_article,
    years_stated,
)
from qa.given_instead import (
    HEAD_UNSAID,
    PEOPLE_CLASS_UNSAID,
    SIBLING_GIVEN,
    SUM_UNSTATED,
    WHOLE_GIVEN,
    given_instead,
    head_may_be_unsaid,
    may_be_given_instead,
)
from qa.grade_classes import grade_asked
from qa.list_marks import LIST_MARK_ONLY, list_mark_for_rank
from qa.named_body import NAMED_BODY_UNSTATED, body_asked, named_body_unstated, names_body
from qa.parts_given import PARTS_ONLY, parts_may_be_given, parts_only
from qa.people_visits import VISIT_DEPTH, VISITS, VISITS_ONLY, persons_asked, visits_for_persons
from qa.place_scope import (
    EXAMPLE_OF_CLASS,
    EXAMPLES_LISTED,
    GROWTH_ASKED,
    GROWTH_OF_ANOTHER,
    JOINED_IN_ITEM,
    NEAR_DEPTH,
    TERRITORY_CODES,
    WHOLE_UNNAMED,
    NearText,
    example_of_class_only,
    examples_after_only,
    growth_of_another,
    joined_class_only,
    may_be_unstated,
    place_unstated,
    plan_section,
    territory_of,
    whole_unnamed,
)
from qa.report_towns import ReportTowns
from qa.retrieve import Hit, Mode, Retriever
from qa.schemas import (
    Answer,
    CandidateOut,
    CitationOut,
    DocumentSummary,
    DocumentText,
    NumberOut,
    SearchHit,
    SearchResponse,
    SpanOut,
    Turn,
)
from qa.scorer import Model, Scorer, default_scorer, probability
from qa.sibling_measures import own_clause
from qa.sources import ReportPlaces, section_of
from qa.span_features import (
    RANKING,
    SentenceSite,
    Terms,
    answer_type,
    asked_role,
    bearer_named,
    char_cover,
    char_weights,
    clause_features,
    continues,
    dense_features,
    near,
    question_chars,
    role_named,
    sentence_features,
)
from qa.year_items import Near, other_period_beside_year_item

__all__ = [
    "Assistant",
    "Candidate",
    "Needle",
    "QuestionError",
    "clause_around",
    "neighbour_join",
    "segment_around",
    "sentence_around",
]

ANSWER_DEPTH = 20  # place-matching passages searched for a number
SPAN_DEPTH = 5  # passages whose sentences are candidates for a who/what/how answer
# jieba's tags of nouns: n, ns (place), nr (person), nz …; s (a place word), j (an abbreviation).
_NOUN_TAGS = ("n", "s", "j")
TAGGED_SENTENCES = 8  # sentences part-of-speech tagged per question (names, places): bounded cost
DENSE_SENTENCES = 8  # sentences compared (e5) per who/what question, those saying most of it: bounded cost
# The text a sentence is encoded as ("title：sentence", both cut) is index.sentence_vectors.dense_text: the index
# stores every sentence's vector, so `ask` looks them up rather than encoding them.
MAX_NUMBERS = 5
EXPLAIN_TOP = 8
# Mention kinds that can answer each numeric question kind; the scorer weighs the rest.
_ANSWERING_MENTIONS = {
    "count": ("quantity", "range", "other"),
    "amount": ("quantity", "range", "other"),
    "share": ("quantity", "range", "other"),  # other: a ratio (甲乙两组之比 3:5)
    "date": ("year", "date"),
    "ordinal": ("ordinal", "quantity"),
}


@dataclass(slots=True)
class Candidate:
    type: str  # number | span
    score: float
    features: dict[str, float]
    chunk: int  # row in the index
    rank: int  # position among the place-matching hits
    start: int  # the answer's span in the chunk text
    end: int
    mention: NumberMention | None = None
    contributions: dict[str, float] = field(default_factory=dict)
    focus: tuple[int, int] | None = None  # a sentence answer's highlighted clause (chunk text offsets)
    sentence: str = ""  # a number's sentence ("chunk:offset"), which `item_features` compares within


def dimension_only_other(candidates: list[Candidate]) -> bool:
    """The top number is of another dimension than the one asked (`qa.features.dimension_conflict`: a count of teams
    under a question on their 经费, a growth target under "多少亿元") and its sentence holds no figure of the dimension
    asked ("发放救助金N件，金额M万元": the count and the money of one deed — the model weighs them, as before). A figure
    of the dimension asked is in the unit asked or its family: "调拨物资N件，价值M万元" under "多少人" holds none."""
    if not candidates or not candidates[0].features.get("dimension_conflict"):
        return False
    top = candidates[0]
    return not any(
        c.sentence == top.sentence
        and c.mention is not None
        and c.mention.unit
        and not c.features.get("dimension_conflict")
        and (c.features.get("unit_exact", 0.0) > 0 or c.features.get("unit_family", 0.0) > 0)
        for c in candidates[1:]
    )


# The near numbers read for a figure to put before the top one (`asked_dimension_first`, `result_before_plan`).
_REORDER_DEPTH = 5


def asked_dimension_first(found: list[Candidate]) -> None:
    """Where the top number is of another dimension than the one asked (`dimension_conflict`: "献血量N吨" under "多少人
    献血", "发放救助金N件" under 救助金多少钱) and a number of its own sentence is not ("献血M人次", "金额K万元"), that one
    is the figure asked: moved to the top, in place, for the cut to judge (no fitted weight reads the dimension)."""
    top = found[0] if found else None
    if top is None or not top.features.get("dimension_conflict"):
        return
    for i, cand in enumerate(found[1:_REORDER_DEPTH], start=1):
        if (
            cand.sentence == top.sentence
            and cand.mention is not None
            and cand.mention.unit
            and cand.mention.unit not in GRADE_SCALES  # a grade (四级), no count of anything
            and cand.mention.unit != VISITS  # visits under persons: `qa.people_visits` and `qa.measure_asked` read them
            and not cand.features.get("dimension_conflict")
        ):
            found.insert(0, found.pop(i))
            return


def result_before_plan(found: list[Candidate], cut: float) -> None:
    """Where the top number is a plan's and no plan is asked (`plan_unasked`: a 目标任务 column, "计划新建N个"), a number of
    its own sentence or table row after it, in the same unit, that states no plan and clears the cut (the 完成数 beside it,
    "计划新建N个，实际建成M个") is the result asked: moved to the top, in place. Only a figure after the top one: in
    "新增N人，完成目标任务M人的110%（上年同期为K人）" K reads as a plan's (its sentence names one before it), and N, before
    it, is not the answer to a question on 上年. The fitted weight of `plan_unasked` is small beside the cover
    both share; within one row the plan and the result differ in nothing else."""
    top = found[0] if found else None
    if top is None or top.mention is None or not top.features.get("plan_unasked"):
        return
    for i, cand in enumerate(found[1:_REORDER_DEPTH], start=1):
        if (
            cand.sentence == top.sentence
            and cand.mention is not None
            and cand.mention.start > top.mention.start  # a row states its target first, then what was done
            and cand.mention.unit == top.mention.unit
            and not cand.features.get("plan_unasked")
            and cand.score > cut
        ):
            found.insert(0, found.pop(i))
            return


# The near numbers read for the thing's own figure beside a kind's (`kind_beside_thing`).
_KIND_DEPTH = 10


def kind_beside_thing(
    q: Question,
    candidates: list[Candidate],
    names: tuple[str, ...],
    model: Model,
    names_place: Callable[[str], bool] = lambda text: False,
) -> None:
    """A number counting one kind of the thing asked (its subject names a kind the question does not: 春节专项X, 龙头X;
    `kind_before`, `kind_unasked`) that outscores a near number counting the thing itself (拥有X, 全年发放X) and scoring
    above the number model's cut (one the model would give, not a planned addition far under it) is the kind's figure, not
    the thing's: `qualifier_other`, as `narrower_stated` reads a kind beside the thing within one passage, here across
    the near passages; rescored in place. Where no near number counts the thing itself the kind's may be what a user
    calls the thing, and nothing changes. Words before the thing that name a place (`names_place`: "甲、乙两市X合计N")
    are no kind: a place's or a group's figure, which the place rules read."""
    core = asked_core(q.head or q.target, names)
    ranked = sorted(candidates, key=lambda c: -c.score)[:_KIND_DEPTH]
    kinds = [kind_before(c.mention.subject, core) if c.mention is not None else None for c in ranked]
    kinds = [None if kind and names_place(kind) else kind for kind in kinds]
    bare = [
        c.score
        for c, kind in zip(ranked, kinds, strict=True)
        if kind == "" and c.score > model.abstain and not c.features.get("unit_conflict")
    ]
    if not bare:
        return
    for cand, kind in zip(ranked, kinds, strict=True):
        if cand.score > max(bare) and not cand.features.get("qualifier_other") and kind_unasked(kind, q.text):
            cand.features["qualifier_other"] = 1.0
            cand.score = model.logit(cand.features)


# Members of a body counted among a group of people ("发展货车司机会员N人": the drivers who joined, not the drivers).
_MEMBERS_AFTER = re.compile(r"(?:会员|党员)$")
_MEMBERS_ASKED = re.compile(r"会员|党员|入会|入党|工会")


def members_beside_thing(q: Question, candidates: list[Candidate], names: tuple[str, ...], model: Model) -> None:
    """A count of a group of people asked (快递员, no 会员 or 入会 asked) where a number counting the group's members of a
    body (its subject the thing asked and then 会员 or 党员: "快递员会员") outscores a near number counting the group
    itself (its subject ends on the thing: `kind_before` "") scoring above the number model's cut: the members' figure
    is a part of the group's, not the group's — `qualifier_other`, rescored in place, as `kind_beside_thing` reads a
    kind named before the thing. Where no near number counts the group itself nothing changes."""
    if q.kind != "count" or _MEMBERS_ASKED.search(q.text):
        return
    core = asked_core(q.head or q.target, names)
    if len(core) < 2:
        return
    ranked = sorted(candidates, key=lambda c: -c.score)[:_KIND_DEPTH]
    subjects = [c.mention.subject if c.mention is not None else "" for c in ranked]
    bare = [
        c.score
        for c, subject in zip(ranked, subjects, strict=True)
        if kind_before(subject, core) == "" and c.score > model.abstain and not c.features.get("unit_conflict")
    ]
    if not bare:
        return
    for cand, subject in zip(ranked, subjects, strict=True):
        members = _MEMBERS_AFTER.search(subject)
        counts_members = members is not None and subject[: members.start()].endswith(core)
        if counts_members and cand.score > max(bare) and not cand.features.get("qualifier_other"):
            cand.features["qualifier_other"] = 1.0
            cand.score = model.logit(cand.features)


# A title of the nation's own (国家统计局…公报, 全国总工会…, 国务院…) when it names no place.
_NATIONAL_TITLE = re.compile(r"全国|国家|中华人民共和国|中国|全总|国务院|中央")
_BULLETS = BULLETS
# A list sentence's opening scope and verb ("全X现有", "全X已建成"), kept in front of the item it states.
_LEAD_VERB = re.compile(r"^[^,，;；:：、]{0,8}?(?:现有|共有|已有|拥有|建成|累计|共计|达到)")
_LONG_SENTENCE = 60
ANSWER_CHARS = 120  # a sentence answer longer than this is cut to its highlighted clause and the clauses around
# The answer sentence and the best-ranked sentence right before or after it, within this many logits of the sentence
# model, are one answer (`neighbour_join`). Chosen on the train split of CMRC trial and DRCD dev (eval.span_misses
# dumps; 1.5 measured too: docs/answering.md, branch sentrank3).
JOIN_GAP = 1.0


def answer_sentence(chunk: Chunk, mention: NumberMention, place: str) -> str:
    """The sentence stating the number; a long list sentence is cut to its lead verb and the number's own
    item, prefixed with the place asked when the sentence names none:
    "●全县现有…农家书屋120个、…,…、社区食堂18个。" → "某县全县现有社区食堂18个。" (an invented example)."""
    row = table_row_bounds(chunk.text, mention.start, mention.end)
    if row is not None:  # a flattened table row: the whole row, not the cell ("增速: 3%")
        return chunk.text[row[0] : row[1]].strip() + "。"
    sentence = sentence_around(chunk.text, mention.start, mention.end).lstrip(_BULLETS)
    if len(sentence) <= _LONG_SENTENCE:
        return sentence
    left, right = segment_bounds(chunk.text, mention.start, mention.end)
    own_item = chunk.text[left:right].lstrip(_BULLETS)
    item = chunk.text[noun_list_left(chunk.text, left) : right].lstrip(_BULLETS)
    lead_verb = _LEAD_VERB.match(sentence)
    lead = lead_verb.group() if lead_verb and not item.startswith(lead_verb.group()) else ""
    text = lead + item
    # The place goes in front only where the words read as a statement about it (place + "全县现有…").
    reads_as_statement = bool(lead) or bool(mention.subject) and own_item.startswith(mention.subject)
    prefix = place if place and reads_as_statement and place not in text else ""
    return f"{prefix}{text}。"


_LIST_ITEM_CHARS = 16  # a noun of a list, not a clause of its own


def noun_list_left(text: str, left: int) -> int:
    """Where a figure's list item starts once the nouns listed before it are taken in: "慰问甲、乙和丙N人次" counts
    all three, though the 、 ends an item where each has its figure ("奖状3个、奖章11名"). Items holding no digit,
    short, joined by 、 within the clause."""
    while left > 0 and text[left - 1] == "、":
        bounds = [m.end() for m in SEGMENT_END.finditer(text, max(0, left - 1 - _LIST_ITEM_CHARS - 1), left - 1)]
        before = bounds[-1] if bounds else None
        if before is None or re.search(r"\d", text[before : left - 1]):
            break
        left = before
    return left


def answer_window(text: str, start: int, end: int, focus_start: int, focus_end: int, limit: int = ANSWER_CHARS) -> str:
    """The answer text of the sentence text[start:end]: all of it up to `limit` characters, else the focus
    clause with as many of the clauses around it (the next one first) as fit, marked "…" where cut."""
    sentence = text[start:end].strip()
    if len(sentence) <= limit:
        return sentence.lstrip(_BULLETS)
    clauses = [(start + a, start + b) for a, b in clause_spans(text[start:end])] or [(start, end)]
    # Clause ends without their marks: a window runs from a clause's start to the next clause's start.
    edges = [a for a, _ in clauses] + [end]
    first = next((i for i, (a, b) in enumerate(clauses) if b > focus_start), 0)
    last = next((i for i, (a, b) in reversed(list(enumerate(clauses))) if a < focus_end), first)
    first, last = min(first, last), max(first, last)
    while True:
        grown = False
        if last + 1 < len(clauses) and edges[last + 2] - edges[first] <= limit:
            last, grown = last + 1, True
        if first > 0 and edges[last + 1] - edges[first - 1] <= limit:
            first, grown = first - 1, True
        if not grown:
            break
    left, right = edges[first], edges[last + 1]
    if right - left > limit:  # the focus alone is too long: its first `limit` characters
        left = max(left, min(focus_start, right - limit))
        right = left + limit
    window = text[left:right].strip().lstrip(_BULLETS)
    return ("…" if left > edges[0] else "") + window + ("…" if right < end else "")


def joined_sentences(
    text: str, best: tuple[int, int, float], other: tuple[int, int, float], limit: int = ANSWER_CHARS
) -> tuple[int, int] | None:
    """The span of two sentences of `text` (start, end, score of the sentence model), the best first, as one
    answer, or None: when the other is right before or after the best, scores within `JOIN_GAP` of it and
    both fit in `limit` characters. One often restates the question and the other answers it ("该会成立后由谁
    领导？" ↔ "该会于某年成立。首任会长为某某。", an invented example) and the model cannot tell which: the
    answer holds both rather than one by a coin toss."""
    if best[2] - other[2] > JOIN_GAP:
        return None
    first, second = (best, other) if best[0] < other[0] else (other, best)
    if first[1] > second[0] or text[first[1] : second[0]].strip(_BULLETS + "\t\n"):
        return None  # overlapping, or not next to each other
    if second[1] - first[0] > limit:
        return None
    return first[0], second[1]


def neighbour_join(text: str, best: Candidate, candidates: list[Candidate]) -> tuple[int, int] | None:
    """The span of the answer sentence `best` joined with the sentence right before or after it in its passage
    (`text`), or None. When `best` lacks what the question word asks for — a typed one's name, place or time
    (`type_match` 0 where 谁/哪里/何时 asks one), or the noun a 哪/什么 question names (`names_head`: 哪一座山 →
    "…山") — and that neighbour holds it, the answer is both: the best sentence often restates the question with
    a pronoun and its neighbour names the answer. Otherwise the best-ranked sentence right before or after it
    within `JOIN_GAP`, where `joined_sentences` says so — whether or not a sentence elsewhere ranks between them:
    a neighbour that close is as likely the answer's half either way (train splits, docs/answering.md "branch
    sentrank3")."""
    spans = [c for c in candidates[1:] if c.type == "span" and c.chunk == best.chunk]
    for asked in ("type_match", "names_head"):
        if asked == "type_match" and not best.features.get("type_asked") or best.features.get(asked):
            continue
        for other in (c for c in spans if c.features.get(asked)):
            span = joined_sentences(text, (best.start, best.end, best.score), (other.start, other.end, best.score))
            if span is not None:
                return span
    for other in spans:  # best first: the candidates come sorted by score
        if best.score - other.score > JOIN_GAP:
            return None
        span = joined_sentences(text, (best.start, best.end, best.score), (other.start, other.end, other.score))
        if span is not None:
            return span
    return None


NAMED_TOP = 3  # a 谁 question is not refused when one of its first sentences names a person (`_unsaid`)
ROLE_REACH = 10  # characters either side of a role's mention where its bearer's name is looked for (`_unsaid`)


# A continued answer (`continued`) stays within this many characters: the sentences it adds hold the gold less often
# the longer they make it (train split, eval.span_misses dumps: 100 kept most of the gain of 120 for ~2/3 of the length).
CONTINUED_CHARS = 100


def continued(text: str, start: int, end: int, limit: int = CONTINUED_CHARS) -> tuple[int, int]:
    """The answer text[start:end] with the sentence before it when it opens with a pronoun or a connective
    (`continues`: "他随后…", "但…" — the one before names who or what), and then the sentence after it when that
    one opens so (it goes on saying the same thing), each only while the whole fits in `limit` characters.
    Measured on the train split's answers before it was kept: more of them hold the gold, ~9% longer on average
    (docs/answering.md)."""
    spans = sentence_spans(text)
    first = next((i for i, (a, b) in enumerate(spans) if a <= start < b), None)
    last = next((i for i, (a, b) in enumerate(spans) if a < end <= b), None)
    if first is None or last is None:
        return start, end
    if first > 0 and continues(to_simplified(text[start:end])):
        before = shown_start(text, spans[first - 1][0])
        if end - before <= limit:
            start = before
    if last + 1 < len(spans):
        after_start, after_end = spans[last + 1]
        after_end = len(text[:after_end].rstrip())
        if continues(to_simplified(text[after_start:after_end])) and after_end - start <= limit:
            end = after_end
    return start, end


def shown_start(text: str, start: int) -> int:
    """`start` moved past the bullets, tabs and line ends a sentence span may begin with."""
    while start < len(text) and text[start] in _BULLETS + "\t\n ":
        start += 1
    return start


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the answer stage reads of a whole document (`document_facts`)."""

    present: int | None  # the year it reports on (`present_year`)
    genre: bool  # written as a report (`report_genre`)
    years: frozenset[int]  # the years it states (`years_stated`)
    work: bool = False  # a report by `work_article` alone (no report title or numbered headings)


def document_facts(doc: Document | None) -> DocumentFacts:
    """A document's facts from one matching view of its title and text: the view of "title\ntext" is the title's
    view, a line end and the text's (no edit of the view reaches across a line end: glosses, spaces, NFKC and t2s
    all stop at one), so the text's view is cut from it; tests/test_answer_speed.py holds the two equal."""
    if doc is None:
        return DocumentFacts(None, False, frozenset())
    whole = match_view(doc.title + "\n" + doc.text).text
    title = match_view(doc.title).text
    text = whole[len(title) + 1 :] if whole.startswith(title + "\n") else match_view(doc.text).text
    form = report_form(title, text)
    work = not form and work_article(text)
    return DocumentFacts(present_year(whole), form or work, years_stated(whole), work)


# The refusals that read a report's exact wording of the thing asked, not applied where the top candidate's document
# is a report by `work_article` alone (`Assistant.unstated`).
WORK_ARTICLE_EXEMPT: frozenset[str] = frozenset(
    (THING_UNSTATED, HEAD_UNSAID, SUM_UNSTATED, SIBLING_GIVEN, PEOPLE_CLASS_UNSAID, WHOLE_GIVEN, TARGET_UNSTATED)
)

MEMO_ENTRIES = 50_000  # entries per question-independent memo of `Assistant` before it is cleared
SENTENCE_VECTORS = 16_000  # sentence vectors kept (1.5 KB each: ≤ 24 MB) before that memo is cleared


# A compound word of the question (粮食产量) is said where a text holds it with one character inserted (粮食总产量).
_COMPOUND = 4


def said_in(word: str, text: str) -> bool:
    """`word` stands in `text` as written, or, for a compound of `_COMPOUND` characters or more, with one character
    inserted inside it (粮食总产量 says 粮食产量; a short word such as 钓鱼 only as written)."""
    if word in text:
        return True
    if len(word) < _COMPOUND:
        return False
    return any(
        re.search(re.escape(word[:i]) + r"[\u4e00-\u9fff]" + re.escape(word[i:]), text) for i in range(1, len(word))
    )


def _bounded(memo: dict, limit: int | None = None) -> dict:
    """`memo`, emptied first when full: a memo of question-independent results must not grow without bound
    in a long-running server."""
    if len(memo) >= (MEMO_ENTRIES if limit is None else limit):
        memo.clear()
    return memo


# 多长 / 多大 / 多久 (时间) left in the thing asked by the analysis (which reads them as its measure, not its words)
_MEASURE_ASKED = re.compile(rf"有?{MEASURE_ASKED}(?:时间)?")


class Assistant:
    def __init__(
        self,
        index: CorpusIndex,
        embedder: Embedder,
        settings: Settings,
        scorer: Scorer | None = None,
        gate_inputs: bool | None = None,
    ) -> None:
        """`gate_inputs`: compute the gate's own candidate features (default: when the weights hold a gate; the
        trainer asks for them to fit one)."""
        self.index = index
        self.settings = settings
        self.retriever = Retriever(index, embedder, settings)
        self.gazetteer = Gazetteer.default()
        self.report_places = ReportPlaces(index.chunks, index.documents, self.gazetteer)
        self.scorer = scorer or default_scorer()
        self.gate_inputs = GATE_MODEL in self.scorer.models if gate_inputs is None else gate_inputs
        self.prepare = True  # `_prepare` while a question encodes (False: a benchmark's reference)
        self._rrf_max = (settings.bm25_weight + settings.dense_weight) / (settings.rrf_k + 1)
        self._documents: dict[str, DocumentFacts] = {}
        self._report_place_cache: dict[str, list[Place]] = {}
        self._scope_cache: dict[str, str | None] = {}
        # Question-independent work memoised across asks (bounded: cleared when full): a passage's
        # matching views and places, a sentence's places, a text's jieba words.
        self._views: dict[int, tuple[TextView, str, str]] = {}
        self._passage_places: dict[int, frozenset[Place]] = {}
        self._sentence_places: dict[str, tuple[Place, ...]] = {}
        self._item_places: dict[str, tuple[tuple[Place, ...], tuple[str, ...]]] = {}
        self._words: dict[str, tuple[str, ...]] = {}
        self._tags: dict[str, tuple[tuple[str, str], ...]] = {}
        self._needles: dict[str, Needle] = {}
        self._question_terms: dict[str, Terms] = {}
        self._sentence_vectors: dict[str, np.ndarray] = {}  # a sentence's e5 "passage: " vector, read-only
        self._place_counts: dict[str, int] | None = None  # `_corpus_places`
        self._places_about: frozenset[str] = frozenset()  # `_places_spoken_of`
        self._report_towns: ReportTowns | None = None  # `report_towns`

    @classmethod
    def load(cls, settings: Settings, index_dir: Path | None = None, embed_threads: int | None = None) -> Assistant:
        index = CorpusIndex.load(index_dir or settings.index_dir, settings.embed_model, settings.hnsw_ef_search)
        embedder = Embedder(settings.embed_model, threads=embed_threads, backend=settings.embed_backend)
        return cls(index, embedder, settings)

    @property
    def outdated(self) -> list[str]:
        """What this program would build differently from the loaded index (empty when up to date): served with a
        warning, since the index is consistent in itself, but `qa index` should be run."""
        return outdated(self.index.manifest)

    # -- the API faces -------------------------------------------------------------------------------

    def analyse(self, question: str) -> Question:
        """The checked, analysed question (QuestionError for what a client must fix)."""
        if not question or not question.strip():
            raise QuestionError("question is empty")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"question is {len(question)} characters; the limit is {self.settings.max_question_chars}"
            )
        return self._analysed(question)

    def _analysed(self, question: str) -> Question:
        """`question` analysed against the indexed reports: the towns they are about, a city named by an everyday
        word only where a report is about it, a shared district name read as the reports' own."""
        towns = self.report_towns.names()
        q = analyze(question, self.gazetteer, self.index.tokenizer.pos, reported=self._reported, towns=towns)
        if self._opening_word(q):
            q = analyze(question, self.gazetteer, self.index.tokenizer.pos, opening_place=False, towns=towns)
        return self._read_as_the_reports_do(q)

    @property
    def report_towns(self) -> ReportTowns:
        """The towns the indexed reports are about, read from their titles once (on the first question)."""
        if self._report_towns is None:
            documents = self.index.documents
            # the titles without the texts where the index reads them so (`DocumentRows.metadata`)
            light = getattr(documents, "metadata", None)
            titles = (
                ((row["doc_id"], row["title"]) for row in light())
                if light is not None
                else ((doc_id, doc.title) for doc_id, doc in documents.items())
            )
            self._report_towns = ReportTowns.read(
                titles, self.gazetteer, self._document_genre, lambda doc_id: documents[doc_id].text
            )
        return self._report_towns

    def _opening_word(self, q: Question) -> bool:
        """Does the question open on a word that the analysis took for a county only because a county's short name is
        that word, where jieba calls it no noun (成功, 合作, 前进: adjective, verb) and no indexed report is about that
        county? Then it is the word ("成功就业多少人"). A noun (天门, 石首) stays a place: asked about a county the
        reports do not cover, the answer is that they do not say."""
        opening = self.gazetteer.opening_place(q.text)
        if opening is None or q.places != (opening.place,):
            return False
        if word_tag(opening.surface).startswith(_NOUN_TAGS):
            return False
        return self._corpus_places().get(opening.place.adcode, 0) == 0

    def _read_as_the_reports_do(self, q: Question) -> Question:
        """A place name several places share (鼓楼区, 通州区, 中西区), asked with none of its enclosing places, read
        as the one the indexed reports are about: without context the gazetteer falls back on the lowest code,
        which says nothing of the user's reports (a report of 张家口's 桥西区 must answer "桥西区…")."""
        places = list(q.places)
        for i, place in enumerate(places):
            readings = self.gazetteer.readings(place.name)
            if len(readings) < 2:
                continue  # most names: one place
            named = {m.place for m in self.gazetteer.find_normalized(q.text)}
            if named.intersection(self.gazetteer.parents(place)):
                continue  # the question names its city or province (台南中西区)
            counts = self._corpus_places()
            if counts.get(place.adcode, 0) == 0:
                best = max(readings, key=lambda p: counts.get(p.adcode, 0))
                places[i] = best if counts.get(best.adcode, 0) else place
        return q if places == list(q.places) else replace(q, places=tuple(places))

    def _reported(self, place: Place) -> bool:
        """Some indexed report is about `place` or a place inside it."""
        return self._corpus_places().get(place.adcode, 0) > 0

    def _corpus_places(self) -> dict[str, int]:
        """{adcode: chunks about the place or a place inside it}, counted once (on the first question that needs it)."""
        if self._place_counts is None:
            counts: dict[str, int] = {}
            about: set[str] = set()
            reports: set[str] = set()
            for row in range(len(self.index.chunks)):
                doc_id, codes = self.index.chunk_doc_and_places(row)
                if doc_id not in reports:  # its report's places (a passage naming none is about them: `_about_place`)
                    reports.add(doc_id)
                    about.update(p.adcode for p in self._report_place_list(row))
                for code in codes:
                    place = self.gazetteer.get(code)
                    if place is not None:
                        about.add(place.adcode)
                    for p in [place, *self.gazetteer.parents(place)] if place is not None else []:
                        counts[p.adcode] = counts.get(p.adcode, 0) + 1
            self._place_counts, self._places_about = counts, frozenset(about)
        return self._place_counts

    def _places_spoken_of(self) -> frozenset[str]:
        """{adcode}: the places some indexed passage is about (named there, or its section's, article's or report's, and
        its report's title's: `_report_place_list`), without the places around them (`_corpus_places` counts those)."""
        self._corpus_places()
        return self._places_about

    def ask(
        self,
        question: str,
        top_k: int = 5,
        *,
        history: list[Turn] | None = None,
        explain: bool = False,
    ) -> Answer:
        """`history` (earlier turns, oldest first) turns on follow-up questions: qa/followup.py."""
        started = time.perf_counter()
        if not 1 <= top_k <= 50:
            raise QuestionError(f"top_k must be between 1 and 50, got {top_k}")
        q = self.analyse(question)
        if history is not None:
            return followup.ask_in_conversation(
                lambda asked: self.ask(asked, top_k, explain=explain), question, history, self._analysed
            )
        if not q.has_content:
            # Nothing to look up: no passage is cited, none would be related.
            return self._answer(question, q, False, q.reason or "", [], [], None, started, explain, [])
        hits, about, candidates = self.candidates(q, top_k)
        unstated = self.unstated(q, candidates) if q.numeric and not q.reason else None
        if unstated:
            q = replace(q, reason=unstated)
        abstain = self.scorer.abstain("number" if q.numeric else "span")
        best = candidates[0] if candidates and self.gives_top(candidates, abstain) and not q.reason else None
        if best is None and q.numeric and not q.reason and (q.open_date or not self._scoped(q) or self._event_date(q)):
            # 何时/什么时候 with no date stated for it: a period or an event may answer ("宋代", "秋季"), so the
            # sentence model answers as for a what question (the number model found no date to give). So does a
            # number question that names no place, scope or document, asked of a text not written as a report
            # (`_sentence_may_answer`): "高约二十米", "方圆数里" (invented) are said in words the number model reads no
            # candidate from or scores under its cut, and the sentence saying them is the answer.
            sentences = sorted(self._span_candidates(q, about), key=lambda c: -c.score)
            span_abstain = self.scorer.abstain("span")
            if q.open_date:
                abstain = span_abstain
            if (
                sentences
                and sentences[0].score > span_abstain
                and (q.open_date or self._sentence_may_answer(sentences[0]))
                and not self._year_unstated_in(q, sentences[0])
            ):
                best, candidates, abstain = sentences[0], sentences, span_abstain
        if best is not None and best.type == "span" and self._says_none_of_it(q, candidates):
            best = None  # "今天天气怎么样": no sentence says a word of what was asked — no related passage to give
        if best is not None and best.type == "span" and self._misses_the_point(q, best):
            best = None  # "今天适合去钓鱼吗": a report's sentence shares a plain word (适合), not the thing asked
        if best is not None and best.type == "span":
            unsaid = self._unsaid(q, about, candidates)
            if unsaid:  # the role asked is named nowhere, or no passage ranks the places asked about
                best, q = None, replace(q, reason=unsaid)
        if best is not None and best.type == "span" and counted_not_named(q.text, self._sentence_view(best)):
            best, q = None, replace(q, reason=COUNTED_NOT_NAMED)  # "是哪个" answered by "其中一级景区1家"
        # Citations: the passage the answer comes from first, then place-matching ones, then the rest.
        lead = [best.chunk] if best else []
        if best is not None and best.type == "span":
            # A how/what answer often runs on into the next passage (a list): its neighbours come next.
            lead += self._neighbours(best.chunk, {h.chunk for h in about})
        # Place-matching passages in the retrieval order (the answer stage may have read them in another: `candidates`).
        read = {h.chunk for h in about}
        order = lead + [h.chunk for h in hits if h.chunk in read] + [h.chunk for h in hits]
        cited = list(dict.fromkeys(order))[:top_k]
        scores = {h.chunk: h.score for h in hits}
        citations = [self._citation(i + 1, row, scores.get(row, 0.0)) for i, row in enumerate(cited)]

        numbers: list[NumberOut] = []
        span: SpanOut | None = None
        if best is not None and best.type == "number":
            seen: set[tuple[str, int]] = set()  # (document, offset): chunks overlap, a mention is listed once
            for cand in candidates:
                # the top number is the answer the gate (or the cut) let through; the others must clear the cut
                if (cand is not best and cand.score <= abstain) or len(numbers) >= MAX_NUMBERS:
                    break
                m = cand.mention
                if cand.chunk in cited and m is not None:
                    chunk = self.index.chunks[cand.chunk]
                    if (at := (chunk.doc_id, chunk.start + m.start)) in seen:
                        continue
                    seen.add(at)
                    numbers.append(
                        NumberOut(
                            value=m.value,
                            unit=m.unit,
                            text=m.text,
                            qualifier=m.qualifier,
                            subject=m.subject,
                            citation=cited.index(cand.chunk) + 1,
                            start=m.start,
                            end=m.end,
                        )
                    )
        if best is not None:
            text = self.index.chunks[best.chunk].text
            if best.type == "span":
                best = self._with_neighbour(best, candidates)
                best.focus = self._focus(q, best)
            start, end = best.focus or (best.start, best.end)
            span = SpanOut(citation=1, start=start, end=end, text=text[start:end])
        found, answer_text = self._answer_text(q, best)
        if q.reason:
            found, answer_text = False, q.reason
        return self._answer(
            question,
            q,
            found,
            answer_text,
            numbers if found else [],
            citations,
            span if found else None,
            started,
            explain,
            candidates,
            cited,
            abstain,
        )

    def unstated(self, q: Question, candidates: list[Candidate]) -> str | None:
        """Why the reports do not state the figure a numeric question asks (`_unstated`), save a reason of
        `WORK_ARTICLE_EXEMPT` where the top candidate's document is a report by `work_article` alone: a work article's
        users paraphrase it (its headings and bullets name things loosely), so the rules reading its exact wording
        do not refuse there."""
        reason = self._unstated(q, candidates)
        if (
            reason in WORK_ARTICLE_EXEMPT
            and not qualifier_asked(q.text)  # 省级, 农村, 人均…: a class a user names as the text would
            and grade_asked(q) is None  # 四星级, 二等奖: a grade is named as the text names it, not paraphrased
            and candidates
            and self._document_facts(self.index.chunks[candidates[0].chunk].doc_id).work
        ):
            return None
        return reason

    def _unstated(self, q: Question, candidates: list[Candidate]) -> str | None:
        """Why the reports do not state the figure a numeric question asks (`found: false`), by the question-level
        rules of `qa.answerable`, `qa.place_scope` and `qa.given_instead` over its near number candidates (best
        first); None when no rule fires. Shared by `ask` and the gate's training (`eval.train_scorer`: the gate decides the rest)."""
        rows = [c.features for c in candidates]
        if last_year_unstated(q.text, q.kind, q.year, rows):
            return LAST_YEAR_UNSTATED
        if list_mark_for_rank(q.kind, candidates[0].mention.text if candidates and candidates[0].mention else None):
            return LIST_MARK_ONLY  # 排第几 answered by a list's 一是
        if change_unstated(q.text, q.kind, rows):
            return "报告只给出了数字本身，没有给出与比较对象相比的变化。"
        if from_to_only(q, rows):
            return FROM_TO_ONLY  # 增加了多少 under "由N增加到M"
        # 省外 under 省内: before `thing_unstated`, whose reason a work article is exempt from
        if other_side_only(q, rows):
            return other_side_reason(q)
        if thing_unstated(q, rows):
            return THING_UNSTATED
        if local_place_unstated(q, rows):
            return "报告没有提到所问的地方，只给出了它所在地区的数字。"
        if candidates and whole_unnamed(q, self._places_spoken_of):
            return WHOLE_UNNAMED
        if group_only(q, rows):
            return "报告只给出了包括所问地区在内的几个地区的合计数，没有单独给出该地区的数字。"
        if (
            candidates
            and (body := body_asked(q, self._cut))
            and named_body_unstated(q, body, self._near_text(q, candidates[0]))
        ):
            return NAMED_BODY_UNSTATED  # 甲医院's figure asked, the city's given
        # the thing the near numbers count (qa.answerable), then the place, extent or year (qa.place_scope)
        kind = thing_kind_unstated(q, rows)
        if kind:
            return kind
        if dimension_only_other(candidates):  # money asked, a count given (`qa.features.dimension_conflict`)
            return DIMENSION_UNSTATED
        # the top number and, after it, the near ones the model would give (a count of persons far under the cut is
        # no answer the ranking missed)
        cut = self.scorer.abstain("number")
        likely = [c for i, c in enumerate(candidates[:VISIT_DEPTH]) if i == 0 or c.score > cut]
        units = [c.mention.unit if c.mention else "" for c in likely]
        if visits_for_persons(q, units):
            return VISITS_ONLY  # "服务了多少名劳动者" where only "服务劳动者N人次" is given
        if units and units[0] == VISITS and persons_asked(q):  # persons counted near: of the thing, or of another deed
            clauses = [own_clause(n) for n in self._near_texts(q, likely)]
            if visits_for_persons(q, units, clauses, self._needle(q.head or q.target).words):
                return VISITS_ONLY
        if target_unstated(q, rows):
            near = self._near_texts(q, candidates[:1])
            if near and not plan_section(near[0]):  # the work done, not a plan stated under a plan's heading
                return TARGET_UNSTATED
        top = candidates[0].mention if candidates else None
        joined = top is not None and JOINED_IN_ITEM.search(top.subject) is not None
        listed = top is not None and EXAMPLES_LISTED in top.subject
        placed = may_be_unstated(q)
        instead = may_be_given_instead(q) or head_may_be_unsaid(q, rows) or parts_may_be_given(q, rows)
        growth = GROWTH_ASKED.search(q.head) is not None
        if not (joined or listed or placed or instead or growth):
            return None
        # the near numbers' texts (none unless every one is in a report: `_near_texts`), built once for the rules below
        near = self._near_texts(q, candidates)
        if growth and growth_of_another(q, near, rows):  # "甲类产值N亿元，增长M%" of another thing than the one asked
            return GROWTH_OF_ANOTHER
        if joined and joined_class_only(q, near):  # "A残疾及B残疾N人" under a question on B残疾
            return "报告只给出了所问这一类与另一类的合计数，没有单独给出这一类的数字。"
        if listed and example_of_class_only(q, near):  # "A、B等C N吨" under a question on B
            return EXAMPLE_OF_CLASS
        if examples_after_only(q, near):  # "乙园区签约额N亿元，主要涉及A、B和C" under a question on A
            return EXAMPLE_OF_CLASS
        placed_reason = place_unstated(q, near, rows) if placed else None
        # another figure in the place of the one asked: the whole's beside a place named elsewhere, the work done
        words = self._needle(q.head or q.target).words
        if placed_reason:
            return placed_reason
        instead_reason = given_instead(q, near, rows, words)
        if instead_reason:
            return instead_reason
        if parts_only(q, near, words, self._cut):  # the kinds of the thing stated, never the whole
            return PARTS_ONLY
        return None

    @staticmethod
    def _scoped(q: Question) -> bool:
        """The question names where or what its number is of: a place, a scope (全市), a document. A figure the
        reports do not state for it must be refused, not replaced by a sentence about the place."""
        return bool(q.places or q.local_places or q.scope or q.document)

    @staticmethod
    def _event_date(q: Question) -> bool:
        """Any date asked: where it names a place or a document ("X在哪一年并入Y", "《…》于何年颁布") it asks the date of
        an event there, not a figure of the place, so as for an unscoped number question an article's sentence may
        answer where the number model gives no date (`_sentence_may_answer`: never a report's). The callers add the
        place condition where they need it."""
        return q.kind == "date"

    def _sentence_may_answer(self, sentence: Candidate) -> bool:
        """A number question the number model abstains on may take the sentence model's answer when that sentence
        comes from a text not written as a report (`report_genre`: an article, an encyclopedia page). In a report a
        figure it does not state is refused: the sentence would be another figure's."""
        return not self._document_genre(self.index.chunks[sentence.chunk].doc_id)

    def _year_unstated_in(self, q: Question, sentence: Candidate) -> bool:
        """A year asked (`Question.year`) that the sentence's document never states: a text that does not reach that
        year gives no sentence about it (the number candidates read the years of their own sentences)."""
        return q.year is not None and q.year not in self._document_years(self.index.chunks[sentence.chunk].doc_id)

    def _gate(self, candidates: list[Candidate], abstain: float) -> tuple[dict[str, float], float] | None:
        """The answerability gate's features and logit for number candidates (best first), or None when the
        weights have no gate or the question is outside its scope (`qa.answerable.in_gate_scope`, with `abstain`
        the number model's own cut)."""
        gate = self.scorer.models.get(GATE_MODEL)
        if gate is None or not candidates or candidates[0].type != "number":
            return None
        if not in_gate_scope(gate.scope, candidates[0].score, abstain, candidates[0].features):
            return None
        if gate.scope == REPORT_SCOPE and self._document_facts(self.index.chunks[candidates[0].chunk].doc_id).work:
            return (
                None  # a report gate was fitted on documents in a report's form, never on a work article's paraphrases
            )
        values = gate_features([c.score for c in candidates], [c.features for c in candidates])
        return values, gate.logit(values)

    def gives_top(self, candidates: list[Candidate], abstain: float) -> bool:
        """Whether the top candidate is the answer: for numbers the gate's logit above its cut, where the weights
        have a gate and the question is in its scope; else the top candidate's score above the no-answer one's."""
        gated = self._gate(candidates, abstain)
        if gated is not None:
            return gated[1] > self.scorer.models[GATE_MODEL].abstain
        return candidates[0].score > abstain

    def _says_none_of_it(self, q: Question, candidates: list[Candidate]) -> bool:
        """No candidate sentence holds any of the question's content words (`Terms`; "你是谁" has none): the
        passages are the nearest ones, not related ones. (The sentence model's abstain is fitted on questions
        that all have an answer, so it does not catch this.)"""
        return not any(c.features.get("idf_cover", 0.0) > 0.0 for c in candidates if c.type == "span")

    def _misses_the_point(self, q: Question, best: Candidate) -> bool:
        """The answer sentence is a report's and its passage, heading and report title do not say the question's most
        specific word (the content word of the highest idf, places aside: 钓鱼 of 今天适合去钓鱼吗; `said_in`: also
        with one character inserted, 粮食总产量 for 粮食产量): it shares plain words with the question only. Reports
        only: an encyclopedia's question paraphrases its passage."""
        if not self._document_genre(self.index.chunks[best.chunk].doc_id):
            return False
        terms = self._terms(q)
        places = [q.text[s:e].lower() for s, e in q.place_spans]
        weighed = [
            (weight, word)
            for word, weight in zip(terms.words, terms.weights)
            if not any(word in place or place in word for place in places)
        ]
        if not weighed:
            return False
        _, word = max(weighed)
        view, heading, title = self._views_of(best.chunk)
        # the passage's heading and its report's title say what it is about (总工会 of a union's year report)
        return not any(said_in(word, text.lower()) for text in (view.text, heading, title))

    def _unsaid(self, q: Question, about: list[Hit], candidates: list[Candidate]) -> str | None:
        """Why the sentence passages cannot answer, or None: a 谁 question's role ("X的主席是谁" → 主席,
        `asked_role`) is named in none of them, or named with no person beside it ("工会主席述职") — any sentence
        given would be about something else — or the question asks which place ranks first ("哪个市的X最多") and
        none of them ranks anything (`RANKING`) while the question names no place to rank within."""
        texts = [self._passage(hit, rank)[0].view.lower() for rank, hit in enumerate(about[:SPAN_DEPTH])]
        # Only 谁: the attribute a 什么 question names (职业, 原因, 时间) is often not said in the passage that
        # answers it (CMRC trial train: 32 of 130 questions with one), a person's role is (1 of 14).
        role = asked_role(self._pos(q.text)).lower() if answer_type(q.text) == "person" else ""
        if role and any(bearer_named(self._pos(self._sentence_view(c)), q.text) for c in candidates[:NAMED_TOP]):
            role = ""  # a sentence ranked near the top names a person the question does not: the bearer, said so
        if role and not role_named(role, texts, self._cut):
            return f"检索到的段落都没有提到“{role}”，报告中没有找到答案。"
        if role:
            # 谁 asks the role's bearer: a person must be named right beside the role somewhere ("主席张某", "张某任
            # 主席"); "工会主席述职" names none. Only the few characters around each mention are tagged: bounded.
            windows = [w for text in texts for w in near(text, role, ROLE_REACH)]
            if windows and not any(bearer_named(self._pos(w), q.text) for w in windows[:TAGGED_SENTENCES]):
                return f"检索到的段落提到了“{role}”，但没有说是谁。"
        # Which place ranks first with no place named around them ("哪个市的X最多") compares reports of different
        # places, which the assistant does not do, unless a passage ranks them itself. Within a named place
        # ("某市哪个区县X最多") its report's list of districts' figures answers (the report sets ask so).
        ranking = ranks_places(q.text) and not q.places and not q.local_places
        if ranking and not any(RANKING.search(text) for text in texts):
            return "检索到的段落没有对各地作比较或排名，无法回答哪一个最多或最少。"
        return None

    def _sentence_view(self, cand: Candidate) -> str:
        """A candidate's text in the matching view (simplified: what the tagger and features read)."""
        return match_view(self.index.chunks[cand.chunk].text[cand.start : cand.end]).text

    def _answer(
        self,
        question: str,
        q: Question,
        found: bool,
        text: str,
        numbers: list[NumberOut],
        citations: list[CitationOut],
        span: SpanOut | None,
        started: float,
        explain: bool,
        candidates: list[Candidate],
        cited: list[int] | None = None,
        abstain: float | None = None,
    ) -> Answer:
        return Answer(
            question=question,
            found=found,
            answer=text,
            numbers=numbers,
            citations=citations,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            kind=q.kind,
            reason=q.reason,
            span=span,
            explain=self._explain(q, candidates, cited or [], abstain) if explain else None,
        )

    def candidates(self, q: Question, top_k: int = 5) -> tuple[list[Hit], list[Hit], list[Candidate]]:
        """Retrieval hits, those about the scope asked, and every admissible candidate scored, best first.
        Shared by `ask` and the scorer's training script, so the weights are fitted on what `ask` sees."""
        depth = max(self.settings.candidate_depth, top_k)
        hits, pool = self.retriever.search_with_passages(
            q.search_text,
            depth,
            meanwhile=(lambda rows, until: self._prepare(q, rows, until)) if self.prepare else None,
        )
        about = [h for h in pool if self._about_place(q, h.chunk)]
        if not about and q.places and (not q.numeric or self._event_date(q)):
            about = self._about_name(q, pool)
        if q.numeric:
            found = self._number_candidates(q, about)
        else:
            found = self._span_candidates(q, about)
        found.sort(key=lambda c: -c.score)
        while found and self._article_one(found[0]):
            found.pop(0)
        if q.numeric:
            result_before_plan(found, self.scorer.abstain("number"))
            asked_dimension_first(found)
        if q.numeric and found and (body := body_asked(q, self._cut)):
            found = self._body_first(q, body, found)
        return hits, about, found

    def _article_one(self, cand: Candidate) -> bool:
        """A report's lone 一 with a measure word (走进…的一座驿站, 一批企业: `index.numbers` reads it as an article, kind
        "other") is no count to answer with: a report states its counts in figures. Only at the top: its slogans' and
        structures' counts (四个“加法”, 三级网络) are answers, and a lone 一 below the top moves nothing."""
        m = cand.mention
        return (
            m is not None
            and m.kind == "other"
            and m.text.startswith("一")
            and m.value == 1
            and self._document_facts(self.index.chunks[cand.chunk].doc_id).genre
        )

    def _body_first(self, q: Question, body: str, found: list[Candidate]) -> list[Candidate]:
        """The near number candidates whose statement names the body asked (`qa.named_body`: 甲医院 of "甲医院有多少
        职工书屋"), over the number model's cut, before the others, each group in score order. A body is a scope as a
        place is, but no fitted feature reads it: the whole's figure outranks the body's where both count the thing."""
        cut = self.scorer.abstain("number")
        near = found[:NEAR_DEPTH]
        named = [c for c in near if c.type == "number" and c.score > cut and names_body(body, self._near_text(q, c))]
        if not named or named[0] is found[0]:
            return found
        return named + [c for c in found if all(c is not n for n in named)]

    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> SearchResponse:
        hits = self.retriever.search(query, k, mode)
        out = []
        for h in hits:
            chunk = self.index.chunks[h.chunk]
            out.append(
                SearchHit(
                    doc_id=chunk.doc_id,
                    chunk_id=chunk.chunk_id,
                    title=self.index.documents[chunk.doc_id].title,
                    text=chunk.text,
                    # The score that ordered the hits: the fitted fusion's, on its 0..1 scale, in hybrid mode.
                    score=h.score
                    if h.fitted is None or self.retriever.fusion is None
                    else self.retriever.fusion.unit(h.fitted),
                    bm25_rank=h.bm25_rank,
                    dense_rank=h.dense_rank,
                )
            )
        return SearchResponse(hits=out)

    def documents(self) -> list[DocumentSummary]:
        counts = self.index.chunk_counts()  # from the chunk table: no chunk parsed (the API lists via web/uploads.py)
        return [
            DocumentSummary(doc_id=d.doc_id, title=d.title, chars=len(d.text), chunks=counts.get(d.doc_id, 0))
            for d in self.index.documents.values()
        ]

    def document(self, doc_id: str) -> DocumentText | None:
        doc = self.index.documents.get(doc_id)
        return DocumentText(doc_id=doc.doc_id, title=doc.title, text=doc.text) if doc else None

    # -- the parts -------------------------------------------------------------------------------------

    def _prepare(self, q: Question, rows: Sequence[int], until: float) -> None:
        """While the question encodes (the engine runs without the GIL, this thread would only wait): what the answer
        stage will read of the question and of the passages BM25 ranks first, into the memos it reads them from,
        until `until` (time.perf_counter()). Only question-independent memos and the question's own words: every
        answer is the same whatever this gets done; at 100k chunks most passages read are read for the first time."""
        steps = self._preparation(q, rows)
        while time.perf_counter() < until and next(steps, False):
            pass

    def _preparation(self, q: Question, rows: Sequence[int]) -> Iterator[bool]:
        """`_prepare`'s steps, one per iteration, most useful first."""
        if q.numeric:
            self._needle(q.head or q.target)
            yield True
            self._needle(q.target)
            if q.kind in THING_KINDS:  # the thing's tags (its plain verbs and one-character modifiers)
                yield True
                self._pos(q.head or q.target)
        else:
            self._terms(q)
            yield True
            self._needle(q.target)
        yield True
        for row in rows[: ANSWER_DEPTH if q.numeric else SPAN_DEPTH]:
            # Not its report's place (`_report_place_list`, a citation's place): `ReportPlaces.place` keeps the first
            # place it finds for a report, and the row it starts from orders places of equal weight.
            self._views_of(row)
            yield True
            if q.numeric:
                self._document_facts(self.index.chunks[row].doc_id)
                yield True
                if q.places:
                    self._places_in_passage(row, self._views_of(row)[0].text)
                    yield True
        if not q.numeric:
            # The span stage tags the sentences saying most of the question among its first passages: those of
            # BM25's first passages, chosen the same way, are most of them (the fused order mostly keeps them).
            for text in self._likely_tagged(q, rows[:SPAN_DEPTH]):
                self._pos(text)
                yield True

    def _likely_tagged(self, q: Question, rows: Sequence[int]) -> list[str]:
        """The sentences `_span_candidates` would tag were `rows` its passages (by cover of the question's words,
        then passage order): what `_prepare` tags while the question encodes."""
        terms = self._terms(q)
        found = []
        for rank, row in enumerate(rows):
            view = self._views_of(row)[0].text
            for s, e in sentence_spans(view):
                found.append((-terms.cover(view[s:e].lower()), rank, view[s:e]))
        found.sort(key=lambda f: f[:2])
        return [text for *_, text in found[:TAGGED_SENTENCES]]

    def _neighbours(self, row: int, allowed: set[int]) -> list[int]:
        doc_id = self.index.chunks[row].doc_id
        return [
            r
            for r in (row + 1, row - 1)
            if r in allowed and 0 <= r < len(self.index.chunks) and self.index.chunks[r].doc_id == doc_id
        ]

    def _about_place(self, q: Question, row: int) -> bool:
        """A passage is about the places it names; one that names none (a later section of a report that
        names its place only in its title) is about its report's place."""
        if q.local_places:
            chunk = self.index.chunks[row]
            # A place the gazetteer lacks (a town, a city of another system): the passage or its report's title must name it.
            title = self.index.documents[chunk.doc_id].title if chunk.doc_id in self.index.documents else ""
            where = match_view(title + "\n" + chunk.heading + "\n" + chunk.text).text
            if not any(stem in where for stem in local_stems(q.local_places)):
                return False
        if not q.places:
            return True
        # Its places alone, not the whole chunk: this runs for every hit (50), the answer stage reads fewer.
        _, places = self.index.chunk_doc_and_places(row)
        about = [p for p in (self.gazetteer.get(code) for code in places) if p is not None]
        return places_match(q.places, about or self._report_place_list(row), self.gazetteer)

    def _about_name(self, q: Question, pool: list[Hit]) -> list[Hit]:
        """For a who/what/how question none of whose passages is about the place it names: the passages that hold
        the longer word the place name is part of in the question (`place_words`: a pass, a company, a plant or a
        person named after a place: 玉山杜鹃, 陈永康) — the passages did not read it as a place, so neither is the
        question's. A number question keeps the scope filter alone (a report's figure must be the place's), but for a
        date asked (`_event_date`: an event's date, which only an article's sentence may give)."""
        words = place_words(q.text, q.place_spans)
        if not words:
            return []
        out = []
        for hit in pool:
            chunk = self.index.chunks[hit.chunk]
            title = self.index.documents[chunk.doc_id].title if chunk.doc_id in self.index.documents else ""
            where = match_view(title + "\n" + chunk.text).text
            if any(word in where for word in words):
                out.append(hit)
        return out

    def _report_narrower(self, q: Question, row: int) -> bool:
        """The passage's report is about places inside the one asked, not that place (a district's report
        for a province's question): its figures are the district's."""
        about = self._report_place_list(row) if q.places else []
        return bool(about) and all(
            b not in q.places and any(self.gazetteer.within(b, a) for a in q.places) for b in about
        )

    def _report_wider(self, q: Question, row: int) -> bool:
        """The passage's report is about a place around the one asked (a prefecture's report for one of its
        cities' question): an undated, unplaced figure of it is the whole's, not the place's."""
        about = self._report_place_list(row) if q.places else []
        return bool(about) and all(
            b not in q.places and any(self.gazetteer.within(a, b) for a in q.places) for b in about
        )

    def _document_scope(self, doc_id: str) -> str | None:
        """The extent a document's title gives: 全国 for a national one (国家统计局…, 全国总工会…), else that of
        the place it names (a province's 全省, a city's 全市, a county's 全县)."""
        if doc_id not in self._scope_cache:
            doc = self.index.documents.get(doc_id)
            title = match_view(doc.title).text if doc else ""
            places = [m.place for m in self.gazetteer.find_normalized(title)]
            scope = None
            if places:
                place = min(places, key=lambda p: p.level)
                scope = (
                    "全省"
                    if place.level == 0
                    else "全县"
                    if place.name.endswith("县")
                    else "全区"
                    if place.name.endswith("区")
                    else "全市"
                )
            elif _NATIONAL_TITLE.search(title):
                scope = "全国"
            self._scope_cache[doc_id] = scope
        return self._scope_cache[doc_id]

    def _near_texts(self, q: Question, candidates: list[Candidate]) -> list[NearText]:
        """The texts of the near number candidates (best first) that the place and scope rules read
        (`qa.place_scope`); none where a near candidate's document is not written as a report and no territory is
        asked: every other rule reads reports only, and building a passage's matching view costs."""
        near = candidates[:NEAR_DEPTH]
        if q.scope not in TERRITORY_CODES and not all(
            self._document_genre(self.index.chunks[c.chunk].doc_id) for c in near
        ):
            return []
        return [self._near_text(q, c) for c in near]

    def _near_text(self, q: Question, c: Candidate) -> NearText:
        """One number candidate's texts in the matching view (`NearText`), whatever its document's genre."""
        chunk = self.index.chunks[c.chunk]
        view, heading, title_view = self._views_of(c.chunk)
        start, end = view.span_to_view(c.start, c.end)
        left, right = statement_bounds(view.text, start, end)
        territory = (
            territory_of([m.place for m in self.gazetteer.find_normalized(title_view)])
            if q.scope in TERRITORY_CODES
            else None
        )
        return NearText(
            statement=view.text[left:right],
            before=view.text[left:start],
            passage=view.text,
            heading=heading,
            title=title_view,
            territory=territory,
            present=self._document_present(chunk.doc_id),
            start=left,
            report=self._document_genre(chunk.doc_id),
            town=town.name if (town := self.report_towns.of(chunk.doc_id)) else None,
            extent=self._document_scope(chunk.doc_id) if q.scope == "全省" else None,
        )

    def _report_place_list(self, row: int) -> list[Place]:
        """The places a passage's report is about: its citation's places without those that only enclose another
        (a title "甲市乙区…" is the district's report; the city is named to locate it)."""
        doc_id, _ = self.index.chunk_doc_and_places(row)
        if doc_id not in self._report_place_cache:
            names = self.report_places.place(row)
            found = [m.place for m in self.gazetteer.find(names)] if names else []
            self._report_place_cache[doc_id] = most_specific(found, self.gazetteer)
        return self._report_place_cache[doc_id]

    def _document_facts(self, doc_id: str) -> DocumentFacts:
        """What the answer stage reads of a whole document, computed once per document from one matching view of
        it: at 100k chunks nearly every passage a number question reads is of a document not read before, and its
        view (~0.3 ms for a report of 6,000 characters) was built once for each fact."""
        facts = self._documents.get(doc_id)
        if facts is None:
            facts = document_facts(self.index.documents.get(doc_id))
            self._documents[doc_id] = facts
        return facts

    def _document_years(self, doc_id: str) -> frozenset[int]:
        """The years a document states (title and text)."""
        return self._document_facts(doc_id).years

    def _document_present(self, doc_id: str) -> int | None:
        """The year a document reports on (`present_year`: the year it states most)."""
        return self._document_facts(doc_id).present

    def _document_genre(self, doc_id: str) -> bool:
        """Whether a document is written as a report (`report_genre`)."""
        return self._document_facts(doc_id).genre

    def _report_elsewhere(self, q: Question, row: int) -> bool:
        """The report the passage belongs to is about other places than the one asked (a county's report
        that names the asked city as a destination), and so is the passage itself — its first place, the one
        it is about (a magazine's section about one more county is about that county): its figures are
        that report's place's."""
        if not q.places:
            return False
        own = self.gazetteer.get(self.index.chunks[row].places[0]) if self.index.chunks[row].places else None
        if own is not None and places_match(q.places, [own], self.gazetteer):
            return False
        about = self._report_place_list(row)
        return bool(about) and not any(
            self.gazetteer.within(b, a) or self.gazetteer.within(a, b) for a in q.places for b in about
        )

    def _needle(self, text: str) -> Needle:
        # The memoised cut: the same texts are cut again by each stage (the number stage's head and target, the
        # highlight's clauses after the sentence stage).
        needle = self._needles.get(text)
        if needle is None:
            needle = Needle.of(text, self._cut, self._pos)
            _bounded(self._needles)[text] = needle
        return needle

    def _views_of(self, row: int) -> tuple[TextView, str, str]:
        """A passage's matching views: of its text, its heading and its document's title, once per passage."""
        # Read once, kept in a local: another request's thread may empty a full memo between two reads.
        memo = self._views.get(row)
        if memo is None:
            chunk = self.index.chunks[row]
            title = self.index.documents[chunk.doc_id].title if chunk.doc_id in self.index.documents else ""
            memo = (match_view(chunk.text), match_view(chunk.heading).text, match_view(title).text)
            _bounded(self._views)[row] = memo
        return memo

    def _passage(self, hit: Hit, rank: int) -> tuple[Passage, TextView]:
        view, heading, title_view = self._views_of(hit.chunk)
        return Passage(
            view=view.text,
            heading=heading,
            rank=rank,
            fused=min(1.0, hit.score / self._rrf_max),
            title=title_view,
        ), view

    def _places_in_passage(self, row: int, view: str) -> frozenset[Place]:
        """The places a passage's matching view names (as `Gazetteer.find_normalized`), once per passage."""
        places = self._passage_places.get(row)
        if places is None:
            places = frozenset(m.place for m in self.gazetteer.find_normalized(view))
            _bounded(self._passage_places)[row] = places
        return places

    def _places_in_sentence(self, sentence: str) -> tuple[Place, ...]:
        """The places a (matching-view) sentence names, strictly (`Gazetteer.find_normalized`), once per text."""
        found = self._sentence_places.get(sentence)
        if found is None:
            found = tuple(m.place for m in self.gazetteer.find_normalized(sentence, strict=True))
            _bounded(self._sentence_places)[sentence] = found
        return found

    def _names_others(self, q: Question, sentence: str) -> bool:
        """The sentence names a place besides the one asked and those around it (a figure broken down by place)."""
        return any(
            p not in q.places and not any(self.gazetteer.within(a, p) for a in q.places)
            for p in self._places_in_sentence(sentence)
        )

    def _item_elsewhere(self, q: Question, names: tuple[str, ...], item: str) -> bool:
        """`item_place_other` for a number's own list item or row (its places found strictly, once per text)."""
        found = self._item_places.get(item)
        if found is None:
            mentions = self.gazetteer.find_normalized(item, strict=True)
            found = (tuple(m.place for m in mentions), local_places_in(item, mentions))
            _bounded(self._item_places)[item] = found
        return bool(item_place_other(names, q.places, item, found[0], found[1], self.gazetteer.within))

    def _cut(self, text: str) -> list[str]:
        """The tokenizer's words of `text`, once per text: mention subjects recur across passages and asks."""
        words = self._words.get(text)
        if words is None:
            words = tuple(self.index.tokenizer.cut(text))
            _bounded(self._words)[text] = words
        return list(words)

    def _pos(self, text: str) -> list[tuple[str, str]]:
        """The tokenizer's part-of-speech tags of `text`, once per text: the answer sentence's clauses are tagged
        again for its highlight, and questions and their passages recur."""
        tags = self._tags.get(text)
        if tags is None:
            tags = tuple(self.index.tokenizer.pos(text))
            _bounded(self._tags)[text] = tags
        return list(tags)

    def _similarities(
        self, question: str, sentences: list[str], sites: list[tuple[int, int]] | None = None
    ) -> list[float]:
        """Cosine of the question's e5 vector (the retriever's, already encoded for the search) and each
        sentence's: looked up in the index's sentence table by `sites` (chunk row, sentence index), else encoded
        once per text in one batch for those not yet seen (an index built without the table). Both give the
        same vector, bit for bit (index.sentence_vectors)."""
        query = self.retriever.query_vector(question)
        vectors: dict[str, np.ndarray] = {}
        table = self.index.sentences
        for n, text in enumerate(sentences):
            vector = table.vector(*sites[n], text) if table is not None and sites is not None else None
            if vector is None:
                vector = self._sentence_vectors.get(text)  # read once: another thread may clear a full memo
            if vector is not None:
                vectors[text] = vector
        missing = [t for t in dict.fromkeys(sentences) if t not in vectors]
        if missing:
            for text, vector in zip(missing, self.retriever.embedder.encode_documents(missing)):
                vector.setflags(write=False)
                vectors[text] = vector
                _bounded(self._sentence_vectors, SENTENCE_VECTORS)[text] = vector
        return [float(vectors[t] @ query) for t in sentences]

    def _place_names(self, q: Question) -> tuple[str, ...]:
        names = {q.text[s:e] for s, e in q.place_spans} | set(local_stems(q.local_places))
        for place in q.places:
            names.add(place.name)
        return tuple(n for n in names if n)

    def _admissible(self, q: Question, features: dict[str, float]) -> bool:
        """Scope is a constraint, not a preference: a national question is answered only by a sentence about
        the nation (not a province's figure), a question about one year not by a sentence about another."""
        if q.scope == "全国" and not q.places and not features.get("scope_match"):
            return False
        if q.scope == "全省" and not q.places and features.get("scope_other"):
            return False  # a province's question not by a sentence of a city's or a county's whole ("全市现有…")
        if features.get("scope_wider") and not features.get("place_in_sentence"):
            return False  # and a place's question not by the nation's (or the province's) figure,
        if features.get("report_elsewhere") and (not features.get("place_in_sentence") or features.get("place_listed")):
            return False  # nor by another place's report that names the place asked only in a list, or not here
        if features.get("share_for_money"):
            return False  # "多少钱" is not answered by a share ("占总收入78%")
        return not features.get("year_conflict")

    def _number_candidates(self, q: Question, about: list[Hit]) -> list[Candidate]:
        head, target = self._needle(q.head or q.target), self._needle(q.target)
        thing = self._needle(bare) if (bare := without_base(q.target)) != q.target else target
        kinds = _ANSWERING_MENTIONS.get(q.kind, ("quantity",))
        names = self._place_names(q)
        model = self.scorer.model("number")
        scope_cache: dict[str, tuple[bool, bool]] = {}
        # Each word of the thing asked tagged alone (memoised): the gate's per-class unsaid words — computed only
        # for a gate (no gate in the weights: no tagging and no per-candidate word scan on the query path).
        classes = (
            tuple(word_class(tags[-1][1]) if (tags := self._pos(w)) else "noun" for w in head.words)
            if self.gate_inputs
            else ()
        )
        # The words that tell the thing asked from its neighbours, for the rule `qa.answerable.thing_unstated`.
        thing_text = q.head or q.target
        distinct = (
            distinguishing_words(
                head.words,
                names,
                q.text,
                q.place_spans,
                plain_verbs(thing_text.lower(), self._pos(thing_text), head.words),
            )
            if q.kind in THING_KINDS and len(head.words) > 1
            else ()
        )
        # and its one-character modifiers (女 of 女会员), for the rule `qa.answerable.lone_modifier_unstated`
        lone = lone_modifiers(self._pos(thing_text)) if q.kind in THING_KINDS else ()

        def scope_of(sentence: str) -> tuple[bool, bool]:
            """(elsewhere, part): the sentence names places and none is the one asked — in a passage about
            several places (a table's rows, a list of districts) another place's figure, dropped like another
            year's; or it names only places inside the one asked — likely a district's figure, not the whole
            place's: a feature (`sub_place`), not a rule, as "省总工会…分赴A市、B市…" speaks for the whole."""
            if sentence not in scope_cache:
                found = list(self._places_in_sentence(sentence))
                elsewhere = bool(found) and not places_match(q.places, found, self.gazetteer)
                asked = {p.adcode for p in q.places}
                part = bool(found) and not elsewhere and all(p.adcode not in asked for p in found)
                scope_cache[sentence] = (elsewhere, part)
            return scope_cache[sentence]

        out = []
        for rank, hit in enumerate(about[:ANSWER_DEPTH]):
            chunk = self.index.chunks[hit.chunk]
            passage, view = self._passage(hit, rank)
            best_sentence = best_sentence_cover(head, passage.view)
            # A passage about several places of its own (a table's rows, a list of districts).
            mentioned = set(self._places_in_passage(hit.chunk, passage.view)) if q.places else set()
            several = len(mentioned) > 2
            # Sentences are scanned for places only where the passage names some besides the ones asked.
            scan = bool(mentioned - set(q.places))
            document_years = self._document_years(chunk.doc_id) if q.year is not None else frozenset()
            document_present = self._document_present(chunk.doc_id)
            report_elsewhere = self._report_elsewhere(q, hit.chunk)
            report_narrower = self._report_narrower(q, hit.chunk)
            report_wider = self._report_wider(q, hit.chunk)
            document_scope = self._document_scope(chunk.doc_id) if q.scope else None
            respective = (
                respective_items(
                    passage.view, [view.span_to_view(m.start, m.end) for m in chunk.numbers if m.kind != "identifier"]
                )
                if RESPECTIVELY.search(passage.view)  # most passages list nothing "respectively": no offsets mapped
                else {}
            )
            for m in chunk.numbers:
                if m.kind not in kinds:
                    continue
                if q.kind == "date":
                    m = date_part(m, q.date_part or "year") or m  # 2015年6月9日 answers 几月 with 6月
                # Features read the matching view: the mention's offsets there (a view may drop glosses).
                start, end = view.span_to_view(m.start, m.end)
                in_view = m if (start, end) == (m.start, m.end) else replace(m, start=start, end=end)
                # a sentence, or a flattened table's whole row (its label names the place)
                row_left, row_right = statement_bounds(passage.view, start, end)
                said = passage.view[row_left:row_right]
                elsewhere, part = scope_of(said) if scan else (False, False)
                if part and whole_before_parts(said, end - row_left):
                    # "全市共有N人，其中A县x人…": the places name the parts after the whole, not this number's
                    part = bool(self._places_in_sentence(said[: end - row_left]))
                item_elsewhere = bool(q.places or q.local_places) and self._item_elsewhere(
                    q, names, segment_around(passage.view, start, end)
                )
                values = number_features(
                    q,
                    head,
                    target,
                    in_view,
                    passage,
                    names,
                    self._cut,
                    best_sentence,
                    document_years,
                    part,
                    report_elsewhere,
                    document_scope,
                    report_narrower,
                    respective.get(start),
                    item_elsewhere,
                    bool(names) and self._names_others(q, said),
                    report_wider,
                    document_present,
                    classes,
                    self._document_genre(chunk.doc_id) if classes or len(distinct) > 1 else False,
                    thing,
                    distinguishing=distinct,
                    lone=lone,
                )
                if not self._admissible(q, values):
                    continue
                if several and elsewhere:
                    continue
                out.append(Candidate("number", 0.0, values, hit.chunk, rank, m.start, m.end, m))
        # Each number against the others of the question (how it covers the thing asked beside the best), then scored.
        documents = [self.index.chunks[c.chunk].doc_id for c in out]
        # and against the other numbers of its own sentence (how its own item names the thing beside theirs)
        # (where it stands is no feature: it leaves the features for the candidate's own field)
        for c in out:
            c.sentence = f"{c.chunk}:{c.features.pop(SENTENCE_KEY, -1.0):.0f}"
        sentences = [c.sentence for c in out]
        rows = [c.features for c in out]
        for cand, relative, item in zip(out, relative_features(rows, documents), item_features(rows, sentences)):
            cand.features.update(relative)
            cand.features.update(item)
            cand.score = model.logit(cand.features)
        if q.kind in THING_KINDS:
            kind_beside_thing(q, out, names, model, lambda text: bool(self.gazetteer.find(text)))
            members_beside_thing(q, out, names, model)
        # a year asked of a multi-year run: the run's total or the present year's figure is another period's
        periods = [Near(c.sentence, c.mention.unit if c.mention else "", c.features, c.score) for c in out]
        for k in other_period_beside_year_item(q.year, periods, model.abstain):
            out[k].features["year_attached_other"] = 1.0
            out[k].score = model.logit(out[k].features)
        return out

    def _span_candidates(self, q: Question, about: list[Hit]) -> list[Candidate]:
        """Every sentence of the passages about the scope asked, scored as the answer (model "span")."""
        terms = self._terms(q)
        needle = self._needle(q.target)
        names = self._place_names(q)
        model = self.scorer.model("span")
        rows = []  # (hit, rank, passage, view, start, end, site, cover)
        for rank, hit in enumerate(about[:SPAN_DEPTH]):
            passage, view = self._passage(hit, rank)
            spans = sentence_spans(passage.view)
            texts = [passage.view[s:e] for s, e in spans]
            for i, (s, e) in enumerate(spans):
                site = SentenceSite(texts[i], texts[i - 1] if i else "", texts[i + 1] if i + 1 < len(texts) else "", i)
                rows.append((hit, rank, passage, view, s, e, site, terms.cover(site.text.lower())))
        if not rows:
            return []
        best_cover = max(r[7] for r in rows)
        passage_best: dict[int, float] = {}
        passage_cover: dict[int, float] = {}
        for hit, _, passage, *_rest, cover in rows:
            passage_best[hit.chunk] = max(passage_best.get(hit.chunk, 0.0), cover)
            if hit.chunk not in passage_cover:
                passage_cover[hit.chunk] = terms.cover(passage.view.lower())
        # Part-of-speech tags (names, places, times) only for the sentences saying most of the question: bounded.
        by_cover = sorted(range(len(rows)), key=lambda k: (-rows[k][7], rows[k][1]))
        tagged = {k: self._pos(rows[k][6].text) for k in by_cover[:TAGGED_SENTENCES]}
        # The meaning of the question against the sentences saying most of it (the text as written, after its
        # document's title: the passages were encoded so): an e5 vector per sentence, the costliest feature, so
        # for a few only.
        # The weights were fitted on e5's cosines: another model's (an index built with MiniLM) are not read.
        dense_order = by_cover[:DENSE_SENTENCES] if self.retriever.embedder.name == E5_SMALL else []
        shown = []
        for k in dense_order:
            hit, view, s, e = rows[k][0], rows[k][3], rows[k][4], rows[k][5]
            start, end = self._shown_span(hit.chunk, view, s, e)
            chunk = self.index.chunks[hit.chunk]
            doc = self.index.documents.get(chunk.doc_id)
            shown.append(dense_text(doc.title if doc is not None else "", chunk.text[start:end]))
        sites = [(rows[k][0].chunk, rows[k][6].index) for k in dense_order]
        similarity = dict(zip(dense_order, self._similarities(q.search_text, shown, sites)))
        best_similarity = max(similarity.values(), default=None)
        local = terms.local([r[6].text.lower() for r in rows])
        # The question's words its passage's title does not say (the attribute asked, not the page's topic),
        # their cover in each sentence and the best of the question's.
        beyond: dict[str, Terms] = {}
        topic_free = []
        for row in rows:
            title = row[2].title
            if title not in beyond:
                beyond[title] = terms.beyond(title)
            topic_free.append(beyond[title].cover(row[6].text.lower()))
        best_topic_free = max(topic_free)
        above = sorted(-r[7] for r in rows)  # how many sentences cover more: bisect on the negated covers
        chars = self._char_match(terms, rows)
        out = []
        for k, (hit, rank, passage, view, s, e, site, cover) in enumerate(rows):
            values = sentence_features(
                q,
                terms,
                needle,
                site,
                passage,
                names,
                best_cover,
                passage_best[hit.chunk],
                passage_cover[hit.chunk],
                tagged.get(k),
                bisect_left(above, -cover),
                local,
                dense_features(similarity.get(k), best_similarity),
                (topic_free[k], best_topic_free),
                chars[hit.chunk],
            )
            if not self._admissible(q, values):
                continue
            start, end = self._shown_span(hit.chunk, view, s, e)
            if start < end:
                out.append(Candidate("span", model.logit(values), values, hit.chunk, rank, start, end))
        return out

    @staticmethod
    def _char_match(terms: Terms, rows: list[tuple]) -> dict[int, tuple[tuple[str, ...], tuple[float, ...], float]]:
        """What each passage's sentences' characters are read against (`char_features`): the question's
        characters weighted by how few of its candidate sentences hold them, those of the passage's document
        title at 0, and the best such cover among the question's sentences."""
        texts = [r[6].text.lower() for r in rows]
        chars = question_chars(terms.text)
        weights = char_weights(chars, texts)
        free: dict[str, tuple[float, ...]] = {}
        for r in rows:
            title = r[2].title.lower()
            if title not in free:
                free[title] = tuple(0.0 if c in title else w for c, w in zip(chars, weights))
        best = max(char_cover(chars, free[r[2].title.lower()], t) for r, t in zip(rows, texts))
        return {r[0].chunk: (chars, free[r[2].title.lower()], best) for r in rows}

    def _shown_span(self, row: int, view: TextView, start: int, end: int) -> tuple[int, int]:
        """The chunk-text span of the sentence view[start:end] as shown: without the bullets and spaces it
        starts with, or the spaces it ends with."""
        return shown_span(self.index.chunks[row].text, view, start, end)

    def _terms(self, q: Question) -> Terms:
        terms = self._question_terms.get(q.text)
        if terms is None:
            terms = Terms.of(q.text, self._cut, self.index.tokenizer.stopwords)  # cut once per text (`_needle`)
            _bounded(self._question_terms)[q.text] = terms
        return terms

    def clause_candidates(self, q: Question, sentence: Candidate) -> list[tuple[int, int, dict[str, float], float]]:
        """The comma clauses of a sentence candidate as (start, end in the chunk text, features, score of the
        "clause" model), in order: the highlight is the best one."""
        text = self.index.chunks[sentence.chunk].text
        view = match_view(text)
        v_start, v_end = view.span_to_view(sentence.start, sentence.end)
        body = view.text[v_start:v_end]
        spans = clause_spans(body) or [(0, len(body))]
        clauses = [body[a:b] for a, b in spans]
        tagged = self._pos(body)
        per_clause: list[list[tuple[str, str]]] = [[] for _ in spans]
        at = 0
        for word, flag in tagged:  # the tags cover the text in order: place each word in its clause
            for i, (a, b) in enumerate(spans):
                if a <= at < b:
                    per_clause[i].append((word, flag))
                    break
            at += len(word)
        terms, needle = self._terms(q), self._needle(q.target)
        model = self.scorer.model("clause")
        out = []
        for i, (a, b) in enumerate(spans):
            values = clause_features(terms, needle, clauses, i, per_clause[i])
            start, end = view.span_to_original(v_start + a, v_start + b)
            while start < end and text[start] in _BULLETS + "\t\n":
                start += 1
            out.append((start, max(start, end), values, model.logit(values)))
        return out

    def _with_neighbour(self, best: Candidate, candidates: list[Candidate]) -> Candidate:
        """The answer sentence joined with a neighbour where `neighbour_join` says so."""
        text = self.index.chunks[best.chunk].text
        start, end = neighbour_join(text, best, candidates) or (best.start, best.end)
        start, end = continued(text, start, end)
        return best if (start, end) == (best.start, best.end) else replace(best, start=start, end=end)

    def _focus(self, q: Question, sentence: Candidate) -> tuple[int, int]:
        """The clause of the answer sentence to highlight: the best of the "clause" model."""
        clauses = [c for c in self.clause_candidates(q, sentence) if c[1] > c[0]]
        if not clauses:
            return sentence.start, sentence.end
        start, end, _, _ = max(clauses, key=lambda c: c[3])
        return start, end

    def _answer_text(self, q: Question, best: Candidate | None) -> tuple[bool, str]:
        place = "、".join(q.text[s:e] for s, e in q.place_spans)
        if best is None:
            # the thing as the message names it: a 多长 / 多大 the analysis keeps in it ("X有多长") is no part of it
            thing = _MEASURE_ASKED.sub("", q.head or q.target) or q.head or q.target or "所问内容"
            when = f"{q.year}年" if q.year else ""  # the year asked is part of what was not found
            return (
                False,
                f"报告中没有找到{when}{place}{thing}的相关数字。"
                if q.numeric
                else f"报告中没有找到关于{when}{place}{thing}的内容。",
            )
        chunk = self.index.chunks[best.chunk]
        if best.mention is not None:
            return True, answer_sentence(chunk, best.mention, place)
        # The answer is its sentence; a very long one is cut to the highlighted clause and the clauses around it.
        return True, answer_window(chunk.text, best.start, best.end, *(best.focus or (best.start, best.end)))

    def _explain(
        self, q: Question, candidates: list[Candidate], cited: list[int], abstain: float | None
    ) -> list[CandidateOut]:
        model_kind = candidates[0].type if candidates else "number" if q.numeric else "span"
        model = self.scorer.model(model_kind)
        rows = []
        for cand in candidates[:EXPLAIN_TOP]:
            chunk = self.index.chunks[cand.chunk]
            rows.append(
                CandidateOut(
                    type=cand.type,
                    text=chunk.text[cand.start : cand.end],
                    score=round(cand.score, 4),
                    probability=round(probability(cand.score), 4),
                    citation=cited.index(cand.chunk) + 1 if cand.chunk in cited else None,
                    chunk_id=chunk.chunk_id,
                    features={k: round(v, 4) for k, v in cand.features.items()},
                    contributions={k: round(v, 4) for k, v in model.contributions(cand.features).items()},
                )
            )
        none_score = model.abstain if abstain is None else abstain
        rows.append(
            CandidateOut(
                type="none",
                text=q.reason or "（报告中没有答案）",
                score=round(none_score, 4),
                probability=round(probability(none_score), 4),
            )
        )
        rows.sort(key=lambda r: -r.score)
        gated = self._gate(candidates, none_score)
        if gated is not None:
            # The gate decides for numbers: its score is the margin over its cut (> 0: the top number is given).
            values, logit = gated
            gate = self.scorer.models[GATE_MODEL]
            margin = logit - gate.abstain
            rows.append(
                CandidateOut(
                    type="gate",
                    text="答：最高的数字" if margin > 0 else "不答：报告中没有答案",
                    score=round(margin, 4),
                    probability=round(probability(margin), 4),
                    features={k: round(v, 4) for k, v in values.items()},
                    contributions={k: round(v, 4) for k, v in gate.contributions(values).items()},
                )
            )
        return rows

    def _citation(self, cid: int, row: int, score: float) -> CitationOut:
        chunk = self.index.chunks[row]
        return CitationOut(
            id=cid,
            doc_id=chunk.doc_id,
            title=self.index.documents[chunk.doc_id].title,
            chunk_id=chunk.chunk_id,
            text=chunk.text,
            score=round(min(1.0, score / self._rrf_max), 4),
            start=chunk.start,
            end=chunk.end,
            place=self.report_places.place(row),
            section=section_of(chunk),
        )
