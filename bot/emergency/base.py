"""The seam every emergency detector sits behind: text in, an `Assessment` out.

Detectors are interchangeable (the hand-written rules, the learned model, their combination, or a fake in
a test), so the engine depends on this protocol only. An assessment carries no message text: it is safe
to log and to count in metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a detector concluded about one message."""

    emergency: bool
    score: float  # 0..1: how strongly the message reads as an emergency
    category: str | None  # e.g. "weapon", "injury"; None when not an emergency
    detector: str  # which detector decided: "rules", "model", "rules+model", "fake", ...
    model_version: str  # the version of the rules and/or model artefact that decided
    rule: str | None = None  # the rule that fired, when a rule decided (safe to log)


@runtime_checkable
class Detector(Protocol):
    """Anything that can tell whether a message describes an emergency. Must be fast and never block."""

    def assess(self, text: str) -> Assessment: ...
