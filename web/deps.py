"""Route dependencies: the request's assistant, or a 503 saying how to get one."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from qa.answer import Assistant
from web.state import Service


def get_service(request: Request) -> Service:
    return request.app.state.service


def get_assistant(service: Annotated[Service, Depends(get_service)]) -> Assistant:
    if service.assistant is None:
        raise HTTPException(status_code=503, detail=service.error)
    return service.assistant


ServiceDep = Annotated[Service, Depends(get_service)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
