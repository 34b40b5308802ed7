"""The admin API for flows (`bot.publishing` does the work). Every route needs the admin role: no
credentials 401, an operator 403.

    GET  /api/flows                          {"items": [{"name", "active_version", "has_draft"}]}
    GET  /api/flows/{name}                   {"name", "active_version", "yaml"}: the active version
    GET  /api/flows/{name}/draft             {"name", "yaml", "author", "saved_at"} (404: no draft)
    PUT  /api/flows/{name}/draft             the YAML as the body -> 200 {"errors", "warnings"}, saved
                                             with its problems; 422 (not saved) when it is not a flow
                                             definition at all; 413 over the size limit
    POST /api/flows/{name}/validate          the same for the saved draft
    POST /api/flows/{name}/publish           {"message"} -> 200 {"version"}; 422 with the errors or the
                                             failing flow tests
    GET  /api/flows/{name}/versions          {"items": [{"version", "author", "message", "published_at",
                                             "active"}]}, newest first
    GET  /api/flows/{name}/versions/{n}      {"name", "version", "yaml"}
    POST /api/flows/{name}/rollback          {"version"} -> 200
    GET  /api/flows/{name}/diagram           Mermaid text (the draft when it is a valid flow)
    POST /api/flows/{name}/simulate          {"messages": [...]} -> {"replies": [[...], ...]}
    POST /api/flows/{name}/tests             the draft's flow tests -> {"results": [{"name", "passed",
                                             "failure"}], "topic_model": bool}

Problems are {"line", "column", "path", "message"}.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from aiohttp import web

from bot.publishing import MAX_SIMULATED, FlowAdmin, FlowAdminError
from flows.lint import MAX_BYTES, TooLarge
from webhooks.api import USER, admin_only, json_error, read_json
from webhooks.conversations import iso
from webhooks.keys import RUNTIME, SETTINGS

routes = web.RouteTableDef()

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_MAX_MESSAGE = 1600


def _admin(request: web.Request) -> FlowAdmin:
    return request.app[RUNTIME].flow_admin


def _name(request: web.Request) -> str:
    name = request.match_info["name"]
    if not _NAME.match(name):
        raise web.HTTPNotFound(text="no such flow")
    return name


def _refused(exc: FlowAdminError) -> web.Response:
    return web.json_response({"error": str(exc), **exc.details}, status=exc.status)


def _too_large(message: str) -> web.Response:
    return json_error(413, message)


@routes.get("/api/flows")
@admin_only
async def list_flows(request: web.Request) -> web.Response:
    items = await _admin(request).overview()
    return web.json_response(
        {
            "items": [
                {"name": f.name, "active_version": f.active_version, "has_draft": f.has_draft} for f in items
            ]
        }
    )


@routes.get("/api/flows/{name}")
@admin_only
async def active_flow(request: web.Request) -> web.Response:
    try:
        found = await _admin(request).active(_name(request))
    except FlowAdminError as exc:
        return _refused(exc)
    return web.json_response(
        {"name": found.info.name, "active_version": found.info.version, "yaml": found.text}
    )


@routes.get("/api/flows/{name}/draft")
@admin_only
async def get_draft(request: web.Request) -> web.Response:
    try:
        draft = await _admin(request).draft(_name(request))
    except FlowAdminError as exc:
        return _refused(exc)
    body = {"name": draft.name, "yaml": draft.text, "author": draft.author, "saved_at": iso(draft.saved_at)}
    return web.json_response(body)


async def _yaml_body(request: web.Request) -> str:
    """The request body as text, read up to the flow size limit (413 beyond it; 400 not UTF-8)."""
    if request.content_length is not None and request.content_length > MAX_BYTES:
        raise TooLarge(f"a flow definition may be at most {MAX_BYTES // 1024} kB")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(request.app[SETTINGS].body_timeout):
            while chunk := await request.content.read(64 * 1024):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise TooLarge(f"a flow definition may be at most {MAX_BYTES // 1024} kB")
                chunks.append(chunk)
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the request body did not arrive in time") from None
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise web.HTTPBadRequest(text="the flow must be UTF-8 text") from None


@routes.put("/api/flows/{name}/draft")
@admin_only
async def put_draft(request: web.Request) -> web.Response:
    name = _name(request)
    try:
        text = await _yaml_body(request)
        check = await _admin(request).save_draft(name, text, request[USER].name)
    except TooLarge as exc:
        return _too_large(str(exc))
    except FlowAdminError as exc:
        return _refused(exc)
    return web.json_response(check.as_dict())


@routes.post("/api/flows/{name}/validate")
@admin_only
async def validate(request: web.Request) -> web.Response:
    try:
        check = await _admin(request).check(_name(request))
    except FlowAdminError as exc:
        return _refused(exc)
    except TooLarge as exc:  # a draft saved before a lower limit
        return _too_large(str(exc))
    return web.json_response(check.as_dict())


@routes.post("/api/flows/{name}/publish")
@admin_only
async def publish(request: web.Request) -> web.Response:
    name = _name(request)
    data = await read_json(request)
    message = data.get("message")
    if not isinstance(message, str) or len(message) > _MAX_MESSAGE:
        return json_error(400, 'send {"message": "what changed"}')
    try:
        info = await _admin(request).publish(name, request[USER].name, message)
    except FlowAdminError as exc:
        return _refused(exc)
    except TooLarge as exc:
        return _too_large(str(exc))
    return web.json_response({"version": info.version})


@routes.get("/api/flows/{name}/versions")
@admin_only
async def versions(request: web.Request) -> web.Response:
    try:
        found = await _admin(request).versions(_name(request))
    except FlowAdminError as exc:
        return _refused(exc)
    items: list[dict[str, Any]] = [
        {
            "version": info.version,
            "author": info.author,
            "message": info.message,
            "published_at": iso(info.published_at),
            "active": active,
        }
        for info, active in found
    ]
    return web.json_response({"items": items})


@routes.get("/api/flows/{name}/versions/{version:[0-9]{1,9}}")
@admin_only
async def version_text(request: web.Request) -> web.Response:
    name, number = _name(request), int(request.match_info["version"])
    found = await _admin(request).store.release(name, number)
    if found is None:
        return json_error(404, f"flow {name!r} has no version {number}")
    return web.json_response({"name": name, "version": number, "yaml": found.text})


@routes.post("/api/flows/{name}/rollback")
@admin_only
async def rollback(request: web.Request) -> web.Response:
    name = _name(request)
    data = await read_json(request)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 10**9:
        return json_error(400, 'send {"version": N}')
    try:
        await _admin(request).rollback(name, version, request[USER].name)
    except FlowAdminError as exc:
        return _refused(exc)
    return web.json_response({"name": name, "active_version": version})


@routes.get("/api/flows/{name}/diagram")
@admin_only
async def diagram(request: web.Request) -> web.Response:
    try:
        text = await _admin(request).diagram(_name(request))
    except FlowAdminError as exc:
        return _refused(exc)
    except TooLarge as exc:
        return _too_large(str(exc))
    return web.Response(text=text, content_type="text/plain")


@routes.post("/api/flows/{name}/simulate")
@admin_only
async def simulate(request: web.Request) -> web.Response:
    name = _name(request)
    data = await read_json(request)
    messages = data.get("messages")
    if (
        not isinstance(messages, list)
        or not messages
        or len(messages) > MAX_SIMULATED
        or not all(isinstance(m, str) and 0 < len(m) <= _MAX_MESSAGE for m in messages)
    ):
        return json_error(400, f'send {{"messages": ["text", ...]}}: 1 to {MAX_SIMULATED} texts')
    try:
        replies = await _admin(request).simulate(name, messages)
    except FlowAdminError as exc:
        return _refused(exc)
    except TooLarge as exc:
        return _too_large(str(exc))
    return web.json_response({"replies": replies})


@routes.post("/api/flows/{name}/tests")
@admin_only
async def run_tests(request: web.Request) -> web.Response:
    try:
        results, with_model = await _admin(request).run_tests(_name(request))
    except FlowAdminError as exc:
        return _refused(exc)
    except TooLarge as exc:
        return _too_large(str(exc))
    items = [{"name": r.name, "passed": r.passed, "failure": r.failure} for r in results]
    return web.json_response({"results": items, "topic_model": with_model})
