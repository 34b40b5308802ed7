"""Structured logs that never carry a full phone number or a message body.

Code logs conversation *references* (`conversation_ref`): a keyed hash of the address plus its last
two digits, enough to follow one conversation through the logs but not to recover the number. As a
second line of defence, `RedactingFilter` masks anything that still looks like a phone number.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sys
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from bot.conversation import ConversationKey

_PHONE = re.compile(r"(?<![\w.])\+?\d[\d ()-]{7,}\d")
_ref_key = b"fivesteps-log-ref"


def set_reference_key(secret: bytes) -> None:
    """Key the conversation references (the Twilio auth token is a good secret to derive it from)."""
    global _ref_key
    _ref_key = hashlib.sha256(b"fivesteps-log-ref:" + secret).digest()


def conversation_ref(key: ConversationKey) -> str:
    digest = hmac.new(_ref_key, str(key).encode("utf-8"), hashlib.sha256).hexdigest()[:12]
    return f"{key.channel}:{digest}..{key.address[-2:]}"


def mask_phone_numbers(text: str) -> str:
    return _PHONE.sub(lambda m: "***" + m.group(0)[-2:], text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str):
            record.msg = mask_phone_numbers(record.msg)
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, mask_phone_numbers(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_phone_numbers(logging.Formatter().formatException(record.exc_info))
        return True


_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class TextFormatter(logging.Formatter):
    """Human-readable lines for local development, with the structured fields as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = " ".join(
            f"{k}={v}" for k, v in record.__dict__.items() if k not in _STANDARD and v is not None
        )
        return f"{line} {fields}" if fields else line


def configure_logging(level: str = "INFO", fmt: str = "json", stream: Any = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields={"levelname": "level"}
            )
        )
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactingFilter())
    # transitions narrates every callback at INFO: useful only when debugging a flow.
    logging.getLogger("transitions").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
