"""GET /healthz (process up), /readyz (store reachable), /metrics (Prometheus text)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.metrics import CONTENT_TYPE
from bot.store import StoreError
from webhooks.keys import METRICS, RUNTIME

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    try:
        async with asyncio.timeout(1.0):
            await runtime.store.ping()
    except (StoreError, TimeoutError):
        return web.json_response({"status": "unavailable", "store": runtime.backend}, status=503)
    return web.json_response({"status": "ready", "store": runtime.backend})


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    body = request.app[METRICS].render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})
