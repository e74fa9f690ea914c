"""The terminal rendering of an Answer for `qa ask` (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from qa.schemas import Answer


def marked(text: str, start: int, end: int) -> str:
    """The passage with text[start:end] highlighted; everything escaped (reports are untrusted)."""
    return f"{escape(text[:start])}[bold reverse]{escape(text[start:end])}[/]{escape(text[end:])}"


def render_answer(console: Console, answer: Answer) -> None:
    if answer.resolved_question:
        console.print(f"[dim]理解为：{escape(answer.resolved_question)}[/]")
    if answer.numbers:
        n = answer.numbers[0]
        qualifier = f"（{escape(n.qualifier)}）" if n.qualifier else ""
        console.print(f"[bold green]{escape(n.text)}[/]{qualifier}  {escape(n.subject)}")
    elif not answer.found:
        console.print("[bold yellow]报告中未找到[/]")
    console.print(escape(answer.answer))
    by_id = {c.id: c for c in answer.citations}
    for citation in answer.citations[: 3 if answer.found else 2]:
        spans = [n for n in answer.numbers if n.citation == citation.id][:1]
        body = marked(citation.text, spans[0].start, spans[0].end) if spans else escape(citation.text)
        console.print(
            Panel(
                body,
                title=f"[{citation.id}] "
                + " · ".join(escape(p) for p in (citation.title, citation.place, citation.section) if p),
                title_align="left",
                border_style="dim",
            )
        )
    if len(by_id) > 3:
        console.print(f"[dim]… {len(by_id) - 3} more passages (--json for all)[/]")
    console.print(f"[dim]{answer.took_ms:.0f} ms[/]")
