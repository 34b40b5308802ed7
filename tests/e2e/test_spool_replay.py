"""Nothing said is lost: a Redis outage, then the server killed, then both back: every message the
person was answered with the safety reply is recorded, once, and the emergency among them is queued."""

from __future__ import annotations

import json
import time
from xml.etree import ElementTree

import aiohttp
import pytest
import redis
from support import RedisServer, ServerProcess, inbound_form, spool_dir

pytestmark = pytest.mark.slow

SAFETY = "Sorry, this service is not working right now"


async def post(session: aiohttp.ClientSession, server: ServerProcess, form: dict[str, str]) -> list[str]:
    async with session.post(server.public_url + "/twilio/messages", **server.signed(form)) as resp:
        body = await resp.text()
        assert resp.status == 200, body
    return [m.text or "" for m in ElementTree.fromstring(body).iter("Message")]


async def test_messages_answered_during_an_outage_are_recorded_after_a_crash_and_restart(
    private_redis: RedisServer,
) -> None:
    spool = spool_dir()
    env = {"FIVESTEPS_SPOOL_DIR": spool, "FIVESTEPS_RELAY_INTERVAL": "0.3"}
    server = ServerProcess(private_redis.url, **env).start()
    sent = [
        inbound_form("my bike was stolen", "+447700900001"),
        inbound_form("he has a knife and is outside my door", "+447700900002"),
        inbound_form("is anyone there", "+447700900003"),
    ]
    try:
        async with aiohttp.ClientSession() as session:
            assert "herts.police.uk/report" in (await post(session, server, sent[0]))[0]
            private_redis.stop()
            answers = [await post(session, server, form) for form in sent]
            retried = await post(session, server, sent[2])  # Twilio retries one delivery
        assert answers[0][0].startswith(SAFETY) and answers[2][0].startswith(SAFETY)
        assert answers[1][0].startswith("Call 999 now")
        assert retried[0].startswith(SAFETY)
        server.kill()  # the process dies with the messages only in its spool
        server = None
        private_redis.start()  # empty: the earlier state went with it (no persistence here)
        server = ServerProcess(private_redis.url, **env).start()
        client = redis.Redis(port=private_redis.port, decode_responses=True)
        deadline = time.monotonic() + 10
        while client.zcard("fs:{queue}:order") == 0:
            assert time.monotonic() < deadline, "the spooled emergency never reached the queue"
            time.sleep(0.1)

        def ins() -> dict[str, list[str]]:
            return {
                number: [
                    json.loads(e)["text"]
                    for e in client.lrange(f"fs:{{sms:{number}}}:transcript", 0, -1)
                    if json.loads(e)["direction"] == "in"
                ]
                for number in ("+447700900001", "+447700900002", "+447700900003")
            }

        while not all(ins().values()):  # replayed one after another
            assert time.monotonic() < deadline, f"not all recorded: {ins()}"
            time.sleep(0.05)
        assert ins() == {
            "+447700900001": ["my bike was stolen"],
            "+447700900002": ["he has a knife and is outside my door"],
            "+447700900003": ["is anyone there"],  # twice delivered, spooled twice, recorded once
        }
        assert client.zrange("fs:{queue}:order", 0, -1) == ["sms:+447700900002"]
        client.close()
        while "spooled message recorded" not in server.output():  # logged just after the commit
            assert time.monotonic() < deadline, "no log line for the recorded messages"
            time.sleep(0.05)
        assert "+4477009" not in server.output()
    finally:
        if server is not None:
            server.stop()
