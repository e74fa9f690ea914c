"""The terminal rendering of an Answer for `qa ask` (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from qa.schemas import Answer


def marked(text: str, start: int, end: int) -> str:
    """The passage with text[start:end] highlighted; everything escaped (reports are untrusted)."""
    return f"{escape(text[:start])}[bold reverse]{escape(text[start:end])}[/]{escape(text[end:])}"


def render_answer(console: Console, answer: Answer) -> None:
    if answer.numbers:
        n = answer.numbers[0]
        qualifier = f"（{escape(n.qualifier)}）" if n.qualifier else ""
        console.print(f"[bold green]{escape(n.text)}[/]{qualifier}  {escape(n.subject)}")
    elif not answer.found:
        console.print("[bold yellow]报告中未找到[/]")
    if answer.kind:
        console.print(f"[dim]问题类型 {escape(answer.kind)}[/]")
    console.print(escape(answer.answer))
    by_id = {c.id: c for c in answer.citations}
    for citation in answer.citations[: 3 if answer.found else 2]:
        spans = [n for n in answer.numbers if n.citation == citation.id][:1]
        body = marked(citation.text, spans[0].start, spans[0].end) if spans else escape(citation.text)
        console.print(
            Panel(
                body,
                title=f"[{citation.id}] {escape(citation.title)} · {escape(citation.chunk_id)}",
                title_align="left",
                border_style="dim",
            )
        )
    if len(by_id) > 3:
        console.print(f"[dim]… {len(by_id) - 3} more passages (--json for all)[/]")
    console.print(f"[dim]{answer.took_ms:.0f} ms[/]")


def render_explain(console: Console, answer: Answer, features: int = 6) -> None:
    """The scorer's view: each candidate (and "no answer") with its score and its largest feature terms."""
    if not answer.explain:
        console.print("[dim]no candidates[/]")
        return
    table = Table(title="candidates (score = fitted logit; the answer is the best above “none”)")
    table.add_column("#", justify="right")
    table.add_column("type")
    table.add_column("text", max_width=32)
    table.add_column("cit.", justify="right")
    table.add_column("score", justify="right")
    table.add_column("p", justify="right")
    table.add_column(f"top {features} terms: weight × feature (feature value)", max_width=70)
    for i, cand in enumerate(answer.explain, 1):
        terms = sorted(cand.contributions.items(), key=lambda kv: -abs(kv[1]))[:features]
        shown = ", ".join(f"{escape(k)} {v:+.2f} ({cand.features.get(k, 0):.2f})" for k, v in terms)
        style = "bold" if cand.type == "none" else ""
        table.add_row(
            str(i),
            cand.type,
            escape(cand.text),
            "" if cand.citation is None else str(cand.citation),
            f"{cand.score:+.2f}",
            f"{cand.probability:.2f}",
            shown,
            style=style,
        )
    console.print(table)
