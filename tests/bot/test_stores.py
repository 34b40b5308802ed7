"""One suite for every store backend: the embedded memory store and Redis (a private redis-server)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import redis.asyncio
from conftest import DEPLOYMENTS

from bot.conversation import Channel, Conversation, ConversationKey, Status, TranscriptEntry
from bot.store import (
    Change,
    ConversationStore,
    Effect,
    LeaseLost,
    LockTimeout,
    OperatorQueue,
    QueueEntry,
    StoreTimings,
    StoreUnavailable,
)
from bot.store.memory import MemoryConversationStore, MemoryOperatorQueue
from bot.store.redis import RedisConversationStore, RedisOperatorQueue, close_client, connect

KEY = ConversationKey(Channel.SMS, "+447700900123")
OTHER = ConversationKey(Channel.WHATSAPP, "+447700900123")
TIMINGS = StoreTimings(inactivity=60, retention=600, dedupe=600, lease=5, lock_wait=2)


def conversation(state: str = "welcome", **extra: object) -> Conversation:
    now = time.time()
    return Conversation(
        flow="five_steps", flow_version=1, state=state, started_at=now, updated_at=now, **extra
    )


def entry(text: str, direction: str = "in") -> TranscriptEntry:
    return TranscriptEntry(at=time.time(), direction=direction, kind="text", text=text)  # type: ignore[arg-type]


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def make_store(request: pytest.FixtureRequest) -> AsyncIterator[object]:
    made: list[ConversationStore] = []

    def factory(timings: StoreTimings = TIMINGS) -> ConversationStore:
        store: ConversationStore
        if request.param == "memory":
            store = MemoryConversationStore(timings)
        else:
            url = request.getfixturevalue(DEPLOYMENTS[request.param])
            store = RedisConversationStore.from_url(url, timings)
        made.append(store)
        return store

    yield factory
    for store in made:
        await store.close()


@pytest.fixture
def store(make_store: object) -> ConversationStore:
    return make_store()  # type: ignore[operator,no-any-return]


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def queue(request: pytest.FixtureRequest) -> AsyncIterator[OperatorQueue]:
    if request.param == "memory":
        yield MemoryOperatorQueue()
    else:
        client = connect(request.getfixturevalue(DEPLOYMENTS[request.param]))
        yield RedisOperatorQueue(client)
        await close_client(client)


async def replay(store: ConversationStore, key: ConversationKey, message_id: str) -> list[str] | None:
    """The stored reply for a message id, read the way the engine reads it: under the lock."""
    async with store.claim(key, message_id) as claim:
        return claim.replay


async def test_new_conversation_is_empty(store: ConversationStore) -> None:
    snapshot = await store.load(KEY)
    assert snapshot.conversation is None
    assert snapshot.opted_out is False
    assert await store.transcript(KEY) == []
    async with store.claim(KEY, "SM1") as claim:
        assert claim.replay is None
        assert claim.snapshot == snapshot


async def test_commit_saves_state_transcript_and_reply(store: ConversationStore) -> None:
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(
            claim.lease,
            Change(
                "SM1", ["hello", "menu"], conversation("crime_past"), [entry("hi"), entry("hello", "out")]
            ),
        )
    snapshot = await store.load(KEY)
    assert snapshot.conversation is not None
    assert snapshot.conversation.state == "crime_past"
    assert [e.text for e in await store.transcript(KEY)] == ["hi", "hello"]
    assert await replay(store, KEY, "SM1") == ["hello", "menu"]
    # Keys are per conversation: the same number on WhatsApp is another conversation.
    assert (await store.load(OTHER)).conversation is None
    assert await replay(store, OTHER, "SM1") is None


async def test_an_empty_reply_is_remembered_as_handled(store: ConversationStore) -> None:
    async with store.claim(KEY, "SM2") as claim:
        await store.commit(claim.lease, Change("SM2", [], conversation()))
    assert await replay(store, KEY, "SM2") == []


async def test_deleting_state_keeps_the_transcript(store: ConversationStore) -> None:
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", ["a"], conversation(), [entry("one")]))
    async with store.claim(KEY, "SM2") as claim:
        await store.commit(claim.lease, Change("SM2", ["b"], None, [entry("exit")]))
    assert (await store.load(KEY)).conversation is None
    assert [e.text for e in await store.transcript(KEY)] == ["one", "exit"]


async def test_opt_out_is_recorded_and_cleared(store: ConversationStore) -> None:
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", [], conversation(), opted_out=True))
    assert (await store.load(KEY)).opted_out is True
    async with store.claim(KEY, "SM2") as claim:
        await store.commit(claim.lease, Change("SM2", [], conversation()))
    assert (await store.load(KEY)).opted_out is True  # None leaves it as it is
    async with store.claim(KEY, "SM3") as claim:
        await store.commit(claim.lease, Change("SM3", [], conversation(), opted_out=False))
    assert (await store.load(KEY)).opted_out is False


async def test_state_expires_after_inactivity(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(inactivity=0.3, retention=600, dedupe=600))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", ["a"], conversation(), [entry("x")]))
    assert (await store.load(KEY)).conversation is not None
    await asyncio.sleep(0.5)
    assert (await store.load(KEY)).conversation is None
    # The transcript follows the retention period, not the inactivity time-out.
    assert len(await store.transcript(KEY)) == 1


async def test_transcript_expires_after_retention(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(inactivity=60, retention=0.3, dedupe=600))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", ["a"], conversation(), [entry("x")]))
    await asyncio.sleep(0.5)
    assert await store.transcript(KEY) == []


async def test_lock_serialises_holders(store: ConversationStore) -> None:
    order: list[str] = []

    async def hold(name: str) -> None:
        async with store.claim(KEY, name):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    await asyncio.gather(hold("a"), hold("b"), hold("c"))
    # Never two inside at once: every "in" is followed by its own "out".
    for i in range(0, len(order), 2):
        assert order[i].split()[0] == order[i + 1].split()[0]
        assert order[i].endswith("in") and order[i + 1].endswith("out")


async def test_lock_wait_is_bounded(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(lock_wait=0.2))  # type: ignore[operator]
    async with store.claim(KEY, "SM1"):
        started = time.monotonic()
        with pytest.raises(LockTimeout):
            async with store.claim(KEY, "SM2"):
                pass
        assert time.monotonic() - started < 2


async def test_commit_with_a_stale_lease_writes_nothing(store: ConversationStore) -> None:
    async with store.claim(KEY, "SM1") as claim:
        pass
    with pytest.raises(LeaseLost):
        await store.commit(claim.lease, Change("SM1", ["a"], conversation("crime_past"), [entry("x")]))
    assert (await store.load(KEY)).conversation is None
    assert await replay(store, KEY, "SM1") is None
    assert await store.transcript(KEY) == []


async def test_lease_expiry_fences_a_slow_holder(make_store: object) -> None:
    # A holder renews its lease while it works, up to the work limit: past that, it is taken as stuck.
    store: ConversationStore = make_store(StoreTimings(lease=0.2, lock_wait=2, work_limit=0.1))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as slow:
        await asyncio.sleep(0.3)  # the lease runs out; someone else may now take the lock
        async with store.claim(KEY, "SM2") as fast:
            await store.commit(fast.lease, Change("SM2", ["fast"], conversation("fraud")))
        with pytest.raises(LeaseLost):
            await store.commit(slow.lease, Change("SM1", ["slow"], conversation("crime_past")))
    snapshot = await store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.state == "fraud"


async def test_messages_of_one_conversation_take_turns_in_arrival_order(store: ConversationStore) -> None:
    """A flood from one number queues in the process, in order, and every message gets its turn."""
    order: list[int] = []

    async def one(index: int) -> None:
        async with store.claim(KEY, f"SM{index}") as claim:
            order.append(index)
            await asyncio.sleep(0)  # let the others pile up behind this one
            await store.commit(claim.lease, Change(f"SM{index}", ["ok"], conversation(), [entry(str(index))]))

    tasks = []
    for index in range(60):
        tasks.append(asyncio.create_task(one(index)))
        await asyncio.sleep(0)  # arrive one after another
    await asyncio.gather(*tasks)
    assert order == list(range(60))
    assert [e.text for e in await store.transcript(KEY)] == [str(i) for i in range(60)]


async def test_holder_renews_its_lease_while_it_works(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(lease=0.3, lock_wait=0.2))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as slow:
        await asyncio.sleep(1.0)  # three leases long
        with pytest.raises(LockTimeout):
            async with store.claim(KEY, "SM2"):
                pass
        await store.commit(slow.lease, Change("SM1", ["slow"], conversation("crime_past")))
        async with store.claim(KEY, "SM2") as claim:  # free at once after the commit
            assert claim.snapshot.conversation is not None


async def test_redis_lease_holds_across_processes(redis_url: str) -> None:
    store = RedisConversationStore.from_url(redis_url, StoreTimings(lease=0.3, lock_wait=0.2))
    other = RedisConversationStore.from_url(redis_url, StoreTimings(lease=0.3, lock_wait=0.2))  # a process
    try:
        async with store.claim(KEY, "SM1") as slow:
            await asyncio.sleep(1.0)
            with pytest.raises(LockTimeout):
                async with other.claim(KEY, "SM2"):
                    pass
            await store.commit(slow.lease, Change("SM1", ["slow"], conversation("crime_past")))
            async with other.claim(KEY, "SM2") as claim:
                assert claim.snapshot.conversation is not None
    finally:
        await store.close()
        await other.close()


async def test_redis_keys_carry_the_conversation_hash_tag(redis_url: str) -> None:
    store = RedisConversationStore.from_url(redis_url, TIMINGS)
    try:
        async with store.claim(KEY, "SM1") as claim:
            await store.commit(
                claim.lease, Change("SM1", ["a"], conversation(), [entry("x")], opted_out=True)
            )
        client = redis.asyncio.Redis.from_url(redis_url)
        keys = sorted(k.decode() for k in await client.keys("*"))
        await client.aclose()
        assert keys == [
            "fs:{sms:+447700900123}:msg:SM1",
            "fs:{sms:+447700900123}:optout",
            "fs:{sms:+447700900123}:state",
            "fs:{sms:+447700900123}:transcript",
        ]
    finally:
        await store.close()


async def test_unreachable_redis_raises_store_unavailable() -> None:
    from support import free_port

    store = RedisConversationStore.from_url(f"redis://127.0.0.1:{free_port()}/0", TIMINGS)
    try:
        with pytest.raises(StoreUnavailable):
            await store.load(KEY)
        with pytest.raises(StoreUnavailable):
            async with store.claim(KEY, "SM1"):
                pass
        with pytest.raises(StoreUnavailable):
            await store.ping()
    finally:
        await store.close()


async def test_queue_orders_by_priority_then_waiting_time(queue: OperatorQueue) -> None:
    a = ConversationKey(Channel.SMS, "+447700900001")
    b = ConversationKey(Channel.SMS, "+447700900002")
    c = ConversationKey(Channel.WHATSAPP, "+447700900003")
    await queue.put(QueueEntry(a, 3, 100.0, "asked_for_person"))
    await queue.put(QueueEntry(b, 3, 50.0, "asked_for_person"))
    await queue.put(QueueEntry(c, 1, 200.0, "emergency"))
    assert [e.key for e in await queue.entries()] == [c, b, a]
    assert await queue.position(c) == 1
    assert await queue.position(a) == 3
    assert await queue.position(KEY) is None
    assert (await queue.entries())[0].reason == "emergency"


async def test_queue_put_sets_the_entry_as_given(queue: OperatorQueue) -> None:
    a = ConversationKey(Channel.SMS, "+447700900001")
    b = ConversationKey(Channel.SMS, "+447700900002")
    await queue.put(QueueEntry(a, 3, 100.0, "asked_for_person"))
    await queue.put(QueueEntry(b, 2, 150.0, "asked_for_person"))
    assert [e.key for e in await queue.entries()] == [b, a]
    await queue.put(QueueEntry(a, 1, 100.0, "emergency"))  # the record says: more urgent now
    entries = await queue.entries()
    assert entries[0] == QueueEntry(a, 1, 100.0)
    assert entries[0].reason == "emergency"
    await queue.put(QueueEntry(a, 4, 100.0, "later"))  # and back: the queue copies, it does not judge
    assert [e.key for e in await queue.entries()] == [b, a]
    assert len(await queue.entries()) == 2


async def test_queue_remove(queue: OperatorQueue) -> None:
    await queue.put(QueueEntry(KEY, 3, 1.0, "asked_for_person"))
    assert await queue.remove(KEY) is True
    assert await queue.remove(KEY) is False
    assert await queue.entries() == []
    assert await queue.position(KEY) is None


async def test_unreadable_redis_state_starts_afresh(redis_url: str) -> None:
    # Only Redis can hold state this process did not write (an older release, a hand edit).
    store = RedisConversationStore.from_url(redis_url, TIMINGS)
    try:
        async with store.claim(KEY, "SM1") as claim:
            await store.commit(claim.lease, Change("SM1", ["a"], conversation("fraud")))
        await store.redis.set("fs:{sms:+447700900123}:state", b'{"flow": 1, "garbage"')
        assert (await store.load(KEY)).conversation is None
    finally:
        await store.close()


async def test_commit_releases_the_lock(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(lease=30, lock_wait=0.3))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", ["a"], conversation()))
        # Still inside the first claim, yet the lock is free: the commit released it.
        async with store.claim(KEY, "SM2") as second:
            assert second.replay is None
            assert second.snapshot.conversation is not None
    async with store.claim(KEY, "SM1") as again:
        assert again.replay == ["a"]


async def test_a_claim_left_without_commit_frees_the_lock(store: ConversationStore) -> None:
    with pytest.raises(RuntimeError):
        async with store.claim(KEY, "SM1"):
            raise RuntimeError("engine failed")
    async with store.claim(KEY, "SM2") as claim:  # does not wait for the lease to expire
        assert claim.replay is None


async def test_queued_state_outlives_the_inactivity_timeout(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(inactivity=0.3, handoff=60))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", ["a"], conversation("person", status=Status.QUEUED)))
    await asyncio.sleep(0.5)
    snapshot = await store.load(KEY)
    assert snapshot.conversation is not None and snapshot.conversation.status is Status.QUEUED


async def test_commit_with_effects_keeps_the_lock_until_the_claim_ends(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(lease=30, lock_wait=0.3))  # type: ignore[operator]
    effect = Effect(kind="queue")
    async with store.claim(KEY, "SM1") as claim:
        await store.expect_effects(KEY, 100.0)
        await store.commit(claim.lease, Change("SM1", ["a"], conversation(), effects=[effect]))
        with pytest.raises(LockTimeout):  # held for the relay
            async with store.claim(KEY, "SM2"):
                pass
    # Not settled: the next holder finds the effect, and the conversation is pending.
    async with store.claim(KEY, None) as again:
        assert again.replay is None  # no message id: no reply read
        assert again.effects == [effect]
        assert again.snapshot.conversation is not None
        assert await store.pending(before=100.0) == [KEY]
        assert await store.pending(before=99.0) == []
        await store.settled(again.lease, [effect.id])
    async with store.claim(KEY, "SM1") as last:
        assert last.effects == []
        assert last.replay == ["a"]
    assert await store.pending(before=1e12) == []


async def test_pending_mark_keeps_its_first_time_and_lists_oldest_first(store: ConversationStore) -> None:
    await store.expect_effects(OTHER, 50.0)
    await store.expect_effects(KEY, 10.0)
    await store.expect_effects(KEY, 90.0)  # marked again while pending: keeps 10
    assert await store.pending(before=60.0) == [KEY, OTHER]
    assert await store.pending(before=60.0, limit=1) == [KEY]
    async with store.claim(KEY, None) as claim:
        await store.settled(claim.lease, [])  # nothing left: the mark goes
    assert await store.pending(before=60.0) == [OTHER]


async def test_effects_are_all_or_nothing_with_the_change(store: ConversationStore) -> None:
    async with store.claim(KEY, "SM1") as claim:
        pass
    with pytest.raises(LeaseLost):
        await store.commit(claim.lease, Change("SM1", ["a"], conversation(), effects=[Effect(kind="queue")]))
    async with store.claim(KEY, None) as again:
        assert again.effects == []


async def test_a_full_transcript_counts_what_it_did_not_keep(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(transcript_entries=10))  # type: ignore[operator]
    for n in range(4):
        async with store.claim(KEY, f"SM{n}") as claim:
            entries = [entry(f"{n}-in"), entry(f"{n}-out", "out"), entry(f"{n}-more", "out")]
            await store.commit(claim.lease, Change(f"SM{n}", ["ok"], conversation(), entries))
    kept = await store.transcript(KEY)
    assert len(kept) == 10
    assert [e.text for e in kept[:9]] == [f"{n}-{p}" for n in range(3) for p in ("in", "out", "more")]
    assert (kept[-1].kind, kept[-1].dropped) == ("dropped", 3)
    async with store.claim(KEY, "SM9") as claim:
        await store.commit(
            claim.lease, Change("SM9", ["ok"], conversation(), [entry("x"), entry("y", "out")])
        )
    kept = await store.transcript(KEY)
    assert len(kept) == 10 and (kept[-1].kind, kept[-1].dropped) == ("dropped", 5)


async def test_transcript_retention_runs_from_the_first_entry(make_store: object) -> None:
    store: ConversationStore = make_store(StoreTimings(inactivity=60, retention=0.6, dedupe=600))  # type: ignore[operator]
    async with store.claim(KEY, "SM1") as claim:
        await store.commit(claim.lease, Change("SM1", ["a"], conversation(), [entry("first")]))
    await asyncio.sleep(0.4)
    async with store.claim(KEY, "SM2") as claim:  # a later message does not renew it
        await store.commit(claim.lease, Change("SM2", ["a"], conversation(), [entry("second")]))
    await asyncio.sleep(0.35)
    assert await store.transcript(KEY) == []


async def test_erase_removes_the_conversation_and_keeps_the_opt_out_unless_asked(
    store: ConversationStore,
) -> None:
    for n in range(3):
        async with store.claim(KEY, f"SM{n}") as claim:
            await store.commit(
                claim.lease, Change(f"SM{n}", ["a"], conversation(), [entry(str(n))], opted_out=True)
            )
    async with store.claim(OTHER, "SMx") as claim:
        await store.commit(claim.lease, Change("SMx", ["b"], conversation(), [entry("other")]))
    assert await store.erase(KEY, opt_out=False) == 5  # state, transcript, three stored replies
    assert (await store.load(KEY)).conversation is None
    assert await store.transcript(KEY) == []
    assert await replay(store, KEY, "SM1") is None
    assert (await store.load(KEY)).opted_out is True
    assert await store.erase(KEY, opt_out=True) == 1
    assert (await store.load(KEY)).opted_out is False
    assert [e.text for e in await store.transcript(OTHER)] == ["other"]
    await store.record_erasure({"at": 1.0, "channels": ["sms"], "records": 5})
    assert await store.erasures() == [{"at": 1.0, "channels": ["sms"], "records": 5}]
