// The chat page, enhanced: the form posts to the JSON API instead of reloading, and the conversation
// stays on the page. Report text is untrusted: the DOM is built with textContent only, never innerHTML.
// The markup mirrors templates/_turn.html (the no-JavaScript path).
//
// The conversation is kept in this tab's sessionStorage, so it survives a visit to a cited report, Back
// and reload; its earlier turns go with each question as `history`, so a follow-up ("那平湖呢") is
// understood. A question waits at most `data-timeout-ms` of the form (30 s) and can be cancelled.
"use strict";

(() => {
  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const conversation = document.getElementById("conversation");
  const examples = document.querySelector("form.examples");
  if (!form || !input || !conversation) return;
  const submit = form.querySelector("button[type=submit]");
  const cancel = document.getElementById("cancel");
  const clear = document.getElementById("clear");

  const STORE = "qa.conversation";
  const SCROLL = "qa.scroll";
  const MAX_HISTORY = 8; // web/schemas.py MAX_HISTORY_TURNS
  const MAX_HISTORY_ANSWER = 1000; // web/schemas.py MAX_HISTORY_ANSWER_CHARS
  const MAX_STORED = 50;

  // -- building the markup ------------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A number with its magnitude and measure word, kept on one line (as web/view.py NUMBER_WITH_UNIT).
  const NUMBER_WITH_UNIT = /\d[\d,.]*[万亿千百]*[余多]?(?:[%％‰]|[\u4e00-\u9fff])/g;

  function numbered(parent, text) {
    let at = 0;
    for (const m of text.matchAll(NUMBER_WITH_UNIT)) {
      if (m.index > at) parent.append(document.createTextNode(text.slice(at, m.index)));
      parent.append(el("span", "num", m[0]));
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
    return parent;
  }

  // The passage with the given [start, end) spans in <mark>; bad or overlapping spans are skipped
  // (the same rule as web/view.py highlight).
  function passage(text, spans, markClass) {
    const quote = el("blockquote", "passage");
    let at = 0;
    for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
      if (!(start >= 0 && start < end && end <= text.length) || start < at) continue;
      if (start > at) numbered(quote, text.slice(at, start));
      quote.append(el("mark", markClass || "", text.slice(start, end)));
      at = end;
    }
    if (at < text.length) numbered(quote, text.slice(at));
    return quote;
  }

  // numbers[0] and the same value and unit in other passages (as web/view.py answer_numbers).
  function answerNumbers(a) {
    if (!a.numbers.length) return [];
    const best = a.numbers[0];
    return a.numbers.filter((n) => n.value === best.value && n.unit === best.unit);
  }

  // What to mark in a citation: the answer's number there, or for an answer with no number its clause
  // (as web/view.py answer_marks).
  function answerMarks(a, c) {
    const marks = answerNumbers(a).filter((n) => n.citation === c.id).map((n) => [n.start, n.end]);
    if (!a.numbers.length && a.span && a.span.citation === c.id) marks.push([a.span.start, a.span.end]);
    return marks;
  }

  // The document page at this passage, with the answer in it marked (as web/view.py passage_href).
  function passageHref(a, c) {
    const query = new URLSearchParams({ start: String(c.start), end: String(c.end) });
    const mark = answerMarks(a, c)[0];
    if (mark) query.set("mark", `${c.start + mark[0]}-${c.start + mark[1]}`);
    return `/documents/${encodeURIComponent(c.doc_id)}?${query}#passage`;
  }

  // Report title · place · section, each once (as web/view.py citation_header).
  function citationHeader(c) {
    const out = [];
    for (const [role, text] of [["title", c.title], ["place", c.place], ["section", c.section]]) {
      if (text && !out.some(([, t]) => t === text)) out.push([role, text]);
    }
    return out;
  }

  function citation(answer, c, no) {
    const li = el("li", "citation");
    const head = el("div", "cite-head");
    const from = el("span", "cite-from");
    citationHeader(c).forEach(([role, text], i) => {
      if (i) {
        const sep = el("span", "cite-sep", " · ");
        sep.setAttribute("aria-hidden", "true");
        from.append(sep);
      }
      from.append(el("span", `cite-${role}`, text));
    });
    head.append(el("span", "cite-no", no), from);
    const spans = answerMarks(answer, c);
    const link = el("a", "source", "在原文中查看 →");
    link.href = passageHref(answer, c);
    li.append(head, passage(c.text, spans, answer.numbers.length ? "" : "clause"), link);
    return li;
  }

  function citationList(answer, items, numbers) {
    const ol = el("ol", "citations");
    for (const c of items) ol.append(citation(answer, c, numbers.get(c.id)));
    return ol;
  }

  function renderAnswer(a) {
    const parts = [];
    if (a.resolved_question) parts.push(el("p", "understood", `理解为：${a.resolved_question}`));
    if (a.numbers.length) {
      const n = a.numbers[0];
      const headline = el("div", "headline");
      const counts = el("span", "counts");
      counts.append(el("span", "subject", n.subject));
      if (n.qualifier) counts.append(el("span", "qualifier", `约数：${n.qualifier}`));
      headline.append(el("span", "figure", n.text), counts);
      parts.push(headline);
    } else if (!a.found) {
      // Without any passage the question itself could not be taken up (an unresolvable follow-up): the
      // sentence says why; "not in the reports" would be wrong.
      const headline = el("div", "headline not-found");
      headline.append(el("span", "figure", a.citations.length ? "报告中未找到" : "无法回答"));
      parts.push(headline);
    }
    parts.push(numbered(el("p", "sentence"), a.answer));
    // Shown: the first passage and those a number comes from; the rest folded (as web/view.py
    // split_citations), numbered 1, 2, 3… in that order (display_numbers).
    const lead = new Set([a.citations.length ? a.citations[0].id : 1, ...answerNumbers(a).map((n) => n.citation)]);
    const shown = a.citations.filter((c) => lead.has(c.id));
    const folded = a.citations.filter((c) => !lead.has(c.id));
    const numbers = new Map([...shown, ...folded].map((c, i) => [c.id, i + 1]));
    if (shown.length) parts.push(citationList(a, shown, numbers));
    if (folded.length) {
      const more = el("details", "more");
      more.append(el("summary", "", `另有 ${folded.length} 处相关段落`), citationList(a, folded, numbers));
      parts.push(more);
    }
    parts.push(el("p", "meta", `用时 ${Math.round(a.took_ms)} 毫秒`));
    return parts;
  }

  function errorText(status, body) {
    const detail = body && body.detail;
    const text = Array.isArray(detail)
      ? detail.map((d) => (d && d.msg) || "").filter(Boolean).join("")
      : typeof detail === "string" ? detail : `服务器返回 ${status}`;
    const prefix = { 413: "问题太长：", 422: "问题无效：", 503: "索引未加载：" }[status] || "出错了：";
    return prefix + text;
  }

  function turnNode(question) {
    const turn = el("li", "turn");
    const q = el("p", "question");
    q.append(el("span", "", question));
    const answer = el("article", "answer");
    turn.append(q, answer);
    conversation.append(turn);
    return { turn, answer };
  }

  function fill(answer, entry) {
    if (entry.answer) answer.replaceChildren(...renderAnswer(entry.answer));
    else answer.replaceChildren(el("p", "error", entry.error || "没有回答。"));
  }

  // -- the conversation, kept in this tab ------------------------------------------------------------------

  function load() {
    try {
      const stored = JSON.parse(sessionStorage.getItem(STORE) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch {
      return [];
    }
  }

  const turns = load();

  function save() {
    try {
      sessionStorage.setItem(STORE, JSON.stringify(turns.slice(-MAX_STORED)));
    } catch {
      // storage full or disabled: the conversation still works, it just will not survive a reload
    }
  }

  // What a follow-up needs: the last answered turns, oldest first, within the API's bounds.
  function history() {
    return turns
      .filter((t) => t.answer)
      .slice(-MAX_HISTORY)
      .map((t) => ({ question: t.question, answer: (t.answer.answer || "").slice(0, MAX_HISTORY_ANSWER) }));
  }

  // -- asking ---------------------------------------------------------------------------------------------

  let pending = null; // { controller, reason }

  function setPending(on) {
    if (submit) submit.disabled = on;
    if (examples) for (const b of examples.querySelectorAll("button")) b.disabled = on;
    if (cancel) cancel.hidden = !on;
    if (clear) clear.disabled = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  async function ask(question) {
    if (pending) return;
    sessionStorage.removeItem(SCROLL);
    const { turn, answer } = turnNode(question);
    answer.setAttribute("aria-busy", "true");
    answer.append(el("p", "pending", "正在查找"));
    turn.scrollIntoView({ block: "nearest" });
    const timeoutMs = Number(form.dataset.timeoutMs) || 30000;
    const controller = new AbortController();
    pending = { controller, reason: null };
    const timer = setTimeout(() => {
      pending.reason = "timeout";
      controller.abort();
    }, timeoutMs);
    setPending(true);
    const entry = { question };
    try {
      const response = await fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question, history: history() }),
        signal: controller.signal,
      });
      const body = await response.json().catch(() => null);
      if (response.ok && body) entry.answer = body;
      else entry.error = errorText(response.status, body);
    } catch {
      entry.error =
        pending.reason === "timeout"
          ? `等了 ${Math.round(timeoutMs / 1000)} 秒还没有回答，已停止等待。请稍后再试。`
          : pending.reason === "cancel"
            ? "已取消。"
            : "无法连接服务器，请稍后再试。";
    } finally {
      clearTimeout(timer);
      pending = null;
      setPending(false);
      answer.removeAttribute("aria-busy");
    }
    fill(answer, entry);
    turns.push(entry);
    save();
    turn.scrollIntoView({ block: "start", behavior: "smooth" });
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = input.value;
    if (!question.trim()) {
      input.focus();
      return;
    }
    if (pending) return;
    input.value = "";
    ask(question);
  });

  if (cancel) {
    cancel.addEventListener("click", () => {
      if (!pending) return;
      pending.reason = "cancel";
      pending.controller.abort();
    });
  }

  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", () => {
      if (pending) return;
      turns.length = 0;
      save();
      conversation.replaceChildren();
      input.focus();
    });
  }

  if (examples) {
    examples.addEventListener("submit", (event) => {
      event.preventDefault();
      const question = event.submitter && event.submitter.value;
      if (question) ask(question);
    });
  }

  // Leaving for a cited report: remember where the reader was, to come back to the same place.
  conversation.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a.source");
    if (link) sessionStorage.setItem(SCROLL, String(window.scrollY));
  });

  // Back to the chat (a reload, or the report page's "返回问答"): the conversation as it was.
  if (turns.length && !conversation.querySelector(".turn")) {
    for (const entry of turns) fill(turnNode(entry.question).answer, entry);
    const y = Number(sessionStorage.getItem(SCROLL));
    if (y) window.scrollTo(0, y);
    else conversation.lastElementChild.scrollIntoView({ block: "start" });
  }
})();
