"""The eval runner end to end on real indexes: a tiny BEIR set built in tmp, the dev questions against the
seed index, set validation, the regression gate and the `qa eval` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eval import baselines as gate
from eval.datasets import EvalSetError, load_set
from eval.runner import evaluate, run_eval

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "sets" / "dev_questions.jsonl"

PASSAGES = [
    {
        "_id": "P1",
        "title": "青山水库",
        "text": "青山水库位于河谷上游，总库容为3.5亿立方米，是当地最大的水库，主要用于灌溉和防洪。",
    },
    {
        "_id": "P2",
        "title": "星光图书馆",
        "text": "星光图书馆建于1998年，馆内藏书约120万册，每天开放十二个小时，读者可以免费借阅。",
    },
    {
        "_id": "P3",
        "title": "红叶山",
        "text": "红叶山海拔1620米，秋季满山枫叶变红，吸引大量游客登山观赏。山顶有一座古老的寺庙。",
    },
    {
        "_id": "P4",
        "title": "蓝湾港口",
        "text": "蓝湾港口是一个深水港，拥有12个万吨级泊位，年吞吐量超过8000万吨，连接多条国际航线。",
    },
]
QUERIES = [
    {"_id": "Q1", "text": "青山水库的总库容是多少立方米？"},
    {"_id": "Q2", "text": "星光图书馆藏书有多少册？"},
    {"_id": "Q3", "text": "红叶山秋季有什么景色？"},
]
QRELS = [("Q1", "P1"), ("Q2", "P2"), ("Q3", "P3")]
ANSWERS = [
    {"_id": "Q1", "answers": ["3.5亿立方米"], "numeric": True},
    {"_id": "Q2", "answers": ["约120万册"], "numeric": True},
    {"_id": "Q3", "answers": ["满山枫叶变红"], "numeric": False},
]


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def tiny_beir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("beir") / "tiny-set"
    (root / "qrels").mkdir(parents=True)
    _jsonl(root / "corpus.jsonl", PASSAGES)
    _jsonl(root / "queries.jsonl", QUERIES)
    _jsonl(root / "answers.jsonl", ANSWERS)
    (root / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t1\n" for q, d in QRELS), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def tiny_run(tiny_beir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from qa.config import Settings

    out_root = tmp_path_factory.mktemp("eval-out")
    _, results_path, _ = run_eval(load_set(tiny_beir), Settings(), k=10, out_root=out_root)
    return out_root, json.loads(results_path.read_text(encoding="utf-8"))


# -- a tiny BEIR set with its own index -----------------------------------------------------------------


@pytest.mark.slow
def test_beir_set_gets_its_own_cached_index(tiny_beir: Path, tiny_run: tuple[Path, dict[str, Any]]) -> None:
    from index.build import build_index
    from qa.config import Settings

    out_root, results = tiny_run
    index_dir = out_root / "tiny-set" / "index"
    assert (index_dir / "current").exists()
    assert results["meta"]["index_dir"].startswith(str(index_dir))
    assert results["meta"]["documents"] == 4
    # unchanged corpus + settings: the cached index stands, nothing is rebuilt
    again = build_index([tiny_beir / "corpus.jsonl"], index_dir, Settings().embed_model, show_progress=False)
    assert not again.built


@pytest.mark.slow
def test_beir_results_json(tiny_run: tuple[Path, dict[str, Any]]) -> None:
    _, results = tiny_run
    metrics = results["metrics"]
    for mode in ("bm25", "dense", "hybrid"):
        for name in ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"):
            assert 0.0 <= metrics[f"{mode}_{name}"] <= 1.0
        assert metrics[f"{mode}_latency_p50_ms"] <= metrics[f"{mode}_latency_p95_ms"]
    # Four passages on four unrelated topics: BM25 finds each question's passage first.
    assert metrics["bm25_recall@1"] == 1.0
    assert metrics["bm25_mrr@10"] == 1.0
    assert metrics["bm25_ndcg@10"] == 1.0
    # Only four documents exist, so every mode has each relevant one within 10.
    assert metrics["dense_recall@10"] == metrics["hybrid_recall@10"] == 1.0
    assert 0.0 <= metrics["answer_number_accuracy"] <= 1.0
    assert "answer_abstention_accuracy" not in metrics  # nothing to score: absent, not 0

    rows = {row["id"]: row for row in results["rows"]}
    assert set(rows) == {"Q1", "Q2", "Q3"}
    assert rows["Q1"]["retrieved"]["bm25"][0] == "P1"
    assert rows["Q1"]["relevant"] == ["P1"]
    assert set(rows["Q1"]["retrieved"]) == {"bm25", "dense", "hybrid"}
    for ranked in rows["Q1"]["retrieved"].values():  # documents, each once (chunks folded)
        assert len(ranked) == len(set(ranked)) <= 4
    # every question with gold answers is asked; only the numeric ones get the number check
    assert rows["Q3"]["answer"] is not None and "number" not in rows["Q3"]["passed"]
    assert all(isinstance(rows[q]["passed"]["sentence"], bool) for q in rows)
    assert {rows[q]["split"] for q in rows} <= {"train", "heldout"}
    assert set(results["splits"]) == {"all", "train", "heldout"}
    assert sum(results["splits"][s]["questions"] for s in ("train", "heldout")) == 3
    for qid in ("Q1", "Q2"):
        assert isinstance(rows[qid]["passed"]["number"], bool)
        assert rows[qid]["answer"]["citations"]
    accuracy = sum(rows[q]["passed"]["number"] for q in ("Q1", "Q2")) / 2
    assert metrics["answer_number_accuracy"] == accuracy
    assert results["curves"]["bm25"] == [1.0] * 10


@pytest.mark.slow
def test_beir_report_html(tiny_run: tuple[Path, dict[str, Any]]) -> None:
    out_root, _ = tiny_run
    html = (out_root / "tiny-set" / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<polyline" in html
    assert "recall@5" in html and "ndcg@10" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained, no CDN
    assert html.count("<script") == 1 and "<script src" not in html  # the filter's inline script only
    assert html.count('<tr class="q"') == 3  # every question listed, not only failures


@pytest.mark.slow
def test_split_answers_and_limit_restrict_a_run(tiny_beir: Path, tiny_run: tuple[Path, dict[str, Any]]) -> None:
    from eval.splits import split_of
    from qa.config import Settings

    out_root, _ = tiny_run  # its cached index is reused
    quick, _, _ = run_eval(
        load_set(tiny_beir), Settings(), ["bm25"], k=5, out_root=out_root, answers="numeric", limit=2
    )
    assert [r["id"] for r in quick.rows] == ["Q1", "Q2"] and quick.meta["limit"] == 2
    assert all(r["answer"] is not None and "number" in r["passed"] for r in quick.rows)
    none, _, _ = run_eval(load_set(tiny_beir), Settings(), ["bm25"], k=5, out_root=out_root, answers="none")
    assert all(r["answer"] is None for r in none.rows) and not any(k.startswith("answer_") for k in none.metrics)
    split = split_of("Q1")
    other = "heldout" if split == "train" else "train"
    only, _, _ = run_eval(load_set(tiny_beir), Settings(), ["bm25"], k=5, out_root=out_root, split=split)
    assert {r["split"] for r in only.rows} == {split} and "Q1" in {r["id"] for r in only.rows}
    assert only.by_split[other] == {} and only.by_split[split] == only.metrics
    assert only.to_json()["split"] == split


# -- the dev questions against the seed index -----------------------------------------------------------


@pytest.mark.slow
def test_dev_questions_on_seed_index(assistant: Any) -> None:
    result = evaluate(assistant, load_set(DEV), k=10)
    metrics = result.metrics
    for mode in ("bm25", "dense", "hybrid"):
        for name in ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "evidence@5"):
            assert 0.0 <= metrics[f"{mode}_{name}"] <= 1.0, f"{mode}_{name}"
    for name in ("answer_number_accuracy", "answer_abstention_accuracy", "answer_evidence@5", "answer_pass_rate"):
        assert 0.0 <= metrics[name] <= 1.0, name
    assert result.meta["questions"] == 22
    assert result.meta["retrieval_questions"] == 20  # the two unanswerable ones have no relevant doc
    assert result.meta["unmatched"] == []
    rows = {row["id"]: row for row in result.rows}
    assert rows["d19"]["retrieved"] == {} and "abstention" in rows["d19"]["passed"]
    assert rows["d01"]["relevant"] == ["004_122134ab76e398b1"]


@pytest.mark.slow
def test_escapes_untrusted_text_in_the_report(assistant: Any, tmp_path: Path) -> None:
    from eval.runner import write_results

    bad = tmp_path / "evil.jsonl"
    _jsonl(
        bad,
        [
            {
                "id": "<b>x</b>",
                "question": "<script>alert(1)</script>江门有多少个镇(街)职工服务中心",
                "doc": "004",
                "answer": {"value": -1, "unit": "个"},
                "evidence": ["<img src=x>"],
            }
        ],
    )
    result = evaluate(assistant, load_set(bad), ["bm25"], k=5)
    _, report = write_results(result, tmp_path / "out")
    html = report.read_text(encoding="utf-8")
    assert html.count("<script>") == 1  # the report's own filter script; the question's is escaped
    assert "<img" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- reading sets: errors name the file and line --------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": "x", "question": "", "doc": null}', "`question`"),
        ('{"id": "x", "question": "q", "doc": "004", "answer": {"value": "36", "unit": "个"}}', "`answer`"),
        ('{"id": "x", "question": "q", "doc": null, "answer": {"value": 36, "unit": "个"}}', "needs the `doc`"),
        ('{"id": "x", "question": "q", "doc": "004", "evidence": "one string"}', "`evidence`"),
        ('["a list"]', "JSON object"),
    ],
)
def test_invalid_question_file_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "ok", "question": "q", "doc": "004"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match=message) as info:
        load_set(path)
    assert f"{path}:3:" in str(info.value)


def test_duplicate_ids_and_missing_paths(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "q"}\n{"id": "a", "question": "r"}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"q\.jsonl:2: duplicate id 'a'"):
        load_set(path)
    with pytest.raises(EvalSetError, match="no such file"):
        load_set(tmp_path / "missing.jsonl")
    (tmp_path / "notbeir").mkdir()
    with pytest.raises(EvalSetError, match="no corpus.jsonl"):
        load_set(tmp_path / "notbeir")


def test_beir_qrels_errors_and_empty_queries(tiny_beir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(tiny_beir, copy)
    with (copy / "queries.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"_id": "Q4", "text": ""}) + "\n")
    (copy / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nQ1\tP1\t1\nQ4\tP4\t1\nQ2\tP2\n", encoding="utf-8"
    )
    with pytest.raises(EvalSetError, match=r"test\.tsv:4: expected query-id"):
        load_set(copy)
    (copy / "qrels" / "test.tsv").write_text("Q1\tP1\t1\nQ4\tP4\t1\nQ2\tP2\t0\n", encoding="utf-8")
    loaded = load_set(copy)
    assert [q.id for q in loaded.questions] == ["Q1"]  # Q2 graded 0, Q3 unjudged, Q4 empty
    assert loaded.skipped == ("Q4",)
    assert loaded.questions[0].numeric and loaded.questions[0].gold_answers == ("3.5亿立方米",)


def test_shipped_sets_load() -> None:
    dev = load_set(DEV)
    assert len(dev.questions) == 22 and dev.kind == "questions" and dev.name == "dev_questions"
    cmrc = load_set(ROOT / "eval" / "sets" / "cmrc2018-trial")
    assert cmrc.name == "cmrc2018-trial" and cmrc.kind == "beir"
    assert len(cmrc.questions) + len(cmrc.skipped) == 1002
    assert sum(q.numeric for q in cmrc.questions) == 71
    drcd = load_set(ROOT / "eval" / "sets" / "drcd-dev")
    assert len(drcd.questions) == 3524 and sum(q.numeric for q in drcd.questions) == 167
    assert all(q.gold_answers and q.relevant_ids for q in drcd.questions)


def test_beir_answers_with_value_unit_and_unanswerable(tiny_beir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(tiny_beir, copy)
    with (copy / "queries.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"_id": "Q9", "text": "白沙港有多少个泊位？"}, ensure_ascii=False) + "\n")
    _jsonl(
        copy / "answers.jsonl",
        [
            {"_id": "Q1", "answers": ["3.5亿立方米"], "numeric": True, "value": 350000000, "unit": "立方米"},
            {"_id": "Q9", "answers": [], "numeric": False, "unanswerable": True},
        ],
    )
    loaded = {q.id: q for q in load_set(copy).questions}
    assert loaded["Q1"].gold_number == {"value": 350000000, "unit": "立方米"}
    assert loaded["Q9"].unanswerable and loaded["Q9"].relevant_ids == frozenset() and loaded["Q9"].asks
    _jsonl(copy / "answers.jsonl", [{"_id": "Q9", "answers": ["12个"], "unanswerable": True}])
    with pytest.raises(EvalSetError, match=r"answers\.jsonl:1: an unanswerable question"):
        load_set(copy)


# -- the regression gate --------------------------------------------------------------------------------


def test_gate_flags_drops_beyond_tolerance_only() -> None:
    baseline = {
        "hybrid": {"recall@5": 0.90, "mrr@10": 0.80},
        "answer": {"number_accuracy": 1.0},
        "dense": {"recall@5": 0.5},
    }
    current = {
        "hybrid_recall@5": 0.88,
        "hybrid_mrr@10": 0.7,
        "hybrid_latency_p50_ms": 999.0,
        "answer_number_accuracy": 0.95,
    }
    found = gate.check(baseline, current, ["hybrid", "answer"], tolerance=0.02)
    assert [(r.metric, r.baseline, r.current) for r in found] == [
        ("hybrid_mrr@10", 0.8, 0.7),
        ("answer_number_accuracy", 1.0, 0.95),
    ]  # 0.02 exactly is allowed
    assert "hybrid_mrr@10: baseline 0.8000, now 0.7000" in str(found[0])
    assert gate.check(baseline, current, ["hybrid", "answer"], tolerance=0.1) == []
    # a metric that disappeared is a regression; a mode not run is not judged
    gone = gate.check(baseline, {}, ["answer"])
    assert [(r.metric, r.current) for r in gone] == [("answer_number_accuracy", None)]


def test_gate_update_keeps_other_sets_and_modes_and_drops_latency(tmp_path: Path) -> None:
    old = {"other": {"bm25": {"recall@1": 0.5}}, "dev": {"dense": {"recall@1": 0.3}, "hybrid": {"recall@1": 0.1}}}
    new = gate.update(old, "dev", {"hybrid_recall@1": 0.123456, "hybrid_latency_p50_ms": 3.0, "answer_pass_rate": 1.0})
    assert new == {
        "other": {"bm25": {"recall@1": 0.5}},
        "dev": {"dense": {"recall@1": 0.3}, "hybrid": {"recall@1": 0.1235}, "answer": {"pass_rate": 1.0}},
    }
    assert old["dev"]["hybrid"]["recall@1"] == 0.1  # not mutated
    path = tmp_path / "b.json"
    gate.save(new, path)
    assert gate.load(path) == new
    assert gate.load(tmp_path / "absent.json") == {}


# -- the command ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_update_then_check(tiny_beir: Path, tmp_path: Path, tiny_run: tuple[Path, dict[str, Any]]) -> None:
    from eval.cli import eval_command

    out_root, _ = tiny_run  # its cached index is reused
    runner = CliRunner()
    base = tmp_path / "baselines.json"
    common = [str(tiny_beir), "--mode", "bm25", "--out-dir", str(out_root), "--baselines", str(base)]
    missing = runner.invoke(eval_command, [*common, "--check"])
    assert missing.exit_code == 1 and "no baseline for 'tiny-set'" in missing.output

    updated = runner.invoke(eval_command, [*common, "--update-baseline"])
    assert updated.exit_code == 0, updated.output
    stored = json.loads(base.read_text(encoding="utf-8"))
    assert stored["tiny-set"]["bm25"]["recall@1"] == 1.0 and "latency_p50_ms" not in stored["tiny-set"]["bm25"]
    assert "recall@1" in updated.output and "bm25" in updated.output

    passed = runner.invoke(eval_command, [*common, "--check"])
    assert passed.exit_code == 0, passed.output
    assert "check passed" in passed.output

    stored["tiny-set"]["bm25"]["mrr@10"] = 1.5  # a baseline the run cannot reach
    base.write_text(json.dumps(stored), encoding="utf-8")
    failed = runner.invoke(eval_command, [*common, "--check", "--tolerance", "0.1"])
    assert failed.exit_code == 1
    assert "bm25_mrr@10: baseline 1.5000, now 1.0000" in failed.output


def test_cli_rejects_bad_sets_and_flags(tmp_path: Path) -> None:
    from eval.cli import eval_command

    runner = CliRunner()
    missing = runner.invoke(eval_command, [str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1 and "nope.jsonl: no such file" in missing.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "q"}\n{oops\n', encoding="utf-8")
    invalid = runner.invoke(eval_command, [str(bad)])
    assert invalid.exit_code == 1 and "bad.jsonl:2: not valid JSON" in invalid.output
    both = runner.invoke(eval_command, [str(bad), "--check", "--update-baseline"])
    assert both.exit_code == 2 and "exclude each other" in both.output
    mode = runner.invoke(eval_command, [str(bad), "--mode", "sparse"])
    assert mode.exit_code == 2
    split_gate = runner.invoke(eval_command, [str(bad), "--check", "--split", "heldout"])
    assert split_gate.exit_code == 2 and "need --split all" in split_gate.output
    assert runner.invoke(eval_command, [str(bad), "--split", "test"]).exit_code == 2
