"""The answer contract of docs/API.md as pydantic models: the CLI, the API and the eval runner
all speak these."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Turn(BaseModel):
    """One earlier exchange of a conversation, oldest first in `history` (follow-up questions)."""

    question: str
    answer: str


class NumberOut(BaseModel):
    value: float | int = Field(description="the number with its magnitude folded in (65.2万人 → 652000)")
    unit: str = Field(description="measure word or unit as written (个 家 人 元 % 年 …)")
    text: str = Field(description="the surface string in the cited passage")
    qualifier: str | None = Field(description="余/多/近/约/超过/以上… as written, else null")
    subject: str = Field(description="what the number counts, as written near it")
    citation: int = Field(description="id of the citation it comes from")
    start: int = Field(description="offset of `text` in that citation's `text`")
    end: int


class CitationOut(BaseModel):
    id: int
    doc_id: str
    title: str
    chunk_id: str
    text: str
    score: float
    start: int = Field(description="offset of the passage in the document text of GET /api/documents/{doc_id}")
    end: int
    place: str | None = Field(None, description="where the report is from (its title's or its passages' place)")
    section: str | None = Field(None, description="the heading the passage sits under, if any")


class SpanOut(BaseModel):
    """Where the answer stands in a cited passage, for highlighting: `citation.text[start:end]`."""

    citation: int = Field(description="id of the citation holding the answer")
    start: int = Field(description="offset in that citation's `text`")
    end: int
    text: str = Field(description="the highlighted text as written")


class CandidateOut(BaseModel):
    """One answer candidate as the scorer saw it (`explain`): its features and scores."""

    type: str = Field(
        description="number | span | none (the no-answer candidate) | gate (numbers: the answerability gate, score = its logit over its cut)"
    )
    text: str
    score: float = Field(description="the scorer's logit; the answer is the best candidate above `none`")
    probability: float
    citation: int | None = Field(default=None, description="citation id when the passage is cited")
    chunk_id: str | None = None
    features: dict[str, float] = Field(default_factory=dict)
    contributions: dict[str, float] = Field(default_factory=dict, description="weight × feature, per feature")


class Answer(BaseModel):
    question: str
    found: bool
    answer: str
    numbers: list[NumberOut]
    citations: list[CitationOut]
    took_ms: float
    kind: str | None = Field(
        default=None, description="the question's kind: count amount share date ordinal who what how other"
    )
    reason: str | None = Field(default=None, description="why the question cannot be answered (found is false)")
    span: SpanOut | None = Field(default=None, description="the answer's place in a cited passage")
    explain: list[CandidateOut] | None = Field(
        default=None, description="top candidates with features and scores; only when asked for (explain)"
    )
    resolved_question: str | None = Field(
        None, description="a follow-up as understood from the history (那平湖呢 → 平湖有多少爱心驿站), else null"
    )


class SearchHit(BaseModel):
    doc_id: str
    chunk_id: str
    title: str
    text: str
    score: float
    bm25_rank: int | None
    dense_rank: int | None


class SearchResponse(BaseModel):
    hits: list[SearchHit]


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    chars: int = Field(description="characters of the cleaned text (0 while not indexed yet)")
    chunks: int = Field(description="passages in the index (0 while not indexed yet)")
    status: str = Field(default="ready", description="ready, indexing (uploaded, being indexed), deleting, or failed")
    reason: str | None = Field(default=None, description="why a report failed (status failed)")
    origin: str | None = Field(default=None, description="upload (added through the API, deletable) or corpus")
    place: str | None = Field(default=None, description="the place the report is about, from its title")
    pages: int | None = Field(default=None, description="pages of the source file, where the reader counts them")
    ocr: bool | None = Field(default=None, description="true when the text was read from page images (OCR)")
    added: str | None = Field(default=None, description="when the report was added (ISO 8601)")


class DocumentText(BaseModel):
    doc_id: str
    title: str
    text: str


class Health(BaseModel):
    status: str
    documents: int
    chunks: int
    embed_model: str
    outdated: list[str] = Field(
        default_factory=list,
        description="what this program would build differently from the served index (run `qa index`); empty "
        "when it is up to date",
    )
