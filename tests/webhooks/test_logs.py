"""Logs are structured JSON and never carry a full phone number or a message body."""

from __future__ import annotations

import io
import json
import logging
import random
import re
from collections.abc import Iterator

import pytest
from aiohttp.http_exceptions import BadHttpMessage

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


def test_tracebacks_keep_their_frames_and_lose_every_exception_message(log_output: io.StringIO) -> None:
    try:
        try:
            raise KeyError(SECRET_TEXT)
        except KeyError as error:
            detail = f"bad number {NUMBER} token={'abc' + '123'}"  # not in the source line the frame shows
            raise ValueError(detail) from error
    except ValueError:
        logging.getLogger("x").exception("failed")
    (line,) = [json.loads(line) for line in log_output.getvalue().splitlines()]
    trace = line["exc_info"]
    assert "test_tracebacks_keep_their_frames_and_lose_every_exception_message" in trace  # the frames
    assert "KeyError (message not logged)" in trace
    assert "ValueError (message not logged)" in trace
    for secret in ["447700900321", "Gary", "abc123"]:
        assert secret not in log_output.getvalue()


@pytest.mark.parametrize(
    "leak",
    [
        "From=%2B447700900321&Body=x",
        "From=%2b447700900321",
        "+44%207700%20900321",
        "whatsapp:+447700900321",
        "WaId=447700900321",
        "(07700) 900-321",
    ],
)
def test_numbers_in_any_spelling_are_masked(leak: str) -> None:
    masked = mask_phone_numbers(leak)
    assert "900321" not in masked
    assert "***21" in masked


def test_conversation_references_are_never_garbled_by_the_masking() -> None:
    rng = random.Random(6)
    for _ in range(20_000):
        address = "+4477009" + "".join(rng.choice("0123456789") for _ in range(5))
        ref = conversation_ref(ConversationKey(rng.choice(list(Channel)), address))
        assert re.fullmatch(r"(sms|whatsapp):[a-p]{12}\.\.\d\d", ref), ref
        assert mask_phone_numbers(ref) == ref


def test_malformed_requests_reported_by_aiohttp_become_one_quiet_line(log_output: io.StringIO) -> None:
    try:
        raise BadHttpMessage(f"Invalid header: From={NUMBER} Body={SECRET_TEXT}")
    except BadHttpMessage:
        logging.getLogger("aiohttp.server").exception("Error handling request from 127.0.0.1")
    (line,) = [json.loads(line) for line in log_output.getvalue().splitlines()]
    assert line["level"] == "INFO"
    assert line["message"] == "malformed request refused"
    assert line["error"] == "BadHttpMessage"
    assert "exc_info" not in line
    assert "900321" not in log_output.getvalue()


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
