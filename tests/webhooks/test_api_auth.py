"""/api needs a Bearer token of an enabled user; admin routes need the admin role; users via the API."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import AppFactory

from webhooks.keys import RUNTIME


async def app_with_users(make_twilio: AppFactory, redis_url: str | None) -> tuple[Any, dict[str, str]]:
    twilio = await make_twilio(redis_url)
    client = twilio.client
    accounts = client.server.app[RUNTIME].accounts
    tokens = {}
    for name, role in (("ops", "operator"), ("boss", "admin")):
        if await accounts.get(name) is None:
            await accounts.add(name, role)
        tokens[name] = await accounts.issue_token(name)
    return client, tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_no_or_bad_credentials_get_401_and_an_operator_on_an_admin_route_403(
    backend: str, request: pytest.FixtureRequest, make_twilio: AppFactory
) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else None
    client, tokens = await app_with_users(make_twilio, url)
    for headers in ({}, {"Authorization": "Bearer fst_unknown"}, {"Authorization": "Basic b3BzOng="}):
        resp = await client.get("/api/users", headers=headers)
        assert resp.status == 401
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        assert (await resp.json())["error"] == "credentials required"
    resp = await client.get("/api/users", headers=bearer(tokens["ops"]))
    assert resp.status == 403
    resp = await client.post(
        "/api/users", json={"name": "x1", "role": "admin"}, headers=bearer(tokens["ops"])
    )
    assert resp.status == 403
    resp = await client.get("/api/users", headers=bearer(tokens["boss"]))
    assert resp.status == 200
    names = {u["name"]: u for u in (await resp.json())["items"]}
    assert {"ops", "boss"} <= set(names) and names["ops"]["role"] == "operator"
    assert all("password" not in str(u) and "hash" not in str(u) for u in names.values())
    # Other routes are not affected.
    assert (await client.get("/healthz")).status == 200


async def test_an_admin_adds_users_through_the_api(make_twilio: AppFactory, redis_url: str) -> None:
    client, tokens = await app_with_users(make_twilio, redis_url)
    admin = bearer(tokens["boss"])
    resp = await client.post("/api/users", json={"name": "kim", "role": "operator"}, headers=admin)
    assert resp.status == 201
    body = await resp.json()
    assert body["name"] == "kim" and body["role"] == "operator" and len(body["password"]) >= 20
    accounts = client.server.app[RUNTIME].accounts
    assert await accounts.check_password("kim", body["password"]) is not None
    again = await client.post("/api/users", json={"name": "kim", "role": "admin"}, headers=admin)
    assert again.status == 409
    bad_name = await client.post("/api/users", json={"name": "Kim Smith", "role": "operator"}, headers=admin)
    assert bad_name.status == 422
    bad_role = await client.post("/api/users", json={"name": "lee", "role": "root"}, headers=admin)
    assert bad_role.status == 422
    for body_text in ("not json", "[1, 2]", '{"name": 5}'):
        resp = await client.post(
            "/api/users", data=body_text, headers={**admin, "Content-Type": "application/json"}
        )
        assert resp.status == 400, body_text
    # A disabled admin's token stops working at once.
    await accounts.disable("boss")
    assert (await client.get("/api/users", headers=admin)).status == 401


async def test_a_store_that_fails_gives_503_not_500(make_twilio: AppFactory, private_redis: Any) -> None:
    client, tokens = await app_with_users(make_twilio, private_redis.url)
    private_redis.stop()
    resp = await client.get("/api/users", headers=bearer(tokens["boss"]))
    assert resp.status == 503
