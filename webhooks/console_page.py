"""The operator console at /console: one static page (HTML, CSS, JS) that uses the operator API.

The page itself holds nothing secret and needs no credentials; everything it shows comes from /api, which
does. It is served with a strict Content-Security-Policy (its own scripts and styles only, no framing).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from aiohttp import web

routes = web.RouteTableDef()

_FILES = {
    "index.html": "text/html",
    "console.js": "application/javascript",
    "console.css": "text/css",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@cache
def _read(name: str) -> bytes:
    return resources.files("webhooks").joinpath("console", name).read_bytes()


def _file(name: str) -> web.Response:
    return web.Response(body=_read(name), content_type=_FILES[name], charset="utf-8", headers=HEADERS)


@routes.get("/console")
async def console(request: web.Request) -> web.Response:
    return _file("index.html")


@routes.get("/console/{name}")
async def asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in _FILES:
        raise web.HTTPNotFound()
    return _file(name)
