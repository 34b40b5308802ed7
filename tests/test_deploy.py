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


def test_dockerfile_serves_on_all_interfaces_and_checks_health() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r'CMD \["fivesteps", "serve", "--host", "0.0.0.0", "--port", "8080"\]', dockerfile)
    assert "/healthz" in dockerfile
    for package in ("flows", "bot", "webhooks", "fivesteps"):
        assert f"COPY {package} ./{package}" in dockerfile
