"""The flow store on Redis. Every key carries the `{flows}` hash tag (one Cluster slot), so each change is
one atomic script on one Redis, on Cluster and behind Sentinel alike:

    fs:{flows}:serial            a counter raised by every publish and rollback (`stamp`)
    fs:{flows}:active            hash: flow name -> active version
    fs:{flows}:seq               hash: flow name -> the last version number given
    fs:{flows}:versions:<name>   hash: version -> JSON (author, message, published_at, digest, topics)
    fs:{flows}:texts:<name>      hash: version -> YAML text
    fs:{flows}:draft:<name>      hash: text, author, saved_at
    fs:{flows}:drafted           set: the names of the flows with a draft
    fs:{flows}:model:<digest>    a topic model artefact, by the digest of the examples it learnt from

Published versions and models are never deleted (a flow is a few hundred kB, a model under 1 MB).
"""

from __future__ import annotations

import json
from typing import Any

from bot.flowstore import Draft, FlowStore
from bot.store.breaker import CircuitBreaker
from bot.store.redis import Client, _text, _unavailable
from flows.source import Release, VersionInfo

_P = "fs:{flows}:"

# KEYS: seq, versions, texts, active, serial, draft, model, drafted.
# ARGV: name, meta JSON, text, seed (1/0), the seed's number, model bytes ("" for none).
_PUBLISH = """
local n
if ARGV[4] == '1' then
  if redis.call('HLEN', KEYS[2]) > 0 then return 0 end
  n = tonumber(ARGV[5])
  redis.call('HSET', KEYS[1], ARGV[1], n)
else
  n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
end
redis.call('HSET', KEYS[2], n, ARGV[2])
redis.call('HSET', KEYS[3], n, ARGV[3])
redis.call('HSET', KEYS[4], ARGV[1], n)
redis.call('INCR', KEYS[5])
if redis.call('HGET', KEYS[6], 'text') == ARGV[3] then
  redis.call('DEL', KEYS[6])
  redis.call('SREM', KEYS[8], ARGV[1])
end
if ARGV[6] ~= '' then redis.call('SET', KEYS[7], ARGV[6], 'NX') end
return n
"""

# KEYS: draft, drafted.  ARGV: name, text, author, saved at.
_SAVE_DRAFT = """
redis.call('HSET', KEYS[1], 'text', ARGV[2], 'author', ARGV[3], 'saved_at', ARGV[4])
redis.call('SADD', KEYS[2], ARGV[1])
"""

# KEYS: versions, active, serial.  ARGV: name, version.
_ACTIVATE = """
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('INCR', KEYS[3])
return 1
"""


def _info(name: str, version: int, raw: bytes | str) -> VersionInfo:
    meta: dict[str, Any] = json.loads(raw)
    return VersionInfo(
        name=name,
        version=version,
        author=str(meta["author"]),
        message=str(meta["message"]),
        published_at=float(meta["published_at"]),
        digest=str(meta["digest"]),
        topics=meta.get("topics"),
    )


class RedisFlowStore(FlowStore):
    SERIAL = _P + "serial"
    ACTIVE = _P + "active"
    SEQ = _P + "seq"
    DRAFTS = _P + "draft:"
    DRAFTED = _P + "drafted"

    def __init__(self, redis: Client, breaker: CircuitBreaker | None = None) -> None:
        self.redis = redis
        self.breaker = breaker or CircuitBreaker()
        self._publish = redis.register_script(_PUBLISH)
        self._activate = redis.register_script(_ACTIVATE)
        self._save_draft = redis.register_script(_SAVE_DRAFT)

    @staticmethod
    def _versions_key(name: str) -> str:
        return f"{_P}versions:{name}"

    @staticmethod
    def _texts_key(name: str) -> str:
        return f"{_P}texts:{name}"

    @staticmethod
    def _model_key(digest: str) -> str:
        return f"{_P}model:{digest}"

    @_unavailable
    async def stamp(self) -> str:
        raw: bytes | str | None = await self.redis.get(self.SERIAL)
        return "0" if raw is None else _text(raw)

    @_unavailable
    async def active(self) -> dict[str, int]:
        raw: dict[bytes | str, bytes | str] = await self.redis.hgetall(self.ACTIVE)
        return {_text(k): int(v) for k, v in raw.items()}

    @_unavailable
    async def release(self, name: str, version: int) -> Release | None:
        meta: bytes | str | None = await self.redis.hget(self._versions_key(name), str(version))
        text: bytes | str | None = await self.redis.hget(self._texts_key(name), str(version))
        if meta is None or text is None:
            return None
        info = _info(name, version, meta)
        model: bytes | str | None = (
            None if info.topics is None else await self.redis.get(self._model_key(info.topics))
        )
        return Release(info, _text(text), model.encode() if isinstance(model, str) else model)

    @_unavailable
    async def versions(self, name: str) -> list[VersionInfo]:
        raw: dict[bytes | str, bytes | str] = await self.redis.hgetall(self._versions_key(name))
        return sorted((_info(name, int(k), v) for k, v in raw.items()), key=lambda i: i.version)

    @_unavailable
    async def draft(self, name: str) -> Draft | None:
        raw: dict[bytes | str, bytes | str] = await self.redis.hgetall(self.DRAFTS + name)
        if not raw:
            return None
        fields = {_text(k): _text(v) for k, v in raw.items()}
        return Draft(name, fields["text"], fields["author"], float(fields["saved_at"]))

    @_unavailable
    async def drafts(self) -> list[str]:
        names: set[bytes | str] = await self.redis.smembers(self.DRAFTED)
        return sorted(_text(n) for n in names)

    @_unavailable
    async def save_draft(self, draft: Draft) -> None:
        keys = [self.DRAFTS + draft.name, self.DRAFTED]
        await self._save_draft(keys, [draft.name, draft.text, draft.author, repr(draft.saved_at)])

    @_unavailable
    async def model(self, digest: str) -> bytes | None:
        raw: bytes | str | None = await self.redis.get(self._model_key(digest))
        return raw.encode() if isinstance(raw, str) else raw

    @_unavailable
    async def publish(self, release: Release, *, seed: bool = False) -> int | None:
        info = release.info
        meta = json.dumps(
            {
                "author": info.author,
                "message": info.message,
                "published_at": info.published_at,
                "digest": info.digest,
                "topics": info.topics,
            }
        )
        model = release.topics if release.topics is not None and info.topics is not None else b""
        keys = [
            self.SEQ,
            self._versions_key(info.name),
            self._texts_key(info.name),
            self.ACTIVE,
            self.SERIAL,
            self.DRAFTS + info.name,
            self._model_key(info.topics or "none"),
            self.DRAFTED,
        ]
        number = int(
            await self._publish(keys, [info.name, meta, release.text, int(seed), info.version, model])
        )
        return number or None

    @_unavailable
    async def activate(self, name: str, version: int) -> bool:
        keys = [self._versions_key(name), self.ACTIVE, self.SERIAL]
        return bool(await self._activate(keys, [name, version]))
