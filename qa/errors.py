"""The one error family of the project, as qa's callers (the CLI, the web app, eval) see it.

`QAError` is defined in `index.errors` (the lowest layer raises it too: a bad corpus file, a damaged
index) and re-exported here, so nothing above qa needs to import index. Every member's message is meant
for the user and says what to do. The faces show it in one shape each: the CLI prints `error: <message>`
(`cli_line`) and exits 1; the API answers `{"detail": "<message>"}` (`json_body`) with the status of
`http_status`.
"""

from __future__ import annotations

from index.errors import CorpusError, IndexLoadError, QAError

__all__ = [
    "CorpusError",
    "IndexLoadError",
    "QAError",
    "QuestionError",
    "SettingsError",
    "cli_line",
    "http_status",
    "json_body",
    "settings_error",
]


class QuestionError(QAError, ValueError):
    """The question cannot be asked (empty, too long, top_k out of range): a client error, not a server one.
    Still a ValueError, as it was before it joined the family."""


class SettingsError(QAError, ValueError):
    """A QA_* setting (or the option standing for it) has a value the settings refuse, or names a file that cannot
    be used (a fusion weights file). A ValueError too, as the errors it wraps are."""


def settings_error(exc: ValueError) -> SettingsError:
    """pydantic's multi-line validation error as one line naming each QA_* variable and the value given."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return SettingsError(f"invalid settings: {exc}")
    parts = []
    for error in errors():
        field = ".".join(str(part) for part in error.get("loc", ()))
        where = f"QA_{field.upper()}: " if field else ""
        given = f" (got {error['input']!r})" if field and "input" in error else ""
        parts.append(f"{where}{error.get('msg', 'invalid')}{given}")
    return SettingsError("invalid settings: " + "; ".join(parts))


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
