"""The Mermaid diagram of a flow: every state and choice, states coloured by kind."""

from __future__ import annotations

import re

from flows.diagram import STYLES, kind, mermaid
from flows.library import FlowLibrary

FLOW = FlowLibrary.from_directory().current("five_steps").definition
LINE = re.compile(
    r"  (?:direction LR|classDef \w+ [\w:#,]+|state \"[^\"]+\" as \w+|\[\*\] --> \w+|\w+ --> \[\*\]"
    r"|\w+ --> \w+(?:: [^\"':<>{}|#;]*)?|class \w+ \w+)"
)


def test_every_line_is_mermaid_the_diagram_knows() -> None:
    lines = mermaid(FLOW).splitlines()
    assert lines[0] == "stateDiagram-v2"
    bad = [line for line in lines[1:] if not LINE.fullmatch(line)]
    assert bad == []


def test_every_state_and_choice_is_drawn_and_coloured_by_kind() -> None:
    text = mermaid(FLOW)
    for name, state in FLOW.states.items():
        assert f" as {name}\n" in text
        assert f"  class {name} {kind(state)}\n" in text
        for choice in state.choices:
            assert f"  {name} --> {choice.goto}:" in text
    assert f"  [*] --> {FLOW.start}\n" in text
    assert "  class emergency_reply emergency\n" in text
    assert kind(FLOW.states["person"]) == "escalation" and kind(FLOW.states["welcome"]) == "question"
    assert {f"classDef {k}" for k in STYLES} <= {" ".join(line.split()[:2]) for line in text.splitlines()}


def test_global_topics_are_drawn_once_from_any_state() -> None:
    text = mermaid(FLOW)
    for intent in FLOW.intents.values():
        assert text.count(f"  any_state --> {intent.goto}:") >= 1
