"""Answering end to end on the real seed index, scored as ../shared/eval/README.md says."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from eval.splits import split_of
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.answer import Assistant, Needle, QuestionError
from qa.fusion import weighted_rrf

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "eval" / "sets" / "dev_questions.jsonl", ROOT / "eval" / "sets" / "extra_questions.jsonl"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def score(assistant: Assistant, item: dict) -> tuple[bool, str]:
    answer = assistant.ask(item["question"])
    if item["evidence"] and not any(_norm(e) in _norm(c.text) for c in answer.citations[:5] for e in item["evidence"]):
        return False, "evidence not in the first five citations"
    if item.get("unanswerable"):
        return (not answer.found and not answer.numbers), f"should abstain, got {answer.numbers[:1]}"
    if item["answer"] is None:
        return (answer.found and not answer.numbers), "a non-numeric question should get no numbers"
    if not answer.numbers:
        return False, "no number"
    first = answer.numbers[0]
    cited = {c.id: c for c in answer.citations}[first.citation]
    ok = (
        first.value in [item["answer"]["value"], *item.get("also", []), *item["answer"].get("also", [])]
        and first.unit == item["answer"]["unit"]
        and cited.doc_id.startswith(item["doc"])
    )
    return ok, f"got {first.value} {first.unit} from {cited.doc_id}"


def _items(path: Path) -> list[dict]:
    if not path.exists():
        pytest.skip(f"{path} not present")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_question_sets(assistant: Assistant, path: Path) -> None:
    """Every train-split question right (the scorer is fitted on them); of the held-out part of
    extra_questions at most one miss — a fitted scorer is not tuned on held-out questions (eval/splits.py)."""
    failures, heldout = [], []
    for item in _items(path):
        ok, why = score(assistant, item)
        if not ok:
            (heldout if split_of(item["id"]) == "heldout" else failures).append(
                f"{item['id']} {item['question']}: {why}"
            )
    assert not failures, "\n".join(failures)
    assert len(heldout) <= (0 if path.stem == "dev_questions" else 1), "\n".join(heldout)


BLIND_SETS = [ROOT / "eval" / "sets" / "blind_questions.jsonl", ROOT / "eval" / "sets" / "blind2_questions.jsonl"]


def test_blind_question_sets(assistant: Assistant) -> None:
    """Question sets written from the reports by people who did not see the code (other facts, places and
    phrasings than the dev set): the held-out bar is 95%; a drop below 93% fails."""
    items = [item for path in BLIND_SETS for item in _items(path)]
    failures = [
        f"{item['id']} {item['question']}: {why}" for item in items for ok, why in [score(assistant, item)] if not ok
    ]
    rate = 1 - len(failures) / len(items)
    assert rate >= 0.93, f"pass rate {rate:.3f}:\n" + "\n".join(failures)


def test_answer_contract_fields(assistant: Assistant) -> None:
    answer = assistant.ask("江门有多少爱心驿站")
    assert answer.found and answer.numbers[0].value == 27 and answer.numbers[0].unit == "个"
    for number in answer.numbers:
        citation = {c.id: c for c in answer.citations}[number.citation]
        assert citation.text[number.start : number.end] == number.text
    for citation in answer.citations:
        doc = assistant.document(citation.doc_id)
        assert doc is not None and doc.text[citation.start : citation.end] == citation.text
        assert 0 <= citation.score <= 1
    assert [c.id for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_abstains_with_closest_passages(assistant: Assistant) -> None:
    answer = assistant.ask("台州有多少爱心驿站")
    assert not answer.found and answer.numbers == [] and answer.citations
    assert "没有" in answer.answer


def test_memoised_work_does_not_change_answers(assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    """Passage views, places, words and sentence vectors are memoised across asks (bounded): a warm ask, and
    one under a memo too small to hold an ask's work, answer and score exactly as a cold one."""
    questions = [
        "江门有多少个镇(街)职工服务中心",
        "陕西新建、改造了多少家地方工人文化宫",
        "台州有多少爱心驿站",
        "平湖是如何推进工会改革的",  # a sentence answer: its sentences' vectors are memoised too
    ]
    memos = (
        assistant._views,
        assistant._passage_places,
        assistant._sentence_places,
        assistant._words,
        assistant._sentence_vectors,
    )

    def answers() -> list[dict]:
        return [assistant.ask(q, explain=True).model_dump(exclude={"took_ms"}) for q in questions]

    cold = []
    for q in questions:
        for memo in memos:
            memo.clear()
        cold.append(assistant.ask(q, explain=True).model_dump(exclude={"took_ms"}))
    assert any(memos) and answers() == cold
    monkeypatch.setattr("qa.answer.MEMO_ENTRIES", 3)
    monkeypatch.setattr("qa.answer.SENTENCE_VECTORS", 3)
    for memo in memos:
        memo.clear()
    assert answers() == cold
    assert all(len(memo) <= 3 for memo in memos)


@pytest.mark.parametrize(
    "variant",
    ["江門有多少愛心驛站", "江门 有 多少 爱心驿站 ？", "江门有多少爱心驿站？", "ＪＩＡＮＧ江门有多少爱心驿站"],
)
def test_script_width_and_spaces_do_not_change_the_answer(assistant: Assistant, variant: str) -> None:
    answer = assistant.ask(variant)
    assert answer.numbers and answer.numbers[0].value == 27 and answer.numbers[0].unit == "个"


@pytest.mark.parametrize("question", ["", "   ", "问" * 1001])
def test_bad_questions_are_refused(assistant: Assistant, question: str) -> None:
    with pytest.raises(QuestionError):
        assistant.ask(question)


@pytest.mark.parametrize(
    "question, places, head, wants, measure",
    [
        ("江门有多少爱心驿站", ["江门市"], "爱心驿站", True, None),
        ("江門有多少愛心驛站", ["江门市"], "爱心驿站", True, None),
        ("陕西新建、改造了多少家青少年活动中心", ["陕西省"], "青少年活动中心", True, "家"),
        ("平湖组建了几个家庭教育指导工作室", ["平湖市"], "家庭教育指导工作室", True, "个"),
        ("贾汪区受理了多少件次消费纠纷诉前调解案件", ["贾汪区"], "消费纠纷诉前调解案件", True, "件次"),
        ("甘肃筹集了多少“暖冬行动”资金", ["甘肃省"], "“暖冬行动”资金", True, "元"),
        ("贾汪录用的教师中青年教师占比多少", ["贾汪区"], "录用的教师中青年教师", True, "%"),
        ("江门社区应急救援志愿队伍有多少人", ["江门市"], "社区应急救援志愿队伍", True, "人"),
        ("台州乡村振兴改革的“三个统筹”是什么", ["台州市"], "乡村振兴改革的“三个统筹”", False, None),
        ("滨海县怎样扩大农产品对外销售", ["滨海县"], "扩大农产品对外销售", False, None),
        ("江苏有多少家社区老年爱心食堂", ["江苏省"], "社区老年爱心食堂", True, "家"),
    ],
)
def test_question_analysis(question: str, places: list[str], head: str, wants: bool, measure: str | None) -> None:
    q = analyze(question)
    assert [p.name for p in q.places] == places
    assert q.head == head
    assert q.wants_number is wants
    assert q.measure == measure


def test_needle_weighs_the_head_noun() -> None:
    cut = Tokenizer().cut
    station = Needle.of("爱心驿站", cut)
    assert station.coverage("户外劳动者工会爱心驿站23个") == 1.0
    assert station.coverage("职工书屋588家") == 0.0
    assert station.coverage("户外劳动者驿站176家") < 0.45
    assert "政宣" not in Needle.of("思政宣讲", cut).grams  # no bigrams across words
    members = Needle.of("工会会员", cut)
    assert members.tail_in("会员48.7万人") and not members.tail_in("基层工会4716家")
    assert members.coverage("会员48.7万人", passage="全县现有基层工会4716家") > members.coverage("会员48.7万人")


def test_rrf_is_pure_and_weighted() -> None:
    bm25, dense = [3, 1, 2], [2, 3]
    fused = weighted_rrf({"bm25": bm25, "dense": dense}, {"bm25": 1.0, "dense": 0.5}, k=60)
    assert [d for d, _ in fused] == [3, 2, 1]
    assert fused[0][1] == pytest.approx(1 / 61 + 0.5 / 62)
    assert bm25 == [3, 1, 2] and dense == [2, 3]
    with pytest.raises(ValueError):
        weighted_rrf({"x": [1]}, {}, k=60)


@pytest.mark.slow
@pytest.mark.parametrize("question", ["陕西有多少个工人文化宫", "江门有多少爱心驿站", "台州基层工会一共多少个"])
def test_a_mention_in_overlapping_passages_is_listed_once(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    at = [
        (answer.citations[n.citation - 1].doc_id, answer.citations[n.citation - 1].start + n.start)
        for n in answer.numbers
    ]
    assert answer.numbers and len(at) == len(set(at))
