"""The storage interfaces the engine relies on.

The engine's write path for one message is:

    async with claim(key, id) as claim:   -> one message per conversation at a time, across
                                             processes; once the lock is held, the stored reply
                                             for `id` (if it was handled already), the state and
                                             any side effects still waiting to be relayed
        commit(claim.lease, change)       -> state + transcript + reply for dedupe + side effects,
                                             all or nothing, only if the lease is still ours;
                                             releases the lock unless there are effects to relay
        settled(claim.lease, ids)         -> (only with effects) once the relay has moved them

so a crash at any point leaves either the old conversation or the new one, never half of each. On
Redis the claim and the commit are one round trip each (Lua scripts): the per-message cost is two
round trips, whatever the outcome; a message with side effects (an escalation, a queue exit) costs
three more (the pending mark, the relay's write, `settled`).

Side effects (`Effect`) follow the pattern of docs/architecture.md: whatever a step changes outside the
conversation's own keys is written with the commit, in the conversation's slot, and an idempotent relay
(`bot.relay`) moves it to its destination afterwards. A conversation with effects in flight is marked
pending first (`expect_effects`), so a sweeper finds them again if the process dies before relaying.
"""

from __future__ import annotations

import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.conversation import Conversation, ConversationKey, Status, TranscriptEntry

log = logging.getLogger(__name__)


# Delivery statuses, by how far a message got: a status is recorded only over a lower one.
DELIVERY_ORDER: dict[str, int] = {
    "queued": 0,
    "accepted": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "read": 5,
}


class StoreError(Exception):
    pass


class StoreUnavailable(StoreError):
    pass


class LockTimeout(StoreError):
    pass


class LeaseLost(StoreError):
    pass


@dataclass(frozen=True, slots=True)
class StoreTimings:
    inactivity: float = 1800.0  # seconds a conversation's state lives after its last message
    handoff: float = 4 * 3600.0  # the same while the person waits for, or talks to, a member of staff
    retention: float = 30 * 86400.0  # seconds a transcript lives after its first entry
    dedupe: float = 7 * 86400.0  # seconds a handled message id (and its reply) is remembered
    # Seconds a conversation lock lives unless its holder renews it. The holder renews it while it works
    # (every third of the lease), so a crashed process frees its conversations within this time.
    lease: float = 2.0
    lock_wait: float = 8.0  # seconds to wait for a conversation lock
    work_limit: float = 60.0  # seconds a holder may keep renewing; a stuck one then loses the lock
    # Entries a transcript keeps: the last of them is then a "dropped" entry counting what was not kept.
    transcript_entries: int = 1000


@dataclass(slots=True)
class Lease:
    key: ConversationKey
    token: str
    released: bool = field(default=False, compare=False)  # set by a successful commit


@dataclass(frozen=True, slots=True)
class Snapshot:
    conversation: Conversation | None  # None: new, expired or ended
    opted_out: bool = False


class Effect(BaseModel):
    """Something one step changes outside the conversation's own record, relayed after the commit.

    `queue`: make the operator queue's entry for this conversation match the conversation record (add,
    move or remove it). Relaying it twice, or late, is harmless: it copies the truth, it is not a delta.
    `send`: put `message` in the outbox; the outbox keeps one copy per message id, so twice is once.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    kind: Literal["queue", "send"]
    message: dict[str, Any] | None = None  # "send": the `bot.outbox.OutboundMessage` to put in the outbox


@dataclass(frozen=True, slots=True)
class Claim:
    """A held conversation lock and what was read under it."""

    lease: Lease
    replay: list[str] | None  # the replies already sent for this message id, if it was handled
    snapshot: Snapshot
    effects: list[Effect] = field(default_factory=list)  # committed earlier, not yet relayed


@dataclass(frozen=True, slots=True)
class Change:
    """Everything one handled message changes, committed atomically."""

    message_id: str
    replies: Sequence[str]
    conversation: Conversation | None  # None: delete the conversation state
    transcript: Sequence[TranscriptEntry] = ()
    opted_out: bool | None = None  # None: leave as it is
    effects: Sequence[Effect] = ()  # written with the change; the lock stays held for the relay


@dataclass(frozen=True, slots=True)
class QueueEntry:
    key: ConversationKey
    priority: int
    since: float
    reason: str = field(default="", compare=False)
    id: str = field(default="", compare=False)  # the conversation's opaque id (`Conversation.id`)
    holder: str | None = field(default=None, compare=False)  # the member of staff holding it
    summary: str = field(default="", compare=False)


def decode_effects(raw: Sequence[str | bytes]) -> list[Effect]:
    """Stored effects; an unreadable one is dropped (and logged) rather than blocking the rest."""
    effects = []
    for item in raw:
        try:
            effects.append(Effect.model_validate_json(item))
        except ValidationError:
            log.warning("unreadable side effect dropped")
    return effects


def decode_conversation(raw: str | bytes | None) -> Conversation | None:
    """Stored state, or None when absent or unreadable.

    Unreadable state (a bad write by an older release, a hand edit) must not lock a person out
    behind safety replies until it expires: it is logged and the conversation starts afresh.
    """
    if raw is None:
        return None
    try:
        return Conversation.model_validate_json(raw)
    except ValidationError as exc:
        log.warning("unreadable conversation state ignored", extra={"errors": exc.error_count()})
        return None


class ConversationStore(ABC):
    def __init__(self, timings: StoreTimings) -> None:
        self.timings = timings

    def state_ttl(self, conversation: Conversation) -> float:
        """Seconds the state lives: longer while a member of staff is awaited or holds it, or the
        conversation is flagged for staff (an emergency), so a person who waits quietly in the queue is
        not forgotten after the bot's inactivity time-out."""
        if conversation.status is Status.BOT and conversation.escalation_priority is None:
            return self.timings.inactivity
        return self.timings.handoff

    @abstractmethod
    def claim(self, key: ConversationKey, message_id: str | None) -> AbstractAsyncContextManager[Claim]:
        """Hold the conversation's lock, then read the stored reply for `message_id` (none when it is
        None), the state and the effects not yet relayed.

        Raises LockTimeout after `timings.lock_wait`. The lock is released by `commit` (when it has no
        effects) or on exit.
        """

    @abstractmethod
    async def load(self, key: ConversationKey) -> Snapshot:
        """The state as it is now, without the lock (for reading, never for a change)."""

    @abstractmethod
    async def commit(self, lease: Lease, change: Change) -> None:
        """Apply `change` if `lease` is still held, else raise LeaseLost and write nothing.

        Releases the lock, unless `change.effects` is not empty: then the holder relays them and
        calls `settled` before the claim ends."""

    @abstractmethod
    async def expect_effects(self, key: ConversationKey, at: float) -> None:
        """Mark the conversation as having effects to relay (before committing them), so `pending`
        finds it even if this process dies before its relay. Keeps an earlier mark's time."""

    @abstractmethod
    async def settled(self, lease: Lease, effect_ids: Sequence[str]) -> None:
        """Forget effects that have been relayed, and the pending mark when none is left."""

    @abstractmethod
    async def pending(self, before: float, limit: int = 100) -> list[ConversationKey]:
        """Conversations marked pending before `before` (oldest first)."""

    @abstractmethod
    async def transcript(self, key: ConversationKey) -> list[TranscriptEntry]: ...

    @abstractmethod
    async def record_delivery(
        self, key: ConversationKey, message_id: str, status: str, sid: str | None = None
    ) -> bool:
        """Record an outbound message's delivery status, only forward (`DELIVERY_ORDER`): a late `sent`
        never overwrites `delivered`. With `sid` (Twilio's id, once it accepted the message) remember
        which message it is, for status callbacks. True when the status changed."""

    @abstractmethod
    async def deliveries(self, key: ConversationKey) -> dict[str, str]:
        """Outbound message id -> its latest delivery status."""

    @abstractmethod
    async def sent_message(self, sid: str) -> tuple[ConversationKey, str] | None:
        """The conversation and outbound message id Twilio's `sid` stands for, or None."""

    @abstractmethod
    async def erase(self, key: ConversationKey, *, opt_out: bool) -> int:
        """Delete everything held for the conversation (under its lock): state, transcript, stored
        replies, effects, and the opt-out record only when `opt_out`. Returns how many records went."""

    @abstractmethod
    async def record_erasure(self, record: dict[str, Any]) -> None:
        """Keep a note that an erasure happened (the caller leaves the number out of it)."""

    @abstractmethod
    async def erasures(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest erasure notes, oldest first."""

    @abstractmethod
    async def ping(self) -> None:
        """Raise StoreUnavailable unless the backend answers."""

    async def close(self) -> None:  # noqa: B027 - optional for backends that hold nothing
        """Release connections."""


class OperatorQueue(ABC):
    """Escalated conversations, ordered by (priority, waiting since): an index of the conversation
    records, written only by the relay (`bot.relay`), which copies each record's escalation into it."""

    @abstractmethod
    async def put(self, entry: QueueEntry) -> None:
        """Set the conversation's entry to `entry` (add it, or move it)."""

    @abstractmethod
    async def remove(self, key: ConversationKey) -> bool: ...

    @abstractmethod
    async def position(self, key: ConversationKey) -> int | None:
        """1 for the next to be picked up; None when not queued."""

    @abstractmethod
    async def entries(self, limit: int = 100) -> list[QueueEntry]: ...

    @abstractmethod
    async def find(self, conversation_id: str) -> ConversationKey | None:
        """The queued conversation with this opaque id, or None."""


class AccountStore(ABC):
    """Operator and admin accounts (`bot.accounts` holds the rules; this only keeps them).

    Users are kept as JSON by name; API tokens only as the SHA-256 of the token, mapped to the name."""

    @abstractmethod
    async def create(self, name: str, record: str) -> bool:
        """Add a user; False (and nothing written) when the name is taken."""

    @abstractmethod
    async def get(self, name: str) -> str | None: ...

    @abstractmethod
    async def replace(self, name: str, record: str) -> None: ...

    @abstractmethod
    async def names(self) -> list[str]: ...

    @abstractmethod
    async def add_token(self, digest: str, name: str) -> None: ...

    @abstractmethod
    async def token_owner(self, digest: str) -> str | None: ...

    @abstractmethod
    async def add_session(self, digest: str, record: str, ttl: float) -> None:
        """Keep a console session (by the SHA-256 of its cookie) for `ttl` seconds."""

    @abstractmethod
    async def session(self, digest: str) -> str | None: ...

    @abstractmethod
    async def drop_session(self, digest: str) -> None: ...

    @abstractmethod
    async def count_failure(self, subject: str, window: float) -> int:
        """Count one failed sign-in for `subject` (a name or a client address); the count is forgotten
        `window` seconds after the first failure it holds. Returns the count."""

    @abstractmethod
    async def failures(self, subject: str) -> tuple[int, float]:
        """(failed sign-ins counted for `subject`, seconds until they are forgotten)."""

    @abstractmethod
    async def clear_failures(self, subject: str) -> None: ...

    @abstractmethod
    async def hold(self, name: str, token: str, ttl: float) -> bool:
        """Take the short per-user lock `name` for `ttl` seconds unless someone holds it (True: taken)."""

    @abstractmethod
    async def release(self, name: str, token: str) -> None:
        """Give up the per-user lock `name`, if `token` still holds it."""

    @abstractmethod
    async def seen(self, name: str, at: float) -> None:
        """Record that `name`'s console was alive at `at` (its heartbeat)."""

    @abstractmethod
    async def last_seen(self) -> dict[str, float]:
        """When each user's console was last alive."""


class AuditLog(ABC):
    """Who did what and when, for staff actions (sign-in, view, claim, send, transfer, close, ...).

    Entries are JSON objects with at least `at`, `actor` and `action`; they name a conversation by its
    opaque id, never by the person's number, and never hold message text."""

    @abstractmethod
    async def record(self, entry: dict[str, Any]) -> None: ...

    @abstractmethod
    async def entries(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest entries, oldest first."""
