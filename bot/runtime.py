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
from zoneinfo import ZoneInfo

import yaml

from bot.accounts import Accounts, SignInPolicy
from bot.availability import Availability, WeeklyHours, parse_dates
from bot.desk import CANNED, Desk, DeskConfig
from bot.emergency import default_detector
from bot.engine import Engine, EngineConfig
from bot.flowstore import FlowStore, seed
from bot.language import shared_identifier
from bot.metrics import Metrics
from bot.outbox import Outbox
from bot.publishing import FlowAdmin, Trainer
from bot.sender import TWILIO_API, Sender, SenderConfig
from bot.settings import ConfigurationError, Settings
from bot.spool import Spool
from bot.store import AccountStore, AuditLog, ConversationStore, OperatorQueue, StoreError, StoreTimings
from bot.store.memory import (
    MemoryAccountStore,
    MemoryAuditLog,
    MemoryConversationStore,
    MemoryOperatorQueue,
)
from bot.store.memory_flows import MemoryFlowStore
from bot.store.memory_outbox import MemoryOutbox
from flows import FlowLibrary
from flows.source import DEFINITIONS, Release, shipped_releases

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
    audit: AuditLog
    desk: Desk
    outbox: Outbox
    flow_admin: FlowAdmin

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


def canned_from(settings: Settings) -> tuple[str, ...]:
    """The console's canned responses: the file's list of strings, or the built-in ones."""
    path = settings.canned_responses_file
    if path is None:
        return CANNED
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"FIVESTEPS_CANNED_RESPONSES_FILE: cannot read {path} ({exc})") from exc
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise ConfigurationError("FIVESTEPS_CANNED_RESPONSES_FILE must hold a YAML list of texts")
    return tuple(i.strip() for i in items)


def sender_config(settings: Settings) -> SenderConfig | None:
    """How to reach Twilio's Messages API, or None without an account SID and auth token."""
    if not settings.twilio_account_sid or settings.twilio_auth_token is None:
        return None
    public = str(settings.public_url).rstrip("/") if settings.public_url else None
    return SenderConfig(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token.get_secret_value(),
        api_url=str(settings.twilio_api_url).rstrip("/") if settings.twilio_api_url else TWILIO_API,
        messaging_service_sid=settings.twilio_messaging_service_sid,
        status_callback=f"{public}/twilio/status" if public else None,
        rate=settings.send_rate,
        max_attempts=settings.send_max_attempts,
        request_timeout=settings.send_timeout,
        claim_after=settings.send_takeover,
    )


def accounts_from(settings: Settings, store: AccountStore) -> Accounts:
    return Accounts(
        store,
        policy=SignInPolicy(
            attempts=settings.signin_attempts,
            window=settings.signin_window,
            session_lifetime=settings.session_hours * 3600,
        ),
    )


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
        yield accounts_from(settings, RedisAccountStore(redis))
    finally:
        await close_client(redis)


@asynccontextmanager
async def open_flow_admin(settings: Settings, trainer: Trainer | None = None) -> AsyncIterator[FlowAdmin]:
    """The flow store in Redis, for `fivesteps flows push/publish/rollback/list` (the memory store lives
    only inside `serve`: there, use the admin API). Seeds the store like a server starting would."""
    if not settings.redis_url:
        raise ConfigurationError(
            "REDIS_URL must be set: published flows are kept in Redis, where every server process reads them"
        )
    from bot.store.redis import RedisAuditLog, close_client, connect
    from bot.store.redis_flows import RedisFlowStore

    redis = connect(settings.redis_url, timeout=max(settings.redis_timeout, 5.0))
    try:
        store = RedisFlowStore(redis)
        await seed(store, shipped_releases(settings.flows_dir or DEFINITIONS))
        audit = RedisAuditLog(redis, settings.audit_retention_days * 86400)
        yield FlowAdmin(store, FlowLibrary(store), audit, trainer=trainer)
    finally:
        await close_client(redis)


@dataclass(frozen=True)
class Upkeep:
    """One round of background work: the engine's (spool, relay sweep), then the desk's (staff who have
    gone, queue place updates)."""

    engine: Engine
    desk: Desk

    async def maintain(self) -> None:
        await self.engine.maintain()
        await self.desk.maintain()


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


async def open_flows(store: FlowStore, shipped: list[Release]) -> FlowLibrary:
    """The flow library of a process: the store's active versions, after seeding the store with the
    shipped definitions of any flow it has no version of. A store that does not answer now is no reason
    not to start: the shipped definitions are served until it does (`follow_flows`)."""
    library = FlowLibrary(store)
    try:
        await seed(store, shipped)
        await library.refresh()
    except StoreError as exc:
        log.warning("the flow store did not answer (%s): serving the shipped flows until it does", exc)
        library.serve_meanwhile(shipped)
    return library


def show_flow_versions(library: FlowLibrary, metrics: Metrics) -> None:
    for name in library.names():
        metrics.flow_version.labels(name).set(library.current(name).version)


async def follow_flows(library: FlowLibrary, interval: float, metrics: Metrics) -> None:
    """Pick up published and rolled-back versions, every `interval` seconds, for as long as the process
    runs; a store that does not answer is asked again next time."""
    failing = False
    while True:
        await asyncio.sleep(interval)
        try:
            await library.refresh()
            show_flow_versions(library, metrics)
            failing = False
        except StoreError as exc:
            if not failing:
                log.warning("could not check for new flow versions: %s", exc)
            failing = True
        except Exception:
            log.exception("checking for new flow versions failed")


@asynccontextmanager
async def open_runtime(
    settings: Settings, metrics: Metrics | None = None, *, sender: bool | None = None
) -> AsyncIterator[Runtime]:
    """Everything a server process runs: the engine, its stores, the desk, the upkeep loop, and (unless
    `sender` is False; by default FIVESTEPS_SENDER) the outbox sender."""
    shipped = shipped_releases(settings.flows_dir or DEFINITIONS)
    spool = open_spool(settings)
    timings = timings_from(settings)
    store: ConversationStore
    queue: OperatorQueue
    if settings.redis_url:
        from bot.store.breaker import CircuitBreaker
        from bot.store.redis import (
            RedisAccountStore,
            RedisAuditLog,
            RedisConversationStore,
            RedisOperatorQueue,
            connect,
            warm,
        )
        from bot.store.redis_flows import RedisFlowStore
        from bot.store.redis_outbox import RedisOutbox

        redis = connect(
            settings.redis_url,
            settings.redis_max_connections,
            settings.redis_pool_wait,
            settings.redis_timeout,
        )
        breaker = CircuitBreaker(open_for=settings.redis_retry_after)
        store = RedisConversationStore(redis, timings, breaker)
        queue = RedisOperatorQueue(redis, breaker)
        accounts = accounts_from(settings, RedisAccountStore(redis, breaker))
        audit: AuditLog = RedisAuditLog(redis, settings.audit_retention_days * 86400, breaker)
        outbox: Outbox = RedisOutbox(redis, breaker)
        flow_store: FlowStore = RedisFlowStore(redis, breaker)
        # Connect (and under Cluster, read the slot map) before the first burst, not in the middle of
        # it; a Redis that is down now is no reason not to start: the safety reply covers it.
        with contextlib.suppress(StoreError):
            await store.ping()
            await warm(redis, settings.redis_max_connections)
    else:
        log.warning(
            "REDIS_URL is not set: using the in-process memory store. Conversations are lost on restart "
            "and only one process may serve. Set REDIS_URL for production."
        )
        store = MemoryConversationStore(timings)
        queue = MemoryOperatorQueue()
        accounts = accounts_from(settings, MemoryAccountStore())
        audit = MemoryAuditLog()
        outbox = MemoryOutbox()
        flow_store = MemoryFlowStore()
    flows = await open_flows(flow_store, shipped)
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
        outbox=outbox,
        availability=Availability(
            hours=WeeklyHours.parse(settings.staff_hours),
            closed=parse_dates(settings.staff_closed_dates),
            zone=ZoneInfo(settings.timezone),
            signed_in_within=settings.operator_timeout if settings.staff_signed_in_required else None,
            last_seen=accounts.store.last_seen,
        ),
        languages=shared_identifier(
            frozenset(code for name in flows.names() for code in flows.current(name).definition.languages)
        ),
    )
    # The flows, models and rules loaded above live as long as the process: keep the garbage collector
    # from walking them again on every collection (shorter pauses in the middle of a reply).
    gc.freeze()
    desk = Desk(
        engine,
        accounts,
        audit,
        DeskConfig(
            max_held=settings.operator_max_conversations,
            whatsapp_template=settings.whatsapp_template,
            place_interval=settings.queue_update_interval,
            operator_timeout=settings.operator_timeout,
            canned=canned_from(settings),
        ),
    )
    sweeper = asyncio.create_task(maintain_forever(Upkeep(engine, desk), settings.relay_interval))
    show_flow_versions(flows, metrics)
    tasks = [sweeper, asyncio.create_task(follow_flows(flows, settings.flow_refresh, metrics))]
    send = settings.sender_in_serve if sender is None else sender
    config = sender_config(settings)
    if send and config is not None:
        tasks.append(asyncio.create_task(Sender(outbox, store, config, desk.report, metrics).run()))
    elif send:
        log.warning(
            "no TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: messages from staff stay in the outbox unsent"
        )
    try:
        yield Runtime(
            settings,
            engine,
            store,
            queue,
            metrics,
            accounts,
            audit,
            desk,
            outbox,
            FlowAdmin(flow_store, flows, audit),
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.wait(tasks, timeout=settings.reply_timeout)
        await engine.drain()
        await store.close()
