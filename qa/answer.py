"""`Assistant.ask`: question → analysis → hybrid retrieval → place filter → number selection → Answer.

Extractive only: the answer is a sentence from a cited passage and the numbers in it. A number is
given only when a passage about the place asked states it for the thing asked; otherwise the answer
says the reports do not state it (`found: false`) and still cites the closest passages.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from index.chunking import Chunk
from index.embed import Embedder
from index.numbers import NumberMention
from index.places import Gazetteer, places_match
from index.reader import CorpusIndex
from qa.analysis import Question, analyze
from qa.config import Settings
from qa.retrieve import Hit, Mode, Retriever
from qa.schemas import Answer, CitationOut, DocumentSummary, DocumentText, NumberOut, SearchHit, SearchResponse

# How many place-matching passages are searched for the number, and the bar a number must clear.
ANSWER_DEPTH = 20
MIN_HEAD_COVERAGE = 0.5
MAX_NUMBERS = 5
_SEGMENT_END = re.compile(r"[,，;；。！？!?\n、:：]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_COUNT_UNITS = {"个", "家", "所", "处", "座", "支", "项", "场", "名", "人", "位", "户", "件", "次", "期", "批", "条", "套"}
_SAME_FAMILY = [{"个", "家", "所", "处", "座"}, {"人", "名", "位"}, {"场", "场次"}, {"次", "人次", "件次"}]


class QuestionError(ValueError):
    """The question cannot be asked (empty, too long): a client error, not a server one."""


@dataclass(frozen=True, slots=True)
class Candidate:
    score: float
    coverage: float
    mention: NumberMention
    chunk: int  # row in the index
    rank: int  # position among the place-matching hits


def bigrams(text: str) -> list[str]:
    text = re.sub(r"[\s\"“”‘’'()（）《》、,，.。:：;；!！?？-]", "", text)
    return [text[i:i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def coverage(needle: str, haystack: str) -> float:
    """Share of the needle's character bigrams found in the haystack; the last ones (the head noun of a
    Chinese noun phrase) weigh double."""
    grams = bigrams(needle)
    if not grams:
        return 0.0
    weights = [2.0 if i >= len(grams) - 2 else 1.0 for i in range(len(grams))]
    found = sum(w for g, w in zip(grams, weights) if g in haystack)
    return found / sum(weights)


def segment_around(text: str, start: int, end: int) -> str:
    """The list item or clause holding text[start:end]: "户外劳动者工会爱心驿站27个" out of a long 、-list."""
    left = max((m.end() for m in _SEGMENT_END.finditer(text, 0, start)), default=0)
    right = _SEGMENT_END.search(text, end)
    return text[left: right.start() if right else len(text)]


def sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return text[left: right.end() if right else len(text)].strip()


def unit_fit(asked: str | None, unit: str) -> float:
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
        self._rrf_max = (settings.bm25_weight + settings.dense_weight) / (settings.rrf_k + 1)

    @classmethod
    def load(cls, settings: Settings, index_dir: Path | None = None) -> Assistant:
        index = CorpusIndex.load(index_dir or settings.index_dir, settings.embed_model)
        return cls(index, Embedder(settings.embed_model), settings)

    # -- the API faces -------------------------------------------------------------------------------

    def ask(self, question: str, top_k: int = 5) -> Answer:
        started = time.perf_counter()
        if not question or not question.strip():
            raise QuestionError("question is empty")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"question is {len(question)} characters; the limit is "
                                f"{self.settings.max_question_chars}")
        if not 1 <= top_k <= 50:
            raise QuestionError(f"top_k must be between 1 and 50, got {top_k}")
        q = analyze(question, self.gazetteer)
        hits = self.retriever.search(q.search_text, max(self.settings.candidate_depth, top_k), "hybrid")
        about = [h for h in hits if self._about_place(q, self.index.chunks[h.chunk])]
        candidates = self._number_candidates(q, about) if q.wants_number else []
        found_number = bool(candidates) and candidates[0].coverage >= MIN_HEAD_COVERAGE
        # Citations: the passage the answer comes from first, then place-matching ones, then the rest.
        lead = [candidates[0].chunk] if found_number else []
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
                    numbers.append(NumberOut(value=m.value, unit=m.unit, text=m.text, qualifier=m.qualifier,
                                             subject=m.subject, citation=cited.index(cand.chunk) + 1,
                                             start=m.start, end=m.end))
        found, text = self._answer_text(q, about, candidates[0] if found_number else None)
        return Answer(question=question, found=found and (found_number or not q.wants_number), answer=text,
                      numbers=numbers if found else [], citations=citations,
                      took_ms=round((time.perf_counter() - started) * 1000, 2))

    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> SearchResponse:
        hits = self.retriever.search(query, k, mode)
        out = []
        for h in hits:
            chunk = self.index.chunks[h.chunk]
            out.append(SearchHit(doc_id=chunk.doc_id, chunk_id=chunk.chunk_id,
                                 title=self.index.documents[chunk.doc_id].title, text=chunk.text,
                                 score=h.score, bm25_rank=h.bm25_rank, dense_rank=h.dense_rank))
        return SearchResponse(hits=out)

    def documents(self) -> list[DocumentSummary]:
        counts: dict[str, int] = {}
        for chunk in self.index.chunks:
            counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
        return [DocumentSummary(doc_id=d.doc_id, title=d.title, chars=len(d.text), chunks=counts.get(d.doc_id, 0))
                for d in self.index.documents.values()]

    def document(self, doc_id: str) -> DocumentText | None:
        doc = self.index.documents.get(doc_id)
        return DocumentText(doc_id=doc.doc_id, title=doc.title, text=doc.text) if doc else None

    # -- the parts -------------------------------------------------------------------------------------

    def _about_place(self, q: Question, chunk: Chunk) -> bool:
        if not q.places:
            return True
        about = [p for p in (self.gazetteer.get(code) for code in chunk.places) if p is not None]
        return places_match(q.places, about, self.gazetteer)

    def _number_candidates(self, q: Question, about: list[Hit]) -> list[Candidate]:
        head = q.head or q.target
        out = []
        for rank, hit in enumerate(about[:ANSWER_DEPTH]):
            chunk = self.index.chunks[hit.chunk]
            for m in chunk.numbers:
                if m.kind != "quantity":
                    continue
                segment = segment_around(chunk.text, m.start, m.end) + m.subject
                head_cover = coverage(head, segment)
                target_cover = coverage(q.target, sentence_around(chunk.text, m.start, m.end))
                score = 0.6 * head_cover + 0.4 * target_cover + unit_fit(q.measure, m.unit) + 0.05 / (1 + rank)
                out.append(Candidate(score, head_cover, m, hit.chunk, rank))
        out.sort(key=lambda c: -c.score)
        return out

    def _answer_text(self, q: Question, about: list[Hit], best: Candidate | None) -> tuple[bool, str]:
        place = "、".join(q.text[s:e] for s, e in q.place_spans)
        if best is not None:
            chunk = self.index.chunks[best.chunk]
            return True, sentence_around(chunk.text, best.mention.start, best.mention.end)
        if q.wants_number or not about:
            thing = q.head or q.target or "所问内容"
            return False, f"报告中没有找到{place}{thing}的相关数字。" if q.wants_number else \
                f"报告中没有找到关于{place}{thing}的内容。"
        best_sentence, best_cover = "", -1.0
        for hit in about[:5]:
            text = self.index.chunks[hit.chunk].text
            for match in re.finditer(r"[^。！？!?；;\n]+[。！？!?；;]?", text):
                cover = coverage(q.target, match.group())
                if cover > best_cover:
                    best_sentence, best_cover = match.group().strip(), cover
        return True, best_sentence

    def _citation(self, cid: int, row: int, score: float) -> CitationOut:
        chunk = self.index.chunks[row]
        return CitationOut(id=cid, doc_id=chunk.doc_id, title=self.index.documents[chunk.doc_id].title,
                           chunk_id=chunk.chunk_id, text=chunk.text, score=round(min(1.0, score / self._rrf_max), 4),
                           start=chunk.start, end=chunk.end)
