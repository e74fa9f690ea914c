"""Request and error models of the HTTP API. The response models are the shared contract in qa/schemas.py."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qa.schemas import Turn

MAX_QUESTION_CHARS = 1000  # the contract's limit (docs/API.md); Settings.max_question_chars may lower it
# A follow-up needs the last few turns, not the whole conversation; the bounds keep the body well under the
# 64 KB request limit (8 × (1000 + 1000) characters).
MAX_HISTORY_TURNS = 8
MAX_HISTORY_ANSWER_CHARS = 1000


class HistoryTurn(Turn):
    """One earlier turn as a client sends it: the question asked and the answer shown (may be empty)."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="the question asked then")
    answer: str = Field("", max_length=MAX_HISTORY_ANSWER_CHARS, description="the answer given then (its sentence)")


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "江门有多少爱心驿站", "top_k": 5}]})

    # The pattern documents "not blank" in the OpenAPI schema; the validator enforces it with a plain message.
    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        description="the question, in Chinese",
        json_schema_extra={"pattern": r"\S"},
    )
    top_k: int = Field(5, ge=1, le=50, description="how many passages to cite")
    history: list[HistoryTurn] | None = Field(
        None,
        max_length=MAX_HISTORY_TURNS,
        description="earlier turns of the conversation, oldest first: a follow-up (那平湖呢, 去年呢) takes what "
        "it leaves out from them. Omitted: each question stands alone.",
    )

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("问题不能只有空白")
        return value


class ErrorResponse(BaseModel):
    """Every error body: `detail` is a message, or FastAPI's list of field errors for a 422."""

    detail: Any = Field(description="what went wrong and, where the client can fix it, how")
