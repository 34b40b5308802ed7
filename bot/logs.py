"""Structured logs that never carry a full phone number, a message body or a secret.

Code logs conversation *references* (`conversation_ref`): a keyed hash of the address, written in
letters only, plus the address's last two digits, enough to follow one conversation through the logs but
not to recover the number. As a second line of defence, `RedactingFilter` (on every handler):

- masks anything that still looks like a phone number, written plainly or URL-encoded (`%2B44...`);
- writes tracebacks as frames and exception *types* only: an exception's message can quote what it
  failed on (a form field, a message body, a URL with a token), so it never reaches a log line;
- turns aiohttp's reports of malformed requests (a client's mistake, not ours) into one INFO line naming
  the kind of error, without the request bytes aiohttp would otherwise quote.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sys
import traceback
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from bot.conversation import ConversationKey

# A run of at least nine digits, spaces, brackets and dashes, starting with "+", "%2B" or a digit that no
# word character or dot precedes, and ending in a digit. "%20" counts as a space.
_PHONE = re.compile(r"(?:%2[bB]|(?<![\w.%])\+?)\d(?:[\d ()-]|%20){7,}\d")
_HEX_AS_LETTERS = str.maketrans("0123456789abcdef", "ghijklmnopabcdef")
_ref_key = b"fivesteps-log-ref"


def set_reference_key(secret: bytes) -> None:
    """Key the conversation references (the Twilio auth token is a good secret to derive it from)."""
    global _ref_key
    _ref_key = hashlib.sha256(b"fivesteps-log-ref:" + secret).digest()


def conversation_ref(key: ConversationKey) -> str:
    """`sms:kdpaomfjbcle..23`: letters only before the last two digits, so no masking can garble it."""
    digest = hmac.new(_ref_key, str(key).encode("utf-8"), hashlib.sha256).hexdigest()[:12]
    return f"{key.channel}:{digest.translate(_HEX_AS_LETTERS)}..{key.address[-2:]}"


def mask_phone_numbers(text: str) -> str:
    return _PHONE.sub(lambda m: "***" + m.group(0)[-2:], text)


def safe_traceback(exc_info: Any) -> str:
    """The traceback of `exc_info`: its frames and exception types, every exception message left out."""
    _, error, _ = exc_info
    if error is None:
        return ""
    lines: list[str] = []
    for part in traceback.TracebackException.from_exception(error).format():
        if part.startswith(("Traceback", "  ", "\nDuring handling", "\nThe above")):
            lines.append(part)
        else:  # "ValueError: what it failed on" -> "ValueError"
            name = part.split(":", 1)[0].strip()
            lines.append(f"{name} (message not logged)\n")
    return mask_phone_numbers("".join(lines).rstrip("\n"))


# What aiohttp raises when a client sends a request it cannot parse (named, so that the bot package need
# not import the web framework): the parser's errors, and a body that broke while being read.
_CLIENT_ERRORS = frozenset(
    {
        "aiohttp.http_exceptions.HttpProcessingError",
        "aiohttp.http_exceptions.BadHttpMessage",
        "aiohttp.web_protocol.RequestPayloadError",
    }
)


def _client_error(record: logging.LogRecord) -> BaseException | None:
    """The malformed-request error aiohttp logs, if this record is one of those."""
    if not record.name.startswith("aiohttp") or not record.exc_info:
        return None
    error: BaseException | None = record.exc_info[1]
    seen = 0
    while error is not None and seen < 10:  # the parser's error may sit under what was raised
        kinds = {f"{kind.__module__}.{kind.__qualname__}" for kind in type(error).__mro__}
        if kinds & _CLIENT_ERRORS:
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        client_error = _client_error(record)
        if client_error is not None:
            # A request aiohttp could not parse: the client's mistake, and the error quotes its bytes.
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "malformed request refused", None
            record.error = type(client_error).__name__
            record.exc_info = record.exc_text = None
            return True
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str):
            record.msg = mask_phone_numbers(record.msg)
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, mask_phone_numbers(value))
        if record.exc_info:
            # Formatters would write the exception afresh from exc_info, message and all.
            record.exc_text, record.exc_info = safe_traceback(record.exc_info), None
        elif record.exc_text:
            record.exc_text = mask_phone_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_phone_numbers(record.stack_info)
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


def log_handler(fmt: str = "json", stream: Any = None) -> logging.Handler:
    """The service's log handler: JSON (or text) lines, through the redaction filter."""
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
    return handler


def configure_logging(level: str = "INFO", fmt: str = "json", stream: Any = None) -> None:
    handler = log_handler(fmt, stream)
    # transitions narrates every callback at INFO: useful only when debugging a flow.
    logging.getLogger("transitions").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
