"""Background upkeep stops when the service stops, even when a Redis call swallowed the cancellation."""

from __future__ import annotations

import asyncio

from bot.runtime import maintain_forever
from bot.store import StoreUnavailable


class SwallowsCancellation:
    """An upkeep round that, cancelled mid-call, reports a connection error instead (as redis-py may)."""

    def __init__(self) -> None:
        self.rounds = 0
        self.started = asyncio.Event()

    async def maintain(self) -> None:
        self.rounds += 1
        self.started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            raise StoreUnavailable("connection lost") from None


async def test_upkeep_stops_when_cancelled_even_if_the_cancellation_was_swallowed() -> None:
    engine = SwallowsCancellation()
    task = asyncio.create_task(maintain_forever(engine, every=0.01))
    await asyncio.wait_for(engine.started.wait(), 5)
    task.cancel()
    done, _ = await asyncio.wait([task], timeout=2)
    assert task in done, "upkeep kept running after it was cancelled"
    assert task.cancelled()
    assert engine.rounds == 1
