"""In-process stores: the embedded default when no REDIS_URL is set. One process only; state is
lost on restart. Values are kept serialised, so a caller can never change stored state by accident."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.conversation import ConversationKey, TranscriptEntry
from bot.store.base import (
    Change,
    Claim,
    ConversationStore,
    Lease,
    LeaseLost,
    LockTimeout,
    OperatorQueue,
    QueueEntry,
    Snapshot,
    StoreTimings,
    decode_conversation,
)


@dataclass
class _Expiring:
    value: str
    expires: float


@dataclass
class _Transcript:
    entries: list[str] = field(default_factory=list)
    expires: float = 0.0


@dataclass
class _Lock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    token: str | None = None
    users: int = 0


class MemoryConversationStore(ConversationStore):
    def __init__(self, timings: StoreTimings, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(timings)
        self._clock = clock
        self._states: dict[ConversationKey, _Expiring] = {}
        self._replies: dict[tuple[ConversationKey, str], _Expiring] = {}
        self._transcripts: dict[ConversationKey, _Transcript] = {}
        self._opted_out: set[ConversationKey] = set()
        self._locks: dict[ConversationKey, _Lock] = {}
        self._next_sweep = 0.0

    def _live(self, item: _Expiring | None) -> str | None:
        return item.value if item is not None and item.expires > self._clock() else None

    @asynccontextmanager
    async def claim(self, key: ConversationKey, message_id: str) -> AsyncIterator[Claim]:
        slot = self._locks.setdefault(key, _Lock())
        slot.users += 1
        try:
            try:
                async with asyncio.timeout(self.timings.lock_wait):
                    await slot.lock.acquire()
            except TimeoutError:
                raise LockTimeout(f"conversation lock busy for {self.timings.lock_wait}s") from None
            lease = Lease(key, uuid.uuid4().hex)
            slot.token = lease.token
            replay = self._live(self._replies.get((key, message_id)))
            try:
                yield Claim(lease, None if replay is None else list(json.loads(replay)), await self.load(key))
            finally:
                slot.token = None
                slot.lock.release()
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._locks[key]

    async def load(self, key: ConversationKey) -> Snapshot:
        value = self._live(self._states.get(key))
        return Snapshot(decode_conversation(value), key in self._opted_out)

    async def commit(self, lease: Lease, change: Change) -> None:
        slot = self._locks.get(lease.key)
        if slot is None or slot.token != lease.token:
            raise LeaseLost("the conversation lock is no longer held")
        key, now = lease.key, self._clock()
        if change.conversation is None:
            self._states.pop(key, None)
        else:
            self._states[key] = _Expiring(
                change.conversation.model_dump_json(), now + self.state_ttl(change.conversation)
            )
        self._replies[(key, change.message_id)] = _Expiring(
            json.dumps(list(change.replies)), now + self.timings.dedupe
        )
        if change.transcript:
            log = self._transcripts.get(key)
            if log is None or log.expires <= now:
                log = self._transcripts[key] = _Transcript()
            log.entries.extend(e.model_dump_json() for e in change.transcript)
            log.expires = now + self.timings.retention
        if change.opted_out is True:
            self._opted_out.add(key)
        elif change.opted_out is False:
            self._opted_out.discard(key)
        slot.token = None  # the lease ends with the commit, as on Redis
        lease.released = True
        self._sweep(now)

    async def transcript(self, key: ConversationKey) -> list[TranscriptEntry]:
        log = self._transcripts.get(key)
        if log is None or log.expires <= self._clock():
            return []
        return [TranscriptEntry.model_validate_json(e) for e in log.entries]

    async def ping(self) -> None:
        return None

    def _sweep(self, now: float) -> None:
        """Drop expired entries now and then, so memory does not grow with every number ever seen."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + 60.0
        self._states = {k: v for k, v in self._states.items() if v.expires > now}
        self._replies = {k: v for k, v in self._replies.items() if v.expires > now}
        self._transcripts = {k: v for k, v in self._transcripts.items() if v.expires > now}


class MemoryOperatorQueue(OperatorQueue):
    def __init__(self) -> None:
        self._entries: dict[ConversationKey, QueueEntry] = {}

    async def add(self, entry: QueueEntry) -> None:
        current = self._entries.get(entry.key)
        if current is None:
            self._entries[entry.key] = entry
        elif entry.priority < current.priority:
            self._entries[entry.key] = QueueEntry(entry.key, entry.priority, current.since, entry.reason)

    async def remove(self, key: ConversationKey) -> bool:
        return self._entries.pop(key, None) is not None

    async def position(self, key: ConversationKey) -> int | None:
        if key not in self._entries:
            return None
        ordered = sorted(self._entries.values(), key=lambda e: (e.priority, e.since))
        return next(i for i, e in enumerate(ordered, 1) if e.key == key)

    async def entries(self, limit: int = 100) -> list[QueueEntry]:
        return sorted(self._entries.values(), key=lambda e: (e.priority, e.since))[:limit]
