"""One scorer for every answer candidate: a logistic model per candidate type (number mentions; sentences,
and the clause of an answer sentence to highlight) over the named features of `qa.features` and
`qa.span_features`, with weights fitted by `python -m eval.train_scorer` and read from `scorer_weights.json`
beside this file.

"No answer" is a candidate too: its score is the fitted `abstain` logit of the model. Candidates and the
no-answer candidate are ranked by the same score, so the rule that picks the answer is the rule that
abstains: the answer is the best candidate only when it outscores "no answer".
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_FILE = Path(__file__).with_name("scorer_weights.json")


class ScorerError(ValueError):
    """The weights file is missing a model or a feature: refit it with `python -m eval.train_scorer`."""


@dataclass(frozen=True, slots=True)
class Model:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    abstain: float  # the no-answer candidate's logit: a candidate must score above it to be the answer
    means: tuple[float, ...] = ()
    scales: tuple[float, ...] = ()
    # where a second-stage model decides (the answerability gate): "" everywhere, "report" only on top of the
    # number model's own cut for a number from a document written as a report (`qa.answerable`)
    scope: str = ""
    # (name, weight, mean, scale) per feature, read once: `logit` runs for every candidate of every question
    # (~140 a number question), and indexing five tuples per feature was half its time
    _terms: tuple[tuple[str, float, float, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.means and not len(self.means) == len(self.scales) == len(self.features):
            raise ScorerError(f"{len(self.features)} features but {len(self.means)} means, {len(self.scales)} scales")
        means = self.means or (0.0,) * len(self.features)
        scales = self.scales or (1.0,) * len(self.features)
        terms = tuple((n, w, m, s or 1.0) for n, w, m, s in zip(self.features, self.weights, means, scales))
        object.__setattr__(self, "_terms", terms)

    def logit(self, values: dict[str, float]) -> float:
        """bias + Σ weight · standardised value, the same float operations in the same order as the fit's."""
        total = self.bias
        get = values.get
        if self.means:
            for name, w, mean, scale in self._terms:
                total += w * ((get(name, 0.0) - mean) / scale)
        else:
            for name, w, _, _ in self._terms:
                total += w * get(name, 0.0)
        return total

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        """Each feature's share of the logit, for `--explain`."""
        out = {}
        for i, (name, w) in enumerate(zip(self.features, self.weights)):
            x = values.get(name, 0.0)
            if self.means:
                x = (x - self.means[i]) / (self.scales[i] or 1.0)
            out[name] = w * x
        return out


def probability(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


@dataclass(frozen=True, slots=True)
class Scorer:
    models: dict[str, Model]
    training: dict[str, Any] = field(default_factory=dict)  # the figures the fit reached, as printed

    def model(self, kind: str) -> Model:
        try:
            return self.models[kind]
        except KeyError:
            raise ScorerError(f"{WEIGHTS_FILE.name} has no {kind!r} model") from None

    def score(self, kind: str, values: dict[str, float]) -> float:
        return self.model(kind).logit(values)

    def abstain(self, kind: str) -> float:
        return self.model(kind).abstain

    @classmethod
    def from_json(cls, data: dict[str, Any], required: dict[str, tuple[str, ...]] | None = None) -> Scorer:
        models = {}
        for kind, raw in data.get("models", {}).items():
            features = tuple(raw["features"])
            weights = tuple(float(w) for w in raw["weights"])
            if len(features) != len(weights):
                raise ScorerError(f"model {kind!r}: {len(features)} features but {len(weights)} weights")
            models[kind] = Model(
                features,
                weights,
                float(raw["bias"]),
                float(raw["abstain"]),
                tuple(float(x) for x in raw.get("means", ())),
                tuple(float(x) for x in raw.get("scales", ())),
                str(raw.get("scope", "")),
            )
        for kind, names in (required or {}).items():
            if kind not in models:
                raise ScorerError(f"the weights have no {kind!r} model; run python -m eval.train_scorer")
            missing = set(names) - set(models[kind].features)
            if missing:
                raise ScorerError(f"model {kind!r} lacks features {sorted(missing)}; run python -m eval.train_scorer")
        return cls(models, dict(data.get("training", {})))

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Scorer:
        from qa.features import NUMBER_FEATURES
        from qa.span_features import CLAUSE_FEATURES, SENTENCE_FEATURES

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ScorerError(f"{path} is missing; run python -m eval.train_scorer") from None
        except (OSError, json.JSONDecodeError) as exc:
            raise ScorerError(f"{path} cannot be read: {exc}") from None
        return cls.from_json(data, {"number": NUMBER_FEATURES, "span": SENTENCE_FEATURES, "clause": CLAUSE_FEATURES})


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    return Scorer.load()
