"""Train the learned emergency detector from the labelled data files (with scikit-learn).

    fivesteps models train            # retrains this model and the shipped flows' topic models

What it reads: every ``data/emergency/*.jsonl`` file (text, label, category, language, source), plus
the example messages of the shipped flows' topics as non-emergencies (people asking about noise or a
stolen bike); never ``data/eval/``, which is kept for measuring.

How it decides, all from 5-fold cross-validation on that training data:

1. the model: one class per emergency category and ``not_emergency``; texts are weighted so that, in
   each language, emergencies and non-emergencies count the same in total;
2. how the model and the rules are weighed together (`bot.emergency.combined`): a logistic
   regression over the model's out-of-fold log-odds and whether a rule fired, fitted on the texts the
   rules were never tuned on (the rules are perfect on their own tuning phrases by construction);
3. the thresholds: the lowest at which false alarms on those same texts stay within
   `TARGET_FALSE_ALARMS`, for the combination and for the model alone.

It writes the model, its thresholds, the combination weights and the cross-validated figures to
``bot/emergency/model/emergency.npz``, and the model's outputs on a few fixed texts to
``data/models/emergency_pins.jsonl`` for the test that pins them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.emergency.base import Detector
from bot.emergency.combined import Combination, CombinedDetector, logit
from bot.emergency.labelled import DATA_DIR, EMERGENCY_DATA, LabelledText, load_labelled
from bot.emergency.learned import MODEL_PATH, NOT_EMERGENCY, LearnedDetector
from bot.emergency.rules import RuleDetector
from flows.library import DEFINITIONS
from flows.loader import load_flow
from flows.textmodel import CHAR_RANGE, FORMAT, WORD_RANGE, TextModel, digest, out_of_fold, train

TARGET_FALSE_ALARMS = 0.05
_C = 10.0  # inverse regularisation strength of the logistic regression
_MIN_DF = 3  # an n-gram must appear in this many training texts to be kept: a smaller, steadier model
PINS_PATH = DATA_DIR / "models" / "emergency_pins.jsonl"
TUNING_SOURCE = "tuning:"  # phrases the rules were written against: not a fair test of them
# Fixed texts whose outputs the pin test checks after every retraining: typos, other languages,
# look-alikes, and nearly empty input.
PIN_TEXTS = (
    "he has a knife",
    "sum1 tryin 2 brk in2 my house",
    "my boss is going to kill me if im late",
    "my car was broken into last week",
    "dad has dementia and walked out in his pyjamas an hour ago",
    "she took a whole packet of paracetamol",
    "someone is getting into my house through the window now",
    "ktoś wchodzi do mojego domu przez okno",
    "i lost my wallet in town",
    "thanks",
    "?",
    "2 men checking car doors in the car park rn",
)


@dataclass(frozen=True)
class Rates:
    recall: float
    false_alarms: float


@dataclass(frozen=True)
class TrainingReport:
    version: str
    texts: int
    emergencies: int
    model_threshold: float
    combination: Combination
    # Out-of-fold, on training texts the rules were not tuned on.
    rules: Rates
    model: Rates
    combined: Rates


def training_files(directory: Path = EMERGENCY_DATA) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def flow_examples(directory: Path = DEFINITIONS) -> list[LabelledText]:
    """The shipped flows' topic examples: what people text when nobody is in danger."""
    rows: list[LabelledText] = []
    for path in sorted(directory.glob("*.yaml")):
        flow = load_flow(path)
        for intent in flow.intents.values():
            rows += [
                LabelledText(text, "not_emergency", "everyday", flow.language, f"flow:{flow.flow}")
                for text in intent.examples
            ]
    return rows


def balanced_weights(rows: Sequence[LabelledText]) -> list[float]:
    """Per language, emergencies and non-emergencies weigh the same in total (and the language its size)."""
    per_group = Counter((row.language, row.label) for row in rows)
    per_language = Counter(row.language for row in rows)
    return [per_language[row.language] / (2 * per_group[(row.language, row.label)]) for row in rows]


def lowest_threshold(scores: Sequence[float], negatives: Sequence[bool], target: float) -> float:
    """The lowest threshold (in steps of 0.01) at which at most `target` of the negatives score above it."""
    negative_scores = [s for s, n in zip(scores, negatives, strict=True) if n]
    for step in range(1, 100):
        threshold = step / 100
        if sum(s >= threshold for s in negative_scores) <= target * len(negative_scores):
            return threshold
    return 0.99


def fit_combination(
    model_scores: Sequence[float], rule_fired: Sequence[bool], is_emergency: Sequence[bool], target: float
) -> Combination:
    from sklearn.linear_model import LogisticRegression

    features = [[logit(s), float(f)] for s, f in zip(model_scores, rule_fired, strict=True)]
    stacker = LogisticRegression(C=100.0, class_weight="balanced", max_iter=1000)
    stacker.fit(features, is_emergency)
    a, b = (float(x) for x in stacker.coef_[0])
    partial = Combination(a, b, float(stacker.intercept_[0]), 0.5)
    combined = [partial.score(s, f) for s, f in zip(model_scores, rule_fired, strict=True)]
    threshold = lowest_threshold(combined, [not e for e in is_emergency], target)
    return Combination(partial.model_weight, partial.rule_weight, partial.intercept, threshold)


def _rates(flags: Sequence[bool], is_emergency: Sequence[bool]) -> Rates:
    positives = [f for f, e in zip(flags, is_emergency, strict=True) if e]
    negatives = [f for f, e in zip(flags, is_emergency, strict=True) if not e]
    return Rates(
        recall=round(sum(positives) / max(1, len(positives)), 4),
        false_alarms=round(sum(negatives) / max(1, len(negatives)), 4),
    )


def train_emergency_model(
    rows: Sequence[LabelledText] | None = None,
    rules: Detector | None = None,
    target: float = TARGET_FALSE_ALARMS,
    folds: int = 5,
) -> tuple[TextModel, TrainingReport]:
    rows = list(rows) if rows is not None else load_labelled(*training_files()) + flow_examples()
    texts = [row.text for row in rows]
    labels = [row.category if row.emergency else NOT_EMERGENCY for row in rows]
    weights = balanced_weights(rows)
    rules = rules or RuleDetector()
    fired = [rules.assess(text).emergency for text in texts]
    oof = out_of_fold(
        texts, labels, folds=folds, sample_weight=weights, class_weight=None, c=_C, min_df=_MIN_DF, half=True
    )
    scores = [1.0 - p[NOT_EMERGENCY] for p in oof]

    fair = [not row.source.startswith(TUNING_SOURCE) for row in rows]
    fair_scores = [s for s, keep in zip(scores, fair, strict=True) if keep]
    fair_fired = [f for f, keep in zip(fired, fair, strict=True) if keep]
    fair_truth = [row.emergency for row, keep in zip(rows, fair, strict=True) if keep]
    model_threshold = lowest_threshold(fair_scores, [not e for e in fair_truth], target)
    combination = fit_combination(fair_scores, fair_fired, fair_truth, target)

    data_digest = digest(f"{label}\t{text}" for text, label in zip(texts, labels, strict=True))
    # The version names the data and how it was learned from, so a change of either shows.
    setup = f"{FORMAT} chars {CHAR_RANGE} words {WORD_RANGE} min_df {_MIN_DF} C {_C} target {target}"
    version = f"emergency-{dt.date.today():%Y%m%d}-{digest([data_digest, setup])[:8]}"
    report = TrainingReport(
        version=version,
        texts=len(texts),
        emergencies=sum(row.emergency for row in rows),
        model_threshold=model_threshold,
        combination=combination,
        rules=_rates(fair_fired, fair_truth),
        model=_rates([s >= model_threshold for s in fair_scores], fair_truth),
        combined=_rates(
            [
                combination.score(s, f) >= combination.threshold
                for s, f in zip(fair_scores, fair_fired, strict=True)
            ],
            fair_truth,
        ),
    )
    model = train(
        texts,
        labels,
        sample_weight=weights,
        meta={
            "kind": "emergency",
            "version": version,
            "threshold": model_threshold,
            "combination": asdict(combination),
            "data_digest": data_digest,
            "setup": setup,
            "texts": len(texts),
            "cv": {name: asdict(getattr(report, name)) for name in ("rules", "model", "combined")},
        },
        class_weight=None,
        c=_C,
        min_df=_MIN_DF,
        half=True,
    )
    return model, report


def write_pins(model: TextModel, rules: Detector, path: Path = PINS_PATH) -> None:
    detector = CombinedDetector(rules, LearnedDetector(model))
    lines = []
    for text in PIN_TEXTS:
        a = detector.assess(text)
        score, category = detector.model.score(text)
        lines.append(
            json.dumps(
                {
                    "text": text,
                    "model_score": round(score, 6),
                    "model_category": category,
                    "combined_score": round(a.score, 6),
                    "emergency": a.emergency,
                    "model_version": model.version,
                },
                ensure_ascii=False,
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def retrain(out: Path = MODEL_PATH) -> TrainingReport:
    rules = RuleDetector()
    model, report = train_emergency_model(rules=rules)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    write_pins(TextModel.load(out), rules)  # pin what ships
    return report
