"""The eval metric functions against hand-computed cases, and the shared/eval scoring rules."""

from __future__ import annotations

import math

import pytest

from eval import metrics as m
from qa.schemas import Answer, CitationOut, NumberOut


def citation(cid: int, doc_id: str, text: str = "") -> CitationOut:
    return CitationOut(
        id=cid, doc_id=doc_id, title="t", chunk_id=f"{doc_id}#{cid}", text=text, score=0.5, start=0, end=len(text)
    )


def number(value: float, unit: str, cited: int = 1, text: str | None = None) -> NumberOut:
    text = text if text is not None else f"{value}{unit}"
    return NumberOut(
        value=value, unit=unit, text=text, qualifier=None, subject="", citation=cited, start=0, end=len(text)
    )


def answer(numbers: list[NumberOut], citations: list[CitationOut], found: bool = True) -> Answer:
    return Answer(question="q", found=found, answer="a", numbers=numbers, citations=citations, took_ms=1.0)


# -- retrieval ------------------------------------------------------------------------------------------

RANKED = ["a", "b", "c", "d"]


def test_unique_in_order_keeps_each_document_at_its_best_rank() -> None:
    assert m.unique_in_order(["d1", "d2", "d1", "d3", "d2"]) == ["d1", "d2", "d3"]


@pytest.mark.parametrize(("k", "expected"), [(1, 0.0), (2, 1 / 3), (3, 1 / 3), (4, 2 / 3), (10, 2 / 3)])
def test_recall_at_k(k: int, expected: float) -> None:
    # relevant b (rank 2), d (rank 4) and x (never returned): 3 relevant in all
    assert m.recall_at_k(RANKED, {"b", "d", "x"}, k) == pytest.approx(expected)


def test_recall_needs_relevant_documents() -> None:
    with pytest.raises(ValueError):
        m.recall_at_k(RANKED, set(), 5)


@pytest.mark.parametrize(
    ("relevant", "k", "expected"),
    [
        ({"a"}, 10, 1.0),
        ({"b", "d"}, 10, 0.5),
        ({"d"}, 10, 0.25),
        ({"d"}, 3, 0.0),
        ({"z"}, 10, 0.0),
    ],
)
def test_reciprocal_rank(relevant: set[str], k: int, expected: float) -> None:
    assert m.reciprocal_rank(RANKED, relevant, k) == pytest.approx(expected)


def test_first_relevant_rank() -> None:
    assert m.first_relevant_rank(RANKED, {"c", "d"}) == 3
    assert m.first_relevant_rank(RANKED, {"z"}) is None


def test_ndcg_binary_by_hand() -> None:
    # relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161;
    # ideal (ranks 1, 2) = 1 + 0.63093 = 1.63093; nDCG = 0.65092
    assert m.ndcg_at_k(RANKED, {"b", "d"}, 10) == pytest.approx(0.65092, abs=1e-5)
    # cut at k = 3: only rank 2 counts; the ideal still has two relevant within 3
    assert m.ndcg_at_k(RANKED, {"b", "d"}, 3) == pytest.approx(0.63093 / 1.63093, abs=1e-5)
    assert m.ndcg_at_k(RANKED, {"a"}, 10) == 1.0
    assert m.ndcg_at_k(RANKED, {"z"}, 10) == 0.0
    # one relevant at rank 3: 1/log2(4) = 0.5
    assert m.ndcg_at_k(RANKED, {"c"}, 10) == pytest.approx(0.5)


def test_ndcg_ideal_is_capped_at_k() -> None:
    # 3 relevant but k = 2, both top slots relevant: a perfect score, not 2/3 of one
    assert m.ndcg_at_k(["a", "b"], {"a", "b", "c"}, 2) == pytest.approx(1.0)


def test_recall_cutoffs() -> None:
    assert m.recall_cutoffs(10) == [1, 5, 10]
    assert m.recall_cutoffs(5) == [1, 5]
    assert m.recall_cutoffs(3) == [1, 3]
    assert m.recall_cutoffs(1) == [1]


# -- the question-file rules ----------------------------------------------------------------------------

GOLD = {"value": 36, "unit": "个"}


def test_number_correct_value_unit_and_doc() -> None:
    cites = [citation(1, "004_122134ab76e398b1")]
    assert m.number_correct(answer([number(36, "个")], cites), GOLD, "004")
    assert m.number_correct(answer([number(36.0, "个")], cites), GOLD, "004")  # int vs float is the same value
    assert not m.number_correct(answer([number(36, "家")], cites), GOLD, "004")  # unit must be equal
    assert not m.number_correct(answer([number(35, "个")], cites), GOLD, "004")
    assert not m.number_correct(answer([number(36, "个")], cites), GOLD, "003")  # cited from another report
    assert not m.number_correct(answer([], cites), GOLD, "004")


def test_number_correct_judges_only_numbers_0() -> None:
    cites = [citation(1, "004_x")]
    assert not m.number_correct(answer([number(5, "个"), number(36, "个")], cites), GOLD, "004")


def test_number_correct_follows_the_citation_the_number_points_to() -> None:
    cites = [citation(1, "003_y"), citation(2, "004_x")]
    assert m.number_correct(answer([number(36, "个", cited=2)], cites), GOLD, "004")
    assert not m.number_correct(answer([number(36, "个", cited=1)], cites), GOLD, "004")
    assert not m.number_correct(answer([number(36, "个", cited=7)], cites), GOLD, "004")  # dangling id


def test_number_correct_accepts_also() -> None:
    gold = {"value": 368000, "unit": "人次", "also": [370000, {"value": 36.8, "unit": "万人次"}]}
    cites = [citation(1, "000_z")]
    assert m.number_correct(answer([number(368000.0, "人次")], cites), gold, "000")
    assert m.number_correct(answer([number(370000, "人次")], cites), gold, "000")
    assert m.number_correct(answer([number(36.8, "万人次")], cites), gold, "000")
    assert not m.number_correct(answer([number(36.8, "人次")], cites), gold, "000")
    assert not m.number_correct(answer([number(375000, "人次")], cites), gold, "000")


def test_same_value_ignores_float_noise_only() -> None:
    assert m.same_value(0.1 + 0.2, 0.3)
    assert m.same_value(138000000, 1.38e8)
    assert not m.same_value(42, 42.5)


def test_abstention() -> None:
    cites = [citation(1, "004_x")]
    assert m.abstention_correct(answer([], cites, found=False))
    assert not m.abstention_correct(answer([number(23, "个")], cites, found=False))
    assert not m.abstention_correct(answer([], cites, found=True))


def test_evidence_ignores_whitespace_and_width() -> None:
    # Full-width brackets and digits and a line break in the passage; half-width in the evidence.
    passage = "全县现有乡（镇）文化服务中心（站点）\n４２ 个、社区老年爱心食堂19个"
    assert m.evidence_found(["乡(镇)文化服务中心(站点)42个"], [passage])
    # and the other way round: the evidence full-width, the passage half-width
    assert m.evidence_found(["乡（镇）文化服务中心（站点） ４２个"], ["乡(镇)文化服务中心(站点)42个"])
    assert not m.evidence_found(["乡(镇)文化服务中心(站点)43个"], [passage])


def test_evidence_any_string_in_any_of_the_first_five() -> None:
    passages = ["甲", "乙", "丙", "丁", "戊", "联合协会846家"]
    assert not m.evidence_found(["联合协会846家"], passages)  # sixth: out of the top five
    assert m.evidence_found(["联合协会846家"], passages, k=6)
    assert m.evidence_found(["不在其中", "丙"], passages)
    assert not m.evidence_found([], passages)
    assert not m.evidence_found([" "], passages)  # an empty needle matches nothing, not everything


def test_normalize_for_match() -> None:
    assert m.normalize_for_match(" ＡＢ　1２ \n%") == "AB12%"


# -- the CMRC numeric rule ------------------------------------------------------------------------------


def test_beir_number_by_folded_value() -> None:
    cites = [citation(1, "TRIAL_1")]
    assert m.beir_number_correct(answer([number(1142000000, "元", text="11.42亿元")], cites), ["11.42亿元"])
    assert m.beir_number_correct(answer([number(20, "厘米")], cites), ["非洲猴面包树的果实长约15至20厘米。"])
    assert m.beir_number_correct(answer([number(4, "分钟", text="4分钟")], cites), ["４分钟"])  # full-width gold
    assert not m.beir_number_correct(answer([number(5, "个", text="5个")], cites), ["10次"])
    assert not m.beir_number_correct(answer([], cites), ["10次"])


def test_beir_number_by_text_inside_a_gold_answer() -> None:
    # the value differs (12 vs 120000) but the surface lies inside the gold answer
    cites = [citation(1, "TRIAL_1")]
    assert m.beir_number_correct(answer([number(12, "万", text="12万")], cites), ["约12万人"])
    assert m.gold_number_values(["12万人", "第二"])[0] == 120000


# -- DRCD: the same rule on traditional-script gold answers ---------------------------------------------


def test_drcd_gold_numbers_are_read_in_traditional_script() -> None:
    # 萬 / 億 fold their magnitude like 万 / 亿: the gold text is converted to simplified script first
    assert m.gold_number_values(["3萬人"]) == [30000]
    assert m.gold_number_values(["29億美元"]) == [2900000000]
    assert m.gold_number_values(["2,000萬人"]) == [20000000]
    assert m.gold_number_values(["十二個"]) == [12]


def test_drcd_number_right_by_value_or_by_surface() -> None:
    cites = [citation(1, "1147-5")]
    # the assistant read 3萬人 (traditional) as 30000: right by value
    assert m.beir_number_correct(answer([number(30000, "人", text="3萬人")], cites), ["3萬人"])
    # an answer in simplified script against a traditional gold answer
    assert m.beir_number_correct(answer([number(650000, "人", text="65万人")], cites), ["65萬", "65萬人"])
    # a surface in traditional script inside the gold answer, though its value was misread
    assert m.beir_number_correct(answer([number(3, "", text="3萬")], cites), ["約3萬人"])
    # the wrong magnitude is wrong: 3 people is not 3萬人
    assert not m.beir_number_correct(answer([number(3, "人", text="3人")], cites), ["3萬人"])


def test_answer_sentence_holds_gold_across_scripts() -> None:
    assert m.answer_holds_gold("梵語的學術研究，由德國學者陸特開創。", ["德國學者陸特"])
    assert m.answer_holds_gold("梵语的学术研究，由德国学者陆特开创。", ["德國學者陸特"])
    assert m.answer_holds_gold("共 3 萬 人", ["3萬人"])  # spaces never decide
    assert not m.answer_holds_gold("共有三千人。", ["3萬人"])
    assert not m.answer_holds_gold("anything", [""])  # an empty gold answer matches nothing


def test_number_matches_needs_value_unit_and_the_report() -> None:
    cites = [citation(1, "taiyuan-2022"), citation(2, "jilin-2021")]
    gold = {"value": 300, "unit": "个"}
    assert m.number_matches(answer([number(300, "個", 1)], cites), gold, {"taiyuan-2022"})  # 個 is 个
    assert not m.number_matches(answer([number(300, "个", 2)], cites), gold, {"taiyuan-2022"})  # other report
    assert not m.number_matches(answer([number(300, "家", 1)], cites), gold, {"taiyuan-2022"})  # other unit
    assert not m.number_matches(answer([], cites), gold, {"taiyuan-2022"})


# -- aggregation ----------------------------------------------------------------------------------------


def test_percentile_linear_interpolation() -> None:
    assert m.percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)
    assert m.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)  # position 3 × 0.95 = 2.85
    assert m.percentile([1, 2, 3, 4], 0) == 1
    assert m.percentile([1, 2, 3, 4], 100) == 4
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([], 50) is None
    with pytest.raises(ValueError):
        m.percentile([1.0], 101)


def test_mean() -> None:
    assert m.mean([1.0, 0.0, 0.5]) == pytest.approx(0.5)
    assert m.mean([]) is None
    assert not math.isnan(m.mean([0.0]) or 0.0)
