"""Whether a member of staff can answer a text now: opening hours, closed days, and who is signed in.

A control room is always staffed, so by default staff are always available. A force that answers texts
only at some hours sets `FIVESTEPS_STAFF_HOURS` (e.g. `mon-fri 08:00-20:00, sat 09:00-17:00`; a range may
run past midnight, `fri 22:00-02:00`), `FIVESTEPS_STAFF_CLOSED_DATES` (bank holidays, ISO dates) and the
time zone; with `FIVESTEPS_STAFF_SIGNED_IN_REQUIRED`, also nobody with the console open means nobody can
answer. A person who asks for staff when nobody can answer is told so plainly and given 101, online
reporting and web chat instead of a wait (`bot.engine`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(
    r"(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})"
)


class HoursError(ValueError):
    pass


def _minutes(text: str) -> int:
    hours, _, minutes = text.partition(":")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise HoursError(f"not a time of day: {text}")
    return value


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Open intervals per weekday (0 = Monday), in minutes since midnight, local time."""

    open: tuple[tuple[tuple[int, int], ...], ...] | None  # None: always open

    @classmethod
    def parse(cls, text: str) -> WeeklyHours:
        text = text.strip().lower()
        if text in ("", "always", "24/7"):
            return cls(None)
        days: list[list[tuple[int, int]]] = [[] for _ in DAYS]
        for part in (p.strip() for p in text.split(",")):
            match = _RANGE.fullmatch(part)
            if match is None or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
                raise HoursError(f"cannot read {part!r}: write e.g. 'mon-fri 08:00-20:00'")
            first = DAYS.index(match["first"])
            last = DAYS.index(match["last"]) if match["last"] else first
            start, end = _minutes(match["start"]), _minutes(match["end"])
            if start == end:
                raise HoursError(f"{part!r} opens and closes at the same time")
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            for day in span:
                if start < end:
                    days[day].append((start, end))
                else:  # past midnight: the rest of this day and the start of the next
                    days[day].append((start, 24 * 60))
                    days[(day + 1) % 7].append((0, end))
        return cls(tuple(tuple(sorted(d)) for d in days))

    def is_open(self, local: datetime) -> bool:
        if self.open is None:
            return True
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.open[local.weekday()])


@dataclass(frozen=True, slots=True)
class Availability:
    hours: WeeklyHours = field(default_factory=lambda: WeeklyHours(None))
    closed: frozenset[date] = frozenset()
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    # Seconds since a console was last alive within which its user counts as signed in; None: not needed.
    signed_in_within: float | None = None
    last_seen: Callable[[], Awaitable[dict[str, float]]] | None = None
    clock: Callable[[], float] = time.time

    async def staff_available(self) -> bool:
        """Whether a person asking for staff now should wait in the queue."""
        local = datetime.fromtimestamp(self.clock(), self.zone)
        if local.date() in self.closed or not self.hours.is_open(local):
            return False
        if self.signed_in_within is None or self.last_seen is None:
            return True
        now = self.clock()
        try:
            seen = await self.last_seen()
        except Exception:
            return True  # when in doubt, queue: a wait is better than being turned away wrongly
        return any(now - at <= self.signed_in_within for at in seen.values())


def parse_dates(text: str) -> frozenset[date]:
    """`2026-12-25, 2026-12-26` -> those dates (raises ValueError naming a bad one)."""
    found = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            found.add(date.fromisoformat(part))
        except ValueError as exc:
            raise HoursError(f"not an ISO date (YYYY-MM-DD): {part!r}") from exc
    return frozenset(found)
