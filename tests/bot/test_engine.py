"""The engine on the memory store: cases that the HTTP tests cannot reach directly."""

from __future__ import annotations

import time
import uuid

import pytest

from bot.conversation import Channel, Conversation, ConversationKey, Status
from bot.emergency import Assessment, Detector
from bot.engine import Engine, EngineConfig
from bot.messages import InboundMessage, ReplyKind
from bot.metrics import Metrics
from bot.safety import SAFETY_REPLY
from bot.store import Change, LeaseLost, StoreTimings
from bot.store.memory import MemoryConversationStore, MemoryOperatorQueue
from flows import FlowLibrary, parse_flow
from flows.library import DEFINITIONS

KEY = ConversationKey(Channel.SMS, "+447700900123")


def make_engine(library: FlowLibrary | None = None, **config: object) -> Engine:
    return Engine(
        library or FlowLibrary.from_directory(DEFINITIONS),
        MemoryConversationStore(StoreTimings()),
        MemoryOperatorQueue(),
        Metrics(),
        EngineConfig(**config),  # type: ignore[arg-type]
    )


def inbound(text: str, **extra: object) -> InboundMessage:
    return InboundMessage("SM" + uuid.uuid4().hex, KEY, "+447700900999", text, **extra)  # type: ignore[arg-type]


async def put(engine: Engine, conversation: Conversation) -> None:
    async with engine.store.claim(KEY, "SMseed") as claim:
        await engine.store.commit(claim.lease, Change("SMseed", [], conversation))


def conversation(state: str, **extra: object) -> Conversation:
    now = time.time()
    return Conversation(
        flow="five_steps", flow_version=1, state=state, started_at=now, updated_at=now, **extra
    )


async def test_while_staff_hold_the_conversation_the_bot_is_quiet_but_emergencies_answer() -> None:
    engine = make_engine()
    await put(engine, conversation("person", status=Status.OPERATOR))
    quiet = await engine.handle(inbound("hello? anyone there"))
    assert quiet.texts == ()
    urgent = await engine.handle(inbound("hes kicking the door in"))
    assert urgent.kind is ReplyKind.EMERGENCY
    assert urgent.texts[0].startswith("Call 999 now")
    transcript = await engine.store.transcript(KEY)
    assert [e.text for e in transcript if e.direction == "in"] == [
        "hello? anyone there",
        "hes kicking the door in",
    ]


async def test_menu_does_not_take_a_conversation_away_from_staff_but_exit_ends_it() -> None:
    engine = make_engine()
    await put(engine, conversation("person", status=Status.OPERATOR))
    assert (await engine.handle(inbound("menu"))).texts == ()
    snapshot = await engine.store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.status is Status.OPERATOR
    assert (await engine.handle(inbound("exit"))).texts == ("OK. Conversation ended.",)
    assert (await engine.store.load(KEY)).conversation is None


async def test_a_conversation_stays_on_its_flow_version() -> None:
    library = FlowLibrary.from_directory(DEFINITIONS)
    engine = make_engine(library)
    await engine.handle(inbound("5"))  # on version 1, in the not_police menu
    v1 = library.current("five_steps").definition
    changed = v1.model_copy(
        update={
            "version": 2,
            "states": {
                **v1.states,
                "council": v1.states["council"].model_copy(update={"say": ["Version two."]}),
            },
        }
    )
    library.add(parse_flow(__import__("yaml").safe_dump(changed.model_dump(mode="json"))))
    assert library.current("five_steps").version == 2
    reply = await engine.handle(inbound("1"))
    assert "district or borough council" in reply.texts[0]  # still version 1
    snapshot = await engine.store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.flow_version == 1
    await engine.handle(inbound("exit"))
    reply = await engine.handle(inbound("5"))
    await engine.handle(inbound("1"))
    snapshot = await engine.store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.flow_version == 2


async def test_a_conversation_on_a_vanished_version_restarts_on_the_current_one() -> None:
    engine = make_engine()
    await put(engine, conversation("no_such_state"))
    reply = await engine.handle(inbound("hi"))
    assert "Tell me what happened" in reply.texts[0]


class AlwaysEmergency:
    """A detector that calls every message an emergency."""

    def assess(self, text: str) -> Assessment:
        return Assessment(True, 0.9, "fear", "fake", "fake-1", rule="fake.always")


class NeverEmergency:
    """A detector that scores every message a little, but never calls one an emergency."""

    def assess(self, text: str) -> Assessment:
        return Assessment(False, 0.3, None, "fake", "fake-1")


class Broken:
    """A detector that fails on every message."""

    def assess(self, text: str) -> Assessment:
        raise RuntimeError("boom")


def engine_with(detector: Detector) -> Engine:
    return Engine(
        FlowLibrary.from_directory(DEFINITIONS),
        MemoryConversationStore(StoreTimings()),
        MemoryOperatorQueue(),
        Metrics(),
        detector=detector,
    )


def test_the_fakes_are_detectors() -> None:
    for fake in (AlwaysEmergency(), NeverEmergency(), Broken()):
        assert isinstance(fake, Detector)


async def test_whatever_detector_says_emergency_gets_the_emergency_reply() -> None:
    harmless = "what time does the front counter open"
    assert not make_engine().detector.assess(harmless).emergency
    engine = engine_with(AlwaysEmergency())
    reply = await engine.handle(inbound(harmless))
    assert reply.kind is ReplyKind.EMERGENCY
    assert reply.emergency
    assert reply.texts[0].startswith("Call 999 now")
    assert [(e.key, e.priority, e.reason) for e in await engine.queue.entries()] == [(KEY, 1, "emergency")]


async def test_only_the_detectors_emergency_flag_makes_an_emergency() -> None:
    reply = await engine_with(NeverEmergency()).handle(inbound("he has a knife"))
    assert reply.kind is not ReplyKind.EMERGENCY
    assert not reply.emergency


async def test_a_broken_detector_never_blocks_the_reply() -> None:
    engine = engine_with(Broken())
    reply = await engine.handle(inbound("my bike was stolen"))
    assert reply.kind is ReplyKind.FLOW
    assert not reply.emergency
    assert "herts.police.uk/report" in reply.texts[-1]


async def test_a_failing_flow_step_gets_the_safety_reply() -> None:
    engine = make_engine()

    async def broken(*args: object) -> None:
        raise RuntimeError("boom")

    engine._decide = broken  # type: ignore[assignment,method-assign]
    reply = await engine.handle(inbound("my bike was stolen"))
    assert reply.kind is ReplyKind.SAFETY
    assert reply.texts == (SAFETY_REPLY,)
    emergency = await engine.handle(inbound("there is a fire in the flat below"))
    assert emergency.texts[0].startswith("Call 999 now")


async def test_a_lost_lease_is_retried_and_the_message_handled_once() -> None:
    engine = make_engine()
    store = engine.store
    real_commit = store.commit
    calls = {"n": 0}

    async def flaky(lease: object, change: Change) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise LeaseLost("expired")
        await real_commit(lease, change)  # type: ignore[arg-type]

    store.commit = flaky  # type: ignore[method-assign]
    reply = await engine.handle(inbound("my bike was stolen"))
    assert reply.kind is ReplyKind.FLOW
    assert calls["n"] == 2
    assert len([e for e in await store.transcript(KEY) if e.direction == "in"]) == 1


async def test_queued_conversation_missing_from_the_queue_is_added_again() -> None:
    engine = make_engine()
    since = time.time() - 60
    await put(
        engine,
        conversation(
            "person", status=Status.QUEUED, escalation_priority=3, escalation_reason="asked_for_person",
            escalated_at=since,
        ),
    )  # fmt: skip
    reply = await engine.handle(inbound("still waiting"))
    assert "member of staff" in reply.texts[0]
    assert await engine.queue.position(KEY) == 1
    entry = (await engine.queue.entries())[0]
    assert (entry.priority, entry.since, entry.reason) == (3, since, "asked_for_person")


@pytest.mark.parametrize("payload", ["fraud", "4"])
async def test_button_payload_selects_a_choice(payload: str) -> None:
    engine = make_engine()
    await engine.handle(inbound("hi"))
    reply = await engine.handle(inbound("", button_payload=payload, button_text="Fraud or scam"))
    assert "0300 123 2040" in reply.texts[0]


async def test_unknown_button_payload_falls_back_to_its_text() -> None:
    engine = make_engine()
    await engine.handle(inbound("hi"))
    reply = await engine.handle(inbound("", button_payload="old-campaign-7", button_text="I lost my phone"))
    assert "lost property" in reply.texts[0]


async def test_numbers_follow_the_last_menu_shown() -> None:
    engine = make_engine()
    await engine.handle(inbound("5"))  # not_police menu
    await engine.handle(inbound("3"))  # health advice
    assert "RSPCA" in (await engine.handle(inbound("4"))).texts[0]  # 4 in the not_police menu
    await engine.handle(inbound("blorp"))  # not understood: shows the start menu
    assert "0300 123 2040" in (await engine.handle(inbound("4"))).texts[0]  # 4 in the start menu


async def test_a_wait_for_staff_that_runs_out_is_told_so_and_leaves_the_queue() -> None:
    now = [1_000_000.0]
    engine = Engine(
        FlowLibrary.from_directory(DEFINITIONS),
        MemoryConversationStore(StoreTimings()),
        MemoryOperatorQueue(),
        Metrics(),
        EngineConfig(queue_wait_limit=600.0),
        clock=lambda: now[0],
    )
    await engine.handle(inbound("person"))
    assert await engine.queue.position(KEY) == 1
    now[0] += 599.0
    still = await engine.handle(inbound("are you still there"))
    assert "number 1 in the queue" in still.texts[0]
    now[0] += 1.0
    over = await engine.handle(inbound("hello?"))
    assert over.texts == (engine.flows.current("five_steps").definition.messages.queue_timed_out,)
    assert await engine.queue.position(KEY) is None
    snapshot = await engine.store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.status is Status.BOT


async def test_a_flood_gets_one_notice_then_silence_but_emergencies_and_stop_are_answered() -> None:
    now = [1_000_000.0]
    engine = Engine(
        FlowLibrary.from_directory(DEFINITIONS),
        MemoryConversationStore(StoreTimings()),
        MemoryOperatorQueue(),
        Metrics(),
        EngineConfig(flood_messages=5, flood_window=60.0, flood_quiet=300.0),
        clock=lambda: now[0],
    )
    other = ConversationKey(Channel.WHATSAPP, "+447700900456")
    replies = []
    for _ in range(5):
        replies.append(await engine.handle(inbound("hello")))
        now[0] += 1
    assert all(r.texts for r in replies)
    notice = await engine.handle(inbound("hello"))
    assert notice.texts == (
        engine.flows.current("five_steps").definition.messages.throttled.format(minutes=5),
    )
    assert "call 999" in notice.texts[0].lower()
    for _ in range(10):
        now[0] += 1
        assert (await engine.handle(inbound("hello"))).texts == ()
    # Someone else is untouched by it.
    message = InboundMessage("SM" + uuid.uuid4().hex, other, "+447700900999", "hello")
    assert (await engine.handle(message)).texts
    # An emergency is answered whatever the limit, and so is an opt-out.
    urgent = await engine.handle(inbound("he is kicking my door in"))
    assert urgent.kind is ReplyKind.EMERGENCY and urgent.texts[0].startswith("Call 999 now")
    await engine.handle(inbound("STOP"))
    assert (await engine.store.load(KEY)).opted_out is True
    # Every message is still in the transcript.
    ins = [e for e in await engine.store.transcript(KEY) if e.direction == "in"]
    assert len(ins) == 5 + 1 + 10 + 1 + 1
    # After the quiet time the bot answers again.
    now[0] += 300
    assert (await engine.handle(inbound("hello"))).texts
