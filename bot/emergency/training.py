"""Train the learned emergency detector from the labelled data files (needs the `train` extra).

    fivesteps models train            # retrains this model and the shipped flows' topic models

Reads every ``data/emergency/*.jsonl`` file (text, label, category, language, source); never
``data/eval/``, which is kept for measuring. The threshold is chosen on out-of-fold predictions
(5-fold cross-validation on the training data), together with the rules the service runs beside
the model: the lowest threshold at which the rules and the model together raise false alarms on at
most `TARGET_FALSE_ALARMS` of the training texts that are not emergencies. The model, its threshold
and the cross-validated figures are written to ``bot/emergency/model/emergency.npz``; its outputs on
a few fixed texts go to ``data/emergency/model_pins.jsonl`` for the test that pins them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.emergency.base import Detector
from bot.emergency.labelled import DATA_DIR, LabelledText, load_labelled
from bot.emergency.learned import MODEL_PATH, NOT_EMERGENCY, LearnedDetector
from bot.emergency.rules import RuleDetector
from flows.textmodel import TextModel, digest, out_of_fold, train

TARGET_FALSE_ALARMS = 0.04
PINS_PATH = DATA_DIR / "emergency" / "model_pins.jsonl"
# Fixed texts whose scores the pin test checks after every retraining (covers typos, other
# languages, look-alikes and empty-ish input).
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
class TrainingReport:
    texts: int
    emergencies: int
    threshold: float
    cv_recall_model: float
    cv_recall_combined: float
    cv_false_alarms_model: float
    cv_false_alarms_combined: float
    version: str


def training_files(directory: Path = DATA_DIR / "emergency") -> list[Path]:
    return sorted(p for p in directory.glob("*.jsonl") if p != PINS_PATH)


def _labels(rows: Sequence[LabelledText]) -> list[str]:
    return [row.category if row.label == "emergency" else NOT_EMERGENCY for row in rows]


def choose_threshold(
    scores: Sequence[float], is_emergency: Sequence[bool], rules_fired: Sequence[bool], target: float
) -> float:
    """The lowest threshold at which rules-or-model false alarms stay within `target`."""
    negatives = [i for i, e in enumerate(is_emergency) if not e]
    for step in range(5, 100):
        threshold = step / 100
        false_alarms = sum(1 for i in negatives if rules_fired[i] or scores[i] >= threshold)
        if false_alarms <= target * len(negatives):
            return threshold
    return 0.99


def train_emergency_model(
    files: Sequence[Path] | None = None, rules: Detector | None = None, target: float = TARGET_FALSE_ALARMS
) -> tuple[TextModel, TrainingReport]:
    paths = list(files) if files is not None else training_files()
    rows = load_labelled(*paths)
    texts = [row.text for row in rows]
    labels = _labels(rows)
    is_emergency = [row.label == "emergency" for row in rows]
    rules = rules or RuleDetector()
    fired = [rules.assess(text).emergency for text in texts]
    oof = out_of_fold(texts, labels)
    scores = [1.0 - p[NOT_EMERGENCY] for p in oof]
    threshold = choose_threshold(scores, is_emergency, fired, target)

    def rate(flags: Sequence[bool], want: bool) -> float:
        picked = [f for f, e in zip(flags, is_emergency, strict=True) if e is want]
        return sum(picked) / len(picked) if picked else 0.0

    model_flags = [s >= threshold for s in scores]
    both = [m or r for m, r in zip(model_flags, fired, strict=True)]
    data_digest = digest(f"{label}\t{text}" for text, label in zip(texts, labels, strict=True))
    version = f"emergency-{dt.date.today():%Y%m%d}-{data_digest[:8]}"
    report = TrainingReport(
        texts=len(texts),
        emergencies=sum(is_emergency),
        threshold=threshold,
        cv_recall_model=rate(model_flags, True),
        cv_recall_combined=rate(both, True),
        cv_false_alarms_model=rate(model_flags, False),
        cv_false_alarms_combined=rate(both, False),
        version=version,
    )
    model = train(
        texts,
        labels,
        meta={
            "kind": "emergency",
            "version": version,
            "threshold": threshold,
            "data_digest": data_digest,
            "files": [p.name for p in paths],
            "cv": {k: round(v, 4) for k, v in report.__dict__.items() if k.startswith("cv_")},
        },
    )
    return model, report


def write_pins(model: TextModel, path: Path = PINS_PATH) -> None:
    detector = LearnedDetector(model)
    lines = []
    for text in PIN_TEXTS:
        a = detector.assess(text)
        lines.append(
            json.dumps(
                {
                    "text": text,
                    "score": round(a.score, 6),
                    "emergency": a.emergency,
                    "category": a.category,
                    "model_version": a.model_version,
                },
                ensure_ascii=False,
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def retrain(out: Path = MODEL_PATH) -> TrainingReport:
    model, report = train_emergency_model()
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    write_pins(model)
    return report
