"""The outbox in process memory, for the embedded memory store: one process, lost on restart.

It keeps the Redis outbox's rules (`bot.store.redis_outbox`) so one suite tests both: entries in order,
each held by the consumer that took it until acknowledged, taken over after `claim_after` seconds without
progress, fenced so a consumer that lost an entry can no longer change it, retries parked behind their
conversation's earlier messages.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from bot.outbox import Delivery, OutboundMessage, Outbox, SendRecord, SendReport


@dataclass
class _Entry:
    message: OutboundMessage
    holder: str | None = None
    held_since: float = 0.0


@dataclass
class _Record:
    record: SendRecord
    expires: float


@dataclass
class _Hold:
    count: int = 0  # messages of the conversation parked
    last: float = 0.0  # the latest time one of them is due


@dataclass
class _Parked:
    due: float
    seq: int
    message: OutboundMessage = field(compare=False)


class MemoryOutbox(Outbox):
    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        keep: float = 7 * 86400.0,
        dead_kept: int = 10_000,
        poll: float = 0.05,
    ) -> None:
        self.clock = clock
        self.keep = keep  # seconds a message id is remembered (dedupe and its send record)
        self.dead_kept = dead_kept
        self.poll = poll
        self._entries: dict[str, _Entry] = {}  # in order of arrival
        self._records: dict[str, _Record] = {}
        self._parked: dict[str, _Parked] = {}  # message id -> when it is due again
        self._holds: dict[str, _Hold] = {}  # conversation -> its parked messages
        self._dead: list[SendReport] = []
        self._ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._next_sweep = 0.0

    def _record(self, message_id: str) -> SendRecord:
        found = self._records.get(message_id)
        return found.record if found is not None and found.expires > self.clock() else SendRecord()

    def _update(self, message_id: str, **changes: object) -> SendRecord:
        found = self._records.get(message_id)
        if found is None or found.expires <= self.clock():
            found = self._records[message_id] = _Record(SendRecord(), self.clock() + self.keep)
        found.record = replace(found.record, **changes)  # type: ignore[arg-type]
        return found.record

    async def add(self, message: OutboundMessage) -> bool:
        now = self.clock()
        found = self._records.get(message.id)
        if found is not None and found.expires > now:
            return False
        if now >= self._next_sweep:  # forget expired ids now and then, so memory does not grow forever
            self._next_sweep = now + 60.0
            self._records = {k: v for k, v in self._records.items() if v.expires > now}
        self._records[message.id] = _Record(SendRecord(), now + self.keep)
        self._append(message)
        return True

    def _append(self, message: OutboundMessage) -> None:
        self._entries[str(next(self._ids))] = _Entry(message)
        self._arrived.set()

    async def take(
        self, consumer: str, count: int, block: float = 0.0, claim_after: float = 60.0
    ) -> list[Delivery]:
        deadline = time.monotonic() + block
        while True:
            taken = self._take(consumer, count, claim_after)
            left = deadline - time.monotonic()
            if taken or left <= 0:
                return taken
            self._arrived.clear()
            try:
                async with asyncio.timeout(min(left, self.poll)):
                    await self._arrived.wait()
            except TimeoutError:
                pass

    def _take(self, consumer: str, count: int, claim_after: float) -> list[Delivery]:
        now = self.clock()
        for parked in sorted(self._parked.values(), key=lambda p: (p.due, p.seq)):
            if parked.due > now:
                break
            self._unpark(parked.message)
        stale = [
            (entry_id, entry)
            for entry_id, entry in self._entries.items()
            if entry.holder is not None and now - entry.held_since >= claim_after
        ]
        fresh = [(entry_id, entry) for entry_id, entry in self._entries.items() if entry.holder is None]
        taken: list[Delivery] = []
        for (entry_id, entry), taken_over in [*((s, True) for s in stale), *((f, False) for f in fresh)]:
            if len(taken) >= count:
                break
            entry.holder, entry.held_since = consumer, now
            delivery = Delivery(entry_id, entry.message, self._record(entry.message.id), consumer, taken_over)
            if entry.message.conversation in self._holds:  # an earlier message waits: wait behind it
                self._park(delivery, now)
                continue
            taken.append(delivery)
        return taken

    def _unpark(self, message: OutboundMessage) -> None:
        del self._parked[message.id]
        hold = self._holds[message.conversation]
        hold.count -= 1
        if hold.count <= 0:
            del self._holds[message.conversation]
        self._append(message)

    def _park(self, delivery: Delivery, due: float) -> None:
        del self._entries[delivery.entry]
        hold = self._holds.setdefault(delivery.message.conversation, _Hold())
        if hold.count > 0:
            due = max(due, hold.last)
        hold.count += 1
        hold.last = max(hold.last, due)
        self._parked[delivery.message.id] = _Parked(due, next(self._ids), delivery.message)

    def _ours(self, delivery: Delivery) -> bool:
        entry = self._entries.get(delivery.entry)
        return entry is not None and entry.holder == delivery.consumer

    async def begin_attempt(
        self, delivery: Delivery, at: float, followers: Sequence[Delivery] = ()
    ) -> SendRecord | None:
        if not self._ours(delivery):
            return None
        for held in (delivery, *followers):
            if self._ours(held):
                self._entries[held.entry].held_since = self.clock()
        record = self._record(delivery.message.id)
        return self._update(delivery.message.id, attempts=record.attempts + 1, in_doubt_since=at)

    async def end_attempt(self, delivery: Delivery, at: float, sid: str | None) -> None:
        record = self._record(delivery.message.id)
        changes: dict[str, object] = {}
        if sid:
            changes["sid"] = sid
        if record.in_doubt_since == at:
            changes["in_doubt_since"] = None
        if changes:
            self._update(delivery.message.id, **changes)

    async def ack(self, delivery: Delivery) -> bool:
        if not self._ours(delivery):
            return False
        del self._entries[delivery.entry]
        return True

    async def retry(self, delivery: Delivery, at: float, *, failed: bool = True) -> bool:
        if not self._ours(delivery):
            return False
        if failed:
            self._update(delivery.message.id, failures=self._record(delivery.message.id).failures + 1)
        self._park(delivery, at)
        return True

    async def dead_letter(self, delivery: Delivery, report: SendReport) -> bool:
        if not self._ours(delivery):
            return False
        del self._entries[delivery.entry]
        self._dead.append(report)
        del self._dead[: -self.dead_kept]
        return True

    async def depth(self) -> int:
        return len(self._entries) + len(self._parked)

    async def dead_count(self) -> int:
        return len(self._dead)

    async def dead_letters(self, limit: int = 100) -> list[SendReport]:
        return self._dead[-limit:]
