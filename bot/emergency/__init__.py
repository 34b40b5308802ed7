"""Spot messages that describe an emergency, before anything else looks at them.

Every detector sits behind one seam (`base.py`): `Detector.assess(text)` gives an `Assessment` that says
whether the message reads as an emergency, of what category, and which detector and version decided. The
engine depends on that protocol only. `RuleDetector` (`rules/`) is the hand-written rules over canonical
text; `labelled.py` reads the labelled phrases the detectors are tuned and measured on (tests, benchmarks
and training only, never at run time).
"""

from bot.emergency.base import Assessment, Detector
from bot.emergency.rules import RuleDetector

__all__ = ["Assessment", "Detector", "RuleDetector"]
