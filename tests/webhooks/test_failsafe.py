"""Redis goes away mid-conversation: people still get 999 advice, and service resumes by itself."""

from __future__ import annotations

import asyncio

from support import RedisServer

EMERGENCY = "Call 999 now"


async def test_redis_stopped_then_started_again(private_redis: RedisServer, make_twilio: object) -> None:
    tw = await make_twilio(private_redis.url, FIVESTEPS_REPLY_TIMEOUT="3")  # type: ignore[operator]
    client = tw.client
    assert "Tell me what happened" in (await tw.text("hi"))[0]
    assert (await client.get("/readyz")).status == 200

    private_redis.stop()
    replies = await tw.text("5")
    assert len(replies) == 1
    safety = replies[0]
    assert "call 999 now" in safety and "101" in safety and "herts.police.uk/report" in safety
    # An emergency while Redis is down still gets the emergency reply, not only the generic one.
    assert EMERGENCY in (await tw.text("there's a man with a gun outside"))[0]
    ready = await client.get("/readyz")
    assert ready.status == 503
    assert (await ready.json())["status"] == "unavailable"
    assert (await client.get("/healthz")).status == 200
    metrics = await (await client.get("/metrics")).text()
    assert 'fivesteps_safety_replies_total{reason="store_unavailable"} 2.0' in metrics

    private_redis.start()  # same port: the client reconnects by itself
    for _ in range(50):
        if (await client.get("/readyz")).status == 200:
            break
        await asyncio.sleep(0.1)
    assert (await client.get("/readyz")).status == 200
    # The restarted test server keeps nothing on disk, so the conversation starts afresh and then
    # works normally again.
    assert "Tell me what happened" in (await tw.text("hi"))[0]
    assert "Many problems" in (await tw.text("5"))[0]
    assert "district or borough council" in (await tw.text("1"))[0]


async def test_slow_engine_answers_with_safety_reply_within_the_timeout(
    redis_url: str, make_twilio: object
) -> None:
    import time

    tw = await make_twilio(redis_url, FIVESTEPS_REPLY_TIMEOUT="0.5")  # type: ignore[operator]
    from webhooks.keys import RUNTIME

    engine = tw.client.app[RUNTIME].engine
    original = engine._decide

    async def slow_decide(*args: object) -> object:
        await asyncio.sleep(1.0)  # as if Redis or the flow were stuck
        return await original(*args)

    engine._decide = slow_decide
    started = time.monotonic()
    replies = await tw.text("my bike was stolen")
    elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert "call 999 now" in replies[0]
    # The work carries on in the background: the message is still recorded once it finishes.
    await asyncio.sleep(1.0)
    from bot.conversation import Channel, ConversationKey

    transcript = await engine.store.transcript(ConversationKey(Channel.SMS, "+447700900123"))
    assert [e.text for e in transcript if e.direction == "in"] == ["my bike was stolen"]
