"""The typed model of a flow definition (what `flows/definitions/*.yaml` holds).

A flow is a set of named states. Entering a state sends its messages (`say`) and runs its actions
(`escalate`, `end`). A person's reply is routed, in this order, by: a WhatsApp button payload, a menu
number, the state's own choices, then the flow's global intents; anything else goes to the fallback
state. Cross-references (every `goto`, every intent named by a choice) are checked by the loader.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

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
    """A topic people write about, in any state (checked after a state's own choices).

    `examples` are whole messages people send about the topic: the topic model is trained on them.
    `label` is how a clarifying question names the topic when offering it as an option.
    """

    goto: Name
    label: Text | None = None
    keywords: list[Word] = []
    phrases: list[Word] = []
    examples: list[Text] = []


class State(_Strict):
    say: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(min_length=1)
    choices: list[Choice] = []
    escalate: Escalation | None = None
    end: bool = False
    # When the person names a town in `places`, name the council that covers it: `{council}` in `say`
    # becomes its name (or `messages.any_council`); without `{council}`, `council_for_town` goes first.
    name_council: bool = False


class Fallback(_Strict):
    """Where a reply that matches nothing goes: `first` the first time, `repeat` after that."""

    first: Name
    repeat: Name


class Keywords(_Strict):
    """Whole-message words handled before the flow in every state."""

    exit: list[Word] = Field(min_length=1)
    menu: list[Word] = Field(min_length=1)
    # Words and phrases that, anywhere in a message, mean "I don't want to wait for staff any more"
    # (checked only while the person is queued).
    leave_queue: list[Word] = []
    # A whole message of one of these goes back to the flow's own language (after choosing another).
    language: list[Word] = ["english"]


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
    queue_timed_out: Text  # the wait for a member of staff ran out
    clarify: Text  # opens a clarifying question; the engine adds the numbered topics after it
    something_else: Text  # the last option of a clarifying question
    council_for_town: Text  # must use {town} and {council}; said before a `name_council` state's text
    # Sent once when a number sends more messages than the flood limit; the bot then stays silent for
    # `{minutes}` minutes, except for emergencies.
    throttled: Text = (
        "You have sent a lot of messages quickly, so this service will not reply for {minutes} minutes. "
        "If anyone is in danger, call 999 now. Otherwise call 101 (free) or report online at "
        "herts.police.uk/report."
    )
    # Added to the reply that puts a person in the queue for staff; may use {position}.
    queue_position: Text = "You are number {position} in the queue."
    # Sent through the outbox while staff are involved (not as a webhook reply).
    queue_place: Text = (  # may use {position}; a place update, at most every FIVESTEPS_QUEUE_UPDATE_INTERVAL
        "You are now number {position} in the queue for a member of staff. If you cannot wait, call 101 "
        "(free). If anyone is in danger, call 999. Text MENU to leave the queue."
    )
    staff_joined: Text = (
        "A member of staff from our control room has joined this chat and will reply here. "
        "If anyone is in danger, call 999."
    )
    staff_closed: Text = (
        "The member of staff has ended this chat. Replies now come from the automated service again, which "
        "is not monitored for emergencies: if anyone is in danger, call 999. Text MENU for options."
    )
    staff_left: Text = (
        "The member of staff had to leave this chat, so you are back in the queue for the next one. If you "
        "cannot wait, call 101 (free). If anyone is in danger, call 999."
    )
    # Said instead of a wait when nobody can reply (out of hours, or nobody signed in to the console).
    staff_unavailable: Text = (
        "Sorry, no member of staff can reply to texts right now. Call 101 (free), report online at "
        "herts.police.uk/report, or use the web chat at herts.police.uk. If anyone is in danger, call 999."
    )
    # What `{council}` in a `name_council` state's text says when the person named no town.
    any_council: Text = "your district or borough council"


class IntentWords(_Strict):
    """A topic's label and words in another language (added to the topic's own)."""

    label: Text | None = None
    keywords: list[Word] = []
    phrases: list[Word] = []
    examples: list[Text] = []


class LanguageKeywords(_Strict):
    """Global keywords in another language (added to the flow's own)."""

    exit: list[Word] = []
    menu: list[Word] = []
    leave_queue: list[Word] = []


class LanguageText(_Strict):
    """Replies for people who write in another language. A native speaker must check each one.

    With only `emergency` and `other`, the service points people who write in the language to 101 with an
    interpreter. A language with `choose` words and translated `states` is one people can use the service
    in: they choose it by sending one of those words (or answer `offer`, asked when a message looks like
    it is in the language), and then every reply that has a translation comes in it; anything without one
    comes in the flow's own language. Its `keywords` and `intents` words are understood whatever the
    conversation's language.
    """

    name: Text  # the language's English name, as a person says it to a 999 call handler ("Polish")
    checked: bool = False  # true once a native speaker has confirmed the wording
    emergency: Text  # sent before the English emergency reply
    other: Text  # any other message: 101 with an interpreter, online reporting, web chat translation
    choose: list[Word] = []  # a whole message of one of these chooses the language ("cymraeg")
    offer: Text | None = None  # in the language: "Would you like to carry on in X? Reply X."
    messages: dict[Name, Text] = {}  # system messages (by field of `messages`; never `emergency`)
    states: dict[Name, Annotated[list[Text], BeforeValidator(_one_or_many)]] = {}  # each state's `say`
    intents: dict[Name, IntentWords] = {}
    keywords: LanguageKeywords = LanguageKeywords()

    @property
    def usable(self) -> bool:
        """Whether people can choose this language and be answered in it."""
        return bool(self.choose and self.states)


class FlowTestStep(_Strict):
    """One message of a scripted conversation and what must follow it."""

    send: str
    expect: Annotated[list[Text], BeforeValidator(_one_or_many)] = []  # each within the replies
    absent: Annotated[list[Text], BeforeValidator(_one_or_many)] = []  # none within the replies
    state: Name | None = None  # the state the conversation is in afterwards
    ended: bool = False  # the conversation has ended (no state kept)
    queued: bool | None = None  # whether it now waits for a member of staff


class FlowTest(_Strict):
    """A scripted conversation the flow must keep passing: run on the real engine (`fivesteps flows test`),
    and before publishing."""

    name: Text
    channel: Literal["sms", "whatsapp"] = "sms"
    steps: list[FlowTestStep] = Field(min_length=1)


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
    # Council name -> the towns it covers, so advice can name a person's council when they name a town.
    places: dict[Text, list[Text]] = {}
    # ISO 639 code -> replies in that language (see `LanguageText`).
    languages: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")], LanguageText] = {}
    tests: list[FlowTest] = []
