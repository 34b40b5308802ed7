"""The operator desk on the real engine: messages through the outbox, the WhatsApp window, opt-outs, place
updates, staff who disappear, and nobody to answer (an injected clock; every store backend)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from faults import Keywords

from bot.accounts import Accounts
from bot.availability import Availability, WeeklyHours
from bot.conversation import Channel, ConversationKey, Status
from bot.desk import Desk, DeskConfig, DeskError
from bot.engine import Engine
from bot.messages import InboundMessage
from bot.metrics import Metrics
from bot.outbox import OutboundMessage
from bot.store import ConversationStore, OperatorQueue, StoreTimings
from bot.store.memory import MemoryAccountStore, MemoryAuditLog, MemoryConversationStore, MemoryOperatorQueue
from bot.store.memory_outbox import MemoryOutbox
from bot.store.redis import RedisConversationStore, RedisOperatorQueue, connect
from flows import FlowLibrary
from flows.library import DEFINITIONS

SMS = ConversationKey(Channel.SMS, "+447700900123")
WHATSAPP = ConversationKey(Channel.WHATSAPP, "+447700900456")
SERVICE = "+447700900999"


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


class Room:
    """An engine, a desk and an outbox on one store, with one clock."""

    def __init__(
        self,
        store: ConversationStore,
        queue: OperatorQueue,
        availability: Callable[[Clock], Availability] | None = None,
    ) -> None:
        self.clock = Clock()
        self.outbox = MemoryOutbox(clock=self.clock)
        self.accounts = Accounts(MemoryAccountStore(clock=self.clock), clock=self.clock)
        self.engine = Engine(
            FlowLibrary.from_directory(DEFINITIONS),
            store,
            queue,
            Metrics(),
            detector=Keywords(),
            clock=self.clock,
            outbox=self.outbox,
            availability=availability(self.clock) if availability else None,
        )
        self.desk = Desk(
            self.engine,
            self.accounts,
            MemoryAuditLog(),
            DeskConfig(max_held=3, whatsapp_template="HX0123", place_interval=600, operator_timeout=120),
            clock=self.clock,
        )

    async def text(self, body: str, key: ConversationKey = SMS) -> tuple[str, ...]:
        return (await self.engine.handle(InboundMessage("SM" + uuid.uuid4().hex, key, SERVICE, body))).texts

    async def sent(self) -> list[OutboundMessage]:
        """Everything in the outbox now (taken and acknowledged, as a sender would)."""
        taken = await self.outbox.take("test", 100)
        for delivery in taken:
            await self.outbox.ack(delivery)
        return [d.message for d in taken]

    async def waiting(self, key: ConversationKey = SMS) -> str:
        item = next(i for i in await self.desk.queue() if i.key == key)
        return item.id


@pytest.fixture(params=["memory", "redis"])
async def room(request: pytest.FixtureRequest) -> AsyncIterator[Room]:
    timings = StoreTimings(lease=1.0, lock_wait=1.0)
    if request.param == "memory":
        yield Room(MemoryConversationStore(timings), MemoryOperatorQueue())
        return
    client = connect(request.getfixturevalue("redis_url"))
    store = RedisConversationStore(client, timings)
    try:
        yield Room(store, RedisOperatorQueue(client))
    finally:
        await store.close()


async def test_staff_messages_go_through_the_outbox_once_with_the_right_addresses(room: Room) -> None:
    await room.accounts.add("ops", "operator")
    await room.text("person")
    cid = await room.waiting()
    await room.desk.claim("ops", cid)
    [joined] = await room.sent()
    assert joined.to == SMS.contact and joined.sender == SERVICE and joined.author == "bot"
    assert "joined" in joined.body

    first = await room.desk.send("ops", cid, "Hello, I'm Sam from the control room.", request_id="k1")
    again = await room.desk.send("ops", cid, "Hello, I'm Sam from the control room.", request_id="k1")
    assert first == again  # a retried request sends nothing more
    [message] = await room.sent()
    assert message.id == first and message.author == "operator:ops"
    assert message.body == "Hello, I'm Sam from the control room." and message.to == SMS.contact
    view = await room.desk.view("ops", cid)
    mine = [e for e in view.transcript if e.author == "operator:ops" and e.direction == "out"]
    assert [e.message_id for e in mine] == [first]
    assert (await room.desk.deliveries(SMS))[first] == "queued"

    await room.desk.close("ops", cid, "advice given")
    [closed] = await room.sent()
    assert "ended" in closed.body and closed.to == SMS.contact


async def test_whatsapp_goes_from_the_whatsapp_sender_and_not_after_24_hours(room: Room) -> None:
    await room.accounts.add("ops", "operator")
    await room.text("person", WHATSAPP)
    cid = await room.waiting(WHATSAPP)
    await room.desk.claim("ops", cid)
    [joined] = await room.sent()
    assert joined.to == f"whatsapp:{WHATSAPP.address}" and joined.sender == f"whatsapp:{SERVICE}"
    room.clock.now += 23 * 3600
    await room.desk.send("ops", cid, "Still there?")
    room.clock.now += 2 * 3600  # 25 hours since the person's last message
    with pytest.raises(DeskError) as refused:
        await room.desk.send("ops", cid, "Hello again")
    assert refused.value.status == 409
    assert refused.value.details == {"reason": "whatsapp_window", "template": "HX0123"}
    # The approved template may be sent then, and nothing else in its place.
    template_id = await room.desk.send("ops", cid, "", template="HX0123")
    with pytest.raises(DeskError) as other:
        await room.desk.send("ops", cid, "", template="HX9999")
    assert other.value.status == 422
    await room.text("yes I'm here", WHATSAPP)  # the person writes: the window opens again
    await room.desk.send("ops", cid, "Thanks")
    sent = await room.sent()
    assert [(m.body, m.content_sid) for m in sent] == [
        ("Still there?", None),
        ("[WhatsApp template HX0123]", "HX0123"),
        ("Thanks", None),
    ]
    assert sent[1].id == template_id


async def test_a_template_is_only_for_whatsapp(room: Room) -> None:
    await room.accounts.add("ops", "operator")
    await room.text("person")
    cid = await room.waiting()
    await room.desk.claim("ops", cid)
    with pytest.raises(DeskError) as refused:
        await room.desk.send("ops", cid, "", template="HX0123")
    assert refused.value.status == 422


async def test_an_opted_out_person_gets_nothing_proactive(room: Room) -> None:
    await room.accounts.add("ops", "operator")
    await room.text("person")
    cid = await room.waiting()
    await room.text("EMERGENCY he is outside")  # flagged for staff at priority 1
    await room.text("STOP")
    [item] = await room.desk.queue()
    assert item.priority == 1  # STOP does not hide an emergency from staff
    await room.desk.claim("ops", cid)
    assert await room.sent() == []  # no "staff joined"
    with pytest.raises(DeskError) as refused:
        await room.desk.send("ops", cid, "Are you safe?")
    assert refused.value.status == 409 and refused.value.details["reason"] == "opted_out"
    await room.desk.close("ops", cid, "opted out")
    assert await room.sent() == []


async def test_people_waiting_are_told_a_new_place_at_most_once_per_interval(room: Room) -> None:
    await room.accounts.add("ops", "operator")
    keys = [ConversationKey(Channel.SMS, f"+44770090010{n}") for n in range(3)]
    for n, key in enumerate(keys):
        room.clock.now += 1
        replies = await room.text("person", key)
        assert f"You are number {n + 1} in the queue." in replies[-1]
    assert await room.desk.update_places() == 0  # nothing changed
    await room.desk.claim("ops", await room.waiting(keys[0]))
    await room.sent()
    assert await room.desk.update_places() == 0  # changed, but told less than 10 minutes ago
    room.clock.now += 601
    assert await room.desk.update_places() == 2
    bodies = {m.to: m.body for m in await room.sent()}
    assert "number 1 in the queue" in bodies[keys[1].contact]
    assert "number 2 in the queue" in bodies[keys[2].contact]
    room.clock.now += 601
    assert await room.desk.update_places() == 0  # same places: nothing to say
    assert "number 1 in the queue" in (await room.text("hello?", keys[1]))[0]


async def test_a_holder_who_disappears_has_conversations_returned_and_the_person_told(room: Room) -> None:
    await room.accounts.add("ops", "operator")
    await room.text("person")
    cid = await room.waiting()
    await room.desk.seen("ops")
    await room.desk.claim("ops", cid)
    await room.sent()
    room.clock.now += 100
    await room.desk.seen("ops")  # the console's heartbeat
    room.clock.now += 100
    assert await room.desk.return_absent() == 0
    room.clock.now += 121
    assert await room.desk.return_absent() == 1
    [item] = await room.desk.queue()
    assert item.holder is None and item.status is Status.QUEUED and item.priority == 3
    [told] = await room.sent()
    assert "back in the queue" in told.body
    actions = [e["action"] for e in await room.desk.audit.entries()]
    assert actions[-1] == "return"


async def test_nobody_to_answer_means_no_wait_but_101_online_and_web_chat() -> None:
    def weekdays(clock: Clock) -> Availability:
        return Availability(hours=WeeklyHours.parse("mon-fri 09:00-17:00"), clock=clock)

    room = Room(MemoryConversationStore(StoreTimings()), MemoryOperatorQueue(), weekdays)
    room.clock.now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC).timestamp()  # a Saturday, noon
    replies = await room.text("person")
    assert "101" in replies[-1] and "herts.police.uk/report" in replies[-1] and "web chat" in replies[-1]
    assert await room.desk.queue() == []


async def test_with_staff_required_at_the_console_nobody_signed_in_means_no_wait() -> None:
    accounts_store = MemoryAccountStore()

    def console(clock: Clock) -> Availability:
        return Availability(signed_in_within=120, last_seen=accounts_store.last_seen, clock=clock)

    room = Room(MemoryConversationStore(StoreTimings()), MemoryOperatorQueue(), console)
    assert "101" in (await room.text("person"))[-1]
    assert await room.desk.queue() == []
    await accounts_store.seen("ops", room.clock.now)
    assert "number 1 in the queue" in (await room.text("person", WHATSAPP))[-1]
