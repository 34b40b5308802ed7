"""One number flooding the service: answered politely, capped in storage, and nobody else affected."""

from __future__ import annotations

import json

import pytest
import redis.asyncio
from conftest import AppFactory

THROTTLED = "You have sent a lot of messages quickly"


@pytest.mark.parametrize("backend", ["redis", "memory"])
async def test_a_flood_from_one_number_is_throttled_capped_and_touches_nobody_else(
    backend: str, request: pytest.FixtureRequest, make_twilio: AppFactory
) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else None
    twilio = await make_twilio(
        url,
        FIVESTEPS_FLOOD_MESSAGES=10,
        FIVESTEPS_FLOOD_WINDOW=600,
        FIVESTEPS_TRANSCRIPT_MAX_ENTRIES=40,
    )
    flooder, bystander = "+447700900111", "+447700900222"
    long_text = "my neighbour keeps playing loud music " * 40  # about 1,500 characters
    answers = [await twilio.text(f"{long_text} {i}", flooder) for i in range(60)]
    assert all(texts and not texts[0].startswith(THROTTLED) for texts in answers[:10])
    assert answers[10][0].startswith(THROTTLED) and "call 999" in answers[10][0]
    assert all(texts == [] for texts in answers[11:])  # silence, not a reply each time
    # An emergency in the middle of it is answered at once.
    urgent = await twilio.text("he has a knife and is coming at me", flooder)
    assert urgent[0].startswith("Call 999 now")
    # Someone else is answered as ever.
    assert "herts.police.uk/report" in (await twilio.text("my bike was stolen from the shed", bystander))[0]
    if url is not None:
        client = redis.asyncio.Redis.from_url(url, decode_responses=True)
        try:
            key = "fs:{sms:+447700900111}:transcript"
            assert await client.llen(key) == 40
            last = json.loads(await client.lindex(key, -1))  # type: ignore[arg-type]
            assert last["kind"] == "dropped" and last["dropped"] > 0
            # Bounded: 40 entries of about 1.5 kB, not 60 messages' worth growing without end.
            assert await client.memory_usage(key) < 120_000
        finally:
            await client.aclose()
