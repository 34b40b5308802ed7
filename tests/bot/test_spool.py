"""Nothing said is lost: messages answered with the safety reply are spooled, then recorded exactly once.

The store is broken through the faulty wrappers of `tests/faults.py`; the spool is a real directory.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from conftest import DEPLOYMENTS
from faults import Faults, FaultyQueue, FaultyStore, Keywords

from bot.conversation import Channel, ConversationKey
from bot.engine import Engine, EngineConfig
from bot.messages import InboundMessage, OptOutType, ReplyKind
from bot.metrics import Metrics
from bot.safety import SAFETY_REPLY
from bot.spool import Spool, SpooledMessage
from bot.store import ConversationStore, OperatorQueue, StoreTimings, StoreUnavailable
from bot.store.memory import MemoryConversationStore, MemoryOperatorQueue
from bot.store.redis import RedisConversationStore, RedisOperatorQueue, close_client, connect
from flows import FlowLibrary
from flows.library import DEFINITIONS

KEY = ConversationKey(Channel.SMS, "+447700900123")
OTHER = ConversationKey(Channel.WHATSAPP, "+447700900456")


def inbound(text: str, key: ConversationKey = KEY, **extra: object) -> InboundMessage:
    return InboundMessage("SM" + uuid.uuid4().hex, key, "+447700900999", text, **extra)  # type: ignore[arg-type]


def spooled(text: str, key: ConversationKey = KEY) -> SpooledMessage:
    return SpooledMessage.of(inbound(text, key), [SAFETY_REPLY], None, "store_unavailable", time.time())


class Setup:
    def __init__(
        self, store: ConversationStore, queue: OperatorQueue, spool: Spool, **config: object
    ) -> None:
        self.faults = Faults()
        self.store = FaultyStore(store, self.faults)
        self.queue = queue
        self.spool = spool
        self.engine = Engine(
            FlowLibrary.from_directory(DEFINITIONS),
            self.store,
            FaultyQueue(queue, self.faults),
            Metrics(),
            EngineConfig(**config),  # type: ignore[arg-type]
            detector=Keywords(),
            spool=spool,
        )

    def spooled(self) -> list[SpooledMessage]:
        return [m for batch in self.spool.take() for m in batch.messages]


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def make(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Callable[..., Setup]]:
    clients = []

    def factory(**config: object) -> Setup:
        timings = StoreTimings(lease=1.0, lock_wait=1.0)
        store: ConversationStore
        queue: OperatorQueue
        if request.param == "memory":
            store, queue = MemoryConversationStore(timings), MemoryOperatorQueue()
        else:
            client = connect(request.getfixturevalue(DEPLOYMENTS[request.param]))
            clients.append(client)
            store, queue = RedisConversationStore(client, timings), RedisOperatorQueue(client)
        return Setup(store, queue, Spool(tmp_path / "spool"), **config)

    yield factory
    for client in clients:
        await close_client(client)


# -- the spool file ----------------------------------------------------------------------------------


def test_spooled_messages_come_back_as_they_went_in(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    assert not spool.pending()
    first, second = spooled("one"), spooled("two", OTHER)
    spool.append(first)
    spool.append(second)
    assert spool.pending()
    batches = list(spool.take())
    assert [m for b in batches for m in b.messages] == [first, second]
    assert second.message().contact == OTHER
    for batch in batches:
        spool.done(batch)
    assert not spool.pending()
    assert (tmp_path / "spool").stat().st_mode & 0o777 == 0o700


def test_a_batch_not_done_is_offered_again_with_what_came_since(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.append(spooled("one"))
    assert [m.text for b in spool.take() for m in b.messages] == ["one"]  # taken, not done
    spool.append(spooled("two"))
    assert [m.text for b in spool.take() for m in b.messages] == ["one", "two"]


def test_a_line_cut_short_by_a_crash_is_skipped(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.append(spooled("whole"))
    with (tmp_path / "spool" / "spool.jsonl").open("ab") as file:
        file.write(b'{"message_id": "SMcut", "chan')
    assert [m.text for b in spool.take() for m in b.messages] == ["whole"]


def test_writers_and_a_replayer_at_once_lose_nothing_and_repeat_nothing(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    sent = [spooled(f"message {i}") for i in range(400)]
    seen: list[str] = []
    writing = True

    def write(part: list[SpooledMessage]) -> None:
        for message in part:
            spool.append(message)

    def replay() -> None:
        while writing or spool.pending():
            for batch in spool.take():
                seen.extend(m.message_id for m in batch.messages)
                spool.done(batch)

    writers = [threading.Thread(target=write, args=(sent[i::4],)) for i in range(4)]
    replayer = threading.Thread(target=replay)
    replayer.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing = False
    replayer.join()
    assert sorted(seen) == sorted(m.message_id for m in sent)


def test_erasure_removes_one_numbers_lines_everywhere_in_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.append(spooled("a"))
    spool.append(spooled("b", OTHER))
    list(spool.take())  # one file taken for replay, not done
    spool.append(spooled("c"))
    assert spool.remove(lambda m: m.key == KEY) == 2
    assert [m.text for b in spool.take() for m in b.messages] == ["b"]


# -- the engine ----------------------------------------------------------------------------------------


async def test_messages_the_store_could_not_take_are_recorded_once_it_returns(
    make: Callable[..., Setup],
) -> None:
    s = make()
    await s.engine.handle(inbound("hello"))  # a conversation that was going before the outage
    s.faults.down = True
    replies = [
        await s.engine.handle(inbound("is anyone there")),
        await s.engine.handle(inbound("EMERGENCY he is back", OTHER)),
        await s.engine.handle(inbound("STOP")),
    ]
    assert [r.kind for r in replies] == [ReplyKind.SAFETY] * 3
    assert replies[1].texts[0].startswith("Call 999 now")
    with pytest.raises(StoreUnavailable):  # still down: the spool is left as it is
        await s.engine.replay_spool()
    s.faults.down = False
    assert await s.engine.replay_spool() == 3
    assert await s.engine.replay_spool() == 0

    transcript = await s.store.transcript(KEY)
    assert [(e.direction, e.text) for e in transcript[-4:]] == [
        ("in", "is anyone there"),
        ("out", SAFETY_REPLY),
        ("in", "STOP"),
        ("out", SAFETY_REPLY),
    ]
    assert (await s.store.load(KEY)).opted_out is True
    other = await s.store.load(OTHER)
    assert other.conversation is not None and other.conversation.escalation_priority == 1
    assert [(e.key, e.priority) for e in await s.queue.entries()] == [(OTHER, 1)]
    assert (await s.store.transcript(OTHER))[0].text == "EMERGENCY he is back"


async def test_a_message_recorded_already_is_not_recorded_again(make: Callable[..., Setup]) -> None:
    s = make()
    message = inbound("EMERGENCY")
    await s.engine.handle(message)  # recorded normally
    s.spool.append(SpooledMessage.of(message, ["Call 999 now."], "violence", "timeout", time.time()))
    assert await s.engine.replay_spool() == 0
    assert len(await s.store.transcript(KEY)) == 1 + 1


async def test_work_that_outlived_the_reply_records_the_reply_the_person_got(
    make: Callable[..., Setup],
) -> None:
    s = make(reply_timeout=0.2)
    s.faults.slow = {"claim": 0.5}  # Redis answers, but too late for the reply
    reply = await s.engine.handle(inbound("my bike was stolen"))
    assert reply.texts == (SAFETY_REPLY,)
    await s.engine.drain()
    await asyncio.sleep(0.5)
    s.faults.slow = {}
    transcript = await s.store.transcript(KEY)
    assert [(e.direction, e.text) for e in transcript] == [
        ("in", "my bike was stolen"),
        ("out", SAFETY_REPLY),
    ]
    snapshot = await s.store.load(KEY)
    assert snapshot.conversation is None  # the flow did not move on a reply the person never saw
    assert await s.engine.replay_spool() == 0  # and the spooled copy is skipped
    assert s.spooled() == []


async def test_the_next_message_after_recording_gets_the_flow(make: Callable[..., Setup]) -> None:
    s = make()
    s.faults.down = True
    await s.engine.handle(inbound("hello"))
    s.faults.down = False
    await s.engine.replay_spool()
    reply = await s.engine.handle(inbound("my bike was stolen from the shed"))
    assert "herts.police.uk/report" in " ".join(reply.texts)


async def test_an_opt_out_sent_by_twilio_during_the_outage_is_kept(make: Callable[..., Setup]) -> None:
    s = make()
    s.faults.down = True
    await s.engine.handle(inbound("cancel", opt_out_type=OptOutType.STOP))
    s.faults.down = False
    assert await s.engine.replay_spool() == 1
    assert (await s.store.load(KEY)).opted_out is True
