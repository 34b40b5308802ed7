"""A publish on one `fivesteps serve` process reaches another without a restart: new conversations there
start on the new version within its refresh interval, a conversation begun on the new version carries on
on it at once on either process, and a conversation begun before the publish finishes on its own version.
Then a rollback, picked up the same way."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from xml.etree import ElementTree

import aiohttp
import pytest
from support import ServerProcess, inbound_form

from bot.accounts import Accounts
from bot.store.redis import RedisAccountStore, close_client, connect

pytestmark = pytest.mark.slow

COUNCIL = Path(__file__).parents[1] / "data" / "flows" / "council.yaml"
OLD, NEW = "Noise is a matter", "Noise is usually a matter"


async def admin_token(redis_url: str) -> dict[str, str]:
    client = connect(redis_url)
    try:
        accounts = Accounts(RedisAccountStore(client))
        await accounts.add("alice", "admin")
        return {"Authorization": f"Bearer {await accounts.issue_token('alice')}"}
    finally:
        await close_client(client)


async def text(session: aiohttp.ClientSession, server: ServerProcess, body: str, sender: str) -> str:
    form = inbound_form(body, sender=sender)
    async with session.post(server.public_url + "/twilio/messages", **server.signed(form)) as resp:
        assert resp.status == 200
        return "\n".join(m.text or "" for m in ElementTree.fromstring(await resp.text()).iter("Message"))


async def within(seconds: float, check: Callable[[], Awaitable[bool]]) -> None:
    """Wait until `check()` is true; fail after `seconds`."""
    started = time.monotonic()
    while not await check():
        assert time.monotonic() - started < seconds, "not picked up in time"
        await asyncio.sleep(0.1)


async def test_a_publish_and_a_rollback_reach_another_process_without_a_restart(
    servers: list[ServerProcess], redis_url: str, tmp_path: Path
) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(COUNCIL, flows / "council.yaml")
    env = {"FIVESTEPS_FLOWS_DIR": str(flows), "FIVESTEPS_FLOW": "council", "FIVESTEPS_FLOW_REFRESH": "1"}
    first, second = ServerProcess(redis_url, **env).start(), ServerProcess(redis_url, **env).start()
    servers += [first, second]
    admin = await admin_token(redis_url)
    async with aiohttp.ClientSession() as session:
        assert "1 Noise" in await text(session, second, "hi", "+447700900501")  # begun on version 1

        draft = COUNCIL.read_text(encoding="utf-8").replace(OLD, NEW)
        async with session.put(
            f"{first.public_url}/api/flows/council/draft", data=draft, headers=admin
        ) as resp:
            assert resp.status == 200 and (await resp.json())["errors"] == []
        async with session.post(
            f"{first.public_url}/api/flows/council/publish", json={"message": "wording"}, headers=admin
        ) as resp:
            assert resp.status == 200, await resp.text()
            assert await resp.json() == {"version": 2}

        # The publishing process serves version 2 at once.
        await text(session, first, "hi", "+447700900502")
        assert NEW in await text(session, first, "1", "+447700900502")
        # A conversation begun on version 2 there carries on, on version 2, on the other process at once.
        await text(session, first, "hi", "+447700900503")
        assert NEW in await text(session, second, "1", "+447700900503")

        # New conversations on the other process start on version 2 within its refresh interval.
        sender = iter(f"+4477009006{n:02d}" for n in range(100))

        async def serves(server: ServerProcess, wording: str) -> bool:
            number = next(sender)
            await text(session, server, "hi", number)
            return wording in await text(session, server, "1", number)

        await within(10, lambda: serves(second, NEW))
        # The conversation begun before the publish finishes on version 1.
        assert OLD in await text(session, second, "1", "+447700900501")

        async with session.post(
            f"{second.public_url}/api/flows/council/rollback", json={"version": 1}, headers=admin
        ) as resp:
            assert resp.status == 200
        await within(10, lambda: serves(second, OLD))
        await within(10, lambda: serves(first, OLD))

        async def reports_version_1() -> bool:
            async with session.get(second.public_url + "/metrics") as resp:
                return 'fivesteps_flow_active_version{flow="council"} 1.0' in await resp.text()

        await within(10, reports_version_1)
    for server in (first, second):
        assert "Traceback" not in server.output()
