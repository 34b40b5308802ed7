"""`fivesteps sender` as deployed: a sender killed (kill -9) in the middle of its batch, one POST accepted by
Twilio but never answered; a second sender process takes over. Every message reaches Twilio exactly once."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from fakes import FakeTwilio
from support import SERVICE_NUMBER, SenderProcess

from bot.outbox import OutboundMessage
from bot.store.redis import connect
from bot.store.redis_outbox import RedisOutbox

pytestmark = pytest.mark.slow


async def test_a_killed_sender_s_messages_are_finished_by_another_each_sent_once(redis_url: str) -> None:
    async with FakeTwilio() as fake:
        env = {
            "FIVESTEPS_TWILIO_API_URL": fake.url,
            "FIVESTEPS_SEND_RATE": "20",
            "FIVESTEPS_SEND_TIMEOUT": "1",
            "FIVESTEPS_SEND_TAKEOVER": "3",
        }
        client = connect(redis_url)
        outbox = RedisOutbox(client)
        bodies = [f"Message {n} from the control room" for n in range(12)]
        try:
            for n, body in enumerate(bodies):
                await outbox.add(
                    OutboundMessage(
                        id=uuid.uuid4().hex,
                        conversation=f"sms:+4477009001{n:02d}",
                        to=f"+4477009001{n:02d}",
                        sender=SERVICE_NUMBER,
                        body=body,
                        author="operator:sam",
                        created_at=time.time(),
                    )
                )
            fake.accept_then_hang(times=1)  # Twilio takes the first message, then never answers
            first = SenderProcess(redis_url, **env).start()
            async with asyncio.timeout(20):
                while len(fake.posts()) < 4:  # mid-batch
                    await asyncio.sleep(0.02)
            first.kill()
            after_kill = len(fake.sent)
            assert after_kill < len(bodies)

            second = SenderProcess(redis_url, **env).start()
            try:
                async with asyncio.timeout(30):
                    while sorted(m.body for m in fake.sent) != sorted(bodies) or await outbox.depth():
                        await asyncio.sleep(0.05)
                await asyncio.sleep(1.0)  # time for a second copy, if anything were to send one
            finally:
                second.stop()
            sent = [m.body for m in fake.sent]
            assert sorted(sent) == sorted(bodies)  # all of them, and each once
            assert fake.lookups(), "the taken-over message was looked for in Twilio's log"
        finally:
            await client.aclose()
