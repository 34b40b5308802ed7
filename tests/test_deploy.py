"""docker-compose.yml and the Dockerfile describe a deployment that can work (no Docker engine here)."""

from __future__ import annotations

import re

import yaml
from support import ROOT

from bot.settings import Settings


def test_compose_runs_redis_with_aof_and_the_web_service_on_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    redis, web = compose["services"]["redis"], compose["services"]["web"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert any(v.endswith(":/data") for v in redis["volumes"])
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    # Every variable the web service sets is one the service reads.
    known = {str(f.alias) for f in Settings.model_fields.values()}
    assert set(web["environment"]) <= known


def test_compose_runs_the_sender_apart_from_the_web_service() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web, sender = compose["services"]["web"], compose["services"]["sender"]
    assert web["environment"]["FIVESTEPS_SENDER"] == "0"  # the web processes leave the outbox to it
    assert sender["command"] == ["fivesteps", "sender"]
    assert sender["environment"]["REDIS_URL"] == web["environment"]["REDIS_URL"]
    assert {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "FIVESTEPS_PUBLIC_URL"} <= set(sender["environment"])
    known = {str(f.alias) for f in Settings.model_fields.values()}
    assert set(sender["environment"]) <= known
    assert sender["healthcheck"]["disable"] is True  # it serves no HTTP for the image's check


def test_dockerfile_serves_on_all_interfaces_and_checks_health() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r'CMD \["fivesteps", "serve", "--host", "0.0.0.0", "--port", "8080"\]', dockerfile)
    assert "/healthz" in dockerfile
    for package in ("flows", "bot", "webhooks", "fivesteps"):
        assert f"COPY {package} ./{package}" in dockerfile


def test_the_spool_lives_on_a_volume_the_service_user_owns() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    spool = web["environment"]["FIVESTEPS_SPOOL_DIR"]
    assert any(v.split(":", 1)[1] == spool for v in web["volumes"])  # survives the container
    names = {v.split(":", 1)[0] for v in web["volumes"] if v.split(":", 1)[1] == spool}
    assert names <= set(compose["volumes"])  # a named volume, declared
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(rf"install -d -o fivesteps -g fivesteps -m 0700 {re.escape(spool)}", dockerfile)
