"""Compile a `FlowDefinition` into a `transitions` AsyncMachine and a router.

A compiled flow is built once per flow version per process and shared by every conversation:
the machine is created with no models, and each message triggers an event directly on a small
per-message object (`FlowModel`) that carries the conversation's saved state. Nothing is added to
the machine per message, so nothing can leak (transitions keeps a strong reference to every model
added with `add_model`).

Entering any state calls `on_enter_state()` on that object; what the state *does* (say, escalate,
end) is data the engine reads from the definition. Callback names never come from YAML, so a flow
file cannot make the machine call arbitrary code.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from transitions.extensions.asyncio import AsyncMachine

from flows.matching import Route, WordMatcher, contains_run, menu_number, normalise
from flows.model import Choice, FlowDefinition, State, SystemMessages
from flows.topics import TopicGuess, TopicModel
from flows.translations import merged, messages_in, say_in, usable_languages

ON_ENTER = "on_enter_state"


class FlowModel(Protocol):
    """What a compiled flow drives: anything with a `state` and an `on_enter_state` coroutine."""

    state: str

    async def on_enter_state(self) -> None: ...


def _trigger(target: str) -> str:
    return f"go_{target}"


# The exit word inside a longer message still ends the conversation when the message is this short,
# or when the word is written in capitals ("EXIT he is back"): someone in danger may not text it alone.
EXIT_WITHIN_WORDS = 6
# A message of this many words or fewer that names a keyword ("PERSON", "fraud", "101") is routed by the
# keyword: people who type one word mean it. Longer messages are read as a whole by the topic model.
KEYWORD_WORDS = 3


@dataclass(frozen=True, slots=True)
class Clarify:
    """The message could be about any of `options` (intent names): ask which."""

    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Understanding:
    """What a reply means in a state: a route, a question to ask, or nothing recognised."""

    route: Route | None
    clarify: Clarify | None = None


@dataclass(frozen=True)
class CompiledFlow:
    definition: FlowDefinition
    digest: str
    machine: AsyncMachine = field(repr=False)
    _choices: dict[str, WordMatcher] = field(repr=False)
    _intents: WordMatcher = field(repr=False)
    topics: TopicModel | None = field(default=None, repr=False)
    _towns: tuple[tuple[tuple[str, ...], str, str], ...] = field(default=(), repr=False)
    _leave_queue: WordMatcher | None = field(default=None, repr=False)
    _exit: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = field(default=(), repr=False)
    _messages: dict[str, SystemMessages] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.definition.flow

    @property
    def version(self) -> int:
        return self.definition.version

    def state(self, name: str) -> State:
        return self.definition.states[name]

    @property
    def usable_languages(self) -> dict[str, str]:
        """{code: English name} of the languages people can choose and be answered in."""
        return usable_languages(self.definition)

    def messages_for(self, language: str | None) -> SystemMessages:
        """The system messages in the conversation's language (the flow's own where untranslated)."""
        found = self._messages.get(language or "")
        if found is None:
            found = self._messages[language or ""] = messages_in(self.definition, language)
        return found

    def say(self, state: str, language: str | None) -> list[str]:
        """What entering `state` says, in the conversation's language (the flow's own where untranslated)."""
        return say_in(self.definition, state, language)

    def has_state(self, name: str) -> bool:
        return name in self.definition.states

    def has_menu(self, name: str) -> bool:
        """Whether a state offers numbered choices."""
        return any(c.number for c in self.definition.states[name].choices)

    def wants_to_leave_queue(self, text: str) -> bool:
        """Whether `text` says, in any words the flow lists, that the person no longer wants to wait."""
        return self._leave_queue is not None and self._leave_queue.best(normalise(text)) is not None

    def known_word_share(self, text: str) -> float:
        """The share of `text`'s words (of 3 letters or more) that the flow's topic examples use."""
        if self.topics is None:
            return 0.0
        vocabulary = self.topics.model.vocabulary
        words = [w for w in normalise(text) if len(w) >= 3]
        if not words:
            return 0.0
        return sum(("w:" + w) in vocabulary for w in words) / len(words)

    def asks_to_exit(self, text: str) -> bool:
        """The exit word alone, inside a short message, or in capitals anywhere ("EXIT he is back")."""
        words = normalise(text)
        return any(
            contains_run(words, phrase)
            and (len(words) <= EXIT_WITHIN_WORDS or shouted.search(text) is not None)
            for phrase, shouted in self._exit
        )

    def town_in(self, text: str) -> tuple[str, str] | None:
        """(town, council) for the first town in the flow's `places` that `text` names, longest first."""
        words = normalise(text)
        for town_words, town, council in self._towns:
            if contains_run(words, town_words):
                return town, council
        return None

    def label(self, intent: str, language: str | None = None) -> str:
        """How a clarifying question names a topic (in the conversation's language when translated)."""
        lang = self.definition.languages.get(language or "")
        words = lang.intents.get(intent) if lang is not None and lang.usable else None
        if words is not None and words.label:
            return words.label
        found = self.definition.intents[intent]
        return found.label or intent.replace("_", " ").capitalize()

    def understand(
        self,
        state: str,
        text: str,
        payload: str | None = None,
        menu: str | None = None,
        offered: tuple[str, ...] = (),
        context: str = "",
    ) -> Understanding:
        """What `text` (or a button `payload`) means in `state`.

        In order: a button; a number answering the clarifying question just asked (`offered` topics, then
        "something else"); a menu number; the state's own choices; a keyword that clearly stands out in a
        short message; then the topic model over the whole message (with `context`, what the person said
        just before). A clear topic leads to its advice (or straight on, when the message already answers
        the question that advice asks); a close call between topics asks which; anything else is not
        understood, unless a keyword stands out.
        """
        words = normalise(text)
        if offered and not payload:
            number = menu_number(words)
            if number is not None:
                if 1 <= number <= len(offered):
                    intent = offered[number - 1]
                    return Understanding(Route(self.definition.intents[intent].goto, "clarified", intent))
                if number == len(offered) + 1:
                    return Understanding(Route(self.definition.start, "clarified", "something_else"))
        settled, route = self._direct(state, words, payload, menu)
        if settled:
            return Understanding(route)
        if self.topics is None:
            return Understanding(self._keyword(words))
        if len(words) <= KEYWORD_WORDS:
            keyword = self._keyword(words, decisive=True)
            if keyword is not None:
                return Understanding(keyword)
        guess = self.topics.guess(f"{context} {text}".strip() if context else text)
        if guess.kind == "clear":
            assert guess.topic is not None
            target = self._answered_already(self.definition.intents[guess.topic].goto, guess)
            return Understanding(Route(target, "topic", guess.topic))
        if guess.kind == "close":
            return Understanding(None, Clarify(guess.options))
        keyword = self._keyword(words)
        if keyword is not None:
            # The model is unsure but a keyword stands out: take it if the model ranks it first, else ask.
            top = guess.ranked[0][0] if guess.ranked else None
            if top is None or top == keyword.name:
                return Understanding(keyword)
            return Understanding(None, Clarify((keyword.name, top)))
        return Understanding(None)

    def _answered_already(self, target: str, guess: TopicGuess) -> str:
        """Skip the question a state asks when the message already answers it ("they drove off")."""
        ranked = dict(guess.ranked)
        for choice in self.definition.states[target].choices:
            if choice.intent is not None and ranked.get(choice.intent, 0.0) >= self.topics_answered:
                return choice.goto
        return target

    @property
    def topics_answered(self) -> float:
        return self.topics.answered if self.topics is not None else 1.0

    def route(
        self, state: str, text: str, payload: str | None = None, menu: str | None = None
    ) -> Route | None:
        """Where a reply in `state` leads, or None when nothing is recognised or a question must be asked."""
        return self.understand(state, text, payload, menu).route

    def _direct(
        self, state: str, words: tuple[str, ...], payload: str | None, menu: str | None
    ) -> tuple[bool, Route | None]:
        """(settled, route) from a button, a menu number or the state's own choices.

        A number in a state without numbered choices refers to `menu`, the last menu the person was
        shown (the start menu when unknown); a number that no menu offers settles on nothing.
        """
        current = self.definition.states[state]
        if payload:
            found = self._by_payload(current, payload.strip())
            if found is not None:
                return True, found
        if not words:
            return True, None
        number = menu_number(words)
        if number is not None:
            if not self.has_menu(state):
                current = self.state(menu if menu and self.has_menu(menu) else self.definition.start)
            for choice in current.choices:
                if choice.number == number:
                    return True, Route(choice.goto, "number", str(number))
            return True, None
        choices = self._choices[state]
        local = choices.best(words) if choices else None
        if local is not None:
            return True, Route(local[1], "choice", local[0])
        return False, None

    def _keyword(self, words: tuple[str, ...], *, decisive: bool = False) -> Route | None:
        found = self._intents.best(words, decisive=decisive)
        return Route(found[1], "intent", found[0]) if found is not None else None

    def _by_payload(self, state: State, payload: str) -> Route | None:
        for choice in state.choices:
            if payload in (choice.id, choice.intent, str(choice.number)):
                return Route(choice.goto, "payload", payload)
        intent = self.definition.intents.get(payload)
        if intent is not None:
            return Route(intent.goto, "payload", payload)
        return None

    async def move(self, model: FlowModel, target: str) -> None:
        """Move `model` to `target`, running the target's `on_enter_state` (also when re-entering)."""
        await self.machine.events[_trigger(target)].trigger(model)
        if model.state != target:
            raise RuntimeError(f"flow {self.name} v{self.version}: no route {model.state} -> {target}")


def _choice_words(flow: FlowDefinition, choice: Choice) -> tuple[list[str], list[str]]:
    keywords, phrases = list(choice.keywords), list(choice.phrases)
    if choice.intent is not None:
        intent = flow.intents[choice.intent]
        keywords += intent.keywords
        phrases += intent.phrases
    return keywords, phrases


def compile_flow(flow: FlowDefinition, topics: TopicModel | None = None) -> CompiledFlow:
    """Build the state machine and matchers for one flow version. Cost: a few milliseconds, once.

    `topics` is the flow's trained topic model; without it, free text is routed by keywords alone. Words
    and examples of every language the flow has are understood alike (`flows.translations.merged`).
    """
    flow = merged(flow)
    everywhere = {flow.start, flow.fallback.first, flow.fallback.repeat} | {
        i.goto for i in flow.intents.values()
    }
    sources: dict[str, set[str]] = defaultdict(set)
    for name, state in flow.states.items():
        for target in everywhere | {c.goto for c in state.choices}:
            sources[target].add(name)
        # A menu number in a state without numbered choices refers to the last menu shown.
        if not any(c.number for c in state.choices):
            for menu in flow.states.values():
                for choice in menu.choices:
                    if choice.number is not None:
                        sources[choice.goto].add(name)
    transitions = [
        {"trigger": _trigger(target), "source": sorted(srcs), "dest": target}
        for target, srcs in sorted(sources.items())
    ]
    machine = AsyncMachine(
        model=None,
        states=[{"name": name, "on_enter": [ON_ENTER]} for name in flow.states],
        transitions=transitions,
        initial=None,
        auto_transitions=False,
        send_event=False,
        queued=False,
    )
    choices = {
        name: WordMatcher(
            (c.id or c.intent or c.goto, c.goto, *_choice_words(flow, c))
            for c in state.choices
            if c.keywords or c.phrases or c.intent
        )
        for name, state in flow.states.items()
    }
    intents = WordMatcher((name, i.goto, i.keywords, i.phrases) for name, i in flow.intents.items())
    digest = hashlib.sha256(
        json.dumps(flow.model_dump(mode="json"), sort_keys=True).encode("utf-8")
    ).hexdigest()[:16]
    towns = sorted(
        ((normalise(town), town, council) for council, names in flow.places.items() for town in names),
        key=lambda item: -len(item[0]),
    )
    return CompiledFlow(
        definition=flow,
        digest=digest,
        machine=machine,
        _choices=choices,
        _intents=intents,
        topics=topics,
        _towns=tuple(t for t in towns if t[0]),
        _leave_queue=(
            WordMatcher([("leave_queue", "", [], flow.keywords.leave_queue)])
            if flow.keywords.leave_queue
            else None
        ),
        _exit=tuple(
            (normalise(word), re.compile(rf"(?<![A-Za-z]){re.escape(word.upper())}(?![A-Za-z])"))
            for word in flow.keywords.exit
            if normalise(word)
        ),
    )
