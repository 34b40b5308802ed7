"""The learned emergency detector: a character and word n-gram model trained on labelled texts.

Its classes are ``not_emergency`` and one per emergency category; the emergency score is the
probability of anything but ``not_emergency``, and the category is the likeliest emergency class. The
threshold comes with the artefact: it was chosen by cross-validation on the training data only
(`bot.emergency.training`). The model ships inside the package and loads from disk: nothing is
fetched at run time.
"""

from __future__ import annotations

from pathlib import Path

from bot.emergency.base import Assessment
from flows.textmodel import TextModel

MODEL_PATH = Path(__file__).parent / "model" / "emergency.npz"
NOT_EMERGENCY = "not_emergency"


class LearnedDetector:
    """Scores a message with the shipped (or a given) emergency model."""

    name = "model"

    def __init__(self, model: TextModel | None = None, threshold: float | None = None) -> None:
        self.model = model if model is not None else TextModel.load(MODEL_PATH)
        if NOT_EMERGENCY not in self.model.classes:
            raise ValueError(f"an emergency model needs a {NOT_EMERGENCY!r} class")
        self.threshold = float(self.model.meta["threshold"]) if threshold is None else threshold
        self._categories = tuple(c for c in self.model.classes if c != NOT_EMERGENCY)
        if not self._categories:
            raise ValueError("an emergency model needs at least one emergency category")

    @property
    def version(self) -> str:
        return self.model.version

    def score(self, text: str) -> tuple[float, str]:
        """(probability that `text` is an emergency, the likeliest emergency category)."""
        probabilities = self.model.probabilities(text)
        score = 1.0 - probabilities[NOT_EMERGENCY]
        category = max(self._categories, key=probabilities.__getitem__)
        return score, category

    def assess(self, text: str) -> Assessment:
        score, category = self.score(text)
        emergency = score >= self.threshold
        return Assessment(
            emergency=emergency,
            score=score,
            category=category if emergency else None,
            detector=self.name,
            model_version=self.version,
        )
