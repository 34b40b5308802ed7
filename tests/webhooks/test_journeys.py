"""Whole conversations through the real app, over SMS and WhatsApp, on Redis and on the memory store.

Each journey is a list of (what the person texts, what each reply message must contain, in order):
a phrase, or a tuple of phrases that one message must all contain.
"""

from __future__ import annotations

import pytest

from bot.conversation import Channel, ConversationKey, Status
from webhooks.keys import RUNTIME

SENDERS = {"sms": "+447700900123", "whatsapp": "whatsapp:+447700900123"}
INTRO = "not monitored for emergencies"
WELCOME = "Tell me what happened, or reply:"
EMERGENCY = "Call 999 now"

JOURNEYS: dict[str, list[tuple[str, list[str | tuple[str, ...]]]]] = {
    "crime already happened, by menu": [
        ("hi", [WELCOME]),
        (
            "1",
            [
                "herts.police.uk/report",
            ],
        ),
    ],
    "crime already happened, free text with typos": [
        ("someone stole my bike from the shed lst nite", [(INTRO, "crime reference number")]),
    ],
    "damage-only collision, then the other driver left": [
        ("a car reversed into mine in the car park, no one hurt", [(INTRO, "within 24 hours")]),
        ("1", ["call 101 (free), from the scene"]),
    ],
    "information to share": [
        ("hello", [WELCOME]),
        ("3", [("web chat", "Crimestoppers on 0800 555 111")]),
    ],
    "information, free text": [
        ("I know who is dealing drugs from the flat upstairs", [(INTRO, "0800 555 111")]),
    ],
    "fraud and scams": [
        ("i got a scam text pretending to be my bank", [(INTRO, "0300 123 2040")]),
        ("what do i do with the text", ["Sorry, I did not understand"]),
    ],
    "not a police matter: noise": [
        ("hi", [WELCOME]),
        ("5", ["Many problems are for other services"]),
        ("1", ["district or borough council"]),
    ],
    "not a police matter: pothole, free text": [
        ("theres a massive pothole on my road", [(INTRO, "Hertfordshire County Council")]),
    ],
    "not a police matter: health, animals, lost property": [
        ("5", [(INTRO, "Many problems")]),
        ("3", ["NHS 111"]),
        ("4", ["RSPCA on 0300 1234 999"]),
        ("i lost my wallet", ["Police no longer record most lost property"]),
    ],
    "the non-emergency number": [
        ("what is the non emergency number", [(INTRO, "101. It is free")]),
    ],
    "not understood twice, never a dead end": [
        ("hi", [WELCOME]),
        ("blorp", [("Sorry, I did not understand", "6 Talk to a person")]),
        ("zzzz", ["Reply PERSON for a member of staff"]),
        ("menu", [WELCOME]),
    ],
    "thanks closes politely": [
        ("my purse was stolen yesterday", [(INTRO, "herts.police.uk/report")]),
        ("thanks", ["You're welcome"]),
    ],
    "emergency at the start": [
        ("HELP hes outside with a knife", [EMERGENCY]),
    ],
    "emergency mid-flow": [
        ("hi", [WELCOME]),
        ("5", ["Many problems"]),
        ("my neighbour is hitting his wife right now", [EMERGENCY]),
        ("1", ["district or borough council"]),  # the flow carries on where it was
    ],
    "exit ends at once": [
        ("hi", [WELCOME]),
        ("exit", ["OK. Conversation ended."]),
        ("1", [(INTRO, "herts.police.uk/report")]),  # a fresh conversation: intro again
    ],
    "distress is never small talk": [
        ("im not ok", [("I'm sorry", "999", "NHS 111", "mental health option", "116 123", "85258")]),
        ("thanks", ["You're welcome"]),
    ],
    "distress in other words": [
        ("I can't cope any more, everything is too much", [("Samaritans", "116 123", "SHOUT to 85258")]),
    ],
    "thanks alone": [
        ("thanks", ["You're welcome"]),
    ],
    "firearms licensing": [
        (
            "how do I renew my shotgun certificate, it runs out next month",
            [(INTRO, "Firearms and explosives")],
        ),
    ],
    "reporting anonymously": [
        ("can I tell you something without giving my name", [(INTRO, "Crimestoppers on 0800 555 111")]),
    ],
    "abandoned vehicle, in a named town": [
        (
            "a car has been abandoned on our road in Hitchin for weeks, no tax",
            [(INTRO, "North Hertfordshire District Council", "gov.uk/report-untaxed-vehicle")],
        ),
    ],
    "talk to an officer, then a member of staff": [
        (
            "I'd like to speak to a police officer about my neighbour",
            [(INTRO, "To speak to a police officer")],
        ),
        ("1", ["member of staff in our control room"]),
    ],
    "a staff request in everyday words": [
        (
            "I'd rather speak to a member of staff than a computer if that's ok",
            [(INTRO, "member of staff in our control room")],
        ),
    ],
    "a stolen wallet is a crime, not lost property": [
        ("my wallet was nicked at the market this morning", [(INTRO, "crime reference number")]),
    ],
    "a cloned card is fraud": [
        ("my bank card has been cloned and used in shops", [(INTRO, "Report Fraud")]),
    ],
    "they drove off: no question about it": [
        ("someone hit my parked car and drove off without leaving details", [(INTRO, "call 101")]),
    ],
    "help works in any state": [
        ("5", [(INTRO, "Many problems")]),
        ("HELP", ["PERSON for a member of staff"]),
        ("2", ["Hertfordshire County Council"]),
    ],
}


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_journey(twilio: object, journey: str, channel: str) -> None:
    sender = SENDERS[channel]
    for text, expected in JOURNEYS[journey]:
        replies = await twilio.text(text, sender)  # type: ignore[attr-defined]
        assert len(replies) == len(expected), (text, replies)
        for reply, phrases in zip(replies, expected, strict=True):
            for phrase in (phrases,) if isinstance(phrases, str) else phrases:
                assert phrase in reply, (text, phrase, reply)


def runtime_of(twilio: object) -> object:
    return twilio.client.app[RUNTIME]  # type: ignore[attr-defined]


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
async def test_asking_for_a_person_queues_the_conversation(twilio: object, channel: str) -> None:
    sender = SENDERS[channel]
    key = ConversationKey(Channel(channel), "+447700900123")
    runtime = runtime_of(twilio)
    replies = await twilio.text("can I speak to a real person please", sender)  # type: ignore[attr-defined]
    assert "member of staff in our control room" in replies[-1]
    assert await runtime.queue.position(key) == 1  # type: ignore[attr-defined]
    snapshot = await runtime.store.load(key)  # type: ignore[attr-defined]
    assert snapshot.conversation.status is Status.QUEUED
    assert snapshot.conversation.escalation_reason == "asked_for_person"
    # While waiting, messages are acknowledged with the queue position, not run through the flow.
    replies = await twilio.text("it's about my stolen car", sender)  # type: ignore[attr-defined]
    assert replies == [
        "Thanks, I've added that. You are number 1 in the queue for a member of staff. "
        "If anyone is in danger, call 999. Text MENU to leave the queue."
    ]
    # The emergency check still answers first while queued.
    assert EMERGENCY in (await twilio.text("he's back and he has a knife", sender))[0]  # type: ignore[attr-defined]
    entries = await runtime.queue.entries()  # type: ignore[attr-defined]
    assert entries[0].key == key and entries[0].priority == 1  # moved to the top by triage
    # MENU leaves the queue.
    replies = await twilio.text("menu", sender)  # type: ignore[attr-defined]
    assert replies[0] == "You have left the queue for a member of staff."
    assert WELCOME in replies[1]
    assert await runtime.queue.position(key) is None  # type: ignore[attr-defined]


async def test_an_emergency_flags_the_conversation_for_staff(twilio: object) -> None:
    key = ConversationKey(Channel.SMS, "+447700900123")
    runtime = runtime_of(twilio)
    await twilio.text("someone is breaking into my house right now", SENDERS["sms"])  # type: ignore[attr-defined]
    entries = await runtime.queue.entries()  # type: ignore[attr-defined]
    assert [(e.key, e.priority, e.reason) for e in entries] == [(key, 1, "emergency")]
    # The bot keeps helping: the flow still answers the next message.
    assert WELCOME in (await twilio.text("hi", SENDERS["sms"]))[0]  # type: ignore[attr-defined]


async def test_exit_deletes_state_and_leaves_the_queue(twilio: object) -> None:
    key = ConversationKey(Channel.SMS, "+447700900123")
    runtime = runtime_of(twilio)
    await twilio.text("person", SENDERS["sms"])  # type: ignore[attr-defined]
    assert await runtime.queue.position(key) == 1  # type: ignore[attr-defined]
    assert await twilio.text("Exit", SENDERS["sms"]) == ["OK. Conversation ended."]  # type: ignore[attr-defined]
    assert (await runtime.store.load(key)).conversation is None  # type: ignore[attr-defined]
    assert await runtime.queue.position(key) is None  # type: ignore[attr-defined]


async def test_whatsapp_stop_is_answered_by_the_service(twilio: object) -> None:
    # Twilio's own STOP handling covers SMS only; on WhatsApp nobody else would confirm it.
    key = ConversationKey(Channel.WHATSAPP, "+447700900123")
    replies = await twilio.text("STOP", SENDERS["whatsapp"])  # type: ignore[attr-defined]
    assert len(replies) == 1 and "no more messages from us" in replies[0]
    assert "If you write to us again, we will reply" in replies[0]
    assert (await runtime_of(twilio).store.load(key)).opted_out is True  # type: ignore[attr-defined]
    replies = await twilio.text("start", SENDERS["whatsapp"])  # type: ignore[attr-defined]
    assert replies == ["Messages from this number are back on. Text MENU for options."]


async def test_stop_records_opt_out_and_start_clears_it(twilio: object) -> None:
    key = ConversationKey(Channel.SMS, "+447700900123")
    runtime = runtime_of(twilio)
    assert await twilio.text("stop", SENDERS["sms"]) == []  # type: ignore[attr-defined]
    assert (await runtime.store.load(key)).opted_out is True  # type: ignore[attr-defined]
    assert await twilio.text("START", SENDERS["sms"]) == []  # type: ignore[attr-defined]
    assert (await runtime.store.load(key)).opted_out is False  # type: ignore[attr-defined]


async def test_app_handled_opt_out_answers_itself(make_twilio: object, redis_url: str) -> None:
    tw = await make_twilio(redis_url, FIVESTEPS_OPT_OUT_HANDLED_BY="app")  # type: ignore[operator]
    (reply,) = await tw.text("STOP")
    assert "no more messages from us" in reply and "Text START to undo" in reply
    assert await tw.text("start") == ["Messages from this number are back on. Text MENU for options."]
    # Once opted in again, START is an ordinary greeting.
    assert WELCOME in (await tw.text("start"))[0]


async def test_state_expires_after_inactivity(make_twilio: object, redis_url: str) -> None:
    import asyncio

    tw = await make_twilio(redis_url, FIVESTEPS_INACTIVITY_TIMEOUT="0.5")  # type: ignore[operator]
    await tw.text("5")
    assert "district or borough council" in (await tw.text("1"))[0]
    await tw.text("5")
    await asyncio.sleep(0.8)
    # After the time-out the next message starts afresh: "1" is the start menu's "crime" again.
    (reply,) = await tw.text("1")
    assert INTRO in reply and "herts.police.uk/report" in reply


async def test_every_message_is_in_the_transcript(twilio: object) -> None:
    key = ConversationKey(Channel.WHATSAPP, "+447700900123")
    for text in ["hi", "2", "1"]:
        await twilio.text(text, SENDERS["whatsapp"])  # type: ignore[attr-defined]
    transcript = await runtime_of(twilio).store.transcript(key)  # type: ignore[attr-defined]
    assert [(e.direction, e.text[:12]) for e in transcript] == [
        ("in", "hi"),
        ("out", "Herts Police"),
        ("in", "2"),
        ("out", "If anyone is"),
        ("in", "1"),
        ("out", "If the other"),
    ]
    assert all(e.message_id for e in transcript if e.direction == "in")
