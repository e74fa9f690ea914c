"""Question-form robustness: do answers stay right when a question's frame is worded another way?

    python -m eval.question_forms run OUT.jsonl --outcomes OUTCOMES.jsonl… [--sets SET…] [--rewrites NAME,…] [--cap N]
    python -m eval.question_forms table OUT.jsonl [BEFORE.jsonl]

Each rewrite of `REWRITES` is generic and named: it changes only the frame of a question (the interrogative, a
leading 请问, a trailing ？ or 呢, "X的数量是多少" for "有多少个X", where 多少 stands, a place's 市/区/县 where the
gazetteer reads both forms as the same place, full-width digits, a year in Chinese numerals), never what is asked;
where it does not apply cleanly it gives None and the question is skipped. No rewrite names a question.

`run` takes the questions each set answers RIGHT in their original form — numbers by the `number` check (question
files) or `numeric_top_right` (BEIR sets), unanswerable ones by `abstention` — from the per-question outcomes of the
same code (`python -m eval.question_outcomes run OUTCOMES.jsonl SET…`), asks every variant and writes one row per
variant: set, id, split, rewrite, right or not (the same check). The held-out split's rows hold no question text:
they are scored, never read. `--cap N` keeps at most N variants per set and rewrite (a fixed choice by a hash of the
id), to bound the time. Sets default to the report training sets and the seed question files; the never-tuned sets
(`reports-heldout*`) are never read.

`table` prints, per rewrite, the variants right of those asked, train | held-out split (and the same figures of an
earlier run beside them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.normalize import to_simplified
from index.places import Gazetteer

NEVER_TUNED_PREFIX = "reports-heldout"
SETS_DIR = Path("eval/sets")


@dataclass(frozen=True, slots=True)
class Context:
    gazetteer: Gazetteer
    pos: Callable[[str], list[tuple[str, str]]]


Rewrite = Callable[[str, Context], str | None]

_END_MARK = re.compile(r"[？?]$")
_ASKING = re.compile(r"多少|几|幾|什么|什麼|哪|谁|誰|如何|怎|何时|何時")
_FINAL_PARTICLE = re.compile(r"[呢吗嗎吧啊呀么麼][？?]?$")
# A list or a sum in the question: 共/一共 there would ask a sum of the things listed, so those rewrites skip it.
_LIST_OR_SUM = re.compile(r"[、和与與及]|合计|合計|共|总计|總計|加起来|加起來|总和|總和|之和")
_BEFORE_YOU = re.compile(r"[共总總还還没沒只仅僅都]$")
# Measure words a count is asked in, where 多少 and 几 ask the same (几 before a magnitude, 几十, asks something else).
_COUNT_MEASURE = "个個家名位所座项項条條场場次只台臺辆輛户戶处處批支种種类類届屆间間件套张張部本"
_DUOSHAO_M = re.compile(rf"(?<![第哪])多少(?=[{_COUNT_MEASURE}])")
_JI_M = re.compile(rf"(?<![第哪几幾])[几幾](?=[{_COUNT_MEASURE}])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_HANZI_DIGITS = "〇一二三四五六七八九"
_HANZI_YEAR = re.compile(rf"([{_HANZI_DIGITS}零]{{4}})年")


def _traditional(q: str) -> bool:
    return to_simplified(q) != q


def _body_and_mark(q: str) -> tuple[str, str]:
    """The question without its trailing question mark, and the mark ("" when none)."""
    found = _END_MARK.search(q)
    return (q[: found.start()], found.group()) if found else (q, "")


def _once(pattern: re.Pattern[str], q: str) -> re.Match[str] | None:
    """The one match of `pattern` in `q`; None where there are none or several (the rewrite would be unclear)."""
    found = list(pattern.finditer(q))
    return found[0] if len(found) == 1 else None


def please(q: str, ctx: Context) -> str | None:
    """A leading 请问 (請問 in traditional script)."""
    if q.startswith(("请问", "請問")) or not _HAN.match(q):
        return None
    return ("請問" if _traditional(q) else "请问") + q


def question_mark(q: str, ctx: Context) -> str | None:
    """A trailing ？ added where there is none, dropped where there is one."""
    body, mark = _body_and_mark(q)
    if mark:
        return body if body else None
    return q + "？" if _HAN.search(q[-1:]) or q[-1:].isalnum() else None


def final_ne(q: str, ctx: Context) -> str | None:
    """A trailing 呢 (before the question mark) on a question that has an interrogative: "…有多少个？" → "…有多少个呢？".
    Not on a bare noun phrase, where "X呢" asks about X after another question (a follow-up)."""
    body, mark = _body_and_mark(q)
    if not _ASKING.search(body) or _FINAL_PARTICLE.search(body) or not _HAN.search(body[-1:]):
        return None
    return body + "呢" + mark


def _you_duoshao(q: str) -> re.Match[str] | None:
    found = _once(re.compile("有多少"), q)
    if found is None or _BEFORE_YOU.search(q[: found.start()]) or _LIST_OR_SUM.search(q):
        return None
    return found


def you_to_gongyou(q: str, ctx: Context) -> str | None:
    """有多少 → 共有多少 (no list or sum in the question, where 共 would ask a sum)."""
    found = _you_duoshao(q)
    return None if found is None else q[: found.start()] + "共有多少" + q[found.end() :]


def you_to_yigongyou(q: str, ctx: Context) -> str | None:
    """有多少 → 一共有多少 (as `you_to_gongyou`)."""
    found = _you_duoshao(q)
    return None if found is None else q[: found.start()] + "一共有多少" + q[found.end() :]


def you_shi(q: str, ctx: Context) -> str | None:
    """A question ending on 有多少 ends on 是多少, and one ending on 是多少 on 有多少 ("X有多少？" ↔ "X是多少？")."""
    body, mark = _body_and_mark(q)
    if body.endswith("有多少") and not _BEFORE_YOU.search(body[:-3]) and len(body) > 3:
        return body[:-3] + "是多少" + mark
    if body.endswith("是多少") and len(body) > 3 and not body[:-3].endswith(("的", "就", "都", "还", "還", "又")):
        return body[:-3] + "有多少" + mark
    return None


def duoshao_ji(q: str, ctx: Context) -> str | None:
    """多少 before a count's measure word ↔ 几 (多少个 ↔ 几个, 有多少家 ↔ 有几家); 幾 in traditional script."""
    if found := _once(_DUOSHAO_M, q):
        if _JI_M.search(q):
            return None
        return q[: found.start()] + ("幾" if _traditional(q) else "几") + q[found.end() :]
    if (found := _once(_JI_M, q)) and "多少" not in q:
        return q[: found.start()] + "多少" + q[found.end() :]
    return None


# "P有多少M X" with X a noun phrase running to the question's end, and "S多少M" ending the question.
_YOU_M_X = re.compile(rf"^(?P<p>.*?)有多少(?P<m>[{_COUNT_MEASURE}])(?P<x>[^？?，,。]+)$")
_X_M_END = re.compile(rf"^(?P<x>.+?)(?:有|共有)?多少(?P<m>[{_COUNT_MEASURE}])$")
_NOUN_TAGS = ("n", "vn", "j", "l", "nz", "nt", "ns")


def _noun_phrase(text: str, ctx: Context) -> bool:
    """A noun phrase a count is of: it ends on a noun and holds no verb (jieba's tags); "基层工会组织", not
    "参加了培训"."""
    words = ctx.pos(text)
    if not words or not words[-1][1].startswith(_NOUN_TAGS) or len(text) < 2:
        return False
    return not any(flag in ("v", "vd", "p", "u", "uj", "ul", "ug", "r", "c", "m") for _, flag in words[1:])


def _count_frame(q: str, ctx: Context) -> tuple[str, str, str] | None:
    """(before, measure, thing) of a count question "P有多少M X" (P: places and time, may be empty) or "X多少M"."""
    body, _ = _body_and_mark(q)
    if _LIST_OR_SUM.search(body) or body.count("多少") != 1:
        return None
    if (found := _YOU_M_X.match(body)) and not _BEFORE_YOU.search(found.group("p")):
        x = found.group("x")
        return (found.group("p"), found.group("m"), x) if _noun_phrase(x, ctx) else None
    if found := _X_M_END.match(body):
        x = found.group("x")
        return ("", found.group("m"), x) if _noun_phrase(x[-8:], ctx) and not x.endswith(("是", "为", "為")) else None
    return None


def _count_noun_as(q: str, ctx: Context, simplified: str, traditional: str) -> str | None:
    """ "P有多少个X" / "X有多少个" → "PX" + the frame asking its count (`traditional` in traditional script)."""
    frame = _count_frame(q, ctx)
    if frame is None:
        return None
    before, _, thing = frame
    _, mark = _body_and_mark(q)
    return before + thing + (traditional if _traditional(q) else simplified) + mark


def count_noun(q: str, ctx: Context) -> str | None:
    """ "P有多少个X" / "X有多少个" → "PX的数量是多少"."""
    return _count_noun_as(q, ctx, "的数量是多少", "的數量是多少")


def count_noun_wei(q: str, ctx: Context) -> str | None:
    """ "P有多少个X" / "X有多少个" → "PX数量为多少"."""
    return _count_noun_as(q, ctx, "数量为多少", "數量為多少")


def move_duoshao(q: str, ctx: Context) -> str | None:
    """多少 moved: "P有多少个X" → "PX有多少个", and "X有多少个" → "有多少个X" where X opens the question."""
    frame = _count_frame(q, ctx)
    if frame is None:
        return None
    before, measure, thing = frame
    body, mark = _body_and_mark(q)
    if _YOU_M_X.match(body):
        return before + thing + "有多少" + measure + mark
    if body.endswith("有多少" + measure) and not ctx.gazetteer.find(thing):
        return "有多少" + measure + thing + mark  # with a place in X, "有多少个X" would move the place into the thing
    return None


_SUFFIXES = ("市", "区", "县", "區", "縣")
_AFTER_PLACE_BLOCK = re.compile(r"^[市区县區縣镇鎮乡鄉省州盟旗]")


def place_suffix(q: str, ctx: Context) -> str | None:
    """A place's 市/区/县 dropped where the question names it in full, added where it names it short — only where
    the gazetteer reads both forms as that one place, and the rewritten question names the same places."""
    if _traditional(q):
        return None  # the gazetteer matches the simplified view; keep the rewrite to one script
    mentions = ctx.gazetteer.find(q)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    place, surface = m.place, m.surface
    if _AFTER_PLACE_BLOCK.match(q[m.end :]):
        return None
    if surface == place.name and place.name.endswith(_SUFFIXES) and len(place.name) >= 3:
        other = place.name[:-1]
    elif place.name.endswith(_SUFFIXES) and surface + place.name[-1] == place.name:
        other = place.name
    else:
        return None
    if ctx.gazetteer.readings(other) != [place] or ctx.gazetteer.readings(surface) != [place]:
        return None
    variant = q[: m.start] + other + q[m.end :]
    after = ctx.gazetteer.find(variant)
    return variant if [x.place for x in after] == [place] else None


def full_width_digits(q: str, ctx: Context) -> str | None:
    """Half-width digits written full-width (2023 → ２０２３), where the question has any."""
    if not re.search(r"\d", q):
        return None
    return q.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def year_in_chinese(q: str, ctx: Context) -> str | None:
    """A year written 2023年 → 二〇二三年, or 二〇二三年 → 2023年, only where the question has one year."""
    if found := _once(_YEAR, q):
        digits = "".join(_HANZI_DIGITS[int(d)] for d in found.group(1))
        return q[: found.start()] + digits + "年" + q[found.end() :]
    if found := _once(_HANZI_YEAR, q):
        digits = "".join(str(_HANZI_DIGITS.index(c.replace("零", "〇"))) for c in found.group(1))
        return q[: found.start()] + digits + "年" + q[found.end() :]
    return None


REWRITES: dict[str, Rewrite] = {
    "please": please,
    "question_mark": question_mark,
    "final_ne": final_ne,
    "you_to_gongyou": you_to_gongyou,
    "you_to_yigongyou": you_to_yigongyou,
    "you_shi": you_shi,
    "duoshao_ji": duoshao_ji,
    "count_noun": count_noun,
    "count_noun_wei": count_noun_wei,
    "move_duoshao": move_duoshao,
    "place_suffix": place_suffix,
    "full_width_digits": full_width_digits,
    "year_in_chinese": year_in_chinese,
}


def variants(q: str, ctx: Context, names: list[str] | None = None) -> dict[str, str]:
    """{rewrite: variant} of every rewrite that applies to `q` and changes it."""
    out = {}
    for name in names or list(REWRITES):
        variant = REWRITES[name](q, ctx)
        if variant is not None and variant != q:
            out[name] = variant
    return out


def default_sets() -> list[Path]:
    reports = sorted(p for p in SETS_DIR.glob("reports-train*") if p.is_dir())
    return [*reports, *sorted(SETS_DIR.glob("*_questions.jsonl"))]


def _right_check(checks: dict[str, bool]) -> str | None:
    """The check a question is judged by here: its number check, or abstention; None for other questions."""
    for name in ("number", "numeric_top_right", "abstention"):
        if name in checks:
            return name
    return None


def _originals(paths: list[Path]) -> dict[tuple[str, str], dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "id" in row:
                rows[(row["set"], row["id"])] = row
    return rows


def _chosen(rewrite: str, set_name: str, qid: str) -> int:
    return int(hashlib.sha1(f"{rewrite}|{set_name}|{qid}".encode()).hexdigest()[:8], 16)


def run(out: Path, outcomes: list[Path], sets: list[Path], names: list[str], cap: int | None) -> None:
    from eval.answer_figures import question_checks
    from eval.datasets import load_set
    from eval.question_outcomes import answer_summary
    from eval.runner import prepare_index
    from eval.splits import split_of
    from index.tokenize import Tokenizer
    from qa.answer import Assistant
    from qa.config import Settings

    settings = Settings()
    original = _originals(outcomes)
    ctx = Context(Gazetteer.default(), Tokenizer().pos)
    with out.open("w", encoding="utf-8") as f:
        for path in sets:
            if path.name.startswith(NEVER_TUNED_PREFIX):
                continue
            started = time.perf_counter()
            eval_set = load_set(path)
            todo: dict[str, list[tuple[int, Any, str, str]]] = defaultdict(list)
            for q in eval_set.questions:
                row = original.get((eval_set.name, q.id))
                if row is None or (check := _right_check(row["checks"])) is None or not row["checks"][check]:
                    continue
                for name, variant in variants(q.question, ctx, names).items():
                    todo[name].append((_chosen(name, eval_set.name, q.id), q, variant, check))
            if not todo:
                continue
            assistant = Assistant.load(settings, prepare_index(eval_set, settings))
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for name in names:
                for _, q, variant, check in sorted(todo[name], key=lambda x: x[0])[:cap]:
                    answer = assistant.ask(variant, 5)
                    ok = question_checks(q, answer).get(check, False)
                    split = split_of(q.id)
                    counts[f"{name}:{split}"][0] += int(ok)
                    counts[f"{name}:{split}"][1] += 1
                    row = {"set": eval_set.name, "id": q.id, "split": split, "rewrite": name, "check": check, "ok": ok}
                    if split == "train":  # held-out variants are scored, never read
                        row |= {"question": q.question, "variant": variant, "found": answer.found}
                        row["top"] = answer_summary(answer)
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
            f.flush()
            took = time.perf_counter() - started
            print(eval_set.name, json.dumps(dict(counts), ensure_ascii=False), f"({took:.0f} s)", flush=True)


def _totals(path: Path) -> dict[str, dict[str, list[int]]]:
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"train": [0, 0], "heldout": [0, 0]})
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        cell = totals[row["rewrite"]][row["split"]]
        cell[0] += int(row["ok"])
        cell[1] += 1
    return totals


def _cell(cell: list[int] | None) -> str:
    if not cell or not cell[1]:
        return "—"
    return f"{cell[0]}/{cell[1]} ({100 * cell[0] / cell[1]:.1f}%)"


def table(path: Path, before: Path | None) -> None:
    after_totals = _totals(path)
    before_totals = _totals(before) if before else {}
    print("| rewrite | train | held-out |" + (" before: train | before: held-out |" if before else ""))
    print("|---|---|---|" + ("---|---|" if before else ""))
    for name in REWRITES:
        if name not in after_totals and name not in before_totals:
            continue
        a = after_totals.get(name, {})
        line = f"| {name} | {_cell(a.get('train'))} | {_cell(a.get('heldout'))} |"
        if before:
            b = before_totals.get(name, {})
            line += f" {_cell(b.get('train'))} | {_cell(b.get('heldout'))} |"
        print(line)
    for split in ("train", "heldout"):
        right = sum(t[split][0] for t in after_totals.values())
        asked = sum(t[split][1] for t in after_totals.values())
        print(f"all {split}: {_cell([right, asked])}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.question_forms", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("out", type=Path)
    r.add_argument("--outcomes", type=Path, nargs="+", required=True)
    r.add_argument("--sets", type=Path, nargs="*")
    r.add_argument("--rewrites", default=",".join(REWRITES))
    r.add_argument("--cap", type=int)
    t = sub.add_parser("table")
    t.add_argument("path", type=Path)
    t.add_argument("before", type=Path, nargs="?")
    args = parser.parse_args(argv)
    if args.command == "run":
        names = [n for n in args.rewrites.split(",") if n]
        unknown = [n for n in names if n not in REWRITES]
        if unknown:
            sys.exit(f"unknown rewrites: {unknown}; known: {list(REWRITES)}")
        run(args.out, args.outcomes, args.sets or default_sets(), names, args.cap)
    else:
        table(args.path, args.before)


if __name__ == "__main__":
    main()
