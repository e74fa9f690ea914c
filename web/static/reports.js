// The reports page: upload (several files), delete (after a confirm), and the list and the rebuild's
// progress kept current while the index is rebuilt. Everything from the server (file names, titles,
// reasons) is put in the page as text (textContent), never as markup.
"use strict";

(() => {
  const root = document.getElementById("reports");
  if (!root) return;
  const form = document.getElementById("upload-form");
  const input = document.getElementById("upload-files");
  const button = document.getElementById("upload-button");
  const tokenInput = document.getElementById("admin-token");
  const statusLine = document.getElementById("index-status");
  const results = document.getElementById("upload-results");
  const tbody = document.querySelector("#report-list tbody");
  const STATUS = { ready: "可用", indexing: "索引中", deleting: "删除中", failed: "失败" };
  let polling = null;

  if (tokenInput) tokenInput.value = sessionStorage.getItem("qa-admin-token") || "";

  function headers() {
    const token = tokenInput ? tokenInput.value.trim() : "";
    if (tokenInput) sessionStorage.setItem("qa-admin-token", token);
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    row.appendChild(td);
    return td;
  }

  function renderList(reports) {
    tbody.replaceChildren();
    if (!reports.length) {
      const row = tbody.insertRow();
      row.className = "empty";
      const td = cell(row, "还没有报告。");
      td.colSpan = 9;
      return;
    }
    for (const r of reports) {
      const row = tbody.insertRow();
      row.dataset.docId = r.doc_id;
      row.dataset.status = r.status;
      const title = document.createElement("td");
      if (r.status === "ready") {
        const link = document.createElement("a");
        link.href = `/documents/${encodeURIComponent(r.doc_id)}`;
        link.textContent = r.title;
        title.appendChild(link);
      } else {
        title.textContent = r.title;
      }
      const id = document.createElement("div");
      id.className = "doc-id";
      id.textContent = r.doc_id;
      title.appendChild(id);
      row.appendChild(title);
      cell(row, r.place);
      cell(row, r.pages);
      cell(row, r.chars || "");
      cell(row, r.chunks || "");
      cell(row, r.ocr ? "是" : "");
      cell(row, (r.added || "").slice(0, 16).replace("T", " "));
      const status = cell(row, STATUS[r.status] || r.status);
      status.className = `status status-${r.status}`;
      if (r.reason) {
        const reason = document.createElement("div");
        reason.className = "reason";
        reason.textContent = r.reason;
        status.appendChild(reason);
      }
      const actions = cell(row, "");
      if (r.origin === "upload") {
        const del = document.createElement("button");
        del.type = "button";
        del.className = "delete";
        del.dataset.docId = r.doc_id;
        del.textContent = "删除";
        actions.appendChild(del);
      }
    }
  }

  function showStatus(index) {
    if (index.state === "indexing") {
      const seconds = index.seconds == null ? "" : `（${Math.round(index.seconds)} 秒）`;
      statusLine.textContent = `正在重建索引${seconds}${index.message ? "：" + index.message : "…"}`;
    } else if (index.last_error) {
      statusLine.textContent = `上次重建失败：${index.last_error}`;
    } else {
      statusLine.textContent = index.rebuilds ? `索引已更新（用时 ${index.last_seconds} 秒）。` : "";
    }
  }

  async function errorText(response) {
    try {
      const body = await response.json();
      return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch {
      return `HTTP ${response.status}`;
    }
  }

  async function refresh() {
    const [list, index] = await Promise.all([fetch("/api/documents"), fetch("/api/index/status")]);
    if (list.ok) renderList(await list.json());
    if (index.ok) {
      const state = await index.json();
      showStatus(state);
      return state.state === "indexing";
    }
    return false;
  }

  function poll() {
    if (polling) return;
    polling = setInterval(async () => {
      let busy = true;
      try { busy = await refresh(); } catch { busy = true; }
      if (!busy) { clearInterval(polling); polling = null; }
    }, 1000);
  }

  function note(text, failed) {
    const li = document.createElement("li");
    li.textContent = text;
    if (failed) li.className = "failed";
    results.appendChild(li);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.files.length) { note("请先选择文件。", true); return; }
    const data = new FormData();
    for (const file of input.files) data.append("files", file, file.name);
    button.disabled = true;
    results.replaceChildren();
    try {
      const response = await fetch("/api/documents", { method: "POST", body: data, headers: headers() });
      if (!response.ok) { note(`上传失败：${await errorText(response)}`, true); return; }
      const body = await response.json();
      for (const f of body.files) {
        if (f.error) note(`${f.filename}：${f.error}`, true);
        else note(`${f.filename}：已上传，正在编入索引（编号 ${f.doc_id}）`, false);
      }
      form.reset();
      await refresh();
      poll();
    } catch (error) {
      note(`上传失败：${error}`, true);
    } finally {
      button.disabled = false;
    }
  });

  tbody.addEventListener("click", async (event) => {
    const del = event.target.closest("button.delete");
    if (!del) return;
    const docId = del.dataset.docId;
    if (!window.confirm(`删除报告 ${docId}？删除后问答中不再引用它。`)) return;
    del.disabled = true;
    const response = await fetch(`/api/documents/${encodeURIComponent(docId)}`, { method: "DELETE", headers: headers() });
    results.replaceChildren();
    if (!response.ok) note(`删除失败：${await errorText(response)}`, true);
    else note(`${docId}：已删除，正在重建索引`, false);
    await refresh();
    poll();
  });

  if (tbody.querySelector('[data-status="indexing"], [data-status="deleting"]')) poll();
})();
