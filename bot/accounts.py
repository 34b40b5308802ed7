"""Operator and admin accounts: who may use the console and the API, and how they prove it.

Passwords are generated (never chosen), shown once, and kept only as argon2 hashes. API tokens are
random 256-bit strings, shown once, and kept only as their SHA-256 (a token is as strong as a key, so a
fast hash is enough, and a lookup needs no scan). A disabled user's password and tokens stop working at
once; the account stays, so what they did can still be attributed.

Console sessions are random cookies kept (as their SHA-256) for a fixed time, each with its own CSRF token
for the writes made with it. Failed sign-ins are counted per name and per client address: after
`SignInPolicy.attempts` failures within `window` seconds, that name or address may not try again until
the window has passed, right password or not, so guessing costs a window per few tries.
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
SESSION_PREFIX = "fss_"

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


class SignInLimited(Exception):
    """Too many failed sign-ins for this name or address: try again after `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after:.0f} s")
        self.retry_after = retry_after


class SignInPolicy(BaseModel):
    model_config = ConfigDict(frozen=True)

    attempts: int = 5  # failures allowed per name, and per client address, within `window`
    window: float = 900.0
    session_lifetime: float = 12 * 3600.0  # a shift


class Session(BaseModel):
    """A console sign-in: who, until when, and the token its writes must carry."""

    model_config = ConfigDict(frozen=True)

    name: str
    csrf: str
    created_at: float
    expires_at: float


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(
        self,
        store: AccountStore,
        clock: Callable[[], float] = time.time,
        policy: SignInPolicy | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.policy = policy or SignInPolicy()

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

    async def sign_in(self, name: str, password: str, client: str) -> tuple[User, str, Session] | None:
        """Start a console session: (user, cookie value, session), or None for a wrong name or password.

        Raises SignInLimited while the name or the client address has used up its failures."""
        subjects = [f"name:{name}"[:80], f"client:{client}"[:80]]
        for subject in subjects:
            count, left = await self.store.failures(subject)
            if count >= self.policy.attempts:
                raise SignInLimited(left)
        user = await self.check_password(name, password)
        if user is None:
            for subject in subjects:
                await self.store.count_failure(subject, self.policy.window)
            return None
        await self.store.clear_failures(subjects[0])
        cookie = SESSION_PREFIX + secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(
            name=user.name,
            csrf=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + self.policy.session_lifetime,
        )
        await self.store.add_session(_digest(cookie), session.model_dump_json(), self.policy.session_lifetime)
        return user, cookie, session

    async def session(self, cookie: str) -> tuple[User, Session] | None:
        """The enabled user and session a cookie stands for, or None."""
        if not cookie.startswith(SESSION_PREFIX):
            return None
        raw = await self.store.session(_digest(cookie))
        if raw is None:
            return None
        session = Session.model_validate_json(raw)
        user = await self.get(session.name)
        if user is None or user.disabled or session.expires_at <= self.clock():
            return None
        return user, session

    async def sign_out(self, cookie: str) -> None:
        await self.store.drop_session(_digest(cookie))

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
