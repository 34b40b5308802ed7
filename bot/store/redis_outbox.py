"""The outbox on Redis: a stream and a consumer group, with Lua scripts for every change.

Every key carries the `{outbox}` hash tag, so all of them share one Redis Cluster slot and each script
below is atomic on one Redis, on Cluster and behind Sentinel alike:

    fs:{outbox}:stream       the entries (fields id, conv, message), read by the group `senders`;
                             an entry leaves it (XACK + XDEL) when done, dead-lettered or parked
    fs:{outbox}:msg:<id>     per message: seen (dedupe), attempts, failures, doubt, sid; lives `keep`
    fs:{outbox}:parked       retries, scored by when they are due (ms), with their JSON in
    fs:{outbox}:parked:json  and, per conversation, how many are parked and the latest due time in
    fs:{outbox}:holds / fs:{outbox}:holds:due  (a conversation with one parked waits behind it)
    fs:{outbox}:dead         dead letters (a stream trimmed to about `dead_kept`)

`take` does not block in Redis: the client from `bot.store.redis.connect` answers every command within
its short socket time-out (0.5 s), which a blocking XREADGROUP would exceed. It polls every `poll`
seconds instead, one small script per poll.

Fencing: `begin_attempt`, `ack`, `retry` and `dead_letter` act only while the entry is still pending
for the delivery's consumer (XPENDING); `begin_attempt` also resets the entry's idle time (XCLAIM
JUSTID), so nobody takes it over for `claim_after` seconds once a POST has started.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from redis import exceptions as redis_errors

from bot.outbox import Delivery, OutboundMessage, Outbox, SendRecord, SendReport
from bot.store.base import StoreError
from bot.store.breaker import CircuitBreaker
from bot.store.redis import Client, _ms, _text, _unavailable

log = logging.getLogger(__name__)

GROUP = "senders"

# Park the entry KEYS[1]/ARGV[3] (message id `id`, conversation `conv`, JSON `json`) until `score` (ms), or
# later: behind the messages of its conversation already parked.  KEYS: stream, parked, parked json,
# holds, holds due.  ARGV[1]: the group.
_PARK = """
local function park(entry, id, conv, json, score)
  redis.call('XACK', KEYS[1], ARGV[1], entry)
  redis.call('XDEL', KEYS[1], entry)
  if tonumber(redis.call('HGET', KEYS[4], conv) or '0') > 0 then
    local last = tonumber(redis.call('HGET', KEYS[5], conv) or '0')
    if last > score then score = last end
  end
  redis.call('ZADD', KEYS[2], string.format('%.0f', score), id)
  redis.call('HSET', KEYS[3], id, json)
  redis.call('HINCRBY', KEYS[4], conv, 1)
  redis.call('HSET', KEYS[5], conv, string.format('%.0f', score))
end
"""

# Is the entry ARGV[3] pending for consumer ARGV[2] of group ARGV[1] (KEYS[1])?
_OURS = """
local function ours()
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
  return #p > 0 and p[1][2] == ARGV[2]
end
"""

# KEYS: record, stream.  ARGV: id, conversation, JSON, keep ms, now.  Returns 1 when added.
_ADD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'added', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('XADD', KEYS[2], '*', 'id', ARGV[1], 'conv', ARGV[2], 'message', ARGV[3])
return 1
"""

# Give back the parked messages that are due, take over entries idle too long, read new ones; then park
# whatever belongs to a conversation that still has a message parked (it waits behind that one).
# KEYS: stream, parked, parked json, holds, holds due.
# ARGV: group, consumer, count, now ms, claim after ms.  Returns {entry id, fields, taken over 0/1}...
_TAKE = (
    _PARK
    + """
local count = tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[4], 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  local json = redis.call('HGET', KEYS[3], id)
  if json then
    local conv = cjson.decode(json).conversation
    redis.call('XADD', KEYS[1], '*', 'id', id, 'conv', conv, 'message', json)
    if redis.call('HINCRBY', KEYS[4], conv, -1) <= 0 then
      redis.call('HDEL', KEYS[4], conv)
      redis.call('HDEL', KEYS[5], conv)
    end
  end
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
end
local found = {}
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[5], '0-0', 'COUNT', count)
for _, e in ipairs(claimed[2]) do
  if e then table.insert(found, {e[1], e[2], 1}) end
end
if #found < count then
  local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', count - #found,
    'STREAMS', KEYS[1], '>')
  if read then
    for _, e in ipairs(read[1][2]) do table.insert(found, {e[1], e[2], 0}) end
  end
end
local taken = {}
for _, e in ipairs(found) do
  local f = {}
  for i = 1, #e[2], 2 do f[e[2][i]] = e[2][i + 1] end
  if f.conv and tonumber(redis.call('HGET', KEYS[4], f.conv) or '0') > 0 then
    park(e[1], f.id, f.conv, f.message, tonumber(ARGV[4]))
  else
    table.insert(taken, e)
  end
end
return taken
"""
)

# KEYS: the records of the messages.  Returns HGETALL of each.
_RECORDS = """
local all = {}
for i, key in ipairs(KEYS) do all[i] = redis.call('HGETALL', key) end
return all
"""

# KEYS: stream, record.  ARGV: group, consumer, entry, at, keep ms, followers' entries...  Returns the
# attempts, or -1 when the entry is no longer the consumer's.  Resets the idle time of the entry and of
# those followers still the consumer's (XCLAIM JUSTID neither copies the entry nor counts a delivery).
_BEGIN = (
    _OURS
    + """
if not ours() then return -1 end
local claim = {'XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3]}
for i = 6, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if #p > 0 and p[1][2] == ARGV[2] then table.insert(claim, ARGV[i]) end
end
table.insert(claim, 'JUSTID')
redis.call(unpack(claim))
redis.call('HSET', KEYS[2], 'doubt', ARGV[4])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
return redis.call('HINCRBY', KEYS[2], 'attempts', 1)
"""
)

# KEYS: record.  ARGV: the attempt's start, Twilio's sid or ''.
_END = """
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'sid', ARGV[2]) end
if redis.call('HGET', KEYS[1], 'doubt') == ARGV[1] then redis.call('HDEL', KEYS[1], 'doubt') end
return 1
"""

# KEYS: stream.  ARGV: group, consumer, entry.
_ACK = (
    _OURS
    + """
if not ours() then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
return 1
"""
)

# KEYS: stream, parked, parked json, holds, holds due, record.
# ARGV: group, consumer, entry, message id, conversation, JSON, due ms, "1" when it failed.
_RETRY = (
    _PARK
    + _OURS
    + """
if not ours() then return 0 end
if ARGV[8] == '1' then redis.call('HINCRBY', KEYS[6], 'failures', 1) end
park(ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]))
return 1
"""
)

# KEYS: stream, dead.  ARGV: group, consumer, entry, report JSON, dead letters kept.
_DEAD = (
    _OURS
    + """
if not ours() then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'report', ARGV[4])
return 1
"""
)

# KEYS: stream, parked.
_DEPTH = "return redis.call('XLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2])"


class RedisOutbox(Outbox):
    STREAM = "fs:{outbox}:stream"
    PARKED = "fs:{outbox}:parked"
    PARKED_JSON = "fs:{outbox}:parked:json"
    HOLDS = "fs:{outbox}:holds"
    HOLDS_DUE = "fs:{outbox}:holds:due"
    DEAD = "fs:{outbox}:dead"
    RECORD = "fs:{outbox}:msg:"  # + the message id

    def __init__(
        self,
        redis: Client,
        breaker: CircuitBreaker | None = None,
        clock: Callable[[], float] = time.time,
        keep: float = 7 * 86400.0,
        dead_kept: int = 10_000,
        poll: float = 0.1,
    ) -> None:
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self.clock = clock  # when parked retries are due (the senders' clocks; keep them in sync)
        self.keep = keep  # seconds a message id is remembered (dedupe and its send record)
        self.dead_kept = dead_kept
        self.poll = poll
        self._group_ready = False
        self._add = redis.register_script(_ADD)
        self._take = redis.register_script(_TAKE)
        self._records = redis.register_script(_RECORDS)
        self._begin = redis.register_script(_BEGIN)
        self._end = redis.register_script(_END)
        self._ack = redis.register_script(_ACK)
        self._retry = redis.register_script(_RETRY)
        self._dead = redis.register_script(_DEAD)
        self._depth = redis.register_script(_DEPTH)

    def _record_key(self, message_id: str) -> str:
        return self.RECORD + message_id

    @_unavailable
    async def add(self, message: OutboundMessage) -> bool:
        added = await self._add(
            keys=[self._record_key(message.id), self.STREAM],
            args=[message.id, message.conversation, message.model_dump_json(), _ms(self.keep), self.clock()],
        )
        return bool(added)

    async def take(
        self, consumer: str, count: int, block: float = 0.0, claim_after: float = 60.0
    ) -> list[Delivery]:
        deadline = time.monotonic() + block
        while True:
            taken = await self._take_once(consumer, count, claim_after)
            left = deadline - time.monotonic()
            if taken or left <= 0:
                return taken
            await asyncio.sleep(min(left, self.poll))

    @_unavailable
    async def _take_once(self, consumer: str, count: int, claim_after: float) -> list[Delivery]:
        if not self._group_ready:
            await self._create_group()
        keys = [self.STREAM, self.PARKED, self.PARKED_JSON, self.HOLDS, self.HOLDS_DUE]
        args: list[str | int] = [GROUP, consumer, count, int(self.clock() * 1000), int(claim_after * 1000)]
        try:
            raw: list[Any] = await self._take(keys=keys, args=args)
        except redis_errors.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise StoreError(f"outbox take refused: {type(exc).__name__}") from exc
            await self._create_group()  # the stream was deleted (a flush): start again
            raw = await self._take(keys=keys, args=args)
        entries: list[tuple[str, dict[str, str], bool]] = []
        for entry_id, flat, taken_over in raw:
            fields = {_text(flat[i]): _text(flat[i + 1]) for i in range(0, len(flat), 2)}
            entries.append((_text(entry_id), fields, bool(taken_over)))
        if not entries:
            return []
        records: list[Any] = await self._records(
            keys=[self._record_key(fields.get("id", "")) for _, fields, _ in entries], args=[]
        )
        taken = []
        for (entry_id, fields, taken_over), flat in zip(entries, records, strict=True):
            try:
                message = OutboundMessage.model_validate_json(fields.get("message", ""))
            except ValueError:
                # A bad write: it can never be sent, and must not block the stream.
                log.error("unreadable outbox entry dropped")
                await self.redis.xack(self.STREAM, GROUP, entry_id)
                await self.redis.xdel(self.STREAM, entry_id)
                continue
            record = {_text(flat[i]): _text(flat[i + 1]) for i in range(0, len(flat), 2)}
            taken.append(Delivery(entry_id, message, _send_record(record), consumer, taken_over))
        return taken

    async def _create_group(self) -> None:
        try:
            # From the start ("0"): entries added before any sender existed are delivered too.
            await self.redis.xgroup_create(self.STREAM, GROUP, id="0", mkstream=True)
        except redis_errors.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._group_ready = True

    @_unavailable
    async def begin_attempt(
        self, delivery: Delivery, at: float, followers: Sequence[Delivery] = ()
    ) -> SendRecord | None:
        attempts = await self._begin(
            keys=[self.STREAM, self._record_key(delivery.message.id)],
            args=[
                GROUP,
                delivery.consumer,
                delivery.entry,
                repr(at),
                _ms(self.keep),
                *(f.entry for f in followers if f.consumer == delivery.consumer),
            ],
        )
        if int(attempts) < 0:
            return None
        return SendRecord(
            attempts=int(attempts),
            failures=delivery.record.failures,
            in_doubt_since=at,
            sid=delivery.record.sid,
        )

    @_unavailable
    async def end_attempt(self, delivery: Delivery, at: float, sid: str | None) -> None:
        await self._end(keys=[self._record_key(delivery.message.id)], args=[repr(at), sid or ""])

    @_unavailable
    async def ack(self, delivery: Delivery) -> bool:
        done = await self._ack(keys=[self.STREAM], args=[GROUP, delivery.consumer, delivery.entry])
        return bool(done)

    @_unavailable
    async def retry(self, delivery: Delivery, at: float, *, failed: bool = True) -> bool:
        message = delivery.message
        done = await self._retry(
            keys=[
                self.STREAM,
                self.PARKED,
                self.PARKED_JSON,
                self.HOLDS,
                self.HOLDS_DUE,
                self._record_key(message.id),
            ],
            args=[
                GROUP,
                delivery.consumer,
                delivery.entry,
                message.id,
                message.conversation,
                message.model_dump_json(),
                int(at * 1000),
                "1" if failed else "0",
            ],
        )
        return bool(done)

    @_unavailable
    async def dead_letter(self, delivery: Delivery, report: SendReport) -> bool:
        done = await self._dead(
            keys=[self.STREAM, self.DEAD],
            args=[GROUP, delivery.consumer, delivery.entry, json.dumps(report.to_json()), self.dead_kept],
        )
        return bool(done)

    @_unavailable
    async def depth(self) -> int:
        return int(await self._depth(keys=[self.STREAM, self.PARKED], args=[]))

    @_unavailable
    async def dead_count(self) -> int:
        return int(await self.redis.xlen(self.DEAD))

    @_unavailable
    async def dead_letters(self, limit: int = 100) -> list[SendReport]:
        raw: Any = await self.redis.xrevrange(self.DEAD, count=limit)
        reports = []
        for _, fields in reversed(raw or []):
            value = fields.get(b"report") or fields.get("report")
            if value is not None:
                reports.append(SendReport.from_json(json.loads(value)))
        return reports


def _send_record(fields: dict[str, str]) -> SendRecord:
    doubt = fields.get("doubt")
    return SendRecord(
        attempts=int(fields.get("attempts") or 0),
        failures=int(fields.get("failures") or 0),
        in_doubt_since=float(doubt) if doubt else None,
        sid=fields.get("sid") or None,
    )
