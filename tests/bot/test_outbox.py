"""One suite for every outbox backend: in memory, and on each Redis deployment (one, Cluster, Sentinel).

Two outboxes on one Redis stand for two sender processes. Takeover runs on Redis's own idle time (real
time), so those tests wait a few hundred milliseconds: a lower bound, never a timed assertion.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from conftest import DEPLOYMENTS
from fakes import FakeClock

from bot.outbox import OutboundMessage, Outbox, SendRecord, SendReport
from bot.store.memory_outbox import MemoryOutbox
from bot.store.redis import Client, close_client, connect
from bot.store.redis_outbox import RedisOutbox

PERSON = "+447700900123"
OTHER = "+447700900456"

MakeOutbox = Callable[..., Outbox]


def message(
    body: str = "An operator has joined", to: str = PERSON, created_at: float = 0.0
) -> OutboundMessage:
    return OutboundMessage(
        id=uuid.uuid4().hex,
        conversation=f"sms:{to}",
        to=to,
        sender="+447700900999",
        body=body,
        author="bot",
        created_at=created_at,
    )


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def make_outbox(request: pytest.FixtureRequest) -> AsyncIterator[MakeOutbox]:
    """Outboxes of one backend that share their data (two of them are two processes)."""
    clients: list[Client] = []
    memory: dict[str, MemoryOutbox] = {}

    def factory(clock: Callable[[], float] | None = None) -> Outbox:
        options: dict[str, Any] = {"poll": 0.01} if clock is None else {"poll": 0.01, "clock": clock}
        if request.param == "memory":
            # One process only: "two processes" share the one in-process outbox.
            return memory.setdefault("outbox", MemoryOutbox(**options))
        client = connect(request.getfixturevalue(DEPLOYMENTS[request.param]))
        clients.append(client)
        return RedisOutbox(client, **options)

    yield factory
    for client in clients:
        await close_client(client)


async def test_adding_a_message_twice_stores_it_once(make_outbox: MakeOutbox) -> None:
    outbox = make_outbox()
    first = message()
    assert await outbox.add(first) is True
    assert await outbox.add(first) is False  # the relay may move the same effect twice
    assert await outbox.depth() == 1
    taken = await outbox.take("sender-1", 10)
    assert [d.message for d in taken] == [first]
    assert taken[0].record == SendRecord()
    assert taken[0].taken_over is False
    assert await outbox.add(first) is False  # still remembered while in flight...
    assert await outbox.ack(taken[0]) is True
    assert await outbox.add(first) is False  # ...and after it was sent
    assert await outbox.depth() == 0


async def test_take_hands_out_new_entries_in_order_once(make_outbox: MakeOutbox) -> None:
    outbox = make_outbox()
    messages = [message(f"update {n}") for n in range(5)]
    for m in messages:
        await outbox.add(m)
    first = await outbox.take("sender-1", 3)
    second = await outbox.take("sender-2", 10)
    assert [d.message for d in first + second] == messages
    assert await outbox.take("sender-3", 10) == []  # all held, none left unacknowledged for long
    assert await outbox.depth() == 5
    for delivery in first + second:
        assert await outbox.ack(delivery) is True
    assert await outbox.depth() == 0
    assert await outbox.ack(first[0]) is False  # gone


async def test_take_waits_up_to_block_for_a_message(make_outbox: MakeOutbox) -> None:
    outbox = make_outbox()
    late = message()

    async def add_later() -> None:
        await asyncio.sleep(0.05)
        await outbox.add(late)

    adding = asyncio.create_task(add_later())
    taken = await outbox.take("sender-1", 10, block=5.0)
    await adding
    assert [d.message for d in taken] == [late]


async def test_entries_left_unacknowledged_are_taken_over_after_claim_after(make_outbox: MakeOutbox) -> None:
    crashed, survivor = make_outbox(), make_outbox()
    messages = [message("first"), message("second")]
    for m in messages:
        await crashed.add(m)
    held = await crashed.take("crashed", 10)
    assert len(held) == 2
    assert await survivor.take("survivor", 10, claim_after=60.0) == []  # not idle long enough
    await asyncio.sleep(0.3)
    taken = await survivor.take("survivor", 10, claim_after=0.25)
    assert [d.message for d in taken] == messages
    assert all(d.taken_over for d in taken)
    # The one that lost them can no longer act on them: fenced.
    assert await crashed.begin_attempt(held[0], 1.0) is None
    assert await crashed.ack(held[0]) is False
    assert await crashed.retry(held[1], 0.0) is False
    assert await crashed.dead_letter(held[1], SendReport(held[1].message, "dead")) is False
    for delivery in taken:
        assert await survivor.ack(delivery) is True
    assert await survivor.depth() == 0
    assert await survivor.dead_count() == 0


async def test_an_attempt_restarts_the_takeover_clock(make_outbox: MakeOutbox) -> None:
    sender, other = make_outbox(), make_outbox()
    await sender.add(message())
    [delivery] = await sender.take("sender-1", 10)
    await asyncio.sleep(0.3)  # idle long enough to be taken over...
    assert await sender.begin_attempt(delivery, 5.0) is not None  # ...but a POST starts now
    assert await other.take("sender-2", 10, claim_after=0.25) == []
    assert await sender.ack(delivery) is True


async def test_the_send_record_survives_a_takeover(make_outbox: MakeOutbox) -> None:
    crashed, survivor = make_outbox(), make_outbox()
    await crashed.add(message())
    [held] = await crashed.take("crashed", 10)
    began = await crashed.begin_attempt(held, 1234.5)
    assert began == SendRecord(attempts=1, in_doubt_since=1234.5)
    await asyncio.sleep(0.3)  # the process died mid-POST
    [taken] = await survivor.take("survivor", 10, claim_after=0.25)
    assert taken.record == SendRecord(attempts=1, in_doubt_since=1234.5)
    await survivor.end_attempt(taken, 999.0, None)  # another attempt's answer: this doubt stays
    await survivor.end_attempt(taken, 1234.5, "SM" + "a" * 32)  # found in Twilio's log
    await asyncio.sleep(0.3)  # and the survivor died before acknowledging it
    [again] = await crashed.take("third", 10, claim_after=0.25)
    assert again.record == SendRecord(attempts=1, sid="SM" + "a" * 32)


async def test_a_retry_waits_until_due_and_its_conversation_waits_behind_it(make_outbox: MakeOutbox) -> None:
    clock = FakeClock()
    outbox = make_outbox(clock)
    first = message("first to the person", created_at=1.0)
    await outbox.add(first)
    [delivery] = await outbox.take("sender-1", 10)
    assert await outbox.begin_attempt(delivery, clock()) is not None
    assert await outbox.retry(delivery, clock() + 10.0) is True
    assert await outbox.depth() == 1  # parked, not lost
    assert await outbox.take("sender-1", 10) == []

    later = message("second to the person", created_at=2.0)
    elsewhere = message("to someone else", to=OTHER, created_at=3.0)
    await outbox.add(later)
    await outbox.add(elsewhere)
    taken = await outbox.take("sender-1", 10)
    assert [d.message for d in taken] == [elsewhere]  # the person's second message waits behind the first
    await outbox.ack(taken[0])
    assert await outbox.depth() == 2

    clock.advance(10.0)
    again = await outbox.take("sender-1", 10)
    assert sorted((d.message for d in again), key=lambda m: m.created_at) == [first, later]
    records = {d.message.id: d.record for d in again}
    assert records[first.id].failures == 1
    assert records[first.id].attempts == 1
    assert records[later.id].failures == 0


async def test_a_retry_without_failure_is_not_counted(make_outbox: MakeOutbox) -> None:
    clock = FakeClock()
    outbox = make_outbox(clock)
    await outbox.add(message())
    [delivery] = await outbox.take("sender-1", 10)
    assert await outbox.retry(delivery, clock(), failed=False) is True
    [again] = await outbox.take("sender-1", 10)
    assert again.record.failures == 0


async def test_dead_letters_are_kept_with_their_report(make_outbox: MakeOutbox) -> None:
    outbox = make_outbox()
    messages = [message("gave up on this"), message("and on this")]
    for m in messages:
        await outbox.add(m)
    reports = []
    for delivery in await outbox.take("sender-1", 10):
        report = SendReport(delivery.message, "dead", None, None, 3, "HTTP 500")
        assert await outbox.dead_letter(delivery, report) is True
        reports.append(report)
    assert await outbox.depth() == 0
    assert await outbox.dead_count() == 2
    assert await outbox.dead_letters() == reports
    assert await outbox.dead_letters(limit=1) == reports[-1:]
    assert await outbox.take("sender-2", 10, claim_after=0.0) == []  # not handed out again
