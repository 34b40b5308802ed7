"""A fake Twilio REST API served over real HTTP on 127.0.0.1, and a clock tests can move.

`FakeTwilio` answers the two Messages calls the sender makes, as Twilio does:

    POST /2010-04-01/Accounts/{AccountSid}/Messages.json   Basic auth (account sid + auth token), form
         To, From | MessagingServiceSid, Body, StatusCallback -> 201 JSON (sid "SM" + 32 hex, "queued")
    GET  /2010-04-01/Accounts/{AccountSid}/Messages.json   To, From, DateSent>, DateSent<, PageSize,
         Page -> Twilio's paged list, newest first

It records every request (`requests`, with the time on `clock`) and every message it accepted (`sent`),
and can be told how to answer the next POSTs (or GETs): `throttle` (429 + Retry-After), `fail` (5xx),
`reject` (a Twilio error code, e.g. 21610 with HTTP 400), `slow` (wait, then handle the request only if
the client is still there, as when a load balancer drops it), `accept_then_hang` (accept the message,
then stall the answer: "Twilio accepted it but we timed out").
"""

from __future__ import annotations

import asyncio
import base64
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from support import ACCOUNT_SID, AUTH_TOKEN

from bot.sender import SenderConfig

API = "/2010-04-01/Accounts/{sid}/Messages.json"


class FakeClock:
    """Time that moves only when told to, or when something sleeps on it."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@dataclass(frozen=True)
class Answer:
    """How to answer one request."""

    status: int = 201
    code: int | None = None  # a Twilio error code, sent with a non-2xx status
    retry_after: float | None = None  # a Retry-After header, in seconds
    delay: float = 0.0  # seconds before handling; a request whose client left meanwhile is dropped
    hang: bool = False  # accept the message, then stall the answer until the fake stops


@dataclass
class SentMessage:
    sid: str
    to: str
    from_: str | None
    messaging_service_sid: str | None
    body: str
    status_callback: str | None
    created: float  # on the fake's clock
    content_sid: str | None = None
    content_variables: str | None = None

    def resource(self, account_sid: str) -> dict[str, Any]:
        stamp = format_datetime(datetime.fromtimestamp(self.created, UTC))
        return {
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": self.body,
            "date_created": stamp,
            "date_sent": stamp,
            "date_updated": stamp,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": self.from_,
            "messaging_service_sid": self.messaging_service_sid,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": self.sid,
            "status": "accepted" if self.messaging_service_sid and not self.from_ else "queued",
            "subresource_uris": {"media": f"{API.format(sid=account_sid)[:-5]}/{self.sid}/Media.json"},
            "to": self.to,
            "uri": f"{API.format(sid=account_sid)[:-5]}/{self.sid}.json",
        }


@dataclass
class Seen:
    """One request the fake received, and what it answered (0: dropped, the client had gone)."""

    method: str
    at: float  # on the fake's clock, when it arrived
    params: dict[str, str]
    status: int = 0


@dataclass
class _Plan:
    answer: Answer
    times: int | None  # None: for the rest of the test


@dataclass
class FakeTwilio:
    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    clock: Callable[[], float] = time.time
    sent: list[SentMessage] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)
    port: int = field(default=0, init=False)
    # How to answer the next requests, by method (see `answer`).
    plans: dict[str, list[_Plan]] = field(
        default_factory=lambda: {"POST": [], "GET": []}, init=False, repr=False
    )
    # Set on stop: lets go of answers that `accept_then_hang` stalled.
    released: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)
    runner: web.AppRunner | None = field(default=None, init=False, repr=False)

    # -- lifecycle ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeTwilio:
        app = web.Application()
        path = API.format(sid="{account}")
        app.router.add_post(path, self._create)
        app.router.add_get(path, self._list)
        # No access log (query strings hold numbers); a handler is cancelled when its client leaves.
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.runner, self.port = runner, int(runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        self.released.set()
        runner, self.runner = self.runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeTwilio:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def config(self, **overrides: Any) -> SenderConfig:
        """A sender configuration pointed at this fake, quick to retry and never blocking in `take`."""
        settings: dict[str, Any] = {
            "account_sid": self.account_sid,
            "auth_token": self.auth_token,
            "api_url": self.url,
            "rate": 1000.0,
            "backoff_base": 0.01,
            "backoff_cap": 0.05,
            "request_timeout": 2.0,
            "claim_after": 5.0,
            "block": 0.0,
            "gauge_every": 0.0,
        }
        settings.update(overrides)
        return SenderConfig(**settings)

    # -- telling it how to answer -------------------------------------------------------------------

    def answer(self, answer: Answer, times: int | None = 1, method: str = "POST") -> None:
        """Answer the next `times` requests of `method` so (None: every one from now on)."""
        self.plans[method].append(_Plan(answer, times))

    def throttle(self, times: int | None = 1, retry_after: float | None = 1.0) -> None:
        self.answer(Answer(429, 20429, retry_after), times)

    def fail(self, times: int | None = 1, status: int = 500, method: str = "POST") -> None:
        self.answer(Answer(status), times, method)

    def reject(self, code: int = 21610, status: int = 400, times: int | None = 1) -> None:
        self.answer(Answer(status, code), times)

    def slow(self, seconds: float, times: int | None = 1) -> None:
        self.answer(Answer(delay=seconds), times)

    def accept_then_hang(self, times: int | None = 1) -> None:
        self.answer(Answer(hang=True), times)

    # -- what it saw -------------------------------------------------------------------------------

    def posts(self) -> list[Seen]:
        return [seen for seen in self.requests if seen.method == "POST"]

    def lookups(self) -> list[Seen]:
        return [seen for seen in self.requests if seen.method == "GET"]

    # -- the API -----------------------------------------------------------------------------------

    def _next(self, method: str) -> Answer:
        plans = self.plans[method]
        if not plans:
            return Answer(200 if method == "GET" else 201)
        plan = plans[0]
        if plan.times is not None:
            plan.times -= 1
            if plan.times <= 0:
                plans.pop(0)
        return plan.answer

    def _authorised(self, request: web.Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {expected}"

    def _error(
        self, status: int, code: int | None, message: str, retry_after: float | None = None
    ) -> web.Response:
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        body = {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}" if code else None,
            "status": status,
        }
        return web.json_response(body, status=status, headers=headers)

    async def _prelude(self, request: web.Request) -> tuple[Answer, web.Response | None]:
        """Authentication, then the planned answer: an error response, or None to go on."""
        if not self._authorised(request):
            return Answer(401), self._error(401, 20003, "Authenticate")
        if request.match_info["account"] != self.account_sid:
            return Answer(404), self._error(404, 20404, "The requested resource was not found")
        answer = self._next(request.method)
        if answer.delay:
            await asyncio.sleep(answer.delay)
            if request.transport is None or request.transport.is_closing():
                raise asyncio.CancelledError  # the client gave up: nothing is processed
        if answer.status >= 400:
            return answer, self._error(answer.status, answer.code, "Planned failure", answer.retry_after)
        return answer, None

    async def _create(self, request: web.Request) -> web.StreamResponse:
        form = {k: str(v) for k, v in (await request.post()).items()}
        seen = Seen("POST", self.clock(), form)
        self.requests.append(seen)
        answer, refused = await self._prelude(request)
        if refused is not None:
            seen.status = refused.status
            return refused
        missing = self._missing(form)
        if missing is not None:
            seen.status = missing.status
            return missing
        message = SentMessage(
            sid="SM" + uuid.uuid4().hex,
            to=form["To"],
            from_=form.get("From"),
            messaging_service_sid=form.get("MessagingServiceSid"),
            body=form.get("Body", ""),
            status_callback=form.get("StatusCallback"),
            content_sid=form.get("ContentSid"),
            content_variables=form.get("ContentVariables"),
            created=self.clock(),
        )
        self.sent.append(message)
        seen.status = 201
        if answer.hang:
            await self.released.wait()
        return web.json_response(message.resource(self.account_sid), status=201)

    def _missing(self, form: dict[str, str]) -> web.Response | None:
        if not form.get("To"):
            return self._error(400, 21604, "A 'To' phone number is required.")
        if not form.get("From") and not form.get("MessagingServiceSid"):
            return self._error(400, 21603, "A 'From' phone number is required.")
        if not form.get("Body") and not form.get("ContentSid"):
            return self._error(400, 21602, "Message body is required.")
        return None

    async def _list(self, request: web.Request) -> web.StreamResponse:
        query = dict(request.query)
        seen = Seen("GET", self.clock(), query)
        self.requests.append(seen)
        _, refused = await self._prelude(request)
        if refused is not None:
            seen.status = refused.status
            return refused
        after, before = _instant(query.get("DateSent>")), _instant(query.get("DateSent<"))
        found = [
            m
            for m in reversed(self.sent)  # newest first
            if query.get("To", m.to) == m.to
            and query.get("From", m.from_) == m.from_
            and (after is None or m.created >= after)
            and (before is None or m.created <= before)
        ]
        size = max(1, min(1000, int(query.get("PageSize", "50"))))
        page = int(query.get("Page", "0"))
        chunk = found[page * size : (page + 1) * size]
        uri = API.format(sid=self.account_sid)

        def page_uri(number: int) -> str:
            return f"{uri}?{urlencode({**query, 'Page': number, 'PageSize': size})}"

        seen.status = 200
        return web.json_response(
            {
                "messages": [m.resource(self.account_sid) for m in chunk],
                "end": page * size + max(0, len(chunk) - 1),
                "first_page_uri": page_uri(0),
                "next_page_uri": page_uri(page + 1) if (page + 1) * size < len(found) else None,
                "page": page,
                "page_size": size,
                "previous_page_uri": page_uri(page - 1) if page > 0 else None,
                "start": page * size,
                "uri": page_uri(page),
            }
        )


def _instant(value: str | None) -> float | None:
    """Seconds for Twilio's DateSent filters: ISO 8601 (`2024-01-01T10:00:00Z`) or a date."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
