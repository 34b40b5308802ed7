"""The detector the service runs: the hand-written rules and the learned model, weighed together.

The rules are precise on the wording they were written for but fire on look-alikes ("my mum will kill
me"); the model generalises to wording nobody wrote a rule for (misspellings, shorthand, other
languages) but has no certainty either. So neither decides alone: the model's log-odds and whether a
rule fired are combined by a small logistic regression,

    combined = sigmoid(a * logit(model score) + b * rule_fired + c)

whose weights and threshold were fitted by `bot.emergency.training` on out-of-fold predictions for
training texts the rules were never tuned on. A rule lowers the bar the model must clear; a model that is
sure a message is harmless can overrule a rule. The weights ship with the model (its `combination` meta).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.emergency.base import Assessment, Detector
from bot.emergency.learned import LearnedDetector

_EPSILON = 1e-6


def logit(p: float) -> float:
    p = min(max(p, _EPSILON), 1 - _EPSILON)
    return math.log(p / (1 - p))


@dataclass(frozen=True, slots=True)
class Combination:
    model_weight: float
    rule_weight: float
    intercept: float
    threshold: float

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> Combination:
        found = meta.get("combination")
        if not isinstance(found, Mapping):
            raise ValueError("the emergency model carries no 'combination' weights; retrain it")
        return cls(
            float(found["model_weight"]),
            float(found["rule_weight"]),
            float(found["intercept"]),
            float(found["threshold"]),
        )

    def score(self, model_score: float, rule_fired: bool) -> float:
        z = self.model_weight * logit(model_score) + self.rule_weight * rule_fired + self.intercept
        return 1.0 / (1.0 + math.exp(-z))


class CombinedDetector:
    """Rules and model weighed together. The rules run only when they could change the verdict: when the
    model's score sits in the band where a rule firing tips it over the threshold (a few per cent of
    messages). The rule that fired, or else the model, names the category."""

    def __init__(
        self, rules: Detector, model: LearnedDetector, combination: Combination | None = None
    ) -> None:
        self.rules = rules
        self.model = model
        self.combination = combination or Combination.from_meta(model.model.meta)
        # The versions that decide when the rules do not run (a Detector need not say its version).
        rules_version = getattr(rules, "model_version", None)
        self._model_only_version = f"{rules_version}+{model.version}" if rules_version else model.version

    def assess(self, text: str) -> Assessment:
        model_score, model_category = self.model.score(text)
        combination = self.combination
        without_rule = combination.score(model_score, False)
        if (
            without_rule >= combination.threshold
            or combination.score(model_score, True) < combination.threshold
        ):
            # The model decides whatever the rules say, so they need not run (they cost the most, on long
            # messages several milliseconds); the model names the category.
            emergency = without_rule >= combination.threshold
            return Assessment(
                emergency,
                without_rule,
                model_category if emergency else None,
                "model",
                self._model_only_version,
            )
        by_rules = self.rules.assess(text)
        score = combination.score(model_score, by_rules.emergency)
        emergency = score >= combination.threshold
        return Assessment(
            emergency=emergency,
            score=score,
            category=(by_rules.category or model_category) if emergency else None,
            detector="rules+model" if by_rules.emergency else "model",
            model_version=f"{by_rules.model_version}+{self.model.version}",
            rule=by_rules.rule if emergency else None,
        )
