"""The typed model of a flow definition (what `flows/definitions/*.yaml` holds).

A flow is a set of named states. Entering a state sends its messages (`say`) and runs its actions
(`escalate`, `end`). A person's reply is routed, in this order, by: a WhatsApp button payload, a menu
number, the state's own choices, then the flow's global intents; anything else goes to the fallback
state. Cross-references (every `goto`, every intent named by a choice) are checked by the loader.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1600)]
Word = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=80)]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Escalation(_Strict):
    """Put the conversation in the operator queue. Priority 1 is the most urgent, 5 the least."""

    priority: int = Field(3, ge=1, le=5)
    reason: Name


class Choice(_Strict):
    """One way out of a state: a menu number, a button id, and/or words that select it."""

    goto: Name
    number: int | None = Field(None, ge=1, le=9)
    id: Name | None = None
    label: Text | None = None
    intent: Name | None = None
    keywords: list[Word] = []
    phrases: list[Word] = []


class Intent(_Strict):
    """Words and phrases that mean the same thing in any state (checked after a state's own choices)."""

    goto: Name
    keywords: list[Word] = []
    phrases: list[Word] = []


class State(_Strict):
    say: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(min_length=1)
    choices: list[Choice] = []
    escalate: Escalation | None = None
    end: bool = False


class Fallback(_Strict):
    """Where a reply that matches nothing goes: `first` the first time, `repeat` after that."""

    first: Name
    repeat: Name


class Keywords(_Strict):
    """Whole-message words handled before the flow in every state."""

    exit: list[Word] = Field(min_length=1)
    menu: list[Word] = Field(min_length=1)


class SystemMessages(_Strict):
    """Replies the engine sends outside the flow's states."""

    intro: Text  # said before the first reply of a conversation when that reply is not `start`
    emergency: Text
    help: Text
    exit: Text
    opted_out: Text
    opted_in: Text
    media: Text
    location: Text
    queued: Text  # may use {position}
    queued_again: Text  # may use {position}
    left_queue: Text


class FlowDefinition(_Strict):
    flow: Name
    version: int = Field(ge=1)
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = "en"
    description: str = ""
    start: Name
    fallback: Fallback
    keywords: Keywords
    messages: SystemMessages
    intents: dict[Name, Intent] = {}
    states: dict[Name, State] = Field(min_length=1)
