"""The application factory. No app exists at import time; resources live in cleanup contexts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from twilio.request_validator import RequestValidator

from bot.accounts import Accounts
from bot.logs import set_reference_key
from bot.metrics import Metrics
from bot.runtime import open_runtime
from bot.settings import Settings
from webhooks import admin_page, api, console_page, conversations, events, flow_admin, health, twilio
from webhooks.keys import METRICS, RUNTIME, SETTINGS, VALIDATOR
from webhooks.limits import MAX_REQUEST_BYTES

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES, middlewares=[_errors, api.authenticate])
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    token = settings.twilio_auth_token.get_secret_value() if settings.twilio_auth_token else ""
    app[VALIDATOR] = RequestValidator(token)
    if token:
        set_reference_key(token.encode("utf-8"))
    if settings.dev_skip_signature:
        log.warning(
            "FIVESTEPS_DEV_SKIP_SIGNATURE is on: Twilio signatures are NOT checked and anyone can post "
            "messages to this server. Never use this setting outside local development."
        )
    app.cleanup_ctx.append(_runtime)
    app.cleanup_ctx.append(events.queue_watch)
    app.add_routes(twilio.routes)
    app.add_routes(health.routes)
    app.add_routes(api.routes)
    app.add_routes(conversations.routes)
    app.add_routes(flow_admin.routes)
    app.add_routes(events.routes)
    app.add_routes(console_page.routes)
    app.add_routes(admin_page.routes)
    return app


async def _runtime(app: web.Application) -> AsyncIterator[None]:
    async with open_runtime(app[SETTINGS], app[METRICS]) as runtime:
        app[RUNTIME] = runtime
        flow = runtime.engine.flows.current(app[SETTINGS].flow_name)
        log.info(
            "fivesteps ready",
            extra={
                "store": runtime.backend,
                "flow": flow.name,
                "flow_version": flow.version,
                "flow_digest": flow.digest,
            },
        )
        if runtime.backend == "memory" and not await runtime.accounts.users():
            await _first_admin(runtime.accounts)
        yield


async def _first_admin(accounts: Accounts) -> None:
    """With the embedded store nobody could run `fivesteps users add` against this process: make the
    first admin here and print the password to the terminal, once (as Jupyter prints its token)."""
    user, password = await accounts.add("admin", "admin")
    print(
        f"\n  No accounts yet (embedded memory store): created the admin user {user.name!r}.\n"
        f"  Its password, shown only now, is on the next line:\n{password}\n",
        flush=True,
    )


@web.middleware
async def _errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("unhandled error", extra={"path": request.path})
        return web.json_response({"error": "internal error"}, status=500)
