"""What the engine does with the topic model's confidence, end to end through the webhook.

The flow is tests/data/flows/topics_fixture.yaml with a hand-made topic model (tests/topic_fixture.py),
so each wording gives a known guess: clear, close between two topics, or nothing recognised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.conversation import Channel, ConversationKey, Status
from tests.topic_fixture import flows_dir
from webhooks.keys import RUNTIME

INTRO = "Automated service, not monitored for emergencies."
QUESTION = "Which is closest? Reply with a number:\n1 Noise\n2 Scam\n3 Something else"
KEY = ConversationKey(Channel.SMS, "+447700900123")


@pytest.fixture
async def tw(make_twilio: Any, tmp_path: Path) -> Any:
    return await make_twilio(
        None, FIVESTEPS_FLOWS_DIR=str(flows_dir(tmp_path)), FIVESTEPS_FLOW="topics_fixture"
    )


async def test_a_clear_topic_gets_its_advice_with_the_intro_in_one_message(tw: Any) -> None:
    assert await tw.text("my bike was stolen") == [f"{INTRO} CRIME ADVICE."]


async def test_a_close_call_asks_which_topic_then_a_number_answers(tw: Any) -> None:
    assert await tw.text("loud text") == [f"{INTRO} {QUESTION}"]
    assert await tw.text("2") == ["SCAM ADVICE. Reply 1 if money was taken."]
    # The offered options are spent: "1" now answers the scam advice's own question.
    assert await tw.text("1") == ["MONEY ADVICE."]


async def test_something_else_leads_to_the_menu(tw: Any) -> None:
    await tw.text("loud text")
    (reply,) = await tw.text("3")
    assert reply.startswith("Welcome. Reply:")


async def test_words_instead_of_a_number_are_read_with_what_came_before(tw: Any) -> None:
    await tw.text("loud text")
    # "the text one" alone says nothing the model knows more of; with "loud text" before it, scam wins.
    assert await tw.text("the text one") == ["SCAM ADVICE. Reply 1 if money was taken."]


async def test_nothing_recognised_shows_the_menu(tw: Any) -> None:
    (reply,) = await tw.text("blah blah")
    assert reply.startswith("Welcome. Reply:")
    # Later, "loud" with that earlier message still leads to the right advice.
    (reply,) = await tw.text("loud")
    assert reply.startswith("NOISE ADVICE")


async def test_a_question_already_answered_is_skipped(tw: Any) -> None:
    # "scam money": scam, and money taken is likely enough not to ask "was money taken?".
    assert await tw.text("scam money") == [f"{INTRO} MONEY ADVICE."]


async def test_naming_a_town_names_its_council(tw: Any) -> None:
    assert await tw.text("loud music in Hitchin") == [
        f"{INTRO} In Hitchin, your council is North Hertfordshire District Council. NOISE ADVICE."
    ]


async def test_a_keyword_in_a_short_message_still_works(tw: Any) -> None:
    assert await tw.text("burgled") == [f"{INTRO} CRIME ADVICE."]
    assert await tw.text("2") == ["NOISE ADVICE."]  # a menu number refers to the last menu shown


async def test_leaving_the_queue_in_your_own_words(tw: Any) -> None:
    runtime = tw.client.app[RUNTIME]
    await tw.text("person")
    assert await runtime.queue.position(KEY) == 1
    assert await tw.text("actually I want to stop waiting now thanks") == ["You have left the queue."]
    assert await runtime.queue.position(KEY) is None
    assert (await runtime.store.load(KEY)).conversation.status is Status.BOT


@pytest.mark.parametrize(
    "text", ["exit please", "EXIT sorry got to go now, will text again later", "ok exit"]
)
async def test_exit_inside_a_longer_message_ends_at_once(tw: Any, text: str) -> None:
    runtime = tw.client.app[RUNTIME]
    await tw.text("person")
    assert await tw.text(text) == ["OK. Conversation ended."]
    assert (await runtime.store.load(KEY)).conversation is None
    assert await runtime.queue.position(KEY) is None


async def test_exit_in_passing_in_a_long_message_does_not_end_it(tw: Any) -> None:
    replies = await tw.text("i missed the exit on the roundabout and someone had stolen my bike")
    assert replies != ["OK. Conversation ended."]
