"""The flow editor at /admin: one static page (HTML, CSS, JS) that uses the admin flow API (`flow_admin`).

Like the console (`console_page`), the page holds nothing secret and needs no credentials: everything it
shows comes from /api/flows, which needs the admin role. It is served with the console's headers: a strict
Content-Security-Policy (its own scripts and styles only, no framing).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from aiohttp import web

from webhooks.console_page import HEADERS

routes = web.RouteTableDef()

_FILES = {
    "index.html": "text/html",
    "admin.js": "application/javascript",
    "admin.css": "text/css",
}


@cache
def _read(name: str) -> bytes:
    return resources.files("webhooks").joinpath("admin", name).read_bytes()


def _file(name: str) -> web.Response:
    return web.Response(body=_read(name), content_type=_FILES[name], charset="utf-8", headers=HEADERS)


@routes.get("/admin")
async def admin(request: web.Request) -> web.Response:
    return _file("index.html")


@routes.get("/admin/{name}")
async def asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in _FILES:
        raise web.HTTPNotFound()
    return _file(name)
