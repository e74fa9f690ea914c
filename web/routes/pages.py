"""The chat page (`/`), its no-JavaScript form path (`POST /ask`) and the document page that shows a
cited passage in its report. HTML only; kept out of the OpenAPI schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from qa.errors import QuestionError
from qa.schemas import Answer
from web.deps import ServiceDep
from web.schemas import MAX_QUESTION_CHARS
from web.state import Service
from web.templating import render
from web.view import document_parts, parse_offset, parse_range

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

# How long the page waits for an answer before it gives up and says so (answers take well under a second
# here; a loaded server or a reload of the index can take longer).
ASK_TIMEOUT_MS = 30_000
EXAMPLES = (
    "江门有多少爱心驿站",
    "陕西建成了多少家省级职工书屋",
    "台州有多少家联合工会",
    "平湖户外劳动者驿站累计服务了多少人次",
    "台州有多少爱心驿站",
)


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    answer: Answer | None = None
    error: str | None = None


def answer_turn(service: Service, question: str) -> tuple[Turn, int]:
    """The same checks as POST /api/ask, with the messages in Chinese for the page."""
    if service.assistant is None:
        return Turn(question, error=f"索引未加载：{service.error}"), 503
    if not question.strip():
        return Turn(question, error="请输入问题。"), 422
    if len(question) > MAX_QUESTION_CHARS:
        return Turn(question, error=f"问题太长：最多 {MAX_QUESTION_CHARS} 个字。"), 422
    try:
        return Turn(question, answer=service.assistant.ask(question)), 200
    except QuestionError as exc:
        return Turn(question, error=str(exc)), 422


def chat_page(request: Request, service: Service, turns: list[Turn], status_code: int = 200) -> HTMLResponse:
    return render(
        request,
        "chat.html",
        {
            "examples": EXAMPLES,
            "turns": turns,
            "notice": service.error,
            "max_chars": MAX_QUESTION_CHARS,
            "timeout_ms": ASK_TIMEOUT_MS,
        },
        status_code,
    )


@router.api_route("/", methods=["GET", "HEAD"])
def home(request: Request, service: ServiceDep) -> HTMLResponse:
    return chat_page(request, service, [])


@router.post("/ask")
def ask_form(request: Request, service: ServiceDep, question: Annotated[str, Form()] = "") -> HTMLResponse:
    # Without JavaScript the form posts here and the answer is rendered server-side.
    turn, status = answer_turn(service, question)
    return chat_page(request, service, [turn], status)


@router.get("/documents/{doc_id}")
def document_page(
    request: Request,
    service: ServiceDep,
    doc_id: str,
    start: str | None = None,
    end: str | None = None,
    mark: str | None = None,
) -> HTMLResponse:
    if service.assistant is None:
        return render(request, "message.html", {"heading": "索引未加载", "message": service.error}, 503)
    document = service.assistant.document(doc_id)
    if document is None:
        return render(
            request, "message.html", {"heading": "找不到这份报告", "message": f"没有编号为 {doc_id} 的报告。"}, 404
        )
    first, last = parse_offset(start), parse_offset(end)
    # A valid range splits the text around the passage (and the number in it); anything else shows the
    # report unmarked.
    passage = (first, last) if first is not None and last is not None else None
    parts = document_parts(document.text, passage, parse_range(mark))
    place = service.assistant.report_places.place_of_document(doc_id)
    return render(request, "document.html", {"document": document, "parts": parts, "place": place})
