"""A circuit breaker for the store: when Redis stops answering, stop asking it for a moment.

A hung Redis (up but silent) costs every request a socket time-out. After one such failure the breaker
opens: for `open_for` seconds every store call fails at once with `StoreUnavailable`, so people get the
safety reply at once instead of after a time-out each. Then calls are let through again (half open); the
first that succeeds closes the breaker, a failure opens it for another `open_for`. Service therefore
returns within about `open_for` plus one round trip of Redis coming back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.store.base import StoreUnavailable


class CircuitBreaker:
    def __init__(self, open_for: float = 0.5, clock: Callable[[], float] = time.monotonic) -> None:
        self.open_for = open_for
        self._clock = clock
        self._open_until = 0.0
        self.failures = 0  # in a row

    @property
    def is_open(self) -> bool:
        return self._clock() < self._open_until

    def check(self) -> None:
        """Raise StoreUnavailable while the breaker is open."""
        if self.is_open:
            raise StoreUnavailable("store circuit open after a failure")

    def succeeded(self) -> None:
        self.failures = 0
        self._open_until = 0.0

    def failed(self) -> None:
        self.failures += 1
        self._open_until = self._clock() + self.open_for
