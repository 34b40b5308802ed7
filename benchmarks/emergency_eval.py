"""How well, and how fast, the emergency detector does on the phrases it was tuned on and on held-out ones.

Run by hand from the repository root:

    .venv/bin/python benchmarks/emergency_eval.py [--iterations N]

Two sets are reported apart, because they answer different questions:

- tuned: EMERGENCIES and NOT_EMERGENCIES from tests/bot/test_emergency.py, which the rules were widened to
  catch (the tests require 100% here, so this mostly shows the lists are in step with the rules);
- held-out: benchmarks/emergency_heldout.py, written after the last tuning and never tuned on, so its recall
  is the honest estimate for wording the rules have not seen.

For each: recall on emergencies (share flagged), the false-alarm rate on everyday texts (share flagged),
every phrase it gets wrong, and the mean time of one detect() call. Last, the slowest of a few
4,096-character messages built to make regular expressions work hard.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.emergency_heldout import HELDOUT_EMERGENCIES, HELDOUT_NOT_EMERGENCIES  # noqa: E402
from bot.emergency import EmergencyDetector  # noqa: E402
from tests.bot.test_emergency import (  # noqa: E402
    EMERGENCIES,
    LONG_MESSAGE_LENGTH,
    LONG_MESSAGE_UNITS,
    NOT_EMERGENCIES,
    long_message_seconds,
)


def report(
    detector: EmergencyDetector, name: str, emergencies: list[str], others: list[str], iterations: int
) -> None:
    misses = [text for text in emergencies if detector.detect(text) is None]
    false_alarms = [(text, signal.rule) for text in others if (signal := detector.detect(text))]
    caught = len(emergencies) - len(misses)
    flagged = len(false_alarms)
    print(f"== {name}")
    print(
        f"recall:           {caught / len(emergencies):.1%} ({caught}/{len(emergencies)} emergencies flagged)"
    )
    print(f"false-alarm rate: {flagged / len(others):.1%} ({flagged}/{len(others)} others flagged)")
    print(f"misses ({len(misses)}):")
    for text in misses:
        print(f"  - {text!r}")
    print(f"false alarms ({flagged}):")
    for text, rule in false_alarms:
        print(f"  - {text!r} [{rule}]")
    seconds = mean_call(detector, [*emergencies, *others], iterations)
    print(f"speed:            {seconds * 1e6:.1f} µs per detect()")
    print()


def mean_call(detector: EmergencyDetector, texts: list[str], iterations: int) -> float:
    for text in texts:  # warm up
        detector.detect(text)
    started = time.perf_counter()
    for _ in range(iterations):
        for text in texts:
            detector.detect(text)
    return (time.perf_counter() - started) / (iterations * len(texts))


def slowest_long_message(detector: EmergencyDetector) -> tuple[float, str]:
    return max((long_message_seconds(detector, unit), unit) for unit in LONG_MESSAGE_UNITS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=200, help="passes over each set when timing")
    args = parser.parse_args()

    detector = EmergencyDetector()
    report(detector, "tuned (tests/bot/test_emergency.py)", EMERGENCIES, NOT_EMERGENCIES, args.iterations)
    report(
        detector,
        "held-out (benchmarks/emergency_heldout.py, never tuned on)",
        HELDOUT_EMERGENCIES,
        HELDOUT_NOT_EMERGENCIES,
        args.iterations,
    )
    seconds, unit = slowest_long_message(detector)
    length = f"{LONG_MESSAGE_LENGTH:,}-character"
    print(f"slowest {length} message: {seconds * 1e3:.1f} ms ({unit!r} repeated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
