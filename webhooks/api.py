"""The operator and admin API under /api: who is calling (a Bearer token), and what they may do.

Every /api route needs credentials: without them (or with a token that is unknown, or whose user is
disabled) the answer is 401 with `WWW-Authenticate: Bearer`; an operator on an admin route gets 403.
Request bodies are JSON, read within `FIVESTEPS_BODY_TIMEOUT` (408) and capped by the app's size limit;
anything unreadable is 400. Nothing here logs a password or a token.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.accounts import AccountError, User
from bot.store import StoreError
from webhooks.keys import RUNTIME, SETTINGS

routes = web.RouteTableDef()
USER = web.RequestKey("user", User)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers or None)


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/"):
        return await handler(request)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = None
    if scheme.lower() == "bearer" and token.strip():
        try:
            user = await request.app[RUNTIME].accounts.user_for_token(token.strip())
        except StoreError:
            return _error(503, "the store is unavailable; try again shortly")
    if user is None:
        return _error(401, "credentials required", **{"WWW-Authenticate": 'Bearer realm="fivesteps"'})
    request[USER] = user
    try:
        return await handler(request)
    except StoreError:
        return _error(503, "the store is unavailable; try again shortly")


def admin_only(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if request[USER].role != "admin":
            return _error(403, "this needs the admin role")
        return await handler(request)

    return wrapped


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        async with asyncio.timeout(request.app[SETTINGS].body_timeout):
            raw = await request.read()
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the request body did not arrive in time") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="the body must be a JSON object")
    return data


def _public(user: User) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "disabled": user.disabled, "created_at": user.created_at}


@routes.get("/api/users")
@admin_only
async def list_users(request: web.Request) -> web.Response:
    users = await request.app[RUNTIME].accounts.users()
    return web.json_response({"items": [_public(u) for u in users]})


@routes.post("/api/users")
@admin_only
async def add_user(request: web.Request) -> web.Response:
    data = await _json(request)
    name, role = data.get("name"), data.get("role")
    if not isinstance(name, str) or not isinstance(role, str):
        return _error(400, 'send {"name": "...", "role": "operator" | "admin"}')
    try:
        user, password = await request.app[RUNTIME].accounts.add(name, role)
    except AccountError as exc:
        status = 409 if "exists" in str(exc) else 422
        return _error(status, str(exc))
    return web.json_response({**_public(user), "password": password}, status=201)
