"""Faulty wrappers around the real stores: the public seam for fault tests (no private patching), and a
detector whose verdict the test chooses.

Each wrapper passes every call to the store it wraps, except while a fault is switched on, when the
named calls raise StoreUnavailable as a Redis that is down would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from bot.conversation import ConversationKey, TranscriptEntry
from bot.emergency import Assessment
from bot.store import (
    Change,
    Claim,
    ConversationStore,
    Lease,
    OperatorQueue,
    QueueEntry,
    Snapshot,
    StoreUnavailable,
)


class Faults:
    """Which calls fail: `down` fails them all; `failing` names single operations; `slow` delays the
    named operations by so many seconds (a hung Redis that answers in the end)."""

    def __init__(self) -> None:
        self.down = False
        self.failing: set[str] = set()
        self.slow: dict[str, float] = {}

    async def check(self, operation: str) -> None:
        if operation in self.slow:
            await asyncio.sleep(self.slow[operation])
        if self.down or operation in self.failing:
            raise StoreUnavailable(f"fault injected: {operation}")


class FaultyQueue(OperatorQueue):
    def __init__(self, inner: OperatorQueue, faults: Faults | None = None) -> None:
        self.inner = inner
        self.faults = faults or Faults()

    async def put(self, entry: QueueEntry) -> None:
        await self.faults.check("queue.put")
        await self.inner.put(entry)

    async def remove(self, key: ConversationKey) -> bool:
        await self.faults.check("queue.remove")
        return await self.inner.remove(key)

    async def position(self, key: ConversationKey) -> int | None:
        await self.faults.check("queue.position")
        return await self.inner.position(key)

    async def entries(self, limit: int = 100) -> list[QueueEntry]:
        await self.faults.check("queue.entries")
        return await self.inner.entries(limit)

    async def find(self, conversation_id: str) -> ConversationKey | None:
        await self.faults.check("queue.find")
        return await self.inner.find(conversation_id)


class FaultyStore(ConversationStore):
    def __init__(self, inner: ConversationStore, faults: Faults | None = None) -> None:
        super().__init__(inner.timings)
        self.inner = inner
        self.faults = faults or Faults()

    @asynccontextmanager
    async def claim(self, key: ConversationKey, message_id: str | None) -> AsyncIterator[Claim]:
        await self.faults.check("claim")
        async with self.inner.claim(key, message_id) as claim:
            yield claim

    async def load(self, key: ConversationKey) -> Snapshot:
        await self.faults.check("load")
        return await self.inner.load(key)

    async def commit(self, lease: Lease, change: Change) -> None:
        await self.faults.check("commit")
        await self.inner.commit(lease, change)

    async def expect_effects(self, key: ConversationKey, at: float) -> None:
        await self.faults.check("expect_effects")
        await self.inner.expect_effects(key, at)

    async def settled(self, lease: Lease, effect_ids: Sequence[str]) -> None:
        await self.faults.check("settled")
        await self.inner.settled(lease, effect_ids)

    async def pending(self, before: float, limit: int = 100) -> list[ConversationKey]:
        await self.faults.check("pending")
        return await self.inner.pending(before, limit)

    async def transcript(self, key: ConversationKey) -> list[TranscriptEntry]:
        await self.faults.check("transcript")
        return await self.inner.transcript(key)

    async def record_delivery(
        self, key: ConversationKey, message_id: str, status: str, sid: str | None = None
    ) -> bool:
        await self.faults.check("record_delivery")
        return await self.inner.record_delivery(key, message_id, status, sid)

    async def deliveries(self, key: ConversationKey) -> dict[str, str]:
        await self.faults.check("deliveries")
        return await self.inner.deliveries(key)

    async def sent_message(self, sid: str) -> tuple[ConversationKey, str] | None:
        await self.faults.check("sent_message")
        return await self.inner.sent_message(sid)

    async def erase(self, key: ConversationKey, *, opt_out: bool) -> int:
        await self.faults.check("erase")
        return await self.inner.erase(key, opt_out=opt_out)

    async def record_erasure(self, record: dict[str, Any]) -> None:
        await self.faults.check("record_erasure")
        await self.inner.record_erasure(record)

    async def erasures(self, limit: int = 100) -> list[dict[str, Any]]:
        await self.faults.check("erasures")
        return await self.inner.erasures(limit)

    async def ping(self) -> None:
        await self.faults.check("ping")
        await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()


class Keywords:
    """A detector that calls a message an emergency when it says "EMERGENCY" (nothing else does)."""

    def assess(self, text: str) -> Assessment:
        if "EMERGENCY" in text:
            return Assessment(True, 0.9, "violence", "fake", "fake-1", rule="fake.word")
        return Assessment(False, 0.0, None, "fake", "fake-1")
