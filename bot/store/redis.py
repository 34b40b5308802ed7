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
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from redis import exceptions as redis_errors
from redis.asyncio import Redis
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


def connect(url: str) -> Redis:
    """A client that fails fast: the webhook must fall back to the safety reply within seconds."""
    return Redis.from_url(
        url,
        socket_connect_timeout=1.0,
        socket_timeout=2.0,
        retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), retries=2),
        health_check_interval=30,
        decode_responses=False,
    )


_CONNECTION_ERRORS = (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError)


def _unavailable(func: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    """Translate Redis connection failures into StoreUnavailable at the edge of the store."""

    @wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await func(*args, **kwargs)
        except _CONNECTION_ERRORS as exc:
            raise StoreUnavailable(f"redis: {type(exc).__name__}") from exc

    return wrapper


def _key(key: ConversationKey, part: str) -> str:
    return f"fs:{key.hash_tag}:{part}"


class RedisConversationStore(ConversationStore):
    def __init__(self, redis: Redis, timings: StoreTimings) -> None:
        super().__init__(timings)
        self.redis = redis
        self._claim = redis.register_script(_CLAIM)
        self._release = redis.register_script(_RELEASE)
        self._commit = redis.register_script(_COMMIT)

    @classmethod
    def from_url(cls, url: str, timings: StoreTimings) -> RedisConversationStore:
        return cls(connect(url), timings)

    @asynccontextmanager
    async def claim(self, key: ConversationKey, message_id: str) -> AsyncIterator[Claim]:
        lease = Lease(key, uuid.uuid4().hex)
        keys = [_key(key, "lock"), _key(key, f"msg:{message_id}"), _key(key, "state"), _key(key, "optout")]
        args: list[str | int] = [lease.token, _ms(self.timings.lease)]
        deadline = time.monotonic() + self.timings.lock_wait
        pause = 0.002
        try:
            while True:
                found = await self._claim(keys=keys, args=args)
                if found[0] == 1:
                    break
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"conversation lock busy for {self.timings.lock_wait}s")
                # Another message of this conversation is being handled: that takes a few
                # milliseconds, so poll briefly, backing off to at most 20 ms.
                await asyncio.sleep(pause)
                pause = min(pause * 2, 0.02)
        except _CONNECTION_ERRORS as exc:
            raise StoreUnavailable(f"redis: {type(exc).__name__}") from exc
        _, replay, state, opted_out = found
        claim = Claim(
            lease,
            list(json.loads(replay)) if replay else None,
            Snapshot(decode_conversation(state or None), bool(opted_out)),
        )
        try:
            yield claim
        finally:
            # A commit has released the lock already; otherwise (a duplicate, an error) release it
            # now. If even that fails, the lease expires by itself.
            if not lease.released:
                with contextlib.suppress(*_CONNECTION_ERRORS):
                    await self._release(keys=[keys[0]], args=[lease.token])

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

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
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
