"""Route dependencies: the request's assistant, or a 503 saying how to get one."""

from __future__ import annotations

import hmac
import ipaddress
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


def require_admin(request: Request) -> None:
    """Writes (upload, delete): `Authorization: Bearer <QA_ADMIN_TOKEN>` when that is set (401 without it);
    when it is not set, only clients on this machine (loopback) may write (403 for others). Behind a reverse
    proxy every client looks local: set QA_ADMIN_TOKEN there."""
    token = request.app.state.settings.admin_token
    if token is not None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        expected = token.get_secret_value().encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
            raise HTTPException(
                status_code=401,
                detail="需要管理令牌：请求头 Authorization: Bearer <QA_ADMIN_TOKEN>",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return
    host = request.client.host if request.client else ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local:
        raise HTTPException(
            status_code=403,
            detail="只能从本机上传或删除报告；要从其他机器管理，请在服务器上设置 QA_ADMIN_TOKEN",
        )


AdminDep = Depends(require_admin)
