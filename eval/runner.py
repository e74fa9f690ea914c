"""The eval runner: pick or build the index for a set, run each retrieval mode and the assistant over its
questions, and turn what came back into flat metrics and per-question rows.

A question file is evaluated against the main index (built from `settings.corpus` only if missing); a BEIR
set gets its own index under `<out_root>/<set>/index`, which `build_index` leaves alone while the corpus
and settings are unchanged — that is the cache.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.progress import Progress

from eval import metrics as m
from eval.datasets import EvalQuestion, EvalSet, EvalSetError
from eval.report import render_html
from eval.results import EVIDENCE_K, EvalResult, failed_rows, summarise_splits

__all__ = ["EvalResult", "evaluate", "failed_rows", "prepare_index", "run_eval", "write_results"]
from eval.splits import SPLITS, split_of
from index import store
from index.build import build_index, outdated
from index.errors import IndexLoadError
from qa.answer import Assistant
from qa.config import Settings
from qa.retrieve import MODES, Mode
from qa.schemas import Answer

DEFAULT_OUT_ROOT = Path("var/eval")
ASK_TOP_K = 5


def set_dir(eval_set: EvalSet, out_root: Path = DEFAULT_OUT_ROOT) -> Path:
    return out_root / eval_set.name


def prepare_index(
    eval_set: EvalSet,
    settings: Settings,
    out_root: Path = DEFAULT_OUT_ROOT,
    index_dir: Path | None = None,
    show_progress: bool = False,
) -> Path:
    """The index the set is evaluated against, built if needed. Call it before any progress display of
    your own: the build draws its own."""
    if eval_set.corpus is not None:  # BEIR: its own cached index, never the main one
        target = index_dir or set_dir(eval_set, out_root) / "index"
        build_index(
            [eval_set.corpus],
            target,
            settings.embed_model,
            hnsw_threshold=settings.hnsw_threshold,
            show_progress=show_progress,
            sentence_vectors=settings.sentence_vectors,
        )
        return target
    target = index_dir or settings.index_dir
    if (current := store.current_build(target)) is not None:
        # Not rebuilt here (it may hold uploads, or another corpus given to `qa index`); refused, since figures on
        # an index this program would build differently are silently not this program's.
        if reasons := outdated(store.read_manifest(current)):
            raise IndexLoadError(
                f"the index at {target} was built by another version of this program: {'; '.join(reasons)}. "
                "Run `qa index` to bring it up to date (unchanged chunks keep their vectors), then evaluate again."
            )
    else:
        build_index(
            settings.corpus,
            target,
            settings.embed_model,
            hnsw_threshold=settings.hnsw_threshold,
            show_progress=show_progress,
            sentence_vectors=settings.sentence_vectors,
        )
    return target


@contextmanager
def _task(progress: Progress | None, label: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress task that is a no-op without a Progress (tests, non-tty)."""
    if progress is None:
        yield lambda: None
        return
    task = progress.add_task(label, total=total)
    yield lambda: progress.advance(task)


def _relevant(question: EvalQuestion, doc_ids: Sequence[str]) -> set[str]:
    if question.relevant_prefix is not None:
        return {d for d in doc_ids if d.startswith(question.relevant_prefix)}
    return set(question.relevant_ids)


def _doc_ranking(assistant: Assistant, query: str, mode: Mode, k: int) -> tuple[list[str], list[str], float]:
    """Top-k documents (each once, at its best chunk) and the top chunk texts, with the search time in ms.
    Chunks are fetched deeper than k so that k distinct documents survive the de-duplication."""
    depth = max(assistant.settings.candidate_depth, 5 * k)
    started = time.perf_counter()
    hits = assistant.retriever.search(query, depth, mode)
    took = (time.perf_counter() - started) * 1000
    chunks = [assistant.index.chunks[h.chunk] for h in hits]
    return m.unique_in_order(c.doc_id for c in chunks)[:k], [c.text for c in chunks[:EVIDENCE_K]], took


def _answer_row(answer: Answer) -> dict[str, Any]:
    first = answer.numbers[0] if answer.numbers else None
    return {
        "found": answer.found,
        "text": answer.answer,
        "number": first.model_dump(include={"value", "unit", "text", "qualifier", "subject", "citation"})
        if first
        else None,
        "citations": [{"id": c.id, "doc_id": c.doc_id, "chunk_id": c.chunk_id} for c in answer.citations],
        "took_ms": answer.took_ms,
    }


def _score_answer(question: EvalQuestion, answer: Answer) -> dict[str, bool]:
    """The per-question checks that apply to this question."""
    passed: dict[str, bool] = {}
    if question.answer is not None:
        passed["number"] = m.number_correct(answer, question.answer, question.relevant_prefix)
    if question.unanswerable:
        passed["abstention"] = m.abstention_correct(answer)
    if question.evidence:
        passed["evidence"] = m.evidence_found(question.evidence, [c.text for c in answer.citations], EVIDENCE_K)
    if question.gold_answers:
        passed["sentence"] = m.answer_holds_gold(answer.answer, question.gold_answers)
    if question.numeric and question.gold_answers:
        if question.gold_number is not None:  # value + unit given: judged like a question file, by report
            passed["number"] = m.number_matches(answer, question.gold_number, question.relevant_ids)
        else:
            passed["number"] = m.beir_number_correct(answer, question.gold_answers)
    return passed


def _expected(question: EvalQuestion) -> dict[str, Any]:
    if question.beir:
        return {
            "answers": list(question.gold_answers),
            "numeric": question.numeric,
            "number": question.gold_number,
            "unanswerable": question.unanswerable,
        }
    return {
        "doc": question.relevant_prefix,
        "answer": question.answer,
        "evidence": list(question.evidence),
        "unanswerable": question.unanswerable,
    }


ANSWER_CHOICES = ("all", "numeric", "none")


def _asked(question: EvalQuestion, answers: str) -> bool:
    if answers == "none" or not question.asks:
        return False
    return answers == "all" or question.numeric or question.answer is not None or question.unanswerable


Judged = list[tuple[EvalQuestion, dict[str, Any], set[str]]]  # question, its row, its relevant doc ids


def _measure_mode(assistant: Assistant, judged: Judged, mode: Mode, k: int, advance: Callable[[], None]) -> None:
    """Run one retrieval mode over the judged questions and record, in their rows, what came back."""
    assistant.retriever.search(judged[0][0].question, 1, mode)  # untimed warm-up: loads the embedding model
    assistant.retriever.forget_query_vectors()  # each mode's latency includes encoding its questions
    ev_k = min(EVIDENCE_K, k)
    for q, row, relevant in judged:
        ranked, top_texts, ms = _doc_ranking(assistant, q.question, mode, k)
        rank = m.first_relevant_rank(ranked, relevant)
        row["retrieved"][mode], row["rank"][mode], row["latency_ms"][mode] = ranked, rank, round(ms, 2)
        row["passed"][f"{mode}_hit@{ev_k}"] = rank is not None and rank <= ev_k
        if q.evidence:  # chunk-level: with five reports, document recall alone says little
            row["evidence"][mode] = m.evidence_found(q.evidence, top_texts, ev_k)
        advance()


def _measure_answers(
    assistant: Assistant, asked: list[tuple[EvalQuestion, dict[str, Any]]], advance: Callable[[], None]
) -> None:
    """Ask each question once — Assistant.ask always answers with hybrid, so these are mode-independent."""
    assistant.retriever.forget_query_vectors()  # the retrieval runs encoded these questions: time ask's own
    for q, row in asked:
        answer = assistant.ask(q.question, ASK_TOP_K)
        row["answer"] = _answer_row(answer)
        row["passed"].update(_score_answer(q, answer))
        advance()


def evaluate(
    assistant: Assistant,
    eval_set: EvalSet,
    modes: Sequence[Mode] = MODES,
    k: int = 10,
    progress: Progress | None = None,
    split: str = "all",
    answers: str = "all",
    limit: int | None = None,
) -> EvalResult:
    """Every mode's retrieval metrics and the answer metrics of `eval_set` on the assistant's index, for the
    whole run and for each split. `split` restricts the run to the questions of one split; `answers` asks
    every question that has an answer check ("all"), only those with a number or abstention check
    ("numeric": a large set's quick run) or none; `limit` keeps the first N questions (file order)."""
    if k < 1:
        raise ValueError(f"k must be ≥ 1, got {k}")
    if not modes or any(mode not in MODES for mode in modes):
        raise ValueError(f"modes must be among {', '.join(MODES)}, got {list(modes)!r}")
    if split != "all" and split not in SPLITS:
        raise ValueError(f"split must be all, {' or '.join(SPLITS)}, got {split!r}")
    if answers not in ANSWER_CHOICES:
        raise ValueError(f"answers must be one of {', '.join(ANSWER_CHOICES)}, got {answers!r}")
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be ≥ 1, got {limit}")
    started = time.perf_counter()
    questions = [q for q in eval_set.questions if split == "all" or split_of(q.id) == split][:limit]
    if not questions:
        raise EvalSetError(f"{eval_set.path}: no question of {eval_set.name} falls in the {split} split")
    doc_ids = list(assistant.index.documents)
    rows: list[dict[str, Any]] = [
        {
            "id": q.id,
            "split": split_of(q.id),
            "question": q.question,
            "relevant": sorted(_relevant(q, doc_ids)),
            "expected": _expected(q),
            "retrieved": {},
            "rank": {},
            "latency_ms": {},
            "evidence": {},
            "answer": None,
            "passed": {},
        }
        for q in questions
    ]
    judged: Judged = [(q, row, set(row["relevant"])) for q, row in zip(questions, rows) if row["relevant"]]
    asked = [(q, row) for q, row in zip(questions, rows) if _asked(q, answers)]
    for mode in modes:
        if judged:
            with _task(progress, f"{eval_set.name} · {mode}", len(judged)) as advance:
                _measure_mode(assistant, judged, mode, k, advance)
    if asked:
        with _task(progress, f"{eval_set.name} · answers", len(asked)) as advance:
            _measure_answers(assistant, asked, advance)
    meta = {
        "path": str(eval_set.path),
        "index_dir": str(assistant.index.path),
        "embed_model": assistant.index.embed_model,
        "documents": len(doc_ids),
        "chunks": len(assistant.index.chunks),
        "questions": len(rows),
        "limit": limit,
        "answers": answers,
        "split_questions": {name: sum(1 for row in rows if row["split"] == name) for name in SPLITS},
        "skipped": list(eval_set.skipped),
        "retrieval_questions": len(judged),
        "answer_questions": len(asked),
        "settings": {
            "candidate_depth": assistant.settings.candidate_depth,
            "rrf_k": assistant.settings.rrf_k,
            "bm25_weight": assistant.settings.bm25_weight,
            "dense_weight": assistant.settings.dense_weight,
        },
        "unmatched": [
            q.id for q, row in zip(questions, rows) if (q.relevant_prefix or q.relevant_ids) and not row["relevant"]
        ],
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(time.perf_counter() - started, 2),
    }
    result = EvalResult(eval_set.name, eval_set.kind, list(modes), k, {}, {}, rows, meta, split=split)
    summarise_splits(result)
    return result


def write_results(result: EvalResult, out_dir: Path) -> tuple[Path, Path]:
    """results.json and report.html under out_dir, each written whole then renamed (no half files)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / "results.json", out_dir / "report.html"
    bodies = json.dumps(result.to_json(), ensure_ascii=False, indent=1), render_html(result)
    for path, body in zip(paths, bodies):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    return paths


def run_eval(
    eval_set: EvalSet,
    settings: Settings,
    modes: Sequence[Mode] = MODES,
    k: int = 10,
    out_root: Path = DEFAULT_OUT_ROOT,
    index_dir: Path | None = None,
    progress: Progress | None = None,
    split: str = "all",
    answers: str = "all",
    limit: int | None = None,
) -> tuple[EvalResult, Path, Path]:
    """Prepare the index, evaluate, write results.json and report.html: the whole run without a UI."""
    target = prepare_index(eval_set, settings, out_root, index_dir)
    assistant = Assistant.load(settings, target)
    result = evaluate(assistant, eval_set, modes, k, progress, split, answers, limit)
    results_path, report_path = write_results(result, set_dir(eval_set, out_root))
    return result, results_path, report_path
