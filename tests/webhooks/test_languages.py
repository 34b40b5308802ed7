"""People who write in another language, end to end through the webhook with the shipped flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.library import FlowLibrary

FLOW = FlowLibrary.from_directory().current("five_steps").definition
ENGLISH_EMERGENCY = FLOW.messages.emergency

DATA = Path(__file__).resolve().parents[1] / "data" / "language_messages.jsonl"
# (language, an emergency happening now, an everyday question), as people text them
MESSAGES = [
    (row["language"], row["emergency"], row["everyday"])
    for row in map(json.loads, DATA.read_text(encoding="utf-8").splitlines())
]


@pytest.mark.parametrize(("language", "emergency", "everyday"), MESSAGES, ids=[m[0] for m in MESSAGES])
async def test_an_emergency_gets_999_in_their_language_and_in_english(
    twilio: Any, language: str, emergency: str, everyday: str
) -> None:
    replies = await twilio.text(emergency)
    assert replies == [FLOW.languages[language].emergency, ENGLISH_EMERGENCY]
    assert "999" in replies[0] and FLOW.languages[language].name in replies[0]


@pytest.mark.parametrize(("language", "emergency", "everyday"), MESSAGES, ids=[m[0] for m in MESSAGES])
async def test_anything_else_gets_101_with_an_interpreter_in_their_language(
    twilio: Any, language: str, emergency: str, everyday: str
) -> None:
    replies = await twilio.text(everyday)
    assert replies == [FLOW.languages[language].other]
    assert "101" in replies[0] and FLOW.languages[language].name in replies[0]


async def test_a_menu_number_after_a_foreign_message_is_still_a_menu_number(twilio: Any) -> None:
    await twilio.text(MESSAGES[0][2])
    (reply,) = await twilio.text("1")
    assert "herts.police.uk/report" in reply


@pytest.mark.parametrize("text", ["ok", "hi", "thanks", "my bike was stolen from outside the station"])
async def test_english_is_answered_in_english(twilio: Any, text: str) -> None:
    replies = await twilio.text(text)
    assert not any(reply in {t.other for t in FLOW.languages.values()} for reply in replies)
