"""Long messages built to make regular expressions work hard, and how long a detector takes on them.

Used by tests/bot/test_emergency.py (which holds the detector to a time limit on each) and
benchmarks/emergency_eval.py (which reports the slowest).
"""

from __future__ import annotations

import time

from bot.emergency import Detector

# Repeated words that give the rules the most places to try, and a long word with nothing to split on.
LONG_MESSAGE_UNITS = [
    "a",
    "a ",
    "hes ",
    "he is ",
    "my son ",
    "the man ",
    "on the floor ",
    "with a ",
    "help ",
    "abcdefghij",
    "😀",
]
LONG_MESSAGE_LENGTH = 4096  # the longest Body the webhook accepts


def long_message(unit: str) -> str:
    """`unit` repeated to LONG_MESSAGE_LENGTH characters."""
    return (unit * (LONG_MESSAGE_LENGTH // len(unit) + 1))[:LONG_MESSAGE_LENGTH]


def long_message_seconds(detector: Detector, unit: str) -> float:
    """The fastest of three runs of assess() on `unit` repeated to LONG_MESSAGE_LENGTH characters."""
    text = long_message(unit)
    fastest = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        detector.assess(text)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest
