"""Follow-up questions: an elliptical question inherits what it leaves out from the conversation before it.

"江门有多少爱心驿站" then "那平湖呢" → "平湖有多少爱心驿站" (a new place, the same thing asked);
"2022年江门有多少爱心驿站" then "去年呢" → "去年江门有多少爱心驿站" (a new year); "那职工书屋呢" → the same
place, a new thing. A question that names its own thing and asks its own way is left as it is.

Pure functions over the analysed question (qa.analysis) and the previous turns; nothing here searches.
Follow-up handling is on only when the client sends a `history` (even an empty one): a client that sends
none gets the old behaviour, question by question.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.places import Gazetteer
from qa.analysis import Question, analyze
from qa.schemas import Answer, Turn

# A year as people ask it: a number, a Chinese-numeral year, or relative to now.
_YEAR = re.compile(r"(?:19|20)\d{2}年度?|[〇零一二三四五六七八九]{4}年度?|今年|去年|前年|明年|本年度?|上一?年度?")
# What marks a question as continuing the one before ("那…呢", "还有…呢").
_LEADING = re.compile(r"^(?:那么|那|还有|另外|再看看|换成|换到)")
_TRAILING = re.compile(r"(?:呢|吗|啊|呀)+$")
# Words that carry no content of their own in a follow-up ("那平湖的情况呢", "去年又怎么样").
_FILLER = re.compile(
    r"那么|那|还有|另外|再看看|换成|换到|的情况|情况|怎么样|如何|又|也|的|呢|吗|啊|呀|是|[?？!！。,，、~～…]"
)
# A question that asks in its own way (a number, a what/how): it keeps its own thing when it inherits.
_ASKS = re.compile(r"多少|几|什么|哪些|哪|怎样|怎么|如何|是否|有没有|多大|多高|多长|多久|占比|比例")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What to answer: `question` as understood (the asked text when it is no follow-up). `follow_up` says
    it leant on an earlier turn; `reason` (Chinese, short) is set when it should have but could not."""

    question: str
    follow_up: bool = False
    reason: str | None = None

    @property
    def resolved(self) -> bool:
        return self.reason is None


def years(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _YEAR.finditer(text)]


def content(q: Question) -> str:
    """What the question asks about besides its places, years and follow-up filler: "" for "那平湖呢",
    "去年呢", "平湖有多少"; "职工书屋" for "那职工书屋呢"."""
    return _FILLER.sub("", _YEAR.sub("", q.target))


def asks_its_own_way(q: Question) -> bool:
    # a bare noun phrase wants a number only by default: "那职工书屋" still goes on from the question before
    return (q.wants_number and not q.bare) or bool(_ASKS.search(q.text))


def is_marked(q: Question) -> bool:
    """Worded as going on from the question before ("那…", "还有…", "…呢")."""
    return bool(_LEADING.search(q.text) or _TRAILING.search(q.text.rstrip("?？。!！")))


def is_elliptical(q: Question) -> bool:
    """A question that leans on the one before: nothing asked about but a place or a year ("平湖呢",
    "那平湖有多少"), or a bare thing marked as going on from it ("那职工书屋呢")."""
    return not content(q) or (is_marked(q) and not asks_its_own_way(q))


_JOINER = re.compile(r"^(?:和|与|及|以及|跟|、|,|，)$")


def _replace(text: str, spans: Sequence[tuple[int, int]], new: str) -> str:
    """`text` with the first span replaced by `new` and the others dropped, with the word that joined them
    ("江门和平湖" → "台州"); `new` in front when there is no span."""
    if not new:
        return text
    if not spans:
        return new + text
    ordered = sorted(spans)
    out, at = [], 0
    for i, (start, end) in enumerate(ordered):
        between = text[at:start]
        out.append("" if i and _JOINER.match(between) else between)
        if i == 0:
            out.append(new)
        at = end
    out.append(text[at:])
    return "".join(out)


def _surfaces(text: str, spans: Sequence[tuple[int, int]]) -> str:
    return "".join(text[s:e] for s, e in sorted(spans))


def _strip_marks(text: str) -> str:
    return _TRAILING.sub("", _LEADING.sub("", text.rstrip("?？。!！")))


def resolve(question: Question, previous: Question | None) -> Resolution:
    """One question against the one before it (already resolved)."""
    elliptical = is_elliptical(question)
    own_places = _surfaces(question.text, question.place_spans)
    own_years = "".join(question.text[s:e] for s, e in years(question.text))
    if not elliptical:
        if previous is None or not is_marked(question):
            return Resolution(question.text)
        # "那有多少职工书屋呢": its own thing and way of asking, the scope (place, year) of the one before.
        text = stripped = _strip_marks(question.text)
        if not own_places and previous.place_spans:
            text = _surfaces(previous.text, previous.place_spans) + text
        if not own_years and years(previous.text):
            text = "".join(previous.text[s:e] for s, e in years(previous.text)) + text
        return Resolution(text, follow_up=text != stripped)
    if previous is None:
        return Resolution(
            question.text, follow_up=True, reason="这像是接着上一个问题的追问，但前面没有可接续的问题；请把问题问完整。"
        )
    thing = content(question)
    text = previous.text
    if thing:  # a new thing asked, in the place and way of the question before ("那职工书屋呢")
        head = previous.head or previous.target
        if not head or head not in text:
            return Resolution(
                question.text, follow_up=True, reason="没能确定这个追问要接着上一个问题的哪一部分；请把问题问完整。"
            )
        at = text.index(head)
        text = text[:at] + thing + text[at + len(head) :]
    elif not own_places and not own_years:
        return Resolution(
            question.text, follow_up=True, reason="这个追问没有说要换成哪个地方、哪一年或什么内容；请把问题问完整。"
        )
    # Offsets of the previous places and years, recomputed after the thing was replaced.
    if own_places:
        spans = [
            (m.start(), m.end())
            for s, e in previous.place_spans
            for m in re.finditer(re.escape(previous.text[s:e]), text)
        ]
        text = _replace(text, sorted(set(spans)), own_places)
    if own_years:
        text = _replace(text, years(text), own_years)
    return Resolution(text, follow_up=True)


def resolve_conversation(
    question: str, history: Sequence[Turn], analyse: Callable[[str], Question] | None = None
) -> Resolution:
    """`question` resolved against the conversation before it, oldest turn first. Earlier turns are resolved
    the same way in order, so a chain of follow-ups ("江门有多少爱心驿站", "那平湖呢", "去年呢") keeps
    inheriting; a turn that could not be resolved is passed over. `analyse` is the assistant's own reading of a
    question (it knows the towns the indexed reports are about); without one, the gazetteer's alone."""
    if analyse is None:
        gazetteer = Gazetteer.default()
        analyse = lambda text: analyze(text, gazetteer)  # noqa: E731
    previous: Question | None = None
    for turn in history:
        resolution = resolve(analyse(turn.question), previous)
        if resolution.resolved:
            previous = analyse(resolution.question)
    return resolve(analyse(question), previous)


def ask_in_conversation(
    ask: Callable[[str], Answer],
    question: str,
    history: Sequence[Turn],
    analyse: Callable[[str], Question] | None = None,
) -> Answer:
    """`ask` (one question, no history) applied to `question` as resolved against `history`. The answer keeps
    the question as asked and says how it was understood (`resolved_question`); a follow-up that cannot be
    resolved is `found: false` with the reason as its answer and no citations (passages close to "那呢"
    would only mislead)."""
    started = time.perf_counter()
    resolution = resolve_conversation(question, history, analyse)
    if not resolution.resolved:
        return Answer(
            question=question,
            found=False,
            answer=resolution.reason or "",
            numbers=[],
            citations=[],
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            resolved_question=None,
        )
    if not resolution.follow_up:
        return ask(question)
    answer = ask(resolution.question)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    return answer.model_copy(
        update={"question": question, "resolved_question": resolution.question, "took_ms": took_ms}
    )
