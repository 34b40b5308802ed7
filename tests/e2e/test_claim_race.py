"""Two operators on two `fivesteps serve` processes race to claim the same 20 conversations: each
conversation ends with exactly one holder, the one whose claim was answered 200."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from support import ServerProcess, inbound_form

from bot.accounts import Accounts
from bot.store.redis import RedisAccountStore, close_client, connect

pytestmark = pytest.mark.slow


async def tokens(redis_url: str, *names: str) -> dict[str, dict[str, str]]:
    client = connect(redis_url)
    try:
        accounts = Accounts(RedisAccountStore(client))
        found = {}
        for name in names:
            await accounts.add(name, "operator")
            found[name] = {"Authorization": f"Bearer {await accounts.issue_token(name)}"}
        return found
    finally:
        await close_client(client)


async def test_two_processes_two_operators_twenty_conversations_one_holder_each(
    servers: list[ServerProcess], redis_url: str
) -> None:
    limit = {"FIVESTEPS_OPERATOR_MAX_CONVERSATIONS": "20"}  # the race, not the per-operator limit
    first, second = ServerProcess(redis_url, **limit).start(), ServerProcess(redis_url, **limit).start()
    servers += [first, second]
    staff = await tokens(redis_url, "ops", "kim")
    async with aiohttp.ClientSession() as session:
        for n in range(20):
            form = inbound_form("can I talk to a person", sender=f"+4477009003{n:02d}")
            async with session.post(first.public_url + "/twilio/messages", **first.signed(form)) as resp:
                assert resp.status == 200
        async with session.get(second.public_url + "/api/queue", headers=staff["kim"]) as resp:
            items: list[dict[str, Any]] = (await resp.json())["items"]
        assert len(items) == 20

        async def claim(server: ServerProcess, name: str, conversation: str) -> int:
            url = f"{server.public_url}/api/conversations/{conversation}/claim"
            async with session.post(url, headers=staff[name]) as resp:
                return resp.status

        calls = [
            call
            for item in items
            for call in (claim(first, "ops", item["id"]), claim(second, "kim", item["id"]))
        ]
        results = await asyncio.gather(*calls)
        async with session.get(first.public_url + "/api/queue", headers=staff["ops"]) as resp:
            holders = {i["id"]: i["holder"] for i in (await resp.json())["items"]}
    for n, item in enumerate(items):
        pair = results[2 * n : 2 * n + 2]
        assert sorted(pair) == [200, 409], pair
        assert holders[item["id"]] == ("ops" if pair[0] == 200 else "kim")
