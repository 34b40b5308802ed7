"""Operator and admin accounts: generated passwords kept as argon2 hashes, tokens kept as digests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis
from click.testing import CliRunner
from conftest import DEPLOYMENTS

from bot.accounts import AccountError, Accounts
from bot.store import AccountStore
from bot.store.memory import MemoryAccountStore
from bot.store.redis import RedisAccountStore, close_client, connect
from fivesteps.cli import main


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def accounts(request: pytest.FixtureRequest) -> AsyncIterator[Accounts]:
    store: AccountStore
    if request.param == "memory":
        yield Accounts(MemoryAccountStore(), clock=lambda: 1_000.0)
        return
    client = connect(request.getfixturevalue(DEPLOYMENTS[request.param]))
    store = RedisAccountStore(client)
    yield Accounts(store, clock=lambda: 1_000.0)
    await close_client(client)


async def test_a_new_user_signs_in_with_the_generated_password_only(accounts: Accounts) -> None:
    user, password = await accounts.add("sam.jones", "operator")
    assert (user.role, user.disabled, user.created_at) == ("operator", False, 1_000.0)
    assert len(password) >= 20
    assert password not in user.password_hash and user.password_hash.startswith("$argon2")
    assert await accounts.check_password("sam.jones", password) == user
    assert await accounts.check_password("sam.jones", password + "x") is None
    assert await accounts.check_password("nobody", password) is None
    _, other_password = await accounts.add("admin-1", "admin")
    assert other_password != password
    assert [u.name for u in await accounts.users()] == ["admin-1", "sam.jones"]


async def test_names_and_roles_are_checked_and_a_name_is_taken_once(accounts: Accounts) -> None:
    await accounts.add("sam", "operator")
    with pytest.raises(AccountError, match="exists already"):
        await accounts.add("sam", "admin")
    for bad in ["S", "Sam", "sam jones", "-sam", "x" * 33, "sam:1"]:
        with pytest.raises(AccountError, match="user name"):
            await accounts.add(bad, "operator")
    with pytest.raises(AccountError, match="role"):
        await accounts.add("kim", "superuser")
    assert (await accounts.get("sam")) is not None and (await accounts.get("sam")).role == "operator"  # type: ignore[union-attr]


async def test_tokens_name_their_user_until_the_user_is_disabled(accounts: Accounts) -> None:
    user, password = await accounts.add("sam", "operator")
    first, second = await accounts.issue_token("sam"), await accounts.issue_token("sam")
    assert first != second and first.startswith("fst_")
    assert await accounts.user_for_token(first) == user
    assert await accounts.user_for_token(second) == user
    assert await accounts.user_for_token(first[:-1] + ("A" if first[-1] != "A" else "B")) is None
    assert await accounts.user_for_token("not-a-token") is None
    await accounts.disable("sam")
    assert await accounts.user_for_token(first) is None
    assert await accounts.check_password("sam", password) is None
    with pytest.raises(AccountError, match="disabled"):
        await accounts.issue_token("sam")
    with pytest.raises(AccountError, match="no user"):
        await accounts.issue_token("kim")


def test_users_command_adds_issues_tokens_lists_and_disables(redis_url: str) -> None:
    env = {"REDIS_URL": redis_url}
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "sam", "--role", "operator"], env=env)
    assert added.exit_code == 0, added.output
    password = added.output.strip().splitlines()[-1]
    token_run = runner.invoke(main, ["users", "token", "sam"], env=env)
    assert token_run.exit_code == 0, token_run.output
    token = token_run.output.strip().splitlines()[-1]
    assert token.startswith("fst_")
    listed = runner.invoke(main, ["users", "list"], env=env)
    assert listed.exit_code == 0 and "sam" in listed.output and "operator" in listed.output
    assert "active" in listed.output
    again = runner.invoke(main, ["users", "add", "sam", "--role", "admin"], env=env)
    assert again.exit_code == 1 and "exists already" in again.output
    assert runner.invoke(main, ["users", "disable", "sam"], env=env).exit_code == 0
    assert "disabled" in runner.invoke(main, ["users", "list"], env=env).output
    # Nothing secret is stored as given: not the password, not the token.
    client = redis.Redis.from_url(redis_url)
    stored = b" ".join(
        [*client.hvals("fs:{users}:accounts"), *client.hkeys("fs:{users}:tokens")]  # type: ignore[misc]
    )
    client.close()
    assert password.encode() not in stored and token.encode() not in stored


def test_users_command_needs_redis() -> None:
    result = CliRunner().invoke(main, ["users", "list"], env={"REDIS_URL": None})
    assert result.exit_code == 1 and "REDIS_URL must be set" in result.output
