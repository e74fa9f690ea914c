"""`Assistant.ask`: question → analysis → hybrid retrieval → place filter → number selection → Answer.

Extractive only: the answer is a sentence from a cited passage and the numbers in it. A number is
given only when a passage about the place asked states it for the thing asked; otherwise the answer
says the reports do not state it (`found: false`) and still cites the closest passages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from index.chunking import Chunk, is_heading
from index.embed import Embedder
from index.numbers import NumberMention
from index.places import Gazetteer, places_match
from index.reader import CorpusIndex
from qa import followup
from qa.analysis import Question, analyze
from qa.config import Settings
from qa.errors import QuestionError  # the error family lives in qa.errors; imported from here too
from qa.retrieve import Hit, Mode, Retriever
from qa.schemas import Answer, CitationOut, DocumentSummary, DocumentText, NumberOut, SearchHit, SearchResponse, Turn
from qa.sources import ReportPlaces, section_of

# How many place-matching passages are searched for the number, and the bar a number must clear.
ANSWER_DEPTH = 20
MIN_HEAD_COVERAGE = 0.45
MAX_NUMBERS = 5
_SEGMENT_END = re.compile(r"[,，;；。！？!?\n、:：]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_COUNT_UNITS = {
    "个",
    "家",
    "所",
    "处",
    "座",
    "支",
    "项",
    "场",
    "名",
    "人",
    "位",
    "户",
    "件",
    "次",
    "期",
    "批",
    "条",
    "套",
}
_SAME_FAMILY = [{"个", "家", "所", "处", "座"}, {"人", "名", "位"}, {"场", "场次"}, {"次", "人次", "件次"}]


@dataclass(frozen=True, slots=True)
class Candidate:
    score: float
    coverage: float
    mention: NumberMention
    chunk: int  # row in the index
    rank: int  # position among the place-matching hits


_PUNCT = re.compile(r"[\s\"“”‘’'()（）《》、,，.。:：;；!！?？-]")
# Where a bigram of the thing asked is found: in the number's own clause, its sentence, or its passage.
_FOUND_IN_CLAUSE, _FOUND_IN_SENTENCE, _FOUND_IN_PASSAGE = 1.0, 0.6, 0.4


@dataclass(frozen=True, slots=True)
class Needle:
    """The thing asked, as character bigrams taken inside jieba words (no junk bigrams across words:
    思政宣讲 → 思政, 宣讲, not 政宣). The last word is the head noun of a Chinese noun phrase."""

    grams: tuple[str, ...]
    weights: tuple[float, ...]
    tail: tuple[str, ...]  # head-noun bigrams: one must be in the number's clause for the number to count
    last_word: str = ""  # the head noun itself (联合工会)

    @classmethod
    def of(
        cls, text: str, cut: Callable[[str], list[str]], pos: Callable[[str], list[tuple[str, str]]] | None = None
    ) -> Needle:
        words: list[str] = []
        run = ""  # runs of single-character words are kept together (占 比 → 占比); lone ones dropped
        for word in [*cut(_PUNCT.sub("", text)), ""]:
            if len(word) == 1:
                run += word
                continue
            if len(run) > 1:
                words.append(run)
            run = ""
            if word:
                words.append(word)
        if not words and text:
            words = [text]
        per_word = [[w[i : i + 2] for i in range(len(w) - 1)] or [w] for w in words]
        grams = tuple(g for word in per_word for g in word)
        last = len(per_word[-1]) if per_word else 0
        # The final bigram is the head noun's own (驿站 in 爱心驿站); the rest of the last word comes next.
        weights = tuple(
            2.0 if i == len(grams) - 1 else 1.5 if i >= len(grams) - last else 1.0 for i in range(len(grams))
        )
        # Heads: the final bigram, and with part-of-speech tags that of every noun a verb follows, which ends
        # a noun phrase inside a clause ("劳模代表组成宣讲团" asks about 代表 as much as 宣讲团).
        tail = set(grams[-1:])
        if pos is not None:
            tagged = pos(text)
            tail.update(
                word[-2:]
                for (word, flag), (_, following) in zip(tagged, tagged[1:])
                if flag.startswith("n") and following == "v" and len(word) > 1
            )
        return cls(grams, weights, tuple(sorted(tail)), words[-1] if words else "")

    def coverage(self, clause: str, sentence: str = "", passage: str = "") -> float:
        """Weighted share of the bigrams found, clause hits counting fully and farther ones less."""
        if not self.grams:
            return 0.0
        found = sum(
            w
            * (
                _FOUND_IN_CLAUSE
                if g in clause
                else _FOUND_IN_SENTENCE
                if g in sentence
                else _FOUND_IN_PASSAGE
                if g in passage
                else 0.0
            )
            for g, w in zip(self.grams, self.weights)
        )
        return found / sum(self.weights)

    def tail_in(self, clause: str) -> bool:
        return any(g in clause for g in self.tail)

    def names(self, clause: str, subject: str) -> bool:
        """Is the thing asked what this number counts? Its head noun is in the clause whole, or ends the
        number's subject ("户外劳动者驿站" for 驿站); a clause that only holds the head's last characters as
        a modifier ("8个工会和谐劳动关系工作室" for 联合工会) does not count."""
        if not self.grams:
            return False
        final = self.grams[-1]
        return self.last_word in clause or subject.endswith(final) or any(t in clause for t in self.tail if t != final)

    def precision(self, subject: str, cut: Callable[[str], list[str]]) -> float:
        """Share of the subject's own bigrams that the needle holds: 工人文化宫 is a closer subject for
        "工人文化宫" than 地方工人文化宫."""
        own = Needle.of(subject, cut).grams
        return sum(g in self.grams for g in own) / len(own) if own else 0.0


_CLAUSE_END = re.compile(r"[,，;；。！？!?\n:：]")
_RATIO_LEAD = re.compile(r"^(?:占比|占|比例为?|比重为?|比上年|同比)")


def segment_around(text: str, start: int, end: int) -> str:
    """The list item or clause holding text[start:end]: "户外劳动者工会爱心驿站27个" out of a long 、-list.
    A ratio clause ("…产业工人20名,占比18.2%") takes in the clause before it, which says what it is a share of."""
    bounds = [m.end() for m in _SEGMENT_END.finditer(text, 0, start)]
    left = bounds[-1] if bounds else 0
    if _RATIO_LEAD.match(text[left:start]) and len(bounds) > 1:
        left = bounds[-2]
    right = _SEGMENT_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def clause_around(text: str, start: int, end: int) -> str:
    """The comma clause holding text[start:end] (a 、-list stays whole)."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return text[left : right.end() if right else len(text)].strip()


_BULLETS = "●■◆▲★·•-— "
# A list sentence's opening scope and verb ("全市现有", "全省已建成"), kept in front of the item it states.
_LEAD_VERB = re.compile(r"^[^,，;；:：、]{0,8}?(?:现有|共有|已有|拥有|建成|累计|共计|达到)")
_LONG_SENTENCE = 60


def answer_sentence(chunk: Chunk, mention: NumberMention, place: str) -> str:
    """The sentence stating the number; a long list sentence is cut to its lead verb and the number's own
    item, prefixed with the place asked when the sentence names none:
    "●全市现有…爱心妈妈小屋472个、…,…、户外劳动者工会爱心驿站27个。" → "江门全市现有户外劳动者工会爱心驿站27个。"."""
    sentence = sentence_around(chunk.text, mention.start, mention.end).lstrip(_BULLETS)
    if len(sentence) <= _LONG_SENTENCE:
        return sentence
    item = segment_around(chunk.text, mention.start, mention.end).lstrip(_BULLETS)
    lead_verb = _LEAD_VERB.match(sentence)
    lead = lead_verb.group() if lead_verb and not item.startswith(lead_verb.group()) else ""
    text = lead + item
    # The place goes in front only where the words read as a statement about it ("江门" + "全市现有…").
    reads_as_statement = bool(lead) or bool(mention.subject) and item.startswith(mention.subject)
    prefix = place if place and reads_as_statement and place not in text else ""
    return f"{prefix}{text}。"


def unit_fit(asked: str | None, unit: str, family: frozenset[str] = frozenset()) -> float:
    if unit in family:
        return 0.3
    if asked is None:
        return 0.1 if unit in _COUNT_UNITS else 0.0
    if unit == asked:
        return 0.3
    if any(asked in family and unit in family for family in _SAME_FAMILY):
        return 0.1
    return -0.4


class Assistant:
    def __init__(self, index: CorpusIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.retriever = Retriever(index, embedder, settings)
        self.gazetteer = Gazetteer.default()
        self.report_places = ReportPlaces(index.chunks, index.documents, self.gazetteer)
        self._rrf_max = (settings.bm25_weight + settings.dense_weight) / (settings.rrf_k + 1)

    @classmethod
    def load(cls, settings: Settings, index_dir: Path | None = None, embed_threads: int | None = None) -> Assistant:
        index = CorpusIndex.load(index_dir or settings.index_dir, settings.embed_model, settings.hnsw_ef_search)
        return cls(index, Embedder(settings.embed_model, threads=embed_threads), settings)

    # -- the API faces -------------------------------------------------------------------------------

    def ask(self, question: str, top_k: int = 5, *, history: list[Turn] | None = None, explain: bool = False) -> Answer:
        """`history` (earlier turns, oldest first) turns on follow-up questions: qa/followup.py."""
        started = time.perf_counter()
        if not question or not question.strip():
            raise QuestionError("question is empty")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"question is {len(question)} characters; the limit is {self.settings.max_question_chars}"
            )
        if not 1 <= top_k <= 50:
            raise QuestionError(f"top_k must be between 1 and 50, got {top_k}")
        if history is not None:
            return followup.ask_in_conversation(lambda q: self.ask(q, top_k), question, history, self.gazetteer)
        q = analyze(question, self.gazetteer)
        hits = self.retriever.search(q.search_text, max(self.settings.candidate_depth, top_k), "hybrid")
        about = [h for h in hits if self._about_place(q, self.index.chunks[h.chunk])]
        candidates = self._number_candidates(q, about) if q.wants_number else []
        found_number = bool(candidates) and candidates[0].coverage >= MIN_HEAD_COVERAGE
        # Citations: the passage the answer comes from first, then place-matching ones, then the rest.
        lead = [candidates[0].chunk] if found_number else []
        if not q.wants_number and about:
            # A how/what answer often runs on into the next passage (a list: 1. … 2. … 3. …): the best
            # passage's neighbours come next when they too are about the place asked.
            lead = [about[0].chunk, *self._neighbours(about[0].chunk, {h.chunk for h in about})]
        order = lead + [h.chunk for h in about] + [h.chunk for h in hits]
        cited: list[int] = []
        for row in order:
            if row not in cited:
                cited.append(row)
        cited = cited[:top_k]
        scores = {h.chunk: h.score for h in hits}
        citations = [self._citation(i + 1, row, scores.get(row, 0.0)) for i, row in enumerate(cited)]

        numbers: list[NumberOut] = []
        if found_number:
            for cand in candidates:
                if cand.chunk in cited and cand.coverage >= MIN_HEAD_COVERAGE and len(numbers) < MAX_NUMBERS:
                    m = cand.mention
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
        found, text = self._answer_text(q, about, candidates[0] if found_number else None)
        return Answer(
            question=question,
            found=found and (found_number or not q.wants_number),
            answer=text,
            numbers=numbers if found else [],
            citations=citations,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

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
                    score=h.score,
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

    def _neighbours(self, row: int, allowed: set[int]) -> list[int]:
        doc_id = self.index.chunks[row].doc_id
        return [
            r
            for r in (row + 1, row - 1)
            if r in allowed and 0 <= r < len(self.index.chunks) and self.index.chunks[r].doc_id == doc_id
        ]

    def _about_place(self, q: Question, chunk: Chunk) -> bool:
        if not q.places:
            return True
        about = [p for p in (self.gazetteer.get(code) for code in chunk.places) if p is not None]
        return places_match(q.places, about, self.gazetteer)

    def _needle(self, text: str) -> Needle:
        return Needle.of(text, self.index.tokenizer.cut, self.index.tokenizer.pos)

    def _number_candidates(self, q: Question, about: list[Hit]) -> list[Candidate]:
        head, target = self._needle(q.head or q.target), self._needle(q.target)
        named_places: dict[str, bool] = {}  # sentence → it names places, none of them the asked one

        def elsewhere(sentence: str) -> bool:
            if sentence not in named_places:
                found = [m.place for m in self.gazetteer.find(sentence, strict=True)]
                named_places[sentence] = bool(found) and not places_match(q.places, found, self.gazetteer)
            return named_places[sentence]

        out = []
        for rank, hit in enumerate(about[:ANSWER_DEPTH]):
            chunk = self.index.chunks[hit.chunk]
            passage = f"{chunk.heading}{chunk.text}"
            for m in chunk.numbers:
                # A count inside a quoted name (“四个加法”) answers "几个加法" — when the measure word matches.
                label = m.kind == "other" and q.measure is not None and m.unit == q.measure
                if m.kind != ("ordinal" if q.ordinal else "quantity") and m.kind != "range" and not label:
                    continue
                item = segment_around(chunk.text, m.start, m.end) + m.subject
                clause = clause_around(chunk.text, m.start, m.end)
                sentence = sentence_around(chunk.text, m.start, m.end)
                # The head noun must sit in the number's own clause: "8家培训单位…,全部输送到…苏州等家政服务
                # 公司" does not count 家政服务公司 even though the sentence names them.
                named = head.names(item + clause, m.subject)
                if not named and (q.measure in ("元", "%") or m.unit in q.units) and m.unit in (q.measure, *q.units):
                    # Amounts and shares often state their purpose in the next or previous clause
                    # ("设立疫情防控专项资金,市县两级工会共投入1300万元").
                    named = head.names(sentence, m.subject)
                head_cover = head.coverage(item, clause + sentence, passage) if named else 0.0
                if m.unit in q.units and not head_cover:
                    # An attribute's own unit stands for its name ("体重" ↔ "8公斤"): the rest of the question
                    # must still be in the sentence.
                    head_cover = MIN_HEAD_COVERAGE * target.coverage(sentence, passage) / 0.5
                # What the extractor says the number counts separates numbers sharing one clause
                # ("为1200余名农民工追回劳动报酬近2000万元").
                subject_cover = head.coverage(m.subject)
                score = (
                    0.45 * head_cover
                    + 0.25 * subject_cover
                    + 0.3 * target.coverage(sentence, passage)
                    + 0.1 * head.precision(m.subject, self.index.tokenizer.cut)
                    + unit_fit(q.measure, m.unit, q.units)
                    + 0.05 / (1 + rank)
                    # The number's own sentence is about another place than the one asked: in a passage about
                    # several places (a table's rows "区县: 海曙区, 驿站数: 96个", a list of districts) it is
                    # another row's figure.
                    - (0.1 if q.places and elsewhere(sentence) else 0.0)
                    # a range or a label answers only when nothing exact does
                    - (0.1 if m.kind in ("range", "other") else 0.0)
                )
                out.append(Candidate(score, head_cover, m, hit.chunk, rank))
        out.sort(key=lambda c: -c.score)
        return out

    def _answer_text(self, q: Question, about: list[Hit], best: Candidate | None) -> tuple[bool, str]:
        place = "、".join(q.text[s:e] for s, e in q.place_spans)
        if best is not None:
            chunk = self.index.chunks[best.chunk]
            return True, answer_sentence(chunk, best.mention, place)
        if q.wants_number or not about:
            thing = q.head or q.target or "所问内容"
            return (
                False,
                f"报告中没有找到{place}{thing}的相关数字。"
                if q.wants_number
                else f"报告中没有找到关于{place}{thing}的内容。",
            )
        best_sentence, best_cover = "", -1.0
        needle = self._needle(q.target)
        for hit in about[:5]:
            text = self.index.chunks[hit.chunk].text
            for match in re.finditer(r"[^。！？!?；;\n]+[。！？!?；;]?", text):
                # A heading restates the question; the answer is a sentence under it.
                cover = needle.coverage(match.group()) - (0.5 if is_heading(match.group().strip()) else 0.0)
                if cover > best_cover:
                    best_sentence, best_cover = match.group().strip(), cover
        return True, best_sentence

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
