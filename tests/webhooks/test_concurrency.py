"""Many messages from one person at once: processed one at a time, none lost, each recorded."""

from __future__ import annotations

import asyncio
from xml.etree import ElementTree

from support import inbound_form

from bot.conversation import Channel, ConversationKey
from webhooks.keys import RUNTIME


async def test_twenty_simultaneous_messages_from_one_number(twilio: object) -> None:
    forms = [inbound_form(f"message number {i} about my stolen bike") for i in range(20)]
    responses = await asyncio.gather(*(twilio.post(f) for f in forms))  # type: ignore[attr-defined]
    bodies = [await r.text() for r in responses]
    assert [r.status for r in responses] == [200] * 20
    for body in bodies:
        texts = [m.text or "" for m in ElementTree.fromstring(body).iter("Message")]
        assert texts, body  # every request got a reply...
        assert "Sorry, this service is not working" not in texts[0]  # ...from the engine, not the fallback
    runtime = twilio.client.app[RUNTIME]  # type: ignore[attr-defined]
    key = ConversationKey(Channel.SMS, "+447700900123")
    transcript = await runtime.store.transcript(key)
    inbound = [e for e in transcript if e.direction == "in"]
    assert sorted(e.message_id for e in inbound) == sorted(f["MessageSid"] for f in forms)
    snapshot = await runtime.store.load(key)
    assert snapshot.conversation is not None
    assert snapshot.conversation.messages_in == 20
    # Exactly one of them was the first message of the conversation (with the intro).
    intros = [b for b in bodies if "not monitored for emergencies" in b]
    assert len(intros) == 1


async def test_simultaneous_duplicates_are_handled_once(twilio: object) -> None:
    form = inbound_form("my car was broken into")
    responses = await asyncio.gather(*(twilio.post(form) for _ in range(5)))  # type: ignore[attr-defined]
    bodies = {await r.text() for r in responses}
    assert len(bodies) == 1
    runtime = twilio.client.app[RUNTIME]  # type: ignore[attr-defined]
    transcript = await runtime.store.transcript(ConversationKey(Channel.SMS, "+447700900123"))
    assert len([e for e in transcript if e.direction == "in"]) == 1
