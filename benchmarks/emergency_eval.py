"""How well, and how fast, the emergency detector does on the phrase lists in its tests.

Run by hand from the repository root:

    .venv/bin/python benchmarks/emergency_eval.py [--iterations N]

Prints recall on EMERGENCIES (share flagged), the false-alarm rate on NOT_EMERGENCIES (share flagged),
every phrase it gets wrong, and the mean time of one detect() call.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.emergency import EmergencyDetector  # noqa: E402
from tests.bot.test_emergency import EMERGENCIES, NOT_EMERGENCIES  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=200, help="passes over both lists when timing")
    args = parser.parse_args()

    detector = EmergencyDetector()
    misses = [text for text in EMERGENCIES if detector.detect(text) is None]
    false_alarms = [(text, signal.rule) for text in NOT_EMERGENCIES if (signal := detector.detect(text))]

    recall = 1 - len(misses) / len(EMERGENCIES)
    false_alarm_rate = len(false_alarms) / len(NOT_EMERGENCIES)
    caught = len(EMERGENCIES) - len(misses)
    print(f"recall:           {recall:.1%} ({caught}/{len(EMERGENCIES)} emergencies flagged)")
    flagged = len(false_alarms)
    print(f"false-alarm rate: {false_alarm_rate:.1%} ({flagged}/{len(NOT_EMERGENCIES)} others flagged)")
    print(f"misses ({len(misses)}):")
    for text in misses:
        print(f"  - {text!r}")
    print(f"false alarms ({len(false_alarms)}):")
    for text, rule in false_alarms:
        print(f"  - {text!r} [{rule}]")

    texts = [*EMERGENCIES, *NOT_EMERGENCIES]
    for text in texts:  # warm up
        detector.detect(text)
    started = time.perf_counter()
    for _ in range(args.iterations):
        for text in texts:
            detector.detect(text)
    elapsed = time.perf_counter() - started
    calls = args.iterations * len(texts)
    print(f"speed:            {elapsed / calls * 1e6:.1f} µs per detect() (mean of {calls:,} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
