"""Opening hours, closed days and staff at the console decide whether a person may wait for staff."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.availability import Availability, HoursError, WeeklyHours, parse_dates

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON).timestamp()


@pytest.mark.parametrize(
    ("hours", "when", "open_"),
    [
        ("always", "2026-12-25T03:00", True),
        ("mon-fri 08:00-20:00", "2026-12-04T08:00", True),  # Friday, opening minute
        ("mon-fri 08:00-20:00", "2026-12-04T20:00", False),  # closing minute
        ("mon-fri 08:00-20:00", "2026-12-05T12:00", False),  # Saturday
        ("mon-fri 08:00-20:00, sat 09:00-17:00", "2026-12-05T12:00", True),
        ("fri 22:00-02:00", "2026-12-05T01:30", True),  # past midnight, into Saturday
        ("fri 22:00-02:00", "2026-12-05T02:30", False),
        ("sat-mon 10:00-12:00", "2026-12-07T11:00", True),  # a range across the week's end
        ("sat-mon 10:00-12:00", "2026-12-08T11:00", False),
        ("mon-sun 00:00-24:00", "2026-12-08T23:59", True),
        ("mon-fri 09:00-17:00", "2026-06-01T16:30", True),  # summer time: local hours, not UTC
    ],
)
async def test_weekly_hours(hours: str, when: str, open_: bool) -> None:
    availability = Availability(hours=WeeklyHours.parse(hours), clock=lambda: at(when))
    assert await availability.staff_available() is open_


@pytest.mark.parametrize(
    "bad", ["mon-fry 08:00-20:00", "weekdays", "mon 08:00", "mon 09:00-09:00", "mon 25:00-26:00"]
)
def test_unreadable_hours_are_refused(bad: str) -> None:
    with pytest.raises(HoursError):
        WeeklyHours.parse(bad)


async def test_closed_dates_override_the_hours() -> None:
    closed = parse_dates("2026-12-25, 2026-12-28")
    availability = Availability(closed=closed, clock=lambda: at("2026-12-25T12:00"))
    assert await availability.staff_available() is False
    assert await Availability(closed=closed, clock=lambda: at("2026-12-24T12:00")).staff_available()
    with pytest.raises(HoursError):
        parse_dates("25/12/2026")


async def test_staff_at_the_console_counts_only_within_the_time_out() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC).timestamp()

    async def seen() -> dict[str, float]:
        return {"ops": now - 200, "kim": now - 60}

    async def gone() -> dict[str, float]:
        return {"ops": now - 200}

    async def broken() -> dict[str, float]:
        raise ConnectionError

    assert await Availability(signed_in_within=120, last_seen=seen, clock=lambda: now).staff_available()
    assert not await Availability(signed_in_within=120, last_seen=gone, clock=lambda: now).staff_available()
    # The store failing must not turn people away: they wait, as they would have.
    assert await Availability(signed_in_within=120, last_seen=broken, clock=lambda: now).staff_available()
