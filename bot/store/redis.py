"""Redis stores: the only module that imports `redis`.

Every key of a conversation carries its hash tag (`fs:{sms:+447700900123}:state`), so they share one
Redis Cluster slot and the commit script below can touch them all atomically. The queue's two keys
share the `{queue}` tag for the same reason; the pending-effects index (`fs:{relay}:pending`) is one key.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar
from urllib.parse import unquote

from redis import exceptions as redis_errors
from redis.asyncio import BlockingConnectionPool, ConnectionPool, Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
from redis.backoff import ExponentialBackoff

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
    StoreUnavailable,
    decode_conversation,
    decode_effects,
)
from bot.store.breaker import CircuitBreaker
from bot.store.turns import LocalTurns, Turn

P = ParamSpec("P")
T = TypeVar("T")

# Take the conversation lock and, only if taken, read what the engine needs under it.
# KEYS: lock, reply, state, optout, effects.  ARGV: token, lease ms, "1" to read the reply.
# Returns {0} when the lock is busy, else {1, replies json or '', state json or '', optout 0/1, effects}.
_CLAIM = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local reply = ''
if ARGV[3] == '1' then reply = redis.call('GET', KEYS[2]) or '' end
local state = redis.call('GET', KEYS[3]) or ''
return {1, reply, state, redis.call('EXISTS', KEYS[4]), redis.call('HVALS', KEYS[5])}
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

# Apply one message's change, only while the lease is still ours; release the lock unless there are
# side effects to relay (the holder then keeps it until `settled`).
# KEYS: lock, state, transcript, reply, optout, effects
# ARGV: token, state json ("" deletes), state ttl ms, replies json, reply ttl ms, transcript ttl ms,
#       optout ("1" set, "0" clear, "" keep), effects ttl ms, n (2 x effects), effect id/json pairs...,
#       then, when there are transcript entries: the transcript's cap, the entries...
_COMMIT = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[5])
local n = tonumber(ARGV[9])
if n > 0 then
  redis.call('HSET', KEYS[6], unpack(ARGV, 10, 9 + n))
  redis.call('PEXPIRE', KEYS[6], ARGV[8])
end
local first = 10 + n
if #ARGV >= first then
  -- The transcript keeps at most cap - 1 entries, then one "dropped" entry counting what was not kept;
  -- its retention runs from its first entry and is not renewed by later ones.
  local cap = tonumber(ARGV[first])
  local len = redis.call('LLEN', KEYS[3])
  local count = #ARGV - first
  if len + count < cap then
    redis.call('RPUSH', KEYS[3], unpack(ARGV, first + 1))
  else
    local last = len > 0 and cjson.decode(redis.call('LINDEX', KEYS[3], -1)) or nil
    if last and last.kind == 'dropped' then
      last.dropped = (last.dropped or 0) + count
      redis.call('LSET', KEYS[3], -1, cjson.encode(last))
    else
      local room = math.max(0, cap - 1 - len)
      if room > 0 then redis.call('RPUSH', KEYS[3], unpack(ARGV, first + 1, first + room)) end
      local marker = cjson.decode(ARGV[first + 1])
      local dropped = {at = marker.at, direction = 'in', kind = 'dropped', text = '', dropped = count - room}
      redis.call('RPUSH', KEYS[3], cjson.encode(dropped))
    end
  end
  if redis.call('PTTL', KEYS[3]) < 0 then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
end
if ARGV[7] == '1' then
  redis.call('SET', KEYS[5], '1')
elseif ARGV[7] == '0' then
  redis.call('DEL', KEYS[5])
end
if n > 0 then return 2 end
redis.call('DEL', KEYS[1])
return 1
"""

# Delivery status, forward only.  KEYS: the conversation's delivery hash.
# ARGV: message id, status, its rank (DELIVERY_ORDER), TTL (ms), Twilio's SID or ''.  Returns 1 when
# the status changed.  The SID is kept with it, so an erasure finds the SID's own key.
_DELIVERY = """
local old = redis.call('HGET', KEYS[1], ARGV[1])
local sid = ARGV[5]
if old then
  local was = cjson.decode(old)
  if sid == '' then sid = was.sid or '' end
  if tonumber(was.rank) >= tonumber(ARGV[3]) then
    if sid ~= (was.sid or '') then
      was.sid = sid
      redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(was))
    end
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({status = ARGV[2], rank = tonumber(ARGV[3]), sid = sid}))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
"""
_SID = "fs:sid:"  # + Twilio's message SID -> "conversation key|outbound message id"

# Forget relayed effects.  KEYS: effects.  ARGV: effect ids...  Returns how many are left.
_SETTLED = """
if #ARGV > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV)) end
return redis.call('HLEN', KEYS[1])
"""

# KEYS: order (zset), entries (hash), ids (hash id -> member). ARGV: member.  Returns 1 if it was queued.
_QUEUE_REMOVE = """
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then
  local id = cjson.decode(old).id
  if id and id ~= '' and redis.call('HGET', KEYS[3], id) == ARGV[1] then redis.call('HDEL', KEYS[3], id) end
end
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])
"""

# Append a note to a list, keeping the latest ones.  KEYS: list.  ARGV: note, how many to keep.
_NOTE = """
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
return 1
"""

# KEYS: order (zset), entries (hash), ids (hash id -> member).
# ARGV: member, priority, since (seconds), entry JSON (with its "id")
_QUEUE_PUT = """
local since = tonumber(ARGV[3])
local score = tonumber(ARGV[2]) * 1e13 + math.floor(since * 1000)
redis.call('ZADD', KEYS[1], string.format('%.0f', score), ARGV[1])
local old = redis.call('HGET', KEYS[2], ARGV[1])
local entry = cjson.decode(ARGV[4])
if old then
  local was = cjson.decode(old).id
  if was and was ~= '' and was ~= entry.id then redis.call('HDEL', KEYS[3], was) end
end
if entry.id and entry.id ~= '' then redis.call('HSET', KEYS[3], entry.id, ARGV[1]) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
return 1
"""


Client = Redis | RedisCluster


def connect(url: str, max_connections: int = 64, pool_wait: float = 10.0, timeout: float = 0.5) -> Client:
    """A client that fails fast when Redis is down or hung, and waits when it is only busy.

    `url` names the deployment: `redis://` or `rediss://` for one Redis; `redis+cluster://host:port[,...]`
    for Redis Cluster (any reachable nodes; the rest are discovered); `redis+sentinel://host:port[,...]/
    service[/db]` for the master that those Sentinels name `service` (failover followed). Credentials go
    before the hosts (`redis+cluster://:password@host:port`).

    Every command must be answered within `timeout` seconds (connecting too): Redis
    answers in well under a millisecond, so a silent Redis is known for what it is within about a second,
    and the circuit breaker (`bot.store.breaker`) then spares the requests that follow the wait.

    A burst of webhooks needs more connections than the pool holds: on one Redis a request then waits up
    to `pool_wait` seconds for a free one (redis-py's default pool would raise, which is no sign that
    Redis is down). The webhook's own reply time-out still answers the person meanwhile, and the work
    finishes. Under Cluster and Sentinel, redis-py opens connections as requests need them.
    """
    options: dict[str, Any] = {
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        # One quick retry when a connection broke (Redis restarted); none when Redis was silent, where
        # a retry would only double the wait before the safety reply.
        "retry": Retry(
            ExponentialBackoff(cap=0.05, base=0.01),
            retries=1,
            supported_errors=(redis_errors.ConnectionError,),
        ),
        "decode_responses": False,
    }
    scheme, _, rest = url.partition("://")
    if scheme == "redis+cluster":
        credentials, hosts, _ = _split(rest)
        # The gate bounds the calls in flight; the client's own cap per node (redis-py 8 made it finite)
        # must not bind first: a call can hold a second connection briefly (a lock lease renewed beside it).
        cluster_options: dict[str, Any] = {"max_connections": 4 * max_connections, **credentials, **options}
        cluster = RedisCluster(
            startup_nodes=[ClusterNode(host, port) for host, port in hosts], **cluster_options
        )
        _GATES[cluster] = _Gate(max_connections, pool_wait)
        return cluster
    if scheme == "redis+sentinel":
        credentials, hosts, path = _split(rest)
        service, _, db = path.strip("/").partition("/")
        if not service:
            raise ValueError("a redis+sentinel:// URL names the service after the hosts: .../mymaster[/db]")
        timeouts = {k: options[k] for k in ("socket_connect_timeout", "socket_timeout")}
        sentinel = Sentinel(hosts, sentinel_kwargs=timeouts)  # type: ignore[no-untyped-call]
        # As for Cluster: the gate binds first, not the pool's own cap (100 by default in redis-py 8).
        master_options: dict[str, Any] = {
            "db": int(db or 0),
            "max_connections": 4 * max_connections,
            **credentials,
            **options,
        }
        master: Redis = sentinel.master_for(service, **master_options)
        _GATES[master] = _Gate(max_connections, pool_wait)
        return master
    pool = BlockingConnectionPool.from_url(
        url, max_connections=max_connections, timeout=pool_wait, health_check_interval=30, **options
    )
    return Redis.from_pool(pool)


def _split(rest: str) -> tuple[dict[str, str], list[tuple[str, int]], str]:
    """`[user:password@]host:port[,host:port...][/path]` -> credentials, hosts, path."""
    netloc, slash, path = rest.partition("/")
    credentials: dict[str, str] = {}
    if "@" in netloc:
        userinfo, _, netloc = netloc.rpartition("@")
        username, _, password = userinfo.partition(":")
        if username:
            credentials["username"] = unquote(username)
        if password:
            credentials["password"] = unquote(password)
    hosts = []
    for item in netloc.split(","):
        host, _, port = item.strip().rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"expected host:port in the Redis URL, got {item!r}")
        hosts.append((host.strip("[]"), int(port)))
    return credentials, hosts, slash + path


async def warm(client: Client, count: int) -> int:
    """Open `count` connections of one Redis's pool now, at start, rather than in the middle of the first
    burst (where opening dozens at once, while the event loop is busy with the burst itself, can exceed
    the connect time-out and open the circuit breaker). Returns how many opened; a Cluster client opens
    its connections to each node as calls need them (bounded by the gate)."""
    pool = getattr(client, "connection_pool", None)
    if not isinstance(pool, ConnectionPool):  # a Cluster client: one pool per node
        return 0
    taken = await asyncio.gather(
        *(pool.get_connection() for _ in range(count)),  # type: ignore[no-untyped-call]
        return_exceptions=True,
    )
    opened = [c for c in taken if not isinstance(c, BaseException)]
    for connection in opened:
        await pool.release(connection)
    return len(opened)


async def close_client(client: Client) -> None:
    await client.aclose()
    manager = getattr(getattr(client, "connection_pool", None), "sentinel_manager", None)
    for sentinel in getattr(manager, "sentinels", ()):
        await sentinel.aclose()


_CONNECTION_ERRORS = (
    redis_errors.ConnectionError,  # includes Sentinel's MasterNotFoundError
    redis_errors.TimeoutError,
    redis_errors.ClusterDownError,
    redis_errors.TryAgainError,
    redis_errors.RedisClusterException,  # no node of the cluster reachable
    OSError,
)


class _Guarded(Protocol):
    breaker: CircuitBreaker
    redis: Client


class _Gate:
    """At most `size` store calls in flight on one client, the rest waiting up to `wait` seconds.

    A single Redis has this in its blocking connection pool. The Cluster and Sentinel clients of redis-py
    open a connection per call in flight instead, and a burst of hundreds then fails in the connection
    storm (connect time-outs, and the cluster client re-reading the topology under load): so they get
    the same bound here."""

    def __init__(self, size: int, wait: float) -> None:
        self._slots = asyncio.Semaphore(size)
        self._wait = wait

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        try:
            async with asyncio.timeout(self._wait):
                await self._slots.acquire()
        except TimeoutError:
            raise redis_errors.ConnectionError("no free Redis connection in time") from None
        try:
            yield
        finally:
            self._slots.release()


_GATES: weakref.WeakKeyDictionary[Any, _Gate] = weakref.WeakKeyDictionary()


G = TypeVar("G", bound=_Guarded)


def _unavailable(
    func: Callable[Concatenate[G, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[G, P], Coroutine[Any, Any, T]]:
    """At the edge of the store: fail at once while the breaker is open, and translate Redis connection
    failures into StoreUnavailable (opening the breaker)."""

    @wraps(func)
    async def wrapper(self: G, *args: P.args, **kwargs: P.kwargs) -> T:
        self.breaker.check()
        gate = _GATES.get(self.redis)
        try:
            if gate is None:
                result = await func(self, *args, **kwargs)
            else:
                async with gate.held():
                    result = await func(self, *args, **kwargs)
        except _CONNECTION_ERRORS as exc:
            self.breaker.failed()
            raise StoreUnavailable(f"redis: {type(exc).__name__}") from exc
        self.breaker.succeeded()
        return result

    return wrapper  # type: ignore[return-value]  # functools.wraps hides the parameter spec


def _key(key: ConversationKey, part: str) -> str:
    return f"fs:{key.hash_tag}:{part}"


class RedisConversationStore(ConversationStore):
    PENDING = "fs:{relay}:pending"  # conversations with side effects in flight, scored by time marked
    ERASURES = "fs:{audit}:erasures"  # notes that an erasure happened (no number in them)

    def __init__(self, redis: Client, timings: StoreTimings, breaker: CircuitBreaker | None = None) -> None:
        super().__init__(timings)
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self._turns = LocalTurns()
        self._turn_of: dict[str, Turn] = {}  # lease token -> its turn in this process
        self._claim = redis.register_script(_CLAIM)
        self._release = redis.register_script(_RELEASE)
        self._commit = redis.register_script(_COMMIT)
        self._renew = redis.register_script(_RENEW)
        self._settled = redis.register_script(_SETTLED)
        self._note = redis.register_script(_NOTE)
        self._delivery = redis.register_script(_DELIVERY)

    @classmethod
    def from_url(cls, url: str, timings: StoreTimings) -> RedisConversationStore:
        return cls(connect(url), timings)

    @asynccontextmanager
    async def claim(self, key: ConversationKey, message_id: str | None) -> AsyncIterator[Claim]:
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
        self, key: ConversationKey, message_id: str | None, deadline: float, turn: Turn
    ) -> AsyncIterator[Claim]:
        lease = Lease(key, uuid.uuid4().hex)
        keys = [
            _key(key, "lock"),
            _key(key, f"msg:{message_id or ''}"),
            _key(key, "state"),
            _key(key, "optout"),
            _key(key, "effects"),
        ]
        args: list[str | int] = [lease.token, _ms(self.timings.lease), "0" if message_id is None else "1"]
        found = await self._take_lock(keys, args, deadline)
        _, replay, state, opted_out, effects = found
        claim = Claim(
            lease,
            list(json.loads(replay)) if replay else None,
            Snapshot(decode_conversation(state or None), bool(opted_out)),
            decode_effects(effects),
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
            _ms(self.timings.dedupe),
            2 * len(change.effects),
            *(part for effect in change.effects for part in (effect.id, effect.model_dump_json())),
        ]
        if change.transcript:
            args.append(self.timings.transcript_entries)
            args.extend(entry.model_dump_json() for entry in change.transcript)
        keys = [
            _key(key, p)
            for p in ("lock", "state", "transcript", f"msg:{change.message_id}", "optout", "effects")
        ]
        done = await self._commit(keys=keys, args=args)
        if done == 0:
            raise LeaseLost("the conversation lock expired before the commit")
        if done == 1:  # released: no effects to relay under it
            lease.released = True
            turn = self._turn_of.pop(lease.token, None)
            if turn is not None:  # the next message of this conversation in this process may go
                turn.release()

    @_unavailable
    async def expect_effects(self, key: ConversationKey, at: float) -> None:
        await self.redis.zadd(self.PENDING, {str(key): at}, nx=True)

    @_unavailable
    async def settled(self, lease: Lease, effect_ids: Sequence[str]) -> None:
        left = await self._settled(keys=[_key(lease.key, "effects")], args=list(effect_ids))
        if left == 0:
            await self.redis.zrem(self.PENDING, str(lease.key))

    @_unavailable
    async def pending(self, before: float, limit: int = 100) -> list[ConversationKey]:
        members: list[bytes] = await self.redis.zrangebyscore(  # type: ignore[assignment]
            self.PENDING, "-inf", before, start=0, num=limit
        )
        return [ConversationKey.parse(m.decode()) for m in members]

    async def erase(self, key: ConversationKey, *, opt_out: bool) -> int:
        async with self.claim(key, None):
            return await self._erase(key, opt_out)

    @_unavailable
    async def _erase(self, key: ConversationKey, opt_out: bool) -> int:
        # Every key of the conversation carries its hash tag: one pattern finds them all (the stored
        # replies are one key per message id). The lock is ours and goes when the claim ends.
        prefix = f"fs:{key.hash_tag}:"
        pattern = "".join("\\" + c if c in "*?[]\\" else c for c in prefix) + "*"
        keep = {_key(key, "lock").encode()} | (set() if opt_out else {_key(key, "optout").encode()})
        doomed = [k async for k in self.redis.scan_iter(match=pattern, count=1000) if k not in keep]
        delivered: Any = await self.redis.hvals(_key(key, "delivery"))
        sids = [_SID + sid for sid in (json.loads(v).get("sid") for v in delivered) if sid]
        for sid_key in sids:  # in their own slots: one at a time, for Cluster
            await self.redis.delete(sid_key)
        if doomed:
            await self.redis.unlink(*doomed)
        await self.redis.zrem(self.PENDING, str(key))
        return len(doomed)

    @_unavailable
    async def record_erasure(self, record: dict[str, Any]) -> None:
        await self._note(keys=[self.ERASURES], args=[json.dumps(record), _ERASURES_KEPT])

    @_unavailable
    async def erasures(self, limit: int = 100) -> list[dict[str, Any]]:
        raw: list[bytes | str] = await self.redis.lrange(self.ERASURES, -limit, -1)
        return [json.loads(item) for item in raw]

    @_unavailable
    async def record_delivery(
        self, key: ConversationKey, message_id: str, status: str, sid: str | None = None
    ) -> bool:
        ttl = int(self.timings.retention * 1000)
        if sid:
            await self.redis.set(_SID + sid, f"{key}|{message_id}", px=ttl)
        rank = DELIVERY_ORDER.get(status, -1)
        changed = await self._delivery(
            keys=[_key(key, "delivery")], args=[message_id, status, rank, ttl, sid or ""]
        )
        return bool(changed)

    @_unavailable
    async def deliveries(self, key: ConversationKey) -> dict[str, str]:
        raw: Any = await self.redis.hgetall(_key(key, "delivery"))
        return {_text(k): json.loads(v)["status"] for k, v in raw.items()}

    @_unavailable
    async def sent_message(self, sid: str) -> tuple[ConversationKey, str] | None:
        raw: bytes | str | None = await self.redis.get(_SID + sid)
        if raw is None:
            return None
        key, _, message_id = _text(raw).rpartition("|")
        return ConversationKey.parse(key), message_id

    @_unavailable
    async def transcript(self, key: ConversationKey) -> list[TranscriptEntry]:
        raw = await self.redis.lrange(_key(key, "transcript"), 0, -1)
        return [TranscriptEntry.model_validate_json(item) for item in raw]

    @_unavailable
    async def ping(self) -> None:
        await self.redis.ping()

    async def close(self) -> None:
        await close_client(self.redis)


_ERASURES_KEPT = 100_000  # erasure notes kept (about 150 bytes each)


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisOperatorQueue(OperatorQueue):
    ORDER = "fs:{queue}:order"
    ENTRIES = "fs:{queue}:entries"
    IDS = "fs:{queue}:ids"

    def __init__(self, redis: Client, breaker: CircuitBreaker | None = None) -> None:
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self._put = redis.register_script(_QUEUE_PUT)
        self._remove = redis.register_script(_QUEUE_REMOVE)

    @_unavailable
    async def put(self, entry: QueueEntry) -> None:
        record = {
            "priority": entry.priority,
            "since": entry.since,
            "reason": entry.reason,
            "id": entry.id,
            "holder": entry.holder,
            "summary": entry.summary,
        }
        await self._put(
            keys=[self.ORDER, self.ENTRIES, self.IDS],
            args=[str(entry.key), entry.priority, repr(entry.since), json.dumps(record)],
        )

    @_unavailable
    async def remove(self, key: ConversationKey) -> bool:
        return bool(await self._remove(keys=[self.ORDER, self.ENTRIES, self.IDS], args=[str(key)]))

    @_unavailable
    async def find(self, conversation_id: str) -> ConversationKey | None:
        if not conversation_id:
            return None
        raw: bytes | str | None = await self.redis.hget(self.IDS, conversation_id)
        return None if raw is None else ConversationKey.parse(_text(raw))

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
                    id=str(data.get("id") or ""),
                    holder=data.get("holder") or None,
                    summary=str(data.get("summary") or ""),
                )
            )
        return found


# A counter that is forgotten a fixed time after its first increment (later ones do not extend it).
_COUNT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
"""


class RedisAccountStore(AccountStore):
    """Users in one hash and token digests in another, both under the `{users}` hash tag."""

    USERS = "fs:{users}:accounts"
    TOKENS = "fs:{users}:tokens"
    SEEN = "fs:{users}:seen"
    SESSION = "fs:{users}:session:"  # + the SHA-256 of the cookie; expires with the session
    FAILURES = "fs:{users}:failures:"  # + name or client address; expires with the window
    HOLDS = "fs:{users}:hold:"  # + a per-user lock's name

    def __init__(self, redis: Client, breaker: CircuitBreaker | None = None) -> None:
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self._count_failure = redis.register_script(_COUNT)
        self._release = redis.register_script(_RELEASE)

    @_unavailable
    async def create(self, name: str, record: str) -> bool:
        return bool(await self.redis.hsetnx(self.USERS, name, record))

    @_unavailable
    async def get(self, name: str) -> str | None:
        raw: bytes | str | None = await self.redis.hget(self.USERS, name)
        return None if raw is None else _text(raw)

    @_unavailable
    async def replace(self, name: str, record: str) -> None:
        await self.redis.hset(self.USERS, name, record)

    @_unavailable
    async def names(self) -> list[str]:
        keys: list[bytes | str] = await self.redis.hkeys(self.USERS)
        return sorted(_text(k) for k in keys)

    @_unavailable
    async def add_token(self, digest: str, name: str) -> None:
        await self.redis.hset(self.TOKENS, digest, name)

    @_unavailable
    async def token_owner(self, digest: str) -> str | None:
        raw: bytes | str | None = await self.redis.hget(self.TOKENS, digest)
        return None if raw is None else _text(raw)

    @_unavailable
    async def add_session(self, digest: str, record: str, ttl: float) -> None:
        await self.redis.set(self.SESSION + digest, record, px=max(1, int(ttl * 1000)))

    @_unavailable
    async def session(self, digest: str) -> str | None:
        raw: bytes | str | None = await self.redis.get(self.SESSION + digest)
        return None if raw is None else _text(raw)

    @_unavailable
    async def drop_session(self, digest: str) -> None:
        await self.redis.delete(self.SESSION + digest)

    @_unavailable
    async def count_failure(self, subject: str, window: float) -> int:
        count = await self._count_failure(keys=[self.FAILURES + subject], args=[max(1, int(window * 1000))])
        return int(count)

    @_unavailable
    async def failures(self, subject: str) -> tuple[int, float]:
        key = self.FAILURES + subject
        raw = await self.redis.get(key)
        ttl = await self.redis.pttl(key) if raw is not None else 0
        if raw is None or ttl <= 0:
            return 0, 0.0
        return int(raw), ttl / 1000

    @_unavailable
    async def clear_failures(self, subject: str) -> None:
        await self.redis.delete(self.FAILURES + subject)

    @_unavailable
    async def hold(self, name: str, token: str, ttl: float) -> bool:
        return bool(await self.redis.set(self.HOLDS + name, token, nx=True, px=max(1, int(ttl * 1000))))

    @_unavailable
    async def release(self, name: str, token: str) -> None:
        await self._release(keys=[self.HOLDS + name], args=[token])

    @_unavailable
    async def seen(self, name: str, at: float) -> None:
        await self.redis.zadd(self.SEEN, {name: at}, gt=True)

    @_unavailable
    async def last_seen(self) -> dict[str, float]:
        pairs: Any = await self.redis.zrange(self.SEEN, 0, -1, withscores=True)
        return {_text(name): float(at) for name, at in pairs}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisAuditLog(AuditLog):
    """A stream under its own hash tag, trimmed to `retention` seconds (by entry id, which is a time)."""

    STREAM = "fs:{audit}:actions"

    def __init__(self, redis: Client, retention: float, breaker: CircuitBreaker | None = None) -> None:
        self.redis = redis
        self.retention = retention
        self.breaker = breaker or CircuitBreaker()

    @_unavailable
    async def record(self, entry: dict[str, Any]) -> None:
        oldest = int((time.time() - self.retention) * 1000)
        await self.redis.xadd(
            self.STREAM, {"entry": json.dumps(entry)}, minid=str(max(oldest, 0)), approximate=True
        )

    @_unavailable
    async def entries(self, limit: int = 100) -> list[dict[str, Any]]:
        raw: Any = await self.redis.xrevrange(self.STREAM, count=limit)
        return [json.loads(fields.get(b"entry") or fields.get("entry")) for _, fields in reversed(raw or [])]
