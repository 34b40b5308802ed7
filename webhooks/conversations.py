"""The operator API: the live queue and what staff do with a conversation (`bot.desk` does the work).

Routes (every one needs credentials, see `webhooks.api`; a conversation is named by its opaque id):

    POST /api/heartbeat                         the console is alive (its user's conversations stay theirs)
    GET  /api/queue                             the escalated conversations, most urgent first
    GET  /api/conversations/{id}                 the record and the whole transcript
    POST /api/conversations/{id}/claim           200, or 409 when someone else holds it / at your limit
    POST /api/conversations/{id}/messages        {"text"} -> 202 {"id"} once committed for sending
    POST /api/conversations/{id}/transfer        {"to": NAME | null}
    POST /api/conversations/{id}/close           {"outcome"}
    POST /api/conversations/{id}/notes           {"text"}

Times are ISO 8601 in UTC. Nothing here logs a number or a message.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from bot.conversation import Channel, Conversation, ConversationKey, TranscriptEntry
from bot.desk import ConversationView, Desk, DeskError, QueueItem
from webhooks.api import USER, json_error, read_json
from webhooks.keys import RUNTIME

routes = web.RouteTableDef()


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _refused(exc: DeskError) -> web.Response:
    return web.json_response({"error": str(exc), **exc.details}, status=exc.status)


def _item(item: QueueItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "contact": item.key.contact,
        "channel": item.key.channel.value,
        "priority": item.priority,
        "reason": item.reason,
        "waiting_since": iso(item.waiting_since),
        "summary": item.summary,
        "holder": item.holder,
        "status": item.status.value,
    }


def _summary(key: ConversationKey, conv: Conversation) -> dict[str, Any]:
    return {
        "id": conv.id,
        "contact": key.contact,
        "channel": key.channel.value,
        "status": conv.status.value,
        "holder": conv.holder,
        "priority": conv.escalation_priority,
        "reason": conv.escalation_reason,
        "summary": conv.summary,
    }


def _entry(entry: TranscriptEntry, delivery: dict[str, str]) -> dict[str, Any]:
    author = "person" if entry.direction == "in" else entry.author or "bot"
    # A message staff sent (or the service sent for them) has an id; until the sender reports, queued.
    status = delivery.get(entry.message_id, "queued") if entry.message_id else None
    return {
        "at": iso(entry.at),
        "direction": entry.direction,
        "kind": entry.kind,
        "author": author,
        "text": entry.text,
        "delivery": status if entry.direction == "out" else None,
        **({"id": entry.message_id} if entry.direction == "out" and entry.message_id else {}),
        **({"dropped": entry.dropped} if entry.kind == "dropped" else {}),
    }


def _view(view: ConversationView, delivery: dict[str, str], template: str) -> dict[str, Any]:
    conv = view.conversation
    return {
        **_summary(view.key, conv),
        "whatsapp_template": (template or None) if view.key.channel is Channel.WHATSAPP else None,
        "opted_out": view.opted_out,
        "unreachable": conv.unreachable,
        "waiting_since": iso(conv.escalated_at),
        "last_message_at": iso(conv.last_in_at),
        "transcript": [_entry(e, delivery) for e in view.transcript],
    }


def _text(data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str):
        raise web.HTTPBadRequest(text=f'send {{"{field}": "..."}}')
    return value


@routes.get("/api/outbox")
async def outbox(request: web.Request) -> web.Response:
    """How many messages wait to be sent, and the latest dead letters (messages given up on)."""
    runtime = request.app[RUNTIME]
    dead = await runtime.outbox.dead_letters(50)
    return web.json_response(
        {
            "depth": await runtime.outbox.depth(),
            "dead_count": await runtime.outbox.dead_count(),
            "dead": [
                {
                    "id": report.message.id,
                    "contact": report.message.to,
                    "author": report.message.author,
                    "created_at": iso(report.message.created_at),
                    "attempts": report.attempts,
                    "error_code": report.error_code,
                    "detail": report.detail,
                }
                for report in dead
            ],
        }
    )


@routes.get("/api/canned")
async def canned(request: web.Request) -> web.Response:
    """The canned responses the console offers."""
    return web.json_response({"items": list(request.app[RUNTIME].desk.config.canned)})


@routes.post("/api/heartbeat")
async def heartbeat(request: web.Request) -> web.Response:
    """The console's sign of life: without one for FIVESTEPS_OPERATOR_TIMEOUT, the conversations its user
    holds go back to the queue."""
    await request.app[RUNTIME].desk.seen(request[USER].name)
    return web.json_response({"ok": True})


async def queue_body(desk: Desk) -> dict[str, Any]:
    return {"items": [_item(i) for i in await desk.queue()]}


async def view_body(desk: Desk, name: str, conversation_id: str, *, audit: bool = False) -> dict[str, Any]:
    view = await desk.view(name, conversation_id, audit=audit)
    return _view(view, await desk.deliveries(view.key), desk.config.whatsapp_template)


@routes.get("/api/queue")
async def queue(request: web.Request) -> web.Response:
    return web.json_response(await queue_body(request.app[RUNTIME].desk))


@routes.get("/api/conversations/{id}")
async def conversation(request: web.Request) -> web.Response:
    try:
        body = await view_body(
            request.app[RUNTIME].desk, request[USER].name, request.match_info["id"], audit=True
        )
    except DeskError as exc:
        return _refused(exc)
    return web.json_response(body)


@routes.post("/api/conversations/{id}/claim")
async def claim(request: web.Request) -> web.Response:
    try:
        conv = await request.app[RUNTIME].desk.claim(request[USER].name, request.match_info["id"])
    except DeskError as exc:
        return _refused(exc)
    return web.json_response({"id": conv.id, "status": conv.status.value, "holder": conv.holder})


@routes.post("/api/conversations/{id}/messages")
async def send(request: web.Request) -> web.Response:
    data = await read_json(request)
    request_id = request.headers.get("Idempotency-Key", "")[:100]
    template = data.get("template")
    if template is not None and not isinstance(template, str):
        return json_error(400, 'send {"text": "..."} or {"template": "HX..."}')
    try:
        message_id = await request.app[RUNTIME].desk.send(
            request[USER].name,
            request.match_info["id"],
            "" if template else _text(data, "text"),
            request_id,
            template=template,
        )
    except DeskError as exc:
        return _refused(exc)
    return web.json_response({"id": message_id, "delivery": "queued"}, status=202)


@routes.post("/api/conversations/{id}/transfer")
async def transfer(request: web.Request) -> web.Response:
    data = await read_json(request)
    to = data.get("to", ...)
    if to is not None and not isinstance(to, str):
        return json_error(400, 'send {"to": "NAME"} or {"to": null}')
    try:
        conv = await request.app[RUNTIME].desk.transfer(request[USER].name, request.match_info["id"], to)
    except DeskError as exc:
        return _refused(exc)
    return web.json_response({"id": conv.id, "status": conv.status.value, "holder": conv.holder})


@routes.post("/api/conversations/{id}/close")
async def close(request: web.Request) -> web.Response:
    data = await read_json(request)
    try:
        conv = await request.app[RUNTIME].desk.close(
            request[USER].name, request.match_info["id"], _text(data, "outcome")
        )
    except DeskError as exc:
        return _refused(exc)
    return web.json_response({"id": conv.id, "status": conv.status.value, "holder": None})


@routes.post("/api/conversations/{id}/notes")
async def note(request: web.Request) -> web.Response:
    data = await read_json(request)
    try:
        text = _text(data, "text")
        await request.app[RUNTIME].desk.note(request[USER].name, request.match_info["id"], text)
    except DeskError as exc:
        return _refused(exc)
    return web.json_response({"noted": True}, status=201)
