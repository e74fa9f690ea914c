"""The one error family of the project, as qa's callers (the CLI, the web app, eval) see it.

`QAError` is defined in `index.errors` (the lowest layer raises it too: a bad corpus file, a damaged
index) and re-exported here, so nothing above qa needs to import index. Every member's message is meant
for the user and says what to do. The faces show it in one shape each: the CLI prints `error: <message>`
(`cli_line`) and exits 1; the API answers `{"detail": "<message>"}` (`json_body`) with the status of
`http_status`.
"""

from __future__ import annotations

from index.errors import CorpusError, IndexLoadError, QAError

__all__ = ["CorpusError", "IndexLoadError", "QAError", "QuestionError", "cli_line", "http_status", "json_body"]


class QuestionError(QAError, ValueError):
    """The question cannot be asked (empty, too long, top_k out of range): a client error, not a server one.
    Still a ValueError, as it was before it joined the family."""


def cli_line(exc: QAError) -> str:
    """What `qa` prints on stderr (before exiting 1)."""
    return f"error: {exc}"


def json_body(exc: QAError) -> dict[str, str]:
    """The API's error body: the same `{"detail": …}` shape as FastAPI's own errors."""
    return {"detail": str(exc)}


def http_status(exc: QAError) -> int:
    """503 for an index that cannot serve (a server-side state the client can only wait out); 422 for the
    rest, which are about what the client sent."""
    return 503 if isinstance(exc, IndexLoadError) else 422
