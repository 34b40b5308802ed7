"""Every log line of the test run, written through the service's own handler, then scanned for leaks.

`pytest_configure` puts a handler made by `bot.logs.log_handler` (the production formatter and redaction
filter) on the root logger for the whole run; `ensure_attached` puts it back when a test reconfigured
logging. Server processes started by `support.ServerProcess` write their own log files. At the end of
the run every line of all of them is scanned: a phone number, the Twilio auth token or the text of a
message a test sent fails the run.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

import support

from bot.logs import log_handler

_PHONE = re.compile(
    r"(?:\+|%2B|(?<![\w.])00)\d[\d -]{8,16}\d"  # international: +44 7700 900123, %2B44..., 0044...
    r"|(?<![\w.])(?:44|1)\d{9,10}(?!\d)"  # international without the plus
    r"|\b07\d{3}[ -]?\d{6}\b"  # a UK mobile written nationally
)

_API_TOKEN = re.compile(r"fs[ts]_[A-Za-z0-9_-]{20,}")  # API tokens and session cookies (bot.accounts)

_path = Path(tempfile.mkstemp(prefix="fivesteps-test-run-", suffix=".log")[1])
_handler: logging.Handler | None = None


def start() -> Path:
    global _handler
    _handler = log_handler("json", _path.open("a", encoding="utf-8"))
    ensure_attached()
    return _path


def ensure_attached() -> None:
    root = logging.getLogger()
    if _handler is not None and _handler not in root.handlers:
        root.addHandler(_handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)  # what the service logs by default


def leak_in(line: str, texts: list[str]) -> str | None:
    """What `line` leaks, if anything: a phone number, the auth token, or one of `texts`."""
    if _PHONE.search(line):
        return "phone number"
    if support.AUTH_TOKEN in line:
        return "auth token"
    if _API_TOKEN.search(line):
        return "API token"
    return next((f"message text {t[:20]!r}" for t in texts if t in line), None)


def leaks() -> tuple[int, list[str]]:
    """(lines scanned, lines that leak)."""
    if _handler is not None:
        _handler.flush()
    files = [_path, *support.SERVER_LOGS]
    texts = sorted({t for t in support.SENT_TEXTS if len(t) >= 16}, key=len, reverse=True)
    scanned, found = 0, []
    for path in files:
        try:
            content = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            continue
        for line in content.splitlines():
            scanned += 1
            why = leak_in(line, texts)
            if why:
                found.append(f"{path.name}: {why}: {line[:300]}")
    return scanned, found
