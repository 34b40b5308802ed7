"""The storage interfaces the engine relies on.

The engine's write path for one message is:

    async with claim(key, id) as claim:   -> one message per conversation at a time, across
                                             processes; once the lock is held, the stored reply
                                             for `id` (if it was handled already) and the state
        commit(claim.lease, change)       -> state + transcript + reply for dedupe, all or nothing,
                                             only if the lease is still ours; releases the lock

so a crash at any point leaves either the old conversation or the new one, never half of each. On
Redis the claim and the commit are one round trip each (Lua scripts): the per-message cost is two
round trips, whatever the outcome.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from pydantic import ValidationError

from bot.conversation import Conversation, ConversationKey, Status, TranscriptEntry

log = logging.getLogger(__name__)


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
    retention: float = 30 * 86400.0  # seconds a transcript lives after its last entry
    dedupe: float = 7 * 86400.0  # seconds a handled message id (and its reply) is remembered
    # Seconds a conversation lock lives unless its holder renews it. The holder renews it while it works
    # (every third of the lease), so a crashed process frees its conversations within this time.
    lease: float = 2.0
    lock_wait: float = 8.0  # seconds to wait for a conversation lock
    work_limit: float = 60.0  # seconds a holder may keep renewing; a stuck one then loses the lock


@dataclass(slots=True)
class Lease:
    key: ConversationKey
    token: str
    released: bool = field(default=False, compare=False)  # set by a successful commit


@dataclass(frozen=True, slots=True)
class Snapshot:
    conversation: Conversation | None  # None: new, expired or ended
    opted_out: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    """A held conversation lock and what was read under it."""

    lease: Lease
    replay: list[str] | None  # the replies already sent for this message id, if it was handled
    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class Change:
    """Everything one handled message changes, committed atomically."""

    message_id: str
    replies: Sequence[str]
    conversation: Conversation | None  # None: delete the conversation state
    transcript: Sequence[TranscriptEntry] = ()
    opted_out: bool | None = None  # None: leave as it is


@dataclass(frozen=True, slots=True)
class QueueEntry:
    key: ConversationKey
    priority: int
    since: float
    reason: str = field(default="", compare=False)


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
        """Seconds the state lives: longer while a member of staff is awaited or holds it, so a
        person who waits quietly in the queue is not forgotten after the bot's inactivity time-out."""
        return self.timings.inactivity if conversation.status is Status.BOT else self.timings.handoff

    @abstractmethod
    def claim(self, key: ConversationKey, message_id: str) -> AbstractAsyncContextManager[Claim]:
        """Hold the conversation's lock, then read the stored reply for `message_id` and the state.

        Raises LockTimeout after `timings.lock_wait`. The lock is released by `commit` or on exit.
        """

    @abstractmethod
    async def load(self, key: ConversationKey) -> Snapshot:
        """The state as it is now, without the lock (for reading, never for a change)."""

    @abstractmethod
    async def commit(self, lease: Lease, change: Change) -> None:
        """Apply `change` and release the lock if `lease` is still held; else raise LeaseLost and
        write nothing."""

    @abstractmethod
    async def transcript(self, key: ConversationKey) -> list[TranscriptEntry]: ...

    @abstractmethod
    async def ping(self) -> None:
        """Raise StoreUnavailable unless the backend answers."""

    async def close(self) -> None:  # noqa: B027 - optional for backends that hold nothing
        """Release connections."""


class OperatorQueue(ABC):
    """Escalated conversations, ordered by (priority, waiting since). Operators claim from it in a
    later release; for now the engine adds, re-prioritises and removes."""

    @abstractmethod
    async def add(self, entry: QueueEntry) -> None:
        """Add, or move to `entry.priority` if that is more urgent than where it stands (keeps `since`)."""

    @abstractmethod
    async def remove(self, key: ConversationKey) -> bool: ...

    @abstractmethod
    async def position(self, key: ConversationKey) -> int | None:
        """1 for the next to be picked up; None when not queued."""

    @abstractmethod
    async def entries(self, limit: int = 100) -> list[QueueEntry]: ...
