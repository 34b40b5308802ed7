"""The admin flow API over the real app, on Redis and on the memory store: drafts with lint, publishing
(refused on errors and failing flow tests; the topic model retrained), versions, rollback, diagram,
simulator, audit, and what operators and strangers get."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory, Twilio

from flows.loader import parse_flow
from flows.topics import examples_digest
from webhooks.keys import RUNTIME

DATA = Path(__file__).parents[1] / "data" / "flows"
COUNCIL = (DATA / "council.yaml").read_text(encoding="utf-8")
HOSTILE = DATA / "hostile"
EMERGENCY = "Call 999 now if anyone is in danger"


def edited(old: str, new: str, text: str = COUNCIL) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture(params=["redis", "memory"])
async def app(request: pytest.FixtureRequest, make_twilio: AppFactory, tmp_path: Path) -> Twilio:
    """The service with the small `council` flow as its shipped flow."""
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(DATA / "council.yaml", flows / "council.yaml")
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    return await make_twilio(url, FIVESTEPS_FLOWS_DIR=str(flows), FIVESTEPS_FLOW="council")


async def user(app: Twilio, name: str, role: str = "admin") -> dict[str, str]:
    accounts = app.client.server.app[RUNTIME].accounts
    if await accounts.get(name) is None:
        await accounts.add(name, role)
    return {"Authorization": f"Bearer {await accounts.issue_token(name)}"}


async def call(app: Twilio, method: str, path: str, headers: dict[str, str], **kw: Any) -> tuple[int, Any]:
    resp = await app.client.request(method, path, headers=headers, **kw)
    body = await resp.json() if resp.content_type == "application/json" else await resp.text()
    return resp.status, body


async def put_draft(
    app: Twilio, headers: dict[str, str], text: str, name: str = "council"
) -> tuple[int, Any]:
    return await call(app, "PUT", f"/api/flows/{name}/draft", headers, data=text.encode("utf-8"))


async def test_the_shipped_flow_is_version_1_and_its_yaml_is_served(app: Twilio) -> None:
    admin = await user(app, "alice")
    assert await call(app, "GET", "/api/flows", admin) == (
        200,
        {"items": [{"name": "council", "active_version": 1, "has_draft": False}]},
    )
    status, body = await call(app, "GET", "/api/flows/council", admin)
    assert status == 200
    assert body == {"name": "council", "active_version": 1, "yaml": COUNCIL}
    status, body = await call(app, "GET", "/api/flows/council/versions", admin)
    assert status == 200
    [shipped] = body["items"]
    assert (shipped["version"], shipped["author"], shipped["active"]) == (1, "system", True)
    assert (await call(app, "GET", "/api/flows/nothing", admin))[0] == 404
    assert (await call(app, "GET", "/api/flows/Bad..Name", admin))[0] == 404


async def test_a_draft_is_saved_with_its_problems_beside_their_lines(app: Twilio) -> None:
    admin = await user(app, "alice")
    broken = edited(
        "      - {number: 2, goto: parking}\n  noise:", "      - {number: 2, goto: parkin}\n  noise:"
    )
    status, body = await put_draft(app, admin, broken)
    assert status == 200
    [error] = body["errors"]
    assert error["message"] == "unknown state 'parkin'"
    assert error["line"] == line_of(broken, "goto: parkin}")
    assert error["path"] == "states.welcome.choices.1.goto"
    assert isinstance(error["column"], int)
    assert any("examples" in w["message"] for w in body["warnings"])
    status, draft = await call(app, "GET", "/api/flows/council/draft", admin)
    assert status == 200 and draft["yaml"] == broken and draft["author"] == "alice"
    assert (await call(app, "GET", "/api/flows", admin))[1]["items"][0]["has_draft"] is True
    assert (await call(app, "POST", "/api/flows/council/validate", admin))[1]["errors"] == body["errors"]
    status, body = await put_draft(app, admin, COUNCIL)
    assert status == 200 and body["errors"] == []
    # Text that does not parse as YAML is not a flow definition: refused, and the saved draft stays.
    status, body = await put_draft(app, admin, COUNCIL.replace("start: welcome", "start: [welcome"))
    assert status == 422 and "invalid YAML" in body["errors"][0]["message"]
    assert (await call(app, "GET", "/api/flows/council/draft", admin))[1]["yaml"] == COUNCIL


async def test_a_draft_that_names_another_flow_is_an_error(app: Twilio) -> None:
    admin = await user(app, "alice")
    _, body = await put_draft(app, admin, edited("flow: council", "flow: county"))
    assert [(e["path"], e["line"]) for e in body["errors"]] == [("flow", 3)]


async def test_publish_makes_a_new_version_that_new_conversations_get(app: Twilio) -> None:
    admin = await user(app, "alice")
    replies = await app.text("hi", sender="+447700900001")
    changed = edited("Noise is a matter for", "Noise is usually a matter for")
    await put_draft(app, admin, changed)
    status, body = await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "wording"})
    assert (status, body) == (200, {"version": 2})
    assert (await call(app, "GET", "/api/flows", admin))[1]["items"] == [
        {"name": "council", "active_version": 2, "has_draft": False}
    ]
    replies = await app.text("hi", sender="+447700900002") + await app.text("1", sender="+447700900002")
    assert any("Noise is usually a matter" in r for r in replies)
    # A conversation begun on version 1 finishes on version 1.
    assert any("Noise is a matter" in r for r in await app.text("1", sender="+447700900001"))
    status, body = await call(app, "GET", "/api/flows/council/versions", admin)
    assert [(v["version"], v["author"], v["message"], v["active"]) for v in body["items"]] == [
        (2, "alice", "wording", True),
        (1, "system", body["items"][1]["message"], False),
    ]
    assert (await call(app, "GET", "/api/flows/council/versions/1", admin))[1]["yaml"] == COUNCIL
    assert (await call(app, "GET", "/api/flows/council/versions/3", admin))[0] == 404
    entries = await app.client.server.app[RUNTIME].audit.entries()
    assert {"actor": "alice", "action": "publish", "flow": "council", "version": 2}.items() <= entries[
        -1
    ].items()


async def test_publish_is_refused_when_lint_finds_errors(app: Twilio) -> None:
    admin = await user(app, "alice")
    weakened = edited(
        'emergency: "Call 999 now if anyone is in danger.',
        'emergency: "If anyone is in danger, contact us.',
    )
    await put_draft(app, admin, weakened)
    status, body = await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "shorter"})
    assert status == 422
    assert any(e["path"] == "messages.emergency" and "999" in e["message"] for e in body["errors"])
    assert (await call(app, "GET", "/api/flows/council", admin))[1]["active_version"] == 1
    assert any(EMERGENCY in r for r in await app.text("someone has a knife and is attacking me now"))


async def test_publish_is_refused_when_a_flow_test_fails(app: Twilio) -> None:
    admin = await user(app, "alice")
    changed = edited("Noise is a matter for your local council", "Noise is a matter for the noise team")
    await put_draft(app, admin, changed)
    status, body = await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "team"})
    assert status == 422
    [failure] = body["failures"]
    assert failure["name"] == "menu 1 is noise"
    assert "local council" in failure["failure"]
    assert (await call(app, "GET", "/api/flows/council", admin))[1]["active_version"] == 1
    assert (await call(app, "GET", "/api/flows/council/draft", admin))[1]["yaml"] == changed  # kept


async def test_publish_needs_a_draft_and_a_message(app: Twilio) -> None:
    admin = await user(app, "alice")
    assert (await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "x"}))[0] == 404
    await put_draft(app, admin, COUNCIL)
    assert (await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "  "}))[0] == 422
    assert (await call(app, "POST", "/api/flows/council/publish", admin, json={}))[0] == 400
    assert (await call(app, "POST", "/api/flows/council/publish", admin, data=b"not json"))[0] == 400


async def test_rollback_makes_an_earlier_version_active_and_is_audited(app: Twilio) -> None:
    admin = await user(app, "alice")
    await put_draft(app, admin, edited("Noise is a matter for", "Noise is usually a matter for"))
    assert (await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "m"}))[0] == 200
    status, body = await call(app, "POST", "/api/flows/council/rollback", admin, json={"version": 1})
    assert (status, body) == (200, {"name": "council", "active_version": 1})
    replies = await app.text("hi", sender="+447700900003") + await app.text("1", sender="+447700900003")
    assert any("Noise is a matter" in r for r in replies)
    assert (await call(app, "POST", "/api/flows/council/rollback", admin, json={"version": 9}))[0] == 404
    for bad in ({}, {"version": "1"}, {"version": True}, {"version": 0}):
        assert (await call(app, "POST", "/api/flows/council/rollback", admin, json=bad))[0] == 400
    entries = await app.client.server.app[RUNTIME].audit.entries()
    assert {"actor": "alice", "action": "rollback", "flow": "council", "version": 1}.items() <= entries[
        -1
    ].items()


async def test_the_topic_model_is_retrained_on_publish_when_the_examples_change(app: Twilio) -> None:
    admin = await user(app, "alice")
    runtime = app.client.server.app[RUNTIME]
    assert runtime.engine.flows.current("council").topics is None  # shipped without a model
    more = edited(
        "      - drilling at midnight\n", "      - drilling at midnight\n      - a house party with a DJ\n"
    )
    await put_draft(app, admin, more)
    status, body = await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "examples"})
    assert (status, body) == (200, {"version": 2})
    topics = runtime.engine.flows.current("council").topics
    assert topics is not None
    assert topics.examples_digest == examples_digest(parse_flow(more))
    assert set(topics.model.classes) == {"noise", "parking"}
    # The next version with the same examples shares the model instead of training again.
    await put_draft(app, admin, edited("Parking on a road", "Parking on a street", more))
    assert (await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "m"}))[1] == {
        "version": 3
    }
    assert runtime.engine.flows.current("council").topics is not None


async def test_the_diagram_and_the_simulator_use_the_draft(app: Twilio) -> None:
    admin = await user(app, "alice")
    status, text = await call(app, "GET", "/api/flows/council/diagram", admin)
    assert status == 200 and text.startswith("stateDiagram-v2") and "parking" in text
    await put_draft(app, admin, edited("Noise is a matter for", "Noise is usually a matter for"))
    status, body = await call(
        app, "POST", "/api/flows/council/simulate", admin, json={"messages": ["hi", "1"]}
    )
    assert status == 200
    first, second = body["replies"]
    assert any("1 Noise" in r for r in first)
    assert any("Noise is usually a matter" in r for r in second)
    status, body = await call(
        app,
        "POST",
        "/api/flows/council/simulate",
        admin,
        json={"messages": ["a man with a knife is outside now"]},
    )
    assert any(EMERGENCY in r for r in body["replies"][0])
    # Nobody was texted and nothing was queued by the simulator.
    assert await app.client.server.app[RUNTIME].queue.entries() == []
    for bad in ({}, {"messages": []}, {"messages": "hi"}, {"messages": [1]}, {"messages": ["x"] * 51}):
        assert (await call(app, "POST", "/api/flows/council/simulate", admin, json=bad))[0] == 400
    await put_draft(app, admin, edited("goto: parking}\n  noise:", "goto: parkin}\n  noise:"))
    status, _ = await call(app, "POST", "/api/flows/council/simulate", admin, json={"messages": ["hi"]})
    assert status == 422


async def test_the_draft_s_flow_tests_run_without_publishing(app: Twilio) -> None:
    admin = await user(app, "alice")
    status, body = await call(app, "POST", "/api/flows/council/tests", admin)  # no draft: the active one
    assert status == 200
    assert [(r["name"], r["passed"]) for r in body["results"]] == [
        ("a first message gets the menu", True),
        ("menu 1 is noise", True),
        ("an emergency gets 999 at once", True),
    ]
    assert body["topic_model"] is False  # the shipped council flow has no model until one is trained
    await put_draft(
        app, admin, edited("Noise is a matter for your local council", "Noise is for the noise team")
    )
    status, body = await call(app, "POST", "/api/flows/council/tests", admin)
    [failed] = [r for r in body["results"] if not r["passed"]]
    assert failed["name"] == "menu 1 is noise" and "local council" in failed["failure"]
    assert (await call(app, "GET", "/api/flows/council", admin))[1][
        "active_version"
    ] == 1  # nothing published


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("*.yaml")))
async def test_hostile_yaml_is_refused_with_a_4xx_and_runs_nothing(app: Twilio, name: str) -> None:
    admin = await user(app, "alice")
    status, body = await put_draft(app, admin, (HOSTILE / name).read_text(encoding="utf-8"))
    assert status == 422
    assert body["errors"]
    assert (await call(app, "GET", "/api/flows/council/draft", admin))[0] == 404  # not kept
    assert (await call(app, "POST", "/api/flows/council/publish", admin, json={"message": "m"}))[0] in (
        404,
        422,
    )
    assert (await call(app, "GET", "/api/flows/council", admin))[1]["active_version"] == 1


async def test_a_draft_over_the_size_limit_is_413(app: Twilio) -> None:
    admin = await user(app, "alice")
    status, _ = await put_draft(app, admin, COUNCIL + "#" * (600 * 1024))
    assert status == 413
    assert (await call(app, "GET", "/api/flows/council/draft", admin))[0] == 404
    status, _ = await call(app, "PUT", "/api/flows/council/draft", admin, data=b"\xff\xfe")
    assert status == 400


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/flows"),
        ("GET", "/api/flows/council"),
        ("GET", "/api/flows/council/draft"),
        ("PUT", "/api/flows/council/draft"),
        ("POST", "/api/flows/council/validate"),
        ("POST", "/api/flows/council/publish"),
        ("GET", "/api/flows/council/versions"),
        ("GET", "/api/flows/council/versions/1"),
        ("POST", "/api/flows/council/rollback"),
        ("GET", "/api/flows/council/diagram"),
        ("POST", "/api/flows/council/simulate"),
        ("POST", "/api/flows/council/tests"),
    ],
)
async def test_flow_routes_need_an_admin(app: Twilio, method: str, path: str) -> None:
    assert (await app.client.request(method, path, json={})).status == 401
    operator = await user(app, "olly", "operator")
    assert (await app.client.request(method, path, json={}, headers=operator)).status == 403
