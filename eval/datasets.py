"""Reading eval sets: a question file (shared/eval format) or a BEIR directory. Every error names the file
and line, because these files are written by hand."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import QAError


class EvalSetError(QAError):
    """The eval set is missing or malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    relevant_prefix: str | None = None  # question files: doc ids starting with this are relevant
    relevant_ids: frozenset[str] = frozenset()  # BEIR: the qrels corpus-ids
    answer: dict[str, Any] | None = None  # {"value", "unit", "also"?}: the expected numbers[0]
    evidence: tuple[str, ...] = ()
    unanswerable: bool = False
    gold_answers: tuple[str, ...] = ()  # BEIR answers.jsonl
    numeric: bool = False  # BEIR answers.jsonl: a 多少/几 question with a digit in its gold answer
    gold_number: dict[str, Any] | None = None  # BEIR answers.jsonl `value` + `unit`: judged by value, unit, report
    beir: bool = False

    @property
    def asks(self) -> bool:
        """Whether the answer metrics need Assistant.ask for this question."""
        return (
            self.answer is not None
            or self.unanswerable
            or bool(self.evidence)
            or self.numeric
            or bool(self.gold_answers)
        )


@dataclass(frozen=True, slots=True)
class EvalSet:
    name: str
    kind: str  # "questions" | "beir"
    path: Path
    questions: list[EvalQuestion] = field(default_factory=list)
    skipped: tuple[str, ...] = ()  # ids of rows that cannot be asked (a BEIR query with empty text)

    @property
    def corpus(self) -> Path | None:
        return self.path / "corpus.jsonl" if self.kind == "beir" else None


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EvalSetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{path}: cannot be read as UTF-8 ({exc})") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{path}:{lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(row, dict):
            raise EvalSetError(f"{path}:{lineno}: expected a JSON object, got {type(row).__name__}")
        yield lineno, row


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _check_answer(where: str, answer: object) -> dict[str, Any] | None:
    if answer is None:
        return None
    if not isinstance(answer, dict) or not _is_number(answer.get("value")) or not isinstance(answer.get("unit"), str):
        raise EvalSetError(f'{where}: `answer` must be null or {{"value": number, "unit": string}}')
    also = answer.get("also", [])
    if not isinstance(also, list) or not all(
        _is_number(a) or (isinstance(a, dict) and _is_number(a.get("value"))) for a in also
    ):
        raise EvalSetError(f'{where}: `also` must be a list of numbers (or {{"value", "unit"}} objects)')
    return answer


def load_question_file(path: Path) -> EvalSet:
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    for lineno, row in _json_lines(path):
        where = f"{path}:{lineno}"
        qid, text, doc = row.get("id"), row.get("question"), row.get("doc")
        if not isinstance(qid, str) or not qid:
            raise EvalSetError(f"{where}: `id` must be a non-empty string")
        if qid in seen:
            raise EvalSetError(f"{where}: duplicate id {qid!r}")
        seen.add(qid)
        if not isinstance(text, str) or not text.strip():
            raise EvalSetError(f"{where}: `question` must be a non-empty string")
        if doc is not None and (not isinstance(doc, str) or not doc):
            raise EvalSetError(f'{where}: `doc` must be a file-name prefix like "004" or null')
        evidence = row.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
            raise EvalSetError(f"{where}: `evidence` must be a list of non-empty strings")
        unanswerable = row.get("unanswerable", False)
        if not isinstance(unanswerable, bool):
            raise EvalSetError(f"{where}: `unanswerable` must be true or false")
        answer = _check_answer(where, row.get("answer"))
        if unanswerable and answer is not None:
            raise EvalSetError(f"{where}: an unanswerable question cannot have an `answer`")
        if answer is not None and doc is None:
            raise EvalSetError(f"{where}: a numeric question needs the `doc` its answer comes from")
        questions.append(
            EvalQuestion(
                id=qid,
                question=text,
                relevant_prefix=doc,
                answer=answer,
                evidence=tuple(evidence),
                unanswerable=unanswerable,
            )
        )
    if not questions:
        raise EvalSetError(f"{path}: no questions in the file")
    return EvalSet(name=path.stem, kind="questions", path=path, questions=questions)


def _read_qrels(path: Path) -> dict[str, set[str]]:
    files = sorted((path / "qrels").glob("*.tsv"))
    if not files:
        raise EvalSetError(f"{path / 'qrels'}: no .tsv file (expected qrels/test.tsv: query-id, corpus-id, score)")
    qrels: dict[str, set[str]] = {}
    for tsv in files:
        with tsv.open(encoding="utf-8-sig", newline="") as f:
            for lineno, cells in enumerate(csv.reader(f, delimiter="\t"), 1):
                if not cells or not "".join(cells).strip():
                    continue
                if lineno == 1 and cells[0] == "query-id":
                    continue  # the BEIR header
                if len(cells) < 3:
                    raise EvalSetError(f"{tsv}:{lineno}: expected query-id, corpus-id and score, tab-separated")
                try:
                    score = float(cells[2])
                except ValueError:
                    raise EvalSetError(f"{tsv}:{lineno}: score {cells[2]!r} is not a number") from None
                if score > 0:  # binary relevance: any positive grade counts
                    qrels.setdefault(cells[0], set()).add(cells[1])
    return qrels


@dataclass(frozen=True, slots=True)
class GoldAnswer:
    answers: tuple[str, ...]
    numeric: bool
    number: dict[str, Any] | None  # {"value", "unit"} when the row gives them
    unanswerable: bool


def _read_answers(path: Path) -> dict[str, GoldAnswer]:
    """answers.jsonl: {"_id", "answers": [str], "numeric": bool, "spans"?: [...], "value"?: number,
    "unit"?: str, "unanswerable"?: bool}."""
    out: dict[str, GoldAnswer] = {}
    for lineno, row in _json_lines(path):
        where = f"{path}:{lineno}"
        gold = row.get("answers")
        if (
            not isinstance(row.get("_id"), str)
            or not isinstance(gold, list)
            or not all(isinstance(g, str) for g in gold)
        ):
            raise EvalSetError(f'{where}: expected {{"_id", "answers": [strings], "numeric": bool}}')
        unanswerable = row.get("unanswerable", False)
        if not isinstance(unanswerable, bool):
            raise EvalSetError(f"{where}: `unanswerable` must be true or false")
        if unanswerable and gold:
            raise EvalSetError(f"{where}: an unanswerable question cannot have gold `answers`")
        number = None
        if "value" in row or "unit" in row:
            number = _check_answer(where, {"value": row.get("value"), "unit": row.get("unit")})
        out[row["_id"]] = GoldAnswer(tuple(gold), bool(row.get("numeric", False)), number, unanswerable)
    return out


def load_beir(path: Path) -> EvalSet:
    if not (path / "corpus.jsonl").is_file():
        raise EvalSetError(f"{path}: not a BEIR directory (no corpus.jsonl)")
    qrels = _read_qrels(path)
    answers = _read_answers(path / "answers.jsonl") if (path / "answers.jsonl").is_file() else {}
    questions: list[EvalQuestion] = []
    skipped: list[str] = []
    for lineno, row in _json_lines(path / "queries.jsonl"):
        qid, text = row.get("_id"), row.get("text")
        if not isinstance(qid, (str, int)) or not isinstance(text, str):
            raise EvalSetError(f'{path / "queries.jsonl"}:{lineno}: expected {{"_id": string, "text": string}}')
        qid = str(qid)
        gold = answers.get(qid)
        unanswerable = gold is not None and gold.unanswerable
        if qid not in qrels and not unanswerable:
            continue  # BEIR: only queries with judgements are evaluated (an unanswerable one needs none)
        if not text.strip():
            skipped.append(qid)  # published sets have these (CMRC trial has one); nothing to ask
            continue
        questions.append(
            EvalQuestion(
                id=qid,
                question=text,
                relevant_ids=frozenset(qrels.get(qid, ())),
                gold_answers=gold.answers if gold else (),
                numeric=bool(gold and gold.numeric and gold.answers),
                gold_number=gold.number if gold else None,
                unanswerable=unanswerable,
                beir=True,
            )
        )
    if not questions:
        raise EvalSetError(f"{path}: no query in queries.jsonl has a judgement in qrels/")
    return EvalSet(name=path.resolve().name, kind="beir", path=path, questions=questions, skipped=tuple(skipped))


def load_set(path: Path) -> EvalSet:
    """A BEIR directory or a question file (.jsonl)."""
    path = Path(path)
    if path.is_dir():
        return load_beir(path)
    if not path.exists():
        raise EvalSetError(f"{path}: no such file or directory (give a question file .jsonl or a BEIR directory)")
    if path.suffix != ".jsonl":
        raise EvalSetError(f"{path}: expected a question file (.jsonl) or a BEIR directory")
    return load_question_file(path)
