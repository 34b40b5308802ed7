"""Spot messages that describe an emergency, before anything else looks at them.

Every detector sits behind one seam (`base.py`): `Detector.assess(text)` gives an `Assessment` that says
whether the message reads as an emergency, of what category, and which detector and version decided. The
engine depends on that protocol only.

- `RuleDetector` (`rules/`): hand-written rules over canonical text, held as data per category;
- `LearnedDetector` (`learned.py`): a character and word n-gram model trained on labelled texts
  (`training.py`, `fivesteps models train`), shipped in `model/`;
- `CombinedDetector` (`combined.py`): both, as the service runs them (`default_detector()`).

`labelled.py` reads the labelled phrases the detectors are trained, tested and measured on (tests,
benchmarks and training only, never at run time).
"""

from functools import cache

from bot.emergency.base import Assessment, Detector
from bot.emergency.combined import CombinedDetector
from bot.emergency.learned import LearnedDetector
from bot.emergency.rules import RuleDetector

__all__ = [
    "Assessment",
    "CombinedDetector",
    "Detector",
    "LearnedDetector",
    "RuleDetector",
    "default_detector",
]


@cache
def default_detector() -> Detector:
    """The detector the service runs, built once per process (compiling the rules takes about 0.5 s)."""
    return CombinedDetector(RuleDetector(), LearnedDetector())
