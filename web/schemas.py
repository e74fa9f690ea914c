"""Request and error models of the HTTP API. The response models are the shared contract in qa/schemas.py."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_QUESTION_CHARS = 1000  # the contract's limit (shared/API.md); Settings.max_question_chars may lower it


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

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is empty (whitespace only)")
        return value


class ErrorResponse(BaseModel):
    """Every error body: `detail` is a message, or FastAPI's list of field errors for a 422."""

    detail: Any = Field(description="what went wrong and, where the client can fix it, how")
