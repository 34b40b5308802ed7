"""The service as deployed: `python -m fivesteps serve` processes sharing one Redis."""

from __future__ import annotations

import asyncio
from xml.etree import ElementTree

import aiohttp
import pytest
from support import ServerProcess, inbound_form, sync_redis

pytestmark = pytest.mark.slow


async def post(session: aiohttp.ClientSession, server: ServerProcess, form: dict[str, str]) -> list[str]:
    async with session.post(server.public_url + "/twilio/messages", **server.signed(form)) as resp:
        body = await resp.text()
        assert resp.status == 200, body
        return [m.text or "" for m in ElementTree.fromstring(body).iter("Message")]


def transcript_ids(redis_url: str, address: str) -> list[str]:
    import json

    client = sync_redis(redis_url)
    raw = client.lrange(f"fs:{{sms:{address}}}:transcript", 0, -1)
    client.close()
    return [json.loads(r)["message_id"] for r in raw if json.loads(r)["direction"] == "in"]


async def test_two_processes_share_one_redis(servers: list[ServerProcess], deployment_url: str) -> None:
    redis_url = deployment_url  # one Redis, a Redis Cluster, or Redis through Sentinel
    # One number sends 24 messages within a second here: above the flood limit's default, by design.
    a = ServerProcess(redis_url, FIVESTEPS_FLOOD_MESSAGES="50").start()
    servers.append(a)
    b = ServerProcess(redis_url, FIVESTEPS_FLOOD_MESSAGES="50").start()
    servers.append(b)
    forms = [inbound_form(f"update {i} on my stolen car") for i in range(20)]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
        # Alternate the two processes, all at once: a load balancer may do exactly that.
        replies = await asyncio.gather(*(post(session, (a, b)[i % 2], f) for i, f in enumerate(forms)))
        assert all(r for r in replies)
        assert sum("not monitored for emergencies" in r[0] for r in replies) == 1
        # The same delivery arriving at both processes at once is handled once.
        dup = inbound_form("thanks")
        first, second = await asyncio.gather(post(session, a, dup), post(session, b, dup))
        assert first == second
        # Conversation state is shared: the menu chosen on one process is answered on the other.
        menu, choice = inbound_form("5"), inbound_form("1")
        await post(session, a, menu)
        assert "district or borough council" in (await post(session, b, choice))[0]
    ids = transcript_ids(redis_url, "+447700900123")
    expected = [f["MessageSid"] for f in [*forms, dup, menu, choice]]
    assert sorted(ids) == sorted(expected)  # every message recorded, none twice


async def test_restart_mid_conversation_resumes_in_place(
    servers: list[ServerProcess], redis_url: str
) -> None:
    server = ServerProcess(redis_url).start()
    servers.append(server)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
        assert "Many problems" in (await post(session, server, inbound_form("5")))[-1]
        server.kill()  # no graceful shutdown
        servers.remove(server)
        again = ServerProcess(redis_url, port=server.port).start()
        servers.append(again)
        # "1" in the not-police menu is the council: the new process picked up where the old one was.
        assert "district or borough council" in (await post(session, again, inbound_form("1")))[0]


async def test_memory_store_warns_at_start_and_makes_a_first_admin() -> None:
    server = ServerProcess(None).start()
    try:
        output = server.output()
        assert "REDIS_URL is not set" in output
        lines = output.splitlines()
        at = next(i for i, line in enumerate(lines) if "created the admin user 'admin'" in line)
        password = lines[at + 2].strip()
        assert len(password) >= 20 and " " not in password
        assert output.count(password) == 1  # printed once, and in no log line
    finally:
        server.stop()


async def test_a_redis_backed_server_makes_no_account_by_itself(redis_url: str) -> None:
    server = ServerProcess(redis_url).start()
    try:
        assert "created the admin user" not in server.output()
        client = sync_redis(redis_url)
        assert client.hlen("fs:{users}:accounts") == 0
        client.close()
    finally:
        server.stop()


async def test_missing_setting_fails_at_start_naming_it() -> None:
    import subprocess
    import sys

    from support import ROOT, server_env

    env = server_env(None)
    env.pop("TWILIO_AUTH_TOKEN")
    result = subprocess.run(
        [sys.executable, "-m", "fivesteps", "serve", "--port", "1"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode != 0
    assert "TWILIO_AUTH_TOKEN" in result.stderr
    assert "FIVESTEPS_PUBLIC_URL" in result.stderr


async def test_start_log_names_the_flow_version_and_digest(redis_url: str) -> None:
    import json

    from flows.library import FlowLibrary

    flow = FlowLibrary.from_directory().current("five_steps")
    server = ServerProcess(redis_url).start()
    try:
        ready = [json.loads(line) for line in server.output().splitlines() if "fivesteps ready" in line]
    finally:
        server.stop()
    assert ready and ready[0]["flow_version"] == flow.version and ready[0]["flow_digest"] == flow.digest
    assert ready[0]["store"] == "redis"
