"""The operator and admin API under /api: who is calling, and what they may do.

Two kinds of credentials: `Authorization: Bearer TOKEN` (scripts; `fivesteps users token`), or the console's
session cookie from `POST /api/session` (HttpOnly, SameSite=Strict, Secure when the public URL is https).
A write made with the cookie (any method but GET/HEAD) must also carry the session's CSRF token in
`X-CSRF-Token`, else 403. Every /api route but sign-in and the OpenAPI document needs credentials: without
them (or with a token or session that is unknown, expired, or whose user is disabled) the answer is 401
with `WWW-Authenticate: Bearer`; an operator on an admin route gets 403. Failed sign-ins are limited per
name and per client address (429 with `Retry-After`).

Request bodies are JSON, read within `FIVESTEPS_BODY_TIMEOUT` (408) and capped by the app's size limit;
anything unreadable is 400. Nothing here logs a password, a token or a cookie.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml
from aiohttp import web

from bot.accounts import AccountError, Session, SignInLimited, User
from bot.store import StoreError
from webhooks.keys import RUNTIME, SETTINGS

routes = web.RouteTableDef()
USER = web.RequestKey("user", User)
SESSION = web.RequestKey("session", Session)  # set only for cookie-authenticated requests
COOKIE = "fivesteps_session"
CSRF_HEADER = "X-CSRF-Token"
PUBLIC = frozenset({("POST", "/api/session"), ("GET", "/api/openapi.json")})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers or None)


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/"):
        return await handler(request)
    if (request.method, request.path) in PUBLIC:
        try:
            return await handler(request)
        except StoreError:
            return json_error(503, "the store is unavailable; try again shortly")
    accounts = request.app[RUNTIME].accounts
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    cookie = request.cookies.get(COOKIE, "")
    user = session = None
    try:
        if scheme.lower() == "bearer" and token.strip():
            user = await accounts.user_for_token(token.strip())
        elif not scheme and cookie:
            found = await accounts.session(cookie)
            if found is not None:
                user, session = found
    except StoreError:
        return json_error(503, "the store is unavailable; try again shortly")
    if user is None:
        return json_error(401, "credentials required", **{"WWW-Authenticate": 'Bearer realm="fivesteps"'})
    if session is not None:
        if request.method not in SAFE_METHODS and not hmac.compare_digest(
            request.headers.get(CSRF_HEADER, "").encode(), session.csrf.encode()
        ):
            return json_error(403, f"a write with the session cookie needs its {CSRF_HEADER} header")
        request[SESSION] = session
    request[USER] = user
    try:
        return await handler(request)
    except StoreError:
        return json_error(503, "the store is unavailable; try again shortly")


def admin_only(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if request[USER].role != "admin":
            return json_error(403, "this needs the admin role")
        return await handler(request)

    return wrapped


async def read_json(request: web.Request) -> dict[str, Any]:
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
    data = await read_json(request)
    name, role = data.get("name"), data.get("role")
    if not isinstance(name, str) or not isinstance(role, str):
        return json_error(400, 'send {"name": "...", "role": "operator" | "admin"}')
    try:
        user, password = await request.app[RUNTIME].accounts.add(name, role)
    except AccountError as exc:
        status = 409 if "exists" in str(exc) else 422
        return json_error(status, str(exc))
    return web.json_response({**_public(user), "password": password}, status=201)


def _secure(request: web.Request) -> bool:
    public = request.app[SETTINGS].public_url
    return public is not None and public.scheme == "https"


@routes.post("/api/session")
async def sign_in(request: web.Request) -> web.Response:
    """Sign in to the console: sets the session cookie and returns the CSRF token for writes."""
    data = await read_json(request)
    name, password = data.get("name"), data.get("password")
    if not isinstance(name, str) or not isinstance(password, str) or len(name) > 64 or len(password) > 256:
        return json_error(400, 'send {"name": "...", "password": "..."}')
    runtime = request.app[RUNTIME]
    try:
        signed = await runtime.accounts.sign_in(name, password, request.remote or "unknown")
    except SignInLimited as exc:
        retry = max(1, int(exc.retry_after + 0.999))
        await runtime.audit.record({"at": time.time(), "actor": name[:64], "action": "sign_in_limited"})
        return json_error(429, "too many failed sign-ins; try again later", **{"Retry-After": str(retry)})
    if signed is None:
        await runtime.audit.record({"at": time.time(), "actor": name[:64], "action": "sign_in_failed"})
        return json_error(401, "wrong name or password")
    user, cookie, session = signed
    await runtime.audit.record({"at": time.time(), "actor": user.name, "action": "sign_in"})
    response = web.json_response({"name": user.name, "role": user.role, "csrf": session.csrf})
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(session.expires_at - session.created_at),
        path="/",
        secure=_secure(request),
        httponly=True,
        samesite="Strict",
    )
    return response


@routes.get("/api/session")
async def who_am_i(request: web.Request) -> web.Response:
    user = request[USER]
    session = request.get(SESSION)
    body: dict[str, Any] = {"name": user.name, "role": user.role}
    if session is not None:
        body["csrf"] = session.csrf
        body["expires_at"] = session.expires_at
    return web.json_response(body)


@routes.delete("/api/session")
async def sign_out(request: web.Request) -> web.Response:
    if request.get(SESSION) is not None:
        await request.app[RUNTIME].accounts.sign_out(request.cookies.get(COOKIE, ""))
        await request.app[RUNTIME].audit.record(
            {"at": time.time(), "actor": request[USER].name, "action": "sign_out"}
        )
    response = web.json_response({"signed_out": True})
    response.del_cookie(COOKIE, path="/")
    return response


@cache
def openapi() -> dict[str, Any]:
    """The OpenAPI document (kept as YAML beside this module)."""
    text = resources.files("webhooks").joinpath("openapi.yaml").read_text(encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    return document


@routes.get("/api/openapi.json")
async def openapi_document(request: web.Request) -> web.Response:
    return web.json_response(openapi())
