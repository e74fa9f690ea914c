"""Pure metric functions: retrieval ranking metrics, the question-file scoring rules of
shared/eval/README.md, the CMRC numeric rule, and latency percentiles.

No I/O and no index here: every function takes plain values (or the `Answer` of the answer contract), so
each rule can be pinned by a hand-computed test.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from index.normalize import to_simplified
from index.numbers import extract_numbers
from qa.schemas import Answer

_SPACE = re.compile(r"\s+")


# -- retrieval (binary relevance) ---------------------------------------------------------------------


def unique_in_order(items: Iterable[str]) -> list[str]:
    """Chunk hits → document ranking: a document counts once, at the rank of its best chunk."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant documents found in the first k."""
    if not relevant:
        raise ValueError("recall is undefined without relevant documents")
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def first_relevant_rank(ranked: Sequence[str], relevant: set[str]) -> int | None:
    """1-based rank of the first relevant document, None when none was returned."""
    return next((i for i, doc in enumerate(ranked, 1) if doc in relevant), None)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """1/rank of the first relevant document within the first k (0 when there is none): MRR@k per query."""
    rank = first_relevant_rank(ranked[:k], relevant)
    return 0.0 if rank is None else 1.0 / rank


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Binary-gain nDCG@k with the log2(rank + 1) discount (as BEIR / pytrec_eval)."""
    if not relevant:
        raise ValueError("nDCG is undefined without relevant documents")
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal


def recall_cutoffs(k: int) -> list[int]:
    """The recall@ cut-offs reported for a run with depth k: 1, 5 and k (those ≤ k)."""
    return sorted({c for c in (1, 5, k) if c <= k})


# -- the question-file rules (shared/eval/README.md) --------------------------------------------------


def normalize_for_match(text: str) -> str:
    """NFKC, then no whitespace: how evidence and citation texts are compared."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def same_value(a: float, b: float) -> bool:
    # Values come from Decimal arithmetic (40.5万 → 405000) but may be floats; compare without float noise.
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def accepted_values(gold: dict[str, Any]) -> list[tuple[float, str]]:
    """(value, unit) pairs a numeric question accepts: `answer.value`, then each of `also` (a bare value
    shares the answer's unit; an object may name its own)."""
    unit = str(gold.get("unit", ""))
    out = [(float(gold["value"]), unit)]
    for alt in gold.get("also") or []:
        if isinstance(alt, dict):
            out.append((float(alt["value"]), str(alt.get("unit", unit))))
        else:
            out.append((float(alt), unit))
    return out


def number_matches(answer: Answer, gold: dict[str, Any], docs: Iterable[str]) -> bool:
    """numbers[0] has an accepted value and the unit, and the citation it points to is one of `docs` (a
    BEIR question's relevant corpus ids): the question-file rule with exact document ids."""
    if not answer.numbers:
        return False
    first = answer.numbers[0]
    unit = to_simplified(first.unit)
    if not any(same_value(first.value, value) and unit == to_simplified(u) for value, u in accepted_values(gold)):
        return False
    cited = next((c for c in answer.citations if c.id == first.citation), None)
    return cited is not None and cited.doc_id in set(docs)


def number_correct(answer: Answer, gold: dict[str, Any], doc: str | None) -> bool:
    """numbers[0] has an accepted value and the unit, and the citation it points to is from `doc`."""
    if not answer.numbers:
        return False
    first = answer.numbers[0]
    if not any(same_value(first.value, value) and first.unit == unit for value, unit in accepted_values(gold)):
        return False
    cited = next((c for c in answer.citations if c.id == first.citation), None)
    return cited is not None and doc is not None and cited.doc_id.startswith(doc)


def abstention_correct(answer: Answer) -> bool:
    """An unanswerable question: found is false and no number is given."""
    return not answer.found and not answer.numbers


def evidence_found(evidence: Sequence[str], passages: Sequence[str], k: int = 5) -> bool:
    """One evidence string lies inside one of the first k passages (whitespace removed, NFKC, both sides)."""
    texts = [normalize_for_match(p) for p in passages[:k]]
    needles = [normalize_for_match(e) for e in evidence]
    return any(n and n in t for n in needles for t in texts)


# -- the CMRC / DRCD numeric rule (eval/sets/cmrc2018-trial/README.md) --------------------------------


def match_text(text: str) -> str:
    """NFKC, simplified script, no whitespace: how gold answers and answer texts are compared, so that a
    traditional-script gold answer (DRCD: 3萬人) and a simplified one (3万人) read the same."""
    return to_simplified(normalize_for_match(text))


def gold_number_values(gold_answers: Sequence[str]) -> list[float]:
    """Every number in the gold answers, magnitude folded in (11.42亿元 → 1142000000; 3萬人 → 30000: the
    number extractor reads simplified script, so the gold text is converted first)."""
    return [float(m.value) for text in gold_answers for m in extract_numbers(match_text(text))]


def beir_number_correct(answer: Answer, gold_answers: Sequence[str]) -> bool:
    """numbers[0] matches a number of a gold answer by value, or its text lies inside a gold answer."""
    if not answer.numbers:
        return False
    first = answer.numbers[0]
    if any(same_value(first.value, v) for v in gold_number_values(gold_answers)):
        return True
    surface = match_text(first.text)
    return bool(surface) and any(surface in match_text(g) for g in gold_answers)


def answer_holds_gold(answer_text: str, gold_answers: Sequence[str]) -> bool:
    """The answer text contains one of the gold answers (both compared by `match_text`)."""
    text = match_text(answer_text)
    return any(g and g in text for g in (match_text(g) for g in gold_answers))


# -- aggregation ---------------------------------------------------------------------------------------


def mean(values: Sequence[float]) -> float | None:
    """The mean, None for no values (a metric with nothing to score is absent, not 0)."""
    return sum(values) / len(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation between order statistics (numpy's default)."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
