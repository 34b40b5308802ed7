"""How well, and how fast, the hand-written rules alone do on each set of labelled phrases.

Run by hand from the repository root:

    .venv/bin/python benchmarks/emergency_eval.py [--iterations N] [FILE.jsonl ...]

Each file under data/emergency/ (or each file named) is reported apart, because they answer different
questions:

- tuning.jsonl: the phrases the rules were widened to catch (tests/bot/test_emergency.py requires 100%
  here, so this mostly shows the data is in step with the rules);
- round_h.jsonl: set H, written after the rules were last tuned and never tuned on. Measured once, before
  any rule changed: recall 65.5% (78/119 emergencies flagged), false alarms 5.4% (4/74 everyday texts
  flagged). It is now training data for the learned model (bot/emergency/training.py reads every file
  here), so it no longer measures the service; the frozen evaluation set is data/eval/, measured by
  benchmarks/understanding.py. The menu keywords ("help", "menu", "stop", "1", "2", "thanks") are in
  every set: they are what the service's own menu asks people to send, so every set must show they stay
  quiet;
- any other file there: reported the same way.

For each: recall on emergencies (share flagged), the share of those flagged under the labelled category,
the false-alarm rate on the others (share flagged), every phrase it gets wrong, and the mean time of one
assess() call. Last, the slowest of a few 4,096-character messages built to make regular expressions work
hard.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.long_messages import (  # noqa: E402
    LONG_MESSAGE_LENGTH,
    LONG_MESSAGE_UNITS,
    long_message_seconds,
)
from bot.emergency import Detector, RuleDetector  # noqa: E402
from bot.emergency.labelled import EMERGENCY_DATA, LabelledText, load_labelled  # noqa: E402


def report(detector: Detector, name: str, phrases: list[LabelledText], iterations: int) -> None:
    emergencies = [p for p in phrases if p.emergency]
    others = [p for p in phrases if not p.emergency]
    assessed = {p.text: detector.assess(p.text) for p in phrases}
    misses = [p for p in emergencies if not assessed[p.text].emergency]
    caught = len(emergencies) - len(misses)
    named = sum(1 for p in emergencies if assessed[p.text].category == p.category)
    false_alarms = [p for p in others if assessed[p.text].emergency]
    flagged = len(false_alarms)
    print(f"== {name}")
    if emergencies:
        total = len(emergencies)
        print(f"recall:           {caught / total:.1%} ({caught}/{total} emergencies flagged)")
        print(f"category right:   {named / total:.1%} ({named}/{total})")
    if others:
        print(f"false-alarm rate: {flagged / len(others):.1%} ({flagged}/{len(others)} others flagged)")
    print(f"misses ({len(misses)}):")
    for p in misses:
        print(f"  - {p.text!r} [{p.category}]")
    print(f"false alarms ({flagged}):")
    for p in false_alarms:
        print(f"  - {p.text!r} [{assessed[p.text].rule}]")
    seconds = mean_call(detector, [p.text for p in phrases], iterations)
    print(f"speed:            {seconds * 1e6:.1f} µs per assess()")
    print()


def mean_call(detector: Detector, texts: list[str], iterations: int) -> float:
    for text in texts:  # warm up
        detector.assess(text)
    started = time.perf_counter()
    for _ in range(iterations):
        for text in texts:
            detector.assess(text)
    return (time.perf_counter() - started) / (iterations * len(texts))


def slowest_long_message(detector: Detector) -> tuple[float, str]:
    return max((long_message_seconds(detector, unit), unit) for unit in LONG_MESSAGE_UNITS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=200, help="passes over each set when timing")
    parser.add_argument("files", nargs="*", type=Path, help="labelled phrase files (default: data/emergency)")
    args = parser.parse_args()

    detector = RuleDetector()
    print(f"rules {detector.model_version}\n")
    for path in args.files or sorted(EMERGENCY_DATA.glob("*.jsonl")):
        report(detector, path.name, load_labelled(path), args.iterations)
    seconds, unit = slowest_long_message(detector)
    length = f"{LONG_MESSAGE_LENGTH:,}-character"
    print(f"slowest {length} message: {seconds * 1e3:.1f} ms ({unit!r} repeated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
