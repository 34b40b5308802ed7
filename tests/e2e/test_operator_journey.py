"""End to end on Redis, through the real sender and the twilio SDK against the fake Twilio API: a person
escalates, an operator claims and writes, Twilio reports delivery, the person answers, an emergency
during the hold is still answered, the operator closes, the person is told, and the bot answers again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from conftest import AppFactory, Twilio
from fakes import FakeTwilio
from support import ACCOUNT_SID, PUBLIC_URL, SERVICE_NUMBER

from webhooks.keys import RUNTIME

PERSON = "+447700900123"
EMERGENCY = "Call 999 now"


@pytest.fixture
async def fake_twilio() -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio() as fake:
        yield fake


async def until(check: Any, timeout: float = 10.0) -> Any:
    """Poll `check()` (sync or async) until it returns something truthy."""
    async with asyncio.timeout(timeout):
        while True:
            result = check()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return result
            await asyncio.sleep(0.05)


async def status(twilio: Twilio, sid: str, value: str, signature: str | None = "valid") -> int:
    form = {"MessageSid": sid, "MessageStatus": value, "AccountSid": ACCOUNT_SID}
    resp = await twilio.post(form, signature=signature, path="/twilio/status")
    return int(resp.status)


async def sending_app(
    make_twilio: AppFactory, redis_url: str, fake: FakeTwilio, **settings: Any
) -> tuple[Twilio, dict[str, str]]:
    """The app on Redis with its sender pointed at the fake API, and an operator's credentials."""
    twilio = await make_twilio(
        redis_url, FIVESTEPS_SENDER="1", FIVESTEPS_TWILIO_API_URL=fake.url, FIVESTEPS_SEND_RATE=50, **settings
    )
    accounts = twilio.client.server.app[RUNTIME].accounts
    await accounts.add("sam", "operator")
    return twilio, {"Authorization": f"Bearer {await accounts.issue_token('sam')}"}


async def waiting(twilio: Twilio, ops: dict[str, str], contact: str = PERSON) -> str:
    """The person asks for staff; the path of their conversation in the operator API."""
    await twilio.text("person", contact)
    [item] = (await (await twilio.client.get("/api/queue", headers=ops)).json())["items"]
    return f"/api/conversations/{item['id']}"


async def view_once(twilio: Twilio, ops: dict[str, str], path: str, field: str) -> dict[str, Any]:
    """The conversation as the API shows it, once its `field` is set (the sender works in the background)."""

    async def read() -> dict[str, Any] | None:
        view: dict[str, Any] = await (await twilio.client.get(path, headers=ops)).json()
        return view if view[field] else None

    found: dict[str, Any] = await until(read)
    return found


async def test_the_whole_operator_journey(
    make_twilio: AppFactory, redis_url: str, fake_twilio: FakeTwilio
) -> None:
    twilio, ops = await sending_app(make_twilio, redis_url, fake_twilio)
    client = twilio.client

    await twilio.text("can I speak to a real person please", PERSON)
    [item] = (await (await client.get("/api/queue", headers=ops)).json())["items"]
    path = f"/api/conversations/{item['id']}"
    assert (await client.post(path + "/claim", headers=ops)).status == 200
    joined = await until(lambda: [m for m in fake_twilio.sent if "joined" in m.body])
    assert joined[0].to == PERSON and joined[0].from_ == SERVICE_NUMBER

    resp = await client.post(
        path + "/messages", json={"text": "Hello, this is Sam. Are you safe?"}, headers=ops
    )
    assert resp.status == 202
    message_id = (await resp.json())["id"]
    [sent] = await until(
        lambda: [m for m in fake_twilio.sent if m.body == "Hello, this is Sam. Are you safe?"]
    )
    assert sent.to == PERSON and sent.from_ == SERVICE_NUMBER
    assert sent.status_callback == PUBLIC_URL + "/twilio/status"

    async def delivery() -> str | None:
        view = await (await client.get(path, headers=ops)).json()
        found = [e["delivery"] for e in view["transcript"] if e["text"] == sent.body]
        return found[0] if found else None

    assert await until(lambda: _is(delivery, "accepted"))
    assert await status(twilio, sent.sid, "sent") == 200
    assert await status(twilio, sent.sid, "delivered") == 200
    assert await status(twilio, sent.sid, "sent") == 200  # late and out of order: no step back
    assert await delivery() == "delivered"
    assert await status(twilio, "SM" + "f" * 32, "delivered") == 200  # not ours: ignored
    assert await status(twilio, sent.sid, "delivered", signature="forged") == 403
    transcript = (await (await client.get(path, headers=ops)).json())["transcript"]
    assert [e["id"] for e in transcript if e["text"] == sent.body] == [message_id]

    # The person answers: no webhook reply, and the words reach the transcript.
    assert await twilio.text("yes I'm safe, thanks", PERSON) == []
    view = await (await client.get(path, headers=ops)).json()
    assert view["transcript"][-1]["text"] == "yes I'm safe, thanks"
    assert view["transcript"][-1]["author"] == "person"
    # An emergency during the hold is still answered at once.
    assert EMERGENCY in (await twilio.text("HELP hes outside with a knife", PERSON))[0]

    closed = await client.post(path + "/close", json={"outcome": "advice given"}, headers=ops)
    assert closed.status == 200
    await until(lambda: [m for m in fake_twilio.sent if "ended this chat" in m.body])
    replies = await twilio.text("hello", PERSON)
    assert replies and "1 " in replies[-1]  # the bot answers again, from the start menu
    # Nothing was sent twice.
    bodies = [m.body for m in fake_twilio.sent]
    assert len(bodies) == len(set(bodies)) == 3


async def _is(read: Any, value: str) -> bool:
    return bool(await read() == value)


async def test_a_stopped_number_is_recorded_as_opted_out_and_staff_are_told(
    make_twilio: AppFactory, redis_url: str, fake_twilio: FakeTwilio
) -> None:
    twilio, ops = await sending_app(make_twilio, redis_url, fake_twilio)
    path = await waiting(twilio, ops)
    fake_twilio.reject(21610, times=None)
    assert (await twilio.client.post(path + "/claim", headers=ops)).status == 200
    view = await view_once(twilio, ops, path, "opted_out")
    notes = [e["text"] for e in view["transcript"] if e["direction"] == "note"]
    assert any("opted out" in n for n in notes)
    assert [e["delivery"] for e in view["transcript"] if "joined" in e["text"]] == ["failed"]
    refused = await twilio.client.post(path + "/messages", json={"text": "Hello?"}, headers=ops)
    assert refused.status == 409 and (await refused.json())["reason"] == "opted_out"
    assert fake_twilio.sent == []


async def test_a_message_twilio_never_takes_is_dead_lettered_visibly(
    make_twilio: AppFactory, redis_url: str, fake_twilio: FakeTwilio
) -> None:
    twilio, ops = await sending_app(make_twilio, redis_url, fake_twilio, FIVESTEPS_SEND_MAX_ATTEMPTS=1)
    path = await waiting(twilio, ops)
    fake_twilio.fail(times=None, status=500)
    assert (await twilio.client.post(path + "/claim", headers=ops)).status == 200

    async def dead() -> dict[str, Any] | None:
        body: dict[str, Any] = await (await twilio.client.get("/api/outbox", headers=ops)).json()
        return body if body["dead_count"] else None

    outbox = await until(dead)
    assert outbox["dead"][0]["contact"] == PERSON and outbox["depth"] == 0
    view = await (await twilio.client.get(path, headers=ops)).json()
    assert any("dead letters" in e["text"] for e in view["transcript"] if e["direction"] == "note")
    metrics = await (await twilio.client.get("/metrics")).text()
    assert 'fivesteps_outbox_sends_total{result="dead"} 1.0' in metrics
    assert fake_twilio.sent == []


async def test_a_whatsapp_template_goes_to_twilio_as_content(
    make_twilio: AppFactory, redis_url: str, fake_twilio: FakeTwilio
) -> None:
    twilio, ops = await sending_app(
        make_twilio, redis_url, fake_twilio, FIVESTEPS_WHATSAPP_TEMPLATE="HX" + "a" * 32
    )
    path = await waiting(twilio, ops, "whatsapp:" + PERSON)
    assert (await twilio.client.post(path + "/claim", headers=ops)).status == 200
    view = await (await twilio.client.get(path, headers=ops)).json()
    assert view["whatsapp_template"] == "HX" + "a" * 32
    resp = await twilio.client.post(path + "/messages", json={"template": "HX" + "a" * 32}, headers=ops)
    assert resp.status == 202
    [sent] = await until(lambda: [m for m in fake_twilio.sent if m.content_sid])
    assert sent.content_sid == "HX" + "a" * 32 and sent.body == ""
    assert sent.to == "whatsapp:" + PERSON and sent.from_ == "whatsapp:" + SERVICE_NUMBER
    bad = await twilio.client.post(path + "/messages", json={"template": 5}, headers=ops)
    assert bad.status == 400


async def test_a_number_that_cannot_take_texts_is_recorded_and_staff_told(
    make_twilio: AppFactory, redis_url: str, fake_twilio: FakeTwilio
) -> None:
    twilio, ops = await sending_app(make_twilio, redis_url, fake_twilio)
    path = await waiting(twilio, ops)
    fake_twilio.reject(21614, times=None)
    assert (await twilio.client.post(path + "/claim", headers=ops)).status == 200
    view = await view_once(twilio, ops, path, "unreachable")
    assert view["unreachable"] == "21614" and not view["opted_out"]
    assert any("not a mobile" in e["text"] for e in view["transcript"] if e["direction"] == "note")
    refused = await twilio.client.post(path + "/messages", json={"text": "Hello?"}, headers=ops)
    assert refused.status == 409 and (await refused.json())["reason"] == "unreachable"
