"""report.html: one self-contained page (no CDN, no server) that a reader can use.

- each metric defined in one line;
- figures for all questions, the train split and the held-out split side by side;
- recall@k as small multiples (one plot per mode and split, one line each, so no line hides another),
  inline SVG;
- every question with pass/fail, its split and what came back, and a filter (pass/fail, split, mode)
  in a few lines of inline JS that only toggles rows: every string of the set is rendered by Jinja2 with
  autoescape (questions and passages are untrusted text) and none is placed inside the script.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from eval.keys import grouped
from eval.results import DEFINITIONS, SPLIT_NAMES, EvalResult, row_passed

COLOURS = {"bm25": "#1f77b4", "dense": "#d62728", "hybrid": "#2ca02c"}
SPLIT_LABELS = {"all": "all", "train": "train", "heldout": "held-out"}
W, H, LEFT, RIGHT, TOP, BOTTOM = 260, 170, 40, 12, 12, 34
MAX_TEXT = 300  # characters of an answer shown per question; the whole text is in results.json


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
        "y": [(round(TOP + span_y * (1 - v), 1), f"{v:.1f}") for v in (0, 0.5, 1)],
        "x": [(round(LEFT + (span_x * (i - 1) / (k - 1) if k > 1 else span_x / 2), 1), i) for i in ticks_x],
    }


def small_multiples(result: EvalResult) -> list[dict[str, Any]]:
    """One plot per (split, mode) that has a curve: a row of plots per split."""
    grid = []
    for split in SPLIT_NAMES:
        curves = result.curves_by_split.get(split, {})
        plots = []
        for mode in result.modes:
            if mode in curves:
                (line,) = plot_points({mode: curves[mode]})
                plots.append({"mode": mode, "line": line})
        if plots:
            judged = sum(1 for row in result.rows if (split == "all" or row["split"] == split) and row["relevant"])
            grid.append({"split": split, "label": SPLIT_LABELS[split], "plots": plots, "judged": judged})
    return grid


_TEMPLATE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eval · {{ r.set_name }}</title>
<style>
 body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; padding: 0 1rem; }
 table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
 th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
 td.num { text-align: right; font-variant-numeric: tabular-nums; }
 .fail { color: #b00; } .ok { color: #070; } .muted { color: #777; }
 dl.defs { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
 dl.defs dt { font-weight: 600; } dl.defs dd { margin: 0; }
 .grid { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin-bottom: .75rem; }
 figure { margin: 0; } figcaption { font-size: 12px; color: #444; }
 svg text { font: 10px system-ui, sans-serif; }
 #questions td { font-size: 13px; max-width: 26rem; overflow-wrap: anywhere; }
 .filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #ddd; }
 .filters label { margin-right: 1rem; }
 .badge { display: inline-block; padding: 0 .35rem; border-radius: 3px; font-size: 12px; }
 .badge.pass { background: #e3f4e3; color: #060; } .badge.fail { background: #fbe3e3; color: #a00; }
 .split-heldout { font-weight: 600; }
 [hidden] { display: none !important; }  /* .badge sets display: without this, hidden badges stay visible */
</style>
</head>
<body>
<h1>eval · {{ r.set_name }}</h1>
<p class="muted">{{ r.kind }} set {{ r.meta.path }} · {{ r.meta.questions }} questions
 (train {{ sizes.train }}, held-out {{ sizes.heldout }}{% if r.split != "all" %}; this run: {{ split_labels[r.split] }} only{% endif %}{% if r.meta.limit %}; first {{ r.meta.limit }} only{% endif %}{% if r.meta.answers and r.meta.answers != "all" %}; asked: {{ r.meta.answers }}{% endif %};
 {{ r.meta.retrieval_questions }} with relevant documents, {{ r.meta.answer_questions }} asked) ·
 index {{ r.meta.index_dir }} ({{ r.meta.documents }} documents, {{ r.meta.chunks }} chunks,
 model {{ r.meta.embed_model }}) · k = {{ r.k }} · {{ r.meta.created }} · {{ r.meta.seconds }} s</p>
<p class="muted">Splits: a question's split is fixed by a hash of its id (eval/splits.py, 30% held out).
 Weights and settings may be tuned on <b>train</b> only; <b>held-out</b> figures are the ones that say how the
 assistant does on questions nobody tuned on.</p>
{% if r.meta.skipped %}<p class="muted">Skipped (empty query text): {{ r.meta.skipped | join(", ") }}</p>{% endif %}
{% if r.meta.unmatched %}<p class="fail">No indexed document matches the relevant doc of: {{ r.meta.unmatched | join(", ") }}</p>{% endif %}

<h2>What each metric means</h2>
<dl class="defs">
{% for name, text in definitions.items() %}<dt>{{ name }}</dt><dd>{{ text }}</dd>
{% endfor %}</dl>

<h2>Figures by split</h2>
{% if retrieval_names %}
<table id="retrieval">
 <tr><th rowspan="2">retrieval metric</th>{% for mode in modes %}<th colspan="{{ splits | length }}">{{ mode }}</th>{% endfor %}</tr>
 <tr>{% for mode in modes %}{% for s in splits %}<th>{{ split_labels[s] }}</th>{% endfor %}{% endfor %}</tr>
 {% for name in retrieval_names %}
 <tr><td>{{ name }}</td>{% for mode in modes %}{% for s in splits %}<td class="num">{{ fmt(name, groups[s].get(mode, {}).get(name)) }}</td>{% endfor %}{% endfor %}</tr>
 {% endfor %}
</table>
{% endif %}
{% if answer_names %}
<table id="answers">
 <tr><th>answer metric (Assistant.ask, hybrid)</th>{% for s in splits %}<th>{{ split_labels[s] }}</th>{% endfor %}</tr>
 {% for name in answer_names %}
 <tr><td>{{ name }}</td>{% for s in splits %}<td class="num">{{ fmt(name, groups[s].get("answer", {}).get(name)) }}{% if count_of(s, name) %} <span class="muted">({{ count_of(s, name) }})</span>{% endif %}</td>{% endfor %}</tr>
 {% endfor %}
</table>
{% endif %}

<h2>Recall@k, one plot per mode and split</h2>
{% if grid %}
{% for row in grid %}
<div class="grid" data-split="{{ row.split }}">
 {% for p in row.plots %}
 <figure class="plot" data-mode="{{ p.mode }}" data-split="{{ row.split }}">
  <figcaption>{{ p.mode }} · {{ row.label }} ({{ row.judged }} questions)</figcaption>
  <svg xmlns="http://www.w3.org/2000/svg" width="{{ W }}" height="{{ H }}" viewBox="0 0 {{ W }} {{ H }}" role="img"
       aria-label="recall at k, {{ p.mode }}, {{ row.label }}">
   {% for py, label in axes.y %}
   <line x1="{{ LEFT }}" x2="{{ W - RIGHT }}" y1="{{ py }}" y2="{{ py }}" stroke="#e5e5e5"/>
   <text x="{{ LEFT - 5 }}" y="{{ py + 3 }}" text-anchor="end">{{ label }}</text>
   {% endfor %}
   {% for px, label in axes.x %}<text x="{{ px }}" y="{{ H - BOTTOM + 13 }}" text-anchor="middle">{{ label }}</text>{% endfor %}
   <text x="{{ (LEFT + W - RIGHT) / 2 }}" y="{{ H - 4 }}" text-anchor="middle">k</text>
   <line x1="{{ LEFT }}" x2="{{ LEFT }}" y1="{{ TOP }}" y2="{{ H - BOTTOM }}" stroke="#888"/>
   <line x1="{{ LEFT }}" x2="{{ W - RIGHT }}" y1="{{ H - BOTTOM }}" y2="{{ H - BOTTOM }}" stroke="#888"/>
   <polyline fill="none" stroke="{{ p.line.colour }}" stroke-width="2" points="{{ p.line.path }}"/>
   {% for px, py, i, v in p.line.points %}<circle cx="{{ px }}" cy="{{ py }}" r="2.5" fill="{{ p.line.colour }}"><title>{{ p.mode }} · {{ row.label }} · recall@{{ i }} = {{ "%.4f" | format(v) }}</title></circle>{% endfor %}
  </svg>
 </figure>
 {% endfor %}
</div>
{% endfor %}
{% else %}<p class="muted">No question has a relevant document: no retrieval metrics.</p>{% endif %}

<h2>Every question</h2>
<form class="filters" id="filters" onsubmit="return false">
 <label>result <select id="f-status"><option value="all">all</option><option value="pass">pass</option><option value="fail">fail</option></select></label>
 <label>split <select id="f-split"><option value="all">all</option><option value="train">train</option><option value="heldout">held-out</option></select></label>
 <label>mode <select id="f-mode">{% for mode in modes %}<option value="{{ mode }}"{% if mode == main_mode %} selected{% endif %}>{{ mode }}</option>{% endfor %}</select></label>
 <span id="shown">{{ r.rows | length }} of {{ r.rows | length }} questions shown</span>
</form>
<p class="muted">A question passes in a mode when every answer check passed and, if it has relevant documents,
 one is in that mode's top {{ ev_k }}. The mode chosen decides which pass/fail is shown and filtered.</p>
<table id="questions">
 <thead><tr><th>id</th><th>split</th><th>question</th><th>result</th><th>checks</th><th>expected</th><th>returned</th><th>rank of relevant</th></tr></thead>
 <tbody>
 {% for row in r.rows %}
 <tr class="q" data-split="{{ row.split }}"{% for mode in modes %} data-pass-{{ mode }}="{{ 1 if passed(row, mode) else 0 }}"{% endfor %}>
  <td>{{ row.id }}</td>
  <td class="split-{{ row.split }}">{{ split_labels[row.split] }}</td>
  <td>{{ row.question }}</td>
  <td>{% for mode in modes %}<span class="badge st {{ 'pass' if passed(row, mode) else 'fail' }}" data-mode="{{ mode }}"{% if mode != main_mode %} hidden{% endif %}>{{ 'pass' if passed(row, mode) else 'fail' }}</span>{% endfor %}</td>
  <td>{% for key, ok in row.passed.items() %}<span class="{{ 'ok' if ok else 'fail' }}">{{ key }} {{ '✓' if ok else '✗' }}</span>{% if not loop.last %}<br>{% endif %}{% endfor %}</td>
  <td>{% if row.expected.answers is defined %}{% if row.expected.unanswerable %}not in the texts: found=false, no number{% else %}{{ row.expected.answers | join(" | ") }}{% if row.expected.number %} ({{ row.expected.number.value }} {{ row.expected.number.unit }}){% endif %}{% endif %}{% else %}
   {% if row.expected.answer %}{{ row.expected.answer.value }} {{ row.expected.answer.unit }}{% if row.expected.answer.also %} (also {{ row.expected.answer.also | join(", ") }}){% endif %} from {{ row.expected.doc }}<br>{% endif %}
   {% if row.expected.unanswerable %}not found, no number<br>{% endif %}
   {% if row.expected.evidence %}evidence: {{ row.expected.evidence | join(" | ") }}{% endif %}
   {% if not row.expected.answer and not row.expected.unanswerable and not row.expected.evidence %}doc {{ row.expected.doc }}{% endif %}
  {% endif %}</td>
  <td>{% if row.answer %}found: {{ row.answer.found }}<br>
   {% if row.answer.number %}number: {{ row.answer.number.value }} {{ row.answer.number.unit }} (“{{ row.answer.number.text }}”, citation {{ row.answer.number.citation }})<br>{% endif %}
   {{ row.answer.text | truncate(max_text, True, "…") }}<br>
   <span class="muted">citations: {% for c in row.answer.citations %}[{{ c.id }}] {{ c.chunk_id }}{% if not loop.last %}, {% endif %}{% endfor %}</span>
  {% else %}<span class="muted">not asked</span>{% endif %}</td>
  <td>{% if row.relevant %}{% for mode, docs in row.retrieved.items() %}{{ mode }}: {{ row.rank[mode] if row.rank[mode] else "not in top " ~ r.k }}<br>{% endfor %}
   <span class="muted">relevant: {{ row.relevant | join(", ") }}</span>{% else %}<span class="muted">no relevant document</span>{% endif %}</td>
 </tr>
 {% endfor %}
 </tbody>
</table>
<script>
(function () {
  "use strict";
  var status = document.getElementById("f-status");
  var split = document.getElementById("f-split");
  var mode = document.getElementById("f-mode");
  var shown = document.getElementById("shown");
  var rows = document.querySelectorAll("#questions tr.q");
  function apply() {
    var n = 0;
    rows.forEach(function (tr) {
      var pass = tr.getAttribute("data-pass-" + mode.value) === "1";
      var ok = (split.value === "all" || tr.getAttribute("data-split") === split.value) &&
        (status.value === "all" || (status.value === "pass") === pass);
      tr.hidden = !ok;
      if (ok) { n += 1; }
      tr.querySelectorAll(".st").forEach(function (b) { b.hidden = b.getAttribute("data-mode") !== mode.value; });
    });
    shown.textContent = n + " of " + rows.length + " questions shown";
  }
  [status, split, mode].forEach(function (el) { el.addEventListener("change", apply); });
  apply();
})();
</script>
</body>
</html>
"""

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def fmt(name: str, value: float | None) -> str:
    """Shares to 4 places, milliseconds to 2; "–" where a mode or split did not produce the metric."""
    if value is None:
        return "–"
    return f"{value:.2f}" if name.endswith("_ms") else f"{value:.4f}"


_COUNTED = {
    "number_accuracy": "number",
    "abstention_accuracy": "abstention",
    "evidence@5": "evidence",
    "sentence_has_gold": "sentence",
    "pass_rate": "pass",
}


def render_html(result: EvalResult) -> str:
    splits = [s for s in SPLIT_NAMES if result.split in ("all", s)]
    groups = {s: grouped(result.by_split.get(s, {})) for s in SPLIT_NAMES}
    retrieval_names: list[str] = []
    answer_names: list[str] = []
    for s in splits:
        for mode in result.modes:
            retrieval_names += [n for n in groups[s].get(mode, {}) if n not in retrieval_names]
        answer_names += [n for n in groups[s].get("answer", {}) if n not in answer_names]

    def count_of(split: str, name: str) -> str:
        pair = result.counts.get(split, {}).get(_COUNTED.get(name, ""))
        return f"{pair[0]}/{pair[1]}" if pair else ""

    return _ENV.from_string(_TEMPLATE).render(
        r=result,
        sizes={s: sum(1 for row in result.rows if row["split"] == s) for s in ("train", "heldout")},
        definitions=DEFINITIONS,
        splits=splits,
        split_labels=SPLIT_LABELS,
        modes=result.modes,
        main_mode="hybrid" if "hybrid" in result.modes else result.modes[-1],
        groups=groups,
        retrieval_names=retrieval_names,
        answer_names=answer_names,
        count_of=count_of,
        grid=small_multiples(result),
        axes=_axes(result.k),
        passed=lambda row, mode: row_passed(row, mode, result.k),
        ev_k=min(5, result.k),
        max_text=MAX_TEXT,
        fmt=fmt,
        W=W,
        H=H,
        LEFT=LEFT,
        RIGHT=RIGHT,
        TOP=TOP,
        BOTTOM=BOTTOM,
    )
