"""In-process stores: the embedded default when no REDIS_URL is set. One process only; state is
lost on restart. Values are kept serialised, so a caller can never change stored state by accident.

The lock behaves as Redis's does: a lease of `timings.lease` that its holder renews while it works (up
to `timings.work_limit`), released by a commit without effects or when the claim ends, and fenced: a
holder whose lease ran out cannot commit. The same store suite runs on both backends unchanged.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.conversation import ConversationKey, TranscriptEntry
from bot.store.base import (
    DELIVERY_ORDER,
    AccountStore,
    AuditLog,
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
    decode_effects,
)
from bot.store.turns import LocalTurns, Turn


@dataclass
class _Expiring:
    value: str
    expires: float


@dataclass
class _Transcript:
    entries: list[str] = field(default_factory=list)
    expires: float = 0.0


class MemoryConversationStore(ConversationStore):
    def __init__(self, timings: StoreTimings, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(timings)
        self._clock = clock
        self._states: dict[ConversationKey, _Expiring] = {}
        self._replies: dict[tuple[ConversationKey, str], _Expiring] = {}
        self._transcripts: dict[ConversationKey, _Transcript] = {}
        self._effects: dict[ConversationKey, dict[str, str]] = {}
        self._pending: dict[ConversationKey, float] = {}
        self._opted_out: set[ConversationKey] = set()
        self._turns = LocalTurns()
        self._turn_of: dict[str, Turn] = {}  # lease token -> its turn (the lock)
        self._erasures: list[str] = []
        self._deliveries: dict[ConversationKey, dict[str, str]] = {}
        self._sids: dict[str, tuple[ConversationKey, str]] = {}
        self._next_sweep = 0.0

    def _live(self, item: _Expiring | None) -> str | None:
        return item.value if item is not None and item.expires > self._clock() else None

    @asynccontextmanager
    async def claim(self, key: ConversationKey, message_id: str | None) -> AsyncIterator[Claim]:
        try:
            turn = await self._turns.take(key, self.timings.lock_wait, self.timings.lease)
        except TimeoutError:
            raise LockTimeout(f"conversation lock busy for {self.timings.lock_wait}s") from None
        lease = Lease(key, uuid.uuid4().hex)
        self._turn_of[lease.token] = turn
        renewing = asyncio.create_task(self._keep(turn))
        try:
            replay = None if message_id is None else self._live(self._replies.get((key, message_id)))
            yield Claim(
                lease,
                None if replay is None else list(json.loads(replay)),
                await self.load(key),
                decode_effects(list(self._effects.get(key, {}).values())),
            )
        finally:
            renewing.cancel()
            self._turn_of.pop(lease.token, None)
            turn.release()

    async def _keep(self, turn: Turn) -> None:
        """Renew the lease while the holder works, up to the work limit (as the Redis store does)."""
        give_up = time.monotonic() + self.timings.work_limit
        while turn.held:
            await asyncio.sleep(self.timings.lease / 3)
            if not turn.held or time.monotonic() >= give_up:
                return
            turn.hold_for(self.timings.lease)

    def _holding(self, lease: Lease) -> Turn:
        turn = self._turn_of.get(lease.token)
        if turn is None or not turn.held:
            raise LeaseLost("the conversation lock is no longer held")
        return turn

    async def load(self, key: ConversationKey) -> Snapshot:
        value = self._live(self._states.get(key))
        return Snapshot(decode_conversation(value), key in self._opted_out)

    async def commit(self, lease: Lease, change: Change) -> None:
        turn = self._holding(lease)
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
            if log is None or log.expires <= now:  # retention runs from the first entry
                log = self._transcripts[key] = _Transcript(expires=now + self.timings.retention)
            self._append(log, change.transcript)
        if change.opted_out is True:
            self._opted_out.add(key)
        elif change.opted_out is False:
            self._opted_out.discard(key)
        if change.effects:
            self._effects.setdefault(key, {}).update((e.id, e.model_dump_json()) for e in change.effects)
        else:  # the lease ends with the commit, as on Redis
            lease.released = True
            self._turn_of.pop(lease.token, None)
            turn.release()
        self._sweep(now)

    def _append(self, log: _Transcript, entries: Sequence[TranscriptEntry]) -> None:
        """Keep at most `transcript_entries - 1` entries, then one "dropped" entry that counts the rest."""
        cap = self.timings.transcript_entries
        if len(log.entries) + len(entries) < cap:
            log.entries.extend(e.model_dump_json() for e in entries)
            return
        last = TranscriptEntry.model_validate_json(log.entries[-1]) if log.entries else None
        if last is not None and last.kind == "dropped":
            log.entries[-1] = last.model_copy(
                update={"dropped": last.dropped + len(entries)}
            ).model_dump_json()
            return
        room = max(0, cap - 1 - len(log.entries))
        log.entries.extend(e.model_dump_json() for e in entries[:room])
        marker = TranscriptEntry(
            at=entries[0].at, direction="in", kind="dropped", text="", dropped=len(entries) - room
        )
        log.entries.append(marker.model_dump_json())

    async def expect_effects(self, key: ConversationKey, at: float) -> None:
        self._pending.setdefault(key, at)

    async def settled(self, lease: Lease, effect_ids: Sequence[str]) -> None:
        effects = self._effects.get(lease.key, {})
        for effect_id in effect_ids:
            effects.pop(effect_id, None)
        if not effects:
            self._effects.pop(lease.key, None)
            self._pending.pop(lease.key, None)

    async def pending(self, before: float, limit: int = 100) -> list[ConversationKey]:
        marked = sorted((at, str(key), key) for key, at in self._pending.items() if at <= before)
        return [key for _, _, key in marked[:limit]]

    async def erase(self, key: ConversationKey, *, opt_out: bool) -> int:
        async with self.claim(key, None):
            replies = [k for k in self._replies if k[0] == key]
            for reply in replies:
                del self._replies[reply]
            removed = len(replies)
            for held in (self._states, self._transcripts, self._effects, self._deliveries):
                removed += held.pop(key, None) is not None
            for sid in [sid for sid, (k, _) in self._sids.items() if k == key]:
                del self._sids[sid]
            self._pending.pop(key, None)
            if opt_out and key in self._opted_out:
                self._opted_out.discard(key)
                removed += 1
            return removed

    async def record_erasure(self, record: dict[str, Any]) -> None:
        self._erasures.append(json.dumps(record))

    async def erasures(self, limit: int = 100) -> list[dict[str, Any]]:
        return [json.loads(item) for item in self._erasures[-limit:]]

    async def record_delivery(
        self, key: ConversationKey, message_id: str, status: str, sid: str | None = None
    ) -> bool:
        if sid:
            self._sids[sid] = (key, message_id)
        statuses = self._deliveries.setdefault(key, {})
        old = statuses.get(message_id)
        if old is not None and DELIVERY_ORDER.get(status, -1) <= DELIVERY_ORDER.get(old, -1):
            return False
        statuses[message_id] = status
        return True

    async def deliveries(self, key: ConversationKey) -> dict[str, str]:
        return dict(self._deliveries.get(key, {}))

    async def sent_message(self, sid: str) -> tuple[ConversationKey, str] | None:
        return self._sids.get(sid)

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

    async def put(self, entry: QueueEntry) -> None:
        self._entries[entry.key] = entry

    async def remove(self, key: ConversationKey) -> bool:
        return self._entries.pop(key, None) is not None

    async def position(self, key: ConversationKey) -> int | None:
        if key not in self._entries:
            return None
        ordered = sorted(self._entries.values(), key=lambda e: (e.priority, e.since))
        return next(i for i, e in enumerate(ordered, 1) if e.key == key)

    async def entries(self, limit: int = 100) -> list[QueueEntry]:
        return sorted(self._entries.values(), key=lambda e: (e.priority, e.since))[:limit]

    async def find(self, conversation_id: str) -> ConversationKey | None:
        if not conversation_id:
            return None
        return next((e.key for e in self._entries.values() if e.id == conversation_id), None)


class MemoryAccountStore(AccountStore):
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._users: dict[str, str] = {}
        self._tokens: dict[str, str] = {}
        self._sessions: dict[str, tuple[str, float]] = {}  # digest -> (record, expires at)
        self._failures: dict[str, tuple[int, float]] = {}  # subject -> (count, forgotten at)
        self._seen: dict[str, float] = {}
        self._holds: dict[str, tuple[str, float]] = {}  # name -> (token, until)

    async def create(self, name: str, record: str) -> bool:
        if name in self._users:
            return False
        self._users[name] = record
        return True

    async def get(self, name: str) -> str | None:
        return self._users.get(name)

    async def replace(self, name: str, record: str) -> None:
        self._users[name] = record

    async def names(self) -> list[str]:
        return sorted(self._users)

    async def add_token(self, digest: str, name: str) -> None:
        self._tokens[digest] = name

    async def token_owner(self, digest: str) -> str | None:
        return self._tokens.get(digest)

    async def add_session(self, digest: str, record: str, ttl: float) -> None:
        now = self.clock()
        for old in [d for d, (_, until) in self._sessions.items() if until <= now]:
            del self._sessions[old]
        self._sessions[digest] = (record, now + ttl)

    async def session(self, digest: str) -> str | None:
        found = self._sessions.get(digest)
        return found[0] if found is not None and found[1] > self.clock() else None

    async def drop_session(self, digest: str) -> None:
        self._sessions.pop(digest, None)

    async def count_failure(self, subject: str, window: float) -> int:
        now = self.clock()
        count, until = self._failures.get(subject, (0, 0.0))
        if until <= now:
            count, until = 0, now + window
        self._failures[subject] = (count + 1, until)
        return count + 1

    async def failures(self, subject: str) -> tuple[int, float]:
        count, until = self._failures.get(subject, (0, 0.0))
        left = until - self.clock()
        return (count, left) if left > 0 else (0, 0.0)

    async def clear_failures(self, subject: str) -> None:
        self._failures.pop(subject, None)

    async def hold(self, name: str, token: str, ttl: float) -> bool:
        now = self.clock()
        held = self._holds.get(name)
        if held is not None and held[1] > now:
            return False
        self._holds[name] = (token, now + ttl)
        return True

    async def release(self, name: str, token: str) -> None:
        held = self._holds.get(name)
        if held is not None and held[0] == token:
            del self._holds[name]

    async def seen(self, name: str, at: float) -> None:
        self._seen[name] = max(at, self._seen.get(name, at))

    async def last_seen(self) -> dict[str, float]:
        return dict(self._seen)


class MemoryAuditLog(AuditLog):
    def __init__(self, kept: int = 100_000) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=kept)

    async def record(self, entry: dict[str, Any]) -> None:
        self._entries.append(dict(entry))

    async def entries(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self._entries)[-limit:]
