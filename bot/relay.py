"""The relay: moves each committed side effect (`bot.store.Effect`) to where it belongs.

An effect is written in the same atomic commit as the conversation change that caused it, in the
conversation's own slot, and the holder of the conversation lock relays it straight after (`settle`).
If that fails (the queue unreachable, the process killed), the effect stays with the conversation and
the conversation stays marked pending: the next message of the conversation relays it first, and the
sweeper (`sweep`, every few seconds in every process) relays what has waited longer than `grace`.

Every effect is idempotent. A `queue` effect copies the conversation record rather than applying a delta:
it makes the operator queue's entry match the record's escalation, whatever the queue held. A `send`
effect puts a message in the outbox, which keeps one copy per message id however often it is relayed.
The sweeper also checks the queue against the records, and removes entries whose conversation has
expired or is no longer escalated: the record is the truth, the queue only an index of it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from bot.conversation import Conversation, ConversationKey
from bot.logs import conversation_ref
from bot.outbox import OutboundMessage, Outbox
from bot.store import ConversationStore, Effect, Lease, LockTimeout, OperatorQueue, QueueEntry, StoreError

log = logging.getLogger(__name__)


def queue_entry(key: ConversationKey, conversation: Conversation | None) -> QueueEntry | None:
    """The queue entry a conversation record calls for, or None when it should not be queued."""
    if conversation is None or conversation.escalation_priority is None:
        return None
    return QueueEntry(
        key,
        conversation.escalation_priority,
        conversation.escalated_at if conversation.escalated_at is not None else conversation.updated_at,
        conversation.escalation_reason or "",
        id=conversation.id,
        holder=conversation.holder,
        summary=conversation.summary,
    )


def _same(wanted: QueueEntry | None, found: QueueEntry) -> bool:
    # `since` may come back from the store rounded (Redis keeps 14 significant digits).
    return (
        wanted is not None
        and wanted.priority == found.priority
        and abs(wanted.since - found.since) < 0.01
        and (wanted.id, wanted.holder) == (found.id, found.holder)
    )


class Relay:
    def __init__(
        self,
        store: ConversationStore,
        queue: OperatorQueue,
        outbox: Outbox | None = None,
        clock: Callable[[], float] = time.time,
        grace: float = 5.0,
    ) -> None:
        self.store = store
        self.queue = queue
        self.outbox = outbox  # None: a step that sends fails, and its effects wait (tests only)
        self.clock = clock
        self.grace = grace  # seconds a pending mark is left to its own holder before the sweeper acts

    async def settle(
        self, lease: Lease, conversation: Conversation | None, effects: Sequence[Effect]
    ) -> bool:
        """Relay `effects` of the conversation whose lock `lease` holds (`conversation` is its committed
        record). True when all were relayed; on failure they stay pending for a later try."""
        try:
            for effect in effects:
                await self._apply(lease.key, conversation, effect)
            await self.store.settled(lease, [e.id for e in effects])
        except StoreError as exc:
            log.warning(
                "side effects left pending",
                extra={"conversation": conversation_ref(lease.key), "error": type(exc).__name__},
            )
            return False
        return True

    async def _apply(self, key: ConversationKey, conversation: Conversation | None, effect: Effect) -> None:
        if effect.kind == "queue":
            entry = queue_entry(key, conversation)
            if entry is None:
                await self.queue.remove(key)
            else:
                await self.queue.put(entry)
        elif effect.kind == "send":
            if self.outbox is None:
                raise StoreError("no outbox to send through")
            message = OutboundMessage.model_validate(effect.message)
            if await self.outbox.add(message):
                await self.store.record_delivery(key, message.id, "queued")

    async def sweep(self) -> int:
        """Relay what has been pending longer than `grace`, and drop queue entries that no record calls
        for. Returns how many conversations were put right. Raises StoreError when the store is down."""
        fixed = 0
        for key in await self.store.pending(self.clock() - self.grace):
            fixed += await self._settle(key, check_queue=False)
        for entry in await self.queue.entries(limit=1000):
            snapshot = await self.store.load(entry.key)
            if not _same(queue_entry(entry.key, snapshot.conversation), entry):
                # Check again under the lock (a message may be changing it) and copy the record.
                fixed += await self._settle(entry.key, check_queue=True)
        return fixed

    async def correct(self, key: ConversationKey) -> None:
        """Make the queue entry of `key` match its record now (under its lock), e.g. for a stale entry
        found while listing the queue. Raises StoreError (LockTimeout when busy: its holder relays)."""
        async with self.store.claim(key, None) as claim:
            effects = [*claim.effects, Effect(kind="queue")]
            await self.settle(claim.lease, claim.snapshot.conversation, effects)

    async def _settle(self, key: ConversationKey, *, check_queue: bool) -> int:
        try:
            async with self.store.claim(key, None) as claim:
                effects = [*claim.effects, Effect(kind="queue")] if check_queue else claim.effects
                settled = await self.settle(claim.lease, claim.snapshot.conversation, effects)
        except LockTimeout:
            return 0  # busy with a message, whose own relay runs next; the next sweep looks again
        if settled and effects:
            log.info("side effects relayed by the sweeper", extra={"conversation": conversation_ref(key)})
            return 1
        return 0
