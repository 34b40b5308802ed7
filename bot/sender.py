"""The sender: drains the outbox (`bot.outbox`) through Twilio's Messages API, each message once.

For each message it takes, in the order its conversation created them (one conversation's messages one
at a time; conversations side by side, up to `concurrency`):

1. Twilio accepted it before (a sid recorded, the ack lost in a crash): acknowledge it, report "sent".
2. A POST of it started and nobody saw the answer (a time-out, a connection lost, a sender killed
   mid-request): look in Twilio's message log for a message to the same address with the same body,
   created since that POST began. Found: record its sid, report "sent". Not found: send it again.
   (The log is read by To and From without a DateSent filter: a message Twilio still holds as
   queued has no date_sent yet.)
3. The person has opted out: acknowledge it, report "skipped". Nothing proactive goes to them.
4. Wait for this process's rate (`rate` a second, evenly spaced), record "a POST starts now" in the
   outbox (fenced: refused if another sender has taken the entry over), POST, and record the sid.
   A 201 -> "sent". HTTP 429, Twilio code 20429, 5xx, 401 (credentials, which an operator can fix) and
   anything below HTTP -> retry later: the entry is parked in the outbox for a full-jitter exponential
   backoff, or the `Retry-After` Twilio sent if longer; the conversation's later messages wait behind
   it, other conversations go on. After `max_attempts` such failures -> dead-lettered, "dead". Any
   other 4xx -> "failed", with Twilio's code (21610 STOP, 21614 not a mobile, 63016 WhatsApp window).

The twilio SDK is used as NOTES.md says: its async client made inside the running loop and closed on
the way out, `asyncio.timeout()` around each call (the client's own time-out is ignored), no
`max_retries` (it would re-POST on 5xx and send twice). Its exceptions carry no response headers, so
the HTTP client below keeps each task's last response, where `Retry-After` is read.

`report` is called once a message's fate is known, before it is acknowledged: after a crash in between
it is called again for the same message, so it must be idempotent (`ConversationStore.record_delivery`
is). Logs name a conversation by `conversation_ref` and never hold a number, a body or a token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.logs import conversation_ref
from bot.metrics import Metrics
from bot.outbox import Delivery, OutboundMessage, Outbox, Outcome, SendRecord, SendReport
from bot.store.base import ConversationStore, StoreError

log = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"

# The error catalogue (the courier way): Twilio codes that name what is wrong with one message, said so
# that staff reading the transcript know what happened. Any 4xx other than those below is permanent too;
# these only get a readable detail.
STOPPED = 21610  # the person has replied STOP to this sender
PERMANENT_ERRORS: dict[int, str] = {
    21211: "Twilio says the number is not valid",
    21408: "texts to this country are not enabled",
    STOPPED: "the person has opted out (they replied STOP); nothing more will be sent",
    21612: "Twilio cannot route texts between these numbers",
    21614: "the number cannot receive texts (not a mobile)",
    21617: "the message is too long",
    63016: "WhatsApp's 24-hour window has closed; use a template",
}
# Codes that mean no message can reach this address at all (`bot.desk` refuses further sends).
UNREACHABLE_ERRORS = frozenset({21211, 21408, 21612, 21614})
THROTTLED = 20429
AUTHENTICATION = 20003


@dataclass(frozen=True, slots=True)
class SenderConfig:
    account_sid: str
    auth_token: str = field(repr=False)
    api_url: str = TWILIO_API  # FIVESTEPS_TWILIO_API_URL; a local fake in tests
    messaging_service_sid: str | None = None  # when set, sent as MessagingServiceSid instead of From
    status_callback: str | None = None  # e.g. FIVESTEPS_PUBLIC_URL + "/twilio/status"
    rate: float = 1.0  # POSTs a second from this process, evenly spaced
    max_attempts: int = 8  # retryable failures before a message is dead-lettered
    backoff_base: float = 1.0  # seconds: full jitter in [0, min(cap, base * 2**(failures - 1))]
    backoff_cap: float = 300.0
    retry_after_cap: float = 900.0  # the longest Retry-After honoured
    request_timeout: float = 10.0  # seconds for one API call
    claim_after: float = 60.0  # seconds an entry may go without progress before another takes it over
    batch: int = 20  # entries taken at a time (fewer when `rate` could not send them in claim_after / 2)
    concurrency: int = 4  # conversations sent side by side
    block: float = 1.0  # seconds `take` waits for work
    clock_skew: float = 30.0  # seconds between our clock and Twilio's that a log look-up allows for
    lookup_limit: int = 50  # newest messages to one address read when looking for an in-doubt one
    gauge_every: float = 5.0  # seconds between updates of the depth and dead-letter gauges

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.max_attempts < 1 or self.request_timeout <= 0 or self.concurrency < 1:
            raise ValueError("rate, max_attempts, request_timeout and concurrency must be positive")
        if self.claim_after <= 2 * self.request_timeout:
            # An entry is protected from takeover for `claim_after` once its POST starts: the POST, and
            # recording its answer, must end well within that.
            raise ValueError("claim_after must be more than twice request_timeout")


class TransportError(Exception):
    """No HTTP answer from Twilio (connection refused or lost, a protocol error): the request may or
    may not have reached it."""


# The last response each task received, for the headers an SDK exception does not carry.
_last_response: ContextVar[Any] = ContextVar("twilio_last_response", default=None)


class _HttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]  # the SDK is untyped
    """The SDK's async HTTP client, keeping each task's last response (`Retry-After`), turning errors
    below HTTP into TransportError (so `bot` need not import aiohttp), and not logging requests: the
    SDK logs query strings, which hold phone numbers."""

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        _last_response.set(None)
        try:
            response = await super().request(*args, **kwargs)
        except Exception as exc:
            raise TransportError(type(exc).__name__) from exc
        _last_response.set(response)
        return response

    def log_request(self, kwargs: Any) -> None:
        pass

    def log_response(self, status_code: int, response: Any) -> None:
        pass


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What a failed call means for the message."""

    retry: bool
    detail: str
    code: int | None = None  # Twilio's error code, when it sent one
    retry_after: float | None = None
    in_doubt: bool = False  # the message may have been accepted


def classify(status: int, code: int | None, retry_after: float | None = None) -> _Verdict:
    """5xx, 429 (or code 20429) and 401 are worth another try; any other 4xx is the message's fault."""
    twilio_code = code if code is not None and code >= 10000 else None  # the SDK puts the status there
    if status == 429 or twilio_code == THROTTLED:
        return _Verdict(True, "throttled", twilio_code, retry_after)
    if status >= 500:
        return _Verdict(True, f"HTTP {status}", twilio_code, retry_after)
    if status == 401 or twilio_code == AUTHENTICATION:
        return _Verdict(True, "credentials refused", twilio_code)
    known = PERMANENT_ERRORS.get(twilio_code or 0)
    return _Verdict(False, known or f"HTTP {status} refused", twilio_code)


def _retry_after() -> float | None:
    """Seconds from the Retry-After header of this task's last response (delta-seconds or a date)."""
    response = _last_response.get()
    headers = getattr(response, "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class _Spacing:
    """At most `rate` requests a second from this process, evenly spaced (no bursts)."""

    def __init__(
        self, rate: float, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]]
    ) -> None:
        self.interval = 1.0 / rate
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = self.clock()
            if self._next > now:
                await self.sleep(self._next - now)
                now = self.clock()
            self._next = max(now, self._next) + self.interval


@dataclass(frozen=True, slots=True)
class _Step:
    parked_until: float | None = None  # parked for a retry: the conversation's later messages wait too
    stop: bool = False  # leave the conversation's later messages (taken over, or the store failed)


_DONE = _Step()


def default_consumer() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Sender:
    def __init__(
        self,
        outbox: Outbox,
        store: ConversationStore,
        config: SenderConfig,
        report: Callable[[SendReport], Awaitable[None]],
        metrics: Metrics | None = None,
        clock: Callable[[], float] = time.time,
        consumer: str | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.outbox = outbox
        self.store = store
        self.config = config
        self.report = report
        self.metrics = metrics
        self.clock = clock  # wall-clock time: attempts are compared with Twilio's creation times
        self.consumer = consumer or default_consumer()
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not a secret
        self._spacing = _Spacing(config.rate, clock, sleep)
        self._http: _HttpClient | None = None
        self._client: Any = None
        self._gauges_at = float("-inf")

    async def __aenter__(self) -> Sender:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def start(self) -> None:
        """Make the Twilio client; call inside the running loop (its HTTP session belongs to it)."""
        if self._client is not None:
            return
        self._http = _HttpClient()
        client = Client(self.config.account_sid, self.config.auth_token, http_client=self._http)
        # `api_url` is the whole truth about where requests go: TWILIO_EDGE / TWILIO_REGION in the
        # environment would rewrite its host name, even 127.0.0.1.
        client.edge = None
        client.region = None
        client.api.base_url = self.config.api_url.rstrip("/")
        self._client = client

    @property
    def connected(self) -> bool:
        """Whether the Twilio client (and its HTTP session) is open."""
        return self._client is not None

    async def close(self) -> None:
        http, self._http, self._client = self._http, None, None
        if http is not None:
            await http.close()

    async def run(self) -> None:
        """Drain the outbox until cancelled; the Twilio client is closed on the way out."""
        self.start()
        pause = 0.0
        try:
            while True:
                try:
                    handled = await self.drain_once()
                    pause = 0.0
                    if not handled and self.config.block < 0.05:
                        await asyncio.sleep(0.05)
                except StoreError as exc:
                    pause = min(max(2 * pause, 0.5), 10.0)
                    log.warning("outbox unreachable, sender pauses", extra={"error": type(exc).__name__})
                    await asyncio.sleep(pause)
                except Exception:
                    log.exception("sender round failed")
                    await asyncio.sleep(1.0)
        finally:
            await self.close()

    @property
    def batch(self) -> int:
        """Entries taken at a time: no more than this process can send within half of `claim_after`,
        so none waits for its turn here long enough to be taken over."""
        cfg = self.config
        return max(1, min(cfg.batch, int(cfg.rate * cfg.claim_after / 2)))

    async def drain_once(self) -> int:
        """Take one batch and deal with every entry of it. Returns how many were taken."""
        self.start()
        cfg = self.config
        deliveries = await self.outbox.take(self.consumer, self.batch, cfg.block, cfg.claim_after)
        if time.monotonic() - self._gauges_at >= cfg.gauge_every:
            await self.update_gauges()
        if not deliveries:
            return 0
        conversations: dict[str, list[Delivery]] = {}
        for delivery in sorted(deliveries, key=lambda d: d.message.created_at):  # stable: stream order
            conversations.setdefault(delivery.message.conversation, []).append(delivery)
        slots = asyncio.Semaphore(cfg.concurrency)

        async def send(group: list[Delivery]) -> None:
            async with slots:
                await self._send_conversation(group)

        await asyncio.gather(*(send(group) for group in conversations.values()))
        return len(deliveries)

    async def update_gauges(self) -> None:
        self._gauges_at = time.monotonic()
        if self.metrics is None:
            return
        try:
            self.metrics.outbox_depth.set(await self.outbox.depth())
            self.metrics.outbox_dead.set(await self.outbox.dead_count())
        except StoreError:
            pass  # the next round tries again; the round itself reports the outage

    async def _send_conversation(self, group: list[Delivery]) -> None:
        for i, delivery in enumerate(group):
            try:
                step = await self._deliver(delivery, group[i + 1 :])
            except StoreError as exc:
                # Left pending: taken over (by any sender) after claim_after, in order.
                log.warning(
                    "outbox or store failed, messages left for later",
                    extra={
                        "conversation": conversation_ref(delivery.message.key),
                        "error": type(exc).__name__,
                    },
                )
                return
            except Exception:
                log.exception(
                    "sending failed unexpectedly, messages left for later",
                    extra={"conversation": conversation_ref(delivery.message.key)},
                )
                return
            if step.stop:
                return
            if step.parked_until is not None:
                try:
                    for later in group[i + 1 :]:  # they keep their place behind it
                        await self.outbox.retry(later, step.parked_until, failed=False)
                except StoreError:
                    pass  # those left pending are taken over after claim_after, in order
                return

    async def _deliver(self, delivery: Delivery, followers: list[Delivery]) -> _Step:
        message, record = delivery.message, delivery.record
        if record.sid:  # accepted before; the acknowledgement was lost
            return await self._finish(delivery, "sent", record, sid=record.sid, detail="accepted earlier")
        if record.in_doubt_since is not None:
            try:
                sid = await self._find_accepted(message, record.in_doubt_since)
            except Exception as exc:
                # Dead-lettering a message that may have gone is safe (it sends nothing); sending it again
                # without looking is not.
                verdict = _Verdict(True, f"in doubt, log look-up failed ({_error_name(exc)})")
                return await self._retryable(delivery, record, verdict)
            await self.outbox.end_attempt(delivery, record.in_doubt_since, sid)
            if sid is not None:
                return await self._finish(delivery, "sent", record, sid=sid, detail="found in Twilio's log")
            log.info(
                "in-doubt message not in Twilio's log, sending it again",
                extra={"conversation": conversation_ref(message.key), "outbound_id": message.id},
            )
            record = replace(record, in_doubt_since=None)
        if record.failures >= self.config.max_attempts:
            return await self._finish(
                delivery, "dead", record, detail=f"gave up after {record.failures} failures"
            )
        if (await self.store.load(message.key)).opted_out:
            return await self._finish(delivery, "skipped", record, detail="opted out")
        return await self._post(delivery, followers)

    async def _post(self, delivery: Delivery, followers: list[Delivery]) -> _Step:
        message = delivery.message
        await self._spacing.wait()
        at = self.clock()
        # The conversation's later messages restart their takeover clock with this one: were this process
        # to die now, they would otherwise be taken over (and sent) before it.
        begun = await self.outbox.begin_attempt(delivery, at, followers)
        if begun is None:
            log.info(
                "outbox entry taken over by another sender",
                extra={"conversation": conversation_ref(message.key), "outbound_id": message.id},
            )
            return _Step(stop=True)
        try:
            async with asyncio.timeout(self.config.request_timeout):
                created = await self._client.messages.create_async(**self._params(message))
        except (TwilioRestException, TwilioServiceException) as exc:
            await self.outbox.end_attempt(delivery, at, None)  # an error answer: nothing was created
            verdict = classify(int(exc.status), _int_or_none(exc.code), _retry_after())
            if verdict.retry:
                return await self._retryable(delivery, begun, verdict)
            return await self._finish(delivery, "failed", begun, code=verdict.code, detail=verdict.detail)
        except TimeoutError:
            return await self._retryable(delivery, begun, _Verdict(True, "timed out", in_doubt=True))
        except Exception as exc:  # no answer, or one we could not read: Twilio may have it
            verdict = _Verdict(True, f"no answer ({_error_name(exc)})", in_doubt=True)
            return await self._retryable(delivery, begun, verdict)
        sid = str(created.sid)
        await self.outbox.end_attempt(delivery, at, sid)
        return await self._finish(delivery, "sent", begun, sid=sid)

    def _params(self, message: OutboundMessage) -> dict[str, Any]:
        params: dict[str, Any] = {"to": message.to}
        if message.content_sid:
            params["content_sid"] = message.content_sid
            if message.content_variables:
                params["content_variables"] = json.dumps(message.content_variables)
        else:
            params["body"] = message.body
        if self.config.messaging_service_sid:
            params["messaging_service_sid"] = self.config.messaging_service_sid
        else:
            params["from_"] = message.sender
        if self.config.status_callback:
            params["status_callback"] = self.config.status_callback
        return params

    async def _find_accepted(self, message: OutboundMessage, since: float) -> str | None:
        """Twilio's sid for `message` if a POST of it begun at `since` was accepted after all: the
        newest messages to its address (from its sender, or through the messaging service) with its
        body, created between `since` and the end of that request (each allowing for clock skew). A
        template's text is Twilio's to fill in: any message of that window counts (a sender sends one
        conversation's messages one at a time, so it can only be this one)."""
        cfg = self.config
        query: dict[str, Any] = {"to": message.to, "limit": cfg.lookup_limit, "page_size": cfg.lookup_limit}
        if not cfg.messaging_service_sid:
            query["from_"] = message.sender
        async with asyncio.timeout(cfg.request_timeout):
            found = await self._client.messages.list_async(**query)
        earliest, latest = since - cfg.clock_skew, since + cfg.request_timeout + cfg.clock_skew
        for candidate in found:
            created = candidate.date_created
            if created is None or (message.content_sid is None and candidate.body != message.body):
                continue
            if cfg.messaging_service_sid and candidate.messaging_service_sid != cfg.messaging_service_sid:
                continue
            if earliest <= created.replace(tzinfo=created.tzinfo or UTC).timestamp() <= latest:
                return str(candidate.sid)
        return None

    async def _retryable(self, delivery: Delivery, record: SendRecord, verdict: _Verdict) -> _Step:
        """Park the entry for another try, or dead-letter it after `max_attempts` failures (but never
        while in doubt: the next holder looks in Twilio's log first)."""
        failures = record.failures + 1
        if failures >= self.config.max_attempts and not verdict.in_doubt:
            return await self._finish(
                delivery, "dead", replace(record, failures=failures), code=verdict.code, detail=verdict.detail
            )
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2 ** (failures - 1))
        delay = self._rng.uniform(0, ceiling)
        if verdict.retry_after is not None:
            delay = max(delay, min(verdict.retry_after, self.config.retry_after_cap))
        due = self.clock() + delay
        if not await self.outbox.retry(delivery, due):
            return _Step(stop=True)
        self._count("retried")
        log.info(
            "outbound message to be retried",
            extra={
                "conversation": conversation_ref(delivery.message.key),
                "outbound_id": delivery.message.id,
                "failures": failures,
                "error_code": verdict.code,
                "detail": verdict.detail,
                "delay": round(delay, 3),
            },
        )
        return _Step(parked_until=due)

    async def _finish(
        self,
        delivery: Delivery,
        outcome: Outcome,
        record: SendRecord,
        *,
        sid: str | None = None,
        code: int | None = None,
        detail: str = "",
    ) -> _Step:
        report = SendReport(delivery.message, outcome, sid, code, record.attempts, detail)
        try:
            await self.report(report)
        except Exception as exc:
            log.warning(
                "send report failed",
                extra={"conversation": conversation_ref(delivery.message.key), "error": _error_name(exc)},
            )
        if outcome == "dead":
            done = await self.outbox.dead_letter(delivery, report)
        else:
            done = await self.outbox.ack(delivery)
        if not done:
            return _Step(stop=True)
        self._count(outcome)
        log.log(
            logging.WARNING if outcome in ("failed", "dead") else logging.INFO,
            f"outbound message {outcome}",
            extra={
                "conversation": conversation_ref(delivery.message.key),
                "outbound_id": delivery.message.id,
                "attempts": record.attempts,
                "error_code": code,
                "detail": detail,
            },
        )
        return _DONE

    def _count(self, result: str) -> None:
        if self.metrics is not None:
            self.metrics.sends.labels(result).inc()


def _int_or_none(value: object) -> int | None:
    if isinstance(value, int | str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _error_name(exc: BaseException) -> str:
    """The kind of error, never its message (which can quote a number or a URL with a token)."""
    if isinstance(exc, TransportError) and exc.args:
        return str(exc.args[0])
    return type(exc).__name__
