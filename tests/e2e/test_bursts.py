"""Bursts on one server process with Redis healthy: everything is answered normally and stored.

Twilio delivers webhooks concurrently, and a busy night, a mass incident or one person tapping send
many times all arrive at once. Back-pressure may make answers slower; it may never lose a message.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from xml.etree import ElementTree

import aiohttp
import pytest
from support import ServerProcess, inbound_form, sync_redis

pytestmark = pytest.mark.slow

EMERGENCY = "help theres a man with a knife in my kitchen"


@pytest.fixture
def server(deployment_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(deployment_url).start()
    yield process
    process.stop()


async def burst(server: ServerProcess, forms: list[dict[str, str]]) -> list[tuple[int, list[str]]]:
    """Post every form at once, each on its own connection, as Twilio's fleet does."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(form: dict[str, str]) -> tuple[int, list[str]]:
            async with session.post(server.public_url + "/twilio/messages", **server.signed(form)) as resp:
                body = await resp.text()
                if not resp.ok:
                    return resp.status, []
                return resp.status, [m.text or "" for m in ElementTree.fromstring(body).iter("Message")]

        return await asyncio.gather(*(one(form) for form in forms))


def inbound_ids(redis_url: str, address: str) -> list[str]:
    client = sync_redis(redis_url)
    try:
        raw = client.lrange(f"fs:{{sms:{address}}}:transcript", 0, -1)
    finally:
        client.close()
    return [entry["message_id"] for entry in map(json.loads, raw) if entry["direction"] == "in"]


def queued(redis_url: str) -> set[str]:
    client = sync_redis(redis_url)
    try:
        return {member.decode() for member in client.zrange("fs:{queue}:order", 0, -1)}
    finally:
        client.close()


def number(index: int) -> str:
    return f"+4477009{index:05d}"


async def test_300_people_at_once_are_all_answered_and_stored(
    server: ServerProcess, deployment_url: str
) -> None:
    forms = [inbound_form("my bike was stolen from outside the station", number(i)) for i in range(300)]
    answers = await burst(server, forms)
    assert [status for status, _ in answers] == [200] * 300
    safety = [texts for _, texts in answers if texts and texts[0].startswith("Sorry")]
    assert not safety, f"{len(safety)} safety replies"
    for i, form in enumerate(forms):
        assert inbound_ids(deployment_url, number(i)) == [form["MessageSid"]]


async def test_150_emergencies_at_once_all_reach_the_operator_queue(
    server: ServerProcess, deployment_url: str
) -> None:
    forms = [inbound_form(EMERGENCY, number(1000 + i)) for i in range(150)]
    answers = await burst(server, forms)
    assert all(status == 200 and "999" in texts[0] for status, texts in answers)
    for i, form in enumerate(forms):
        assert inbound_ids(deployment_url, number(1000 + i)) == [form["MessageSid"]]
    assert queued(deployment_url) >= {f"sms:{number(1000 + i)}" for i in range(150)}


async def test_one_number_sending_200_at_once_costs_nobody_else_anything(
    server: ServerProcess, deployment_url: str
) -> None:
    flood = [inbound_form(f"message {i} about my stolen car", number(2000)) for i in range(200)]
    others = [inbound_form("my bike was stolen at the station", number(3000 + i)) for i in range(50)]
    answers = await burst(server, flood + others)
    assert all(status == 200 for status, _ in answers)
    for _, texts in answers[200:]:
        assert "herts.police.uk/report" in texts[0], texts
    for i, form in enumerate(others):
        assert inbound_ids(deployment_url, number(3000 + i)) == [form["MessageSid"]]
    assert sorted(inbound_ids(deployment_url, number(2000))) == sorted(f["MessageSid"] for f in flood)
