"""Logs are structured JSON and never carry a full phone number or a message body."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.conversation import Channel, ConversationKey
from bot.logs import RedactingFilter, configure_logging, conversation_ref, mask_phone_numbers

NUMBER = "+447700900321"
SECRET_TEXT = "my neighbour Gary Smith at 12 Acacia Avenue stole my bike"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def test_a_conversation_logs_no_number_and_no_text(twilio: object, log_output: io.StringIO) -> None:
    for text in [SECRET_TEXT, "my husband is hitting me", "person", "EXIT"]:
        await twilio.text(text, NUMBER)  # type: ignore[attr-defined]
        await twilio.text(text, "whatsapp:" + NUMBER)  # type: ignore[attr-defined]
    output = log_output.getvalue()
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any(line.get("message") == "message handled" for line in lines)  # logging did happen
    assert any(line.get("emergency_detector") for line in lines)
    assert "447700900321" not in output
    assert "7700 900321" not in output
    for word in ["Gary", "Acacia", "stole my bike", "hitting"]:
        assert word not in output
    ref = conversation_ref(ConversationKey(Channel.SMS, NUMBER))
    assert ref.endswith("..21")
    assert any(line.get("conversation") == ref for line in lines)


def test_filter_masks_numbers_that_slip_into_a_message() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "call from %s", (NUMBER,), None)
    record.extra_field = "07700 900321"
    RedactingFilter().filter(record)
    assert record.getMessage() == "call from ***21"
    assert record.extra_field == "***21"
    assert mask_phone_numbers("ref SM0123 at 12:30") == "ref SM0123 at 12:30"


def test_tracebacks_are_masked_too() -> None:
    try:
        raise ValueError(f"bad number {NUMBER}")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    RedactingFilter().filter(record)
    assert record.exc_text is not None
    assert "ValueError: bad number ***21" in record.exc_text
    assert "447700900321" not in record.exc_text


def test_text_format_shows_structured_fields() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging("INFO", "text", stream)
        logging.getLogger("x").info("message handled", extra={"conversation": "sms:abc..21", "kind": "flow"})
        logging.getLogger("transitions.core").info("noise")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    out = stream.getvalue()
    assert "message handled conversation=sms:abc..21 kind=flow" in out
    assert "noise" not in out
