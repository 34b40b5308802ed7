from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import logscan
import pytest
from aiohttp.test_utils import TestClient
from support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    PUBLIC_URL,
    ClusterServers,
    RedisServer,
    SentinelServers,
    ServerProcess,
    inbound_form,
    sign,
    spool_dir,
)

from bot.settings import Settings, load_settings
from webhooks import create_app


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One private redis-server for the whole run (only the process is session-scoped)."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def servers() -> Iterator[list[ServerProcess]]:
    """`fivesteps serve` processes a test starts (appended here), stopped when it ends."""
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    redis_server.flush()
    return redis_server.url


@pytest.fixture(scope="session")
def cluster_servers() -> Iterator[ClusterServers]:
    """A Redis Cluster of three masters, started once for the run."""
    cluster = ClusterServers().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def cluster_url(cluster_servers: ClusterServers) -> str:
    cluster_servers.flush()
    return cluster_servers.url


@pytest.fixture(scope="session")
def sentinel_servers() -> Iterator[SentinelServers]:
    """A Redis master behind one Sentinel, started once for the run."""
    sentinel = SentinelServers().start()
    yield sentinel
    sentinel.stop()


@pytest.fixture
def sentinel_url(sentinel_servers: SentinelServers) -> str:
    sentinel_servers.flush()
    return sentinel_servers.url


# The Redis deployments every store test runs on: the fixture that gives each one's REDIS_URL.
DEPLOYMENTS = {"redis": "redis_url", "cluster": "cluster_url", "sentinel": "sentinel_url"}


@pytest.fixture(params=list(DEPLOYMENTS))
def deployment_url(request: pytest.FixtureRequest) -> str:
    """REDIS_URL of each deployment in turn: one Redis, a Redis Cluster, Redis through Sentinel."""
    return str(request.getfixturevalue(DEPLOYMENTS[request.param]))


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
        # The outbox sender runs only where a test starts it against a fake Twilio API (tests/fakes.py).
        "FIVESTEPS_SENDER": "0",
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


# -- every log line of the run, scanned at the end (tests/logscan.py) --------------------------------


def pytest_configure(config: pytest.Config) -> None:
    logscan.start()


@pytest.fixture(autouse=True)
def _log_everything() -> Iterator[None]:
    logscan.ensure_attached()  # a test may have reconfigured logging
    yield
    logscan.ensure_attached()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    scanned, leaks = logscan.leaks()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
    if leaks:
        if reporter is not None:
            reporter.write_sep("=", f"log scan: {len(leaks)} leaking log lines", red=True)
            for line in leaks[:50]:
                reporter.write_line(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        reporter.write_line(f"log scan: {scanned} log lines, no phone number, token or message text")
