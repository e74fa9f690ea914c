"""report.html: one self-contained page (no CDN, no script) with a recall@k plot per mode drawn as inline
SVG, the metric tables and the failed questions with what came back. Jinja2 autoescapes everything —
questions and passages are untrusted text."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from eval.keys import grouped
from eval.runner import EvalResult

MAX_FAILED = 300  # the rest are in results.json
COLOURS = {"bm25": "#1f77b4", "dense": "#d62728", "hybrid": "#2ca02c"}
W, H, LEFT, RIGHT, TOP, BOTTOM = 560, 320, 48, 110, 16, 40


def plot_points(curves: dict[str, list[float]]) -> list[dict[str, Any]]:
    """SVG coordinates for each mode's recall@1..k polyline (y from 0 at the bottom to 1 at the top)."""
    k = max((len(c) for c in curves.values()), default=1)
    span_x, span_y = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i: int) -> float:  # i is 1-based k
        return LEFT + (span_x * (i - 1) / (k - 1) if k > 1 else span_x / 2)

    def y(v: float) -> float:
        return TOP + span_y * (1 - v)

    lines = []
    for mode, curve in curves.items():
        points = [(round(x(i), 1), round(y(v), 1), i, v) for i, v in enumerate(curve, 1)]
        lines.append(
            {
                "mode": mode,
                "colour": COLOURS.get(mode, "#555"),
                "points": points,
                "path": " ".join(f"{px},{py}" for px, py, _, _ in points),
            }
        )
    return lines


def _axes(k: int) -> dict[str, Any]:
    span_x, span_y = W - LEFT - RIGHT, H - TOP - BOTTOM
    ticks_x = sorted({1, k, *range(5, k + 1, 5)}) if k > 1 else [1]
    return {
        "y": [(round(TOP + span_y * (1 - v), 1), f"{v:.2f}") for v in (0, 0.25, 0.5, 0.75, 1)],
        "x": [(round(LEFT + (span_x * (i - 1) / (k - 1) if k > 1 else span_x / 2), 1), i) for i in ticks_x],
    }


_TEMPLATE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>eval · {{ r.set_name }}</title>
<style>
 body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
 table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
 th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
 td.num { text-align: right; font-variant-numeric: tabular-nums; }
 .fail { color: #b00; } .ok { color: #070; } .muted { color: #777; }
 .fails td { font-size: 13px; max-width: 28rem; word-break: break-all; }
 svg text { font: 11px system-ui, sans-serif; }
</style>
</head>
<body>
<h1>eval · {{ r.set_name }}</h1>
<p class="muted">{{ r.kind }} set {{ r.meta.path }} · {{ r.meta.questions }} questions
 ({{ r.meta.retrieval_questions }} with relevant documents, {{ r.meta.answer_questions }} asked) ·
 index {{ r.meta.index_dir }} ({{ r.meta.documents }} documents, {{ r.meta.chunks }} chunks,
 model {{ r.meta.embed_model }}) · k = {{ r.k }} · {{ r.meta.created }} · {{ r.meta.seconds }} s</p>
{% if r.meta.skipped %}<p class="muted">Skipped (empty query text): {{ r.meta.skipped | join(", ") }}</p>{% endif %}
{% if r.meta.unmatched %}<p class="fail">No indexed document matches the relevant doc of: {{ r.meta.unmatched | join(", ") }}</p>{% endif %}

<h2>Recall@k</h2>
{% if lines %}
<svg xmlns="http://www.w3.org/2000/svg" width="{{ W }}" height="{{ H }}" viewBox="0 0 {{ W }} {{ H }}" role="img"
     aria-label="recall at k per retrieval mode">
 {% for py, label in axes.y %}
 <line x1="{{ LEFT }}" x2="{{ W - RIGHT }}" y1="{{ py }}" y2="{{ py }}" stroke="#e5e5e5"/>
 <text x="{{ LEFT - 6 }}" y="{{ py + 4 }}" text-anchor="end">{{ label }}</text>
 {% endfor %}
 {% for px, label in axes.x %}
 <text x="{{ px }}" y="{{ H - BOTTOM + 16 }}" text-anchor="middle">{{ label }}</text>
 {% endfor %}
 <text x="{{ (LEFT + W - RIGHT) / 2 }}" y="{{ H - 6 }}" text-anchor="middle">k</text>
 <line x1="{{ LEFT }}" x2="{{ LEFT }}" y1="{{ TOP }}" y2="{{ H - BOTTOM }}" stroke="#888"/>
 <line x1="{{ LEFT }}" x2="{{ W - RIGHT }}" y1="{{ H - BOTTOM }}" y2="{{ H - BOTTOM }}" stroke="#888"/>
 {% for line in lines %}
 <polyline fill="none" stroke="{{ line.colour }}" stroke-width="2" points="{{ line.path }}"/>
 {% for px, py, i, v in line.points %}<circle cx="{{ px }}" cy="{{ py }}" r="3" fill="{{ line.colour }}"><title>{{ line.mode }} recall@{{ i }} = {{ "%.4f" | format(v) }}</title></circle>{% endfor %}
 <rect x="{{ W - RIGHT + 14 }}" y="{{ TOP + 18 * loop.index0 }}" width="12" height="12" fill="{{ line.colour }}"/>
 <text x="{{ W - RIGHT + 32 }}" y="{{ TOP + 18 * loop.index0 + 10 }}">{{ line.mode }}</text>
 {% endfor %}
</svg>
{% else %}<p class="muted">No question has a relevant document: no retrieval metrics.</p>{% endif %}

<h2>Metrics</h2>
{% if retrieval_names %}
<table>
 <tr><th>metric</th>{% for mode in modes %}<th>{{ mode }}</th>{% endfor %}</tr>
 {% for name in retrieval_names %}
 <tr><td>{{ name }}</td>{% for mode in modes %}<td class="num">{{ fmt(name, groups.get(mode, {}).get(name)) }}</td>{% endfor %}</tr>
 {% endfor %}
</table>
{% endif %}
{% if groups.answer %}
<table>
 <tr><th>answer metric (Assistant.ask, hybrid)</th><th>value</th></tr>
 {% for name, value in groups.answer.items() %}<tr><td>{{ name }}</td><td class="num">{{ fmt(name, value) }}</td></tr>{% endfor %}
</table>
{% endif %}

<h2>Failed questions ({{ failed | length }})</h2>
{% if failed %}
<table class="fails">
 <tr><th>id</th><th>question</th><th>failed</th><th>expected</th><th>returned</th><th>retrieved documents</th></tr>
 {% for row in failed[:max_failed] %}
 <tr>
  <td>{{ row.id }}</td>
  <td>{{ row.question }}</td>
  <td class="fail">{% for key, ok in row.passed.items() if not ok %}{{ key }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td>
  <td>{% if row.expected.answers is defined %}{{ row.expected.answers | join(" | ") }}{% else %}
   {% if row.expected.answer %}{{ row.expected.answer.value }} {{ row.expected.answer.unit }}{% if row.expected.answer.also %} (also {{ row.expected.answer.also | join(", ") }}){% endif %} from {{ row.expected.doc }}<br>{% endif %}
   {% if row.expected.unanswerable %}not found, no number<br>{% endif %}
   {% if row.expected.evidence %}evidence: {{ row.expected.evidence | join(" | ") }}{% endif %}
   {% if not row.expected.answer and not row.expected.unanswerable and not row.expected.evidence %}doc {{ row.expected.doc }}{% endif %}
  {% endif %}</td>
  <td>{% if row.answer %}
   found: {{ row.answer.found }}<br>
   {% if row.answer.number %}number: {{ row.answer.number.value }} {{ row.answer.number.unit }} (“{{ row.answer.number.text }}”, citation {{ row.answer.number.citation }})<br>{% endif %}
   {{ row.answer.text }}<br>
   <span class="muted">citations: {% for c in row.answer.citations %}[{{ c.id }}] {{ c.chunk_id }}{% if not loop.last %}, {% endif %}{% endfor %}</span>
  {% else %}<span class="muted">not asked</span>{% endif %}</td>
  <td>{% for mode, docs in row.retrieved.items() %}{{ mode }}: {{ docs[:5] | join(", ") }}{% if row.rank[mode] %} (relevant at {{ row.rank[mode] }}){% else %} (relevant not in top {{ r.k }}){% endif %}<br>{% endfor %}
   <span class="muted">relevant: {{ row.relevant | join(", ") }}</span></td>
 </tr>
 {% endfor %}
</table>
{% if failed | length > max_failed %}<p class="muted">… {{ failed | length - max_failed }} more in results.json.</p>{% endif %}
{% else %}<p class="ok">None.</p>{% endif %}
</body>
</html>
"""

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def fmt(name: str, value: float | None) -> str:
    """Shares to 4 places, milliseconds to 2; "–" where a mode did not produce the metric."""
    if value is None:
        return "–"
    return f"{value:.2f}" if name.endswith("_ms") else f"{value:.4f}"


def render_html(result: EvalResult, failed: list[dict[str, Any]]) -> str:
    groups = grouped(result.metrics)
    retrieval_names: list[str] = []
    for mode in result.modes:
        for name in groups.get(mode, {}):
            if name not in retrieval_names:
                retrieval_names.append(name)
    return _ENV.from_string(_TEMPLATE).render(
        r=result,
        lines=plot_points(result.curves),
        axes=_axes(result.k),
        modes=result.modes,
        groups=groups,
        retrieval_names=retrieval_names,
        failed=failed,
        max_failed=MAX_FAILED,
        fmt=fmt,
        W=W,
        H=H,
        LEFT=LEFT,
        RIGHT=RIGHT,
        TOP=TOP,
        BOTTOM=BOTTOM,
    )
