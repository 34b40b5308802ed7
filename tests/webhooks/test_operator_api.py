"""The operator API: the queue, claim, transfer, close, notes and the conversation view, on each store."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from conftest import AppFactory, Twilio, make_settings
from redis.asyncio import Redis

from webhooks.app import create_app
from webhooks.keys import RUNTIME

EMERGENCY = "Call 999 now"
PERSON = "+447700900123"
OTHER = "+447700900456"


async def staff(twilio: Twilio, name: str, role: str = "operator") -> dict[str, str]:
    accounts = twilio.client.server.app[RUNTIME].accounts
    if await accounts.get(name) is None:
        await accounts.add(name, role)
    return {"Authorization": f"Bearer {await accounts.issue_token(name)}"}


async def queue(twilio: Twilio, headers: dict[str, str]) -> list[dict[str, Any]]:
    resp = await twilio.client.get("/api/queue", headers=headers)
    assert resp.status == 200, await resp.text()
    items: list[dict[str, Any]] = (await resp.json())["items"]
    return items


async def act(twilio: Twilio, headers: dict[str, str], path: str, body: Any = None) -> Any:
    return await twilio.client.post(path, json=body if body is not None else {}, headers=headers)


async def test_the_queue_lists_escalations_most_urgent_first_with_their_triage(twilio: Twilio) -> None:
    ops = await staff(twilio, "ops")
    assert await queue(twilio, ops) == []
    await twilio.text("hi")
    await twilio.text("can I speak to a real person please")
    replies = await twilio.text("HELP hes outside with a knife", sender="whatsapp:" + OTHER)
    assert EMERGENCY in replies[0]

    items = await queue(twilio, ops)
    assert [i["priority"] for i in items] == [1, 3]
    urgent, waiting = items
    assert urgent["contact"] == "whatsapp:" + OTHER and urgent["channel"] == "whatsapp"
    assert urgent["reason"] == "emergency" and "knife" in urgent["summary"]
    assert waiting["contact"] == PERSON and waiting["channel"] == "sms"
    assert waiting["reason"] == "asked_for_person" and "person" in waiting["summary"]
    assert waiting["holder"] is None and waiting["waiting_since"].endswith("Z")
    # The id is opaque and URL-safe: no trace of the number.
    for item in items:
        assert item["id"].replace("-", "").replace("_", "").isalnum()
        assert "7700" not in item["id"]


async def test_claim_hold_reply_close_and_the_bot_answers_again(twilio: Twilio) -> None:
    ops, other = await staff(twilio, "ops"), await staff(twilio, "kim")
    await twilio.text("person")
    [item] = await queue(twilio, ops)
    path = f"/api/conversations/{item['id']}"

    resp = await act(twilio, ops, path + "/claim")
    assert resp.status == 200 and (await resp.json())["holder"] == "ops"
    again = await act(twilio, ops, path + "/claim")
    assert again.status == 200  # holding it already is not an error
    taken = await act(twilio, other, path + "/claim")
    assert taken.status == 409 and (await taken.json())["holder"] == "ops"
    [held] = await queue(twilio, ops)
    assert held["holder"] == "ops" and held["status"] == "operator"

    # While staff hold it, the bot says nothing, the person's words reach the transcript, and an
    # emergency is still answered.
    assert await twilio.text("thanks, I'll wait") == []
    emergency = await twilio.text("he's back and he has a knife")
    assert EMERGENCY in emergency[0]
    assert await twilio.text("menu") == []  # staff hold it: only they hand back

    note = await act(twilio, ops, path + "/notes", {"text": "Caller sounds calm; advised 101."})
    assert note.status == 201
    view = await (await twilio.client.get(path, headers=ops)).json()
    assert view["holder"] == "ops" and view["status"] == "operator" and view["priority"] == 1
    authors = [(e["author"], e["direction"]) for e in view["transcript"]]
    assert ("person", "in") in authors and ("bot", "out") in authors
    assert ("operator:ops", "note") in authors
    said = [e["text"] for e in view["transcript"] if e["author"] == "person"]
    assert "thanks, I'll wait" in said
    joined = [e for e in view["transcript"] if e["kind"] == "event" and e["direction"] == "out"]
    assert joined and "joined" in joined[0]["text"] and joined[0]["delivery"] == "queued"

    closed = await act(twilio, ops, path + "/close", {"outcome": "advice given"})
    assert closed.status == 200
    assert await queue(twilio, ops) == []
    replies = await twilio.text("hello")
    assert replies and "1 " in replies[-1]  # the start menu again
    gone = await twilio.client.get(path, headers=ops)
    assert gone.status == 404


async def test_only_the_holder_writes_and_transfer_moves_or_returns_it(twilio: Twilio) -> None:
    ops, kim = await staff(twilio, "ops"), await staff(twilio, "kim")
    await twilio.text("person")
    [item] = await queue(twilio, ops)
    path = f"/api/conversations/{item['id']}"
    unclaimed = await act(twilio, ops, path + "/messages", {"text": "Hello"})
    assert unclaimed.status == 403
    assert (await act(twilio, ops, path + "/claim")).status == 200
    not_yours = await act(twilio, kim, path + "/transfer", {"to": None})
    assert not_yours.status == 403
    nobody = await act(twilio, ops, path + "/transfer", {"to": "nobody"})
    assert nobody.status == 422

    moved = await act(twilio, ops, path + "/transfer", {"to": "kim"})
    assert moved.status == 200 and (await moved.json())["holder"] == "kim"
    assert (await act(twilio, ops, path + "/messages", {"text": "Hello"})).status == 403
    back = await act(twilio, kim, path + "/transfer", {"to": None})
    assert back.status == 200
    [queued] = await queue(twilio, ops)
    assert queued["holder"] is None and queued["priority"] == item["priority"]
    assert queued["waiting_since"] == item["waiting_since"]
    assert await twilio.text("still there?") != []  # the bot acknowledges again while it waits


async def test_the_per_operator_limit_refuses_one_more(make_twilio: AppFactory) -> None:
    twilio = await make_twilio(None, FIVESTEPS_OPERATOR_MAX_CONVERSATIONS=1)
    ops = await staff(twilio, "ops")
    await twilio.text("person", sender=PERSON)
    await twilio.text("person", sender=OTHER)
    first, second = await queue(twilio, ops)
    assert (await act(twilio, ops, f"/api/conversations/{first['id']}/claim")).status == 200
    refused = await act(twilio, ops, f"/api/conversations/{second['id']}/claim")
    assert refused.status == 409 and (await refused.json())["reason"] == "limit"


async def test_bad_requests_are_4xx(twilio: Twilio) -> None:
    ops = await staff(twilio, "ops")
    await twilio.text("person")
    [item] = await queue(twilio, ops)
    path = f"/api/conversations/{item['id']}"
    assert (await twilio.client.get("/api/conversations/nope", headers=ops)).status == 404
    assert (await act(twilio, ops, "/api/conversations/nope/claim")).status == 404
    assert (await act(twilio, ops, path + "/claim")).status == 200
    for suffix, body in (
        ("/messages", {"text": 5}),
        ("/messages", {}),
        ("/notes", {"text": None}),
        ("/close", {}),
        ("/transfer", {}),
        ("/transfer", {"to": 3}),
    ):
        resp = await act(twilio, ops, path + suffix, body)
        assert resp.status == 400, (suffix, body)
    assert (await act(twilio, ops, path + "/messages", {"text": "   "})).status == 422
    assert (await act(twilio, ops, path + "/messages", {"text": "x" * 1601})).status == 422
    assert (await act(twilio, ops, path + "/close", {"outcome": ""})).status == 422
    # Nothing above changed the conversation.
    [still] = await queue(twilio, ops)
    assert still["holder"] == "ops"


async def test_an_expired_conversation_is_cleaned_out_never_shown_or_claimed(
    make_twilio: AppFactory, redis_url: str
) -> None:
    twilio = await make_twilio(redis_url)
    ops = await staff(twilio, "ops")
    await twilio.text("person")
    [item] = await queue(twilio, ops)
    redis = Redis.from_url(redis_url)
    try:
        await redis.delete(f"fs:{{sms:{PERSON}}}:state")  # as when it expires
        assert await queue(twilio, ops) == []
        assert await redis.zcard("fs:{queue}:order") == 0  # cleaned, not only hidden
    finally:
        await redis.aclose()
    resp = await act(twilio, ops, f"/api/conversations/{item['id']}/claim")
    assert resp.status == 404


async def test_two_servers_racing_to_claim_twenty_conversations_give_each_one_holder(
    make_twilio: AppFactory, redis_url: str, aiohttp_client: Any
) -> None:
    first = await make_twilio(redis_url, FIVESTEPS_OPERATOR_MAX_CONVERSATIONS=20)
    second = Twilio(
        await aiohttp_client(create_app(make_settings(redis_url, FIVESTEPS_OPERATOR_MAX_CONVERSATIONS=20)))
    )
    ops, kim = await staff(first, "ops"), await staff(first, "kim")
    for n in range(20):
        await first.text("person", sender=f"+4477009002{n:02d}")
    items = await queue(first, ops)
    assert len(items) == 20

    async def claim(server: Twilio, headers: dict[str, str], conversation: str) -> int:
        resp = await act(server, headers, f"/api/conversations/{conversation}/claim")
        return int(resp.status)

    results = await asyncio.gather(
        *(call for item in items for call in (claim(first, ops, item["id"]), claim(second, kim, item["id"])))
    )
    pairs = [results[i : i + 2] for i in range(0, 40, 2)]
    assert all(sorted(pair) == [200, 409] for pair in pairs), pairs
    holders = {i["id"]: i["holder"] for i in await queue(second, kim)}
    assert len(holders) == 20 and set(holders.values()) <= {"ops", "kim"}
    for item, pair in zip(items, pairs, strict=True):
        assert holders[item["id"]] == ("ops" if pair[0] == 200 else "kim")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/queue"),
        ("POST", "/api/heartbeat"),
        ("GET", "/api/events"),
        ("GET", "/api/canned"),
        ("GET", "/api/outbox"),
        ("GET", "/api/session"),
        ("DELETE", "/api/session"),
        ("GET", "/api/conversations/x"),
        ("POST", "/api/conversations/x/claim"),
        ("POST", "/api/conversations/x/messages"),
        ("POST", "/api/conversations/x/transfer"),
        ("POST", "/api/conversations/x/close"),
        ("POST", "/api/conversations/x/notes"),
        ("GET", "/api/users"),
        ("POST", "/api/users"),
    ],
)
async def test_every_route_needs_credentials(make_twilio: AppFactory, method: str, path: str) -> None:
    twilio = await make_twilio(None)
    resp = await twilio.client.request(method, path, json={})
    assert resp.status == 401


async def test_the_openapi_document_is_served_and_names_every_api_route(make_twilio: AppFactory) -> None:
    twilio = await make_twilio(None)
    resp = await twilio.client.get("/api/openapi.json")  # no credentials needed to read it
    assert resp.status == 200
    document = await resp.json()
    assert document["openapi"].startswith("3.")
    documented = {
        (method.upper(), path.replace("{id}", "{id}"))
        for path, operations in document["paths"].items()
        for method in operations
        if method != "parameters"
    }
    served = {
        (route.method, route.resource.canonical)
        for route in twilio.client.server.app.router.routes()
        if route.resource is not None
        and route.resource.canonical.startswith("/api/")
        and route.method != "HEAD"
    }
    assert served == documented


async def next_event(resp: Any, name: str) -> dict[str, Any]:
    """The data of the next event called `name` on a server-sent event stream."""
    event = None
    async with asyncio.timeout(10):
        while True:
            line = (await resp.content.readline()).decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == name:
                data: dict[str, Any] = json.loads(line[6:])
                return data


async def test_the_live_feed_shows_a_new_escalation_and_the_open_conversation_changing(
    make_twilio: AppFactory, redis_url: str
) -> None:
    twilio = await make_twilio(redis_url)
    ops = await staff(twilio, "ops")
    feed = await twilio.client.get("/api/events", headers=ops)
    assert feed.status == 200 and feed.headers["Content-Type"].startswith("text/event-stream")
    assert (await next_event(feed, "queue"))["items"] == []
    await twilio.text("person")
    [item] = (await next_event(feed, "queue"))["items"]
    assert item["contact"] == PERSON
    feed.close()

    watching = await twilio.client.get(f"/api/events?conversation={item['id']}", headers=ops)
    first = await next_event(watching, "conversation")
    assert first["id"] == item["id"] and first["status"] == "queued"
    await twilio.text("are you there")
    changed = await next_event(watching, "conversation")
    assert changed["transcript"][-2]["text"] == "are you there"
    watching.close()
    actions = [e["action"] for e in await twilio.client.server.app[RUNTIME].audit.entries()]
    assert "view" not in actions  # live updates of an open conversation are not views


async def test_two_claims_by_one_operator_at_once_cannot_both_pass_the_limit(
    make_twilio: AppFactory, redis_url: str, aiohttp_client: Any
) -> None:
    first = await make_twilio(redis_url, FIVESTEPS_OPERATOR_MAX_CONVERSATIONS=1)
    second = Twilio(
        await aiohttp_client(create_app(make_settings(redis_url, FIVESTEPS_OPERATOR_MAX_CONVERSATIONS=1)))
    )
    ops = await staff(first, "ops")
    for n in range(6):
        await first.text("person", sender=f"+4477009004{n:02d}")
    items = await queue(first, ops)
    for a, b in ((items[0], items[1]), (items[2], items[3]), (items[4], items[5])):
        statuses = await asyncio.gather(
            act(first, ops, f"/api/conversations/{a['id']}/claim"),
            act(second, ops, f"/api/conversations/{b['id']}/claim"),
        )
        assert sorted(r.status for r in statuses) == [200, 409] or all(r.status == 409 for r in statuses)
    held = [i for i in await queue(first, ops) if i["holder"] == "ops"]
    assert len(held) == 1
