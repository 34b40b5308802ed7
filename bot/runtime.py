"""Build the engine and its stores from settings (used by the web app and the chat command)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from bot.accounts import Accounts
from bot.emergency import default_detector
from bot.engine import Engine, EngineConfig
from bot.language import shared_identifier
from bot.metrics import Metrics
from bot.settings import ConfigurationError, Settings
from bot.spool import Spool
from bot.store import ConversationStore, OperatorQueue, StoreError, StoreTimings
from bot.store.memory import MemoryAccountStore, MemoryConversationStore, MemoryOperatorQueue
from flows import FlowLibrary
from flows.library import DEFINITIONS

log = logging.getLogger(__name__)


class Maintained(Protocol):
    async def maintain(self) -> None: ...


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    store: ConversationStore
    queue: OperatorQueue
    metrics: Metrics
    accounts: Accounts

    @property
    def backend(self) -> str:
        return "redis" if self.settings.redis_url else "memory"


def open_spool(settings: Settings) -> Spool:
    """The spool directory, or a ConfigurationError naming the setting when it cannot be written."""
    try:
        return Spool(settings.spool_dir)
    except OSError as exc:
        raise ConfigurationError(
            f"FIVESTEPS_SPOOL_DIR: cannot write to {settings.spool_dir} ({exc.strerror})"
        ) from exc


def timings_from(settings: Settings) -> StoreTimings:
    return StoreTimings(
        inactivity=settings.inactivity_timeout,
        handoff=settings.handoff_timeout,
        retention=settings.transcript_retention,
        transcript_entries=settings.transcript_max_entries,
        dedupe=settings.dedupe_ttl,
        # The holder renews its lock while it works, so work finishing after the reply time-out still
        # commits, and a crashed process's conversations are free again within one lease.
        lease=settings.lock_lease,
        lock_wait=settings.reply_timeout + 3.0,
    )


@asynccontextmanager
async def open_records(settings: Settings) -> AsyncIterator[tuple[ConversationStore, OperatorQueue, Spool]]:
    """The stores and the spool on their own, for the data commands (`fivesteps erase`, `export`).

    Needs REDIS_URL: the embedded memory store lives inside the serving process, and dies with it."""
    if not settings.redis_url:
        raise ConfigurationError(
            "REDIS_URL must be set: with the embedded memory store, everything held lives only inside the "
            "serving process and is gone when it stops"
        )
    from bot.store.redis import RedisConversationStore, RedisOperatorQueue, connect

    spool = open_spool(settings)
    redis = connect(settings.redis_url, timeout=max(settings.redis_timeout, 5.0))
    store = RedisConversationStore(redis, timings_from(settings))
    try:
        yield store, RedisOperatorQueue(redis), spool
    finally:
        await store.close()


@asynccontextmanager
async def open_accounts(settings: Settings) -> AsyncIterator[Accounts]:
    """The accounts in Redis, for `fivesteps users` (the memory store lives only inside `serve`)."""
    if not settings.redis_url:
        raise ConfigurationError(
            "REDIS_URL must be set: accounts are kept in Redis, where every server process can see them"
        )
    from bot.store.redis import RedisAccountStore, close_client, connect

    redis = connect(settings.redis_url, timeout=max(settings.redis_timeout, 5.0))
    try:
        yield Accounts(RedisAccountStore(redis))
    finally:
        await close_client(redis)


async def maintain_forever(engine: Maintained, every: float) -> None:
    """Every `every` seconds: record spooled messages once the store answers, relay side effects that a
    holder could not (a crash, a queue write that failed), clean the queue of entries no record calls for."""
    this = asyncio.current_task()
    while True:
        await asyncio.sleep(every)
        try:
            await engine.maintain()
        except StoreError:
            pass  # the store is (still) unavailable: the next round tries again
        except Exception:
            log.exception("background upkeep failed")
        # A cancellation that arrived inside a Redis call can come back out as a connection error (and
        # so be caught above): stop all the same, or shutdown would wait for this loop for ever.
        if this is not None and this.cancelling():
            raise asyncio.CancelledError


@asynccontextmanager
async def open_runtime(settings: Settings, metrics: Metrics | None = None) -> AsyncIterator[Runtime]:
    flows = FlowLibrary.from_directory(settings.flows_dir or DEFINITIONS)
    spool = open_spool(settings)
    timings = timings_from(settings)
    store: ConversationStore
    queue: OperatorQueue
    if settings.redis_url:
        from bot.store.breaker import CircuitBreaker
        from bot.store.redis import (
            RedisAccountStore,
            RedisConversationStore,
            RedisOperatorQueue,
            connect,
        )

        redis = connect(
            settings.redis_url,
            settings.redis_max_connections,
            settings.redis_pool_wait,
            settings.redis_timeout,
        )
        breaker = CircuitBreaker(open_for=settings.redis_retry_after)
        store = RedisConversationStore(redis, timings, breaker)
        queue = RedisOperatorQueue(redis, breaker)
        accounts = Accounts(RedisAccountStore(redis, breaker))
        # Connect (and under Cluster, read the slot map) before the first burst, not in the middle of
        # it; a Redis that is down now is no reason not to start: the safety reply covers it.
        with contextlib.suppress(StoreError):
            await store.ping()
    else:
        log.warning(
            "REDIS_URL is not set: using the in-process memory store. Conversations are lost on restart "
            "and only one process may serve. Set REDIS_URL for production."
        )
        store = MemoryConversationStore(timings)
        queue = MemoryOperatorQueue()
        accounts = Accounts(MemoryAccountStore())
    metrics = metrics or Metrics()
    engine = Engine(
        flows,
        store,
        queue,
        metrics,
        EngineConfig(
            flow_name=settings.flow_name,
            opt_out_handled_by=settings.opt_out_handled_by,
            reply_timeout=settings.reply_timeout,
            queue_wait_limit=settings.queue_wait_limit,
            flood_messages=settings.flood_messages,
            flood_window=settings.flood_window,
            flood_quiet=settings.flood_quiet,
        ),
        detector=default_detector(),
        spool=spool,
        languages=shared_identifier(
            frozenset(code for name in flows.names() for code in flows.current(name).definition.languages)
        ),
    )
    # The flows, models and rules loaded above live as long as the process: keep the garbage collector
    # from walking them again on every collection (shorter pauses in the middle of a reply).
    gc.freeze()
    sweeper = asyncio.create_task(maintain_forever(engine, settings.relay_interval))
    try:
        yield Runtime(settings, engine, store, queue, metrics, accounts)
    finally:
        sweeper.cancel()
        await asyncio.wait([sweeper], timeout=settings.reply_timeout)
        await engine.drain()
        await store.close()
