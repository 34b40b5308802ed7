"""Configuration, read once from the environment into a typed, frozen object.

Each setting's environment name is its alias; the README's configuration table lists them all.
A missing or invalid setting fails at start with a message that names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_HOST_PORT = re.compile(r"\[?[A-Za-z0-9_.:-]+\]?:[0-9]{1,5}")


class ConfigurationError(ValueError):
    """The environment does not describe a service that can start."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True, extra="ignore", populate_by_name=True, env_prefix="", env_ignore_empty=True
    )

    redis_url: str | None = Field(None, alias="REDIS_URL")
    redis_max_connections: int = Field(64, alias="FIVESTEPS_REDIS_MAX_CONNECTIONS", ge=4, le=10_000)
    redis_pool_wait: float = Field(10.0, alias="FIVESTEPS_REDIS_POOL_WAIT", gt=0)
    redis_timeout: float = Field(0.5, alias="FIVESTEPS_REDIS_TIMEOUT", gt=0, le=10)
    redis_retry_after: float = Field(0.5, alias="FIVESTEPS_REDIS_RETRY_AFTER", gt=0, le=30)
    twilio_account_sid: str | None = Field(None, alias="TWILIO_ACCOUNT_SID", pattern=r"^AC[0-9a-fA-F]{32}$")
    twilio_auth_token: SecretStr | None = Field(None, alias="TWILIO_AUTH_TOKEN")
    twilio_messaging_service_sid: str | None = Field(
        None, alias="TWILIO_MESSAGING_SERVICE_SID", pattern=r"^MG[0-9a-fA-F]{32}$"
    )
    public_url: AnyHttpUrl | None = Field(None, alias="FIVESTEPS_PUBLIC_URL")
    twilio_api_url: AnyHttpUrl | None = Field(None, alias="FIVESTEPS_TWILIO_API_URL")
    dev_skip_signature: bool = Field(False, alias="FIVESTEPS_DEV_SKIP_SIGNATURE")
    opt_out_handled_by: Literal["twilio", "app"] = Field("twilio", alias="FIVESTEPS_OPT_OUT_HANDLED_BY")
    inactivity_timeout: float = Field(1800.0, alias="FIVESTEPS_INACTIVITY_TIMEOUT", gt=0)
    handoff_timeout: float = Field(14400.0, alias="FIVESTEPS_HANDOFF_TIMEOUT", gt=0)
    queue_wait_limit: float = Field(7200.0, alias="FIVESTEPS_QUEUE_WAIT_LIMIT", gt=0)
    transcript_max_entries: int = Field(1000, alias="FIVESTEPS_TRANSCRIPT_MAX_ENTRIES", ge=10)
    flood_messages: int = Field(20, alias="FIVESTEPS_FLOOD_MESSAGES", ge=1)
    flood_window: float = Field(60.0, alias="FIVESTEPS_FLOOD_WINDOW", gt=0)
    flood_quiet: float = Field(600.0, alias="FIVESTEPS_FLOOD_QUIET", ge=0)
    transcript_retention_days: float = Field(30.0, alias="FIVESTEPS_TRANSCRIPT_RETENTION_DAYS", gt=0)
    dedupe_days: float = Field(7.0, alias="FIVESTEPS_DEDUPE_DAYS", gt=0)
    reply_timeout: float = Field(5.0, alias="FIVESTEPS_REPLY_TIMEOUT", gt=0, le=14)
    lock_lease: float = Field(2.0, alias="FIVESTEPS_LOCK_LEASE", ge=0.3, le=60)
    relay_interval: float = Field(5.0, alias="FIVESTEPS_RELAY_INTERVAL", gt=0, le=3600)
    body_timeout: float = Field(10.0, alias="FIVESTEPS_BODY_TIMEOUT", gt=0)
    idle_timeout: float = Field(15.0, alias="FIVESTEPS_IDLE_TIMEOUT", gt=0)
    session_hours: float = Field(12.0, alias="FIVESTEPS_SESSION_HOURS", gt=0, le=24 * 30)
    signin_attempts: int = Field(5, alias="FIVESTEPS_SIGNIN_ATTEMPTS", ge=1)
    signin_window: float = Field(900.0, alias="FIVESTEPS_SIGNIN_WINDOW", gt=0)
    operator_max_conversations: int = Field(5, alias="FIVESTEPS_OPERATOR_MAX_CONVERSATIONS", ge=1)
    whatsapp_template: str = Field("", alias="FIVESTEPS_WHATSAPP_TEMPLATE")
    audit_retention_days: float = Field(400.0, alias="FIVESTEPS_AUDIT_RETENTION_DAYS", gt=0)
    queue_update_interval: float = Field(600.0, alias="FIVESTEPS_QUEUE_UPDATE_INTERVAL", ge=60)
    operator_timeout: float = Field(120.0, alias="FIVESTEPS_OPERATOR_TIMEOUT", ge=10)
    staff_hours: str = Field("always", alias="FIVESTEPS_STAFF_HOURS")
    staff_closed_dates: str = Field("", alias="FIVESTEPS_STAFF_CLOSED_DATES")
    staff_signed_in_required: bool = Field(False, alias="FIVESTEPS_STAFF_SIGNED_IN_REQUIRED")
    timezone: str = Field("Europe/London", alias="FIVESTEPS_TIMEZONE")
    canned_responses_file: Path | None = Field(None, alias="FIVESTEPS_CANNED_RESPONSES_FILE")
    sender_in_serve: bool = Field(True, alias="FIVESTEPS_SENDER")
    send_rate: float = Field(1.0, alias="FIVESTEPS_SEND_RATE", gt=0, le=1000)
    send_max_attempts: int = Field(8, alias="FIVESTEPS_SEND_MAX_ATTEMPTS", ge=1, le=100)
    send_timeout: float = Field(10.0, alias="FIVESTEPS_SEND_TIMEOUT", gt=0, le=60)
    send_takeover: float = Field(60.0, alias="FIVESTEPS_SEND_TAKEOVER", gt=0)
    spool_dir: Path = Field(Path("var/spool"), alias="FIVESTEPS_SPOOL_DIR")
    flows_dir: Path | None = Field(None, alias="FIVESTEPS_FLOWS_DIR")
    flow_name: str = Field("five_steps", alias="FIVESTEPS_FLOW")
    flow_refresh: float = Field(2.0, alias="FIVESTEPS_FLOW_REFRESH", gt=0, le=3600)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="FIVESTEPS_LOG_LEVEL")
    log_format: Literal["json", "text"] = Field("json", alias="FIVESTEPS_LOG_FORMAT")

    @model_validator(mode="after")
    def _redis_url_names_a_deployment(self) -> Settings:
        url = self.redis_url
        if url is None:
            return self
        scheme, sep, rest = url.partition("://")
        if not sep or scheme not in {"redis", "rediss", "unix", "redis+cluster", "redis+sentinel"}:
            raise ValueError(
                "REDIS_URL must start redis://, rediss://, unix://, redis+cluster:// or redis+sentinel://"
            )
        if scheme in {"redis+cluster", "redis+sentinel"}:
            hosts = rest.partition("/")[0].rpartition("@")[2]
            if not all(_HOST_PORT.fullmatch(h.strip()) for h in hosts.split(",")):
                raise ValueError(f"REDIS_URL: {scheme}:// takes host:port[,host:port...]")
        if scheme == "redis+sentinel" and not rest.partition("/")[2].strip("/"):
            raise ValueError("REDIS_URL: redis+sentinel://host:port[,...]/SERVICE[/DB] must name the service")
        return self

    @model_validator(mode="after")
    def _staff_hours_are_readable(self) -> Settings:
        from bot.availability import WeeklyHours, parse_dates

        for name, check, value in (
            ("FIVESTEPS_STAFF_HOURS", WeeklyHours.parse, self.staff_hours),
            ("FIVESTEPS_STAFF_CLOSED_DATES", parse_dates, self.staff_closed_dates),
        ):
            try:
                check(value)
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from exc
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"FIVESTEPS_TIMEZONE: unknown time zone {self.timezone!r}") from exc
        return self

    @model_validator(mode="after")
    def _takeover_waits_for_a_whole_send(self) -> Settings:
        if self.send_takeover <= 2 * self.send_timeout:
            raise ValueError(
                "FIVESTEPS_SEND_TAKEOVER must be more than twice FIVESTEPS_SEND_TIMEOUT "
                f"({self.send_takeover:g} s <= 2 x {self.send_timeout:g} s)"
            )
        return self

    @model_validator(mode="after")
    def _wait_ends_before_state_expires(self) -> Settings:
        # The person is told their wait is over on their next message, which needs the state still there.
        if self.queue_wait_limit >= self.handoff_timeout:
            raise ValueError(
                "FIVESTEPS_QUEUE_WAIT_LIMIT must be shorter than FIVESTEPS_HANDOFF_TIMEOUT "
                f"({self.queue_wait_limit:g} s >= {self.handoff_timeout:g} s)"
            )
        return self

    @model_validator(mode="after")
    def _signature_checking_needs_secrets(self) -> Settings:
        if not self.dev_skip_signature:
            missing = [
                name
                for name, value in (
                    ("TWILIO_AUTH_TOKEN", self.twilio_auth_token),
                    ("FIVESTEPS_PUBLIC_URL", self.public_url),
                )
                if value is None
            ]
            if missing:
                raise ValueError(
                    f"{' and '.join(missing)} must be set to check Twilio signatures "
                    "(for local development only: FIVESTEPS_DEV_SKIP_SIGNATURE=1)"
                )
        return self

    @property
    def transcript_retention(self) -> float:
        return self.transcript_retention_days * 86400

    @property
    def dedupe_ttl(self) -> float:
        return self.dedupe_days * 86400


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, object] | None = None
) -> Settings:
    """Read settings from `environ` (default: the process environment), naming any bad setting.

    `overrides` (keyed by environment name) win over the environment."""
    try:
        if environ is None:
            given: dict[str, Any] = dict(overrides or {})
            return Settings(**given)
        values: dict[str, object] = {k: v for k, v in environ.items() if k in _ALIASES and v != ""}
        values.update(overrides or {})
        return Settings.model_validate(values)
    except ValidationError as exc:
        lines = []
        for err in exc.errors(include_url=False):
            name = ".".join(_ALIASES_BY_FIELD.get(str(p), str(p)) for p in err["loc"]) or "configuration"
            lines.append(f"{name}: {err['msg']}")
        raise ConfigurationError("invalid configuration:\n  " + "\n  ".join(lines)) from exc


_ALIASES_BY_FIELD = {name: str(f.alias) for name, f in Settings.model_fields.items()}
_ALIASES = frozenset(_ALIASES_BY_FIELD.values())
