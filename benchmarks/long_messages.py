"""Long messages built to make regular expressions work hard, and how long a detector takes on them.

Used by tests/bot/test_emergency.py (which checks that the time grows linearly with the length, for the
rules and for the whole detector) and benchmarks/emergency_eval.py (which reports the slowest).
"""

from __future__ import annotations

import itertools
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
    "7",
    "7 ",
    "5 yr ",
    "+44 ",
]
LONG_MESSAGE_LENGTH = 4096  # the longest Body the webhook accepts
_runs = itertools.count()


def long_message(unit: str, length: int = LONG_MESSAGE_LENGTH) -> str:
    """`unit` repeated to `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def long_message_seconds(detector: Detector, unit: str, length: int = LONG_MESSAGE_LENGTH) -> float:
    """The fastest of three runs of assess() on `unit` repeated to `length` characters.

    Each run reads a text never read before (it ends in a new number), so no cache of the normaliser or
    the model hides what a new message costs.
    """
    fastest = float("inf")
    for _ in range(3):
        ending = f" {next(_runs)}"
        text = long_message(unit, length - len(ending)) + ending
        started = time.perf_counter()
        detector.assess(text)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def growth(detector: Detector, unit: str) -> float:
    """How much longer a message four times as long takes: about 4 when the cost is linear, 16 when it
    is quadratic."""
    short = long_message_seconds(detector, unit, LONG_MESSAGE_LENGTH // 4)
    return long_message_seconds(detector, unit) / max(short, 1e-6)
