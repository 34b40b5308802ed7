"""What people actually text as a first message, and the advice it must reach (data/routing/).

The shipped flow reads a whole message with its topic model. A message must reach its advice at once,
or through one clarifying question that offers the right topic; nonsense must be recognised as such.
These messages are tuning data (they were written with the flow): the frozen evaluation set under
data/eval/ is what measures routing, in benchmarks/understanding.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.library import FlowLibrary

FLOW = FlowLibrary.from_directory().current("five_steps")
DATA = Path(__file__).resolve().parents[2] / "data" / "routing" / "first_messages.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
START = FLOW.definition.start


def test_the_flow_has_its_topic_model() -> None:
    assert FLOW.topics is not None, "five_steps.topics.npz is missing or stale: run `fivesteps models train`"


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_first_message_reaches_its_advice_at_once_or_after_one_question(case: dict[str, str]) -> None:
    understood = FLOW.understand(START, case["text"])
    if understood.clarify is not None:
        offered = [FLOW.definition.intents[name].goto for name in understood.clarify.options]
        assert case["target"] in offered, (case, understood.clarify.options)
    else:
        assert understood.route is not None, case
        assert understood.route.target == case["target"], (case, understood.route)


def test_most_first_messages_reach_their_advice_at_once() -> None:
    direct = [
        (understood := FLOW.understand(START, c["text"])).route is not None
        and understood.route.target == c["target"]
        for c in CASES
    ]
    assert sum(direct) / len(direct) >= 0.8


@pytest.mark.parametrize("text", ["asdfgh", "?", "lorem ipsum", "the", "123456"])
def test_nonsense_is_not_understood(text: str) -> None:
    understood = FLOW.understand(START, text)
    assert understood.route is None and understood.clarify is None
