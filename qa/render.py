"""The terminal rendering of an Answer for `qa ask` (rich)."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from qa.schemas import Answer

# What a terminal would act on instead of showing: C0 controls but tab and newline (ESC starts colour,
# cursor and title sequences; CR overwrites a line), DEL, C1 controls (U+009B is a one-character CSI) and
# the bidirectional overrides that reorder what is shown.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would interpret shown as a visible escape (\\x1b)."""
    return _TERMINAL_UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_terminal_safe(body: str) -> str:
    """A JSON document safe to print: json.dumps already escapes C0 controls; DEL, C1 controls and bidi
    overrides (legal inside JSON strings) become \\u escapes, which decode to the same string."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def safe(text: str) -> str:
    """Escaped for rich markup and safe for the terminal (reports are untrusted)."""
    return escape(terminal_safe(text))


def marked(text: str, start: int, end: int) -> str:
    """The passage with text[start:end] highlighted; everything escaped (reports are untrusted)."""
    return f"{safe(text[:start])}[bold reverse]{safe(text[start:end])}[/]{safe(text[end:])}"


def render_answer(console: Console, answer: Answer) -> None:
    if answer.resolved_question:
        console.print(f"[dim]理解为：{safe(answer.resolved_question)}[/]")
    if answer.numbers:
        n = answer.numbers[0]
        qualifier = f"（{safe(n.qualifier)}）" if n.qualifier else ""
        console.print(f"[bold green]{safe(n.text)}[/]{qualifier}  {safe(n.subject)}")
    elif not answer.found:
        console.print("[bold yellow]报告中未找到[/]")
    console.print(safe(answer.answer))
    by_id = {c.id: c for c in answer.citations}
    for citation in answer.citations[: 3 if answer.found else 2]:
        spans = [n for n in answer.numbers if n.citation == citation.id][:1]
        body = marked(citation.text, spans[0].start, spans[0].end) if spans else safe(citation.text)
        console.print(
            Panel(
                body,
                title=f"[{citation.id}] "
                + " · ".join(safe(p) for p in (citation.title, citation.place, citation.section) if p),
                title_align="left",
                border_style="dim",
            )
        )
    if len(by_id) > 3:
        console.print(f"[dim]… {len(by_id) - 3} more passages (--json for all)[/]")
    console.print(f"[dim]{answer.took_ms:.0f} ms[/]")
