"""Settings are read once, typed, and a bad or missing one is named."""

from __future__ import annotations

import pytest

from bot.settings import ConfigurationError, load_settings

BASE = {"TWILIO_AUTH_TOKEN": "t", "FIVESTEPS_PUBLIC_URL": "https://sms.example.org"}


def test_defaults() -> None:
    settings = load_settings(BASE)
    assert settings.redis_url is None
    assert settings.inactivity_timeout == 1800
    assert settings.handoff_timeout == 4 * 3600
    assert settings.transcript_retention == 30 * 86400
    assert settings.dedupe_ttl == 7 * 86400
    assert settings.reply_timeout == 5
    assert settings.opt_out_handled_by == "twilio"
    assert settings.dev_skip_signature is False


def test_secrets_never_print() -> None:
    settings = load_settings({**BASE, "TWILIO_AUTH_TOKEN": "very-secret-token"})
    assert "very-secret-token" not in str(settings)
    assert "very-secret-token" not in repr(settings)
    assert settings.twilio_auth_token is not None
    assert settings.twilio_auth_token.get_secret_value() == "very-secret-token"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "TWILIO_AUTH_TOKEN and FIVESTEPS_PUBLIC_URL must be set"),
        ({"TWILIO_AUTH_TOKEN": "t"}, "FIVESTEPS_PUBLIC_URL must be set"),
        ({**BASE, "FIVESTEPS_PUBLIC_URL": "not a url"}, "FIVESTEPS_PUBLIC_URL"),
        ({**BASE, "FIVESTEPS_INACTIVITY_TIMEOUT": "-1"}, "FIVESTEPS_INACTIVITY_TIMEOUT"),
        ({**BASE, "FIVESTEPS_REPLY_TIMEOUT": "20"}, "FIVESTEPS_REPLY_TIMEOUT"),
        ({**BASE, "FIVESTEPS_OPT_OUT_HANDLED_BY": "carrier"}, "FIVESTEPS_OPT_OUT_HANDLED_BY"),
        ({**BASE, "TWILIO_ACCOUNT_SID": "AC123"}, "TWILIO_ACCOUNT_SID"),
        ({**BASE, "FIVESTEPS_DEV_SKIP_SIGNATURE": "maybe"}, "FIVESTEPS_DEV_SKIP_SIGNATURE"),
    ],
)
def test_bad_settings_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        load_settings(env)


def test_signature_checking_can_only_be_skipped_explicitly() -> None:
    settings = load_settings({"FIVESTEPS_DEV_SKIP_SIGNATURE": "1"})
    assert settings.dev_skip_signature is True
    assert settings.twilio_auth_token is None


def test_empty_values_count_as_unset() -> None:
    with pytest.raises(ConfigurationError, match="TWILIO_AUTH_TOKEN"):
        load_settings({**BASE, "TWILIO_AUTH_TOKEN": ""})


@pytest.mark.parametrize(
    "url",
    [
        "redis://redis:6379/0",
        "rediss://:secret@redis.example.org:6380/1",
        "redis+cluster://10.0.0.1:7000,10.0.0.2:7000",
        "redis+cluster://:secret@10.0.0.1:7000",
        "redis+sentinel://10.0.0.1:26379,10.0.0.2:26379/fivesteps/0",
    ],
)
def test_redis_url_of_each_deployment_is_accepted(url: str) -> None:
    assert load_settings({**BASE, "REDIS_URL": url}).redis_url == url


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://redis:6379", "REDIS_URL must start"),
        ("redis+cluster://redis", "host:port"),
        ("redis+sentinel://10.0.0.1:26379", "must name the service"),
    ],
)
def test_a_redis_url_of_no_known_deployment_is_refused_at_start(url: str, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        load_settings({**BASE, "REDIS_URL": url})
