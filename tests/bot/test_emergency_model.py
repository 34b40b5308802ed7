"""The learned emergency model as shipped, how it is weighed with the rules, and how it is trained."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.emergency import Assessment, CombinedDetector, LearnedDetector, RuleDetector, default_detector
from bot.emergency.combined import Combination
from bot.emergency.labelled import LabelledText
from bot.emergency.learned import MODEL_PATH
from bot.emergency.training import PINS_PATH, balanced_weights, lowest_threshold, train_emergency_model
from flows.textmodel import TextModel

PINS = [json.loads(line) for line in PINS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def learned() -> LearnedDetector:
    return LearnedDetector()


class FakeRules:
    """A rule detector that fires on exactly the texts it is given."""

    def __init__(self, *firing: str) -> None:
        self.firing = set(firing)
        self.model_version = "fake-rules"
        self.calls: list[str] = []

    def assess(self, text: str) -> Assessment:
        self.calls.append(text)
        fired = text in self.firing
        return Assessment(
            fired, float(fired), "weapon" if fired else None, "rules", "fake-rules", "fake.rule"
        )


def test_the_pins_belong_to_the_shipped_model(learned: LearnedDetector) -> None:
    assert {pin["model_version"] for pin in PINS} == {learned.version}, "retrain: fivesteps models train"


@pytest.mark.parametrize("pin", PINS, ids=[p["text"] for p in PINS])
def test_the_shipped_model_gives_its_pinned_outputs(learned: LearnedDetector, pin: dict[str, object]) -> None:
    score, category = learned.score(str(pin["text"]))
    assert score == pytest.approx(pin["model_score"], abs=1e-5)
    assert category == pin["model_category"]
    combined = default_detector().assess(str(pin["text"]))
    assert combined.score == pytest.approx(pin["combined_score"], abs=1e-5)
    assert combined.emergency is pin["emergency"]


def test_the_artefact_is_small_and_says_what_it_is(learned: LearnedDetector) -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    meta = learned.model.meta
    assert meta["kind"] == "emergency" and str(meta["version"]).startswith("emergency-")
    assert 0 < float(meta["threshold"]) < 1
    assert set(meta["cv"]) == {"rules", "model", "combined"}


def hand_made_model() -> LearnedDetector:
    """A model that knows three words: "knife" (unsure: 0.3), "film" (harmless), "gun" (sure)."""
    words = {"knife": -0.85, "film": -5.0, "gun": 5.0}
    model = TextModel(
        classes=("not_emergency", "weapon"),
        vocabulary={f"w:{word}": i for i, word in enumerate(words)},
        idf=np.ones(len(words), dtype=np.float32),
        coef=np.array([[w] for w in words.values()], dtype=np.float32),
        intercept=np.zeros(1, dtype=np.float32),
        meta={"version": "hand-made", "threshold": 0.5},
    )
    return LearnedDetector(model)


def test_a_rule_lowers_the_bar_and_a_sure_model_overrules_a_rule() -> None:
    combination = Combination(model_weight=1.0, rule_weight=2.0, intercept=0.0, threshold=0.5)
    assert combination.score(0.3, rule_fired=True) > 0.5 > combination.score(0.3, rule_fired=False)
    assert combination.score(0.01, rule_fired=True) < 0.5  # the model is sure it is harmless
    model = hand_made_model()
    rules = FakeRules("knife", "film")
    detector = CombinedDetector(rules, model, combination)
    fired = detector.assess("knife")  # unsure model, a rule fired: an emergency, named by the rule
    assert fired.emergency and fired.category == "weapon" and fired.rule == "fake.rule"
    assert fired.detector == "rules+model" and fired.model_version == "fake-rules+hand-made"
    assert rules.calls == ["knife"]
    quiet = CombinedDetector(FakeRules(), model, combination).assess("knife")  # unsure, no rule
    assert not quiet.emergency and quiet.category is None and quiet.rule is None


def test_the_rules_run_only_when_they_could_change_the_verdict() -> None:
    combination = Combination(model_weight=1.0, rule_weight=2.0, intercept=0.0, threshold=0.5)
    rules = FakeRules("film", "gun")
    detector = CombinedDetector(rules, hand_made_model(), combination)
    overruled = detector.assess("film")  # a rule would fire, but the model is sure it is harmless
    assert not overruled.emergency
    sure = detector.assess("gun")  # the model is sure on its own
    assert sure.emergency and sure.category == "weapon" and sure.detector == "model"
    assert rules.calls == []


def test_the_service_detector_combines_the_shipped_rules_and_model() -> None:
    detector = default_detector()
    assert isinstance(detector, CombinedDetector)
    assert isinstance(detector.rules, RuleDetector)
    assessment = detector.assess("sum1 tryin 2 brk in2 my house rn")
    assert assessment.emergency and assessment.category is not None


def test_weights_balance_emergencies_and_others_within_each_language() -> None:
    rows = [
        LabelledText("a", "emergency", "weapon", "en", "t"),
        LabelledText("b", "not_emergency", "everyday", "en", "t"),
        LabelledText("c", "not_emergency", "everyday", "en", "t"),
        LabelledText("d", "emergency", "fire", "pl", "t"),
        LabelledText("e", "not_emergency", "everyday", "pl", "t"),
    ]
    weights = balanced_weights(rows)
    assert weights[0] == pytest.approx(weights[1] + weights[2])
    assert weights[3] == pytest.approx(weights[4])


def test_the_threshold_is_the_lowest_that_keeps_false_alarms_within_the_target() -> None:
    scores = [0.95, 0.9, 0.2, 0.1, 0.55, 0.3, 0.05, 0.01]
    negatives = [False, False, True, True, True, True, True, True]
    # 6 negatives, target 1/6: one may score at or above the threshold; 0.55 is the highest negative.
    assert lowest_threshold(scores, negatives, 1 / 6) == 0.31
    assert lowest_threshold(scores, negatives, 0.0) == 0.56


def test_training_is_deterministic_and_records_its_choices(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "emergency_tiny.jsonl"
    rows = [LabelledText(**json.loads(line)) for line in data.read_text(encoding="utf-8").splitlines()]
    first, report = train_emergency_model(rows, rules=FakeRules(), folds=3)
    second, _ = train_emergency_model(rows, rules=FakeRules(), folds=3)
    assert first.to_bytes() == second.to_bytes() or all(
        first.probabilities(r.text) == second.probabilities(r.text) for r in rows
    )
    meta = first.meta
    assert meta["threshold"] == report.model_threshold
    assert meta["combination"]["threshold"] == report.combination.threshold
    assert report.texts == len(rows)
    path = tmp_path / "model.npz"
    first.save(path)
    detector = LearnedDetector(LearnedDetector(TextModel.load(path)).model)
    fire, _ = detector.score("there is a fire in the kitchen and smoke everywhere")
    library, _ = detector.score("what time does the library open")
    assert fire > 0.5 > library
