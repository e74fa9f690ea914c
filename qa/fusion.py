"""Rank fusion: pure functions over the two retrievers' (id, score) lists, inputs never mutated.

Two fusions:
- `weighted_rrf`: weighted reciprocal rank fusion over ranks only (QA_FUSION=rrf).
- `FittedFusion` (the default): a linear score over per-candidate features — both retrievers' normalised scores
  and ranks, how sure each list is of this question, the best scores among the candidate's document's and its
  title's candidates, the best cosine of one of its sentences and of its document's (`QueryContext`) — fitted by pairwise logistic regression on the train split of the question
  sets (`python -m eval.fusion_sweep fit`, docs/embedding.md "Query-adaptive fusion"), its version, feature names,
  coefficients and candidate depth in `fusion_weights.json` beside this module. It orders hits and citations.
  `fusion_weights_passages.json` (six chunk-level features, depth 50) orders the passages the answer stage reads
  (`PASSAGE_WEIGHTS_FILE`, docs/embedding.md "Two orders"): the answer scorer was fitted on that order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_FILE = Path(__file__).with_name("fusion_weights.json")
PASSAGE_WEIGHTS_FILE = Path(__file__).with_name("fusion_weights_passages.json")
FEATURES = (
    "bm25_norm",
    "dense_norm",
    "bm25_norm_x_traditional",
    "dense_norm_x_traditional",
    "bm25_rr",
    "dense_rr",
)
# The query-adaptive and document-level features (fusion version 2, docs/embedding.md "Query-adaptive fusion").
ALL_FEATURES = (
    *FEATURES,
    "bm25_norm_x_bm25_gap",
    "dense_norm_x_dense_gap",
    "bm25_norm_x_dense_gap",
    "dense_norm_x_bm25_gap",
    "dense_norm_x_query_length",
    "first_in_both",
    "doc_bm25",
    "doc_dense",
    "title_bm25",
    "title_dense",
    "title_candidates",
    "title_in_question",
    "sentence_norm",
    "doc_sentence",
)
_CONTEXT_AT = ALL_FEATURES.index("doc_bm25")
CONTEXT_FEATURES = frozenset(("dense_norm_x_query_length", *ALL_FEATURES[_CONTEXT_AT:]))
SENTENCE_FEATURES = frozenset(("sentence_norm", "doc_sentence"))  # read the question's vector and the sentence table
FUSION_VERSION = 2  # bump when a feature's meaning changes: a weights file of another version is refused
# What a refused weights file's message tells to do (FittedFusion.load).
REFIT = (
    'refit them (python -m eval.fusion_sweep collect …, then fit; docs/embedding.md "Fusion weights under '
    'constraints") or unset the setting that names this file for the packaged one'
)
QUERY_LENGTH_SATURATION = 64  # characters (DENSE_QUERY_CHARS: what the dense side reads of a question)
TITLE_COUNT_SATURATION = 10
RR_K = 5  # the reciprocal-rank features' constant: the best rrf_k of the weighted-RRF grid (docs/embedding.md)
# A traditional-script text has about a third of its Han characters changed by OpenCC t2s (DRCD: 0.33 on
# average), a simplified one none: from a fifth on, a text counts as fully traditional.
TRADITIONAL_SATURATION = 0.2


def weighted_rrf(
    rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: int = 60
) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion: score(d) = Σ_r weight_r / (k + rank_r(d)), ranks from 1.
    Returns (id, score) best first; ties keep the order of first appearance (the first ranking wins)."""
    if k < 1:
        raise ValueError(f"RRF k must be ≥ 1, got {k}")
    unknown = set(rankings) - set(weights)
    if unknown:
        raise ValueError(f"no weight for ranking(s) {sorted(unknown)}")
    scores: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = weights[name]
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def traditional_share(text: str) -> float:
    """How traditional-script a text is, 0..1: the share of its Han characters that OpenCC t2s changes,
    saturating at TRADITIONAL_SATURATION. The dense model is less reliable on traditional text (DRCD dev: dense
    R@1 0.83 vs CMRC trial's 0.96), so the fitted fusion trusts its cosine less there.

    Counted against the set of characters t2s changes on their own (`_changed_by_t2s`) rather than by converting
    the text: the same shares on DRCD, CMRC and the report sets, in under half the time (fusion reads ~100
    candidates' texts per question)."""
    changed = len(_changed_by_t2s().findall(text))
    if not changed:
        return 0.0
    han = len(_HAN.findall(text))
    return min(1.0, changed / han / TRADITIONAL_SATURATION) if han else 0.0


_HAN = re.compile("[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _changed_by_t2s() -> re.Pattern[str]:
    """The Han characters OpenCC t2s changes when standing alone (one conversion of the whole block, one
    character a line so that no phrase spans two)."""
    from index.normalize import to_simplified

    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = to_simplified("\n".join(chars)).split("\n")
    return re.compile("[" + "".join(a for a, b in zip(chars, converted, strict=True) if a != b) + "]")


@dataclass(frozen=True, slots=True)
class QueryContext:
    """What the context features read besides the two lists: the question, and each candidate's document key and
    title (candidates of one document, or of documents sharing a title — one article's paragraphs, one report's
    parts — support each other)."""

    question: str
    document: Callable[[int], tuple[object, str]]  # chunk row → (document key, title)
    # candidate chunk rows → each one's best cosine between the question and one of its sentences (the index's
    # sentence table); None: the sentence features fall back to the chunk's own dense_norm
    sentences: Callable[[Sequence[int]], np.ndarray] | None = None
    # title → title_in_question(title, question), filled as read: the two fusions of one search (the hits' and the
    # passages') share one, and their ~100 candidates' titles are mostly the same
    titles: dict[str, float] = field(default_factory=dict)

    def title_named(self, title: str) -> float:
        """title_in_question(title, self.question), once per title."""
        share = self.titles.get(title)
        if share is None:
            share = self.titles[title] = title_in_question(title, self.question)
        return share


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    text = text.lower()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace())


def title_in_question(title: str, question: str) -> float:
    """Share of the title's character bigrams found in the question (0 without a title): how much the question
    names the article or report it asks about."""
    wanted = _bigrams(title)
    return len(wanted & _bigrams(question)) / len(wanted) if wanted else 0.0


def candidate_features(
    sparse: Sequence[tuple[int, float]],
    dense: Sequence[tuple[int, float]],
    traditional: Callable[[int], float],
    depth: int,
    context: QueryContext | None = None,
) -> tuple[list[int], np.ndarray]:
    """The candidates (BM25's then dense's, first appearance) and their ALL_FEATURES rows, from each retriever's
    (id, score) list, best first; `depth` sets the normalisation (the lists may be longer):
    - bm25_norm: BM25 score / the query's top BM25 score (1 for the best); a candidate not in BM25's list
      gets the list's last score when the list holds ≥ depth (its score is at most that), else 0 (no term);
    - dense_norm: (cosine − top cosine) / (top cosine − the depth-th cosine): 0 for the best, −1 at the
      depth-th; a candidate not in the list gets the list's last cosine;
    - both times `traditional(id)` (traditional_share of the candidate's text);
    - bm25_rr, dense_rr: 1 / (RR_K + rank), ranks from 1; absent: rank depth + 1 (ranks hold what scores lose
      when many candidates score alike);
    - query-adaptive ones: bm25_norm and dense_norm times how far apart each list's first two are (the gap,
      on the same scales: how sure each retriever is of this question), dense_norm times the question's length
      (/ QUERY_LENGTH_SATURATION), and first_in_both;
    - with a `context`, document-level ones: the best bm25_norm / dense_norm among the candidates of the
      candidate's document (doc_*) and of the documents sharing its title (title_*: one article's paragraphs,
      one report's parts), how many candidates share that title (/ TITLE_COUNT_SATURATION), and how much of
      the title the question names (title_in_question). Without a context these are 0."""
    ids = list(dict.fromkeys([c for c, _ in sparse] + [c for c, _ in dense]))
    rows = np.zeros((len(ids), len(ALL_FEATURES)), dtype=np.float64)
    if not ids:
        return ids, rows
    bm25 = dict(sparse)
    cosine = dict(dense)
    top_b = sparse[0][1] if sparse else 0.0
    absent_b = sparse[-1][1] if len(sparse) >= depth else 0.0
    top_d = dense[0][1] if dense else 0.0
    spread = max(top_d - dense[min(depth, len(dense)) - 1][1], 1e-6) if dense else 1.0
    absent_d = dense[-1][1] if dense else 0.0
    gap_b = (top_b - sparse[1][1]) / top_b if len(sparse) > 1 and top_b > 0 else float(bool(sparse))
    gap_d = min(1.0, (top_d - dense[1][1]) / spread) if len(dense) > 1 else float(bool(dense))
    bm25_rank = {c: r for r, (c, _) in enumerate(sparse, 1)}
    dense_rank = {c: r for r, (c, _) in enumerate(dense, 1)}
    b = np.array([bm25.get(c, absent_b) for c in ids]) / top_b if top_b > 0 else np.zeros(len(ids))
    d = (np.array([cosine.get(c, absent_d) for c in ids]) - top_d) / spread
    t = np.array([traditional(c) for c in ids])
    rb = 1 / (RR_K + np.array([bm25_rank.get(c, depth + 1) for c in ids]))
    rd = 1 / (RR_K + np.array([dense_rank.get(c, depth + 1) for c in ids]))
    length = min(len(context.question), QUERY_LENGTH_SATURATION) / QUERY_LENGTH_SATURATION if context else 0.0
    first = np.zeros(len(ids))
    if sparse and dense and sparse[0][0] == dense[0][0]:
        first[0] = 1.0  # BM25's first is ids[0]
    rows[:, :_CONTEXT_AT] = np.column_stack(
        (b, d, b * t, d * t, rb, rd, b * gap_b, d * gap_d, b * gap_d, d * gap_b, d * length, first)
    )
    if context is not None:
        documents = [context.document(c) for c in ids]
        for at, keys in (
            (_CONTEXT_AT, [doc for doc, _ in documents]),
            (_CONTEXT_AT + 2, [t or doc for doc, t in documents]),
        ):
            group = {key: g for g, key in enumerate(dict.fromkeys(keys))}
            of = np.array([group[key] for key in keys])
            best_b = np.full(len(group), -np.inf)
            best_d = np.full(len(group), -np.inf)
            np.maximum.at(best_b, of, b)
            np.maximum.at(best_d, of, d)
            rows[:, at] = best_b[of]
            rows[:, at + 1] = best_d[of]
        count = np.bincount(of)
        rows[:, _CONTEXT_AT + 4] = np.minimum(count[of], TITLE_COUNT_SATURATION) / TITLE_COUNT_SATURATION
        rows[:, _CONTEXT_AT + 5] = [context.title_named(title) for _, title in documents]
        best = d if context.sentences is None else sentence_norm(np.asarray(context.sentences(ids)), spread)
        rows[:, _CONTEXT_AT + 6] = best
        docs = [doc for doc, _ in documents]
        group = {key: g for g, key in enumerate(dict.fromkeys(docs))}
        of = np.array([group[key] for key in docs])
        best_doc = np.full(len(group), -np.inf)
        np.maximum.at(best_doc, of, best)
        rows[:, _CONTEXT_AT + 7] = best_doc[of]
    return ids, rows


def sentence_norm(cosines: np.ndarray, spread: float) -> np.ndarray:
    """Each candidate's best sentence cosine against the best candidate's, on dense_norm's scale (the dense list's
    spread): 0 for the best, negative below it, floored at −1 like a cosine past the depth-th."""
    if not len(cosines):
        return cosines
    return np.maximum((cosines - cosines.max()) / spread, -1.0)


_RR_RANGE = (-1.0, -1.0)  # placeholder: depends on the fusion's depth (`FittedFusion.unit`)
_UNIT = (0.0, 1.0)
_NEG = (-1.0, 0.0)
FEATURE_RANGES = dict(  # each feature's range, for `FittedFusion.unit`
    zip(
        ALL_FEATURES,
        (_UNIT, _NEG, _UNIT, _NEG, _RR_RANGE, _RR_RANGE, _UNIT, _NEG, _UNIT, _NEG, _NEG, _UNIT)
        + (_UNIT, _NEG, _UNIT, _NEG, _UNIT, _UNIT, _NEG, _NEG),
        strict=True,
    )
)


@dataclass(frozen=True, slots=True)
class FittedFusion:
    """score = Σ coef_f · feature_f over `features` (a logistic regression's logit, intercept dropped: it does not
    change the order)."""

    coef: tuple[float, ...]
    depth: int  # candidates per retriever it was fitted with: dense_norm's scale (see candidate_features)
    features: tuple[str, ...] = FEATURES

    def __post_init__(self) -> None:
        unknown = [f for f in self.features if f not in ALL_FEATURES]
        if unknown or len(self.coef) != len(self.features):
            raise ValueError(f"fusion features {unknown or self.features} do not match {len(self.coef)} coefficients")

    @property
    def needs_context(self) -> bool:
        """Whether a feature reads the question or the candidates' documents (QueryContext)."""
        return not CONTEXT_FEATURES.isdisjoint(self.features)

    @property
    def needs_sentences(self) -> bool:
        """Whether a feature reads the candidates' sentence cosines (QueryContext.sentences)."""
        return not SENTENCE_FEATURES.isdisjoint(self.features)

    @classmethod
    def load(cls, path: Path | None = None) -> FittedFusion:
        path = path or WEIGHTS_FILE
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            version = data.get("version", 1)
        except (OSError, ValueError, AttributeError) as exc:
            raise ValueError(f"{path}: not a fusion weights file ({exc})") from exc
        if version != FUSION_VERSION:
            raise ValueError(
                f"{path}: fusion weights of version {version}, this code reads version {FUSION_VERSION}: {REFIT}"
            )
        try:
            features = tuple(str(f) for f in data["features"])
            unknown = [f for f in features if f not in ALL_FEATURES]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a fusion weights file ({exc})") from exc
        if unknown:  # written by other code under the same version: its coefficients mean nothing here
            raise ValueError(f"{path}: fusion features {unknown} are not known to this code: {REFIT}")
        try:
            coef = tuple(float(data["coef"][f]) for f in features)
            depth = int(data["depth"])
            fusion = cls(coef, depth, features)
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a fusion weights file ({exc})") from exc
        if depth < 1:
            raise ValueError(f"{path}: depth must be ≥ 1, got {depth}")
        return fusion

    def rank(
        self,
        sparse: Sequence[tuple[int, float]],
        dense: Sequence[tuple[int, float]],
        traditional: Callable[[int], float],
        context: QueryContext | None = None,
    ) -> list[tuple[int, float]]:
        """(id, fused score) best first; ties keep the order of first appearance (BM25's list first)."""
        if self.needs_context and context is None:
            raise ValueError("this fusion reads the question and the candidates' documents: pass a QueryContext")
        ids, rows = candidate_features(sparse, dense, traditional, self.depth, context)
        if not ids:
            return []
        columns = [ALL_FEATURES.index(f) for f in self.features]
        scores = rows[:, columns] @ np.asarray(self.coef)
        order = np.argsort(-scores, kind="stable")
        return [(ids[i], float(scores[i])) for i in order]

    def unit(self, score: float) -> float:
        """A fused score placed in 0..1 between the lowest and highest score the features' ranges allow: the
        same order, on a scale a client can read without the weights (an absolute, not a per-query, scale)."""
        rr = (1 / (RR_K + self.depth + 1), 1 / (RR_K + 1))
        ranges = [rr if FEATURE_RANGES[f] is _RR_RANGE else FEATURE_RANGES[f] for f in self.features]
        low = sum(min(c * a, c * b) for c, (a, b) in zip(self.coef, ranges, strict=True))
        high = sum(max(c * a, c * b) for c, (a, b) in zip(self.coef, ranges, strict=True))
        return min(1.0, max(0.0, (score - low) / (high - low))) if high > low else 0.0
