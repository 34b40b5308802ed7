"""Redis stores: the only module that imports `redis`.

Every key of a conversation carries its hash tag (`fs:{sms:+447700900123}:state`), so they share one
Redis Cluster slot and the commit script below can touch them all atomically. The queue's two keys
share the `{queue}` tag for the same reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from redis import exceptions as redis_errors
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff

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
    StoreUnavailable,
    decode_conversation,
)
from bot.store.breaker import CircuitBreaker

P = ParamSpec("P")
T = TypeVar("T")

# Take the conversation lock and, only if taken, read what the engine needs under it.
# KEYS: lock, reply, state, optout.  ARGV: token, lease ms.
# Returns {0} when the lock is busy, else {1, replies json or '', state json or '', optout 0/1}.
_CLAIM = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
return {1, redis.call('GET', KEYS[2]) or '', redis.call('GET', KEYS[3]) or '', redis.call('EXISTS', KEYS[4])}
"""

# Release the lock only if it is still ours.  KEYS: lock.  ARGV: token.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# Extend the lock only if it is still ours.  KEYS: lock.  ARGV: token, lease ms.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

# Apply one message's change and release the lock, only while the lease is still ours.
# KEYS: lock, state, transcript, reply, optout
# ARGV: token, state json ("" deletes), state ttl ms, replies json, reply ttl ms, transcript ttl ms,
#       optout ("1" set, "0" clear, "" keep), transcript entries...
_COMMIT = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[5])
if #ARGV > 7 then
  redis.call('RPUSH', KEYS[3], unpack(ARGV, 8))
  redis.call('PEXPIRE', KEYS[3], ARGV[6])
end
if ARGV[7] == '1' then
  redis.call('SET', KEYS[5], '1')
elseif ARGV[7] == '0' then
  redis.call('DEL', KEYS[5])
end
redis.call('DEL', KEYS[1])
return 1
"""

# KEYS: order (zset), entries (hash). ARGV: member, priority, since (seconds), reason
_QUEUE_ADD = """
local since = tonumber(ARGV[3])
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current then
  local entry = cjson.decode(current)
  if tonumber(ARGV[2]) >= entry.priority then return 0 end
  since = entry.since
end
local score = tonumber(ARGV[2]) * 1e13 + math.floor(since * 1000)
redis.call('ZADD', KEYS[1], string.format('%.0f', score), ARGV[1])
local entry = {priority = tonumber(ARGV[2]), since = since, reason = ARGV[4]}
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(entry))
return 1
"""


def connect(url: str, max_connections: int = 64, pool_wait: float = 10.0, timeout: float = 0.5) -> Redis:
    """A client that fails fast when Redis is down or hung, and waits when it is only busy.

    Every command must be answered within `timeout` seconds (connecting too): Redis
    answers in well under a millisecond, so a silent Redis is known for what it is within about a second,
    and the circuit breaker (`bot.store.breaker`) then spares the requests that follow the wait.

    A burst of webhooks needs more connections than the pool holds: a request then waits up to
    `pool_wait` seconds for a free one (redis-py's default pool would raise, which is no sign that Redis
    is down). The webhook's own reply time-out still answers the person meanwhile, and the work finishes.
    """
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=pool_wait,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        # One quick retry when a connection broke (Redis restarted); none when Redis was silent, where
        # a retry would only double the wait before the safety reply.
        retry=Retry(
            ExponentialBackoff(cap=0.05, base=0.01),
            retries=1,
            supported_errors=(redis_errors.ConnectionError,),
        ),
        health_check_interval=30,
        decode_responses=False,
    )
    return Redis.from_pool(pool)


_CONNECTION_ERRORS = (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError)


class _Guarded(Protocol):
    breaker: CircuitBreaker


G = TypeVar("G", bound=_Guarded)


def _unavailable(
    func: Callable[Concatenate[G, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[G, P], Coroutine[Any, Any, T]]:
    """At the edge of the store: fail at once while the breaker is open, and translate Redis connection
    failures into StoreUnavailable (opening the breaker)."""

    @wraps(func)
    async def wrapper(self: G, *args: P.args, **kwargs: P.kwargs) -> T:
        self.breaker.check()
        try:
            result = await func(self, *args, **kwargs)
        except _CONNECTION_ERRORS as exc:
            self.breaker.failed()
            raise StoreUnavailable(f"redis: {type(exc).__name__}") from exc
        self.breaker.succeeded()
        return result

    return wrapper  # type: ignore[return-value]  # functools.wraps hides the parameter spec


def _key(key: ConversationKey, part: str) -> str:
    return f"fs:{key.hash_tag}:{part}"


class _Turn:
    """This message's turn at one conversation within this process; `release` passes it on (once)."""

    def __init__(self, turns: _LocalTurns, key: ConversationKey, granted: asyncio.Future[None]) -> None:
        self._turns, self._key, self._granted = turns, key, granted
        self._expiry: asyncio.TimerHandle | None = None

    def hold_for(self, seconds: float) -> None:
        """End this turn `seconds` from now unless it ends sooner (or is held for longer again)."""
        if self._expiry is not None:
            self._expiry.cancel()
        self._expiry = asyncio.get_running_loop().call_later(seconds, self.release)

    def release(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        self._turns.release(self._key, self._granted)


class _LocalTurns:
    """One message per conversation at a time within this process, in arrival order.

    The Redis lock serialises messages across processes; without this, every message of a flood from one
    number would poll Redis for that lock, using connections that other people's messages need. A turn
    ends like the Redis lock does: when its holder commits or gives up, or when the lease runs out (so a
    stuck holder delays the next message no longer than it would across processes).
    """

    def __init__(self) -> None:
        self._waiting: dict[ConversationKey, deque[asyncio.Future[None]]] = {}

    async def take(self, key: ConversationKey, wait: float, hold: float) -> _Turn:
        queue = self._waiting.setdefault(key, deque())
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(granted)
        if len(queue) == 1:
            granted.set_result(None)
        turn = _Turn(self, key, granted)
        try:
            async with asyncio.timeout(wait):
                await asyncio.shield(granted)
        except BaseException:
            turn.release()  # no longer waiting; if the turn came meanwhile, it passes on
            raise
        turn.hold_for(hold)
        return turn

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


class RedisConversationStore(ConversationStore):
    def __init__(self, redis: Redis, timings: StoreTimings, breaker: CircuitBreaker | None = None) -> None:
        super().__init__(timings)
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self._turns = _LocalTurns()
        self._turn_of: dict[str, _Turn] = {}  # lease token -> its turn in this process
        self._claim = redis.register_script(_CLAIM)
        self._release = redis.register_script(_RELEASE)
        self._commit = redis.register_script(_COMMIT)
        self._renew = redis.register_script(_RENEW)

    @classmethod
    def from_url(cls, url: str, timings: StoreTimings) -> RedisConversationStore:
        return cls(connect(url), timings)

    @asynccontextmanager
    async def claim(self, key: ConversationKey, message_id: str) -> AsyncIterator[Claim]:
        deadline = time.monotonic() + self.timings.lock_wait
        try:
            turn = await self._turns.take(key, self.timings.lock_wait, self.timings.lease)
        except TimeoutError:
            raise LockTimeout(f"conversation busy in this process for {self.timings.lock_wait}s") from None
        try:
            async with self._claim_in_redis(key, message_id, deadline, turn) as claim:
                yield claim
        finally:
            turn.release()

    @asynccontextmanager
    async def _claim_in_redis(
        self, key: ConversationKey, message_id: str, deadline: float, turn: _Turn
    ) -> AsyncIterator[Claim]:
        lease = Lease(key, uuid.uuid4().hex)
        keys = [_key(key, "lock"), _key(key, f"msg:{message_id}"), _key(key, "state"), _key(key, "optout")]
        args: list[str | int] = [lease.token, _ms(self.timings.lease)]
        found = await self._take_lock(keys, args, deadline)
        _, replay, state, opted_out = found
        claim = Claim(
            lease,
            list(json.loads(replay)) if replay else None,
            Snapshot(decode_conversation(state or None), bool(opted_out)),
        )
        self._turn_of[lease.token] = turn
        renewing = asyncio.create_task(self._keep(lease))
        try:
            yield claim
        finally:
            renewing.cancel()
            self._turn_of.pop(lease.token, None)
            # A commit has released the lock already; otherwise (a duplicate, an error) release it
            # now. If even that fails, the lease expires by itself.
            if not lease.released:
                with contextlib.suppress(*_CONNECTION_ERRORS):
                    await self._release(keys=[keys[0]], args=[lease.token])

    @_unavailable
    async def _take_lock(self, keys: list[str], args: list[str | int], deadline: float) -> list[Any]:
        """Run the claim script until the lock is ours (its answer) or `deadline` passes (LockTimeout)."""
        pause = 0.002
        while True:
            found: list[Any] = await self._claim(keys=keys, args=args)
            if found[0] == 1:
                return found
            if time.monotonic() >= deadline:
                raise LockTimeout(f"conversation lock busy for {self.timings.lock_wait}s")
            # Another process is handling a message of this conversation: that takes a few
            # milliseconds, so poll briefly, backing off to at most 20 ms.
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.02)

    async def _keep(self, lease: Lease) -> None:
        """Renew the lock while this holder works (up to `work_limit`), so it never expires under work
        that is merely slow, yet a crashed process's locks lapse within one lease."""
        every = self.timings.lease / 3
        give_up = time.monotonic() + self.timings.work_limit
        keys = [_key(lease.key, "lock")]
        args: list[str | int] = [lease.token, _ms(self.timings.lease)]
        while not lease.released:
            await asyncio.sleep(every)
            if lease.released or time.monotonic() >= give_up:
                return
            try:
                if await self._renew(keys=keys, args=args) != 1:
                    return  # lost (or committed meanwhile): nothing left to keep
            except _CONNECTION_ERRORS:
                continue  # the commit will find out; the lease may still hold
            # A turn in this process lasts as long as its lease does.
            turn = self._turn_of.get(lease.token)
            if turn is not None:
                turn.hold_for(self.timings.lease)

    @_unavailable
    async def load(self, key: ConversationKey) -> Snapshot:
        state, opted_out = await self.redis.mget(_key(key, "state"), _key(key, "optout"))
        return Snapshot(decode_conversation(state), opted_out is not None)

    @_unavailable
    async def commit(self, lease: Lease, change: Change) -> None:
        key = lease.key
        args: list[Any] = [
            lease.token,
            "" if change.conversation is None else change.conversation.model_dump_json(),
            _ms(0 if change.conversation is None else self.state_ttl(change.conversation)),
            json.dumps(list(change.replies)),
            _ms(self.timings.dedupe),
            _ms(self.timings.retention),
            {True: "1", False: "0", None: ""}[change.opted_out],
            *(entry.model_dump_json() for entry in change.transcript),
        ]
        keys = [_key(key, p) for p in ("lock", "state", "transcript", f"msg:{change.message_id}", "optout")]
        if await self._commit(keys=keys, args=args) != 1:
            raise LeaseLost("the conversation lock expired before the commit")
        lease.released = True
        turn = self._turn_of.pop(lease.token, None)
        if turn is not None:  # the next message of this conversation in this process may go
            turn.release()

    @_unavailable
    async def transcript(self, key: ConversationKey) -> list[TranscriptEntry]:
        raw = await self.redis.lrange(_key(key, "transcript"), 0, -1)
        return [TranscriptEntry.model_validate_json(item) for item in raw]

    @_unavailable
    async def ping(self) -> None:
        await self.redis.ping()

    async def close(self) -> None:
        await self.redis.aclose()


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisOperatorQueue(OperatorQueue):
    ORDER = "fs:{queue}:order"
    ENTRIES = "fs:{queue}:entries"

    def __init__(self, redis: Redis, breaker: CircuitBreaker | None = None) -> None:
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self._add = redis.register_script(_QUEUE_ADD)

    @_unavailable
    async def add(self, entry: QueueEntry) -> None:
        await self._add(
            keys=[self.ORDER, self.ENTRIES],
            args=[str(entry.key), entry.priority, repr(entry.since), entry.reason],
        )

    @_unavailable
    async def remove(self, key: ConversationKey) -> bool:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(self.ORDER, str(key))
            pipe.hdel(self.ENTRIES, str(key))
            removed, _ = await pipe.execute()
        return bool(removed)

    @_unavailable
    async def position(self, key: ConversationKey) -> int | None:
        rank: int | None = await self.redis.zrank(self.ORDER, str(key))  # type: ignore[assignment]
        return None if rank is None else rank + 1

    @_unavailable
    async def entries(self, limit: int = 100) -> list[QueueEntry]:
        members: list[bytes] = await self.redis.zrange(self.ORDER, 0, limit - 1)  # type: ignore[assignment]
        if not members:
            return []
        raw = await self.redis.hmget(self.ENTRIES, members)
        found = []
        for member, value in zip(members, raw, strict=True):
            if value is None:
                continue
            data = json.loads(value)
            found.append(
                QueueEntry(
                    ConversationKey.parse(member.decode()),
                    int(data["priority"]),
                    float(data["since"]),
                    str(data.get("reason", "")),
                )
            )
        return found
