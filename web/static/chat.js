// The chat page, enhanced: the form posts to the JSON API instead of reloading, and the conversation
// stays on the page. Report text is untrusted: the DOM is built with textContent only, never innerHTML.
// The markup mirrors templates/_turn.html (the no-JavaScript path).
"use strict";

(() => {
  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const conversation = document.getElementById("conversation");
  const examples = document.querySelector("form.examples");
  if (!form || !input || !conversation) return;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // The passage with the given [start, end) spans in <mark>; bad or overlapping spans are skipped
  // (the same rule as web/view.py highlight).
  function passage(text, spans) {
    const quote = el("blockquote", "passage");
    let at = 0;
    for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
      if (!(start >= 0 && start < end && end <= text.length) || start < at) continue;
      if (start > at) quote.append(document.createTextNode(text.slice(at, start)));
      quote.append(el("mark", "", text.slice(start, end)));
      at = end;
    }
    if (at < text.length) quote.append(document.createTextNode(text.slice(at)));
    return quote;
  }

  function passageHref(c) {
    const query = new URLSearchParams({ start: String(c.start), end: String(c.end) });
    return `/documents/${encodeURIComponent(c.doc_id)}?${query}#passage`;
  }

  // numbers[0] and the same value and unit in other passages (as web/view.py answer_numbers).
  function answerNumbers(a) {
    if (!a.numbers.length) return [];
    const best = a.numbers[0];
    return a.numbers.filter((n) => n.value === best.value && n.unit === best.unit);
  }

  function citation(answer, c) {
    const li = el("li", "citation");
    const head = el("div", "cite-head");
    head.append(el("span", "cite-no", c.id), el("span", "cite-title", c.title));
    const spans = answerNumbers(answer).filter((n) => n.citation === c.id).map((n) => [n.start, n.end]);
    const link = el("a", "source", "在原文中查看 →");
    link.href = passageHref(c);
    li.append(head, passage(c.text, spans), link);
    return li;
  }

  function citationList(answer, items) {
    const ol = el("ol", "citations");
    for (const c of items) ol.append(citation(answer, c));
    return ol;
  }

  function renderAnswer(a) {
    const parts = [];
    if (a.numbers.length) {
      const n = a.numbers[0];
      const headline = el("div", "headline");
      const counts = el("span", "counts");
      counts.append(el("span", "subject", n.subject));
      if (n.qualifier) counts.append(el("span", "qualifier", `约数：${n.qualifier}`));
      headline.append(el("span", "figure", n.text), counts);
      parts.push(headline);
    } else if (!a.found) {
      const headline = el("div", "headline not-found");
      headline.append(el("span", "figure", "报告中未找到"));
      parts.push(headline);
    }
    parts.push(el("p", "sentence", a.answer));
    // Shown: the first passage and those a number comes from; the rest folded (as web/view.py split_citations).
    const lead = new Set([1, ...answerNumbers(a).map((n) => n.citation)]);
    const shown = a.citations.filter((c) => lead.has(c.id));
    const folded = a.citations.filter((c) => !lead.has(c.id));
    if (shown.length) parts.push(citationList(a, shown));
    if (folded.length) {
      const more = el("details", "more");
      more.append(el("summary", "", `另有 ${folded.length} 处相关段落`), citationList(a, folded));
      parts.push(more);
    }
    parts.push(el("p", "meta", `用时 ${Math.round(a.took_ms)} 毫秒`));
    return parts;
  }

  function errorMessage(status, body) {
    const detail = body && body.detail;
    const text = Array.isArray(detail)
      ? detail.map((d) => (d && d.msg) || JSON.stringify(d)).join("；")
      : typeof detail === "string" ? detail : `服务器返回 ${status}`;
    const prefix = { 413: "问题太长：", 422: "问题无效：", 503: "索引未加载：" }[status] || "出错了：";
    return el("p", "error", prefix + text);
  }

  async function ask(question) {
    const turn = el("li", "turn");
    const q = el("p", "question");
    q.append(el("span", "", question));
    const answer = el("article", "answer");
    answer.setAttribute("aria-busy", "true");
    answer.append(el("p", "pending", "正在查找"));
    turn.append(q, answer);
    conversation.append(turn);
    turn.scrollIntoView({ block: "nearest" });
    try {
      const response = await fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question }),
      });
      const body = await response.json().catch(() => null);
      answer.replaceChildren(...(response.ok && body ? renderAnswer(body) : [errorMessage(response.status, body)]));
    } catch {
      answer.replaceChildren(el("p", "error", "无法连接服务器，请稍后再试。"));
    } finally {
      answer.removeAttribute("aria-busy");
    }
    turn.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = input.value;
    if (!question.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    ask(question);
  });

  if (examples) {
    examples.addEventListener("submit", (event) => {
      event.preventDefault();
      const question = event.submitter && event.submitter.value;
      if (question) ask(question);
    });
  }
})();
