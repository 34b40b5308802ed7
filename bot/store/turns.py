"""Turns: one message per conversation at a time within this process, in arrival order.

Both stores use these before their lock (Redis) or as their lock (memory). A turn ends like a lock
does: when its holder commits or gives up, or when the lease runs out.
"""

from __future__ import annotations

import asyncio
from collections import deque

from bot.conversation import ConversationKey


class Turn:
    """This message's turn at one conversation within this process; `release` passes it on (once)."""

    def __init__(self, turns: LocalTurns, key: ConversationKey, granted: asyncio.Future[None]) -> None:
        self._turns, self._key, self._granted = turns, key, granted
        self._expiry: asyncio.TimerHandle | None = None

    def hold_for(self, seconds: float) -> None:
        """End this turn `seconds` from now unless it ends sooner (or is held for longer again)."""
        if self._expiry is not None:
            self._expiry.cancel()
        self._expiry = asyncio.get_running_loop().call_later(seconds, self.release)

    @property
    def held(self) -> bool:
        """Whether this turn is the conversation's current one (not ended, not expired)."""
        return self._turns.holds(self._key, self._granted)

    def release(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        self._turns.release(self._key, self._granted)


class LocalTurns:
    """One message per conversation at a time within this process, in arrival order.

    The Redis lock serialises messages across processes; without this, every message of a flood from one
    number would poll Redis for that lock, using connections that other people's messages need. A turn
    ends like the Redis lock does: when its holder commits or gives up, or when the lease runs out (so a
    stuck holder delays the next message no longer than it would across processes).
    """

    def __init__(self) -> None:
        self._waiting: dict[ConversationKey, deque[asyncio.Future[None]]] = {}

    async def take(self, key: ConversationKey, wait: float, hold: float) -> Turn:
        queue = self._waiting.setdefault(key, deque())
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(granted)
        if len(queue) == 1:
            granted.set_result(None)
        turn = Turn(self, key, granted)
        try:
            async with asyncio.timeout(wait):
                await asyncio.shield(granted)
        except BaseException:
            turn.release()  # no longer waiting; if the turn came meanwhile, it passes on
            raise
        turn.hold_for(hold)
        return turn

    def holds(self, key: ConversationKey, granted: asyncio.Future[None]) -> bool:
        queue = self._waiting.get(key)
        return queue is not None and len(queue) > 0 and queue[0] is granted and granted.done()

    def release(self, key: ConversationKey, granted: asyncio.Future[None]) -> None:
        queue = self._waiting.get(key)
        if queue is None or granted not in queue:
            return  # released already
        holder = queue[0] is granted
        queue.remove(granted)
        if not queue:
            del self._waiting[key]
        elif holder:
            queue[0].set_result(None)
