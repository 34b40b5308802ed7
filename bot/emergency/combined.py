"""The detector the service runs: the hand-written rules and the learned model, side by side.

A message is an emergency when either says so. The rules are precise on the wording they were
written for; the model generalises to wording nobody wrote a rule for (misspellings, shorthand, other
languages). The model's threshold was chosen by cross-validation with the rules already in place, so
that together they keep false alarms on look-alike messages low (`bot.emergency.training`).
"""

from __future__ import annotations

from bot.emergency.base import Assessment, Detector


class CombinedDetector:
    """Fires when any of its detectors fires; the first to fire names the category."""

    def __init__(self, *detectors: Detector) -> None:
        if not detectors:
            raise ValueError("CombinedDetector needs at least one detector")
        self.detectors = detectors

    def assess(self, text: str) -> Assessment:
        assessments = [detector.assess(text) for detector in self.detectors]
        fired = [a for a in assessments if a.emergency]
        versions = "+".join(a.model_version for a in assessments)
        score = max(a.score for a in assessments)
        if not fired:
            return Assessment(False, score, None, "+".join(a.detector for a in assessments), versions)
        first = fired[0]
        return Assessment(
            emergency=True,
            score=score,
            category=first.category,
            detector="+".join(a.detector for a in fired),
            model_version=versions,
            rule=first.rule,
        )
