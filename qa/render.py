"""The terminal rendering of an Answer for `qa ask` (rich)."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

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
    if answer.kind:
        console.print(f"[dim]问题类型 {safe(answer.kind)}[/]")
    console.print(safe(answer.answer))
    by_id = {c.id: c for c in answer.citations}
    for citation in answer.citations[: 3 if answer.found else 2]:
        spans = [(n.start, n.end) for n in answer.numbers if n.citation == citation.id][:1]
        if not answer.numbers and answer.span is not None and answer.span.citation == citation.id:
            spans = [(answer.span.start, answer.span.end)]  # a who/what/how answer: its clause
        body = marked(citation.text, *spans[0]) if spans else safe(citation.text)
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
        shown = ", ".join(f"{safe(k)} {v:+.2f} ({cand.features.get(k, 0):.2f})" for k, v in terms)
        style = "bold" if cand.type in ("none", "gate") else ""
        table.add_row(
            str(i),
            cand.type,
            safe(cand.text),
            "" if cand.citation is None else str(cand.citation),
            f"{cand.score:+.2f}",
            f"{cand.probability:.2f}",
            shown,
            style=style,
        )
    console.print(table)
