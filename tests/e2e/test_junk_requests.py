"""Junk on the wire: no request gets a 5xx, no connection is held for ever, nothing personal is logged.

These go over raw sockets to a real `fivesteps serve` process, because what is under test is what an
HTTP client library would refuse to send: lying lengths, broken encodings, headers that never end.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from support import PUBLIC_URL, ServerProcess, inbound_form, sign

pytestmark = pytest.mark.slow

IDLE_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0
NUMBER = "+447700900987"
SECRET = "Mrs Pemberton at number forty"
PATH = "/twilio/messages"


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    process = ServerProcess(
        None, FIVESTEPS_IDLE_TIMEOUT=str(IDLE_TIMEOUT), FIVESTEPS_BODY_TIMEOUT=str(BODY_TIMEOUT)
    ).start()
    yield process
    process.stop()


def form_body() -> bytes:
    from urllib.parse import urlencode

    return urlencode(inbound_form(SECRET, NUMBER)).encode()


def exchange(server: ServerProcess, request: bytes, wait: float = 5.0) -> tuple[int | None, float]:
    """Send raw bytes; the status of the answer (None: the server closed without one) and how long it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        sock.sendall(request)
        received = b""
        try:
            while b"\r\n" not in received:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
        except ConnectionResetError:
            pass
    took = time.monotonic() - started
    line = received.split(b"\r\n", 1)[0].split()
    return (int(line[1]) if len(line) >= 2 else None), took


def post(headers: dict[str, str], body: bytes, signed: bool = True) -> bytes:
    if signed:
        headers = {"X-Twilio-Signature": sign(PUBLIC_URL + PATH, {}), **headers}
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"POST {PATH} HTTP/1.1\r\nHost: localhost\r\n{head}\r\n".encode() + body


FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Junk:
    name: str
    request: bytes
    status: int


def _junk() -> list[Junk]:
    body = form_body()
    length = str(len(body))
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    return [
        Junk(
            "bogus charset",
            post({"Content-Type": FORM + "; charset=bogus", "Content-Length": length}, body),
            400,
        ),
        Junk(
            "latin-1 charset",
            post({"Content-Type": FORM + "; charset=latin-1", "Content-Length": length}, body),
            400,
        ),
        Junk(
            "gzip that is not",
            post({"Content-Type": FORM, "Content-Encoding": "gzip", "Content-Length": length}, body),
            400,
        ),
        Junk(
            "deflate that is not",
            post({"Content-Type": FORM, "Content-Encoding": "deflate", "Content-Length": length}, body),
            400,
        ),
        Junk(
            "unknown encoding",
            post({"Content-Type": FORM, "Content-Encoding": "br", "Content-Length": length}, body),
            400,
        ),
        Junk("absurd length", post({"Content-Type": FORM, "Content-Length": str(10**15)}, b""), 413),
        Junk("negative length", post({"Content-Type": FORM, "Content-Length": "-5"}, body), 400),
        # aiohttp reads this as a plain chunked body; the signature (of an empty form) then fails.
        Junk(
            "gzip, chunked", post({"Content-Type": FORM, "Transfer-Encoding": "gzip, chunked"}, chunked), 403
        ),
        Junk(
            "chunked with a lying size",
            post({"Content-Type": FORM, "Transfer-Encoding": "chunked"}, b"zz\r\n" + body),
            400,
        ),
        Junk(
            "bytes that are not UTF-8",
            post({"Content-Type": FORM, "Content-Length": "12"}, b"Body=\xff\xfe\xfd%ff%fe"),
            400,
        ),
        Junk(
            "control characters in a header",
            post({"Content-Type": FORM, "X-Note": "a\x01b", "Content-Length": length}, body),
            400,
        ),
        Junk("no signature", post({"Content-Type": FORM, "Content-Length": length}, body, signed=False), 403),
        Junk(
            "a signature for other content", post({"Content-Type": FORM, "Content-Length": length}, body), 403
        ),
        Junk("not HTTP at all", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + body + b"\r\n\r\n", 400),
    ]


@pytest.mark.parametrize("junk", _junk(), ids=lambda junk: junk.name)
def test_junk_is_refused_with_a_4xx_at_once(server: ServerProcess, junk: Junk) -> None:
    status, took = exchange(server, junk.request)
    assert status == junk.status
    assert took < 1.0


def test_a_body_that_never_comes_is_answered_408(server: ServerProcess) -> None:
    request = post({"Content-Type": FORM, "Content-Length": "500"}, b"Body=half a messa")
    status, took = exchange(server, request, wait=BODY_TIMEOUT + 5)
    assert status == 408
    assert BODY_TIMEOUT - 0.5 < took < BODY_TIMEOUT + 2


def test_slow_headers_and_idle_connections_are_closed(server: ServerProcess) -> None:
    started = time.monotonic()
    lorises = []
    for _ in range(100):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(b"POST /twilio/messages HTTP/1.1\r\nHost: localhost\r\n")
        lorises.append(sock)
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(20)]
    try:
        # Meanwhile the service answers as usual.
        status, _ = exchange(server, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert status == 200
        for sock in lorises:  # one more header line now and then keeps no connection alive
            sock.sendall(b"X-Slow: 1\r\n")
        for sock in lorises + idle:
            with contextlib.suppress(ConnectionResetError):
                assert sock.recv(100) == b""  # closed by the server
        assert time.monotonic() - started < IDLE_TIMEOUT + 3
    finally:
        for sock in lorises + idle:
            sock.close()


def test_the_log_of_all_that_is_quiet_and_holds_nothing_personal(server: ServerProcess) -> None:
    for junk in _junk():
        exchange(server, junk.request)
    output = server.output()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(line["message"] == "webhook refused" for line in lines)  # the requests were logged
    assert not [line for line in lines if line["level"] in ("ERROR", "CRITICAL")]
    assert "Traceback" not in output
    for secret in ("7700900987", "900987", "Pemberton", "number forty", "number+forty"):
        assert secret not in output
