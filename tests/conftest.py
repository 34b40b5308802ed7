from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from support import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, RedisServer, inbound_form, sign, spool_dir

from bot.settings import Settings, load_settings
from webhooks import create_app


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One private redis-server for the whole run (only the process is session-scoped)."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    redis_server.flush()
    return redis_server.url


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own, which the test may stop and start again."""
    server = RedisServer().start()
    yield server
    server.stop()


def make_settings(redis_url: str | None, **overrides: Any) -> Settings:
    env = {
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "FIVESTEPS_PUBLIC_URL": PUBLIC_URL,
        "FIVESTEPS_SPOOL_DIR": spool_dir(),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in overrides.items()})
    return load_settings(env)


class Twilio:
    """Posts signed webhooks to the app, as Twilio would."""

    def __init__(self, client: TestClient) -> None:  # type: ignore[type-arg]
        self.client = client

    async def post(
        self, form: dict[str, str], signature: str | None = "valid", path: str = "/twilio/messages"
    ) -> Any:
        headers = {}
        if signature == "valid":
            headers["X-Twilio-Signature"] = sign(PUBLIC_URL + path, form)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return await self.client.post(path, data=form, headers=headers)

    async def text(self, body: str, sender: str = "+447700900123", **extra: str) -> list[str]:
        """Send one message; return the reply texts (asserting a 200 TwiML answer)."""
        from xml.etree import ElementTree

        resp = await self.post(inbound_form(body, sender, **extra))
        assert resp.status == 200, await resp.text()
        assert resp.content_type == "application/xml"
        root = ElementTree.fromstring(await resp.text())
        return [(m.text or "") for m in root.iter("Message")]


AppFactory = Callable[..., Awaitable[Twilio]]


@pytest.fixture
async def make_twilio(aiohttp_client: Any) -> AsyncIterator[AppFactory]:
    async def factory(redis_url: str | None, **overrides: Any) -> Twilio:
        app = create_app(make_settings(redis_url, **overrides))
        return Twilio(await aiohttp_client(app))

    yield factory


@pytest.fixture(params=["redis", "memory"])
async def twilio(request: pytest.FixtureRequest, make_twilio: AppFactory) -> Twilio:
    """The app on each store backend: Redis (a private redis-server) and the embedded memory store."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    return await make_twilio(url)


@pytest.fixture
async def redis_twilio(redis_url: str, make_twilio: AppFactory) -> Twilio:
    return await make_twilio(redis_url)
