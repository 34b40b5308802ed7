"""Console sign-in: session cookies, CSRF on cookie-authenticated writes, and limited failed sign-ins."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from conftest import AppFactory, Twilio

from webhooks.api import COOKIE, CSRF_HEADER
from webhooks.keys import RUNTIME


async def user(twilio: Twilio, name: str = "ops", role: str = "operator") -> str:
    _, password = await twilio.client.server.app[RUNTIME].accounts.add(name, role)
    return password


async def sign_in(twilio: Twilio, name: str, password: str) -> tuple[int, dict[str, str], dict[str, str]]:
    """(status, the JSON body, the Cookie header to send back)."""
    resp = await twilio.client.post("/api/session", json={"name": name, "password": password})
    body = await resp.json()
    morsel = resp.cookies.get(COOKIE)
    return resp.status, body, ({"Cookie": f"{COOKIE}={morsel.value}"} if morsel else {})


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_sign_in_sets_a_strict_http_only_secure_cookie_and_writes_need_the_csrf_token(
    backend: str, request: pytest.FixtureRequest, make_twilio: AppFactory
) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else None
    twilio = await make_twilio(url)
    password = await user(twilio)
    resp = await twilio.client.post("/api/session", json={"name": "ops", "password": password})
    assert resp.status == 200
    header = resp.headers["Set-Cookie"]
    cookie = SimpleCookie(header)[COOKIE]
    assert cookie["httponly"] and cookie["secure"]  # the public URL is https
    assert cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert cookie.value.startswith("fss_")
    body = await resp.json()
    assert body["name"] == "ops" and body["role"] == "operator" and len(body["csrf"]) >= 20
    jar = {"Cookie": f"{COOKIE}={cookie.value}"}

    assert (await twilio.client.get("/api/queue", headers=jar)).status == 200
    me = await (await twilio.client.get("/api/session", headers=jar)).json()
    assert me["name"] == "ops" and me["csrf"] == body["csrf"]
    # A write with the cookie alone (as a forged cross-site form would make) is refused ...
    await twilio.text("person")
    [item] = (await (await twilio.client.get("/api/queue", headers=jar)).json())["items"]
    claim = f"/api/conversations/{item['id']}/claim"
    assert (await twilio.client.post(claim, headers=jar)).status == 403
    wrong = {**jar, CSRF_HEADER: "not-the-token"}
    assert (await twilio.client.post(claim, headers=wrong)).status == 403
    queue = await (await twilio.client.get("/api/queue", headers=jar)).json()
    assert queue["items"][0]["holder"] is None  # ... and changed nothing
    # ... and with the session's token it goes through.
    good = {**jar, CSRF_HEADER: body["csrf"]}
    assert (await twilio.client.post(claim, headers=good)).status == 200

    # Signing out ends the session for good.
    assert (await twilio.client.delete("/api/session", headers=good)).status == 200
    assert (await twilio.client.get("/api/queue", headers=jar)).status == 401


async def test_the_cookie_is_not_secure_on_a_plain_http_public_url(make_twilio: AppFactory) -> None:
    twilio = await make_twilio(None, FIVESTEPS_PUBLIC_URL="http://localhost:8080")
    password = await user(twilio)
    resp = await twilio.client.post("/api/session", json={"name": "ops", "password": password})
    assert resp.status == 200
    assert not SimpleCookie(resp.headers["Set-Cookie"])[COOKIE]["secure"]


async def test_failed_sign_ins_are_limited_per_name_even_with_the_right_password_after(
    make_twilio: AppFactory, redis_url: str
) -> None:
    twilio = await make_twilio(redis_url, FIVESTEPS_SIGNIN_ATTEMPTS=3, FIVESTEPS_SIGNIN_WINDOW=600)
    password = await user(twilio)
    for _ in range(3):
        status, body, cookie = await sign_in(twilio, "ops", "guess")
        assert status == 401 and body["error"] == "wrong name or password" and not cookie
    resp = await twilio.client.post("/api/session", json={"name": "ops", "password": password})
    assert resp.status == 429
    assert 500 < int(resp.headers["Retry-After"]) <= 600
    assert COOKIE not in resp.cookies
    # A wrong name is answered like a wrong password (no telling which names exist).
    other = await twilio.client.post("/api/session", json={"name": "nobody", "password": "x"})
    assert other.status in (401, 429)
    audit = await twilio.client.server.app[RUNTIME].audit.entries()
    actions = [e["action"] for e in audit]
    assert actions.count("sign_in_failed") >= 3 and "sign_in_limited" in actions


async def test_a_correct_sign_in_clears_the_name_count_and_is_audited(make_twilio: AppFactory) -> None:
    twilio = await make_twilio(None, FIVESTEPS_SIGNIN_ATTEMPTS=3)
    password = await user(twilio)
    for _ in range(2):
        assert (await sign_in(twilio, "ops", "guess"))[0] == 401
    status, _, cookie = await sign_in(twilio, "ops", password)
    assert status == 200 and cookie
    audit = await twilio.client.server.app[RUNTIME].audit.entries()
    assert {"actor": "ops", "action": "sign_in"}.items() <= audit[-1].items()


async def test_a_disabled_user_s_session_stops_working_at_once(make_twilio: AppFactory) -> None:
    twilio = await make_twilio(None)
    password = await user(twilio)
    status, _, jar = await sign_in(twilio, "ops", password)
    assert status == 200
    assert (await twilio.client.get("/api/queue", headers=jar)).status == 200
    await twilio.client.server.app[RUNTIME].accounts.disable("ops")
    assert (await twilio.client.get("/api/queue", headers=jar)).status == 401
    assert (await sign_in(twilio, "ops", password))[0] == 401


@pytest.mark.parametrize(
    "body", ['{"name": "ops"}', "[]", "nope", '{"name": 1, "password": 2}', '{"name": "x", "password": null}']
)
async def test_a_malformed_sign_in_is_400(make_twilio: AppFactory, body: str) -> None:
    twilio = await make_twilio(None)
    resp = await twilio.client.post("/api/session", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == 400
