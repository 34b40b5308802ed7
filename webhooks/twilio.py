"""POST /twilio/messages: SMS and WhatsApp share it; `whatsapp:` on `From` names the channel.

Order: no signature header at all (403) -> a declared length over the limit (413) -> read the form
within the body time-out (408; 413 over the limit; 400 for a body that is not a UTF-8 form, a bad content
encoding or charset) -> check the signature against the public URL (403) -> parse (400) -> the engine ->
TwiML. No request can make it answer 5xx. The engine never raises and answers within its time-out; if even
that failed, the handler still answers 200 with the static safety reply.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from twilio.twiml.messaging_response import MessagingResponse

from bot.logs import conversation_ref
from bot.messages import InboundMessage, Reply, ReplyKind
from bot.safety import SAFETY_REPLY
from bot.store import DELIVERY_ORDER, StoreError
from webhooks.inbound import MalformedWebhook, parse_inbound
from webhooks.keys import METRICS, RUNTIME, SETTINGS, VALIDATOR
from webhooks.limits import MAX_REQUEST_BYTES

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

FORM = "application/x-www-form-urlencoded"
_MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}")
UTF8 = frozenset({"utf-8", "utf8"})
# What reading a body can raise when the client sent something broken: a charset Python does not know
# (LookupError), bytes that are not UTF-8, a body that does not inflate as its Content-Encoding says.
_UNREADABLE = (ValueError, LookupError, HttpProcessingError, web.RequestPayloadError)


def twiml(texts: tuple[str, ...] | list[str]) -> web.Response:
    response = MessagingResponse()
    for text in texts:
        response.message(text)
    return web.Response(text=str(response), content_type="application/xml")


def _refuse(request: web.Request, status: int, reason: str) -> web.Response:
    request.app[METRICS].rejected.labels(str(status)).inc()
    log.info("webhook refused", extra={"status": status, "reason": reason, "path": request.path})
    return web.Response(status=status, text=reason + "\n")


def _signature_ok(request: web.Request, form: dict[str, str]) -> bool:
    settings = request.app[SETTINGS]
    if settings.dev_skip_signature:
        return True
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    # Twilio signs the URL it called, not the one this process sees behind a proxy.
    url = str(settings.public_url).rstrip("/") + request.path_qs
    return bool(request.app[VALIDATOR].validate(url, form, signature))


@routes.post("/twilio/messages")
async def inbound_message(request: web.Request) -> web.Response:
    started = time.perf_counter()
    metrics = request.app[METRICS]
    try:
        return await _inbound(request)
    finally:
        metrics.webhook_latency.observe(time.perf_counter() - started)


async def _signed_form(request: web.Request) -> dict[str, str] | web.Response:
    """The form of a request Twilio signed for this service, or the refusal to answer with."""
    settings = request.app[SETTINGS]
    if not settings.dev_skip_signature and "X-Twilio-Signature" not in request.headers:
        return _refuse(request, 403, "invalid or missing X-Twilio-Signature")
    if (request.content_length or 0) > MAX_REQUEST_BYTES:
        return _refuse(request, 413, "request body too large")
    is_form = request.content_type == FORM
    if is_form and (request.charset or "utf-8").lower() not in UTF8:
        return _refuse(request, 400, "the form must be UTF-8")
    try:
        async with asyncio.timeout(settings.body_timeout):
            raw = await request.post() if is_form else None
    except TimeoutError:
        return _refuse(request, 408, "request body not received in time")
    except web.HTTPRequestEntityTooLarge:
        return _refuse(request, 413, "request body too large")
    except _UNREADABLE:
        return _refuse(request, 400, "request body is not a valid form")
    form = {k: v for k, v in raw.items() if isinstance(v, str)} if raw is not None else {}
    if not _signature_ok(request, form):
        return _refuse(request, 403, "invalid or missing X-Twilio-Signature")
    if raw is None:
        return _refuse(request, 400, f"Content-Type must be {FORM}")
    if settings.twilio_account_sid and form.get("AccountSid") != settings.twilio_account_sid:
        return _refuse(request, 403, "AccountSid does not match this service")
    return form


async def _inbound(request: web.Request) -> web.Response:
    form = await _signed_form(request)
    if isinstance(form, web.Response):
        return form
    try:
        message = parse_inbound(form)
    except MalformedWebhook as exc:
        return _refuse(request, 400, str(exc))

    runtime = request.app[RUNTIME]
    channel = message.contact.channel.value
    runtime.metrics.messages_in.labels(channel).inc()
    reply = await _answer(runtime.engine.handle, message, runtime.engine.config.reply_timeout + 1.0)
    runtime.metrics.messages_out.labels(channel).inc(len(reply.texts))
    log.info(
        "inbound answered",
        extra={
            "conversation": conversation_ref(message.contact),
            "message_sid": message.message_id,
            "reply_kind": reply.kind.value,
            "replies": len(reply.texts),
        },
    )
    return twiml(reply.texts)


async def _answer(
    handle: Callable[[InboundMessage], Awaitable[Reply]], message: InboundMessage, bound: float
) -> Reply:
    """Belt and braces around the engine, which already never raises: a person never gets silence."""
    try:
        async with asyncio.timeout(bound):
            return await handle(message)
    except Exception:
        log.exception("engine raised; answering with the safety reply")
        return Reply((SAFETY_REPLY,), ReplyKind.SAFETY)


@routes.post("/twilio/status")
async def message_status(request: web.Request) -> web.Response:
    """Twilio's status callback for a message the sender sent: record how far it got, only forward.

    Callbacks arrive out of order (a late `sent` after `delivered` changes nothing); one for a message
    this service does not know (sent by something else, or erased since) is answered 200 and ignored."""
    form = await _signed_form(request)
    if isinstance(form, web.Response):
        return form
    sid, status = form.get("MessageSid", ""), form.get("MessageStatus", "").lower()
    if not _MESSAGE_SID.fullmatch(sid) or not status:
        return _refuse(request, 400, "MessageSid and MessageStatus are required")
    runtime = request.app[RUNTIME]
    runtime.metrics.status_callbacks.labels(status if status in DELIVERY_ORDER else "other").inc()
    if status not in DELIVERY_ORDER:
        return web.Response(status=200, text="")  # e.g. "receiving": nothing to record
    try:
        found = await runtime.store.sent_message(sid)
        if found is None:
            return web.Response(status=200, text="")
        key, message_id = found
        changed = await runtime.store.record_delivery(key, message_id, status)
    except StoreError as exc:
        log.warning("delivery status not recorded", extra={"message_sid": sid, "error": type(exc).__name__})
        return web.Response(status=503, text="the store is unavailable\n")
    log.info(
        "delivery status",
        extra={
            "conversation": conversation_ref(key),
            "message_sid": sid,
            "status": status,
            "changed": changed,
            "error_code": form.get("ErrorCode") or None,
        },
    )
    return web.Response(status=200, text="")
