"""What the generators of the invented report sets share (eval/sets/reports-*/make_set.py): the
scripts a text is written in, and an independent little reader of gold numbers (cn2an for Chinese numerals,
not the project's number extractor), so a gold value is checked by other code than the one it evaluates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cn2an
import opencc

from eval.splits import split_of

S2T = opencc.OpenCC("s2t")
S2TW = opencc.OpenCC("s2tw")
S2HK = opencc.OpenCC("s2hk")
T2S = opencc.OpenCC("t2s")
GLOSS = {
    "區": "區(qū)",
    "務": "務(wù)",
    "業": "業(yè)",
    "創": "創(chuàng)",
    "億": "億(yì)",
}  # as scraped pages carry them


PAGE = "<<PAGE>>"  # a forced page break, so a table runs on to the next page as real reports' tables do


def digit_groups(text: str) -> int:
    """How many figures a text states (runs of digits with their separators)."""
    return len(re.findall(r"[0-9０-９]+(?:[.,．，][0-9０-９]+)*", text))


def pdf_layout(
    text: str, header: str, footer: str, *, width: int, page_lines: int, break_at: Callable[[str, int], int]
) -> str:
    """The text as a PDF's text layer gives it: prose lines broken at `width` characters (where `break_at` says),
    table rows (runs of spaces) and short lines kept, a page footer (`footer` formatted with the page number and
    count) every `page_lines` lines or at a PAGE mark, and the running header on every page after the first."""
    pages: list[list[str]] = [[]]
    for paragraph in text.strip().split("\n"):
        if paragraph == PAGE:
            pages.append([])
            continue
        lines: list[str] = []
        if "  " in paragraph or len(paragraph) <= width:
            lines.append(paragraph)
        else:
            while len(paragraph) > width:
                at = break_at(paragraph, width)
                lines.append(paragraph[:at])
                paragraph = paragraph[at:]
            if paragraph:
                lines.append(paragraph)
        for line in lines:
            if len(pages[-1]) >= page_lines:
                pages.append([])
            pages[-1].append(line)
    out: list[str] = []
    for number, page in enumerate(pages, 1):
        if number > 1:
            out.append(header)
        out.extend(page)
        out.append(footer.format(page=number, pages=len(pages)))
    return "\n".join(out)


def break_outside_figures(line: str, width: int, *, unit_chars: int = 3, stops: str = "，；。") -> int:
    """Where a PDF's text layer breaks a long line: at the column width, anywhere in a sentence, but not inside a
    figure or the `unit_chars` characters after its digits (its unit), so every figure keeps its unit on its line;
    right after one of `stops` a break is always fine."""
    at = width
    while at > width // 2 and any(c.isdigit() for c in line[at - unit_chars : at]) and line[at - 1] not in stops:
        at -= 1
    return at


def read_jsonl(path: Path) -> list[dict]:
    """The rows of a JSON-lines file a set was written to."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def script(kind: str, text: str) -> str:
    """s: simplified as written; t: mainland traditional; tg: traditional with pinyin glosses; tw / hk; twv: tw
    keeping the village 里."""
    if kind == "s":
        return text
    if kind == "t":
        return S2T.convert(text)
    if kind == "tg":
        return "".join(GLOSS.get(c, c) for c in S2T.convert(text))
    if kind == "tw":
        return S2TW.convert(text)
    if kind == "twv":  # Taiwan script for a text whose 里 is only the village (田寮里, 35里): s2tw would write 裡
        return S2TW.convert(text).replace("裡", "里")
    if kind == "hk":
        return S2HK.convert(text)
    raise ValueError(kind)


NUMBER_CHARS = set("0123456789,.零〇一二两三四五六七八九十百千万亿点余多")


def read_plain(num: str) -> float:
    """A number without 万/亿: Arabic digits (commas allowed), a digit before 千 (6千), or Chinese numerals."""
    num = num.replace(",", "")
    if not num:
        return 0.0
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", num):
        return float(num)
    m = re.fullmatch(r"([0-9]+)千([0-9]*)", num)
    if m:
        return float(m[1]) * 1000 + (float(m[2]) if m[2] else 0.0)
    return float(cn2an.cn2an(num, "smart"))


def read_compound(num: str) -> float:
    """Folds 亿 and 万 in, as mixed forms write them: 2万3000, 1亿2360万, 38万6千, 二亿三千万, 126万亿."""
    for mark, scale in (("亿", 10**8), ("万", 10**4)):
        if mark in num:
            high, _, low = num.rpartition(mark) if mark == "亿" else num.partition(mark)
            if mark == "亿" and "万" in high and not low:  # 126万亿
                return read_compound(high) * scale
            return read_compound(high) * scale + read_compound(low)
    return read_plain(num)


def read_gold_number(gold: str, unit_required: bool = False) -> tuple[float, str]:
    """(value with magnitude folded in, unit) of a gold text such as 18.61万个, 800余万元, 两千余名, 8.5%. A set
    whose golds all carry their unit passes `unit_required=True`; elsewhere a bare table cell, whose row label
    carries the unit (站点（个）), reads with unit ""."""
    text = T2S.convert(unicodedata.normalize("NFKC", re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)", "", gold)))
    end = 0
    while end < len(text) and text[end] in NUMBER_CHARS:
        end += 1
    num, unit = text[:end].replace("余", "").replace("多", ""), text[end:]
    if num.endswith("千") and re.match("瓦|克|米|焦|卡|伏|公顷", unit):  # 486亿千瓦时: 千 starts the unit (kilo-)
        num, unit = num[:-1], "千" + unit
    if not num or not (num[0].isdigit() or num[0] in "零〇一二两三四五六七八九十"):
        raise ValueError(f"not a number: {gold}")
    if unit_required and not unit:
        raise ValueError(f"not a number + unit: {gold}")
    return read_compound(num), unit


def locate(body: str, gold: str, kind: str, numeric: bool, where: str) -> tuple[str, int]:
    """The gold text as written in `body` and its offset. `anchor||gold` pins a gold that occurs more than
    once: the anchor must be unique, and the gold is read inside it."""
    anchor, _, inner = gold.partition("||")
    anchor, inner = script(kind, anchor), script(kind, inner or anchor)
    at = body.find(anchor)
    assert at >= 0, (where, "not in text", anchor)
    assert body.find(anchor, at + 1) < 0 or not (numeric or "||" in gold), (where, "ambiguous, give an anchor", anchor)
    offset = anchor.find(inner)
    assert offset >= 0, (where, "gold not inside its anchor", inner, anchor)
    return inner, at + offset


def _column_unit(body: str, kind: str, read: float, value: float, unit: str) -> tuple[float, str]:
    """(value, unit) of a bare cell whose row label or column head names its unit, as `产量（万吨）` or `完成数（亿元）`
    do (followed by a column gap or a line end), scaled as the label says; (read, "") where no label of the text gives
    `value` (a check as loose as tests/test_eval_sets.py's: any such label of the text)."""
    head = re.compile(r"（([万亿千百萬億]?)" + re.escape(f"{script(kind, unit)}）") + r"(?: {2,}|\n|\t|｜)")
    scales = {"": 1, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8, "萬": 10**4, "億": 10**8}
    for m in head.finditer(body + "\n"):
        if abs(read * scales[m[1]] - value) < 1e-6 * max(1, abs(value)):
            return read * scales[m[1]], unit
    return read, ""


def build_set(
    texts: list, unanswerable: list, out: Path, prefix: str, max_chars: int = 1000, unit_required: bool = False
) -> None:
    """Write a report set's BEIR files under `out` from its texts and golds — `texts`: (id, title, script, text,
    [(question, gold as written before conversion, value, unit, question script s|t)]) — checking every gold
    (found, unique or anchored, value and unit read back by `read_gold_number`); `max_chars` bounds a text's
    length, `unit_required` makes every numeric gold carry its unit."""
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    corpus: list[dict[str, Any]] = []
    queries: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    qrels: list[tuple[str, str]] = []
    ids: set[str] = set()
    for doc_id, title, kind, text, qs in texts:
        assert doc_id not in ids, doc_id
        ids.add(doc_id)
        body = script(kind, text.strip())
        assert 800 <= len(body) <= max_chars, (doc_id, len(body))
        corpus.append({"_id": doc_id, "title": script("t" if kind == "tg" else kind, title), "text": body})
        for k, (question, gold, value, unit, qkind) in enumerate(qs, 1):
            qid = f"{prefix}-{doc_id}-{k:02d}"  # by text and position in it: appending never renames a question
            where = f"{qid} {doc_id}"
            g, start = locate(body, gold, kind, value is not None, where)
            assert body[start : start + len(g)] == g
            if value is not None:
                read_value, read_unit = read_gold_number(g, unit_required)
                if not read_unit:  # a bare table cell: its row label must name the unit, as in 城镇新增就业（人）
                    line = body[body.rfind("\n", 0, start) + 1 : body.find("\n", start)]
                    labelled = f"{script(kind, unit)}）" in line.split("｜")[0]
                    read_unit = unit if labelled and abs(read_value - value) < 1e-6 * max(1, abs(value)) else ""
                    if not read_unit:  # or a row label or column head of its text does, and may scale it: （亿元）
                        read_value, read_unit = _column_unit(body, kind, read_value, value, unit)
                assert abs(read_value - value) < 1e-6 * max(1, abs(value)), (where, g, read_value, value)
                assert read_unit == unit, (where, g, read_unit, unit)
            queries.append(
                {"_id": qid, "text": script(("t" if kind == "tg" else kind) if qkind == "t" else "s", question)}
            )
            qrels.append((qid, doc_id))
            row = {"_id": qid, "answers": [g], "numeric": value is not None, "spans": [{"text": g, "start": start}]}
            if value is not None:
                row["value"], row["unit"] = (int(value) if float(value).is_integer() else value), unit
            answers.append(row)
    for k, question in enumerate(unanswerable, 1):
        qid = f"{prefix}-none-{k:02d}"
        queries.append({"_id": qid, "text": question})
        answers.append({"_id": qid, "answers": [], "numeric": False, "spans": [], "unanswerable": True})
    texts_seen = {q["text"] for q in queries}
    assert len(texts_seen) == len(queries), "a question is asked twice"

    def jsonl(path: Path, rows: list) -> None:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    jsonl(out / "corpus.jsonl", corpus)
    jsonl(out / "queries.jsonl", queries)
    jsonl(out / "answers.jsonl", answers)
    (out / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t1\n" for q, d in qrels), encoding="utf-8"
    )
    trad = sum(1 for _, _, kind, _, _ in texts if kind != "s")
    print(
        f"{len(corpus)} texts ({trad} traditional script); {len(queries)} questions: "
        f"{sum(a['numeric'] for a in answers)} numeric, "
        f"{sum(1 for a in answers if not a['numeric'] and a['answers'])} phrase, {len(unanswerable)} unanswerable; "
        f"text length {min(len(c['text']) for c in corpus)}–{max(len(c['text']) for c in corpus)}"
    )


def thin(qs: list, n: int) -> list:
    """At most `n` of a text's questions: every phrase question, and numeric ones spread evenly over the list (the
    list runs from headline figures to districts, plans and earlier years, so each kind keeps its share)."""
    phrase = [q for q in qs if q[2] is None]
    numeric = [q for q in qs if q[2] is not None]
    room = max(0, n - len(phrase))
    if len(numeric) > room:
        numeric = [numeric[(k * len(numeric)) // room] for k in range(room)]
    kept = {id(q) for q in phrase + numeric}
    return [q for q in qs if id(q) in kept]


def report_splits(out: Path, prefix: str, unanswerable_kinds: list, layouts: dict[str, str] | None = None) -> None:
    """Print a written set's questions by split and kind, how many are in traditional script, the unanswerable
    kinds per split, and (given each text's layout) the answerable questions per layout."""
    counts: dict[tuple[str, str], int] = {}
    by_layout: dict[tuple[str, str], int] = {}
    written = {q["_id"]: q["text"] for q in read_jsonl(out / "queries.jsonl")}
    traditional = sum(T2S.convert(text) != text for text in written.values())
    for row in read_jsonl(out / "answers.jsonl"):
        kind = "unanswerable" if row.get("unanswerable") else "numeric" if row["numeric"] else "phrase"
        key = (split_of(row["_id"]), kind)
        counts[key] = counts.get(key, 0) + 1
        if layouts is not None and not row.get("unanswerable"):
            layout = layouts[row["_id"][len(prefix) + 1 : -3]]
            by_layout[(layout, kind)] = by_layout.get((layout, kind), 0) + 1
    for split in ("train", "heldout"):
        parts = {k: counts.get((split, k), 0) for k in ("numeric", "phrase", "unanswerable")}
        print(f"{split}: {parts} all {sum(parts.values())}")
    print(f"questions in traditional script: {traditional}")
    kinds: dict[str, list[int]] = {}
    for k, (kind, _) in enumerate(unanswerable_kinds, 1):
        kinds.setdefault(kind, [0, 0])[split_of(f"{prefix}-none-{k:02d}") == "heldout"] += 1
    print("unanswerable by kind (train, heldout):", kinds)
    if layouts is not None:
        print("answerable by layout:", dict(sorted(by_layout.items())))


def write_set(
    texts: list,
    unanswerable_kinds: list,
    out: Path,
    prefix: str,
    *,
    chars: tuple[int, int],
    layouts: dict[str, str] | None = None,
    per_text: int | None = None,
) -> None:
    """A make_set.py's whole run: check each text's length against `chars` (and that `layouts` names every text),
    thin each text's questions to `per_text` if given, write the set and print its splits."""
    assert layouts is None or {doc_id for doc_id, *_ in texts} == set(layouts)
    for doc_id, _, kind, text, _ in texts:
        body = script(kind, text.strip())
        assert chars[0] <= len(body) <= chars[1], (doc_id, len(body))
        print(f"{doc_id}: {len(body)} characters, {digit_groups(body)} digit groups")
    if per_text is not None:
        texts = [(doc_id, title, kind, text, thin(qs, per_text)) for doc_id, title, kind, text, qs in texts]
    unanswerable = [question for _, question in unanswerable_kinds]
    build_set(texts, unanswerable, out, prefix, max_chars=chars[1], unit_required=False)
    report_splits(out, prefix, unanswerable_kinds, layouts)
