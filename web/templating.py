"""Jinja2 templates, autoescaped: report text is untrusted and only ever rendered as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import HTMLResponse

from web import view

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Defence in depth behind the escaping: only our own script and style may run on a page.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals.update(
    citation_pieces=view.citation_pieces,
    passage_href=view.passage_href,
    split_citations=view.split_citations,
    display_numbers=view.display_numbers,
    citation_header=view.citation_header,
    number_pieces=view.number_pieces,
)
templates = Jinja2Templates(env=_env)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code, headers=SECURITY_HEADERS)
