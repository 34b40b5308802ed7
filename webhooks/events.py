"""GET /api/events: the console's live feed (server-sent events), so nothing needs a reload.

Events: `queue` (the whole queue, as `GET /api/queue` gives it) whenever it changes, and, for the
conversation named by `?conversation=ID`, `conversation` (as `GET /api/conversations/{id}`) whenever it
changes: a new message from the person, a delivery status, a note. Each server process reads the queue
once per interval for all its consoles (`QueueWatch`), whichever process changed it, so every console
sees every change within about a second. An open stream is also the console's sign of life (see
`Desk.seen`): its user's conversations stay theirs while it is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

from aiohttp import web

from bot.desk import Desk, DeskError
from bot.store import StoreError
from webhooks.api import USER
from webhooks.conversations import queue_body, view_body
from webhooks.keys import RUNTIME

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

POLL = 1.0  # seconds between looks at the queue and the open conversation
PING = 15.0  # seconds between keep-alive comments (proxies close idle streams)
SEEN = 30.0  # seconds between the stream's signs of life for its user


class QueueWatch:
    """The queue as last read, shared by every stream of this process; read only while watched."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.body: dict[str, Any] | None = None
        self.version = 0
        self._changed = asyncio.Condition()
        self._watchers = 0
        self._task: asyncio.Task[None] | None = None

    async def watch(self, since: int) -> tuple[int, dict[str, Any] | None]:
        """Wait (up to POLL) for a version newer than `since`; returns the current version and body."""
        async with self._changed:
            if self.version <= since:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), POLL)
            return self.version, self.body

    def join(self) -> None:
        self._watchers += 1
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._poll())

    def leave(self) -> None:
        self._watchers -= 1

    async def _poll(self) -> None:
        while self._watchers > 0:
            try:
                body = await queue_body(self.desk)
            except StoreError:
                body = None  # keep showing the last queue; the console says it may be stale
            except Exception:
                log.exception("the live queue could not be read")  # keep watching: never go quiet
                body = None
            if body is not None and body != self.body:
                async with self._changed:
                    self.body, self.version = body, self.version + 1
                    self._changed.notify_all()
            await asyncio.sleep(POLL)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


WATCH = web.AppKey("queue_watch", QueueWatch)


async def queue_watch(app: web.Application) -> Any:
    """Cleanup context: one QueueWatch per app, stopped on shutdown."""
    app[WATCH] = QueueWatch(app[RUNTIME].desk)
    yield
    await app[WATCH].close()


def _event(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


@routes.get("/api/events")
async def events(request: web.Request) -> web.StreamResponse:
    runtime = request.app[RUNTIME]
    watch = request.app[WATCH]
    name = request[USER].name
    conversation = request.query.get("conversation", "")[:64]
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # nginx: pass each event on at once
        }
    )
    await response.prepare(request)
    watch.join()
    version, last_ping, last_seen = 0, time.monotonic(), 0.0
    shown: dict[str, Any] | None = None
    last_view: dict[str, Any] | None = None
    try:
        await response.write(b"retry: 2000\n\n")
        while True:
            version, body = await watch.watch(version)
            chunks = []
            if body is not None and body is not shown:
                chunks.append(_event("queue", body))
                shown = body
            if conversation:
                try:
                    view = await view_body(runtime.desk, name, conversation)
                except DeskError as exc:
                    view = {"id": conversation, "gone": True, "error": str(exc)}
                except StoreError:
                    view = None
                if view is not None and view != last_view:
                    chunks.append(_event("conversation", view))
                    last_view = view
            now = time.monotonic()
            if not chunks and now - last_ping >= PING:
                chunks.append(b": ping\n\n")
            if chunks:
                await response.write(b"".join(chunks))
                last_ping = now
            if now - last_seen >= SEEN:
                with contextlib.suppress(StoreError):
                    await runtime.desk.seen(name)
                last_seen = now
    except ConnectionResetError:
        pass  # the console went away
    finally:
        watch.leave()
    return response
