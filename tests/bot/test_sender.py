"""The sender against the fake Twilio API (tests/fakes.py), through the real twilio SDK over HTTP.

Where the test is about time (Retry-After, the rate), the sender, the outbox and the fake share a
`FakeClock` that only sleeping moves; the assertions read the fake's request times on that clock.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import support
from conftest import DEPLOYMENTS
from fakes import FakeClock, FakeTwilio

from bot.conversation import Channel, ConversationKey
from bot.metrics import Metrics
from bot.outbox import OutboundMessage, Outbox, SendReport
from bot.sender import Sender, SenderConfig
from bot.store import Change, ConversationStore, StoreTimings
from bot.store.memory import MemoryConversationStore
from bot.store.memory_outbox import MemoryOutbox
from bot.store.redis import Client, close_client, connect
from bot.store.redis_outbox import RedisOutbox

SERVICE = "+447700900999"
PEOPLE = ["+447700900123", "+447700900124", "+447700900125", "+447700900126", "+447700900127"]
STATUS_URL = "https://fivesteps.example.org/twilio/status"


def message(
    body: str, to: str = PEOPLE[0], channel: str = "sms", created_at: float | None = None
) -> OutboundMessage:
    support.SENT_TEXTS.add(body)  # the run's log scan fails if any log line quotes it
    whatsapp = channel == "whatsapp"
    return OutboundMessage(
        id=uuid.uuid4().hex,
        conversation=f"{channel}:{to}",
        to=f"whatsapp:{to}" if whatsapp else to,
        sender=f"whatsapp:{SERVICE}" if whatsapp else SERVICE,
        body=body,
        author="operator:alex",
        created_at=time.time() if created_at is None else created_at,
    )


class Reports:
    def __init__(self) -> None:
        self.seen: list[SendReport] = []

    async def __call__(self, report: SendReport) -> None:
        self.seen.append(report)

    def of(self, m: OutboundMessage) -> list[SendReport]:
        return [r for r in self.seen if r.message.id == m.id]


@pytest.fixture
async def api() -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def store() -> ConversationStore:
    return MemoryConversationStore(StoreTimings())


SenderFactory = Callable[..., Sender]


@pytest.fixture
async def make_sender(store: ConversationStore) -> AsyncIterator[SenderFactory]:
    made: list[Sender] = []

    def factory(outbox: Outbox, config: SenderConfig, reports: Reports, **options: Any) -> Sender:
        sender = Sender(outbox, store, config, reports, **options)
        made.append(sender)
        return sender

    yield factory
    for sender in made:
        await sender.close()


def sends(metrics: Metrics, result: str) -> float:
    return metrics.registry.get_sample_value("fivesteps_outbox_sends_total", {"result": result}) or 0.0


async def drain_until(sender: Sender, done: Callable[[], bool], clock: FakeClock | None = None) -> None:
    """Run rounds until `done`, moving the fake clock (if any) a little between them."""
    for _ in range(400):
        await sender.drain_once()
        if done():
            return
        if clock is not None:
            clock.advance(0.25)
        else:
            await asyncio.sleep(0.02)
    raise AssertionError("the sender never finished")


async def test_sends_to_from_body_and_status_callback(api: FakeTwilio, make_sender: SenderFactory) -> None:
    outbox, reports, metrics = MemoryOutbox(), Reports(), Metrics()
    sms = message("Sergeant Patel here, are you safe to talk?")
    whatsapp = message("You are now number 2 in the queue for an operator", PEOPLE[1], "whatsapp")
    for m in (sms, whatsapp):
        await outbox.add(m)
    sender = make_sender(outbox, api.config(status_callback=STATUS_URL), reports, metrics=metrics)

    assert await sender.drain_once() == 2

    by_to = {s.to: s for s in api.sent}
    assert set(by_to) == {PEOPLE[0], f"whatsapp:{PEOPLE[1]}"}
    assert (by_to[PEOPLE[0]].from_, by_to[PEOPLE[0]].body) == (SERVICE, sms.body)
    assert (by_to[f"whatsapp:{PEOPLE[1]}"].from_, by_to[f"whatsapp:{PEOPLE[1]}"].body) == (
        f"whatsapp:{SERVICE}",
        whatsapp.body,
    )
    assert all(s.status_callback == STATUS_URL and s.messaging_service_sid is None for s in api.sent)
    assert {(r.message.id, r.outcome, r.sid, r.attempts) for r in reports.seen} == {
        (sms.id, "sent", by_to[PEOPLE[0]].sid, 1),
        (whatsapp.id, "sent", by_to[f"whatsapp:{PEOPLE[1]}"].sid, 1),
    }
    assert await outbox.depth() == 0
    assert sends(metrics, "sent") == 2


async def test_a_messaging_service_replaces_from(api: FakeTwilio, make_sender: SenderFactory) -> None:
    outbox, reports = MemoryOutbox(), Reports()
    m = message("An operator has joined the conversation")
    await outbox.add(m)
    service = "MG" + "5" * 32
    sender = make_sender(outbox, api.config(messaging_service_sid=service), reports)

    await sender.drain_once()

    [sent] = api.sent
    assert (sent.messaging_service_sid, sent.from_, sent.to, sent.status_callback) == (
        service,
        None,
        m.to,
        None,
    )
    assert [r.outcome for r in reports.seen] == ["sent"]


async def test_a_429_storm_is_waited_out_per_retry_after_and_sent_once(make_sender: SenderFactory) -> None:
    clock = FakeClock()
    outbox, reports, metrics = MemoryOutbox(clock=clock), Reports(), Metrics()
    m = message("Please stay where you are, officers are on the way", created_at=clock())
    await outbox.add(m)
    async with FakeTwilio(clock=clock) as api:
        api.throttle(times=5, retry_after=2)
        sender = make_sender(
            outbox, api.config(max_attempts=10), reports, metrics=metrics, clock=clock, sleep=clock.sleep
        )
        await drain_until(sender, lambda: bool(reports.seen), clock)

        posts = api.posts()
        assert [p.status for p in posts] == [429] * 5 + [201]
        gaps = [b.at - a.at for a, b in itertools.pairwise(posts)]
        assert all(gap >= 2.0 for gap in gaps), gaps  # the backoff alone is at most 0.05 s
        assert [s.body for s in api.sent] == [m.body]
        assert [(r.outcome, r.attempts, r.sid) for r in reports.seen] == [("sent", 6, api.sent[0].sid)]
        assert sends(metrics, "retried") == 5
        assert sends(metrics, "sent") == 1


async def test_server_errors_are_retried_then_sent_once(api: FakeTwilio, make_sender: SenderFactory) -> None:
    outbox, reports = MemoryOutbox(), Reports()
    m = message("Thank you, an officer will call you back today")
    await outbox.add(m)
    api.fail(times=3, status=500)
    api.fail(times=1, status=503)
    sender = make_sender(outbox, api.config(), reports)

    await drain_until(sender, lambda: bool(reports.seen))

    assert [p.status for p in api.posts()] == [500, 500, 500, 503, 201]
    assert [s.body for s in api.sent] == [m.body]
    assert [(r.outcome, r.attempts) for r in reports.seen] == [("sent", 5)]
    assert await outbox.dead_count() == 0


async def test_accepted_but_timed_out_is_found_in_the_log_not_sent_again(make_sender: SenderFactory) -> None:
    clock = FakeClock()
    outbox, reports = MemoryOutbox(clock=clock), Reports()
    m = message("Your reference number is on its way to you", created_at=clock())
    await outbox.add(m)
    async with FakeTwilio(clock=clock) as api:
        api.accept_then_hang()
        sender = make_sender(outbox, api.config(request_timeout=0.5), reports, clock=clock, sleep=clock.sleep)

        await drain_until(sender, lambda: bool(reports.seen), clock)

        assert len(api.posts()) == 1  # never POSTed again
        assert len(api.lookups()) == 1
        [accepted] = api.sent
        assert [(r.outcome, r.sid, r.detail) for r in reports.seen] == [
            ("sent", accepted.sid, "found in Twilio's log")
        ]
        assert await outbox.depth() == 0


async def test_a_request_dropped_while_slow_is_sent_again_once(make_sender: SenderFactory) -> None:
    clock = FakeClock()
    outbox, reports = MemoryOutbox(clock=clock), Reports()
    body = "An operator will be with you shortly, please wait"
    earlier = message(body, created_at=clock())
    await outbox.add(earlier)
    async with FakeTwilio(clock=clock) as api:
        sender = make_sender(outbox, api.config(request_timeout=0.5), reports, clock=clock, sleep=clock.sleep)
        await sender.drain_once()  # the same text an hour earlier: it must not pass for the new one
        clock.advance(3600)
        later = message(body, created_at=clock())
        await outbox.add(later)
        api.slow(5.0)  # the client gives up first; the fake then drops the request

        await drain_until(sender, lambda: bool(reports.of(later)), clock)

        # Sent, dropped, looked in the log (the hour-old twin is not it), sent again.
        assert [(r.method, r.status) for r in api.requests] == [
            ("POST", 201),
            ("POST", 0),
            ("GET", 200),
            ("POST", 201),
        ]
        assert [s.body for s in api.sent] == [body, body]
        [report] = reports.of(later)
        assert (report.outcome, report.sid, report.attempts) == ("sent", api.sent[1].sid, 2)


async def test_a_permanent_error_fails_without_retry(api: FakeTwilio, make_sender: SenderFactory) -> None:
    outbox, reports, metrics = MemoryOutbox(), Reports(), Metrics()
    stopped = message("Are you still there? Reply to this message")
    fine = message("Is there anything else we can help with?", PEOPLE[1])
    await outbox.add(stopped)
    await outbox.add(fine)
    api.reject(21610, times=1)
    sender = make_sender(outbox, api.config(concurrency=1), reports, metrics=metrics)

    await sender.drain_once()
    await sender.drain_once()

    assert [p.status for p in api.posts()] == [400, 201]
    [failed] = reports.of(stopped)
    assert (failed.outcome, failed.error_code, failed.attempts, failed.sid) == ("failed", 21610, 1, None)
    assert "opted out" in failed.detail
    assert [r.outcome for r in reports.of(fine)] == ["sent"]
    assert (await outbox.depth(), await outbox.dead_count()) == (0, 0)
    assert (sends(metrics, "failed"), sends(metrics, "retried")) == (1, 0)


async def test_dead_lettered_after_max_attempts(api: FakeTwilio, make_sender: SenderFactory) -> None:
    outbox, reports, metrics = MemoryOutbox(), Reports(), Metrics()
    m = message("We could not reach you, please text again if you need us")
    await outbox.add(m)
    api.fail(times=None, status=500)
    sender = make_sender(outbox, api.config(max_attempts=3), reports, metrics=metrics)

    await drain_until(sender, lambda: bool(reports.seen))

    assert len(api.posts()) == 3
    assert api.sent == []
    [report] = reports.seen
    assert (report.outcome, report.attempts, report.detail) == ("dead", 3, "HTTP 500")
    assert await outbox.dead_letters() == [report]
    assert await outbox.depth() == 0
    await sender.update_gauges()
    assert metrics.registry.get_sample_value("fivesteps_outbox_dead_letters") == 1
    assert metrics.registry.get_sample_value("fivesteps_outbox_depth") == 0
    assert (sends(metrics, "dead"), sends(metrics, "retried")) == (1, 2)


async def test_nothing_goes_to_a_person_who_opted_out(
    api: FakeTwilio, store: ConversationStore, make_sender: SenderFactory
) -> None:
    key = ConversationKey(Channel.SMS, PEOPLE[0])
    async with store.claim(key, "SM-stop") as claim:
        await store.commit(
            claim.lease, Change(message_id="SM-stop", replies=[], conversation=None, opted_out=True)
        )
    outbox, reports, metrics = MemoryOutbox(), Reports(), Metrics()
    stopped = message("You are now number 1 in the queue")
    other = message("You are now number 2 in the queue", PEOPLE[1])
    await outbox.add(stopped)
    await outbox.add(other)
    sender = make_sender(outbox, api.config(), reports, metrics=metrics)

    await sender.drain_once()

    assert [s.to for s in api.sent] == [PEOPLE[1]]
    assert [(r.outcome, r.attempts) for r in reports.of(stopped)] == [("skipped", 0)]
    assert await outbox.depth() == 0
    assert sends(metrics, "skipped") == 1


@pytest.mark.parametrize("backend", ["memory", *DEPLOYMENTS])
async def test_a_killed_sender_is_taken_over_and_each_message_goes_once(
    backend: str, request: pytest.FixtureRequest, api: FakeTwilio, make_sender: SenderFactory
) -> None:
    clients: list[Client] = []

    def outbox() -> Outbox:
        if backend == "memory":
            return shared
        client = connect(request.getfixturevalue(DEPLOYMENTS[backend]))
        clients.append(client)
        return RedisOutbox(client, poll=0.01)

    shared = MemoryOutbox(poll=0.01)
    try:
        first = outbox()
        messages = [
            message(f"Message {n} for person {p} from the control room", PEOPLE[p])
            for p in range(2)
            for n in range(3)
        ]
        for m in messages:
            await first.add(m)
        # The first POST is accepted, then its answer stalls; the second hangs before Twilio takes it.
        api.accept_then_hang()
        api.slow(30.0)
        # At 5 a second the second POST starts 0.2 s after the batch was taken: its conversation's later
        # messages must not go stale (and be taken over, and sent) before it does.
        doomed = make_sender(first, api.config(rate=5.0, request_timeout=10.0, claim_after=25.0), Reports())
        killed = asyncio.create_task(doomed.drain_once())
        while len(api.posts()) < 2:
            await asyncio.sleep(0.01)
        killed.cancel()
        with pytest.raises(asyncio.CancelledError):
            await killed
        await doomed.close()
        assert len(api.sent) == 1

        reports = Reports()
        survivor = make_sender(outbox(), api.config(request_timeout=0.5, claim_after=1.1), reports)
        await drain_until(survivor, lambda: len(reports.seen) == len(messages))

        assert Counter(s.body for s in api.sent) == Counter(m.body for m in messages)  # each exactly once
        assert {r.message.id for r in reports.seen} == {m.id for m in messages}
        assert {r.outcome for r in reports.seen} == {"sent"}
        found = [r for r in reports.seen if r.detail == "found in Twilio's log"]
        assert [r.sid for r in found] == [api.sent[0].sid]
        for person in PEOPLE[:2]:  # each conversation's messages went in the order they were made
            bodies = [s.body for s in api.sent if s.to == person]
            assert bodies == [m.body for m in messages if m.to == person]
        assert await survivor.outbox.depth() == 0
    finally:
        for client in clients:
            await close_client(client)


async def test_the_rate_spaces_requests(make_sender: SenderFactory) -> None:
    clock = FakeClock()
    outbox, reports = MemoryOutbox(clock=clock), Reports()
    messages = [message(f"Queue update number {n} for you", PEOPLE[n]) for n in range(5)]
    for m in messages:
        await outbox.add(m)
    async with FakeTwilio(clock=clock) as api:
        sender = make_sender(
            outbox, api.config(rate=2.0, concurrency=5), reports, clock=clock, sleep=clock.sleep
        )

        start = clock()

        await sender.drain_once()

        # Five conversations side by side, yet only the rate's spacing moved the clock: 4 gaps of 0.5 s.
        assert clock() - start == pytest.approx((5 - 1) / 2.0)
        assert len(api.posts()) == 5
        assert [r.outcome for r in reports.seen] == ["sent"] * 5


async def test_run_sends_until_cancelled_and_closes_its_client(
    api: FakeTwilio, store: ConversationStore
) -> None:
    outbox, reports = MemoryOutbox(poll=0.01), Reports()
    sender = Sender(outbox, store, api.config(block=0.05), reports)
    running = asyncio.create_task(sender.run())
    m = message("This conversation is now closed, thank you")
    await outbox.add(m)
    while not reports.seen:
        await asyncio.sleep(0.01)
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert [s.body for s in api.sent] == [m.body]
    assert not sender.connected  # its HTTP session was closed on the way out


def test_claim_after_must_outlast_a_request() -> None:
    with pytest.raises(ValueError, match="claim_after"):
        SenderConfig(account_sid="AC1", auth_token="secret", request_timeout=10.0, claim_after=15.0)
    assert "secret" not in repr(SenderConfig(account_sid="AC1", auth_token="secret"))
