"""Side effects committed with the conversation and relayed after: the queue is an index of the records.

Each test breaks the relay at a different point (through the faulty wrappers in `tests/faults.py`) and
checks that what the conversation record says reaches the queue anyway, once, and that entries no record
calls for are cleaned out.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from conftest import DEPLOYMENTS
from faults import Faults, FaultyQueue, FaultyStore, Keywords

from bot.conversation import Channel, ConversationKey
from bot.engine import Engine
from bot.messages import InboundMessage, ReplyKind
from bot.metrics import Metrics
from bot.relay import Relay
from bot.store import ConversationStore, OperatorQueue, QueueEntry, StoreTimings, StoreUnavailable
from bot.store.memory import MemoryConversationStore, MemoryOperatorQueue
from bot.store.redis import RedisConversationStore, RedisOperatorQueue, connect
from flows import FlowLibrary
from flows.library import DEFINITIONS

KEY = ConversationKey(Channel.SMS, "+447700900123")


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


class Setup:
    def __init__(self, store: ConversationStore, queue: OperatorQueue, clock: Clock) -> None:
        self.faults = Faults()
        self.store = FaultyStore(store, self.faults)
        self.queue = FaultyQueue(queue, self.faults)
        self.inner_queue = queue
        self.clock = clock
        self.engine = Engine(
            FlowLibrary.from_directory(DEFINITIONS),
            self.store,
            self.queue,
            Metrics(),
            detector=Keywords(),
            clock=clock,
        )

    async def send(self, text: str) -> tuple[str, ...]:
        message = InboundMessage("SM" + uuid.uuid4().hex, KEY, "+447700900999", text)
        return (await self.engine.handle(message)).texts

    async def queued(self) -> list[tuple[ConversationKey, int, str]]:
        return [(e.key, e.priority, e.reason) for e in await self.inner_queue.entries()]


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def make(request: pytest.FixtureRequest) -> AsyncIterator[Callable[..., Setup]]:
    made: list[ConversationStore] = []

    def factory(timings: StoreTimings | None = None) -> Setup:
        timings = timings or StoreTimings(lease=1.0, lock_wait=1.0)
        store: ConversationStore
        queue: OperatorQueue
        if request.param == "memory":
            store, queue = MemoryConversationStore(timings, clock=time.time), MemoryOperatorQueue()
        else:
            client = connect(request.getfixturevalue(DEPLOYMENTS[request.param]))
            store, queue = RedisConversationStore(client, timings), RedisOperatorQueue(client)
        made.append(store)  # closing the store closes the client both share
        return Setup(store, queue, Clock())

    yield factory
    for store in made:
        await store.close()


async def test_an_escalation_reaches_the_queue_with_its_commit(make: Callable[..., Setup]) -> None:
    s = make()
    await s.send("hello")
    await s.send("EMERGENCY he is here")
    assert await s.queued() == [(KEY, 1, "emergency")]
    assert await s.store.pending(before=s.clock.now + 3600) == []  # relayed and settled


async def test_an_emergency_flag_the_queue_missed_is_relayed_by_the_next_message(
    make: Callable[..., Setup],
) -> None:
    s = make()
    s.faults.failing = {"queue.put"}
    reply = await s.send("EMERGENCY he is here")
    assert reply[0].startswith("Call 999 now")  # the person is answered as ever
    assert await s.queued() == []
    assert await s.store.pending(before=s.clock.now) == [KEY]  # and the record says what is owed
    s.faults.failing = set()
    await s.send("hello")
    assert await s.queued() == [(KEY, 1, "emergency")]
    assert await s.store.pending(before=s.clock.now + 3600) == []


async def test_the_sweeper_relays_what_a_dead_holder_left(make: Callable[..., Setup]) -> None:
    s = make()
    s.faults.failing = {"queue.put", "settled"}  # as if the process died after the commit
    await s.send("EMERGENCY someone is breaking in")
    s.faults.failing = set()
    relay = Relay(s.store, s.queue, clock=s.clock, grace=5.0)
    assert await relay.sweep() == 0  # within the grace its own holder may still be relaying
    assert await s.queued() == []
    s.clock.now += 6
    assert await relay.sweep() == 1
    assert await s.queued() == [(KEY, 1, "emergency")]
    assert await relay.sweep() == 0  # nothing left, nothing done twice
    assert await s.queued() == [(KEY, 1, "emergency")]


async def test_a_queue_exit_the_queue_missed_is_relayed(make: Callable[..., Setup]) -> None:
    s = make()
    await s.send("can I speak to a person")
    assert await s.queued() == [(KEY, 3, "asked_for_person")]
    s.faults.failing = {"queue.remove"}
    assert "ended" in " ".join(await s.send("exit")).lower()
    assert await s.queued() == [(KEY, 3, "asked_for_person")]  # the index is stale for now
    s.faults.failing = set()
    s.clock.now += 6
    assert await Relay(s.store, s.queue, clock=s.clock).sweep() == 1
    assert await s.queued() == []


async def test_entries_whose_conversation_expired_are_cleaned_out(make: Callable[..., Setup]) -> None:
    s = make(StoreTimings(inactivity=0.2, handoff=0.4, lease=1.0, lock_wait=1.0))
    await s.send("EMERGENCY")  # flagged: the state lives for the hand-off time, not the bot's 0.2 s
    await asyncio.sleep(0.25)
    snapshot = await s.store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.escalation_priority == 1
    relay = Relay(s.store, s.queue, clock=s.clock)
    assert await relay.sweep() == 0  # still true: left alone
    await asyncio.sleep(0.3)
    assert await relay.sweep() == 1
    assert await s.queued() == []


async def test_a_foreign_entry_no_record_calls_for_is_removed(make: Callable[..., Setup]) -> None:
    s = make()
    stray = ConversationKey(Channel.WHATSAPP, "+447700900555")
    await s.inner_queue.put(QueueEntry(stray, 2, s.clock.now, "asked_for_person"))
    await s.send("EMERGENCY")
    assert await Relay(s.store, s.queue, clock=s.clock).sweep() == 1
    assert await s.queued() == [(KEY, 1, "emergency")]


async def test_the_sweeper_reports_a_store_that_is_down(make: Callable[..., Setup]) -> None:
    s = make()
    s.faults.down = True
    reply = await s.engine.handle(InboundMessage("SM" + uuid.uuid4().hex, KEY, "+447700900999", "EMERGENCY"))
    assert reply.kind is ReplyKind.SAFETY and reply.texts[0].startswith("Call 999 now")
    with pytest.raises(StoreUnavailable):
        await Relay(s.store, s.queue, clock=s.clock).sweep()
