"""A Mermaid state diagram of a flow, its states coloured by kind.

Kinds: question (offers choices), advice (says what to do), escalation (queues for staff), ending (ends the
conversation), and the emergency reply, which the engine sends from any state before the flow. Global
topics and the fallback can be reached from any state: they are drawn once, from an "any state" node,
rather than from every state.
"""

from __future__ import annotations

import re

from flows.model import Choice, FlowDefinition, State

STYLES = {
    "question": "fill:#e8f0fe,stroke:#0b4f9c,color:#111",
    "advice": "fill:#e9f7ef,stroke:#0a6b2f,color:#111",
    "escalation": "fill:#fff4d6,stroke:#8a5a00,color:#111",
    "ending": "fill:#eeeeee,stroke:#444444,color:#111",
    "emergency": "fill:#fde8e8,stroke:#a30000,color:#a30000",
}
_ANY = "any_state"
_EMERGENCY = "emergency_reply"


def kind(state: State) -> str:
    if state.escalate is not None:
        return "escalation"
    if state.end:
        return "ending"
    return "question" if state.choices else "advice"


def _label(text: str) -> str:
    """Text safe inside a Mermaid label (no quotes, colons or angle brackets)."""
    return re.sub(r"[\"':<>{}|#;]", " ", text).strip()[:40]


def _choice_label(choice: Choice) -> str:
    if choice.number is not None:
        return str(choice.number) + (f" {_label(choice.label)}" if choice.label else "")
    words = [*choice.keywords, *choice.phrases]
    return _label(choice.label or choice.intent or (words[0] if words else choice.goto))


def mermaid(flow: FlowDefinition) -> str:
    lines = ["stateDiagram-v2", "  direction LR"]
    lines += [f"  classDef {name} {style}" for name, style in STYLES.items()]
    lines.append(f'  state "any state" as {_ANY}')
    lines.append(f'  state "emergency reply (call 999)" as {_EMERGENCY}')
    for name in flow.states:
        lines.append(f'  state "{_label(name.replace("_", " "))}" as {name}')
    lines.append(f"  [*] --> {flow.start}")
    for name, state in flow.states.items():
        for choice in state.choices:
            lines.append(f"  {name} --> {choice.goto}: {_choice_label(choice)}")
        if state.end:
            lines.append(f"  {name} --> [*]")
    lines.append(f"  {_ANY} --> {_EMERGENCY}: danger, first")
    for intent_name, intent in flow.intents.items():
        lines.append(f"  {_ANY} --> {intent.goto}: {_label(intent.label or intent_name)}")
    lines.append(f"  {_ANY} --> {flow.fallback.first}: not understood")
    if flow.fallback.repeat != flow.fallback.first:
        lines.append(f"  {flow.fallback.first} --> {flow.fallback.repeat}: not understood again")
    for name, state in flow.states.items():
        lines.append(f"  class {name} {kind(state)}")
    lines.append(f"  class {_EMERGENCY} emergency")
    return "\n".join(lines) + "\n"
