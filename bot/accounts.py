"""Operator and admin accounts: who may use the console and the API, and how they prove it.

Passwords are generated (never chosen), shown once, and kept only as argon2 hashes. API tokens are
random 256-bit strings, shown once, and kept only as their SHA-256 (a token is as strong as a key, so a
fast hash is enough, and a lookup needs no scan). A disabled user's password and tokens stop working at
once; the account stays, so what they did can still be attributed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict

from bot.store import AccountStore

Role = Literal["operator", "admin"]
ROLES: tuple[Role, ...] = ("operator", "admin")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
TOKEN_PREFIX = "fst_"  # noqa: S105 - a marker that makes tokens recognisable, not a secret

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about accounts that cannot be done (bad name, taken name, unknown user)."""


class User(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    role: Role
    password_hash: str
    disabled: bool = False
    created_at: float


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, store: AccountStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    async def add(self, name: str, role: str) -> tuple[User, str]:
        """Create a user with a generated password; returns the user and the password (shown once)."""
        if not NAME.fullmatch(name):
            raise AccountError(
                "a user name is 2-32 characters: lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        if role not in ROLES:
            raise AccountError(f"role must be one of: {', '.join(ROLES)}")
        password = secrets.token_urlsafe(18)
        user = User(name=name, role=role, password_hash=_hasher.hash(password), created_at=self.clock())
        if not await self.store.create(name, user.model_dump_json()):
            raise AccountError(f"a user named {name!r} exists already")
        return user, password

    async def get(self, name: str) -> User | None:
        raw = await self.store.get(name)
        return None if raw is None else User.model_validate_json(raw)

    async def users(self) -> list[User]:
        found = [await self.get(name) for name in await self.store.names()]
        return [user for user in found if user is not None]

    async def issue_token(self, name: str) -> str:
        """A new API token for an enabled user (shown once; earlier tokens keep working)."""
        user = await self._existing(name)
        if user.disabled:
            raise AccountError(f"user {name!r} is disabled")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        await self.store.add_token(_digest(token), name)
        return token

    async def disable(self, name: str) -> User:
        user = await self._existing(name)
        disabled = user.model_copy(update={"disabled": True})
        await self.store.replace(name, disabled.model_dump_json())
        return disabled

    async def check_password(self, name: str, password: str) -> User | None:
        """The user, if `password` is theirs and they are enabled; else None (the same for every reason)."""
        user = await self.get(name)
        if user is None:
            _hasher.hash(password)  # spend the same time, so a missing name cannot be told apart
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return None if user.disabled else user

    async def user_for_token(self, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        name = await self.store.token_owner(_digest(token))
        user = None if name is None else await self.get(name)
        return None if user is None or user.disabled else user

    async def _existing(self, name: str) -> User:
        user = await self.get(name)
        if user is None:
            raise AccountError(f"no user named {name!r}")
        return user
